//! What a Rollout drives, mirrored from watches for the driver (`kube::mirror`): its
//! ReplicaSets, its namespace's Services and Ingresses, its AnalysisRuns. A round's
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
    runs: Mirror<DynamicObject>,
    /// Watched from the first round whose plan names a Service, or an Ingress.
    services: Option<Mirror<Service>>,
    ingresses: Option<Mirror<Ingress>>,
}

impl Watched {
    /// Starts the watches of the Rollout's ReplicaSets (by its selector) and the namespace's
    /// AnalysisRuns; their changes wake `notify()`.
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
        let runs = Mirror::spawn(
            cluster::runs(client, &ns),
            watcher::Config::default(),
            notify.clone(),
            "AnalysisRuns",
            IfMissing::Empty,
        );
        Watched {
            client: client.clone(),
            ns,
            notify,
            replica_sets,
            runs,
            services: None,
            ingresses: None,
        }
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
        futures::try_join!(
            self.replica_sets.synced(),
            self.runs.synced(),
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

    /// The AnalysisRuns the Rollout with this uid owns, as mirrored.
    pub fn runs(&self, uid: &str) -> anyhow::Result<Vec<AnalysisRun>> {
        Ok(cluster::owned_runs(self.runs.list(), uid)?)
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
        if let Some(object) = cluster::to_object(run) {
            self.runs.offer(object);
        }
    }

    pub fn deleted_run(&self, name: &str) {
        self.runs.forget(name);
    }
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
