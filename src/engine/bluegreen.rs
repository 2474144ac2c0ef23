//! Argo Rollouts' blue-green strategy as a pure step machine.
//!
//! Argo's sequence of events: a new template gets a ReplicaSet (created at size 0, then scaled to
//! `previewReplicaCount` or `replicas`); the preview Service points at it at once (or, with the
//! [`PREVIEW_AFTER_AVAILABLE`](crate::spec::rollout::PREVIEW_AFTER_AVAILABLE) annotation, once
//! its pods are available); with its pods available `prePromotionAnalysis` runs; then the rollout
//! pauses (`BlueGreenPause`) unless it promotes itself at once; on `promote` (or after
//! `autoPromotionSeconds`) it scales to `replicas`, the active Service switches to it,
//! `postPromotionAnalysis` runs, and once that succeeds the new revision is stable and the old
//! one is scaled down `scaleDownDelaySeconds` later. A failed analysis or `abort` points the
//! active Service back at stable, whose pods are still up, and scales the new revision down
//! `abortScaleDownDelaySeconds` after stable serves again. Intents arrive as Argo's CLI writes
//! them: `promote` clears `pauseConditions`, `promote --full` sets `promoteFull` (skipping the
//! pause and the analysis left), `abort` sets `abort`, `retry` clears it.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};

use super::conditions::{Progress, condition, set_conditions};
use super::ctx::{Ctx, rollback_within_window, run_finished, stable_when_unrecorded};
use super::{Action, Decision, Input, Observed, Outcome, RunKind, WINDOW_PAUSE_REASON};
use crate::spec::rollout::{AnalysisRunStatusRef, BlueGreenPlan, PauseCondition, RolloutStatus};

/// Argo's pause reason before the active Service switches.
pub const PAUSE_REASON: &str = "BlueGreenPause";
pub use super::canary::INCONCLUSIVE;

/// Marks an Inconclusive promotion analysis as promoted past (kept in its status message).
const PROMOTED_PAST: &str = "promoted past an inconclusive result";

/// The pre-promotion AnalysisRun of a revision: `<rollout>-<hash>-pre`.
pub fn pre_run_name(rollout: &str, hash: &str) -> String {
    format!("{rollout}-{hash}-pre")
}

/// The post-promotion AnalysisRun of a revision: `<rollout>-<hash>-post`.
pub fn post_run_name(rollout: &str, hash: &str) -> String {
    format!("{rollout}-{hash}-post")
}

/// A promotion analysis, as this decision sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    /// Not started: its revision is not ready for it yet.
    Waiting,
    Running,
    Passed,
    Failed,
    /// Inconclusive: paused until promoted.
    Paused,
}

/// The run's phase and message as the status reference Argo records.
fn run_ref(
    observed: &Observed,
    runs: &BTreeMap<String, String>,
    name: &str,
) -> Option<AnalysisRunStatusRef> {
    runs.get(name).map(|phase| AnalysisRunStatusRef {
        name: name.to_string(),
        status: phase.clone(),
        message: observed
            .analysis_messages
            .get(name)
            .filter(|m| !m.is_empty())
            .cloned(),
    })
}

/// Follows a kept status reference (a finished revision's analysis stays on record, as in Argo).
fn refresh(
    slot: &mut Option<AnalysisRunStatusRef>,
    observed: &Observed,
    runs: &BTreeMap<String, String>,
) {
    if let Some(old) = slot.as_ref()
        && let Some(mut now) = run_ref(observed, runs, &old.name)
    {
        if old.message.as_deref() == Some(PROMOTED_PAST) {
            now.message = Some(PROMOTED_PAST.into());
        }
        *slot = Some(now);
    }
}

struct Gates<'a> {
    input: &'a Input<BlueGreenPlan>,
    observed: &'a Observed,
    runs: &'a BTreeMap<String, String>,
    wanted: Vec<String>,
}

