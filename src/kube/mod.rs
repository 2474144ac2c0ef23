//! The only code that calls the Kubernetes API: connect, observe a rollout, apply the step
//! machine's actions, write status, and hold the per-rollout Lease.

pub mod apply;
pub mod lease;
pub mod observe;
pub mod status;

use kube::Client;
use kube::config::{KubeConfigOptions, Kubeconfig};

use crate::cli::GlobalArgs;
use crate::error::Error;

/// The field manager of every write, so `kubectl get -o yaml --show-managed-fields` says who.
pub const FIELD_MANAGER: &str = "kubectl-rollouts";

/// A client for the kubeconfig and context the flags name, and the namespace to work in.
pub async fn connect(global: &GlobalArgs) -> anyhow::Result<(Client, String)> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let options = KubeConfigOptions {
        context: global.context.clone(),
        ..KubeConfigOptions::default()
    };
    let config = match &global.kubeconfig {
        Some(path) => {
            let kc = Kubeconfig::read_from(path)
                .map_err(|e| Error::flag("--kubeconfig", format!("{}: {e}", path.display())))?;
            kube::Config::from_custom_kubeconfig(kc, &options)
                .await
                .map_err(|e| Error::flag("--kubeconfig", e))?
        }
        None if global.context.is_some() => kube::Config::from_kubeconfig(&options)
            .await
            .map_err(|e| Error::flag("--context", e))?,
        None => kube::Config::infer()
            .await
            .map_err(|e| Error::Unreachable(format!("no cluster configured: {e}")))?,
    };
    let ns = global
        .namespace
        .clone()
        .unwrap_or_else(|| config.default_namespace.clone());
    let client = Client::try_from(config)
        .map_err(|e| Error::Unreachable(format!("cannot build a client: {e}")))?;
    Ok((client, ns))
}

/// Maps an API error: transport failures are "unreachable" (exit 4), the rest stay errors.
pub fn classify(err: kube::Error, what: impl std::fmt::Display) -> anyhow::Error {
    match err {
        kube::Error::Api(status) => anyhow::anyhow!("{what}: {status}"),
        kube::Error::HyperError(_) | kube::Error::Service(_) | kube::Error::HttpError(_) => {
            Error::Unreachable(format!("{what}: cannot reach the cluster: {err}")).into()
        }
        other => anyhow::anyhow!("{what}: {other}"),
    }
}

/// True for a 404 from the API.
pub fn is_not_found(err: &kube::Error) -> bool {
    matches!(err, kube::Error::Api(s) if s.code == 404)
}

/// True for a 409 from the API (conflict or already exists).
pub fn is_conflict(err: &kube::Error) -> bool {
    matches!(err, kube::Error::Api(s) if s.code == 409)
}
