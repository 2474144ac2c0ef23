//! Deployments for `rollback` and `rollout history`: read one and the ReplicaSets it controls,
//! patch it, and watch it until its rollout is done, failed or out of time. Decisions are in
//! `crate::workload`.

use std::time::Duration;

use futures::StreamExt;
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use kube::api::{ListParams, Patch, PatchParams};
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Client};

use super::{FIELD_MANAGER, classify, is_not_found};
use crate::error::Error;
use crate::workload::status::{self, Progress};

/// The Deployment, or exit 1 naming its namespace when it does not exist.
pub async fn deployment(client: &Client, ns: &str, name: &str) -> anyhow::Result<Deployment> {
    let api: Api<Deployment> = Api::namespaced(client.clone(), ns);
    match api.get(name).await {
        Ok(d) => Ok(d),
        Err(e) if is_not_found(&e) => {
            Err(Error::Api(format!("Deployment {name} not found in namespace {ns}")).into())
        }
        Err(e) => Err(classify(e, format!("reading Deployment {ns}/{name}"))),
    }
}

/// A label selector as the API's `labelSelector` parameter.
pub fn selector_string(sel: &LabelSelector) -> String {
    let mut parts: Vec<String> = sel
        .match_labels
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    for e in sel.match_expressions.iter().flatten() {
        let values = e.values.clone().unwrap_or_default().join(",");
        parts.push(match e.operator.as_str() {
            "In" => format!("{} in ({values})", e.key),
            "NotIn" => format!("{} notin ({values})", e.key),
            "Exists" => e.key.clone(),
            _ => format!("!{}", e.key),
        });
    }
    parts.join(",")
}

/// The ReplicaSets in `ns` matching `selector` whose controller is the object with `uid`
/// (kubectl's rule for a Deployment's ReplicaSets).
pub async fn controlled_replica_sets(
    client: &Client,
    ns: &str,
    selector: &LabelSelector,
    uid: &str,
) -> anyhow::Result<Vec<ReplicaSet>> {
    let api: Api<ReplicaSet> = Api::namespaced(client.clone(), ns);
    let list = api
        .list(&ListParams::default().labels(&selector_string(selector)))
        .await
        .map_err(|e| classify(e, format!("listing ReplicaSets in {ns}")))?;
    Ok(list
        .items
        .into_iter()
        .filter(|rs| {
            rs.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|o| o.uid == uid && o.controller == Some(true))
        })
        .collect())
}

/// Applies a JSON patch; a failed `test` (the object changed since it was read) is a clear
/// error asking to run again.
pub async fn json_patch<K>(
    api: &Api<K>,
    name: &str,
    patch: serde_json::Value,
    what: &str,
) -> anyhow::Result<K>
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug,
{
    let patch: json_patch::Patch = serde_json::from_value(patch)?;
    match api
        .patch(
            name,
            &PatchParams::apply(FIELD_MANAGER),
            &Patch::<()>::Json(patch),
        )
        .await
    {
        Ok(o) => Ok(o),
        Err(kube::Error::Api(s)) if s.code == 422 => Err(Error::Api(format!(
            "{what} was changed by someone else while this command read it, so nothing was \
             written ({}); run it again",
            s.message
        ))
        .into()),
        Err(e) => Err(classify(e, format!("patching {what}"))),
    }
}

/// How a wait for a Deployment ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waited {
    Done(String),
    Failed(String),
    TimedOut,
}

/// Watches the Deployment until its rollout is done or failed (kubectl's rollout-status rule)
/// or `timeout` passes; `on_change` sees every observation whose progress changed.
pub async fn wait_rolled_out(
    client: &Client,
    ns: &str,
    name: &str,
    timeout: Option<Duration>,
    mut on_change: impl FnMut(&Deployment, &Progress),
) -> anyhow::Result<Waited> {
    let api: Api<Deployment> = Api::namespaced(client.clone(), ns);
    let cfg = watcher::Config::default().fields(&format!("metadata.name={name}"));
    let mut stream = super::streaming::watcher(api, cfg)
        .default_backoff()
        .applied_objects()
        .boxed();
    let deadline = timeout.map(|t| tokio::time::Instant::now() + t);
    let mut last: Option<Progress> = None;
    loop {
        let next = async {
            match deadline {
                Some(d) => tokio::time::timeout_at(d, stream.next()).await.ok(),
                None => Some(stream.next().await),
            }
        };
        let Some(item) = next.await else {
            return Ok(Waited::TimedOut);
        };
        let d = match item {
            Some(Ok(d)) => d,
            Some(Err(e)) => {
                tracing::debug!("watching Deployment {ns}/{name}: {e}");
                continue;
            }
            None => return Err(anyhow::anyhow!("the watch of Deployment {ns}/{name} ended")),
        };
        let p = status::progress(&d);
        if last.as_ref() != Some(&p) {
            on_change(&d, &p);
            last = Some(p.clone());
        }
        match p {
            Progress::Done(m) => return Ok(Waited::Done(m)),
            Progress::Failed(m) => return Ok(Waited::Failed(m)),
            Progress::Waiting(_) => {}
        }
    }
}
