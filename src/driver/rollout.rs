//! A Rollout as the driver's subject: its ReplicaSets, Services, canary Ingress and
//! AnalysisRuns are observed and changed; its status records the step machine's progress.

use std::sync::{Arc, Mutex};

use kube::Client;
use tokio::sync::Notify;

use super::subject::{Round, Subject};
use super::watch;
use crate::engine::Action;
use crate::kube::status::Written;
use crate::kube::{apply, observe, status};
use crate::spec::analysis::AnalysisRun;
use crate::spec::rollout::{Plan, Rollout, RolloutStatus};

pub struct RolloutSubject {
    client: Client,
    ns: String,
    name: String,
    selector: String,
    /// What the last round observed, for its status write and actions.
    last: Option<(observe::Snapshot, Plan)>,
}

impl RolloutSubject {
    pub fn new(client: &Client, rollout: &Rollout) -> Self {
        RolloutSubject {
            client: client.clone(),
            ns: rollout
                .metadata
                .namespace
                .clone()
                .unwrap_or_else(|| "default".into()),
            name: rollout.metadata.name.clone().unwrap_or_default(),
            selector: observe::selector_string(rollout),
            last: None,
        }
    }

    fn last(&self) -> anyhow::Result<&(observe::Snapshot, Plan)> {
        self.last
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("Rollout {}: nothing observed yet", self.name))
    }
}

impl Subject for RolloutSubject {
    fn describe(&self) -> String {
        format!("Rollout {}", self.name)
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn namespace(&self) -> &str {
        &self.ns
    }

    fn lease_key(&self) -> String {
        self.name.clone()
    }

    fn promote_command(&self) -> String {
        format!("kubectl rollouts promote {} -n {}", self.name, self.ns)
    }

    fn spawn_watchers(&self, own: Arc<Mutex<Option<String>>>) -> Arc<Notify> {
        watch::spawn_watchers(&self.client, &self.ns, &self.name, &self.selector, own)
    }

    async fn observe(&mut self) -> anyhow::Result<Round> {
        let ro = observe::rollout(&self.client, &self.ns, &self.name).await?;
        let plan = ro.plan()?;
        let snap = observe::snapshot_of(&self.client, ro, Some(&plan)).await?;
        let round = Round {
            input: super::input_of(&snap, plan.clone())?,
            status: snap.rollout.status.clone().unwrap_or_default(),
            observed: observe::to_observed(&snap),
            runs: snap.analysis_runs.clone(),
        };
        self.last = Some((snap, plan));
        Ok(round)
    }

    async fn write_status(&mut self, new: &RolloutStatus) -> anyhow::Result<Written> {
        let (snap, _) = self.last()?;
        status::write(&self.client, &snap.rollout, new).await
    }

    async fn apply(&mut self, actions: &[Action]) -> anyhow::Result<()> {
        let (snap, plan) = self.last()?;
        apply::apply(&self.client, snap, plan, actions).await
    }

    async fn runs(&self) -> anyhow::Result<Vec<AnalysisRun>> {
        let (snap, _) = self.last()?;
        let uid = snap.rollout.metadata.uid.clone().unwrap_or_default();
        Ok(crate::analysis::cluster::list_owned(&self.client, &self.ns, &uid).await?)
    }
}
