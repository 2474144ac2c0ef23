//! Whole timelines of the step machine: at t0, t1, ... what is observed, what is done.

use super::canary::{ceil_pct, targets};
use super::fixtures::*;
use super::{Action, Outcome};

fn create(hash: &str, replicas: i32) -> Action {
    Action::CreateReplicaSet {
        hash: hash.into(),
        replicas,
    }
}
fn scale(hash: &str, replicas: i32) -> Action {
    Action::ScaleReplicaSet {
        hash: hash.into(),
        replicas,
    }
}
fn pin(service: &str, hash: &str) -> Action {
    Action::PinService {
        service: service.into(),
        hash: hash.into(),
    }
}
fn weight(weight: i32) -> Action {
    Action::SetCanaryWeight { weight }
}
fn deadline(hash: &str, secs: Option<i64>) -> Action {
    Action::SetScaleDownDeadline {
        hash: hash.into(),
        at: secs.map(at),
    }
}

#[test]
fn canary_counts_round_up_as_argo_does() {
    for (n, pct, want) in [
        (4, 5, 1),
        (4, 20, 1),
        (4, 50, 2),
        (4, 100, 4),
        (10, 0, 0),
        (3, 34, 2),
    ] {
        assert_eq!(ceil_pct(n, pct), want, "{pct}% of {n}");
    }
    let p = plan(vec![w(5), pause(10), w(50)]);
    assert_eq!(targets(&p, 0), (1, 5));
    assert_eq!(targets(&p, 1), (1, 5));
    assert_eq!(targets(&p, 2), (2, 50));
    assert_eq!(targets(&p, 3), (4, 100));
}

#[test]
fn the_first_revision_becomes_stable_at_once_without_steps() {
    let mut sim = Sim::new(plan(vec![w(5), pause_forever()]));
    assert_eq!(
        sim.tick(t0()),
        vec![
            create("v1", 4),
            pin("web-stable", "v1"),
            pin("web-canary", "v1")
        ]
    );
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v1"));
    assert_eq!(sim.step(), 2);
    assert_eq!(sim.phase(), "Progressing");
    sim.pods_ready();
    assert_eq!(sim.tick(at(3)), vec![]);
    assert_eq!(sim.phase(), "Healthy");
    assert_eq!(sim.last.as_ref().unwrap().outcome, Outcome::Healthy);
    assert_eq!(sim.weight(), None, "no canary Ingress without a canary");
}

#[test]
fn set_weight_scales_the_canary_first_and_moves_traffic_once_its_pods_are_available() {
    let mut sim = Sim::stable_v1(plan(vec![w(5), pause_forever(), w(50)]));
    sim.template("v2");
    // t0: the canary ReplicaSet at ceil(5% of 4) = 1, no traffic yet; the canary Service
    // moves only once the new pods are available (as Argo delays the switch).
    assert_eq!(sim.tick(at(10)), vec![create("v2", 1)]);
    assert_eq!(sim.step(), 0);
    assert_eq!(sim.weight(), None);
    assert_eq!(sim.phase(), "Progressing");
    // Nothing changes until the canary pod is available.
    assert_eq!(sim.tick(at(11)), vec![]);
    // t1: pod available -> weight 5, then the indefinite pause is recorded.
    sim.pods_ready();
    assert_eq!(sim.tick(at(12)), vec![pin("web-canary", "v2"), weight(5)]);
    assert_eq!(
        sim.step(),
        0,
        "the step is done when the Ingress carries the weight"
    );
    assert_eq!(sim.tick(at(13)), vec![]);
    assert_eq!(sim.step(), 1);
    assert_eq!(sim.phase(), "Paused");
    assert_eq!(sim.status.pause_conditions[0].start_time, at(13));
    assert!(sim.status.controller_pause);
    assert_eq!(
        sim.last.as_ref().unwrap().outcome,
        Outcome::Paused { until: None }
    );
    let weights = sim.status.canary.weights.clone().unwrap();
    assert_eq!((weights.canary.weight, weights.stable.weight), (5, 95));
    assert_eq!(
        sim.scales(),
        "v1=4 v2=1",
        "stable stays at full scale with traffic routing"
    );
    // t2: still paused an hour later.
    assert_eq!(sim.tick(at(3600)), vec![]);
    assert_eq!(sim.phase(), "Paused");
    // t3: promoted from another terminal -> setWeight 50.
    sim.promote();
    assert_eq!(sim.tick(at(3601)), vec![scale("v2", 2)]);
    assert_eq!(sim.step(), 2);
    assert!(!sim.status.controller_pause);
    sim.pods_ready();
    // t4: weight 50; the steps are done: full promotion waits for 4 canary pods.
    assert_eq!(sim.tick(at(3602)), vec![weight(50)]);
    assert_eq!(sim.tick(at(3602)), vec![scale("v2", 4)]);
    assert_eq!(sim.step(), 3);
    sim.pods_ready();
    assert_eq!(sim.tick(at(3602)), vec![weight(100)]);
    // t5: promoted: stable Service to v2 before the canary weight drops to 0; old stable
    // keeps its pods for scaleDownDelaySeconds.
    assert_eq!(
        sim.tick(at(3603)),
        vec![
            pin("web-stable", "v2"),
            deadline("v1", Some(3633)),
            weight(0)
        ]
    );
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v2"));
    assert_eq!(sim.phase(), "Healthy");
    let d = sim.last.clone().unwrap();
    assert!(d.pending_scale_down);
    assert_eq!(d.wake_at, Some(at(3633)));
    // t6: before the deadline nothing; after it v1 scales to zero.
    assert_eq!(sim.tick(at(3620)), vec![]);
    assert_eq!(
        sim.tick(at(3633)),
        vec![scale("v1", 0), deadline("v1", None)]
    );
    assert_eq!(sim.scales(), "v1=0 v2=4");
    assert!(!sim.last.as_ref().unwrap().pending_scale_down);
    assert_eq!(sim.phase(), "Healthy");
}

