//! Whole blue-green timelines against the simulated cluster: what the step machine does at
//! t0, t1, ... and which Service selects which revision.

use super::bluegreen::{INCONCLUSIVE, PAUSE_REASON, post_run_name, pre_run_name};
use super::fixtures::*;
use super::{Action, Outcome, RunKind};
use crate::spec::rollout::{BlueGreenPlan, PodTemplateMetadata};

fn analysis() -> Option<serde_json::Value> {
    Some(serde_json::json!({"templates": [{"templateName": "smoke"}]}))
}

impl Sim<BlueGreenPlan> {
    fn active(&self) -> Option<&str> {
        self.observed.services["web-active"].as_deref()
    }
    fn preview(&self) -> Option<&str> {
        self.observed.services["web-preview"].as_deref()
    }
    fn outcome(&self) -> Outcome {
        self.last.as_ref().unwrap().outcome.clone()
    }
    fn run(&mut self, name: &str, phase: &str) {
        self.observed
            .analysis_runs
            .insert(name.to_string(), phase.to_string());
    }
    /// A new template whose pods become available, settled at `t`.
    fn update_ready(&mut self, t: i64) {
        self.template("v2");
        self.settle(at(t));
        self.pods_ready();
        self.settle(at(t));
    }
}

#[test]
fn the_first_revision_becomes_stable_and_active_once_its_pods_are_available() {
    let mut sim = Sim::new(blue_green());
    let a = sim.settle(t0());
    assert_eq!(
        a[0],
        Action::CreateReplicaSet {
            hash: "v1".into(),
            replicas: 4
        }
    );
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v1"));
    // Argo's order: the preview Service points at once, the active one when the pods serve.
    assert_eq!(sim.preview(), Some("v1"));
    assert_eq!(sim.active(), None);
    assert_eq!(sim.phase(), "Progressing");
    sim.pods_ready();
    sim.settle(t0());
    assert_eq!(sim.active(), Some("v1"));
    assert_eq!(sim.phase(), "Healthy");
    assert_eq!(sim.status.blue_green.active_selector.as_deref(), Some("v1"));
    assert_eq!(sim.status.current_step_index, None);
}

#[test]
fn manual_promotion_switches_active_and_scales_the_old_side_down_after_the_delay() {
    let mut sim = Sim::stable_v1(blue_green());
    sim.template("v2");
    let a = sim.settle(at(10));
    // Without preview metadata, created at its size: one request.
    assert_eq!(
        a[0],
        Action::CreateReplicaSet {
            hash: "v2".into(),
            replicas: 4
        }
    );
    assert!(
        !a.iter()
            .any(|x| matches!(x, Action::ScaleReplicaSet { hash, .. } if hash == "v2")),
        "{a:?}"
    );
    assert_eq!(sim.preview(), Some("v2"));
    assert_eq!(sim.active(), Some("v1"));
    assert_eq!(sim.scales(), "v1=4 v2=4");
    assert_eq!(sim.phase(), "Progressing");
    sim.pods_ready();
    sim.settle(at(11));
    assert_eq!(sim.phase(), "Paused");
    assert_eq!(sim.outcome(), Outcome::Paused { until: None });
    assert_eq!(sim.status.pause_conditions[0].reason, PAUSE_REASON);
    assert!(sim.status.controller_pause);
    assert_eq!(sim.active(), Some("v1"), "no switch before the promotion");
    // Waiting changes nothing.
    assert!(sim.settle(at(500)).is_empty());
    sim.promote();
    sim.settle(at(600));
    assert_eq!(sim.active(), Some("v2"));
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v2"));
    assert_eq!(
        sim.scales(),
        "v1=4 v2=4",
        "the old side waits scaleDownDelaySeconds"
    );
    assert!(sim.last.as_ref().unwrap().pending_scale_down);
    assert_eq!(sim.last.as_ref().unwrap().wake_at, Some(at(630)));
    sim.settle(at(629));
    assert_eq!(sim.scales(), "v1=4 v2=4");
    sim.settle(at(630));
    assert_eq!(sim.scales(), "v1=0 v2=4");
    assert_eq!(sim.phase(), "Healthy");
    assert!(!sim.last.as_ref().unwrap().pending_scale_down);
    assert!(sim.status.pause_conditions.is_empty() && !sim.status.controller_pause);
}

