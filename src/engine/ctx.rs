//! What a step machine builds up in one decision, over what was observed: the actions
//! (each only when the cluster differs) and the earliest wake-up.

use chrono::{DateTime, Utc};

use super::{Action, Observed};

/// The stable revision when the status names none. A first revision has no other ReplicaSet
/// with pods, so it is its own stable. But a Rollout whose status was lost (a status write the
/// API server refused, a status wiped by hand) while older ReplicaSets serve must not take its
/// new template for a first revision and switch everything at once: the serving ReplicaSet the
/// `service` selects is stable, else the one with most available pods (the newest on a tie).
pub fn stable_when_unrecorded(observed: &Observed, service: Option<&str>, hash: &str) -> String {
    let serving = |h: &str| h != hash && observed.rs(h).is_some_and(|rs| rs.available > 0);
    if let Some(h) = service
        .and_then(|svc| observed.services.get(svc).cloned().flatten())
        .filter(|h| serving(h))
    {
        return h;
    }
    observed
        .replica_sets
        .iter()
        .filter(|rs| serving(&rs.hash))
        .max_by_key(|rs| rs.available)
        .map_or_else(|| hash.to_string(), |rs| rs.hash.clone())
}

/// Argo's `isRollbackWithinWindow`: the new template's ReplicaSet was created before the
/// stable one, and fewer than `revisions` ReplicaSets were created between them. Such a rollback
/// skips the steps and analysis, as a full promotion does.
pub fn rollback_within_window(
    observed: &Observed,
    revisions: i32,
    hash: &str,
    stable: &str,
) -> bool {
    if revisions <= 0 || hash == stable {
        return false;
    }
    let created = |h: &str| observed.rs(h).and_then(|rs| rs.created);
    let (Some(new), Some(stable)) = (created(hash), created(stable)) else {
        return false;
    };
    if new >= stable {
        return false;
    }
    let between = observed
        .replica_sets
        .iter()
        .filter_map(|rs| rs.created)
        .filter(|c| new < *c && *c < stable)
        .count();
    between < revisions as usize
}

/// A run phase after which the run takes no more measurements.
pub fn run_finished(phase: &str) -> bool {
    matches!(phase, "Successful" | "Failed" | "Error" | "Inconclusive")
}

/// What an analysis step's run says the step machine does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepRun {
    /// No run yet: create it.
    Create,
    /// Passed (or promoted past an inconclusive result): the next step.
    Next,
    /// Failed or errored: `abort` is set.
    Abort,
    /// Inconclusive: paused until promoted, as Argo does.
    Paused,
    /// Running: the driver takes its measurements and wakes the loop.
    Measuring,
}

/// Argo's rule for an analysis step whose run is in `phase` (None: not created), recorded in
/// `st` (the step's run status, the Inconclusive pause, `abort`). Shared by every step machine
/// with analysis steps.
pub fn analysis_step(
    st: &mut crate::spec::rollout::RolloutStatus,
    phase: Option<&str>,
    now: DateTime<Utc>,
) -> StepRun {
    use super::canary::INCONCLUSIVE;
    match phase {
        None => StepRun::Create,
        Some("Successful") => {
            st.canary.current_step_analysis_run_status = None;
            StepRun::Next
        }
        Some("Failed") | Some("Error") => {
            st.abort = true;
            StepRun::Abort
        }
        Some("Inconclusive") => {
            if st.pause_conditions.iter().any(|p| p.reason == INCONCLUSIVE) {
                StepRun::Paused
            } else if st.controller_pause {
                // Promoted: the pause condition was cleared.
                st.controller_pause = false;
                st.canary.current_step_analysis_run_status = None;
                StepRun::Next
            } else {
                st.pause_conditions
                    .push(crate::spec::rollout::PauseCondition {
                        reason: INCONCLUSIVE.to_string(),
                        start_time: now,
                    });
                st.controller_pause = true;
                StepRun::Paused
            }
        }
        Some(_) => StepRun::Measuring,
    }
}

pub struct Ctx<'a> {
    pub observed: &'a Observed,
    pub actions: Vec<Action>,
    pub wake_at: Option<DateTime<Utc>>,
}

impl<'a> Ctx<'a> {
    pub fn new(observed: &'a Observed) -> Self {
        Ctx {
            observed,
            actions: Vec::new(),
            wake_at: None,
        }
    }

    pub fn wake(&mut self, at: DateTime<Utc>) {
        self.wake_at = Some(self.wake_at.map_or(at, |w| w.min(at)));
    }

    pub fn available(&self, hash: &str) -> i32 {
        self.observed.rs(hash).map_or(0, |rs| rs.available)
    }

    pub fn spec_replicas(&self, hash: &str) -> Option<i32> {
        self.observed.rs(hash).map(|rs| rs.replicas)
    }

    /// Creates or scales the ReplicaSet of `hash` to `replicas`.
    pub fn scale(&mut self, hash: &str, replicas: i32) {
        match self.observed.rs(hash) {
            None => self.actions.push(Action::CreateReplicaSet {
                hash: hash.to_string(),
                replicas,
            }),
            Some(rs) if rs.replicas != replicas => self.actions.push(Action::ScaleReplicaSet {
                hash: hash.to_string(),
                replicas,
            }),
            Some(_) => {}
        }
    }

    pub fn pin(&mut self, service: &Option<String>, hash: &str) {
        if let Some(svc) = service
            && self.observed.services.get(svc) != Some(&Some(hash.to_string()))
        {
            self.actions.push(Action::PinService {
                service: svc.clone(),
                hash: hash.to_string(),
            });
        }
    }

    /// Points `service` at `hash` only where that never sends traffic to pods that are not
    /// there: once the ReplicaSet of `hash` is fully available and has pods (Argo's `IsReplicaSetAvailable`,
    /// as its controller delays a Service switch), or when what the Service selects now has no
    /// available pods (a first revision, a ReplicaSet that is gone). Returns whether the
    /// Service selects `hash` after this decision.
    pub fn pin_when_available(&mut self, service: &Option<String>, hash: &str) -> bool {
        let Some(svc) = service else {
            return false;
        };
        let current = self.observed.services.get(svc).cloned().flatten();
        if current.as_deref() == Some(hash) {
            return true;
        }
        let ready = self
            .observed
            .rs(hash)
            .is_some_and(|rs| rs.replicas > 0 && rs.available >= rs.replicas);
        let serving_now = current.as_deref().is_some_and(|c| self.available(c) > 0);
        if ready || !serving_now {
            self.pin(service, hash);
            return true;
        }
        false
    }

    /// The ReplicaSet `service` selects after the actions so far.
    pub fn service_target(&self, service: &str) -> Option<String> {
        self.actions
            .iter()
            .rev()
            .find_map(|a| match a {
                Action::PinService { service: s, hash } if s == service => Some(hash.clone()),
                _ => None,
            })
            .or_else(|| self.observed.services.get(service).cloned().flatten())
    }

    pub fn set_deadline(&mut self, hash: &str, at: Option<DateTime<Utc>>) {
        if self
            .observed
            .rs(hash)
            .is_some_and(|rs| rs.scale_down_deadline != at)
        {
            self.actions.push(Action::SetScaleDownDeadline {
                hash: hash.to_string(),
                at,
            });
        }
    }
}
