//! Argo Rollouts' canary strategy as a pure step machine.
//!
//! The rollout's progress lives in its status (`currentStepIndex`, `pauseConditions`,
//! `controllerPause`, `abort`, `promoteFull`, `stableRS`); intents from other processes arrive
//! the way Argo's CLI writes them: `promote` clears `pauseConditions` (leaving `controllerPause`),
//! `promote --full` sets `promoteFull`, `abort` sets `abort`, `retry` clears `abort`.

use chrono::{DateTime, TimeDelta, Utc};

use super::conditions::{Progress, condition, set_conditions};
use super::ctx::{
    Ctx, StepRun, analysis_step, rollback_within_window, run_finished, stable_when_unrecorded,
};
use super::{Action, Decision, Hold, Input, Observed, Outcome, RunKind, WINDOW_PAUSE_REASON};
use crate::spec::rollout::{
    AnalysisRunStatusRef, CanaryPlan, PauseCondition, RolloutStatus, Step, TrafficWeights,
    WeightDestination,
};

pub const PAUSE_REASON: &str = "CanaryPauseStep";
/// Argo's pause reason for an analysis that could not decide.
pub const INCONCLUSIVE: &str = "InconclusiveAnalysisRun";

/// The AnalysisRun of an analysis step: `<rollout>-<hash>-<step>`.
pub fn analysis_run_name(rollout: &str, hash: &str, step: usize) -> String {
    format!("{rollout}-{hash}-{step}")
}

/// The background AnalysisRun of a canary: `<rollout>-<hash>-background`.
pub fn background_run_name(rollout: &str, hash: &str) -> String {
    format!("{rollout}-{hash}-background")
}

/// Marks a background run's Inconclusive pause as promoted past (kept in its status message).
const PROMOTED_PAST: &str = "promoted past an inconclusive result";

/// The replica count and traffic weight a canary aims for at step `idx` (Argo's look-back:
/// the last `setWeight` / `setCanaryScale` at or before it; past the last step, everything).
pub fn targets(plan: &CanaryPlan, idx: usize) -> (i32, i32) {
    let r = plan.replicas;
    if idx >= plan.steps.len() {
        return (r, 100);
    }
    let weight = plan.steps[..=idx]
        .iter()
        .rev()
        .find_map(|s| match s {
            Step::SetWeight(w) => Some(*w),
            _ => None,
        })
        .unwrap_or(0);
    let scale = plan.steps[..=idx].iter().rev().find_map(|s| match s {
        Step::SetCanaryScale {
            weight,
            replicas,
            match_traffic_weight,
        } => Some((*weight, *replicas, *match_traffic_weight)),
        _ => None,
    });
    let replicas = match scale {
        Some((_, Some(n), false)) => n,
        Some((Some(w), None, false)) => ceil_pct(r, w),
        _ => ceil_pct(r, weight),
    };
    (replicas, weight)
}

/// ceil(pct% of n), as Argo rounds so that a non-zero weight always gets a pod.
pub fn ceil_pct(n: i32, pct: i32) -> i32 {
    let p = i64::from(n) * i64::from(pct);
    ((p + 99) / 100) as i32
}

/// Decides the next actions for a canary Rollout. `status` is the Rollout's status as read
/// (including intents other processes recorded); the returned status replaces it.
pub fn decide(
    input: &Input,
    status: &RolloutStatus,
    observed: &Observed,
    now: DateTime<Utc>,
) -> Decision {
    let d = decide_once(input, status, observed, now);
    // progressDeadlineAbort: the deadline turns into an abort, decided as one.
    if d.status.abort && !status.abort {
        return decide_once(input, &d.status, observed, now);
    }
    d
}