#[test]
fn a_timed_pause_is_resumed_from_its_recorded_start_by_a_later_process() {
    let mut sim = Sim::stable_v1(plan(vec![w(20), pause(120), w(100)]));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(10));
    assert_eq!(sim.phase(), "Paused");
    let until = at(130);
    assert_eq!(sim.last.as_ref().unwrap().wake_at, Some(until));
    // A new process (same status in the cluster) at t=100 still waits until t=130.
    sim.last = None;
    assert_eq!(sim.tick(at(100)), vec![]);
    assert_eq!(
        sim.last.as_ref().unwrap().outcome,
        Outcome::Paused { until: Some(until) }
    );
    assert_eq!(sim.tick(at(130)), vec![scale("v2", 4)]);
    assert_eq!(sim.step(), 2);
    assert!(sim.status.pause_conditions.is_empty());
}

#[test]
fn the_seed_rollout_runs_through_every_step_to_healthy() {
    let mut sim = Sim::stable_v1(plan(vec![
        w(5),
        pause(120),
        w(20),
        pause(180),
        w(50),
        pause(300),
        w(100),
    ]));
    sim.template("v2");
    let mut now = 0;
    let mut weights = Vec::new();
    for _ in 0..30 {
        let mut actions = sim.settle(at(now));
        sim.pods_ready();
        actions.extend(sim.settle(at(now)));
        for a in actions {
            if let Action::SetCanaryWeight { weight } = a {
                weights.push(weight);
            }
        }
        if sim.phase() == "Healthy" {
            break;
        }
        now = sim
            .last
            .as_ref()
            .unwrap()
            .wake_at
            .map_or(now + 1, |t| (t - at(0)).num_seconds());
    }
    assert_eq!(sim.phase(), "Healthy");
    assert_eq!(weights, vec![5, 20, 50, 100, 0]);
    assert_eq!(now, 600, "120 + 180 + 300 seconds of pauses");
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v2"));
}