impl Gates<'_> {
    /// One promotion analysis: created once `ready`, then judged by its run's phase. An
    /// Inconclusive run pauses until `promote`, which passes it.
    fn judge(
        &mut self,
        cx: &mut Ctx<'_>,
        st: &mut RolloutStatus,
        kind: RunKind,
        ready: bool,
        now: DateTime<Utc>,
    ) -> Gate {
        let hash = self.input.pod_hash.as_str();
        let (name, previous) = match kind {
            RunKind::PrePromotion => (
                pre_run_name(&self.input.name, hash),
                st.blue_green.pre_promotion_analysis_run_status.clone(),
            ),
            _ => (
                post_run_name(&self.input.name, hash),
                st.blue_green.post_promotion_analysis_run_status.clone(),
            ),
        };
        let previous = previous.filter(|p| p.name == name);
        let (gate, reference) = match self.runs.get(&name).map(String::as_str) {
            None if !ready => return Gate::Waiting,
            None => {
                cx.actions.push(Action::CreateAnalysisRun {
                    name: name.clone(),
                    kind,
                    hash: hash.to_string(),
                });
                let pending = AnalysisRunStatusRef {
                    name: name.clone(),
                    status: "Pending".into(),
                    message: None,
                };
                (Gate::Running, pending)
            }
            Some(phase) => {
                let mut r = run_ref(self.observed, self.runs, &name).expect("the run exists");
                let gate = match phase {
                    "Successful" => Gate::Passed,
                    "Failed" | "Error" => Gate::Failed,
                    "Inconclusive" => {
                        let seen = previous.as_ref().filter(|p| p.status == "Inconclusive");
                        if seen.is_some_and(|p| p.message.as_deref() == Some(PROMOTED_PAST)) {
                            r.message = Some(PROMOTED_PAST.into());
                            Gate::Passed
                        } else if st.pause_conditions.iter().any(|p| p.reason == INCONCLUSIVE) {
                            Gate::Paused
                        } else if seen.is_some() {
                            // Promoted: `promote` cleared the pause condition.
                            st.controller_pause = false;
                            r.message = Some(PROMOTED_PAST.into());
                            Gate::Passed
                        } else {
                            st.pause_conditions.push(PauseCondition {
                                reason: INCONCLUSIVE.to_string(),
                                start_time: now,
                            });
                            st.controller_pause = true;
                            Gate::Paused
                        }
                    }
                    _ => {
                        self.wanted.push(name.clone());
                        Gate::Running
                    }
                };
                (gate, r)
            }
        };
        match kind {
            RunKind::PrePromotion => {
                st.blue_green.pre_promotion_analysis_run_status = Some(reference)
            }
            _ => st.blue_green.post_promotion_analysis_run_status = Some(reference),
        }
        gate
    }
}

/// The pause before the switch is the controller's to manage (Argo's
/// `needsBlueGreenControllerPause`): manual promotion, or a delayed automatic one.
fn needs_pause(plan: &BlueGreenPlan) -> bool {
    !plan.auto_promotion_enabled || plan.auto_promotion_seconds > 0
}

/// Argo's `CompletedBlueGreenPause`: a person promoted, or `autoPromotionSeconds` passed.
fn completed_pause(
    plan: &BlueGreenPlan,
    pause: Option<&PauseCondition>,
    controller_pause: bool,
    checkpoint: bool,
    just_paused: bool,
    now: DateTime<Utc>,
) -> bool {
    if just_paused {
        false
    } else if checkpoint {
        true
    } else if plan.auto_promotion_enabled {
        match (plan.auto_promotion_seconds, pause) {
            (0, _) => true,
            (secs, Some(p)) => now >= p.start_time + TimeDelta::seconds(secs),
            // Promoted before the delay ran out (Argo waits for a pause that never comes
            // back; a promotion here promotes).
            (_, None) => controller_pause,
        }
    } else {
        controller_pause && pause.is_none()
    }
}

