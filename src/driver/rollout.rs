//! A Rollout as the driver's subject: its ReplicaSets, Services, canary Ingress and
//! AnalysisRuns are observed (from `kube::watched`'s mirrors) and changed; its status records
//! the step machine's progress.

use std::sync::{Arc, Mutex};

use kube::Client;
use tokio::sync::Notify;

use super::latest::Latest;
use super::subject::{Round, Subject};
use super::watch;
use crate::engine::Action;
use crate::kube::status::Written;
use crate::kube::watched::Watched;
use crate::kube::{apply, observe, status};
use crate::spec::analysis::AnalysisRun;
use crate::spec::rollout::{Plan, Rollout, RolloutStatus};

pub struct RolloutSubject {
    client: Client,
    ns: String,
    name: String,
    /// The newest Rollout seen (watch events, status write responses): a round reads it
    /// instead of asking the API server, once the watch has delivered it.
    latest: Arc<Latest<Rollout>>,
    /// What the Rollout drives, mirrored from watches and from the driver's writes.
    watched: Watched,
    notify: Arc<Notify>,
    /// What the last round observed, for its status write and actions.
    last: Option<(observe::Snapshot, Plan)>,
}

impl RolloutSubject {
    /// `rollout` as the command just read (or wrote) it is the first round's, unless the
    /// driver waits for a Lease first (`waited`). `watched` mirrors what it drives (started
    /// early, its first lists overlap the checks and taking the Lease).
    pub fn new(client: &Client, rollout: &Rollout, watched: Watched) -> Self {
        let latest: Arc<Latest<Rollout>> = Arc::default();
        latest.offer(rollout.clone());
        let notify = watched.notify();
        RolloutSubject {
            client: client.clone(),
            ns: rollout
                .metadata
                .namespace
                .clone()
                .unwrap_or_else(|| "default".into()),
            name: rollout.metadata.name.clone().unwrap_or_default(),
            watched,
            notify,
            latest,
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

    fn spawn_watchers(&mut self, own: Arc<Mutex<Option<String>>>) -> Arc<Notify> {
        watch::spawn_rollout_watcher(
            &self.client,
            &self.ns,
            &self.name,
            self.latest
                .get()
                .and_then(|ro| ro.metadata.resource_version),
            own,
            self.latest.clone(),
            self.notify.clone(),
        );
        self.notify.clone()
    }

    async fn observe(&mut self) -> anyhow::Result<Round> {
        let ro = match self.latest.get() {
            Some(ro) => ro,
            None => observe::rollout(&self.client, &self.ns, &self.name).await?,
        };
        let plan = ro.plan()?;
        let snap = self.watched.snapshot(ro, &plan).await?;
        let round = Round {
            input: super::input_of(&snap, plan.clone())?,
            status: snap.rollout.status.clone().unwrap_or_default(),
            observed: observe::to_observed(&snap),
            runs: snap.analysis_runs.clone(),
        };
        self.last = Some((snap, plan));
        Ok(round)
    }

    fn waited(&mut self) {
        self.latest.clear();
    }

    async fn write_status(&mut self, new: &RolloutStatus) -> anyhow::Result<Written> {
        let (snap, _) = self.last()?;
        let (written, rollout) = status::write(&self.client, &snap.rollout, new).await?;
        match rollout {
            Some(ro) => self.latest.offer(ro),
            // Someone else wrote meanwhile: read it from the server, not from a watch behind.
            None if written == Written::Conflict => self.latest.clear(),
            None => {}
        }
        Ok(written)
    }

    async fn apply(&mut self, actions: &[Action]) -> anyhow::Result<()> {
        let Some((snap, plan)) = &self.last else {
            anyhow::bail!("Rollout {}: nothing observed yet", self.name);
        };
        apply::apply(&self.client, snap, plan, actions, &mut self.watched).await
    }

    async fn runs(&self) -> anyhow::Result<Vec<AnalysisRun>> {
        let (snap, _) = self.last()?;
        let uid = snap.rollout.metadata.uid.clone().unwrap_or_default();
        self.watched.runs(&uid)
    }

    fn ran(&mut self, run: &AnalysisRun) {
        self.watched.wrote_run(run);
    }
}
