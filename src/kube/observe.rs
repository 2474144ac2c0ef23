//! Reads what the step machine decides from: the Rollout, the ReplicaSets it owns, its
//! Services and Ingresses; and translates them into the engine's plain types.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::api::core::v1::{Pod, PodTemplateSpec, Service};
use k8s_openapi::api::networking::v1::Ingress;
use kube::api::ListParams;
use kube::{Api, Client};

use super::{classify, is_not_found};
use crate::engine::{Observed, POD_TEMPLATE_HASH_LABEL, ReplicaSetView};
use crate::spec::rollout::{Plan, Rollout};
use crate::traffic::nginx;
use crate::workload::live::{self, Candidate};

/// Argo's annotation for when a ReplicaSet is scaled to zero.
pub const SCALE_DOWN_DEADLINE: &str = "scale-down-deadline";
/// Argo's annotation with the ephemeral metadata a ReplicaSet's pods carry (JSON).
pub const EPHEMERAL_METADATA: &str = "rollout.argoproj.io/ephemeral-metadata";
/// Argo's revision annotation on ReplicaSets.
pub const REVISION: &str = "rollout.argoproj.io/revision";

/// Everything read in one observation.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub rollout: Rollout,
    pub replica_sets: Vec<ReplicaSet>,
    pub services: BTreeMap<String, Option<Service>>,
    pub canary_ingress: Option<Ingress>,
    /// The AnalysisRuns the Rollout owns.
    pub analysis_runs: Vec<crate::spec::analysis::AnalysisRun>,
    /// The hash of the ReplicaSet whose template is the Rollout's, when none carries the hash
    /// this tool computes (a revision Argo's controller made, a template rolled back to an old
    /// ReplicaSet's): that revision is the live one, as Argo's controller adopts ours.
    pub live_hash: Option<String>,
}

/// `k=v,k2=v2` from the Rollout's `spec.selector.matchLabels`.
pub fn selector_string(rollout: &Rollout) -> String {
    rollout
        .spec
        .selector
        .as_ref()
        .and_then(|s| s.match_labels.as_ref())
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

pub async fn rollout(client: &Client, ns: &str, name: &str) -> anyhow::Result<Rollout> {
    let api: Api<Rollout> = Api::namespaced(client.clone(), ns);
    match api.get(name).await {
        Ok(r) => Ok(r),
        Err(e) if is_not_found(&e) => Err(crate::error::Error::Input {
            location: Default::default(),
            message: format!("Rollout {name} not found in namespace {ns}"),
        }
        .into()),
        Err(e) => Err(classify(e, format!("reading Rollout {ns}/{name}"))),
    }
}

/// The ReplicaSets the Rollout owns (by owner UID), oldest first.
pub async fn replica_sets(client: &Client, rollout: &Rollout) -> anyhow::Result<Vec<ReplicaSet>> {
    let ns = rollout.metadata.namespace.as_deref().unwrap_or("default");
    let api: Api<ReplicaSet> = Api::namespaced(client.clone(), ns);
    let uid = rollout.metadata.uid.clone().unwrap_or_default();
    let list = api
        .list(&ListParams::default().labels(&selector_string(rollout)))
        .await
        .map_err(|e| classify(e, "listing ReplicaSets"))?;
    Ok(owned_replica_sets(list.items, &uid))
}

/// The ReplicaSets among `all` owned by the Rollout with this uid, oldest revision first.
pub fn owned_replica_sets(all: Vec<ReplicaSet>, uid: &str) -> Vec<ReplicaSet> {
    let mut owned: Vec<ReplicaSet> = all
        .into_iter()
        .filter(|rs| {
            rs.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|o| o.uid == uid)
        })
        .collect();
    owned.sort_by_key(revision);
    owned
}

/// The pods of the Rollout (all revisions).
pub async fn pods(client: &Client, rollout: &Rollout) -> anyhow::Result<Vec<Pod>> {
    let ns = rollout.metadata.namespace.as_deref().unwrap_or("default");
    let api: Api<Pod> = Api::namespaced(client.clone(), ns);
    Ok(api
        .list(&ListParams::default().labels(&selector_string(rollout)))
        .await
        .map_err(|e| classify(e, "listing pods"))?
        .items)
}

