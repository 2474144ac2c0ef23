//! What a step machine builds up in one decision, over what was observed: the actions
//! (each only when the cluster differs) and the earliest wake-up.

use chrono::{DateTime, Utc};

use super::{Action, Observed};

/// A run phase after which the run takes no more measurements.
pub fn run_finished(phase: &str) -> bool {
    matches!(phase, "Successful" | "Failed" | "Error" | "Inconclusive")
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
