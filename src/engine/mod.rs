//! The step machine: a pure function from (plan, status, observed cluster state, now) to the
//! actions to take, the status to record and when to look again. No IO, no clock: `now` is an
//! argument, so whole timelines are table tests.

pub mod bluegreen;
pub mod canary;
mod conditions;
mod ctx;
#[cfg(test)]
mod fixtures;
pub mod flag;
pub mod hash;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_bluegreen;
#[cfg(test)]
mod tests_flag;
#[cfg(test)]
mod tests_traffic;
pub mod timeline;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

pub use crate::analysis::build::RunKind;
pub use hash::POD_TEMPLATE_HASH_LABEL;

use crate::spec::rollout::{CanaryPlan, Plan, PodTemplateMetadata, RolloutStatus};

/// What `decide` needs to know about the Rollout's spec, resolved by the caller. `P` is the
/// plan of one strategy's step machine, or [`Plan`] (any of them) for [`decide`].
#[derive(Debug, Clone, PartialEq)]
pub struct Input<P = CanaryPlan> {
    pub name: String,
    pub plan: P,
    /// [`hash::pod_template_hash`] of `spec.template`.
    pub pod_hash: String,
    /// [`hash::value_hash`] of `spec.strategy.canary.steps`.
    pub step_hash: String,
    pub generation: Option<i64>,
    /// More traffic may not go to the new revision now (a deploy window blocks it).
    pub hold: Option<Hold>,
}

/// Why traffic may not grow now, and when that may change: the step machine keeps the rollout
/// where it is (an abort is never held) and wakes at `until`.
#[derive(Debug, Clone, PartialEq)]
pub struct Hold {
    pub message: String,
    pub until: Option<DateTime<Utc>>,
}

/// The pause reason of a rollout held by a deploy window (Argo's tools show it as any other).
pub const WINDOW_PAUSE_REASON: &str = "SyncWindowBlocked";

impl<P> Input<P> {
    /// The same Rollout with another plan (one strategy's, taken out of [`Plan`]).
    pub fn with_plan<Q>(&self, plan: Q) -> Input<Q> {
        Input {
            name: self.name.clone(),
            plan,
            pod_hash: self.pod_hash.clone(),
            step_hash: self.step_hash.clone(),
            generation: self.generation,
            hold: self.hold.clone(),
        }
    }
}

/// The step machine of every strategy behind one signature: the driver calls this and knows
/// nothing about the strategy. A new strategy is a [`Plan`] variant and an engine file.
pub fn decide(
    input: &Input<Plan>,
    status: &RolloutStatus,
    observed: &Observed,
    now: DateTime<Utc>,
) -> Decision {
    match &input.plan {
        Plan::Canary(p) => canary::decide(&input.with_plan(p.clone()), status, observed, now),
        Plan::BlueGreen(p) => bluegreen::decide(&input.with_plan(p.clone()), status, observed, now),
        Plan::Flag(p) => flag::decide(&input.with_plan(p.clone()), status, observed, now),
    }
}

/// A ReplicaSet owned by the Rollout, as observed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReplicaSetView {
    pub name: String,
    pub hash: String,
    /// `spec.replicas`.
    pub replicas: i32,
    /// `status.replicas`: pods that exist.
    pub current: i32,
    pub ready: i32,
    pub available: i32,
    /// The `scale-down-deadline` annotation: when it is scaled to zero.
    pub scale_down_deadline: Option<DateTime<Utc>>,
    /// The ephemeral metadata (blue-green `activeMetadata`/`previewMetadata`) its pods carry.
    pub ephemeral: Option<PodTemplateMetadata>,
    /// Argo's `rollout.argoproj.io/revision` annotation.
    pub revision: Option<i64>,
    /// `metadata.creationTimestamp` (Argo's order of revisions for `rollbackWindow`).
    pub created: Option<DateTime<Utc>>,
}

