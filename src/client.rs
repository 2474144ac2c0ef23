//! Building a Kubernetes client from kubectl's flags (`--kubeconfig`, `--context`, `-n`).

use kube::config::{KubeConfigOptions, Kubeconfig, KubeconfigError};

use crate::cli::GlobalArgs;
use crate::error::Error;

/// The User-Agent of every request to the API server.
pub const USER_AGENT: &str = concat!("kubectl-rollouts/", env!("CARGO_PKG_VERSION"));

/// A connected client and the namespace to work in.
pub struct Cluster {
    pub client: kube::Client,
    pub namespace: String,
}

/// Reads the kubeconfig the way kubectl does and builds a client; the namespace is `-n`, else
/// the context's namespace, else `default`.
pub async fn connect(global: &GlobalArgs) -> anyhow::Result<Cluster> {
    let options = KubeConfigOptions {
        context: global.context.clone(),
        ..KubeConfigOptions::default()
    };
    crate::http::install_crypto_provider();
    check_kubeconfig_sizes(global)?;
    let config = match &global.kubeconfig {
        Some(path) => {
            let kubeconfig = Kubeconfig::read_from(path).map_err(|e| {
                Error::flag(
                    "--kubeconfig",
                    format!("cannot read {}: {e}", path.display()),
                )
            })?;
            kube::Config::from_custom_kubeconfig(kubeconfig, &options).await
        }
        None => kube::Config::from_kubeconfig(&options).await,
    }
    .map_err(|e| kubeconfig_error(global, e))?;
    let mut config = config;
    // The API server's logs and audit events name this tool, as kubectl's name kubectl.
    config.headers.push((
        http::header::USER_AGENT,
        http::HeaderValue::from_static(USER_AGENT),
    ));
    let namespace = global
        .namespace
        .clone()
        .unwrap_or_else(|| config.default_namespace.clone());
    let client = build(config).map_err(|e| {
        Error::flag(
            kubeconfig_flag(global),
            format!("the kubeconfig's cluster or credentials are not usable: {e}"),
        )
    })?;
    Ok(Cluster { client, namespace })
}

/// kube's own client, with TCP_NODELAY on its connections. Without it a request written in
/// two pieces (a TLS handshake's last flight and the request after it, a PATCH's headers and
/// body) waits for the API server's delayed ACK, about 40 ms on Linux, so a round that opened
/// connections took 50-90 ms instead of 5 (kube-rs issue 2056). The layers are kube's
/// (`ConfigExt`: base URI, credentials, headers; its retry of 429/503/504); a kubeconfig with a
/// proxy gets kube's client unchanged.
fn build(config: kube::Config) -> Result<kube::Client, kube::Error> {
    use kube::client::ConfigExt;
    use tower::ServiceBuilder;
    if config.proxy_url.is_some() {
        return kube::Client::try_from(config);
    }
    let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    let https = config.rustls_https_connector_with_connector(http)?;
    let mut connector = hyper_timeout::TimeoutConnector::new(https);
    connector.set_connect_timeout(config.connect_timeout);
    connector.set_read_timeout(config.read_timeout);
    connector.set_write_timeout(config.write_timeout);
    connector.set_reset_reader_on_write(config.reset_reader_on_write);
    let hyper: hyper_util::client::legacy::Client<_, kube::client::Body> =
        hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .build(connector);
    let retry = config
        .default_retry
        .then(|| tower::retry::RetryLayer::new(kube::client::retry::RetryPolicy::server_retry()));
    let service = ServiceBuilder::new()
        .layer(config.base_uri_layer())
        .option_layer(retry)
        .option_layer(config.auth_layer()?)
        .layer(config.extra_headers_layer()?)
        .map_err(tower::BoxError::from)
        .service(hyper);
    Ok(kube::Client::new(service, config.default_namespace))
}

/// The kubeconfig files kube reads (`--kubeconfig`, each of `KUBECONFIG`, else
/// `~/.kube/config`) are within the input size cap, so a kubeconfig of `/dev/zero` is exit 2
/// rather than a read until memory runs out.
fn check_kubeconfig_sizes(global: &GlobalArgs) -> Result<(), Error> {
    let paths: Vec<std::path::PathBuf> = match &global.kubeconfig {
        Some(path) => vec![path.clone()],
        None => match std::env::var_os("KUBECONFIG").filter(|v| !v.is_empty()) {
            Some(list) => std::env::split_paths(&list).collect(),
            None => std::env::var_os("HOME")
                .map(|h| std::path::PathBuf::from(h).join(".kube/config"))
                .into_iter()
                .collect(),
        },
    };
    for path in paths {
        crate::files::check_size(&path).map_err(|e| {
            Error::flag(kubeconfig_flag(global), format!("{}: {e}", path.display()))
        })?;
    }
    Ok(())
}

/// The flag or variable a kubeconfig problem comes from.
fn kubeconfig_flag(global: &GlobalArgs) -> &'static str {
    if global.kubeconfig.is_some() {
        "--kubeconfig"
    } else {
        "KUBECONFIG"
    }
}

/// A kubeconfig that cannot be used is bad input (exit 2), naming where it came from.
fn kubeconfig_error(global: &GlobalArgs, err: KubeconfigError) -> Error {
    let flag = match &err {
        KubeconfigError::LoadContext(_) | KubeconfigError::LoadClusterOfContext(_)
            if global.context.is_some() =>
        {
            "--context"
        }
        _ => kubeconfig_flag(global),
    };
    Error::flag(flag, format!("no usable kubeconfig: {err}"))
}

/// Maps a Kubernetes API error, one rule for every command: a failure to reach the server is
/// "unreachable" (exit 4); an answer from it (403, 422, ...) is an error naming what was done.
pub fn kube_error(err: kube::Error, what: impl std::fmt::Display) -> Error {
    // The API server's words are not ours: escaped, so they print on one line as sent.
    let theirs = |e: &dyn std::fmt::Display| crate::output::untrusted::escape(&e.to_string());
    match err {
        kube::Error::Api(status) => Error::Api(format!("{what}: {}", theirs(&status))),
        kube::Error::HyperError(_) | kube::Error::Service(_) | kube::Error::HttpError(_) => {
            Error::Unreachable(format!(
                "{what}: cannot reach the cluster: {}",
                theirs(&err)
            ))
        }
        other => Error::Api(format!("{what}: {}", theirs(&other))),
    }
}

/// [`kube_error`] for `anyhow` call sites.
pub fn api_error(err: kube::Error, what: impl std::fmt::Display) -> anyhow::Error {
    kube_error(err, what).into()
}
