//! A property over whole timelines: whatever happens (new templates mid-canary, pods that come
//! slowly or go, promote, abort, retry, full promotion), no action the step machines take ever
//! sends traffic to a Service whose selected pods are not available. Checked after every single
//! action, because the driver applies them one request at a time.

use proptest::prelude::*;

use super::fixtures::Strategy as Engine;
use super::fixtures::{Sim, at, basic, pause, pause_forever, plan, t0, w};
use super::{Action, Observed};
use crate::spec::rollout::{CanaryPlan, Step};

#[derive(Clone, Debug)]
enum Event {
    /// Some of a ReplicaSet's wanted pods become available (index into the ReplicaSets).
    PodsUp {
        rs: usize,
        n: i32,
    },
    /// A pod of a ReplicaSet stops being available (a crash, an eviction).
    PodDown {
        rs: usize,
    },
    /// A new pod template (the next revision).
    NewTemplate,
    /// A previous pod template again (a rollback through the template).
    OldTemplate {
        back: usize,
    },
    Promote,
    PromoteFull,
    Abort,
    Retry,
    /// Time passes (pause durations, scale-down delays, deadlines).
    Wait {
        secs: i64,
    },
}

fn event() -> impl proptest::strategy::Strategy<Value = Event> {
    prop_oneof![
        4 => (0usize..4, 1i32..4).prop_map(|(rs, n)| Event::PodsUp { rs, n }),
        1 => (0usize..4).prop_map(|rs| Event::PodDown { rs }),
        1 => Just(Event::NewTemplate),
        1 => (1usize..3).prop_map(|back| Event::OldTemplate { back }),
        2 => Just(Event::Promote),
        1 => Just(Event::PromoteFull),
        1 => Just(Event::Abort),
        1 => Just(Event::Retry),
        2 => (1i64..90).prop_map(|secs| Event::Wait { secs }),
    ]
}

fn steps() -> impl proptest::strategy::Strategy<Value = Vec<Step>> {
    let step = prop_oneof![
        3 => (0i32..=100).prop_map(w),
        1 => Just(pause_forever()),
        1 => (1i64..60).prop_map(pause),
    ];
    proptest::collection::vec(step, 1..6)
}

/// The pods a Service sends traffic to, as the cluster has them now.
fn available_behind(observed: &Observed, service: &str) -> i32 {
    observed
        .services
        .get(service)
        .cloned()
        .flatten()
        .and_then(|hash| observed.rs(&hash).map(|rs| rs.available))
        .unwrap_or(0)
}

/// Traffic goes to the canary Service by the Ingress weight and to the stable Service for the
/// rest: the share of it that reaches a Service with no available pods (once any pods are
/// available at all; before that there is nothing better to send it to).
fn lost_traffic(observed: &Observed, plan: &CanaryPlan) -> i32 {
    let any_pods = observed.replica_sets.iter().any(|rs| rs.available > 0);
    let weight = if plan.traffic_routed() {
        observed.canary_weight.unwrap_or(0)
    } else {
        0
    };
    let mut lost = 0;
    if let Some(canary) = &plan.canary_service
        && available_behind(observed, canary) == 0
    {
        lost += weight;
    }
    // Without traffic routing the replica ratio is the split and users reach the pods through
    // a Service of their own; the canary and stable Services carry no share of it, and may be
    // empty (stable at `setWeight: 100`), as with Argo's controller. Those timelines still check
    // every status against Argo's CRD.
    if let Some(stable) = &plan.stable_service
        && plan.traffic_routed()
        && any_pods
        && available_behind(observed, stable) == 0
    {
        lost += 100 - weight;
    }
    lost
}

/// No action sends more traffic to Services without available pods than before it (pods that
/// go away by themselves are the world's doing, not the step machine's).
fn check(
    before: i32,
    observed: &Observed,
    plan: &CanaryPlan,
    after: &str,
) -> Result<i32, TestCaseError> {
    let now = lost_traffic(observed, plan);
    prop_assert!(
        now <= before,
        "after {after}: {now}% of traffic to Services with no available pods (was {before}%): {observed:?}"
    );
    Ok(now)
}

