//! A feature flag as the driver's subject: the flag's share of targeting keys in its ConfigMap's
//! flag document is observed and changed, its rollout record (spec and status) lives in an
//! annotation of that ConfigMap, and its AnalysisRuns are owned by the ConfigMap. The ConfigMap
//! and the AnalysisRuns are mirrored from watches, as a Rollout's objects are.

use std::sync::{Arc, Mutex};

use k8s_openapi::api::core::v1::ConfigMap;
use kube::Client;
use kube::api::DynamicObject;
use kube::runtime::watcher;
use serde_json::{Value, json};
use tokio::sync::Notify;

use super::subject::{Round, Subject};
use crate::analysis::build::{RolloutContext, build_run, run_labels};
use crate::analysis::cluster;
use crate::analysis::measure::Addresses;
use crate::engine::flag::FlagView;
use crate::engine::{Action, Input, Observed, RunKind, hash};
use crate::error::Error;
use crate::flags::edit;
use crate::flags::model::{self, Flag, State};
use crate::flags::rollout::{self, FlagPlan, FlagRolloutSpec, FlagStep, Record};
use crate::kube::flag_store::{Change, Store, Written as StoreWritten};
use crate::kube::mirror::{IfMissing, Mirror};
use crate::kube::status::Written;
use crate::spec::analysis::AnalysisRun;
use crate::spec::rollout::{Plan, RolloutStatus};

/// A flag rollout's identity: its flag and spec. Another spec is another rollout.
pub fn identity(flag: &str, spec: &FlagRolloutSpec) -> String {
    hash::value_hash(&json!({"flag": flag, "spec": spec}))
}

/// The flag as the step machine sees it.
pub fn view(flag: &Flag) -> FlagView {
    FlagView {
        enabled: flag.state == State::Enabled,
        percent: flag
            .on_off()
            .and_then(|(on, off)| edit::rollout_shape(flag, &on, &off))
            .map(|s| s.on_percent),
    }
}

pub struct FlagSubject {
    client: Client,
    store: Store,
    ns: String,
    configmap: String,
    configmap_key: String,
    plan: FlagPlan,
    id: String,
    object: String,
    annotation: String,
    /// The namespace's AnalysisRuns, mirrored from a watch and the driver's writes (started
    /// with the ConfigMap's watch).
    runs: Option<Mirror<DynamicObject>>,
    last: Option<Last>,
    /// The next round reads the ConfigMap from the API server, not its mirror: a status write
    /// met someone else's change, which the watch may not have delivered yet.
    fresh: bool,
}

/// What the last round read.
struct Last {
    resource_version: String,
    uid: String,
    record_text: Option<String>,
}

impl FlagSubject {
    pub fn new(
        client: &Client,
        store: Store,
        (ns, configmap, configmap_key): (&str, &str, &str),
        plan: FlagPlan,
    ) -> Self {
        FlagSubject {
            client: client.clone(),
            store,
            id: identity(&plan.flag, &plan.spec),
            object: rollout::object_name(configmap, &plan.flag),
            annotation: rollout::annotation(&plan.flag),
            ns: ns.to_string(),
            configmap: configmap.to_string(),
            configmap_key: configmap_key.to_string(),
            plan,
            runs: None,
            last: None,
            fresh: false,
        }
    }

    /// The AnalysisRuns the ConfigMap with this uid owns, as mirrored (after the first list).
    async fn owned_runs(&self, uid: &str) -> anyhow::Result<Vec<AnalysisRun>> {
        let Some(runs) = &self.runs else {
            anyhow::bail!("{}: AnalysisRuns not watched yet", self.describe());
        };
        runs.synced().await?;
        Ok(cluster::owned_runs(runs.list(), uid)?)
    }

    fn wrote_run(&self, run: &AnalysisRun) {
        if let (Some(runs), Some(object)) = (&self.runs, cluster::to_object(run)) {
            runs.offer(object);
        }
    }

    fn last(&self) -> anyhow::Result<&Last> {
        self.last
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("{}: nothing observed yet", self.describe()))
    }

    /// The ConfigMap as an AnalysisRun's owner and `fieldRef` source.
    fn owner_json(&self, uid: &str) -> Value {
        json!({
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": self.configmap, "namespace": self.ns, "uid": uid},
        })
    }

    fn analysis(&self, kind: RunKind) -> anyhow::Result<&crate::spec::analysis::RolloutAnalysis> {
        match kind {
            RunKind::Step { index } => match self.plan.steps.get(index) {
                Some(FlagStep::Analysis(a)) => Ok(a),
                _ => anyhow::bail!("{}: step {index} is not an analysis", self.describe()),
            },
            other => anyhow::bail!("{}: no {other:?} analysis", self.describe()),
        }
    }
}

