//! What a Rollout drives, mirrored from watches for the driver (`kube::mirror`): its
//! ReplicaSets, its namespace's Services and Ingresses, its AnalysisRuns (once there can be
//! any, [`needs_runs`]). A round's
//! `observe::Snapshot` is read from them without a request; the driver offers its writes back,
//! and every change someone else makes wakes the loop.

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::networking::v1::Ingress;
use kube::api::DynamicObject;
use kube::runtime::watcher;
use kube::{Api, Client};
use tokio::sync::Notify;

use super::mirror::{IfMissing, Mirror};
use super::observe::{self, Snapshot};
use crate::analysis::cluster;
use crate::spec::analysis::AnalysisRun;
use crate::spec::rollout::{Plan, Rollout};
use crate::traffic::nginx;

pub struct Watched {
    client: Client,
    ns: String,
    notify: Arc<Notify>,
    replica_sets: Mirror<ReplicaSet>,
    /// Watched from the first round that [`needs_runs`].
    runs: Option<Mirror<DynamicObject>>,
    /// Watched from the first round whose plan names a Service, or an Ingress.
    services: Option<Mirror<Service>>,
    ingresses: Option<Mirror<Ingress>>,
}

impl Watched {
    /// Starts the watch of the Rollout's ReplicaSets (by its selector), and the namespace's
    /// AnalysisRuns' when the Rollout [`needs_runs`]; their changes wake `notify()`.
    pub fn spawn(client: &Client, rollout: &Rollout) -> Self {
        let notify = Arc::new(Notify::new());
        let ns = rollout
            .metadata
            .namespace
            .clone()
            .unwrap_or_else(|| "default".into());
        let rs_api: Api<ReplicaSet> = Api::namespaced(client.clone(), &ns);
        let replica_sets = Mirror::spawn(
            rs_api,
            watcher::Config::default().labels(&observe::selector_string(rollout)),
            notify.clone(),
            "ReplicaSets",
            IfMissing::Fail,
        );
        let mut watched = Watched {
            client: client.clone(),
            ns,
            notify,
            replica_sets,
            runs: None,
            services: None,
            ingresses: None,
        };
        if rollout.plan().is_ok_and(|plan| needs_runs(rollout, &plan)) {
            watched.runs_mirror();
        }
        watched
    }

    fn runs_mirror(&mut self) -> Mirror<DynamicObject> {
        let (client, ns, notify) = (&self.client, &self.ns, &self.notify);
        self.runs
            .get_or_insert_with(|| {
                Mirror::spawn(
                    cluster::runs(client, ns),
                    watcher::Config::default(),
                    notify.clone(),
                    "AnalysisRuns",
                    IfMissing::Empty,
                )
            })
            .clone()
    }

    /// Woken whenever a watch changes what is mirrored.
    pub fn notify(&self) -> Arc<Notify> {
        self.notify.clone()
    }

    fn services(&mut self) -> Mirror<Service> {
        let (client, ns, notify) = (&self.client, &self.ns, &self.notify);
        namespace_wide(&mut self.services, client, ns, notify, "Services")
    }

    fn ingresses(&mut self) -> Mirror<Ingress> {
        let (client, ns, notify) = (&self.client, &self.ns, &self.notify);
        namespace_wide(&mut self.ingresses, client, ns, notify, "Ingresses")
    }

    /// What the Rollout drives, as the watches last saw it (after their first lists).
    pub async fn snapshot(&mut self, rollout: Rollout, plan: &Plan) -> anyhow::Result<Snapshot> {
        let names: Vec<String> = plan
            .services()
            .into_iter()
            .map(|(_, s)| s.to_string())
            .collect();
        let services = (!names.is_empty()).then(|| self.services());
        let canary = plan.stable_ingress().map(|stable| {
            nginx::canary_ingress_name(rollout.metadata.name.as_deref().unwrap_or(""), stable)
        });
        let ingresses = canary.is_some().then(|| self.ingresses());
        let runs = (self.runs.is_some() || needs_runs(&rollout, plan)).then(|| self.runs_mirror());
        futures::try_join!(
            self.replica_sets.synced(),
            async {
                match &runs {
                    Some(m) => m.synced().await,
                    None => Ok(()),
                }
            },
            async {
                match &services {
                    Some(m) => m.synced().await,
                    None => Ok(()),
                }
            },
            async {
                match &ingresses {
                    Some(m) => m.synced().await,
                    None => Ok(()),
                }
            },
        )?;
        let uid = rollout.metadata.uid.clone().unwrap_or_default();
        let replica_sets = observe::owned_replica_sets(self.replica_sets.list(), &uid);
        let services: BTreeMap<String, Option<Service>> = names
            .into_iter()
            .map(|n| {
                let got = services.as_ref().and_then(|m| m.get(&n));
                (n, got)
            })
            .collect();
        let canary_ingress = match (&ingresses, &canary) {
            (Some(m), Some(name)) => m.get(name),
            _ => None,
        };
        let runs = self.runs(&uid)?;
        observe::assemble(
            &self.client,
            rollout,
            replica_sets,
            services,
            canary_ingress,
            runs,
        )
        .await
    }

