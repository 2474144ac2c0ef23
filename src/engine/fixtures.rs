//! Builders for step-machine tests: a plan, and a tiny in-memory cluster that applies actions
//! the way the kube adapter does, with pods becoming available only when a test says so.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::{Action, Decision, Input, Observed, ReplicaSetView};
use crate::duration::GoDuration;
use crate::spec::rollout::{BlueGreenPlan, CanaryPlan, RolloutStatus, Step};

/// A strategy's plan with its step machine, so one simulated cluster runs any of them.
pub trait Strategy: Sized {
    fn decide(
        input: &Input<Self>,
        status: &RolloutStatus,
        observed: &Observed,
        now: DateTime<Utc>,
    ) -> Decision;
    /// The Services it pins.
    fn services(&self) -> Vec<String>;
}

impl Strategy for CanaryPlan {
    fn decide(
        input: &Input<Self>,
        status: &RolloutStatus,
        observed: &Observed,
        now: DateTime<Utc>,
    ) -> Decision {
        super::canary::decide(input, status, observed, now)
    }
    fn services(&self) -> Vec<String> {
        [&self.canary_service, &self.stable_service]
            .into_iter()
            .flatten()
            .cloned()
            .collect()
    }
}

impl Strategy for BlueGreenPlan {
    fn decide(
        input: &Input<Self>,
        status: &RolloutStatus,
        observed: &Observed,
        now: DateTime<Utc>,
    ) -> Decision {
        super::bluegreen::decide(input, status, observed, now)
    }
    fn services(&self) -> Vec<String> {
        std::iter::once(self.active_service.clone())
            .chain(self.preview_service.clone())
            .collect()
    }
}

impl Strategy for crate::flags::rollout::FlagPlan {
    fn decide(
        input: &Input<Self>,
        status: &RolloutStatus,
        observed: &Observed,
        now: DateTime<Utc>,
    ) -> Decision {
        super::flag::decide(input, status, observed, now)
    }
    fn services(&self) -> Vec<String> {
        Vec::new()
    }
}

/// A blue-green plan like the seed's, without analysis: 4 replicas, active and preview
/// Services, manual promotion, Argo's default delays.
pub fn blue_green() -> BlueGreenPlan {
    BlueGreenPlan {
        replicas: 4,
        active_service: "web-active".into(),
        preview_service: Some("web-preview".into()),
        auto_promotion_enabled: false,
        auto_promotion_seconds: 0,
        preview_replica_count: None,
        scale_down_delay_seconds: 30,
        scale_down_delay_given: true,
        scale_down_delay_revision_limit: None,
        abort_scale_down_delay_seconds: Some(30),
        pre_promotion_analysis: None,
        post_promotion_analysis: None,
        active_metadata: None,
        preview_metadata: None,
        preview_after_available: false,
        progress_deadline_seconds: 600,
        progress_deadline_abort: false,
        rollback_window: 0,
    }
}

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap()
}

pub fn at(secs: i64) -> DateTime<Utc> {
    t0() + TimeDelta::seconds(secs)
}

pub fn w(n: i32) -> Step {
    Step::SetWeight(n)
}

pub fn pause(secs: i64) -> Step {
    Step::Pause(Some(GoDuration::from_secs(secs)))
}

pub fn pause_forever() -> Step {
    Step::Pause(None)
}

pub fn analysis() -> Step {
    Step::Analysis(serde_json::json!({"templates": [{"templateName": "success-rate"}]}))
}

/// A canary plan like the seed's: 4 replicas, nginx traffic routing, default delays.
pub fn plan(steps: Vec<Step>) -> CanaryPlan {
    CanaryPlan {
        replicas: 4,
        steps,
        canary_service: Some("web-canary".into()),
        stable_service: Some("web-stable".into()),
        stable_ingress: Some("web-ingress".into()),
        scale_down_delay_seconds: 30,
        abort_scale_down_delay_seconds: 30,
        progress_deadline_seconds: 600,
        progress_deadline_abort: false,
        rollback_window: 0,
        background: None,
    }
}

pub fn basic(steps: Vec<Step>) -> CanaryPlan {
    CanaryPlan {
        stable_ingress: None,
        ..plan(steps)
    }
}

/// The Rollout's spec as `decide` sees it, and a cluster that follows its actions.
pub struct Sim<P = CanaryPlan> {
    pub input: Input<P>,
    pub status: RolloutStatus,
    pub observed: Observed,
    pub last: Option<Decision>,
}

impl<P: Strategy> Sim<P> {
    pub fn new(plan: P) -> Self {
        let mut observed = Observed::default();
        for svc in plan.services() {
            observed.services.insert(svc, None);
        }
        Sim {
            input: Input {
                name: "web".into(),
                plan,
                pod_hash: "v1".into(),
                step_hash: "steps".into(),
                generation: Some(1),
                hold: None,
            },
            status: RolloutStatus::default(),
            observed,
            last: None,
        }
    }