/// The replicas the new revision runs (Argo's `NewRSNewReplicas`): `previewReplicaCount` until
/// it is promoted and may scale up, else `replicas`.
fn new_replicas(plan: &BlueGreenPlan, st: &RolloutStatus, active: Option<&str>, hash: &str) -> i32 {
    let r = plan.replicas;
    let Some(preview) = plan.preview_replica_count else {
        return r;
    };
    if active.is_none() || active == Some(hash) || st.promote_full {
        return r;
    }
    if st.pause_conditions.is_empty() && st.blue_green.scale_up_preview_check_point {
        return r;
    }
    preview
}

/// Decides the next actions for a blue-green Rollout. `status` is the Rollout's status as read
/// (including intents other processes recorded); the returned status replaces it.
pub fn decide(
    input: &Input<BlueGreenPlan>,
    status: &RolloutStatus,
    observed: &Observed,
    now: DateTime<Utc>,
) -> Decision {
    let d = decide_once(input, status, observed, now);
    // A failed analysis (or the progress deadline) turns into an abort, decided as one; a
    // preview promoted past its checkpoint scales up in the same decision.
    let checkpoint = |s: &RolloutStatus| s.blue_green.scale_up_preview_check_point;
    if (d.status.abort && !status.abort) || checkpoint(&d.status) != checkpoint(status) {
        return decide_once(input, &d.status, observed, now);
    }
    d
}