#[test]
fn abort_sends_traffic_back_and_scales_the_canary_down_after_the_abort_delay() {
    let mut sim = Sim::stable_v1(plan(vec![w(50), pause_forever()]));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    assert_eq!((sim.weight(), sim.phase()), (Some(50), "Paused"));
    sim.status.abort = true; // `abort` from another terminal
    // The weight drops first; as Argo, the canary Service goes back to stable.
    assert_eq!(
        sim.tick(at(5)),
        vec![weight(0), pin("web-canary", "v1"), deadline("v2", Some(35))]
    );
    assert_eq!(sim.phase(), "Degraded");
    assert_eq!(
        sim.status.message.as_deref(),
        Some("RolloutAborted: Rollout aborted update to revision 2")
    );
    assert_eq!(sim.status.aborted_at, Some(at(5)));
    assert_eq!(sim.step(), 0);
    assert!(sim.status.pause_conditions.is_empty());
    let d = sim.last.clone().unwrap();
    assert!(matches!(d.outcome, Outcome::Degraded { aborted: true, .. }));
    assert!(d.pending_scale_down);
    assert_eq!(d.wake_at, Some(at(35)));
    assert_eq!(sim.tick(at(20)), vec![]);
    assert_eq!(sim.tick(at(35)), vec![scale("v2", 0), deadline("v2", None)]);
    assert_eq!(sim.scales(), "v1=4 v2=0");
    assert!(!sim.last.as_ref().unwrap().pending_scale_down);
    assert_eq!(sim.phase(), "Degraded");
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v1"));
}

#[test]
fn retry_restarts_the_steps_of_an_aborted_canary() {
    let mut sim = Sim::stable_v1(plan(vec![w(25), pause_forever()]));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    sim.status.abort = true;
    sim.settle(at(2));
    sim.settle(at(40));
    assert_eq!(sim.scales(), "v1=4 v2=0");
    sim.status.abort = false; // `retry`
    assert_eq!(sim.tick(at(50)), vec![scale("v2", 1)]);
    assert_eq!(sim.status.aborted_at, None);
    assert_eq!(sim.step(), 0);
    assert_eq!(sim.phase(), "Progressing");
    sim.pods_ready();
    assert_eq!(sim.tick(at(51)), vec![pin("web-canary", "v2"), weight(25)]);
    sim.settle(at(52));
    assert_eq!(sim.phase(), "Paused");
}

#[test]
fn a_new_template_after_an_abort_starts_a_new_canary() {
    let mut sim = Sim::stable_v1(plan(vec![w(25), pause_forever()]));
    sim.template("v2");
    sim.settle(at(0));
    sim.status.abort = true;
    sim.settle(at(1));
    sim.template("v3");
    let a = sim.tick(at(2));
    // v2 keeps the scale-down deadline its abort gave it.
    assert_eq!(a, vec![create("v3", 1)]);
    assert_eq!(
        sim.observed.rs("v2").unwrap().scale_down_deadline,
        Some(at(31))
    );
    assert!(!sim.status.abort);
    assert_eq!(sim.status.current_pod_hash.as_deref(), Some("v3"));
    assert_eq!(sim.phase(), "Progressing");
}

#[test]
fn an_image_change_during_a_canary_replaces_the_canary() {
    let mut sim = Sim::stable_v1(plan(vec![w(50), pause_forever(), w(100)]));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    assert_eq!(sim.step(), 1);
    sim.template("v3");
    // Canary Service and traffic move to v3 only once its pods are available; v2 waits out
    // the scale-down delay.
    assert_eq!(
        sim.tick(at(2)),
        vec![create("v3", 2), weight(0), deadline("v2", Some(32))]
    );
    assert_eq!(sim.step(), 0);
    assert!(sim.status.pause_conditions.is_empty());
    sim.pods_ready();
    sim.settle(at(3));
    assert_eq!(sim.phase(), "Paused");
    sim.settle(at(32));
    assert_eq!(sim.scales(), "v1=4 v2=0 v3=2");
}

#[test]
fn promote_full_skips_the_remaining_steps() {
    let mut sim = Sim::stable_v1(plan(vec![w(10), pause_forever(), w(50), pause(600)]));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    assert_eq!(sim.phase(), "Paused");
    sim.status.promote_full = true;
    assert_eq!(sim.tick(at(2)), vec![scale("v2", 4)]);
    assert_eq!(sim.step(), 4);
    sim.pods_ready();
    sim.settle(at(3));
    assert_eq!(sim.phase(), "Healthy");
    assert!(!sim.status.promote_full);
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v2"));
    assert_eq!(sim.weight(), Some(0));
}