#[test]
fn preview_replica_count_runs_a_small_preview_and_scales_up_before_the_switch() {
    let mut sim = Sim::stable_v1(BlueGreenPlan {
        preview_replica_count: Some(1),
        ..blue_green()
    });
    sim.update_ready(10);
    assert_eq!(sim.scales(), "v1=4 v2=1");
    assert_eq!(sim.phase(), "Paused");
    sim.promote();
    sim.settle(at(20));
    assert!(sim.status.blue_green.scale_up_preview_check_point);
    assert_eq!(sim.scales(), "v1=4 v2=4");
    assert_eq!(sim.active(), Some("v1"), "not before all replicas serve");
    sim.pods_ready();
    sim.settle(at(21));
    assert_eq!(sim.active(), Some("v2"));
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v2"));
    assert!(!sim.status.blue_green.scale_up_preview_check_point);
}

#[test]
fn auto_promotion_seconds_pauses_that_long_then_switches() {
    let mut sim = Sim::stable_v1(BlueGreenPlan {
        auto_promotion_enabled: true,
        auto_promotion_seconds: 20,
        ..blue_green()
    });
    sim.update_ready(10);
    assert_eq!(
        sim.outcome(),
        Outcome::Paused {
            until: Some(at(30))
        }
    );
    assert_eq!(sim.last.as_ref().unwrap().wake_at, Some(at(30)));
    sim.settle(at(29));
    assert_eq!(sim.active(), Some("v1"));
    sim.settle(at(30));
    assert_eq!(sim.active(), Some("v2"));
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v2"));
    // `promote` before the delay runs out promotes at once.
    let mut early = Sim::stable_v1(BlueGreenPlan {
        auto_promotion_enabled: true,
        auto_promotion_seconds: 600,
        ..blue_green()
    });
    early.update_ready(10);
    early.promote();
    early.settle(at(20));
    assert_eq!(early.active(), Some("v2"));
}

#[test]
fn auto_promotion_by_default_switches_as_soon_as_the_pods_are_available() {
    let mut sim = Sim::stable_v1(BlueGreenPlan {
        auto_promotion_enabled: true,
        ..blue_green()
    });
    sim.template("v2");
    sim.settle(at(10));
    assert_eq!(sim.active(), Some("v1"));
    sim.pods_ready();
    sim.settle(at(11));
    assert_eq!(sim.active(), Some("v2"));
    assert!(sim.status.pause_conditions.is_empty());
    // autoPromotionSeconds is ignored when auto-promotion is off: a person promotes.
    let mut manual = Sim::stable_v1(BlueGreenPlan {
        auto_promotion_seconds: 5,
        ..blue_green()
    });
    manual.update_ready(10);
    assert_eq!(manual.outcome(), Outcome::Paused { until: None });
}

#[test]
fn pre_promotion_analysis_starts_with_the_pods_and_gates_the_pause() {
    let mut sim = Sim::stable_v1(BlueGreenPlan {
        pre_promotion_analysis: analysis(),
        ..blue_green()
    });
    sim.template("v2");
    let a = sim.settle(at(10));
    let pre = pre_run_name("web", "v2");
    assert!(!sim.observed.analysis_runs.contains_key(&pre), "{a:?}");
    sim.pods_ready();
    let a = sim.settle(at(11));
    assert!(
        a.contains(&Action::CreateAnalysisRun {
            name: pre.clone(),
            kind: RunKind::PrePromotion,
            hash: "v2".into()
        }),
        "{a:?}"
    );
    assert_eq!(sim.phase(), "Progressing");
    assert_eq!(
        sim.status.message.as_deref(),
        Some("waiting for pre-promotion analysis to complete")
    );
    assert!(sim.status.pause_conditions.is_empty());
    sim.run(&pre, "Successful");
    sim.settle(at(20));
    assert_eq!(sim.phase(), "Paused");
    let r = sim
        .status
        .blue_green
        .pre_promotion_analysis_run_status
        .clone()
        .unwrap();
    assert_eq!(
        (r.name.as_str(), r.status.as_str()),
        (pre.as_str(), "Successful")
    );
    sim.promote();
    sim.settle(at(30));
    assert_eq!(sim.active(), Some("v2"));
}

