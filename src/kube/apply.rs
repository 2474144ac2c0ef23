//! Carries out the step machine's actions. Each is idempotent: creating what exists adopts
//! it, patches set absolute values, the canary Ingress is server-side applied.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{ReplicaSet, ReplicaSetSpec};
use k8s_openapi::api::core::v1::{Pod, Service};
use k8s_openapi::api::networking::v1::Ingress;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use kube::api::{Patch, PatchParams, PostParams};
use kube::{Api, Client};
use serde_json::json;

use super::observe::{
    EPHEMERAL_METADATA, REVISION, SCALE_DOWN_DEADLINE, Snapshot, hash_of, revision, selector_string,
};
use super::watched::Watched;
use super::{FIELD_MANAGER, classify, is_conflict};
use crate::engine::{Action, POD_TEMPLATE_HASH_LABEL};
use crate::error::Error;
use crate::spec::rollout::{Plan, PodTemplateMetadata, Rollout};
use crate::spec::time;
use crate::traffic::nginx;

/// Argo's annotation on Services it manages.
pub const MANAGED_BY: &str = "argo-rollouts.argoproj.io/managed-by-rollouts";

pub fn owner_reference(rollout: &Rollout) -> OwnerReference {
    OwnerReference {
        api_version: "argoproj.io/v1alpha1".into(),
        kind: "Rollout".into(),
        name: rollout.metadata.name.clone().unwrap_or_default(),
        uid: rollout.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// The ReplicaSet of one revision of the Rollout's template (pure).
pub fn replica_set(rollout: &Rollout, hash: &str, replicas: i32, revision: i64) -> ReplicaSet {
    let name = format!("{}-{hash}", rollout.metadata.name.as_deref().unwrap_or(""));
    let mut template = rollout.spec.template.clone().unwrap_or_default();
    let meta = template.metadata.get_or_insert_with(ObjectMeta::default);
    meta.labels
        .get_or_insert_with(BTreeMap::new)
        .insert(POD_TEMPLATE_HASH_LABEL.into(), hash.into());
    let labels = meta.labels.clone();
    let mut selector = rollout.spec.selector.clone().unwrap_or_default();
    selector
        .match_labels
        .get_or_insert_with(BTreeMap::new)
        .insert(POD_TEMPLATE_HASH_LABEL.into(), hash.into());
    ReplicaSet {
        metadata: ObjectMeta {
            name: Some(name),
            namespace: rollout.metadata.namespace.clone(),
            labels,
            annotations: Some(BTreeMap::from([(
                REVISION.to_string(),
                revision.to_string(),
            )])),
            owner_references: Some(vec![owner_reference(rollout)]),
            ..ObjectMeta::default()
        },
        spec: ReplicaSetSpec {
            replicas: Some(replicas),
            min_ready_seconds: rollout.spec.min_ready_seconds,
            selector,
            template: Some(template),
        },
        status: None,
    }
}

/// Applies the actions in order; stops at the first failure (the next round decides again).
/// Every object written is offered to `watched` as the API server returned it, and the stable
/// Ingress is read from it.
pub async fn apply(
    client: &Client,
    snapshot: &Snapshot,
    plan: &Plan,
    actions: &[Action],
    watched: &mut Watched,
) -> anyhow::Result<()> {
    let rollout = &snapshot.rollout;
    let ns = rollout.metadata.namespace.as_deref().unwrap_or("default");
    let name = rollout.metadata.name.as_deref().unwrap_or("");
    let rs_api: Api<ReplicaSet> = Api::namespaced(client.clone(), ns);
    let rs_name = |hash: &str| {
        snapshot
            .replica_sets
            .iter()
            .find(|rs| hash_of(rs).as_deref() == Some(hash))
            .and_then(|rs| rs.metadata.name.clone())
            .unwrap_or_else(|| format!("{name}-{hash}"))
    };
    let merge = PatchParams::default();
    let mut actions = actions.iter().peekable();
    while let Some(action) = actions.next() {
        // Consecutive changes to one ReplicaSet (scaled to 0 and its deadline cleared) are
        // one request.
        if let Some((hash, mut patch, mut what)) = replica_set_patch(action) {
            while let Some((h, p, w)) = actions.peek().and_then(|a| replica_set_patch(a))
                && h == hash
            {
                merge_into(&mut patch, p);
                what = format!("{what} and {w}");
                actions.next();
            }
            let n = rs_name(hash);
            let patched = rs_api
                .patch(&n, &merge, &Patch::Merge(&patch))
                .await
                .map_err(|e| classify(e, format!("{what} ReplicaSet {n}")))?;
            watched.wrote_replica_set(patched);
            continue;
        }
        match action {
            Action::CreateReplicaSet { hash, replicas } => {
                let next = snapshot
                    .replica_sets
                    .iter()
                    .map(revision)
                    .max()
                    .unwrap_or(0)
                    + 1;
                let rs = replica_set(rollout, hash, *replicas, next);
                match rs_api.create(&PostParams::default(), &rs).await {
                    Ok(made) => watched.wrote_replica_set(made),
                    Err(e) if is_conflict(&e) => {
                        // Already there (a crash after creating it): adopt it if it is ours.
                        let rs_name = rs.metadata.name.clone().unwrap_or_default();
                        let existing = rs_api
                            .get(&rs_name)
                            .await
                            .map_err(|e| classify(e, format!("reading ReplicaSet {rs_name}")))?;
                        let ours = existing
                            .metadata
                            .owner_references
                            .iter()
                            .flatten()
                            .any(|o| Some(&o.uid) == rollout.metadata.uid.as_ref());
                        if !ours {
                            return Err(Error::Input {
                                location: Default::default(),
                                message: format!(
                                    "ReplicaSet {rs_name} exists and is not owned by Rollout {name}"
                                ),
                            }
                            .into());
                        }
                        let p = json!({"spec": {"replicas": replicas}});
                        let scaled = rs_api
                            .patch(&rs_name, &merge, &Patch::Merge(&p))
                            .await
                            .map_err(|e| classify(e, format!("scaling ReplicaSet {rs_name}")))?;
                        watched.wrote_replica_set(scaled);
                    }
                    Err(e) => return Err(classify(e, "creating a ReplicaSet")),
                }
            }
            // Patched above, with the changes to the same ReplicaSet that follow them.
            Action::ScaleReplicaSet { .. } | Action::SetScaleDownDeadline { .. } => {}
            Action::PinService { service, hash } => {
                let api: Api<Service> = Api::namespaced(client.clone(), ns);
                let p = json!({
                    "metadata": {"annotations": {MANAGED_BY: name}},
                    "spec": {"selector": {POD_TEMPLATE_HASH_LABEL: hash}},
                });
                let pinned = api
                    .patch(service, &merge, &Patch::Merge(&p))
                    .await
                    .map_err(|e| classify(e, format!("pointing Service {service} at {hash}")))?;
                watched.wrote_service(pinned);
            }
            Action::CreateAnalysisRun {
                name: run,
                kind,
                hash,
            } => {
                let made =
                    crate::analysis::cluster::create(client, rollout, plan, run, *kind, hash)
                        .await?;
                watched.wrote_run(&made);
            }
            Action::TerminateAnalysisRun { name: run } => {
                let asked = crate::analysis::cluster::terminate(client, ns, run).await?;
                watched.wrote_run(&asked);
            }
            Action::DeleteAnalysisRun { name: run } => {
                crate::analysis::cluster::delete(client, ns, run).await?;
                watched.deleted_run(run);
            }
            Action::SetEphemeralMetadata { hash, metadata } => {
                let n = rs_name(hash);
                let labelled = set_ephemeral(client, rollout, &n, hash, metadata.as_ref()).await?;
                watched.wrote_replica_set(labelled);
            }
            Action::SetFlagPercent { .. } | Action::DisableFlag => {
                anyhow::bail!("Rollout {name}: a flag action is not for a Rollout ({action:?})")
            }
            Action::SetCanaryWeight { weight } => {
                let api: Api<Ingress> = Api::namespaced(client.clone(), ns);
                let Some(plan) = plan.as_canary() else {
                    continue;
                };
                let stable_name = plan.stable_ingress.as_deref().unwrap_or("");
                let stable = watched.ingress(stable_name).await?.ok_or_else(|| {
                    Error::field(
                        "spec.strategy.canary.trafficRouting.nginx.stableIngress",
                        format!("Ingress {stable_name} not found in namespace {ns}"),
                    )
                })?;
                let stable = &stable;
                let canary = rollout.spec.strategy.canary.clone().unwrap_or_default();
                let nginx_spec = canary
                    .traffic_routing
                    .and_then(|t| t.nginx)
                    .unwrap_or_default();
                let mut ing = nginx::canary_ingress(
                    stable,
                    &nginx::CanaryIngressSpec {
                        rollout: name,
                        stable_service: plan.stable_service.as_deref().unwrap_or(""),
                        canary_service: plan.canary_service.as_deref().unwrap_or(""),
                        weight: *weight,
                        additional: &nginx_spec.additional_ingress_annotations,
                        canary_annotations: &nginx_spec.canary_ingress_annotations,
                    },
                )
                .map_err(|m| {
                    Error::field("spec.strategy.canary.trafficRouting.nginx.stableIngress", m)
                })?;
                ing.metadata.owner_references = Some(vec![owner_reference(rollout)]);
                let ing_name = ing.metadata.name.clone().unwrap_or_default();
                let applied = api
                    .patch(
                        &ing_name,
                        &PatchParams::apply(FIELD_MANAGER).force(),
                        &Patch::Apply(&ing),
                    )
                    .await
                    .map_err(|e| classify(e, format!("applying Ingress {ing_name}")))?;
                watched.wrote_ingress(applied);
            }
        }
    }
    Ok(())
}

/// The JSON merge patch of an action that changes only a ReplicaSet's own fields, with the
/// hash it is for and what it does (for errors). Pure.
fn replica_set_patch(action: &Action) -> Option<(&str, serde_json::Value, String)> {
    match action {
        Action::ScaleReplicaSet { hash, replicas } => Some((
            hash,
            json!({"spec": {"replicas": replicas}}),
            "scaling".into(),
        )),
        Action::SetScaleDownDeadline { hash, at } => Some((
            hash,
            json!({"metadata": {"annotations": {SCALE_DOWN_DEADLINE: at.as_ref().map(time::format)}}}),
            "annotating".into(),
        )),
        _ => None,
    }
}

/// Merges JSON merge patch `b` into `a` (objects key by key; `b` wins elsewhere). Pure.
fn merge_into(a: &mut serde_json::Value, b: serde_json::Value) {
    match (a, b) {
        (serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
            for (k, v) in b {
                merge_into(a.entry(k).or_insert(serde_json::Value::Null), v);
            }
        }
        (a, b) => *a = b,
    }
}

/// A JSON merge patch of a label or annotation map that turns `old` into `new` (pure).
pub fn map_patch(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> serde_json::Map<String, serde_json::Value> {
    let mut patch = serde_json::Map::new();
    for k in old.keys().filter(|k| !new.contains_key(*k)) {
        patch.insert(k.clone(), serde_json::Value::Null);
    }
    for (k, v) in new {
        patch.insert(k.clone(), v.clone().into());
    }
    patch
}

/// Gives a ReplicaSet's pod template and its existing pods this ephemeral metadata, removing
/// what the previous one (recorded in Argo's annotation on the ReplicaSet) added.
async fn set_ephemeral(
    client: &Client,
    rollout: &Rollout,
    rs_name: &str,
    hash: &str,
    metadata: Option<&PodTemplateMetadata>,
) -> anyhow::Result<ReplicaSet> {
    let ns = rollout.metadata.namespace.as_deref().unwrap_or("default");
    let rs_api: Api<ReplicaSet> = Api::namespaced(client.clone(), ns);
    let rs = rs_api
        .get(rs_name)
        .await
        .map_err(|e| classify(e, format!("reading ReplicaSet {rs_name}")))?;
    let old: PodTemplateMetadata = rs
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(EPHEMERAL_METADATA))
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default();
    let new = metadata.cloned().unwrap_or_default();
    let labels = map_patch(&old.labels, &new.labels);
    let annotations = map_patch(&old.annotations, &new.annotations);
    let record = if new.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::to_string(&new)?.into()
    };
    let p = json!({
        "metadata": {"annotations": {EPHEMERAL_METADATA: record}},
        "spec": {"template": {"metadata": {"labels": labels, "annotations": annotations}}},
    });
    let labelled = rs_api
        .patch(rs_name, &PatchParams::default(), &Patch::Merge(&p))
        .await
        .map_err(|e| classify(e, format!("labelling ReplicaSet {rs_name}")))?;
    let pods: Api<Pod> = Api::namespaced(client.clone(), ns);
    let selector = format!(
        "{},{POD_TEMPLATE_HASH_LABEL}={hash}",
        selector_string(rollout)
    );
    let list = pods
        .list(&kube::api::ListParams::default().labels(selector.trim_start_matches(',')))
        .await
        .map_err(|e| classify(e, "listing pods"))?;
    let p = json!({"metadata": {"labels": labels, "annotations": annotations}});
    for pod in list.items {
        let name = pod.metadata.name.unwrap_or_default();
        match pods
            .patch(&name, &PatchParams::default(), &Patch::Merge(&p))
            .await
        {
            Ok(_) => {}
            // Gone meanwhile: its replacement starts from the patched template.
            Err(e) if super::is_not_found(&e) => {}
            Err(e) => return Err(classify(e, format!("labelling pod {name}"))),
        }
    }
    Ok(labelled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_and_a_deadline_of_one_replica_set_are_one_merge_patch() {
        let scale = Action::ScaleReplicaSet {
            hash: "abc".into(),
            replicas: 0,
        };
        let clear = Action::SetScaleDownDeadline {
            hash: "abc".into(),
            at: None,
        };
        let (hash, mut patch, _) = replica_set_patch(&scale).unwrap();
        let (h, p, _) = replica_set_patch(&clear).unwrap();
        assert_eq!((hash, h), ("abc", "abc"));
        merge_into(&mut patch, p);
        assert_eq!(
            patch,
            json!({"spec": {"replicas": 0}, "metadata": {"annotations": {SCALE_DOWN_DEADLINE: null}}}),
            "the null that removes the annotation is kept"
        );
        assert!(
            replica_set_patch(&Action::PinService {
                service: "s".into(),
                hash: "abc".into()
            })
            .is_none()
        );
    }
}