#[test]
fn without_traffic_routing_the_weight_is_the_replica_ratio() {
    let mut sim = Sim::stable_v1(basic(vec![w(25), pause_forever(), w(75)]));
    sim.template("v2");
    // Canary up first; stable keeps 4 until the canary pod is available.
    assert_eq!(sim.tick(at(0)), vec![create("v2", 1)]);
    assert_eq!(sim.scales(), "v1=4 v2=1");
    sim.pods_ready();
    assert_eq!(
        sim.tick(at(1)),
        vec![pin("web-canary", "v2"), scale("v1", 3)]
    );
    sim.pods_ready();
    sim.settle(at(2));
    assert_eq!(sim.phase(), "Paused");
    assert_eq!(sim.scales(), "v1=3 v2=1");
    assert_eq!(sim.status.canary.weights, None);
    sim.promote();
    sim.settle(at(3));
    assert_eq!(sim.scales(), "v1=3 v2=3");
    sim.pods_ready();
    sim.settle(at(4));
    assert_eq!(
        sim.scales(),
        "v1=1 v2=4",
        "75% done, then the full promotion"
    );
    sim.pods_ready();
    sim.settle(at(5));
    assert_eq!(sim.scales(), "v1=0 v2=4");
    assert_eq!(sim.phase(), "Healthy");
    assert_eq!(sim.weight(), None, "no Ingress is touched");
}

#[test]
fn set_canary_scale_sets_replicas_apart_from_the_weight() {
    let mut sim = Sim::stable_v1(plan(vec![
        crate::spec::rollout::Step::SetCanaryScale {
            weight: None,
            replicas: Some(3),
            match_traffic_weight: false,
        },
        w(10),
        pause_forever(),
        crate::spec::rollout::Step::SetCanaryScale {
            weight: None,
            replicas: None,
            match_traffic_weight: true,
        },
        w(50),
        pause_forever(),
    ]));
    sim.template("v2");
    assert_eq!(sim.tick(at(0)), vec![create("v2", 3)]);
    sim.pods_ready();
    sim.settle(at(1));
    assert_eq!((sim.step(), sim.weight()), (2, Some(10)));
    assert_eq!(
        sim.scales(),
        "v1=4 v2=3",
        "3 canary pods though the weight is 10"
    );
    sim.promote();
    sim.settle(at(2));
    sim.pods_ready();
    sim.settle(at(3));
    assert_eq!((sim.step(), sim.weight()), (5, Some(50)));
    assert_eq!(
        sim.scales(),
        "v1=4 v2=2",
        "matchTrafficWeight: back to ceil(50% of 4)"
    );
}

#[test]
fn canary_pods_not_available_in_time_make_the_rollout_degraded() {
    let mut sim = Sim::stable_v1(plan(vec![w(50), pause_forever()]));
    sim.input.plan.progress_deadline_seconds = 60;
    sim.template("v2");
    sim.settle(at(0));
    assert_eq!(sim.last.as_ref().unwrap().wake_at, Some(at(60)));
    assert_eq!(sim.tick(at(59)), vec![]);
    assert_eq!(sim.phase(), "Progressing");
    assert_eq!(sim.tick(at(60)), vec![]);
    assert_eq!(sim.phase(), "Degraded");
    assert!(
        sim.status
            .message
            .as_deref()
            .unwrap()
            .starts_with("ProgressDeadlineExceeded"),
        "{:?}",
        sim.status.message
    );
    assert!(
        !sim.status.abort,
        "without progressDeadlineAbort traffic stays"
    );
    // The pods arrive late: it goes on.
    sim.pods_ready();
    sim.settle(at(70));
    assert_eq!(sim.phase(), "Paused");
}

#[test]
fn progress_deadline_abort_aborts_the_canary() {
    let mut sim = Sim::stable_v1(plan(vec![w(50), pause_forever()]));
    sim.input.plan.progress_deadline_seconds = 60;
    sim.input.plan.progress_deadline_abort = true;
    sim.template("v2");
    sim.settle(at(0));
    sim.tick(at(61));
    assert!(sim.status.abort);
    assert_eq!(sim.phase(), "Degraded");
    assert!(matches!(
        sim.last.as_ref().unwrap().outcome,
        Outcome::Degraded { aborted: true, .. }
    ));
}