impl Subject for FlagSubject {
    fn describe(&self) -> String {
        format!(
            "flag {} (configmap {}/{})",
            self.plan.flag, self.ns, self.configmap
        )
    }

    fn name(&self) -> &str {
        &self.plan.flag
    }

    fn namespace(&self) -> &str {
        &self.ns
    }

    fn lease_key(&self) -> String {
        format!("flag-{}", self.object)
    }

    fn promote_command(&self) -> String {
        let key = if self.configmap_key == crate::kube::flag_store::DEFAULT_KEY {
            String::new()
        } else {
            format!(" --configmap-key {}", self.configmap_key)
        };
        format!(
            "kubectl rollouts flags promote {} --configmap {}{key} -n {}",
            self.plan.flag, self.configmap, self.ns
        )
    }

    /// The ConfigMap's mirror is the store's from now on; the driver's own writes to it are
    /// offered to it and wake nothing, so `own` is not needed.
    fn spawn_watchers(&mut self, _own: Arc<Mutex<Option<String>>>) -> Arc<Notify> {
        let notify = Arc::new(Notify::new());
        self.store.mirrored(Mirror::spawn(
            kube::Api::<ConfigMap>::namespaced(self.client.clone(), &self.ns),
            watcher::Config::default().fields(&format!("metadata.name={}", self.configmap)),
            notify.clone(),
            "ConfigMaps",
            IfMissing::Fail,
        ));
        self.runs = Some(Mirror::spawn(
            cluster::runs(&self.client, &self.ns),
            watcher::Config::default(),
            notify.clone(),
            "AnalysisRuns",
            IfMissing::Empty,
        ));
        notify
    }

    async fn observe(&mut self) -> anyhow::Result<Round> {
        let loaded = if std::mem::take(&mut self.fresh) {
            self.store.read_fresh().await?
        } else {
            self.store.read().await?
        };
        let record_text = loaded.annotations.get(&self.annotation).cloned();
        let status = match &record_text {
            Some(text) => {
                let record = rollout::parse_record(&self.annotation, text)
                    .map_err(|e| e.in_file(self.store.describe()))?;
                if record.flag == self.plan.flag {
                    record.status
                } else {
                    RolloutStatus::default()
                }
            }
            None => RolloutStatus::default(),
        };
        let set = model::parse(&loaded.doc).map_err(|e| e.in_file(self.store.describe()))?;
        let flag = set
            .require(&self.plan.flag)
            .map_err(|e| e.in_file(self.store.describe()))?;
        let uid = loaded.uid.clone().unwrap_or_default();
        let runs = self.owned_runs(&uid).await?;
        let (analysis_runs, analysis_messages) = cluster::phases(&runs);
        let round = Round {
            input: Input {
                name: self.object.clone(),
                plan: Plan::Flag(self.plan.clone()),
                pod_hash: self.id.clone(),
                step_hash: self.id.clone(),
                generation: None,
                hold: None,
            },
            status,
            observed: Observed {
                analysis_runs,
                analysis_messages,
                flag: Some(view(flag)),
                ..Observed::default()
            },
            runs,
        };
        self.last = Some(Last {
            resource_version: loaded.resource_version.unwrap_or_default(),
            uid,
            record_text,
        });
        Ok(round)
    }

    async fn write_status(&mut self, status: &RolloutStatus) -> anyhow::Result<Written> {
        let record = Record {
            flag: self.plan.flag.clone(),
            spec: self.plan.spec.clone(),
            status: status.clone(),
        };
        let text = serde_json::to_string(&record)?;
        let last = self.last()?;
        if last.record_text.as_deref() == Some(text.as_str()) {
            return Ok(Written::Unchanged);
        }
        let rv = last.resource_version.clone();
        match self
            .store
            .set_annotation_at(&rv, &self.annotation, &text)
            .await?
        {
            Some(new_rv) => {
                if let Some(l) = self.last.as_mut() {
                    l.resource_version = new_rv.clone();
                    l.record_text = Some(text);
                }
                Ok(Written::Written(Some(new_rv)))
            }
            None => {
                self.fresh = true;
                Ok(Written::Conflict)
            }
        }
    }

