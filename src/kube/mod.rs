//! The only code that calls the Kubernetes API: connect, observe a rollout (and mirror what it
//! drives from watches), apply the step machine's actions, write status, hold the per-rollout Lease, and read and write flag
//! documents in ConfigMaps.

pub mod apply;
pub mod flag_store;
pub mod hooks;
pub mod lease;
pub mod mirror;
pub mod observe;
pub mod status;
pub mod streaming;
pub mod template;
pub mod watched;
pub mod workload;

use kube::Client;

use crate::cli::GlobalArgs;

/// The field manager of every write, so `kubectl get -o yaml --show-managed-fields` says who.
pub const FIELD_MANAGER: &str = "kubectl-rollouts";

/// A client for the kubeconfig and context the flags name, and the namespace to work in
/// (`crate::client::connect`, shared with the other commands).
pub async fn connect(global: &GlobalArgs) -> anyhow::Result<(Client, String)> {
    let cluster = crate::client::connect(global).await?;
    Ok((cluster.client, cluster.namespace))
}

/// Maps an API error: transport failures are "unreachable" (exit 4), the rest stay errors.
pub fn classify(err: kube::Error, what: impl std::fmt::Display) -> anyhow::Error {
    crate::client::api_error(err, what)
}

/// True for a 404 from the API.
pub fn is_not_found(err: &kube::Error) -> bool {
    matches!(err, kube::Error::Api(s) if s.code == 404)
}

/// True for a 409 from the API (conflict or already exists).
pub fn is_conflict(err: &kube::Error) -> bool {
    matches!(err, kube::Error::Api(s) if s.code == 409)
}