/// Reads the Rollout and everything it drives.
pub async fn snapshot(
    client: &Client,
    ns: &str,
    name: &str,
    plan: Option<&Plan>,
) -> anyhow::Result<Snapshot> {
    let ro = rollout(client, ns, name).await?;
    snapshot_of(client, ro, plan).await
}

/// Reads what a Rollout already read drives. The stable Ingress is read only when the canary
/// Ingress is written (see `apply`), so a round costs one read per object kind.
pub async fn snapshot_of(
    client: &Client,
    rollout: Rollout,
    plan: Option<&Plan>,
) -> anyhow::Result<Snapshot> {
    let ns = rollout.metadata.namespace.clone().unwrap_or_default();
    let name = rollout.metadata.name.clone().unwrap_or_default();
    // The reads are independent: one round trip of time for all of them, not one each.
    let services = async {
        let mut services = BTreeMap::new();
        if let Some(plan) = plan {
            let svc_api: Api<Service> = Api::namespaced(client.clone(), &ns);
            let reads = plan.services().into_iter().map(|(_, svc)| {
                let svc_api = svc_api.clone();
                async move {
                    svc_api
                        .get_opt(svc)
                        .await
                        .map(|got| (svc.to_string(), got))
                        .map_err(|e| classify(e, format!("reading Service {svc}")))
                }
            });
            for (svc, got) in futures::future::try_join_all(reads).await? {
                services.insert(svc, got);
            }
        }
        anyhow::Ok(services)
    };
    let canary_ingress = async {
        match plan.and_then(|p| p.stable_ingress()) {
            Some(stable) => {
                let ing_api: Api<Ingress> = Api::namespaced(client.clone(), &ns);
                let canary = nginx::canary_ingress_name(&name, stable);
                ing_api
                    .get_opt(&canary)
                    .await
                    .map_err(|e| classify(e, format!("reading Ingress {canary}")))
            }
            None => Ok(None),
        }
    };
    let uid = rollout.metadata.uid.clone().unwrap_or_default();
    let (replica_sets, services, canary_ingress, analysis_runs) = futures::try_join!(
        replica_sets(client, &rollout),
        services,
        canary_ingress,
        async {
            crate::analysis::cluster::list_owned(client, &ns, &uid)
                .await
                .map_err(anyhow::Error::from)
        },
    )?;
    assemble(
        client,
        rollout,
        replica_sets,
        services,
        canary_ingress,
        analysis_runs,
    )
    .await
}

/// A snapshot of objects read (from the API server, or from the driver's mirrors): finds the
/// live revision among the ReplicaSets.
pub async fn assemble(
    client: &Client,
    rollout: Rollout,
    replica_sets: Vec<ReplicaSet>,
    services: BTreeMap<String, Option<Service>>,
    canary_ingress: Option<Ingress>,
    analysis_runs: Vec<crate::spec::analysis::AnalysisRun>,
) -> anyhow::Result<Snapshot> {
    let live_hash = live_hash(client, &rollout, &replica_sets).await?;
    Ok(Snapshot {
        rollout,
        replica_sets,
        services,
        canary_ingress,
        analysis_runs,
        live_hash,
    })
}

/// Argo's `FindNewReplicaSet`: the ReplicaSet of the Rollout's template is the one with the
/// template's hash, else the one whose template equals the Rollout's once the API server's
/// defaults are applied (ReplicaSet templates are stored defaulted; a Rollout's is not). The
/// defaults come from the API server itself, a dry-run PodTemplate, remembered per template.
/// Without permission to dry-run PodTemplates, no revision is adopted (a new one is made).
async fn live_hash(
    client: &Client,
    rollout: &Rollout,
    replica_sets: &[ReplicaSet],
) -> anyhow::Result<Option<String>> {
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex};
    static DEFAULTED: LazyLock<Mutex<HashMap<String, Option<PodTemplateSpec>>>> =
        LazyLock::new(Default::default);

    let Some(template) = rollout.spec.template.clone() else {
        return Ok(None);
    };
    let ours = crate::engine::hash::pod_template_hash(&serde_json::to_value(&template)?);
    let candidates: Vec<Candidate> = replica_sets
        .iter()
        .filter_map(|rs| {
            Some(Candidate {
                hash: hash_of(rs)?,
                template: rs.spec.template.clone()?,
                ephemeral: rs
                    .metadata
                    .annotations
                    .as_ref()
                    .and_then(|a| a.get(EPHEMERAL_METADATA))
                    .and_then(|j| serde_json::from_str(j).ok()),
            })
        })
        .collect();
    if !live::worth_defaulting(&candidates, &template, &ours) {
        return Ok(None);
    }
    let cached = DEFAULTED.lock().ok().and_then(|m| m.get(&ours).cloned());
    let defaulted = match cached {
        Some(d) => d,
        None => {
            let d = server_defaulted(client, rollout, &template).await?;
            if let Ok(mut m) = DEFAULTED.lock() {
                m.insert(ours.clone(), d.clone());
            }
            d
        }
    };
    Ok(defaulted.and_then(|desired| live::live_revision(&candidates, &desired)))
}

