//! Argo's Rollout conditions (`Progressing`, `Paused`, `Available`) and their times.

use chrono::{DateTime, Utc};

use crate::spec::rollout::{RolloutCondition, RolloutStatus};

pub fn condition<'a>(st: &'a RolloutStatus, type_: &str) -> Option<&'a RolloutCondition> {
    st.conditions.iter().find(|c| c.type_ == type_)
}

/// Sets a condition; `lastTransitionTime` moves when its status changes, `lastUpdateTime`
/// when anything about it changes or `touch` (progress was made).
pub fn set_condition(
    st: &mut RolloutStatus,
    type_: &str,
    status: &str,
    reason: &str,
    message: Option<String>,
    touch: bool,
    now: DateTime<Utc>,
) {
    let new = |st: &mut RolloutStatus| {
        st.conditions.push(RolloutCondition {
            type_: type_.to_string(),
            status: status.to_string(),
            reason: Some(reason.to_string()),
            message: message.clone(),
            last_update_time: Some(now),
            last_transition_time: Some(now),
        })
    };
    match st.conditions.iter_mut().find(|c| c.type_ == type_) {
        None => new(st),
        Some(c) => {
            let changed =
                c.status != status || c.reason.as_deref() != Some(reason) || c.message != message;
            if c.status != status {
                c.last_transition_time = Some(now);
            }
            if changed || touch {
                c.last_update_time = Some(now);
            }
            c.status = status.to_string();
            c.reason = Some(reason.to_string());
            c.message = message;
        }
    }
}