#[test]
fn pods_progressing_move_the_deadline() {
    let mut sim = Sim::stable_v1(plan(vec![w(100)]));
    sim.input.plan.progress_deadline_seconds = 60;
    sim.template("v2");
    sim.settle(at(0));
    // Two of four pods arrive at t=50: the deadline moves to t=110.
    sim.observed.replica_sets[1].available = 2;
    sim.observed.replica_sets[1].current = 2;
    sim.tick(at(50));
    assert_eq!(sim.last.as_ref().unwrap().wake_at, Some(at(110)));
    sim.tick(at(100));
    assert_eq!(sim.phase(), "Progressing");
}

#[test]
fn a_template_back_to_stable_during_a_canary_ends_it() {
    let mut sim = Sim::stable_v1(plan(vec![w(50), pause_forever()]));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    sim.template("v1");
    // The weight leaves v2 before the canary Service does.
    assert_eq!(
        sim.tick(at(2)),
        vec![weight(0), pin("web-canary", "v1"), deadline("v2", Some(32))]
    );
    assert_eq!(sim.phase(), "Healthy");
    assert_eq!(sim.step(), 2);
}

#[test]
fn changed_steps_restart_the_canary() {
    let mut sim = Sim::stable_v1(plan(vec![w(50), pause_forever()]));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    assert_eq!(sim.step(), 1);
    sim.input.step_hash = "other".into();
    sim.input.plan.steps = vec![w(25), pause_forever()];
    sim.tick(at(2));
    assert_eq!(sim.step(), 0);
    assert_eq!(sim.status.current_step_hash.as_deref(), Some("other"));
}

#[test]
fn replaying_a_decision_after_a_crash_changes_nothing_twice() {
    // Crash after the actions were applied but before the status was written: the next
    // process decides from the old status and the new cluster state.
    let mut sim = Sim::stable_v1(plan(vec![w(50), pause(30), w(100)]));
    sim.template("v2");
    let mut now = 0;
    let mut seen = 0;
    while sim.phase() != "Healthy" || sim.status.stable_rs.as_deref() != Some("v2") {
        let before = sim.status.clone();
        let d = super::canary::decide(&sim.input, &sim.status, &sim.observed, at(now));
        for a in &d.actions {
            sim.apply(a);
        }
        // The crash: the status write is lost; decide again from the old status.
        sim.status = before;
        let again = sim.tick(at(now));
        for a in &again {
            assert!(
                !matches!(a, Action::CreateReplicaSet { .. }),
                "duplicate create after a crash: {again:?}"
            );
        }
        sim.pods_ready();
        now += 10;
        seen += 1;
        assert!(seen < 50, "did not converge: {}", sim.phase());
    }
    assert_eq!(sim.scales(), "v1=4 v2=4");
    assert_eq!(sim.weight(), Some(0));
}

#[test]
fn status_carries_replica_counts_and_the_generation_as_a_string() {
    let sim = Sim::stable_v1(plan(vec![w(50)]));
    assert_eq!(sim.status.observed_generation.as_deref(), Some("1"));
    assert_eq!(sim.status.available_replicas, Some(4));
    assert_eq!(sim.status.updated_replicas, Some(4));
    let progressing = sim
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Progressing")
        .unwrap();
    assert_eq!(
        progressing.reason.as_deref(),
        Some("NewReplicaSetAvailable")
    );
}

fn run_phase(sim: &mut Sim, name: &str, phase: &str) {
    sim.observed.analysis_runs.insert(name.into(), phase.into());
}

#[test]
fn an_analysis_step_starts_one_run_and_advances_when_it_succeeds() {
    let mut sim = Sim::stable_v1(plan(vec![w(20), analysis(), w(50), pause_forever()]));
    sim.input.plan.progress_deadline_seconds = 60;
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    let a = sim.settle(at(1));
    let create = Action::CreateAnalysisRun {
        name: "web-v2-1".into(),
        kind: super::RunKind::Step { index: 1 },
        hash: "v2".into(),
    };
    assert!(a.contains(&create), "{a:?}");
    assert_eq!(sim.step(), 1);
    let ar = sim
        .status
        .canary
        .current_step_analysis_run_status
        .clone()
        .unwrap();
    assert_eq!(
        (ar.name.as_str(), ar.status.as_str()),
        ("web-v2-1", "Running")
    );
    // A long analysis is not a stalled rollout: no progress deadline while it runs.
    assert_eq!(sim.tick(at(500)), vec![]);
    assert_eq!(sim.phase(), "Progressing");
    run_phase(&mut sim, "web-v2-1", "Successful");
    assert_eq!(sim.tick(at(501)), vec![scale("v2", 2)]);
    assert_eq!(sim.step(), 2);
    assert_eq!(sim.status.canary.current_step_analysis_run_status, None);
}

