//! Whole timelines of the flag rollout's step machine (`engine::flag`).

use chrono::TimeDelta;
use proptest::prelude::*;

use super::fixtures::{Sim, at, t0};
use super::flag::FlagView;
use super::{Action, Hold, Outcome};
use crate::flags::edit::Percent;
use crate::flags::rollout::{FlagPlan, FlagRolloutSpec};
use crate::spec::analysis::{AnalysisTemplateRef, RolloutAnalysis};

fn plan(steps: &[&str], pause: Option<&str>, analysis: bool) -> FlagPlan {
    FlagPlan::new(
        "new_search_ui",
        FlagRolloutSpec {
            steps: steps.iter().map(|s| s.to_string()).collect(),
            pause: pause.map(str::to_string),
            analysis: analysis.then(|| RolloutAnalysis {
                templates: vec![AnalysisTemplateRef {
                    template_name: "errors".into(),
                    cluster_scope: false,
                }],
                ..Default::default()
            }),
        },
    )
    .unwrap()
}

fn sim(plan: FlagPlan) -> Sim<FlagPlan> {
    let mut sim = Sim::new(plan);
    sim.input.name = "app-flags-new-search-ui-abc".into();
    sim.input.pod_hash = "r1".into();
    // The flag exists and is off.
    sim.observed.flag = Some(FlagView {
        enabled: true,
        percent: Percent::from_basis_points(0),
    });
    sim
}

fn pct(sim: &Sim<FlagPlan>) -> Option<u32> {
    sim.observed
        .flag
        .and_then(|f| f.effective())
        .map(|p| p.basis_points() / 100)
}

fn finish_runs(sim: &mut Sim<FlagPlan>, phase: &str) {
    for v in sim.observed.analysis_runs.values_mut() {
        if v == "Running" {
            *v = phase.into();
        }
    }
}

#[test]
fn raises_pauses_analyses_and_ends_at_the_last_percentage() {
    let mut s = sim(plan(&["5", "25", "100"], Some("10m"), true));
    s.settle(t0());
    assert_eq!(pct(&s), Some(5));
    assert_eq!(s.phase(), "Paused");
    let d = s.last.clone().unwrap();
    assert_eq!(d.wake_at, Some(t0() + TimeDelta::minutes(10)));
    assert_eq!(d.outcome, Outcome::Paused { until: d.wake_at });
    // Still paused a second early; the pause ends on time and the analysis starts.
    s.settle(at(599));
    assert_eq!((pct(&s), s.phase()), (Some(5), "Paused"));
    let acts = s.settle(at(600));
    assert!(
        matches!(&acts[..], [Action::CreateAnalysisRun { name, .. }] if name == "app-flags-new-search-ui-abc-r1-2"),
        "{acts:?}"
    );
    assert_eq!((pct(&s), s.phase()), (Some(5), "Progressing"));
    finish_runs(&mut s, "Successful");
    s.settle(at(601));
    assert_eq!((pct(&s), s.phase()), (Some(25), "Paused"));
    s.settle(at(1201));
    finish_runs(&mut s, "Successful");
    s.settle(at(1202));
    assert_eq!((pct(&s), s.phase()), (Some(100), "Healthy"));
    assert_eq!(s.last.as_ref().unwrap().outcome, Outcome::Healthy);
    assert_eq!(s.step(), 7);
    // Done is done: the same rollout again changes nothing.
    assert!(s.settle(at(5000)).is_empty());
    assert_eq!(s.phase(), "Healthy");
}

#[test]
fn a_failed_analysis_is_the_kill_switch_at_once() {
    let mut s = sim(plan(&["10", "50", "100"], None, true));
    s.settle(t0());
    assert_eq!(pct(&s), Some(10));
    finish_runs(&mut s, "Failed");
    s.observed.analysis_messages.insert(
        "app-flags-new-search-ui-abc-r1-1".into(),
        "metric error-rate assessed Failed".into(),
    );
    let acts = s.settle(at(5));
    assert_eq!(acts, vec![Action::DisableFlag]);
    assert_eq!(pct(&s), Some(0));
    assert_eq!(s.phase(), "Degraded");
    let Outcome::Degraded { aborted, message } = &s.last.as_ref().unwrap().outcome else {
        panic!("{:?}", s.last);
    };
    assert!(*aborted);
    assert!(
        message.contains("disabled for everyone")
            && message.contains("app-flags-new-search-ui-abc-r1-1 failed")
            && message.contains("error-rate"),
        "{message}"
    );
    // Aborted stays aborted, also for a restarted driver.
    assert!(s.settle(at(100)).is_empty());
    assert_eq!(s.phase(), "Degraded");
}

#[test]
fn retry_starts_over_with_fresh_analyses() {
    let mut s = sim(plan(&["10", "100"], None, true));
    s.settle(t0());
    finish_runs(&mut s, "Failed");
    s.settle(at(1));
    assert_eq!(s.phase(), "Degraded");
    s.status.abort = false; // `flags retry`
    let acts = s.settle(at(2));
    assert!(acts.contains(&Action::DeleteAnalysisRun {
        name: "app-flags-new-search-ui-abc-r1-1".into()
    }));
    assert!(acts.contains(&Action::SetFlagPercent {
        percent: Percent::parse("10").unwrap()
    }));
    assert_eq!(
        s.observed
            .analysis_runs
            .get("app-flags-new-search-ui-abc-r1-1")
            .map(String::as_str),
        Some("Running")
    );
    finish_runs(&mut s, "Successful");
    s.settle(at(3));
    assert_eq!((pct(&s), s.phase()), (Some(100), "Healthy"));
}