fn decide_once(
    input: &Input,
    status_in: &RolloutStatus,
    observed: &Observed,
    now: DateTime<Utc>,
) -> Decision {
    let plan = &input.plan;
    let hash = input.pod_hash.as_str();
    let n = plan.steps.len();
    let r = plan.replicas;
    let mut st = status_in.clone();
    let mut cx = Ctx::new(observed);
    let mut progressed = false;
    // A deploy window's hold is decided again every round (kept from when it began).
    let held_since = st
        .pause_conditions
        .iter()
        .find(|p| p.reason == WINDOW_PAUSE_REASON)
        .map(|p| p.start_time);
    st.pause_conditions
        .retain(|p| p.reason != WINDOW_PAUSE_REASON);
    let mut held: Option<Hold> = None;

    // The first revision becomes stable at once, without steps.
    let stable = st.stable_rs.clone().unwrap_or_else(|| {
        progressed = true;
        stable_when_unrecorded(observed, plan.stable_service.as_deref(), hash)
    });
    // A stable ReplicaSet that is gone cannot be recreated (its template is not kept): as in
    // Argo, the new revision then becomes stable without steps.
    let stable = if stable != hash && observed.rs(&stable).is_none() {
        progressed = true;
        hash.to_string()
    } else {
        stable
    };
    st.stable_rs = Some(stable.clone());
    let in_canary = hash != stable;

    // A new template starts a new canary, also after an abort.
    if st.current_pod_hash.as_deref() != Some(hash) {
        progressed = true;
        st.current_pod_hash = Some(hash.to_string());
        reset_steps(&mut st, if in_canary { 0 } else { n });
        st.abort = false;
        st.aborted_at = None;
        st.promote_full = false;
        st.current_step_hash = Some(input.step_hash.clone());
    }
    // Changed steps restart the canary, as in Argo.
    if st.current_step_hash.as_deref() != Some(input.step_hash.as_str()) {
        if in_canary {
            progressed = true;
            reset_steps(&mut st, 0);
        }
        st.current_step_hash = Some(input.step_hash.clone());
    }
    // The runs as seen by this decision (a retry deletes the canary's finished runs).
    let mut runs = observed.analysis_runs.clone();
    let run_ref = |runs: &std::collections::BTreeMap<String, String>, name: &str| {
        runs.get(name).map(|phase| AnalysisRunStatusRef {
            name: name.to_string(),
            status: phase.clone(),
            message: observed
                .analysis_messages
                .get(name)
                .filter(|m| !m.is_empty())
                .cloned(),
        })
    };
    // Retry: abort was cleared after an abort; the canary's analysis runs again from scratch.
    if !st.abort && st.aborted_at.is_some() {
        progressed = true;
        st.aborted_at = None;
        reset_steps(&mut st, 0);
        st.canary.current_background_analysis_run_status = None;
        let prefix = format!("{}-{hash}-", input.name);
        let ours: Vec<String> = runs
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .cloned()
            .collect();
        for name in ours {
            runs.remove(&name);
            cx.actions.push(Action::DeleteAnalysisRun { name });
        }
    }
    // Runs that should be measuring now; any other unfinished run is terminated.
    let mut wanted: Vec<String> = Vec::new();

    let mut traffic = observed.canary_weight.unwrap_or(0);
    let mut aborted = false;
    let mut paused_until: Option<Option<DateTime<Utc>>> = None;
    let mut waiting_for_pods = false;
    let mut promoted = false;
    let mut pending_promoted_deadline = None;
    let mut pending_abort_scale_down = false;

    if !in_canary {
        // Steady state (or the template went back to stable): stable at full scale.
        st.current_step_index = Some(n as i32);
        st.pause_conditions.clear();
        st.controller_pause = false;
        st.abort = false;
        st.promote_full = false;
        cx.set_deadline(&stable, None);
        cx.scale(&stable, r);
        cx.pin_when_available(&plan.stable_service, &stable);
        cx.pin_when_available(&plan.canary_service, &stable);
        traffic = 0;
        waiting_for_pods = cx.available(&stable) < r;
    } else if st.abort {
        aborted = true;
        let at = *st.aborted_at.get_or_insert(now);
        // The failed analysis stays on record.
        let analysis = st.canary.current_step_analysis_run_status.take();
        reset_steps(&mut st, 0);
        st.canary.current_step_analysis_run_status = analysis;
        st.promote_full = false;
        traffic = 0;
        cx.set_deadline(&stable, None);
        cx.scale(&stable, r);
        cx.pin(&plan.stable_service, &stable);
        // As Argo: the canary Service goes back to stable, never left on pods being removed.
        cx.pin(&plan.canary_service, &stable);
        // The canary keeps its pods for abortScaleDownDelaySeconds after traffic left it.
        if cx.spec_replicas(hash).unwrap_or(0) > 0 {
            let deadline = observed
                .rs(hash)
                .and_then(|rs| rs.scale_down_deadline)
                .unwrap_or(at + TimeDelta::seconds(plan.abort_scale_down_delay_seconds));
            let traffic_gone = !plan.traffic_routed() || observed.canary_weight.unwrap_or(0) == 0;
            let stable_back = plan.traffic_routed() || cx.available(&stable) >= r;
            if now >= deadline && traffic_gone && stable_back {
                cx.scale(hash, 0);
                cx.set_deadline(hash, None);
            } else {
                cx.set_deadline(hash, Some(deadline));
                cx.wake(deadline.max(now + TimeDelta::seconds(1)));
                pending_abort_scale_down = true;
            }
        }
    } else {
        let start_idx = st.current_step_index.unwrap_or(0).clamp(0, n as i32) as usize;
        // A rollback within `rollbackWindow` goes straight to full promotion, as in Argo.
        let fast = st.promote_full
            || rollback_within_window(observed, plan.rollback_window, hash, &stable);
        let mut idx = if fast { n } else { start_idx };
        cx.set_deadline(hash, None);
        // The canary Service moves to the new pods once they are available (Argo delays the
        // switch the same way); until then it stays where it is and carries no weight.
        cx.pin_when_available(&plan.canary_service, hash);
        // Background analysis runs alongside the steps from its starting step on; its failure
        // aborts at any step, an inconclusive result pauses until promoted.
        let mut halt = false;
        if let Some(bg) = &plan.background
            && start_idx >= bg.starting_step
            && !fast
        {
            let name = background_run_name(&input.name, hash);
            let previous = st.canary.current_background_analysis_run_status.clone();
            let mut now_ref = run_ref(&runs, &name).unwrap_or(AnalysisRunStatusRef {
                name: name.clone(),
                status: "Pending".into(),
                message: None,
            });
            match runs.get(&name).map(String::as_str) {
                None => cx.actions.push(Action::CreateAnalysisRun {
                    name: name.clone(),
                    kind: RunKind::Background,
                    hash: hash.to_string(),
                }),
                Some("Failed") | Some("Error") => {
                    st.abort = true;
                    halt = true;
                }
                Some("Inconclusive") => {
                    let seen = previous.as_ref().filter(|p| p.status == "Inconclusive");
                    if seen.is_some_and(|p| p.message.as_deref() == Some(PROMOTED_PAST)) {
                        now_ref.message = Some(PROMOTED_PAST.into());
                    } else if st.pause_conditions.iter().any(|p| p.reason == INCONCLUSIVE) {
                        paused_until = Some(None);
                        halt = true;
                    } else if seen.is_some() {
                        // Promoted: the pause condition was cleared by `promote`.
                        st.controller_pause = false;
                        now_ref.message = Some(PROMOTED_PAST.into());
                    } else {
                        st.pause_conditions.push(PauseCondition {
                            reason: INCONCLUSIVE.to_string(),
                            start_time: now,
                        });
                        st.controller_pause = true;
                        paused_until = Some(None);
                        halt = true;
                    }
                }
                Some(_) => wanted.push(name.clone()),
            }
            st.canary.current_background_analysis_run_status = Some(now_ref);
        }
        if halt {
            st.current_step_index = Some(start_idx as i32);
        }
        if !halt {
            loop {
                // A deploy window that blocks holds the rollout before any step that sends
                // more traffic to the new revision (a higher weight, the full promotion).
                if let Some(hold) = &input.hold {
                    let before = if idx == 0 {
                        0
                    } else {
                        targets(plan, idx - 1).1
                    };
                    let next = if idx >= n { 100 } else { targets(plan, idx).1 };
                    let there =
                        plan.traffic_routed() && observed.canary_weight.unwrap_or(0) >= next;
                    if next > before && !there {
                        held = Some(hold.clone());
                        st.current_step_index = Some(idx as i32);
                        break;
                    }
                }
                let (canary_target, weight) = targets(plan, idx);
                let canary_ready = cx.spec_replicas(hash) == Some(canary_target)
                    && cx.available(hash) >= canary_target;
                // Traffic moves only to pods that are available; less traffic needs no pods.
                if plan.traffic_routed() && (canary_ready || weight < traffic) {
                    traffic = weight;
                }
                let stable_target = if plan.traffic_routed() {
                    r
                } else {
                    ceil_pct(r, 100 - weight)
                };
                // Without traffic routing, stable shrinks only once the canary pods serve.
                let stable_ok = plan.traffic_routed()
                    || (cx.spec_replicas(&stable).unwrap_or(0) == stable_target
                        && (canary_ready || stable_target >= r));
                // A step is done when the Ingress carries its weight, not when we asked for it.
                let traffic_ok =
                    !plan.traffic_routed() || observed.canary_weight.unwrap_or(0) == weight;
                let step_done = canary_ready && stable_ok && traffic_ok;
                if idx >= n {
                    if step_done {
                        // Full promotion: the canary becomes stable, traffic weight back to 0.
                        promoted = true;
                        idx = n;
                    } else {
                        waiting_for_pods = true;
                    }
                    st.current_step_index = Some(idx as i32);
                    break;
                }
                match &plan.steps[idx] {
                    Step::SetWeight(_) | Step::SetCanaryScale { .. } => {
                        if step_done {
                            idx += 1;
                            continue;
                        }
                        waiting_for_pods = true;
                    }
                    Step::Analysis(_) => {
                        let run = analysis_run_name(&input.name, hash, idx);
                        let phase = runs.get(&run).cloned();
                        st.canary.current_step_analysis_run_status =
                            Some(run_ref(&runs, &run).unwrap_or(AnalysisRunStatusRef {
                                name: run.clone(),
                                status: "Pending".into(),
                                message: None,
                            }));
                        match analysis_step(&mut st, phase.as_deref(), now) {
                            StepRun::Create => cx.actions.push(Action::CreateAnalysisRun {
                                name: run,
                                kind: RunKind::Step { index: idx },
                                hash: hash.to_string(),
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
                    Step::Pause(duration) => {
                        if let Some(pc) = st
                            .pause_conditions
                            .iter()
                            .find(|p| p.reason == PAUSE_REASON)
                        {
                            let until = duration.map(|d| pc.start_time + d.to_chrono());
                            match until {
                                Some(until) if now >= until => {
                                    st.pause_conditions.retain(|p| p.reason != PAUSE_REASON);
                                    st.controller_pause = false;
                                    idx += 1;
                                    continue;
                                }
                                Some(until) => {
                                    cx.wake(until);
                                    paused_until = Some(Some(until));
                                }
                                None => paused_until = Some(None),
                            }
                        } else if st.controller_pause {
                            // Promoted: the pause condition was cleared by `promote`.
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
                }
                st.current_step_index = Some(idx as i32);
                break;
            }
        }
        if st.current_step_index != Some(start_idx as i32) {
            progressed = true;
        }
        // Weight only to a canary Service that selects the new pods while some are available:
        // a new template at weight 20 drops to 0 until its pods serve, as in Argo.
        let canary_serves = plan.canary_service.as_deref().is_some_and(|svc| {
            cx.service_target(svc).as_deref() == Some(hash) && cx.available(hash) > 0
        });
        if !canary_serves {
            traffic = 0;
        }
        // Held: the pods and weight of the step before, until the window opens.
        let (canary_target, weight) = match &held {
            Some(_) if idx == 0 => (0, 0),
            Some(_) => targets(plan, idx - 1),
            None => targets(plan, idx),
        };
        if let Some(hold) = &held {
            st.pause_conditions.push(PauseCondition {
                reason: WINDOW_PAUSE_REASON.to_string(),
                start_time: held_since.unwrap_or(now),
            });
            // No opening within the horizon: look again in an hour.
            let until = hold.until.unwrap_or(now + TimeDelta::hours(1));
            cx.wake(until);
            paused_until = Some(Some(until));
        }
        if promoted {
            // Full promotion ends the background analysis (terminated below).
            wanted.clear();
            st.stable_rs = Some(hash.to_string());
            st.promote_full = false;
            st.pause_conditions.clear();
            st.controller_pause = false;
            cx.scale(hash, r);
            // Stable's Service moves to the new pods before the canary weight drops to 0.
            cx.pin(&plan.stable_service, hash);
            traffic = 0;
            // The old stable keeps its pods for scaleDownDelaySeconds after traffic left it.
            if let Some(old) = observed.rs(&stable).filter(|rs| rs.replicas > 0) {
                let at = old
                    .scale_down_deadline
                    .unwrap_or(now + TimeDelta::seconds(plan.scale_down_delay_seconds));
                cx.set_deadline(&stable, Some(at));
                pending_promoted_deadline = Some(at);
            }
        } else {
            cx.set_deadline(&stable, None);
            cx.pin(&plan.stable_service, &stable);
            cx.scale(hash, canary_target);
            let stable_target = if plan.traffic_routed() {
                r
            } else if cx.available(hash) >= canary_target {
                ceil_pct(r, 100 - weight)
            } else {
                cx.spec_replicas(&stable).unwrap_or(r)
            };
            cx.scale(&stable, stable_target);
        }
    }

    let promoted_now = promoted;
    let stable_now = st.stable_rs.clone().unwrap_or_default();

    // Unfinished runs nobody waits for any more (a step left by promote, an abort, a full
    // promotion, an older revision) are terminated; the driver finishes them.
    for (name, phase) in &runs {
        if !run_finished(phase) && !wanted.contains(name) {
            cx.actions
                .push(Action::TerminateAnalysisRun { name: name.clone() });
        }
    }

    // Traffic: the canary Ingress follows, created when it first carries weight. Less weight
    // goes first, before any pod it was sent to is scaled away or a Service moves; more weight
    // goes last, once the pods and Services that take it are in place.
    let before = observed.canary_weight.unwrap_or(0);
    if plan.traffic_routed() && before != traffic {
        let set = Action::SetCanaryWeight { weight: traffic };
        let serving = plan
            .canary_service
            .as_deref()
            .and_then(|svc| observed.services.get(svc).cloned().flatten());
        let takes_pods_away = |a: &Action| match a {
            Action::PinService { service, .. } => plan.canary_service.as_ref() == Some(service),
            Action::ScaleReplicaSet { hash, replicas } => {
                serving.as_deref() == Some(hash.as_str())
                    && cx.spec_replicas(hash).is_some_and(|n| *replicas < n)
            }
            _ => false,
        };
        match cx.actions.iter().position(takes_pods_away) {
            Some(i) if traffic < before => cx.actions.insert(i, set),
            _ => cx.actions.push(set),
        }
    }

    // ReplicaSets of neither revision scale down after their deadline.
    let mut pending_scale_down = false;
    for rs in &observed.replica_sets {
        if rs.hash == stable_now
            || rs.hash == hash
            || (promoted_now && rs.hash == stable)
            || rs.replicas == 0
        {
            continue;
        }
        match rs.scale_down_deadline {
            Some(at) if now >= at => {
                cx.actions.push(Action::ScaleReplicaSet {
                    hash: rs.hash.clone(),
                    replicas: 0,
                });
                cx.actions.push(Action::SetScaleDownDeadline {
                    hash: rs.hash.clone(),
                    at: None,
                });
            }
            Some(at) => {
                pending_scale_down = true;
                cx.wake(at);
            }
            None => {
                let at = now + TimeDelta::seconds(plan.scale_down_delay_seconds);
                pending_scale_down = true;
                cx.actions.push(Action::SetScaleDownDeadline {
                    hash: rs.hash.clone(),
                    at: Some(at),
                });
                cx.wake(at);
            }
        }
    }
    if let Some(at) = pending_promoted_deadline {
        pending_scale_down = true;
        cx.wake(at);
    }
    if pending_abort_scale_down {
        pending_scale_down = true;
    }

    // Replica counts as observed; pods of a ReplicaSet being scaled down no longer count.
    let sum = |f: fn(&super::ReplicaSetView) -> i32| observed.replica_sets.iter().map(f).sum();
    st.replicas = Some(sum(|rs| rs.current.min(rs.replicas)));
    st.ready_replicas = Some(sum(|rs| rs.ready.min(rs.replicas)));
    st.available_replicas = Some(sum(|rs| rs.available.min(rs.replicas)));
    st.updated_replicas = Some(
        observed
            .rs(hash)
            .map_or(0, |rs| rs.current.min(rs.replicas)),
    );
    if st.available_replicas != status_in.available_replicas
        || st.updated_replicas != status_in.updated_replicas
    {
        progressed = true;
    }
    st.observed_generation = input.generation.map(|g| g.to_string());
    st.selector = None;
    st.canary.weights = plan.traffic_routed().then(|| TrafficWeights {
        canary: WeightDestination {
            service_name: plan.canary_service.clone(),
            pod_template_hash: Some(hash.to_string()),
            weight: traffic,
        },
        stable: WeightDestination {
            service_name: plan.stable_service.clone(),
            pod_template_hash: Some(stable_now.clone()),
            weight: 100 - traffic,
        },
    });

    // Progress deadline: only while waiting for pods, never while paused or aborted.
    let last_progress = if progressed {
        now
    } else {
        condition(&st, "Progressing")
            .and_then(|c| c.last_update_time)
            .unwrap_or(now)
    };
    let deadline = last_progress + TimeDelta::seconds(plan.progress_deadline_seconds);
    let mut deadline_exceeded = false;
    if waiting_for_pods && !aborted && paused_until.is_none() {
        if now >= deadline {
            deadline_exceeded = true;
            if plan.progress_deadline_abort && in_canary && !promoted_now {
                st.abort = true;
            }
        } else {
            cx.wake(deadline);
        }
    }

    let stable_available = observed
        .rs(&stable_now)
        .is_some_and(|rs| rs.replicas == r && rs.available >= r);
    let rs_name = format!("{}-{hash}", input.name);
    let (phase, message, outcome) = if aborted {
        let why = [
            &st.canary.current_step_analysis_run_status,
            &st.canary.current_background_analysis_run_status,
        ]
        .into_iter()
        .flatten()
        .find(|a| a.status == "Failed" || a.status == "Error")
        .map(|a| match &a.message {
            Some(m) => format!(": AnalysisRun {} {}: {m}", a.name, a.status),
            None => format!(": AnalysisRun {} {}", a.name, a.status),
        })
        .unwrap_or_default();
        let revision = observed.revision_name(hash);
        let m = format!("RolloutAborted: Rollout aborted update to revision {revision}{why}");
        (
            "Degraded",
            Some(m.clone()),
            Outcome::Degraded {
                aborted: true,
                message: m,
            },
        )
    } else if deadline_exceeded {
        let m = format!(
            "ProgressDeadlineExceeded: ReplicaSet \"{rs_name}\" has timed out progressing."
        );
        (
            "Degraded",
            Some(m.clone()),
            Outcome::Degraded {
                aborted: false,
                message: m,
            },
        )
    } else if let Some(until) = paused_until {
        let why = match &held {
            Some(h) => format!("{WINDOW_PAUSE_REASON}: {}", h.message),
            None => PAUSE_REASON.to_string(),
        };
        ("Paused", Some(why), Outcome::Paused { until })
    } else if st.stable_rs.as_deref() == Some(hash) && (stable_available || promoted_now) {
        ("Healthy", None, Outcome::Healthy)
    } else {
        let m = if in_canary && !promoted_now {
            "more replicas need to be updated"
        } else {
            "updated replicas are still becoming available"
        };
        ("Progressing", Some(m.to_string()), Outcome::Progressing)
    };
    // A promotion is Healthy once the new stable is fully available; it was the canary.
    let outcome = if promoted_now && !stable_available && cx.available(hash) < r {
        Outcome::Progressing
    } else {
        outcome
    };
    st.phase = Some(phase.to_string());
    st.message = message;

    set_conditions(
        &mut st,
        &Progress {
            aborted,
            deadline_exceeded,
            paused: paused_until.is_some(),
            phase,
            rs_name: &rs_name,
            progressed,
            replicas: r,
        },
        now,
    );

    Decision {
        actions: cx.actions,
        status: st,
        wake_at: cx.wake_at,
        outcome,
        pending_scale_down,
    }
}

fn reset_steps(st: &mut RolloutStatus, idx: usize) {
    st.current_step_index = Some(idx as i32);
    st.pause_conditions.clear();
    st.controller_pause = false;
    st.canary.current_step_analysis_run_status = None;
}

/// The set weight `rollout get` and `list` show, as Argo's CLI shows it: none before the first
/// observation, 0 when aborted, 100 when no canary is in progress (or all steps are done), else
/// the weight of the last `setWeight` at or before the current step.
pub fn shown_set_weight(rollout: &crate::spec::rollout::Rollout) -> Option<i32> {
    let st = rollout.status.clone().unwrap_or_default();
    let index = st.current_step_index?;
    if st.abort {
        return Some(0);
    }
    let steps: &[crate::spec::rollout::CanaryStep] = rollout
        .spec
        .strategy
        .canary
        .as_ref()
        .map(|c| c.steps.as_slice())
        .unwrap_or(&[]);
    let i = index.max(0) as usize;
    if i >= steps.len() || st.current_pod_hash == st.stable_rs {
        return Some(100);
    }
    Some(
        steps[..=i]
            .iter()
            .rev()
            .find_map(|s| s.set_weight)
            .unwrap_or(0),
    )
}