fn run(routed: bool, steps: Vec<Step>, events: Vec<Event>) -> Result<(), TestCaseError> {
    let plan = if routed { plan(steps) } else { basic(steps) };
    let mut sim = Sim::stable_v1(plan.clone());
    let mut revisions = vec!["v1".to_string()];
    let mut now = 0i64;
    for event in events {
        match event {
            Event::PodsUp { rs, n } => {
                if let Some(rs) = sim.observed.replica_sets.get_mut(rs) {
                    rs.available = (rs.available + n).min(rs.replicas);
                    rs.ready = rs.ready.max(rs.available);
                    rs.current = rs.current.max(rs.available);
                }
            }
            Event::PodDown { rs } => {
                if let Some(rs) = sim.observed.replica_sets.get_mut(rs) {
                    rs.available = (rs.available - 1).max(0);
                }
            }
            Event::NewTemplate => {
                let next = format!("v{}", revisions.len() + 1);
                revisions.push(next.clone());
                sim.template(&next);
            }
            Event::OldTemplate { back } => {
                let i = revisions.len().saturating_sub(1 + back);
                let hash = revisions[i].clone();
                sim.template(&hash);
            }
            Event::Promote => sim.promote(),
            Event::PromoteFull => sim.status.promote_full = true,
            Event::Abort => sim.status.abort = true,
            Event::Retry => sim.status.abort = false,
            Event::Wait { secs } => now += secs,
        }
        // Rounds until quiet, as the driver runs them; each action checked on its own.
        for _ in 0..10 {
            let d = <CanaryPlan as Engine>::decide(&sim.input, &sim.status, &sim.observed, at(now));
            let mut lost = lost_traffic(&sim.observed, &plan);
            for action in &d.actions {
                sim.apply(action);
                lost = check(lost, &sim.observed, &plan, &format!("{action:?}"))?;
            }
            check_argo_schema(&d.status)?;
            sim.status = d.status.clone();
            let quiet = d.actions.is_empty();
            sim.last = Some(d);
            if quiet {
                break;
            }
        }
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("KR_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn no_traffic_reaches_a_service_without_available_pods(
        routed in proptest::bool::weighted(0.8),
        steps in steps(),
        events in proptest::collection::vec(event(), 1..40),
    ) {
        run(routed, steps, events)?;
    }
}

#[test]
fn a_new_template_while_paused_at_20_drops_the_weight_before_moving_the_canary_service() {
    let mut sim = Sim::stable_v1(plan(vec![w(20), pause_forever(), w(50)]));
    sim.template("v2");
    sim.settle(at(1));
    sim.pods_ready();
    sim.settle(at(2));
    assert_eq!(sim.weight(), Some(20));
    sim.template("v3");
    let actions = sim.settle(at(3));
    assert!(
        actions.contains(&Action::SetCanaryWeight { weight: 0 }),
        "{actions:?}"
    );
    assert_eq!(
        sim.observed.services.get("web-canary"),
        Some(&Some("v2".to_string())),
        "the canary Service stays on v2 until v3 has pods"
    );
    sim.pods_ready();
    sim.settle(at(4));
    assert_eq!(
        sim.observed.services.get("web-canary"),
        Some(&Some("v3".to_string()))
    );
    assert_eq!(sim.weight(), Some(20));
}

#[test]
fn an_abort_points_the_canary_service_back_at_stable() {
    let mut sim = Sim::stable_v1(plan(vec![w(20), pause_forever()]));
    sim.template("v2");
    sim.settle(at(1));
    sim.pods_ready();
    sim.settle(at(2));
    sim.status.abort = true;
    sim.settle(at(3));
    assert_eq!(
        sim.observed.services.get("web-canary"),
        Some(&Some("v1".to_string()))
    );
    assert_eq!(sim.weight(), Some(0));
}

/// The status schema of Argo Rollouts' own Rollout CRD (vendored, unmodified): every status the
/// step machine writes must be one Argo's CRD accepts, or the API server refuses the write.
fn argo_status_schema() -> &'static jsonschema::Validator {
    use std::sync::OnceLock;
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let text = include_str!("../../tests/fixtures/argo-rollouts-crds/rollout-crd.yaml");
        let crd: serde_json::Value = serde_saphyr::from_str(text).expect("Argo's Rollout CRD");
        let schema =
            &crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["status"];
        assert!(schema.is_object(), "no status schema in Argo's CRD");
        jsonschema::validator_for(schema).expect("Argo's status schema compiles")
    })
}

pub(super) fn check_argo_schema(
    status: &crate::spec::rollout::RolloutStatus,
) -> Result<(), TestCaseError> {
    let value = serde_json::to_value(status).expect("status serializes");
    let errors: Vec<String> = argo_status_schema()
        .iter_errors(&value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    prop_assert!(
        errors.is_empty(),
        "Argo's CRD refuses the status: {errors:?}\n{value:#}"
    );
    Ok(())
}

#[test]
fn argo_crd_schema_refuses_a_condition_without_a_message() {
    let mut st = crate::spec::rollout::RolloutStatus::default();
    st.conditions.push(crate::spec::rollout::RolloutCondition {
        type_: "Paused".into(),
        status: "False".into(),
        reason: Some("RolloutPaused".into()),
        message: None,
        last_update_time: Some(t0()),
        last_transition_time: Some(t0()),
    });
    assert!(
        check_argo_schema(&st).is_err(),
        "the check must be able to fail"
    );
}