#[test]
fn promote_skips_a_pause_and_promote_full_goes_to_everyone() {
    let mut s = sim(plan(&["5", "50", "100"], Some("1h"), false));
    s.settle(t0());
    assert_eq!((pct(&s), s.phase()), (Some(5), "Paused"));
    s.promote();
    s.settle(at(1));
    assert_eq!((pct(&s), s.phase()), (Some(50), "Paused"));
    s.status.promote_full = true;
    s.settle(at(2));
    assert_eq!((pct(&s), s.phase()), (Some(100), "Healthy"));
    assert!(!s.status.promote_full);
}

#[test]
fn an_abort_intent_disables_the_flag_and_terminates_the_analysis() {
    let mut s = sim(plan(&["5", "100"], None, true));
    s.settle(t0());
    assert_eq!(s.observed.analysis_runs.len(), 1);
    s.status.abort = true; // `flags abort`
    let acts = s.settle(at(1));
    assert!(acts.contains(&Action::DisableFlag), "{acts:?}");
    assert!(
        acts.iter()
            .any(|a| matches!(a, Action::TerminateAnalysisRun { .. }))
    );
    let Outcome::Degraded { message, .. } = &s.last.as_ref().unwrap().outcome else {
        panic!()
    };
    assert!(message.ends_with("by request"), "{message}");
}

#[test]
fn another_spec_starts_over_and_a_resumed_driver_goes_on_where_it_was() {
    let mut s = sim(plan(&["5", "25", "100"], Some("10m"), false));
    s.settle(t0());
    s.settle(at(600));
    assert_eq!((pct(&s), s.phase()), (Some(25), "Paused"));
    // A new driver reads the same status and flag: nothing is set again.
    let status = s.status.clone();
    let mut again = sim(s.input.plan.clone());
    again.status = status;
    again.observed = s.observed.clone();
    assert!(again.settle(at(700)).is_empty());
    assert_eq!(again.phase(), "Paused");
    // Another spec: a new identity, from the first step.
    s.input.pod_hash = "r2".into();
    s.input.plan = plan(&["50", "100"], None, false);
    s.settle(at(701));
    assert_eq!((pct(&s), s.phase(), s.step()), (Some(100), "Healthy", 2));
}

#[test]
fn a_deploy_window_holds_every_raise_but_not_the_kill_switch() {
    let mut s = sim(plan(&["5", "100"], None, true));
    s.settle(t0());
    s.input.hold = Some(Hold {
        message: "deploy window closed".into(),
        until: Some(at(3600)),
    });
    finish_runs(&mut s, "Successful");
    s.settle(at(10));
    assert_eq!((pct(&s), s.phase()), (Some(5), "Paused"));
    assert_eq!(s.last.as_ref().unwrap().wake_at, Some(at(3600)));
    s.status.abort = true;
    s.settle(at(11));
    assert_eq!((pct(&s), s.phase()), (Some(0), "Degraded"));
    s.status.abort = false;
    s.input.hold = None;
    finish_runs(&mut s, "Successful");
    s.settle(at(3600));
    finish_runs(&mut s, "Successful");
    s.settle(at(3601));
    assert_eq!((pct(&s), s.phase()), (Some(100), "Healthy"));
}

proptest! {
    /// Over random timelines (time passing, analyses passing or failing, promotes, aborts):
    /// the flag is only ever set to a percentage of the plan (or everyone on promote --full),
    /// never lowered except by the kill switch, and the kill switch follows every failure.
    #[test]
    fn the_flag_only_grows_until_the_kill_switch(events in proptest::collection::vec(0u8..6, 1..40)) {
        let p = plan(&["1", "5", "25", "50", "100"], Some("5m"), true);
        let allowed: Vec<u32> = p.spec.steps.iter().map(|s| Percent::parse(s).unwrap().basis_points()).collect();
        let mut s = sim(p);
        let mut now = t0();
        let mut last = 0;
        for e in events {
            match e {
                0 => now += TimeDelta::minutes(5),
                1 => finish_runs(&mut s, "Successful"),
                2 => finish_runs(&mut s, "Failed"),
                3 => s.promote(),
                4 => s.status.abort = true,
                5 if s.status.abort => s.status.abort = false, // retry
                _ => s.status.promote_full = true,
            }
            let failed = e == 2 && s.observed.analysis_runs.values().any(|v| v == "Failed");
            for a in s.settle(now) {
                match a {
                    Action::SetFlagPercent { percent } => {
                        let bp = percent.basis_points();
                        prop_assert!(allowed.contains(&bp) || bp == 10_000, "set {bp}");
                        prop_assert!(bp >= last, "lowered {last} -> {bp}");
                        last = bp;
                    }
                    Action::DisableFlag => last = 0,
                    _ => {}
                }
            }
            if s.status.abort {
                prop_assert_eq!(pct(&s), Some(0));
                prop_assert_eq!(s.phase(), "Degraded");
            }
            if failed && !s.status.abort {
                prop_assert!(false, "a failed analysis did not abort: {:?}", s.status);
            }
        }
    }
}