    /// The AnalysisRuns the Rollout with this uid owns, as mirrored (none while they are
    /// not watched: there are none to see).
    pub fn runs(&self, uid: &str) -> anyhow::Result<Vec<AnalysisRun>> {
        let listed = self.runs.as_ref().map(Mirror::list).unwrap_or_default();
        Ok(cluster::owned_runs(listed, uid)?)
    }

    /// A Service of the namespace (one the plan names, checked before the drive).
    pub async fn service(&mut self, name: &str) -> anyhow::Result<Option<Service>> {
        let services = self.services();
        services.synced().await?;
        Ok(services.get(name))
    }

    /// An Ingress of the namespace (the stable one, when the canary Ingress is written).
    pub async fn ingress(&mut self, name: &str) -> anyhow::Result<Option<Ingress>> {
        let ingresses = self.ingresses();
        ingresses.synced().await?;
        Ok(ingresses.get(name))
    }

    pub fn wrote_replica_set(&self, rs: ReplicaSet) {
        self.replica_sets.offer(rs);
    }

    pub fn wrote_service(&self, svc: Service) {
        if let Some(m) = &self.services {
            m.offer(svc);
        }
    }

    pub fn wrote_ingress(&self, ing: Ingress) {
        if let Some(m) = &self.ingresses {
            m.offer(ing);
        }
    }

    pub fn wrote_run(&self, run: &AnalysisRun) {
        if let (Some(m), Some(object)) = (&self.runs, cluster::to_object(run)) {
            m.offer(object);
        }
    }

    pub fn deleted_run(&self, name: &str) {
        if let Some(m) = &self.runs {
            m.forget(name);
        }
    }
}

/// Whether a round of `rollout` under `plan` needs its AnalysisRuns: the plan has analysis,
/// or the status names a run (one an earlier spec started, for the engine to finish). Every
/// run the driver starts is named in the status it records before starting it, so with
/// neither there is no run to act on, and no watch is started (a request less per drive).
pub fn needs_runs(rollout: &Rollout, plan: &Plan) -> bool {
    let named = rollout.status.as_ref().is_some_and(|st| {
        [
            &st.canary.current_step_analysis_run_status,
            &st.canary.current_background_analysis_run_status,
            &st.blue_green.pre_promotion_analysis_run_status,
            &st.blue_green.post_promotion_analysis_run_status,
        ]
        .iter()
        .any(|r| r.is_some())
    });
    named || !cluster::analyses(plan).is_empty()
}

/// The mirror of every `K` in the namespace, started the first time it is asked for.
fn namespace_wide<K>(
    slot: &mut Option<Mirror<K>>,
    client: &Client,
    ns: &str,
    notify: &Arc<Notify>,
    what: &str,
) -> Mirror<K>
where
    K: kube::Resource<Scope = kube::core::NamespaceResourceScope>
        + Clone
        + serde::de::DeserializeOwned
        + std::fmt::Debug
        + Send
        + Sync
        + 'static,
    K::DynamicType: Default,
{
    slot.get_or_insert_with(|| {
        Mirror::spawn(
            Api::namespaced(client.clone(), ns),
            watcher::Config::default(),
            notify.clone(),
            what,
            IfMissing::Fail,
        )
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rollout(strategy: serde_json::Value, status: serde_json::Value) -> Rollout {
        serde_json::from_value(json!({
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "web", "image": "web:1"}]}},
                "strategy": strategy},
            "status": status,
        }))
        .unwrap()
    }

    fn needs(ro: &Rollout) -> bool {
        needs_runs(ro, &ro.plan().unwrap())
    }

    #[test]
    fn analysis_runs_are_watched_only_when_there_can_be_one() {
        let plain = json!({"canary": {"steps": [{"setWeight": 50}]}});
        assert!(!needs(&rollout(plain.clone(), json!({}))));
        let analysis = json!({"templates": [{"templateName": "rate"}]});
        let stepped = json!({"canary": {"steps": [{"setWeight": 50}, {"analysis": analysis}]}});
        assert!(needs(&rollout(stepped, json!({}))));
        let background = json!({"canary": {"analysis": analysis, "steps": [{"setWeight": 50}]}});
        assert!(needs(&rollout(background, json!({}))));
        let pre = json!({"blueGreen": {"activeService": "a", "prePromotionAnalysis": analysis}});
        assert!(needs(&rollout(pre, json!({}))));
        let bg = json!({"blueGreen": {"activeService": "a"}});
        assert!(!needs(&rollout(bg.clone(), json!({}))));
        // A run an earlier spec started, still named: to be finished.
        let named = json!({"name": "web-1-2", "status": "Running"});
        let step_run = json!({"canary": {"currentStepAnalysisRunStatus": named}});
        assert!(needs(&rollout(plain, step_run)));
        let post_run = json!({"blueGreen": {"postPromotionAnalysisRunStatus": named}});
        assert!(needs(&rollout(bg, post_run)));
    }
}