/// The template as the API server stores it in a ReplicaSet (a dry-run PodTemplate).
async fn server_defaulted(
    client: &Client,
    rollout: &Rollout,
    template: &PodTemplateSpec,
) -> anyhow::Result<Option<PodTemplateSpec>> {
    use k8s_openapi::api::core::v1::PodTemplate;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    use kube::api::PostParams;
    let ns = rollout.metadata.namespace.as_deref().unwrap_or("default");
    let api: Api<PodTemplate> = Api::namespaced(client.clone(), ns);
    let probe = PodTemplate {
        metadata: ObjectMeta {
            generate_name: Some("kubectl-rollouts-defaults-".into()),
            ..ObjectMeta::default()
        },
        template: Some(template.clone()),
    };
    let params = PostParams {
        dry_run: true,
        ..PostParams::default()
    };
    match api.create(&params, &probe).await {
        Ok(pt) => Ok(pt.template),
        Err(kube::Error::Api(s)) if s.code == 403 => {
            tracing::debug!("no permission to dry-run PodTemplates: {}", s.message);
            Ok(None)
        }
        Err(e) => Err(classify(
            e,
            "defaulting the Rollout's pod template (dry run)",
        )),
    }
}

pub fn revision(rs: &ReplicaSet) -> i64 {
    rs.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(REVISION))
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

pub fn hash_of(rs: &ReplicaSet) -> Option<String> {
    rs.metadata
        .labels
        .as_ref()
        .and_then(|l| l.get(POD_TEMPLATE_HASH_LABEL))
        .cloned()
}

/// The engine's view of a snapshot (pure).
pub fn to_observed(s: &Snapshot) -> Observed {
    let replica_sets = s
        .replica_sets
        .iter()
        .filter_map(|rs| {
            let hash = hash_of(rs)?;
            let st = rs.status.clone().unwrap_or_default();
            let deadline = rs
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get(SCALE_DOWN_DEADLINE))
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&Utc));
            Some(ReplicaSetView {
                created: rs
                    .metadata
                    .creation_timestamp
                    .as_ref()
                    .and_then(|t| DateTime::parse_from_rfc3339(&t.0.to_string()).ok())
                    .map(|t| t.with_timezone(&Utc)),
                revision: rs
                    .metadata
                    .annotations
                    .as_ref()
                    .and_then(|a| a.get(REVISION))
                    .and_then(|r| r.parse().ok()),
                name: rs.metadata.name.clone().unwrap_or_default(),
                hash,
                replicas: rs.spec.replicas.unwrap_or(1),
                current: st.replicas,
                ready: st.ready_replicas.unwrap_or(0),
                available: st.available_replicas.unwrap_or(0),
                scale_down_deadline: deadline,
                ephemeral: rs
                    .metadata
                    .annotations
                    .as_ref()
                    .and_then(|a| a.get(EPHEMERAL_METADATA))
                    .and_then(|j| serde_json::from_str(j).ok()),
            })
        })
        .collect();
    let services = s
        .services
        .iter()
        .map(|(name, svc)| {
            let pinned = svc
                .as_ref()
                .and_then(|s| s.spec.as_ref())
                .and_then(|s| s.selector.as_ref())
                .and_then(|sel| sel.get(POD_TEMPLATE_HASH_LABEL))
                .cloned();
            (name.clone(), pinned)
        })
        .collect();
    let (analysis_runs, analysis_messages) = crate::analysis::cluster::phases(&s.analysis_runs);
    Observed {
        replica_sets,
        services,
        canary_weight: s.canary_ingress.as_ref().map(nginx::weight_of),
        analysis_runs,
        analysis_messages,
        flag: None,
    }
}