fn decide_once(
    input: &Input<BlueGreenPlan>,
    status_in: &RolloutStatus,
    observed: &Observed,
    now: DateTime<Utc>,
) -> Decision {
    let plan = &input.plan;
    let hash = input.pod_hash.as_str();
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
    let mut held_message: Option<String> = None;

    // The first revision becomes stable (and active) at once; so does a new one whose stable
    // ReplicaSet is gone (its template is not kept to recreate it).
    let mut stable = st.stable_rs.clone().unwrap_or_else(|| {
        progressed = true;
        stable_when_unrecorded(observed, Some(plan.active_service.as_str()), hash)
    });
    if stable != hash && observed.rs(&stable).is_none() {
        progressed = true;
        stable = hash.to_string();
    }
    st.stable_rs = Some(stable.clone());

    // A new template starts a new update, also after an abort.
    if st.current_pod_hash.as_deref() != Some(hash) {
        progressed = true;
        st.current_pod_hash = Some(hash.to_string());
        st.pause_conditions.clear();
        st.controller_pause = false;
        st.abort = false;
        st.aborted_at = None;
        st.promote_full = false;
        st.blue_green.scale_up_preview_check_point = false;
        st.blue_green.pre_promotion_analysis_run_status = None;
        st.blue_green.post_promotion_analysis_run_status = None;
    }
    // Steps are the canary's; a Rollout that was one keeps nothing of it.
    st.current_step_index = None;
    st.current_step_hash = None;
    st.canary = Default::default();

    let mut runs = observed.analysis_runs.clone();
    // Retry: abort was cleared after an abort; the update starts over, analysis included.
    if !st.abort && st.aborted_at.is_some() {
        progressed = true;
        st.aborted_at = None;
        st.pause_conditions.clear();
        st.controller_pause = false;
        st.blue_green.scale_up_preview_check_point = false;
        st.blue_green.pre_promotion_analysis_run_status = None;
        st.blue_green.post_promotion_analysis_run_status = None;
        for name in [
            pre_run_name(&input.name, hash),
            post_run_name(&input.name, hash),
        ] {
            if runs.remove(&name).is_some() {
                cx.actions.push(Action::DeleteAnalysisRun { name });
            }
        }
    }

    let pinned = |svc: Option<&String>| {
        svc.and_then(|s| observed.services.get(s))
            .cloned()
            .flatten()
    };
    let active_before = pinned(Some(&plan.active_service));
    let preview_before = pinned(plan.preview_service.as_ref());
    let in_update = hash != stable;
    let mut gates = Gates {
        input,
        observed,
        runs: &runs,
        wanted: Vec::new(),
    };
    let mut active_target = active_before.clone();
    let mut preview_target = preview_before.clone();
    let mut aborted = false;
    let mut paused_until: Option<Option<DateTime<Utc>>> = None;
    let mut waiting_for_pods = false;
    let mut promoted_now = false;
    let mut pending_abort_scale_down = false;
    let mut waiting_for = "updated replicas are still becoming available";

    let rs_ready = |cx: &Ctx<'_>, target: i32| {
        cx.spec_replicas(hash) == Some(target) && cx.available(hash) >= target
    };

    if !in_update {
        // Steady state (or the template went back to stable): stable at full scale, both
        // Services on it once its pods are available.
        st.pause_conditions.clear();
        st.controller_pause = false;
        st.abort = false;
        st.promote_full = false;
        st.blue_green.scale_up_preview_check_point = false;
        cx.set_deadline(hash, None);
        cx.scale(hash, r);
        let ready = rs_ready(&cx, r);
        if ready {
            active_target = Some(hash.to_string());
        }
        if ready || !plan.preview_after_available {
            preview_target = Some(hash.to_string());
        }
        waiting_for_pods = !ready;
        refresh(
            &mut st.blue_green.pre_promotion_analysis_run_status,
            observed,
            &runs,
        );
        refresh(
            &mut st.blue_green.post_promotion_analysis_run_status,
            observed,
            &runs,
        );
    } else if st.abort {
        aborted = true;
        st.aborted_at.get_or_insert(now);
        st.promote_full = false;
        st.pause_conditions.clear();
        st.controller_pause = false;
        st.blue_green.scale_up_preview_check_point = false;
        // Traffic goes back to stable, whose pods never left; preview stays on the new revision.
        cx.set_deadline(&stable, None);
        cx.scale(&stable, r);
        active_target = Some(stable.clone());
        if !plan.preview_after_available || cx.available(hash) > 0 {
            preview_target = Some(hash.to_string());
        }
        // The new revision keeps its pods abortScaleDownDelaySeconds after stable serves again
        // (`abortScaleDownDelaySeconds: 0`: kept until the next update).
        if let Some(delay) = plan.abort_scale_down_delay_seconds
            && cx.spec_replicas(hash).unwrap_or(0) > 0
        {
            let stable_back =
                active_before.as_deref() == Some(stable.as_str()) && cx.available(&stable) >= r;
            match observed.rs(hash).and_then(|rs| rs.scale_down_deadline) {
                Some(at) if now >= at => {
                    cx.scale(hash, 0);
                    cx.set_deadline(hash, None);
                }
                Some(at) => {
                    cx.wake(at);
                    pending_abort_scale_down = true;
                }
                None if stable_back => {
                    let at = now + TimeDelta::seconds(delay);
                    cx.set_deadline(hash, Some(at));
                    cx.wake(at);
                    pending_abort_scale_down = true;
                }
                None => pending_abort_scale_down = true,
            }
        }
        refresh(
            &mut st.blue_green.pre_promotion_analysis_run_status,
            observed,
            &runs,
        );
        refresh(
            &mut st.blue_green.post_promotion_analysis_run_status,
            observed,
            &runs,
        );
    } else {
        let checkpoint_in = st.blue_green.scale_up_preview_check_point;
        let pause_in = st
            .pause_conditions
            .iter()
            .find(|p| p.reason == PAUSE_REASON)
            .cloned();
        let controller_pause_in = st.controller_pause;
        let halted_in = st.pause_conditions.iter().any(|p| p.reason == INCONCLUSIVE);
        let target = new_replicas(plan, &st, active_before.as_deref(), hash);
        cx.set_deadline(hash, None);
        if observed.rs(hash).is_none()
            && let Some(m) = &plan.preview_metadata
        {
            // Created empty, given the preview metadata, then scaled, as Argo: its pods start
            // from a template that already carries the metadata. Without any, it is created
            // at its size (below): one request, the same ReplicaSet.
            cx.actions.push(Action::CreateReplicaSet {
                hash: hash.to_string(),
                replicas: 0,
            });
            cx.actions.push(Action::SetEphemeralMetadata {
                hash: hash.to_string(),
                metadata: Some(m.clone()),
            });
            cx.actions.push(Action::ScaleReplicaSet {
                hash: hash.to_string(),
                replicas: target,
            });
        } else {
            cx.scale(hash, target);
        }
        cx.set_deadline(&stable, None);
        cx.scale(&stable, r);
        let ready = rs_ready(&cx, target);
        let saturated = rs_ready(&cx, r);
        if !halted_in && (!plan.preview_after_available || ready) {
            preview_target = Some(hash.to_string());
        }
        // A rollback within `rollbackWindow` skips analysis and the pause, as in Argo.
        let fast_tracked = st.promote_full
            || active_before.is_none()
            || active_before.as_deref() == Some(hash)
            || rollback_within_window(observed, plan.rollback_window, hash, &stable);

        // Pre-promotion analysis: once the new revision is available at its preview size.
        let mut pre_done = true;
        if plan.pre_promotion_analysis.is_some() && !fast_tracked {
            let pre_ready = match plan.preview_replica_count {
                Some(n) => rs_ready(&cx, n),
                None => saturated,
            };
            match gates.judge(&mut cx, &mut st, RunKind::PrePromotion, pre_ready, now) {
                Gate::Passed => {}
                Gate::Failed => {
                    st.abort = true;
                    pre_done = false;
                }
                Gate::Paused => {
                    paused_until = Some(None);
                    pre_done = false;
                }
                Gate::Running | Gate::Waiting => {
                    pre_done = false;
                    waiting_for = "waiting for pre-promotion analysis to complete";
                }
            }
        }
        let halted = st.pause_conditions.iter().any(|p| p.reason == INCONCLUSIVE);

        // The pause before the switch.
        let mut just_paused = false;
        if !st.abort && ready && !halted {
            if fast_tracked || checkpoint_in || !needs_pause(plan) {
                st.pause_conditions.retain(|p| p.reason != PAUSE_REASON);
            } else if pre_done {
                let delayed = plan.auto_promotion_enabled && plan.auto_promotion_seconds > 0;
                let secs = TimeDelta::seconds(plan.auto_promotion_seconds);
                match &pause_in {
                    Some(p) => {
                        if completed_pause(
                            plan,
                            pause_in.as_ref(),
                            controller_pause_in,
                            checkpoint_in,
                            false,
                            now,
                        ) {
                            st.pause_conditions.retain(|p| p.reason != PAUSE_REASON);
                        } else {
                            let until = delayed.then(|| p.start_time + secs);
                            if let Some(at) = until {
                                cx.wake(at);
                            }
                            paused_until = Some(until);
                        }
                    }
                    None if !st.controller_pause => {
                        st.pause_conditions.push(PauseCondition {
                            reason: PAUSE_REASON.to_string(),
                            start_time: now,
                        });
                        st.controller_pause = true;
                        just_paused = true;
                        let until = delayed.then(|| now + secs);
                        if let Some(at) = until {
                            cx.wake(at);
                        }
                        paused_until = Some(until);
                    }
                    // Promoted: `promote` cleared the pause condition.
                    None => {}
                }
            }
        }
        let completed = completed_pause(
            plan,
            pause_in.as_ref(),
            controller_pause_in,
            checkpoint_in,
            just_paused,
            now,
        );
        let promoting = fast_tracked || (completed && pre_done);
        st.blue_green.scale_up_preview_check_point = plan
            .preview_replica_count
            .is_some_and(|n| checkpoint_in || (pre_done && completed && cx.available(hash) == n));

        // The switch: the new revision at full size takes the active Service, unless a deploy
        // window blocks sending it the traffic now (a first revision has none to move).
        let hold = input
            .hold
            .as_ref()
            .filter(|_| active_before.is_some() && active_before.as_deref() != Some(hash));
        if let (Some(h), true) = (
            hold,
            !halted && !st.abort && promoting && ready && saturated,
        ) {
            st.pause_conditions.push(PauseCondition {
                reason: WINDOW_PAUSE_REASON.to_string(),
                start_time: held_since.unwrap_or(now),
            });
            let until = h.until.unwrap_or(now + TimeDelta::hours(1));
            cx.wake(until);
            paused_until = Some(Some(until));
            held_message = Some(format!("{WINDOW_PAUSE_REASON}: {}", h.message));
        } else if !halted && !st.abort && promoting && ready && saturated {
            active_target = Some(hash.to_string());
        } else if promoting && paused_until.is_none() && !st.abort {
            waiting_for = "active service cutover pending";
        }

        // Post-promotion analysis: once the active Service selects the new revision.
        let mut post_done = true;
        if plan.post_promotion_analysis.is_some() && !st.promote_full {
            post_done = false;
            if active_before.as_deref() == Some(hash) {
                match gates.judge(&mut cx, &mut st, RunKind::PostPromotion, saturated, now) {
                    Gate::Passed => post_done = true,
                    Gate::Failed => st.abort = true,
                    Gate::Paused => paused_until = Some(None),
                    Gate::Running | Gate::Waiting => {
                        waiting_for = "waiting for post-promotion analysis to complete";
                    }
                }
            }
        }

        // Fully promoted: the new revision is stable.
        if !st.abort && active_target.as_deref() == Some(hash) && post_done {
            promoted_now = true;
            st.stable_rs = Some(hash.to_string());
            st.pause_conditions.clear();
            st.controller_pause = false;
            st.promote_full = false;
            st.blue_green.scale_up_preview_check_point = false;
            gates.wanted.clear();
        }
        waiting_for_pods = paused_until.is_none() && (!ready || (promoting && !saturated));
    }
    let wanted = gates.wanted;
    if st.pause_conditions.iter().any(|p| p.reason == INCONCLUSIVE) && !aborted {
        paused_until = Some(None);
    }

    if let Some(a) = &active_target {
        cx.pin(&Some(plan.active_service.clone()), a);
    }
    if let Some(p) = &preview_target {
        cx.pin(&plan.preview_service, p);
    }

    // Unfinished runs nobody waits for any more (an abort, a full promotion, an older
    // revision) are terminated; the driver finishes them.
    for (name, phase) in &runs {
        if !run_finished(phase) && !wanted.contains(name) {
            cx.actions
                .push(Action::TerminateAnalysisRun { name: name.clone() });
        }
    }

    let stable_now = st.stable_rs.clone().unwrap_or_default();

    // Ephemeral metadata: the active revision's pods carry activeMetadata, the preview's
    // previewMetadata (Argo's reconcileEphemeralMetadata, for the new and stable revisions).
    if plan.active_metadata.is_some() || plan.preview_metadata.is_some() {
        for rs in &observed.replica_sets {
            let wanted = if rs.hash != hash && rs.hash != stable_now {
                continue;
            } else if active_target.as_deref() == Some(rs.hash.as_str()) || rs.hash == stable_now {
                &plan.active_metadata
            } else {
                &plan.preview_metadata
            };
            if &rs.ephemeral != wanted {
                cx.actions.push(Action::SetEphemeralMetadata {
                    hash: rs.hash.clone(),
                    metadata: wanted.clone(),
                });
            }
        }
    }

    // Older revisions no Service selects scale down scaleDownDelaySeconds after they stopped
    // serving; past scaleDownDelayRevisionLimit at once. Without an explicit delay, a running
    // post-promotion analysis holds them up, as in Argo.
    let referenced = |h: &str| {
        h == stable_now
            || h == hash
            || active_target.as_deref() == Some(h)
            || preview_target.as_deref() == Some(h)
    };
    let hold = plan.post_promotion_analysis.is_some()
        && !plan.scale_down_delay_given
        && active_before.as_deref() == Some(hash)
        && stable_now != hash;
    let limit = plan.scale_down_delay_revision_limit.unwrap_or(i32::MAX);
    let mut annotated = 0;
    let mut pending_scale_down = pending_abort_scale_down;
    for rs in observed.replica_sets.iter().rev() {
        if referenced(&rs.hash) || rs.replicas == 0 || hold {
            continue;
        }
        let scale_to_zero = |cx: &mut Ctx<'_>| {
            cx.actions.push(Action::ScaleReplicaSet {
                hash: rs.hash.clone(),
                replicas: 0,
            });
            cx.set_deadline(&rs.hash, None);
        };
        match rs.scale_down_deadline {
            None if annotated < limit => {
                annotated += 1;
                let at = now + TimeDelta::seconds(plan.scale_down_delay_seconds);
                cx.set_deadline(&rs.hash, Some(at));
                cx.wake(at);
                pending_scale_down = true;
            }
            None => scale_to_zero(&mut cx),
            Some(at) => {
                annotated += 1;
                if annotated > limit || now >= at {
                    scale_to_zero(&mut cx);
                } else {
                    cx.wake(at);
                    pending_scale_down = true;
                }
            }
        }
    }

    // Replica counts as Argo's blue-green reports them: availability is the active revision's.
    let sum = |f: fn(&super::ReplicaSetView) -> i32| observed.replica_sets.iter().map(f).sum();
    st.replicas = Some(sum(|rs| rs.current.min(rs.replicas)));
    st.updated_replicas = Some(
        observed
            .rs(hash)
            .map_or(0, |rs| rs.current.min(rs.replicas)),
    );
    match active_target.as_deref().and_then(|h| observed.rs(h)) {
        Some(rs) => {
            st.ready_replicas = Some(rs.ready.min(rs.replicas));
            st.available_replicas = Some(rs.available.min(rs.replicas));
        }
        None => {
            st.ready_replicas = Some(sum(|rs| rs.ready.min(rs.replicas)));
            st.available_replicas = Some(sum(|rs| rs.available.min(rs.replicas)));
        }
    }
    if st.available_replicas != status_in.available_replicas
        || st.updated_replicas != status_in.updated_replicas
        || st.stable_rs != status_in.stable_rs
        || active_target != active_before
    {
        progressed = true;
    }
    st.observed_generation = input.generation.map(|g| g.to_string());
    st.selector = None;
    st.blue_green.active_selector = active_target.clone();
    st.blue_green.preview_selector = preview_target.clone();

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
            if plan.progress_deadline_abort && in_update && !promoted_now {
                st.abort = true;
            }
        } else {
            cx.wake(deadline);
        }
    }

    let healthy = stable_now == hash
        && active_target.as_deref() == Some(hash)
        && observed
            .rs(hash)
            .is_some_and(|rs| rs.replicas == r && rs.available >= r);
    let rs_name = format!("{}-{hash}", input.name);
    let (phase, message, outcome) = if aborted {
        let why = [
            (
                "pre-promotion",
                &st.blue_green.pre_promotion_analysis_run_status,
            ),
            (
                "post-promotion",
                &st.blue_green.post_promotion_analysis_run_status,
            ),
        ]
        .into_iter()
        .find_map(|(which, a)| {
            a.as_ref()
                .filter(|a| a.status == "Failed" || a.status == "Error")
                .map(|a| (which, a))
        })
        .map(|(which, a)| {
            let detail = a
                .message
                .as_ref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default();
            format!(
                ": Blue/green {which} analysis phase error/failed: AnalysisRun {} {}{detail}",
                a.name, a.status
            )
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
        let reason = held_message.clone().unwrap_or_else(|| {
            st.pause_conditions
                .first()
                .map(|p| p.reason.clone())
                .unwrap_or_else(|| PAUSE_REASON.to_string())
        });
        ("Paused", Some(reason), Outcome::Paused { until })
    } else if healthy {
        ("Healthy", None, Outcome::Healthy)
    } else {
        (
            "Progressing",
            Some(waiting_for.to_string()),
            Outcome::Progressing,
        )
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