#[test]
fn a_failed_analysis_aborts_the_canary_and_says_which_run() {
    let mut sim = Sim::stable_v1(plan(vec![w(20), analysis(), w(50)]));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    run_phase(&mut sim, "web-v2-1", "Failed");
    assert_eq!(
        sim.tick(at(2)),
        vec![weight(0), pin("web-canary", "v1"), deadline("v2", Some(32))]
    );
    assert!(sim.status.abort);
    assert_eq!(sim.phase(), "Degraded");
    assert_eq!(
        sim.status.message.as_deref(),
        Some("RolloutAborted: Rollout aborted update to revision 2: AnalysisRun web-v2-1 Failed")
    );
}

#[test]
fn an_inconclusive_analysis_pauses_until_promoted() {
    let mut sim = Sim::stable_v1(plan(vec![w(20), analysis(), w(50), pause_forever()]));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    run_phase(&mut sim, "web-v2-1", "Inconclusive");
    sim.tick(at(2));
    assert_eq!(sim.phase(), "Paused");
    assert_eq!(
        sim.status.pause_conditions[0].reason,
        "InconclusiveAnalysisRun"
    );
    assert_eq!(
        sim.last.as_ref().unwrap().outcome,
        Outcome::Paused { until: None }
    );
    sim.promote();
    assert_eq!(sim.tick(at(3)), vec![scale("v2", 2)]);
    assert_eq!(sim.step(), 2);
}

#[test]
fn a_deleted_stable_replica_set_is_never_recreated_from_the_new_template() {
    let mut sim = Sim::stable_v1(plan(vec![w(20), pause_forever()]));
    sim.observed.replica_sets.clear();
    sim.template("v2");
    let a = sim.tick(at(0));
    assert!(
        !a.contains(&create("v1", 4)),
        "v1's template is gone: {a:?}"
    );
    assert!(a.contains(&create("v2", 4)), "{a:?}");
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v2"));
}

fn with_background(
    mut p: crate::spec::rollout::CanaryPlan,
    starting_step: usize,
) -> crate::spec::rollout::CanaryPlan {
    p.background = Some(crate::spec::rollout::BackgroundAnalysis {
        starting_step,
        analysis: serde_json::json!({"templates": [{"templateName": "success-rate"}]}),
    });
    p
}

#[test]
fn an_abort_message_carries_the_runs_explanation() {
    let mut sim = Sim::stable_v1(plan(vec![w(20), analysis(), w(50)]));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    run_phase(&mut sim, "web-v2-1", "Failed");
    sim.observed.analysis_messages.insert(
        "web-v2-1".into(),
        "success-rate: 0.9 < 0.99, 2 of 2 failed, failureLimit 1".into(),
    );
    sim.tick(at(2));
    assert_eq!(
        sim.status.message.as_deref(),
        Some(
            "RolloutAborted: Rollout aborted update to revision 2: AnalysisRun web-v2-1 Failed: \
             success-rate: 0.9 < 0.99, 2 of 2 failed, failureLimit 1"
        )
    );
}

#[test]
fn a_step_left_by_promote_terminates_its_running_analysis() {
    let mut sim = Sim::stable_v1(plan(vec![w(20), analysis(), w(50), pause_forever()]));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    assert_eq!(sim.observed.analysis_runs["web-v2-1"], "Running");
    sim.status.current_step_index = Some(2);
    let a = sim.tick(at(2));
    assert!(
        a.contains(&Action::TerminateAnalysisRun {
            name: "web-v2-1".into()
        }),
        "{a:?}"
    );
}

