//! Building a Kubernetes client from kubectl's flags (`--kubeconfig`, `--context`, `-n`).

use kube::config::{KubeConfigOptions, Kubeconfig};

use crate::cli::GlobalArgs;
use crate::error::Error;

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
    .map_err(|e| Error::Unreachable(format!("no usable kubeconfig: {e}")))?;
    let namespace = global
        .namespace
        .clone()
        .unwrap_or_else(|| config.default_namespace.clone());
    let client = kube::Client::try_from(config)
        .map_err(|e| Error::Unreachable(format!("cannot build a Kubernetes client: {e}")))?;
    Ok(Cluster { client, namespace })
}

/// Maps a Kubernetes API error: connection failures are "unreachable" (exit 4).
pub fn api_error(err: kube::Error, what: &str) -> anyhow::Error {
    match err {
        kube::Error::Api(status) => anyhow::anyhow!("{what}: {}", status.message),
        other => Error::Unreachable(format!("{what}: cannot reach the cluster: {other}")).into(),
    }
}