#[test]
fn a_failed_pre_promotion_analysis_aborts_without_a_switch() {
    let mut sim = Sim::stable_v1(BlueGreenPlan {
        pre_promotion_analysis: analysis(),
        ..blue_green()
    });
    sim.update_ready(10);
    let pre = pre_run_name("web", "v2");
    sim.run(&pre, "Failed");
    sim.observed
        .analysis_messages
        .insert(pre.clone(), "smoke: 0.5 < 0.99".into());
    sim.settle(at(20));
    assert!(sim.status.abort);
    assert_eq!(sim.phase(), "Degraded");
    assert_eq!(
        sim.status.message.as_deref(),
        Some(
            "RolloutAborted: Rollout aborted update to revision 2: Blue/green pre-promotion \
             analysis phase error/failed: AnalysisRun web-v2-pre Failed: smoke: 0.5 < 0.99"
        )
    );
    assert!(matches!(
        sim.outcome(),
        Outcome::Degraded { aborted: true, .. }
    ));
    assert_eq!(sim.active(), Some("v1"));
    assert_eq!(sim.preview(), Some("v2"), "the preview stays for a look");
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v1"));
    // The new side keeps its pods abortScaleDownDelaySeconds.
    assert_eq!(sim.scales(), "v1=4 v2=4");
    sim.settle(at(50));
    assert_eq!(sim.scales(), "v1=4 v2=0");
    assert!(!sim.last.as_ref().unwrap().pending_scale_down);
}

#[test]
fn a_failed_post_promotion_analysis_switches_active_back_while_the_old_side_is_up() {
    let mut sim = Sim::stable_v1(BlueGreenPlan {
        post_promotion_analysis: analysis(),
        ..blue_green()
    });
    sim.update_ready(10);
    sim.promote();
    let a = sim.settle(at(20));
    let post = post_run_name("web", "v2");
    assert_eq!(sim.active(), Some("v2"));
    assert!(
        a.contains(&Action::CreateAnalysisRun {
            name: post.clone(),
            kind: RunKind::PostPromotion,
            hash: "v2".into()
        }),
        "{a:?}"
    );
    assert_eq!(
        sim.status.stable_rs.as_deref(),
        Some("v1"),
        "stable after the analysis"
    );
    assert_eq!(sim.scales(), "v1=4 v2=4");
    sim.run(&post, "Failed");
    sim.settle(at(30));
    assert!(sim.status.abort);
    assert_eq!(sim.active(), Some("v1"));
    assert_eq!(sim.status.blue_green.active_selector.as_deref(), Some("v1"));
    assert_eq!(sim.scales(), "v1=4 v2=4");
    assert!(
        sim.status
            .message
            .as_deref()
            .unwrap()
            .contains("Blue/green post-promotion analysis phase error/failed"),
        "{:?}",
        sim.status.message
    );
    sim.settle(at(60));
    assert_eq!(sim.scales(), "v1=4 v2=0");
}

#[test]
fn a_passing_post_promotion_analysis_makes_the_new_revision_stable() {
    let mut sim = Sim::stable_v1(BlueGreenPlan {
        post_promotion_analysis: analysis(),
        ..blue_green()
    });
    sim.update_ready(10);
    sim.promote();
    sim.settle(at(20));
    assert_eq!(
        sim.status.message.as_deref(),
        Some("waiting for post-promotion analysis to complete")
    );
    sim.run(&post_run_name("web", "v2"), "Successful");
    sim.settle(at(25));
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v2"));
    sim.settle(at(55));
    assert_eq!(sim.scales(), "v1=0 v2=4");
    assert_eq!(sim.phase(), "Healthy");
    // The analysis stays on record once stable, as in Argo.
    assert_eq!(
        sim.status
            .blue_green
            .post_promotion_analysis_run_status
            .as_ref()
            .map(|a| a.status.as_str()),
        Some("Successful")
    );
}

