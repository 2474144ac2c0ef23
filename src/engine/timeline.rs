//! `rollout plan`: the earliest timeline of a rollout's steps from an instant, and where deploy
//! windows would hold it (pure: the windows come in as a function of the instant).
//!
//! Steps that only move pods (`setWeight`, `setCanaryScale`) are taken as instant: the earliest
//! a step can be done is when it starts (pods take what they take). Timed pauses take their
//! duration, an analysis step its longest metric (`initialDelay + interval x (count - 1)`), an
//! indefinite pause waits for a promote (the timeline goes on as if it came at once). Before a
//! step that sends more traffic to the new revision the windows are asked, as the driver asks
//! them while driving; a block holds the timeline until the window opens.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use super::Hold;
use super::canary::targets;
use crate::spec::rollout::{BlueGreenPlan, CanaryPlan, Step};

/// How long a step takes at the earliest.
#[derive(Debug, Clone, PartialEq)]
pub enum Length {
    Instant,
    For(TimeDelta),
    /// An indefinite pause (or a manual blue-green promotion).
    UntilPromoted,
    /// An analysis that may run without end (a metric with an interval and no count).
    Unbounded,
}

/// One row of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Planned {
    /// The step's index (`None` for the full promotion or a blue-green stage).
    pub index: Option<usize>,
    pub what: String,
    /// The canary weight (blue-green: the share of traffic on the new revision) once done.
    pub weight: i32,
    pub start: DateTime<Utc>,
    /// `None`: waits for a promote or runs without end.
    pub end: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held_until: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held_by: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub needs_promote: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Timeline {
    pub start: DateTime<Utc>,
    pub steps: Vec<Planned>,
    /// The earliest finish, taking every promote as immediate; `None` when a window never
    /// opens or an analysis runs without end.
    pub finish: Option<DateTime<Utc>>,
    /// Some step would be held by a window.
    pub held: bool,
    /// Some step waits for a promote.
    pub needs_promote: bool,
}

/// A stage to lay out: what it is, the weight it reaches, whether it sends more traffic to the
/// new revision, how long it takes.
struct Stage {
    index: Option<usize>,
    what: String,
    weight: i32,
    shifts: bool,
    length: Length,
}

fn lay_out(
    stages: Vec<Stage>,
    start: DateTime<Utc>,
    hold: &dyn Fn(DateTime<Utc>) -> Option<Hold>,
) -> Timeline {
    let mut t = Some(start);
    let mut rows = Vec::new();
    let mut held_any = false;
    let mut promote_any = false;
    for s in stages {
        let Some(mut at) = t else {
            break;
        };
        let mut held_until = None;
        let mut held_by = None;
        if s.shifts
            && let Some(h) = hold(at)
        {
            held_any = true;
            held_until = h.until;
            held_by = Some(h.message);
            match h.until {
                Some(u) => at = u,
                None => {
                    rows.push(Planned {
                        index: s.index,
                        what: s.what,
                        weight: s.weight,
                        start: at,
                        end: None,
                        held_until,
                        held_by,
                        needs_promote: false,
                    });
                    t = None;
                    break;
                }
            }
        }
        let (end, next, needs_promote) = match s.length {
            Length::Instant => (Some(at), Some(at), false),
            Length::For(d) => (Some(at + d), Some(at + d), false),
            Length::UntilPromoted => (None, Some(at), true),
            Length::Unbounded => (None, None, false),
        };
        promote_any |= needs_promote;
        rows.push(Planned {
            index: s.index,
            what: s.what,
            weight: s.weight,
            start: at,
            end,
            held_until,
            held_by,
            needs_promote,
        });
        t = next;
    }
    Timeline {
        start,
        steps: rows,
        finish: t,
        held: held_any,
        needs_promote: promote_any,
    }
}

fn describe(d: TimeDelta) -> String {
    crate::duration::GoDuration::from_secs(d.num_seconds()).to_string()
}

/// The canary's steps and its full promotion. `analysis[i]` is the length of step `i` when it
/// is an analysis step.
pub fn canary(
    plan: &CanaryPlan,
    analysis: &[(usize, Length, String)],
    start: DateTime<Utc>,
    hold: &dyn Fn(DateTime<Utc>) -> Option<Hold>,
) -> Timeline {
    let mut stages = Vec::new();
    let mut before = 0;
    for (i, step) in plan.steps.iter().enumerate() {
        let weight = targets(plan, i).1;
        let (what, length) = match step {
            Step::SetWeight(w) => (format!("setWeight {w}"), Length::Instant),
            Step::SetCanaryScale { .. } => ("setCanaryScale".to_string(), Length::Instant),
            Step::Pause(Some(d)) => (format!("pause {d}"), Length::For(d.to_chrono())),
            Step::Pause(None) => ("pause (until promoted)".to_string(), Length::UntilPromoted),
            Step::Analysis(_) => analysis
                .iter()
                .find(|(at, _, _)| *at == i)
                .map(|(_, len, what)| (format!("analysis {what}"), len.clone()))
                .unwrap_or(("analysis".to_string(), Length::Unbounded)),
        };
        stages.push(Stage {
            index: Some(i),
            what,
            weight,
            shifts: weight > before,
            length,
        });
        before = weight;
    }
    stages.push(Stage {
        index: None,
        what: "full promotion (stable)".to_string(),
        weight: 100,
        shifts: before < 100,
        length: Length::Instant,
    });
    lay_out(stages, start, hold)
}