#[test]
fn background_analysis_starts_at_its_step_and_its_failure_aborts_mid_steps() {
    let mut sim = Sim::stable_v1(with_background(
        plan(vec![w(20), pause_forever(), w(50), pause_forever()]),
        1,
    ));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    // Step 1 reached in this round; the run starts on the next.
    sim.settle(at(2));
    assert_eq!(sim.observed.analysis_runs["web-v2-background"], "Running");
    assert_eq!(sim.phase(), "Paused");
    sim.promote();
    sim.settle(at(3));
    sim.pods_ready();
    sim.settle(at(4));
    assert_eq!(sim.step(), 3);
    run_phase(&mut sim, "web-v2-background", "Failed");
    sim.settle(at(5));
    assert!(sim.status.abort);
    assert_eq!(sim.weight(), Some(0));
    assert_eq!(
        sim.status.message.as_deref(),
        Some(
            "RolloutAborted: Rollout aborted update to revision 2: AnalysisRun web-v2-background Failed"
        )
    );
}

#[test]
fn full_promotion_terminates_the_background_analysis() {
    let mut sim = Sim::stable_v1(with_background(plan(vec![w(20), pause_forever()]), 0));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    assert_eq!(sim.observed.analysis_runs["web-v2-background"], "Running");
    sim.promote();
    sim.settle(at(2));
    sim.pods_ready();
    let a = sim.settle(at(3));
    assert_eq!(
        sim.observed.analysis_runs["web-v2-background"], "Successful",
        "{a:?}"
    );
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v2"));
}

#[test]
fn an_inconclusive_background_analysis_pauses_once_until_promoted() {
    let mut sim = Sim::stable_v1(with_background(
        plan(vec![w(20), pause(10), w(50), pause_forever()]),
        0,
    ));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    run_phase(&mut sim, "web-v2-background", "Inconclusive");
    sim.settle(at(2));
    assert_eq!(sim.phase(), "Paused");
    assert_eq!(sim.step(), 1);
    sim.settle(at(30));
    assert_eq!(sim.phase(), "Paused", "held by the inconclusive analysis");
    sim.promote();
    sim.settle(at(31));
    sim.pods_ready();
    // The timed pause starts once the hold is lifted; the result is not asked about again.
    assert_eq!(sim.step(), 1);
    sim.settle(at(41));
    sim.pods_ready();
    sim.settle(at(42));
    assert_eq!(sim.step(), 3);
    assert_eq!(sim.phase(), "Paused");
    assert!(
        sim.status
            .pause_conditions
            .iter()
            .all(|p| p.reason != "InconclusiveAnalysisRun")
    );
}

#[test]
fn retry_after_a_failed_analysis_runs_it_again() {
    let mut sim = Sim::stable_v1(plan(vec![w(20), analysis(), w(50)]));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    run_phase(&mut sim, "web-v2-1", "Failed");
    sim.settle(at(2));
    assert!(sim.status.abort);
    sim.status.abort = false;
    let a = sim.settle(at(40));
    assert!(
        a.contains(&Action::DeleteAnalysisRun {
            name: "web-v2-1".into()
        }),
        "{a:?}"
    );
    sim.pods_ready();
    sim.settle(at(41));
    assert_eq!(sim.step(), 1);
    assert_eq!(sim.observed.analysis_runs["web-v2-1"], "Running");
    assert!(!sim.status.abort);
}

#[test]
fn an_abort_terminates_the_running_analysis() {
    let mut sim = Sim::stable_v1(plan(vec![w(20), analysis(), w(50)]));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    assert_eq!(sim.observed.analysis_runs["web-v2-1"], "Running");
    sim.status.abort = true;
    let a = sim.tick(at(2));
    assert!(
        a.contains(&Action::TerminateAnalysisRun {
            name: "web-v2-1".into()
        }),
        "{a:?}"
    );
    assert_eq!(sim.phase(), "Degraded");
}

/// v1 -> v2 -> v3, each through its steps to Healthy.
fn three_revisions(window: i32) -> Sim {
    let mut p = plan(vec![w(50), pause_forever()]);
    p.rollback_window = window;
    let mut sim = Sim::stable_v1(p);
    for (i, hash) in ["v2", "v3"].into_iter().enumerate() {
        let t = 100 * (i as i64 + 1);
        sim.template(hash);
        sim.settle(at(t));
        sim.pods_ready();
        sim.settle(at(t + 1));
        assert_eq!(sim.phase(), "Paused");
        sim.promote();
        sim.settle(at(t + 2));
        sim.pods_ready();
        sim.settle(at(t + 3));
        sim.settle(at(t + 60));
        assert_eq!(sim.phase(), "Healthy", "{hash}");
    }
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v3"));
    sim
}

