//! The one place HTTP clients are built (smoke probes, Prometheus queries): rustls with the ring
//! provider, timeouts, extra CA roots or no verification, and classification of request errors.

use std::sync::Once;
use std::time::Duration;

/// How to build a client. `Default` is: no timeouts, verify against the system roots, follow
/// redirects as reqwest does (up to 10).
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    /// Deadline of a whole request: connect, send, and read the whole body.
    pub timeout: Option<Duration>,
    /// Deadline of establishing a connection (DNS, TCP and TLS handshake).
    pub connect_timeout: Option<Duration>,
    /// Accept any server certificate (`--insecure`).
    pub insecure: bool,
    /// PEM bundle of CA certificates trusted in addition to the system roots.
    pub ca_pem: Option<Vec<u8>>,
    /// Do not follow redirects: a 3xx is the response.
    pub no_redirects: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("no PEM certificate found (expected -----BEGIN CERTIFICATE----- blocks)")]
    NoCertificate,
    #[error("invalid PEM certificate: {0}")]
    InvalidCertificate(String),
    #[error("cannot build the HTTP client: {0}")]
    Build(String),
}

/// Parses an `http://` or `https://` URL exactly as written: with a host after the `//`
/// (`http:///host` and `http:host`, which URL parsers quietly turn into `http://host/`, are
/// refused). Errors show the URL with its credentials masked.
pub fn parse_http_url(raw: &str) -> Result<reqwest::Url, String> {
    let shown = crate::redact::url(raw);
    let url = reqwest::Url::parse(raw).map_err(|e| format!("{shown:?} is not a valid URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "{shown:?}: only http:// and https:// URLs are supported"
        ));
    }
    let after_scheme = raw
        .trim_start()
        .get(url.scheme().len()..)
        .unwrap_or_default();
    let authority = after_scheme
        .strip_prefix("://")
        .map(|rest| &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())])
        .unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host.is_empty() || host.starts_with(':') {
        return Err(format!(
            "{shown:?} has no host after {}://; expected e.g. {}://example.com/",
            url.scheme(),
            url.scheme()
        ));
    }
    Ok(url)
}

/// Makes ring rustls' process-wide provider; reqwest is built without one of its own.
pub fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Err means another part of the process installed one first, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Builds a client from `opts`. CA problems are reported as such so callers can name their flag.
pub fn client(opts: &ClientOptions) -> Result<reqwest::Client, ClientError> {
    install_crypto_provider();
    let mut builder = reqwest::Client::builder()
        .user_agent(concat!("kubectl-rollouts/", env!("CARGO_PKG_VERSION")));
    if let Some(t) = opts.timeout {
        builder = builder.timeout(t);
    }
    if let Some(t) = opts.connect_timeout {
        builder = builder.connect_timeout(t);
    }
    if opts.no_redirects {
        builder = builder.redirect(reqwest::redirect::Policy::none());
    }
    if opts.insecure {
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    if let Some(pem) = &opts.ca_pem {
        let certs = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|e| ClientError::InvalidCertificate(source_text(&e)))?;
        if certs.is_empty() {
            return Err(ClientError::NoCertificate);
        }
        builder = builder.tls_certs_merge(certs);
    }
    builder.build().map_err(|e| {
        if opts.ca_pem.is_some() {
            ClientError::InvalidCertificate(source_text(&e))
        } else {
            ClientError::Build(source_text(&e))
        }
    })
}

/// Why a response body could not be read whole.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error(transparent)]
    Request(#[from] reqwest::Error),
    /// The body is longer than the caller's limit; reading stopped there.
    #[error("the response is larger than the limit")]
    TooLarge,
}

/// Reads a response body chunk by chunk, refusing one longer than `limit` bytes as soon as
/// it passes the limit (a `Content-Length` above it is refused before reading).
pub async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, BodyError> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// What went wrong with a request that got no response, as far as a person acting on it cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestFailure {
    /// The name did not resolve.
    Dns,
    /// Nothing listens on the port (TCP RST).
    ConnectionRefused,
    /// No connection within the connect timeout.
    ConnectTimeout,
    /// Another failure to open a TCP connection (network unreachable, reset while connecting).
    Connect,
    /// The TLS handshake failed: untrusted or invalid certificate, protocol mismatch.
    Tls,
    /// Connected, but the whole response did not arrive within the timeout.
    Timeout,
    /// Connected, but the exchange broke (reset mid-response, malformed HTTP).
    Protocol,
}

impl RequestFailure {
    /// True when no connection to the server could be opened at all.
    pub fn is_connection_level(self) -> bool {
        matches!(
            self,
            RequestFailure::Dns
                | RequestFailure::ConnectionRefused
                | RequestFailure::ConnectTimeout
                | RequestFailure::Connect
        )
    }
}

/// Classifies a reqwest error by walking its source chain.
pub fn classify(err: &reqwest::Error) -> RequestFailure {
    let mut tls = false;
    let mut refused = false;
    let mut dns = false;
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if e.downcast_ref::<rustls::Error>().is_some() {
            tls = true;
        }
        // io::Error::source skips the error it wraps, and connectors nest io::Errors (tokio-rustls
        // in hyper-util), so descend through get_ref.
        let mut io = e.downcast_ref::<std::io::Error>();
        while let Some(err) = io {
            if err.kind() == std::io::ErrorKind::ConnectionRefused {
                refused = true;
            }
            let inner = err.get_ref();
            if inner.is_some_and(|i| i.downcast_ref::<rustls::Error>().is_some()) {
                tls = true;
            }
            io = inner.and_then(|i| i.downcast_ref::<std::io::Error>());
        }
        // hyper-util's connector says "dns error" and keeps the resolver's io::Error inside.
        if e.to_string().starts_with("dns error") {
            dns = true;
        }
        source = e.source();
    }
    if tls {
        RequestFailure::Tls
    } else if err.is_connect() && err.is_timeout() {
        RequestFailure::ConnectTimeout
    } else if err.is_connect() && refused {
        RequestFailure::ConnectionRefused
    } else if err.is_connect() && dns {
        RequestFailure::Dns
    } else if err.is_connect() {
        RequestFailure::Connect
    } else if err.is_timeout() {
        RequestFailure::Timeout
    } else {
        RequestFailure::Protocol
    }
}

/// The innermost cause of an error: for a request, what the network or TLS layer said
/// (`Connection refused (os error 111)`, `invalid peer certificate: UnknownIssuer`).
pub fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut last = err;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}

/// The error and its causes on one line, each cause once.
pub fn source_text(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = e.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ca_file_without_certificates_is_rejected() {
        let opts = ClientOptions {
            ca_pem: Some(b"not a certificate\n".to_vec()),
            ..ClientOptions::default()
        };
        assert!(matches!(client(&opts), Err(ClientError::NoCertificate)));
    }

    #[test]
    fn only_failures_to_connect_are_connection_level() {
        use RequestFailure::*;
        for f in [Dns, ConnectionRefused, ConnectTimeout, Connect] {
            assert!(f.is_connection_level(), "{f:?}");
        }
        for f in [Tls, Timeout, Protocol] {
            assert!(!f.is_connection_level(), "{f:?}");
        }
    }
}