/// The blue-green sequence: preview, pre-promotion analysis, the pause, the switch of the
/// active Service (the step that shifts traffic), post-promotion analysis.
pub fn blue_green(
    plan: &BlueGreenPlan,
    pre: Option<(Length, String)>,
    post: Option<(Length, String)>,
    start: DateTime<Utc>,
    hold: &dyn Fn(DateTime<Utc>) -> Option<Hold>,
) -> Timeline {
    let mut stages = vec![Stage {
        index: None,
        what: "new revision up behind the preview Service".to_string(),
        weight: 0,
        shifts: false,
        length: Length::Instant,
    }];
    if let Some((length, what)) = pre {
        stages.push(Stage {
            index: None,
            what: format!("pre-promotion analysis {what}"),
            weight: 0,
            shifts: false,
            length,
        });
    }
    let pause = if !plan.auto_promotion_enabled {
        Some(("pause (until promoted)".to_string(), Length::UntilPromoted))
    } else if plan.auto_promotion_seconds > 0 {
        let d = TimeDelta::seconds(plan.auto_promotion_seconds);
        Some((
            format!("pause {} (autoPromotionSeconds)", describe(d)),
            Length::For(d),
        ))
    } else {
        None
    };
    if let Some((what, length)) = pause {
        stages.push(Stage {
            index: None,
            what,
            weight: 0,
            shifts: false,
            length,
        });
    }
    stages.push(Stage {
        index: None,
        what: "switch the active Service".to_string(),
        weight: 100,
        shifts: true,
        length: Length::Instant,
    });
    if let Some((length, what)) = post {
        stages.push(Stage {
            index: None,
            what: format!("post-promotion analysis {what}"),
            weight: 100,
            shifts: false,
            length,
        });
    }
    lay_out(stages, start, hold)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fixtures::{at, pause, pause_forever, plan, w};

    fn never(_: DateTime<Utc>) -> Option<Hold> {
        None
    }

    #[test]
    fn steps_start_as_early_as_pauses_and_analysis_allow() {
        let p = plan(vec![
            w(20),
            pause(60),
            w(50),
            crate::engine::fixtures::analysis(),
            w(80),
        ]);
        let analysis = [(
            3,
            Length::For(TimeDelta::seconds(120)),
            "success-rate (30s x 5)".into(),
        )];
        let tl = canary(&p, &analysis, at(0), &never);
        let starts: Vec<_> = tl
            .steps
            .iter()
            .map(|s| (s.what.as_str(), s.start, s.weight))
            .collect();
        assert_eq!(
            starts,
            vec![
                ("setWeight 20", at(0), 20),
                ("pause 1m0s", at(0), 20),
                ("setWeight 50", at(60), 50),
                ("analysis success-rate (30s x 5)", at(60), 50),
                ("setWeight 80", at(180), 80),
                ("full promotion (stable)", at(180), 100),
            ]
        );
        assert_eq!(tl.finish, Some(at(180)));
        assert!(!tl.held && !tl.needs_promote);
    }

    #[test]
    fn a_deny_window_holds_the_step_that_would_raise_the_weight() {
        let p = plan(vec![w(20), pause(60), w(50), pause_forever()]);
        // Blocked from t=30 to t=300.
        let hold = |t: DateTime<Utc>| {
            (t > at(30) && t < at(300)).then(|| Hold {
                message: "deny #0".into(),
                until: Some(at(300)),
            })
        };
        let tl = canary(&p, &[], at(0), &hold);
        let w50 = &tl.steps[2];
        assert_eq!((w50.start, w50.held_until), (at(300), Some(at(300))));
        assert_eq!(w50.held_by.as_deref(), Some("deny #0"));
        assert!(tl.held && tl.needs_promote);
        assert_eq!(tl.finish, Some(at(300)));
        // Starting after the window: nothing held.
        assert!(!canary(&p, &[], at(400), &hold).held);
    }

    #[test]
    fn an_analysis_without_end_or_a_window_that_never_opens_has_no_finish() {
        let p = plan(vec![w(20), crate::engine::fixtures::analysis(), w(50)]);
        let tl = canary(&p, &[(1, Length::Unbounded, "x".into())], at(0), &never);
        assert_eq!(tl.finish, None);
        let shut = |_: DateTime<Utc>| {
            Some(Hold {
                message: "freeze".into(),
                until: None,
            })
        };
        let tl = canary(&p, &[], at(0), &shut);
        assert_eq!((tl.finish, tl.held, tl.steps.len()), (None, true, 1));
    }

    #[test]
    fn blue_green_is_held_at_the_switch() {
        let p = crate::engine::fixtures::blue_green();
        let hold = |t: DateTime<Utc>| {
            (t < at(100)).then(|| Hold {
                message: "deny".into(),
                until: Some(at(100)),
            })
        };
        let tl = blue_green(&p, None, None, at(0), &hold);
        let switch = tl
            .steps
            .iter()
            .find(|s| s.what.starts_with("switch"))
            .unwrap();
        assert_eq!(switch.held_until, Some(at(100)));
        assert!(tl.held);
    }
}