    /// Changes the pod template (the hash stands for it).
    pub fn template(&mut self, hash: &str) -> &mut Self {
        self.input.pod_hash = hash.into();
        self.input.generation = self.input.generation.map(|g| g + 1);
        self
    }

    /// One observe -> decide -> apply -> record round; returns the actions.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Vec<Action> {
        let d = P::decide(&self.input, &self.status, &self.observed, now);
        for a in &d.actions {
            self.apply(a);
        }
        self.status = d.status.clone();
        let actions = d.actions.clone();
        self.last = Some(d);
        actions
    }

    /// Ticks until a round has no actions (at most 20), returning all actions taken.
    pub fn settle(&mut self, now: DateTime<Utc>) -> Vec<Action> {
        let mut all = Vec::new();
        for _ in 0..20 {
            let a = self.tick(now);
            if a.is_empty() {
                return all;
            }
            all.extend(a);
        }
        panic!("did not settle: {all:?}");
    }

    /// Every ReplicaSet's pods exist and are available.
    pub fn pods_ready(&mut self) -> &mut Self {
        for rs in &mut self.observed.replica_sets {
            rs.current = rs.replicas;
            rs.ready = rs.replicas;
            rs.available = rs.replicas;
        }
        self
    }

    pub fn apply(&mut self, action: &Action) {
        match action {
            Action::CreateReplicaSet { hash, replicas } => {
                assert!(
                    self.observed.rs(hash).is_none(),
                    "duplicate ReplicaSet {hash}"
                );
                let revision = self.observed.replica_sets.len() as i64 + 1;
                self.observed.replica_sets.push(ReplicaSetView {
                    revision: Some(revision),
                    created: Some(at(revision)),
                    name: format!("web-{hash}"),
                    hash: hash.clone(),
                    replicas: *replicas,
                    ..Default::default()
                });
            }
            Action::ScaleReplicaSet { hash, replicas } => {
                let rs = self.rs_mut(hash);
                rs.replicas = *replicas;
                rs.current = rs.current.min(*replicas);
                rs.ready = rs.ready.min(*replicas);
                rs.available = rs.available.min(*replicas);
            }
            Action::SetScaleDownDeadline { hash, at } => {
                self.rs_mut(hash).scale_down_deadline = *at
            }
            Action::PinService { service, hash } => {
                self.observed
                    .services
                    .insert(service.clone(), Some(hash.clone()));
            }
            Action::SetCanaryWeight { weight } => self.observed.canary_weight = Some(*weight),
            Action::CreateAnalysisRun { name, .. } => {
                assert!(
                    self.observed
                        .analysis_runs
                        .insert(name.clone(), "Running".into())
                        .is_none(),
                    "duplicate AnalysisRun {name}"
                );
            }
            Action::TerminateAnalysisRun { name } => {
                // The driver steps a terminated run to Successful.
                self.observed
                    .analysis_runs
                    .insert(name.clone(), "Successful".into());
            }
            Action::DeleteAnalysisRun { name } => {
                self.observed.analysis_runs.remove(name);
            }
            Action::SetEphemeralMetadata { hash, metadata } => {
                self.rs_mut(hash).ephemeral = metadata.clone()
            }
            Action::SetFlagPercent { percent } => {
                self.observed.flag = Some(super::flag::FlagView {
                    enabled: true,
                    percent: Some(*percent),
                })
            }
            Action::DisableFlag => {
                let view = self.observed.flag.get_or_insert_default();
                view.enabled = false;
            }
        }
    }

    fn rs_mut(&mut self, hash: &str) -> &mut ReplicaSetView {
        self.observed
            .replica_sets
            .iter_mut()
            .find(|rs| rs.hash == hash)
            .unwrap_or_else(|| panic!("no ReplicaSet {hash}"))
    }

    /// `hash=replicas` of every ReplicaSet, for compact assertions.
    pub fn scales(&self) -> String {
        self.observed
            .replica_sets
            .iter()
            .map(|rs| format!("{}={}", rs.hash, rs.replicas))
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn phase(&self) -> &str {
        self.status.phase.as_deref().unwrap_or("")
    }

    pub fn step(&self) -> i32 {
        self.status.current_step_index.unwrap_or(-1)
    }

    pub fn weight(&self) -> Option<i32> {
        self.observed.canary_weight
    }

    /// Healthy at v1, from a first run.
    pub fn stable_v1(plan: P) -> Self {
        let mut sim = Sim::new(plan);
        sim.settle(t0());
        sim.pods_ready();
        sim.settle(t0());
        assert_eq!(sim.phase(), "Healthy");
        sim
    }

    /// `promote` as the CLI records it.
    pub fn promote(&mut self) {
        self.status.pause_conditions.clear();
    }
}
