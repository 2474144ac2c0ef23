//! A progressive feature-flag rollout as a pure step machine: the flag on for a growing share
//! of targeting keys, a pause and an analysis between the percentages, and on a failed
//! analysis the kill switch (the flag disabled for everyone).
//!
//! Its progress is a Rollout-shaped status (`currentStepIndex`, `pauseConditions`,
//! `controllerPause`, `abort`, `promoteFull`), kept on the flag's ConfigMap, so intents arrive
//! as they do for a canary: `promote` clears `pauseConditions` (or skips the step),
//! `promote --full` sets `promoteFull` (on for everyone), `abort` sets `abort`, `retry` clears
//! it. `currentPodHash` holds the rollout's identity (its spec's hash): another spec starts over.

use chrono::{DateTime, TimeDelta, Utc};

use super::canary::{PAUSE_REASON, analysis_run_name};
use super::ctx::{StepRun, analysis_step, run_finished};
use super::{Action, Decision, Hold, Input, Observed, Outcome, RunKind, WINDOW_PAUSE_REASON};
use crate::flags::edit::Percent;
use crate::flags::rollout::{FlagPlan, FlagStep};
use crate::spec::rollout::{AnalysisRunStatusRef, PauseCondition, RolloutStatus};

/// The flag as observed: whether it is on at all, and for which share of keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FlagView {
    /// State ENABLED (a disabled flag answers DISABLED whatever its targeting).
    pub enabled: bool,
    /// The share of keys a plain on/off split gives `on` (None: a custom rule).
    pub percent: Option<Percent>,
}

impl FlagView {
    /// The share of keys that get the flag now (a disabled flag: none).
    pub fn effective(&self) -> Option<Percent> {
        if self.enabled {
            self.percent
        } else {
            Percent::from_basis_points(0)
        }
    }
}

pub fn decide(
    input: &Input<FlagPlan>,
    status: &RolloutStatus,
    observed: &Observed,
    now: DateTime<Utc>,
) -> Decision {
    let d = decide_once(input, status, observed, now);
    // A failed analysis turns into an abort, decided as one (the kill switch at once).
    if d.status.abort && !status.abort {
        return decide_once(input, &d.status, observed, now);
    }
    d
}

