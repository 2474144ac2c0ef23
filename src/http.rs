//! The one way this program builds HTTP clients (Prometheus, smoke probes): rustls with the
//! `ring` provider, installed once per process.

use std::sync::Once;
use std::time::Duration;

static INSTALL_PROVIDER: Once = Once::new();

/// A client with an overall request timeout; `insecure` skips TLS certificate verification
/// (Argo's `insecure: true`).
pub fn http_client(timeout: Duration, insecure: bool) -> reqwest::Result<reqwest::Client> {
    INSTALL_PROVIDER.call_once(|| {
        // Fails only when a provider is already installed, which is what we want anyway.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .tls_danger_accept_invalid_certs(insecure)
        .user_agent(concat!("kubectl-rollouts/", env!("CARGO_PKG_VERSION")))
        .build()
}
