//! Argo's Rollout conditions (`Progressing`, `Paused`, `Available`) and their times.

use chrono::{DateTime, Utc};

use crate::spec::rollout::{RolloutCondition, RolloutStatus};

pub fn condition<'a>(st: &'a RolloutStatus, type_: &str) -> Option<&'a RolloutCondition> {
    st.conditions.iter().find(|c| c.type_ == type_)
}

/// Sets a condition (Argo's CRD requires the message, so there always is one); `lastTransitionTime` moves when its status changes, `lastUpdateTime`
/// when anything about it changes or `touch` (progress was made).
pub fn set_condition(
    st: &mut RolloutStatus,
    type_: &str,
    status: &str,
    reason: &str,
    message: String,
    touch: bool,
    now: DateTime<Utc>,
) {
    let new = |st: &mut RolloutStatus| {
        st.conditions.push(RolloutCondition {
            type_: type_.to_string(),
            status: status.to_string(),
            reason: Some(reason.to_string()),
            message: Some(message.clone()),
            last_update_time: Some(now),
            last_transition_time: Some(now),
        })
    };
    match st.conditions.iter_mut().find(|c| c.type_ == type_) {
        None => new(st),
        Some(c) => {
            let changed = c.status != status
                || c.reason.as_deref() != Some(reason)
                || c.message.as_deref() != Some(message.as_str());
            if c.status != status {
                c.last_transition_time = Some(now);
            }
            if changed || touch {
                c.last_update_time = Some(now);
            }
            c.status = status.to_string();
            c.reason = Some(reason.to_string());
            c.message = Some(message);
        }
    }
}

/// What the three conditions are derived from, the same for every strategy.
pub struct Progress<'a> {
    pub aborted: bool,
    pub deadline_exceeded: bool,
    pub paused: bool,
    /// The phase just decided (`Healthy`, `Progressing`, ...).
    pub phase: &'a str,
    /// The current revision's ReplicaSet.
    pub rs_name: &'a str,
    /// Progress was made this round (moves `Progressing`'s lastUpdateTime).
    pub progressed: bool,
    /// Desired replicas: `Available` when at least this many are.
    pub replicas: i32,
}

/// Sets `Progressing`, `Paused` and `Available` as Argo's controller writes them.
pub fn set_conditions(st: &mut RolloutStatus, p: &Progress, now: DateTime<Utc>) {
    let rs_name = p.rs_name;
    let (p_status, p_reason, p_message) = if p.aborted {
        (
            "False",
            "RolloutAborted",
            st.message.clone().unwrap_or_default(),
        )
    } else if p.deadline_exceeded {
        (
            "False",
            "ProgressDeadlineExceeded",
            st.message.clone().unwrap_or_default(),
        )
    } else if p.paused {
        ("Unknown", "RolloutPaused", "Rollout is paused".to_string())
    } else if p.phase == "Healthy" {
        (
            "True",
            "NewReplicaSetAvailable",
            format!("ReplicaSet \"{rs_name}\" has successfully progressed."),
        )
    } else {
        (
            "True",
            "ReplicaSetUpdated",
            format!("ReplicaSet \"{rs_name}\" is progressing."),
        )
    };
    set_condition(
        st,
        "Progressing",
        p_status,
        p_reason,
        p_message,
        p.progressed,
        now,
    );
    let paused = if p.paused { "True" } else { "False" };
    // Argo's CRD requires every condition's message; Argo writes these words, both ways.
    let paused_message = "Rollout is paused".to_string();
    set_condition(
        st,
        "Paused",
        paused,
        "RolloutPaused",
        paused_message,
        false,
        now,
    );
    let (available, message) = if st.available_replicas.unwrap_or(0) >= p.replicas {
        ("True", "Rollout has minimum availability")
    } else {
        ("False", "Rollout does not have minimum availability")
    };
    set_condition(
        st,
        "Available",
        available,
        "AvailableReason",
        message.to_string(),
        false,
        now,
    );
}