#[test]
fn abort_then_retry_runs_the_update_and_its_analysis_again() {
    let mut sim = Sim::stable_v1(BlueGreenPlan {
        pre_promotion_analysis: analysis(),
        ..blue_green()
    });
    sim.update_ready(10);
    let pre = pre_run_name("web", "v2");
    sim.status.abort = true;
    let a = sim.settle(at(12));
    assert!(
        a.contains(&Action::TerminateAnalysisRun { name: pre.clone() }),
        "{a:?}"
    );
    assert_eq!(sim.phase(), "Degraded");
    assert_eq!(sim.active(), Some("v1"));
    sim.settle(at(42));
    assert_eq!(sim.scales(), "v1=4 v2=0");
    // retry: abort cleared as Argo's CLI does.
    sim.status.abort = false;
    let a = sim.settle(at(50));
    assert!(
        a.contains(&Action::DeleteAnalysisRun { name: pre.clone() }),
        "{a:?}"
    );
    assert_eq!(sim.scales(), "v1=4 v2=4");
    sim.pods_ready();
    let a = sim.settle(at(51));
    assert!(
        a.iter()
            .any(|x| matches!(x, Action::CreateAnalysisRun { name, .. } if *name == pre)),
        "{a:?}"
    );
    assert!(sim.status.aborted_at.is_none());
}

#[test]
fn promote_full_skips_the_analysis_left_and_switches_when_the_pods_serve() {
    let mut sim = Sim::stable_v1(BlueGreenPlan {
        pre_promotion_analysis: analysis(),
        post_promotion_analysis: analysis(),
        preview_replica_count: Some(1),
        ..blue_green()
    });
    sim.update_ready(10);
    let pre = pre_run_name("web", "v2");
    assert_eq!(sim.observed.analysis_runs[&pre], "Running");
    sim.status.promote_full = true;
    let a = sim.settle(at(20));
    assert!(
        a.contains(&Action::TerminateAnalysisRun { name: pre }),
        "{a:?}"
    );
    assert_eq!(sim.scales(), "v1=4 v2=4", "previewReplicaCount is ignored");
    sim.pods_ready();
    sim.settle(at(21));
    assert_eq!(sim.active(), Some("v2"));
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v2"));
    assert!(!sim.status.promote_full);
    assert!(
        !sim.observed
            .analysis_runs
            .contains_key(&post_run_name("web", "v2"))
    );
}

#[test]
fn an_inconclusive_pre_promotion_analysis_pauses_until_promoted() {
    let mut sim = Sim::stable_v1(BlueGreenPlan {
        pre_promotion_analysis: analysis(),
        ..blue_green()
    });
    sim.update_ready(10);
    sim.run(&pre_run_name("web", "v2"), "Inconclusive");
    sim.settle(at(20));
    assert_eq!(sim.phase(), "Paused");
    assert_eq!(sim.status.pause_conditions[0].reason, INCONCLUSIVE);
    sim.promote();
    sim.settle(at(30));
    // Past the analysis, the rollout reaches its own pause before the switch.
    assert_eq!(sim.status.pause_conditions[0].reason, PAUSE_REASON);
    sim.promote();
    sim.settle(at(40));
    assert_eq!(sim.active(), Some("v2"));
}

#[test]
fn the_opt_in_preview_switch_waits_for_the_new_pods() {
    let mut sim = Sim::stable_v1(BlueGreenPlan {
        preview_after_available: true,
        ..blue_green()
    });
    sim.template("v2");
    sim.settle(at(10));
    assert_eq!(
        sim.preview(),
        Some("v1"),
        "no preview of pods that do not serve yet"
    );
    sim.pods_ready();
    sim.settle(at(11));
    assert_eq!(sim.preview(), Some("v2"));
    assert_eq!(
        sim.status.blue_green.preview_selector.as_deref(),
        Some("v2")
    );
    assert_eq!(sim.phase(), "Paused");
}

