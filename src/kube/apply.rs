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
pub async fn apply(
    client: &Client,
    snapshot: &Snapshot,
    plan: &Plan,
    actions: &[Action],
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
    for action in actions {
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
                    Ok(_) => {}
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
                        rs_api
                            .patch(&rs_name, &merge, &Patch::Merge(&p))
                            .await
                            .map_err(|e| classify(e, format!("scaling ReplicaSet {rs_name}")))?;
                    }
                    Err(e) => return Err(classify(e, "creating a ReplicaSet")),
                }
            }
            Action::ScaleReplicaSet { hash, replicas } => {
                let n = rs_name(hash);
                let p = json!({"spec": {"replicas": replicas}});
                rs_api
                    .patch(&n, &merge, &Patch::Merge(&p))
                    .await
                    .map_err(|e| classify(e, format!("scaling ReplicaSet {n}")))?;
            }
            Action::SetScaleDownDeadline { hash, at } => {
                let n = rs_name(hash);
                let v = at.as_ref().map(time::format);
                let p = json!({"metadata": {"annotations": {SCALE_DOWN_DEADLINE: v}}});
                rs_api
                    .patch(&n, &merge, &Patch::Merge(&p))
                    .await
                    .map_err(|e| classify(e, format!("annotating ReplicaSet {n}")))?;
            }
            Action::PinService { service, hash } => {
                let api: Api<Service> = Api::namespaced(client.clone(), ns);
                let p = json!({
                    "metadata": {"annotations": {MANAGED_BY: name}},
                    "spec": {"selector": {POD_TEMPLATE_HASH_LABEL: hash}},
                });
                api.patch(service, &merge, &Patch::Merge(&p))
                    .await
                    .map_err(|e| classify(e, format!("pointing Service {service} at {hash}")))?;
            }
            Action::CreateAnalysisRun {
                name: run,
                kind,
                hash,
            } => {
                crate::analysis::cluster::create(client, rollout, plan, run, *kind, hash).await?;
            }
            Action::TerminateAnalysisRun { name: run } => {
                crate::analysis::cluster::terminate(client, ns, run).await?;
            }
            Action::DeleteAnalysisRun { name: run } => {
                crate::analysis::cluster::delete(client, ns, run).await?;
            }
            Action::SetEphemeralMetadata { hash, metadata } => {
                let n = rs_name(hash);
                set_ephemeral(client, rollout, &n, hash, metadata.as_ref()).await?;
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
                let stable = api
                    .get_opt(stable_name)
                    .await
                    .map_err(|e| classify(e, format!("reading Ingress {stable_name}")))?
                    .ok_or_else(|| {
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
                api.patch(
                    &ing_name,
                    &PatchParams::apply(FIELD_MANAGER).force(),
                    &Patch::Apply(&ing),
                )
                .await
                .map_err(|e| classify(e, format!("applying Ingress {ing_name}")))?;
            }
        }
    }
    Ok(())
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
) -> anyhow::Result<()> {
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
    rs_api
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
    Ok(())
}