/// The cluster state `decide` reads.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Observed {
    pub replica_sets: Vec<ReplicaSetView>,
    /// Service name -> the hash its selector is pinned to (None: not pinned).
    pub services: BTreeMap<String, Option<String>>,
    /// The canary Ingress's `canary-weight`; None when there is no canary Ingress.
    pub canary_weight: Option<i32>,
    /// AnalysisRun name -> its phase (Pending, Running, Successful, Failed, Error,
    /// Inconclusive), for the runs of analysis steps.
    pub analysis_runs: BTreeMap<String, String>,
    /// AnalysisRun name -> its message (which metric failed, with which values).
    pub analysis_messages: BTreeMap<String, String>,
    /// The feature flag a flag rollout drives.
    pub flag: Option<flag::FlagView>,
}

impl Observed {
    /// How Argo names a revision in messages: its revision number, else (not created yet) the
    /// hash.
    pub fn revision_name(&self, hash: &str) -> String {
        self.rs(hash)
            .and_then(|rs| rs.revision)
            .map_or_else(|| hash.to_string(), |r| r.to_string())
    }

    pub fn rs(&self, hash: &str) -> Option<&ReplicaSetView> {
        self.replica_sets.iter().find(|rs| rs.hash == hash)
    }
}

/// A change to make in the cluster. Every action is idempotent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Create ReplicaSet `<rollout>-<hash>` from the Rollout's template, owned by the Rollout.
    CreateReplicaSet {
        hash: String,
        replicas: i32,
    },
    ScaleReplicaSet {
        hash: String,
        replicas: i32,
    },
    /// Set (or with None remove) the scale-down deadline annotation.
    SetScaleDownDeadline {
        hash: String,
        at: Option<DateTime<Utc>>,
    },
    /// Point a Service's `rollouts-pod-template-hash` selector at a revision.
    PinService {
        service: String,
        hash: String,
    },
    /// Create or update the nginx canary Ingress with this weight.
    SetCanaryWeight {
        weight: i32,
    },
    /// Start the AnalysisRun `name` for the strategy's analysis `kind` (a step, background,
    /// pre- or post-promotion) of the revision `hash`.
    CreateAnalysisRun {
        name: String,
        kind: RunKind,
        hash: String,
    },
    /// Stop a run that is no longer needed (its step was left, the rollout aborted or was
    /// promoted); the driver finishes it.
    TerminateAnalysisRun {
        name: String,
    },
    /// Remove a finished run of the canary being retried, so its analysis runs again.
    DeleteAnalysisRun {
        name: String,
    },
    /// Give the ReplicaSet's pod template and its pods this ephemeral metadata (None: remove
    /// what an earlier one added).
    SetEphemeralMetadata {
        hash: String,
        metadata: Option<PodTemplateMetadata>,
    },
    /// Turn the flag on for this share of targeting keys (100%: everyone).
    SetFlagPercent {
        percent: crate::flags::edit::Percent,
    },
    /// The kill switch: the flag disabled for everyone.
    DisableFlag,
}

/// Where the rollout stands after this decision, for the driver's exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Stable is the current revision and fully available.
    Healthy,
    Progressing,
    /// Paused at a step; `until` is None for a pause that waits for a promotion.
    Paused {
        until: Option<DateTime<Utc>>,
    },
    /// Aborted or past its progress deadline.
    Degraded {
        aborted: bool,
        message: String,
    },
}

/// The result of one `decide`.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub actions: Vec<Action>,
    pub status: RolloutStatus,
    /// When to decide again even if nothing changes in the cluster.
    pub wake_at: Option<DateTime<Utc>>,
    pub outcome: Outcome,
    /// Old ReplicaSets still waiting for their scale-down deadline.
    pub pending_scale_down: bool,
}

pub use crate::spec::rollout::Step;

#[cfg(test)]
mod boundary {
    /// The core stays pure: no clock, no runtime, no API client in the engine's sources.
    #[test]
    fn the_engine_has_no_io_and_no_clock() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            // This test names what it bans; check only what comes before it.
            let text = text.split("mod boundary").next().unwrap();
            for banned in [
                "Utc::now",
                "SystemTime",
                "tokio",
                "kube::",
                "reqwest",
                "std::fs",
            ] {
                let code: String = text
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("//"))
                    .collect();
                assert!(!code.contains(banned), "{} uses {banned}", path.display());
            }
        }
    }
}