fn decide_once(
    input: &Input<FlagPlan>,
    status_in: &RolloutStatus,
    observed: &Observed,
    now: DateTime<Utc>,
) -> Decision {
    let plan = &input.plan;
    let id = input.pod_hash.as_str();
    let n = plan.steps.len();
    let view = observed.flag.unwrap_or_default();
    let current = view.effective();
    let mut st = status_in.clone();
    let mut actions = Vec::new();
    let mut wake: Option<DateTime<Utc>> = None;
    let mut wake_at =
        |at: DateTime<Utc>| wake = Some(wake.map_or(at, |w: DateTime<Utc>| w.min(at)));

    let held_since = st
        .pause_conditions
        .iter()
        .find(|p| p.reason == WINDOW_PAUSE_REASON)
        .map(|p| p.start_time);
    st.pause_conditions
        .retain(|p| p.reason != WINDOW_PAUSE_REASON);
    let mut held: Option<Hold> = None;

    // Another spec (or the first run) starts over from the first step.
    if st.current_pod_hash.as_deref() != Some(id) {
        st = RolloutStatus {
            current_pod_hash: Some(id.to_string()),
            current_step_hash: Some(input.step_hash.clone()),
            current_step_index: Some(0),
            ..RolloutStatus::default()
        };
    }
    let mut runs = observed.analysis_runs.clone();
    // Retry: the abort was cleared; the steps and their analyses run again from the start.
    if !st.abort && st.aborted_at.is_some() {
        st.aborted_at = None;
        st.current_step_index = Some(0);
        st.pause_conditions.clear();
        st.controller_pause = false;
        st.canary.current_step_analysis_run_status = None;
        let prefix = format!("{}-{id}-", input.name);
        let ours: Vec<String> = runs
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .cloned()
            .collect();
        for name in ours {
            runs.remove(&name);
            actions.push(Action::DeleteAnalysisRun { name });
        }
    }
    let run_ref = |name: &str| AnalysisRunStatusRef {
        name: name.to_string(),
        status: runs.get(name).cloned().unwrap_or_else(|| "Pending".into()),
        message: observed
            .analysis_messages
            .get(name)
            .filter(|m| !m.is_empty())
            .cloned(),
    };
    let mut wanted: Vec<String> = Vec::new();
    let mut paused_until: Option<Option<DateTime<Utc>>> = None;
    let mut done = false;
    let shown =
        |p: Option<Percent>| p.map_or_else(|| "a custom rule".to_string(), |p| p.to_string());

    if st.abort {
        st.aborted_at.get_or_insert(now);
        st.pause_conditions.clear();
        st.controller_pause = false;
        st.promote_full = false;
        if view.enabled {
            actions.push(Action::DisableFlag);
        }
    } else {
        let start = st.current_step_index.unwrap_or(0).clamp(0, n as i32) as usize;
        let mut idx = if st.promote_full { n } else { start };
        loop {
            let target = if idx >= n {
                Some(if st.promote_full {
                    Percent::FULL
                } else {
                    plan.final_percent()
                })
            } else {
                match &plan.steps[idx] {
                    FlagStep::Percent(p) => Some(*p),
                    _ => None,
                }
            };
            if let Some(p) = target {
                if current == Some(p) {
                    if idx >= n {
                        done = true;
                        break;
                    }
                    idx += 1;
                    continue;
                }
                if let Some(hold) = &input.hold
                    && current.is_none_or(|c| p > c)
                {
                    held = Some(hold.clone());
                    break;
                }
                actions.push(Action::SetFlagPercent { percent: p });
                break;
            }
            match &plan.steps[idx] {
                FlagStep::Pause(duration) => {
                    if let Some(pc) = st
                        .pause_conditions
                        .iter()
                        .find(|p| p.reason == PAUSE_REASON)
                    {
                        let until = pc.start_time + duration.to_chrono();
                        if now >= until {
                            st.pause_conditions.retain(|p| p.reason != PAUSE_REASON);
                            st.controller_pause = false;
                            idx += 1;
                            continue;
                        }
                        wake_at(until);
                        paused_until = Some(Some(until));
                    } else if st.controller_pause {
                        // Promoted: the pause condition was cleared by `flags promote`.
                        st.controller_pause = false;
                        idx += 1;
                        continue;
                    } else {
                        st.pause_conditions.push(PauseCondition {
                            reason: PAUSE_REASON.to_string(),
                            start_time: now,
                        });
                        st.controller_pause = true;
                        continue;
                    }
                }
                FlagStep::Analysis(_) => {
                    let run = analysis_run_name(&input.name, id, idx);
                    st.canary.current_step_analysis_run_status = Some(run_ref(&run));
                    match analysis_step(&mut st, runs.get(&run).map(String::as_str), now) {
                        StepRun::Create => actions.push(Action::CreateAnalysisRun {
                            name: run,
                            kind: RunKind::Step { index: idx },
                            hash: id.to_string(),
                        }),
                        StepRun::Next => {
                            idx += 1;
                            continue;
                        }
                        StepRun::Abort => {}
                        StepRun::Paused => paused_until = Some(None),
                        StepRun::Measuring => wanted.push(run),
                    }
                }
                FlagStep::Percent(_) => unreachable!("handled above"),
            }
            break;
        }
        st.current_step_index = Some(idx.min(n) as i32);
        if done {
            st.promote_full = false;
            st.pause_conditions.clear();
            st.controller_pause = false;
            st.stable_rs = Some(id.to_string());
        }
    }
    if let Some(hold) = &held {
        st.pause_conditions.push(PauseCondition {
            reason: WINDOW_PAUSE_REASON.to_string(),
            start_time: held_since.unwrap_or(now),
        });
        let until = hold.until.unwrap_or(now + TimeDelta::hours(1));
        wake_at(until);
        paused_until = Some(Some(until));
    }
    for (name, phase) in &runs {
        if !run_finished(phase) && !wanted.contains(name) {
            actions.push(Action::TerminateAnalysisRun { name: name.clone() });
        }
    }

    let flag = &plan.flag;
    let idx = st.current_step_index.unwrap_or(0) as usize;
    let step = format!("step {}/{n}", idx.min(n));
    let (phase, message, outcome) = if st.abort {
        let why = st
            .canary
            .current_step_analysis_run_status
            .as_ref()
            .filter(|r| r.status == "Failed" || r.status == "Error")
            .map(|r| {
                format!(
                    ": analysis {} {}{}",
                    r.name,
                    r.status.to_lowercase(),
                    r.message
                        .as_deref()
                        .map(|m| format!(" ({m})"))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_else(|| " by request".to_string());
        let message = format!("flag {flag} rolled back: disabled for everyone{why}");
        (
            "Degraded",
            message.clone(),
            Outcome::Degraded {
                aborted: true,
                message,
            },
        )
    } else if done {
        (
            "Healthy",
            format!("flag {flag} on for {}", shown(current)),
            Outcome::Healthy,
        )
    } else if let Some(until) = paused_until {
        let message = match (&held, until) {
            (Some(h), _) => format!("{step}: {}", h.message),
            (None, Some(at)) => format!(
                "{step}: paused at {} until {}",
                shown(current),
                crate::spec::time::format(&at)
            ),
            (None, None) => format!("{step}: paused at {} until promoted", shown(current)),
        };
        ("Paused", message, Outcome::Paused { until })
    } else {
        let next = actions.iter().find_map(|a| match a {
            Action::SetFlagPercent { percent } => Some(*percent),
            _ => None,
        });
        let message = match next {
            Some(p) => format!("{step}: {} -> {p}", shown(current)),
            None => format!("{step}: analysing at {}", shown(current)),
        };
        ("Progressing", message, Outcome::Progressing)
    };
    st.phase = Some(phase.to_string());
    st.message = Some(message);
    Decision {
        actions,
        status: st,
        wake_at: wake,
        outcome,
        pending_scale_down: false,
    }
}