    async fn apply(&mut self, actions: &[Action]) -> anyhow::Result<()> {
        let uid = self.last()?.uid.clone();
        let owner = self.owner_json(&uid);
        let flag = self.plan.flag.clone();
        let source = self.store.describe();
        for action in actions {
            match action {
                Action::SetFlagPercent { percent } => {
                    let written: StoreWritten<_> = self
                        .store
                        .update(|c: Change<'_>| {
                            edit::enable(c.doc, &flag, Some(*percent), false)
                                .map_err(|e| e.in_file(&source))
                        })
                        .await?;
                    tracing::info!(flag, %percent, attempts = written.attempts, "flag set");
                }
                Action::DisableFlag => {
                    self.store
                        .update(|c: Change<'_>| {
                            edit::disable(c.doc, &flag).map_err(|e| e.in_file(&source))
                        })
                        .await?;
                    tracing::info!(flag, "flag disabled (kill switch)");
                }
                Action::CreateAnalysisRun { name, kind, hash } => {
                    let analysis = self.analysis(*kind)?;
                    let ctx = RolloutContext {
                        rollout: &owner,
                        stable_hash: Some(hash),
                        latest_hash: Some(hash),
                    };
                    let made = cluster::start(
                        &self.client,
                        name,
                        "--analysis",
                        analysis,
                        &ctx,
                        run_labels(hash, *kind),
                    )
                    .await?;
                    self.wrote_run(&made);
                }
                Action::TerminateAnalysisRun { name } => {
                    let asked = cluster::terminate(&self.client, &self.ns, name).await?;
                    self.wrote_run(&asked);
                }
                Action::DeleteAnalysisRun { name } => {
                    cluster::delete(&self.client, &self.ns, name).await?;
                    if let Some(runs) = &self.runs {
                        runs.forget(name);
                    }
                }
                other => anyhow::bail!("{}: not an action for a flag ({other:?})", self.describe()),
            }
        }
        Ok(())
    }

    async fn runs(&self) -> anyhow::Result<Vec<AnalysisRun>> {
        let uid = self.last()?.uid.clone();
        self.owned_runs(&uid).await
    }

    fn ran(&mut self, run: &AnalysisRun) {
        self.wrote_run(run);
    }
}

/// Before anything changes: the flag exists and is a boolean on/off flag whose targeting a
/// percentage may replace, and every analysis has its templates and arguments.
pub async fn check(
    client: &Client,
    store: &Store,
    ns: &str,
    plan: &FlagPlan,
    addresses: &Addresses,
) -> anyhow::Result<()> {
    let loaded = store.read().await?;
    let mut doc = loaded.doc.clone();
    let first = plan
        .steps
        .iter()
        .find_map(|s| match s {
            FlagStep::Percent(p) => Some(*p),
            _ => None,
        })
        .unwrap_or(edit::Percent::FULL);
    let set = model::parse(&doc).map_err(|e| e.in_file(store.describe()))?;
    set.require(&plan.flag)
        .map_err(|e| e.in_file(store.describe()))?;
    edit::enable(&mut doc, &plan.flag, Some(first), false)
        .map_err(|e| e.in_file(store.describe()))?;
    let owner = json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "check", "namespace": ns, "uid": loaded.uid}});
    let ctx = RolloutContext {
        rollout: &owner,
        stable_hash: Some("check"),
        latest_hash: Some("check"),
    };
    if let Some(analysis) = &plan.spec.analysis {
        let templates = cluster::load_templates(client, ns, analysis, "--analysis").await?;
        let run = build_run(
            "check",
            "--analysis",
            analysis,
            &templates,
            &ctx,
            run_labels("check", RunKind::Step { index: 0 }),
        )?;
        addresses.check_run("--analysis", &run)?;
    }
    Ok(())
}

/// The record of `flag`'s rollout on the ConfigMap, if there is one.
pub fn recorded(
    loaded: &crate::kube::flag_store::Loaded,
    flag: &str,
) -> Result<Option<Record>, Error> {
    let annotation = rollout::annotation(flag);
    loaded
        .annotations
        .get(&annotation)
        .map(|text| rollout::parse_record(&annotation, text))
        .transpose()
        .map(|r| r.filter(|r| r.flag == flag))
}