#[test]
fn a_rollback_within_the_rollback_window_skips_the_steps() {
    // Back to v2 (no revision between v2 and stable v3): within a window of 1.
    let mut sim = three_revisions(1);
    sim.template("v2");
    assert_eq!(sim.tick(at(400)), vec![scale("v2", 4)]);
    assert_eq!(sim.step(), 2, "no steps");
    sim.pods_ready();
    sim.settle(at(401));
    assert_eq!(sim.phase(), "Healthy");
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v2"));
}

#[test]
fn a_rollback_outside_the_window_or_without_one_runs_the_steps() {
    // Back to v1: v2 lies between v1 and stable v3, so a window of 1 does not reach it.
    for (window, hash) in [(1, "v1"), (0, "v2")] {
        let mut sim = three_revisions(window);
        sim.template(hash);
        sim.settle(at(400));
        sim.pods_ready();
        sim.settle(at(401));
        assert_eq!(
            (sim.phase(), sim.step()),
            ("Paused", 1),
            "window {window}, back to {hash}"
        );
    }
    // A window of 2 reaches v1.
    let mut sim = three_revisions(2);
    sim.template("v1");
    sim.settle(at(400));
    sim.pods_ready();
    sim.settle(at(401));
    assert_eq!(sim.phase(), "Healthy");
}

fn window_hold(until: i64) -> Option<super::Hold> {
    Some(super::Hold {
        message: "deny window 0 (0 15 * * 5, 2h) blocks app web".into(),
        until: Some(at(until)),
    })
}

#[test]
fn a_deploy_window_holds_the_rollout_before_more_traffic_and_releases_it_when_it_opens() {
    let mut sim = Sim::stable_v1(plan(vec![w(20), pause(10), w(50), pause_forever()]));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    assert_eq!((sim.step(), sim.weight()), (1, Some(20)));
    // The deny window begins during the timed pause: the pause still ends, but setWeight 50
    // waits, at 20% and one canary pod.
    sim.input.hold = window_hold(300);
    sim.settle(at(20));
    assert_eq!((sim.step(), sim.weight()), (2, Some(20)));
    assert_eq!(sim.scales(), "v1=4 v2=1");
    assert_eq!(sim.phase(), "Paused");
    let reasons: Vec<_> = sim
        .status
        .pause_conditions
        .iter()
        .map(|p| p.reason.as_str())
        .collect();
    assert_eq!(reasons, vec![super::WINDOW_PAUSE_REASON]);
    assert!(
        sim.status
            .message
            .as_deref()
            .unwrap()
            .contains("deny window 0"),
        "{:?}",
        sim.status.message
    );
    let d = sim.last.clone().unwrap();
    assert_eq!(
        d.outcome,
        Outcome::Paused {
            until: Some(at(300))
        }
    );
    assert_eq!(d.wake_at, Some(at(300)));
    // Still held later; the hold keeps the time it began.
    sim.settle(at(200));
    assert_eq!(sim.status.pause_conditions[0].start_time, at(20));
    // The window closes: the rollout goes on by itself.
    sim.input.hold = None;
    assert_eq!(sim.tick(at(300)), vec![scale("v2", 2)]);
    assert!(sim.status.pause_conditions.is_empty());
    sim.pods_ready();
    sim.settle(at(301));
    assert_eq!(
        (sim.step(), sim.weight(), sim.phase()),
        (3, Some(50), "Paused")
    );
}

#[test]
fn an_abort_is_never_held_by_a_window_and_a_full_promotion_is() {
    let mut sim = Sim::stable_v1(plan(vec![w(20), pause_forever()]));
    sim.template("v2");
    sim.settle(at(0));
    sim.pods_ready();
    sim.settle(at(1));
    sim.input.hold = window_hold(300);
    // promote --full would send everything to v2: held.
    sim.status.promote_full = true;
    sim.settle(at(2));
    assert_eq!(sim.weight(), Some(20));
    assert_eq!(sim.scales(), "v1=4 v2=1");
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v1"));
    // An abort goes through at once, and clears the hold.
    sim.status.abort = true;
    sim.settle(at(3));
    assert_eq!((sim.weight(), sim.phase()), (Some(0), "Degraded"));
    assert!(sim.status.pause_conditions.is_empty());
}