#[test]
fn older_revisions_past_the_revision_limit_scale_down_at_once() {
    let mut sim = Sim::stable_v1(BlueGreenPlan {
        auto_promotion_enabled: true,
        scale_down_delay_revision_limit: Some(1),
        ..blue_green()
    });
    sim.update_ready(10);
    assert_eq!(sim.status.stable_rs.as_deref(), Some("v2"));
    sim.template("v3");
    sim.settle(at(20));
    sim.pods_ready();
    sim.settle(at(20));
    assert_eq!(sim.active(), Some("v3"));
    // v2 keeps its delay; v1 (past the limit of 1) goes at once.
    assert_eq!(sim.scales(), "v1=0 v2=4 v3=4");
}

#[test]
fn active_and_preview_metadata_follow_the_revisions() {
    let meta = |k: &str| PodTemplateMetadata {
        labels: [("role".to_string(), k.to_string())].into(),
        annotations: Default::default(),
    };
    let mut sim = Sim::stable_v1(BlueGreenPlan {
        active_metadata: Some(meta("active")),
        preview_metadata: Some(meta("preview")),
        ..blue_green()
    });
    assert_eq!(
        sim.observed.rs("v1").unwrap().ephemeral,
        Some(meta("active"))
    );
    sim.template("v2");
    let a = sim.settle(at(10));
    assert_eq!(
        a[1],
        Action::SetEphemeralMetadata {
            hash: "v2".into(),
            metadata: Some(meta("preview"))
        },
        "before its pods start"
    );
    sim.pods_ready();
    sim.settle(at(11));
    sim.promote();
    sim.settle(at(12));
    assert_eq!(
        sim.observed.rs("v2").unwrap().ephemeral,
        Some(meta("active"))
    );
}

#[test]
fn a_crash_after_any_round_converges_to_the_same_end_state() {
    // Each prefix of the timeline, replayed from the recorded status and cluster, ends where
    // the whole run ends: decisions depend only on what is observed.
    let plan = BlueGreenPlan {
        pre_promotion_analysis: analysis(),
        ..blue_green()
    };
    let mut sim = Sim::stable_v1(plan.clone());
    sim.template("v2");
    for t in 10..14 {
        sim.tick(at(t));
        let mut replay = Sim::new(plan.clone());
        replay.input = sim.input.clone();
        replay.status = sim.status.clone();
        replay.observed = sim.observed.clone();
        replay.settle(at(t));
        replay.pods_ready();
        replay.settle(at(t));
        replay.run(&pre_run_name("web", "v2"), "Successful");
        replay.settle(at(t));
        replay.promote();
        replay.settle(at(t + 100));
        replay.settle(at(t + 200));
        assert_eq!(replay.active(), Some("v2"));
        assert_eq!(replay.scales(), "v1=0 v2=4");
        assert_eq!(replay.phase(), "Healthy");
    }
}

#[test]
fn a_deploy_window_holds_the_switch_and_releases_it_when_it_opens() {
    let mut sim = Sim::stable_v1(blue_green());
    sim.update_ready(1);
    assert_eq!(sim.preview(), Some("v2"));
    sim.input.hold = Some(super::Hold {
        message: "deny #1".into(),
        until: Some(at(600)),
    });
    // Promoted during the freeze: the active Service stays on v1.
    sim.promote();
    sim.settle(at(10));
    assert_eq!(sim.active(), Some("v1"));
    assert_eq!(sim.phase(), "Paused");
    assert!(
        sim.status
            .pause_conditions
            .iter()
            .any(|p| p.reason == super::WINDOW_PAUSE_REASON)
    );
    assert!(sim.status.message.as_deref().unwrap().contains("deny #1"));
    assert_eq!(
        sim.outcome(),
        Outcome::Paused {
            until: Some(at(600))
        }
    );
    // The window opens: the switch happens by itself.
    sim.input.hold = None;
    sim.settle(at(600));
    assert_eq!(sim.active(), Some("v2"));
    assert!(
        !sim.status
            .pause_conditions
            .iter()
            .any(|p| p.reason == super::WINDOW_PAUSE_REASON)
    );
}
