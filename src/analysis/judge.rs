//! Measurement judging and run-phase rules, as Argo Rollouts' analysis controller applies them,
//! as pure functions of the metric specs, the measurements so far and `now`. No IO, no clock:
//! a driver that restarts from an `AnalysisRun`'s status continues the count.
//!
//! - A measured value becomes Successful / Failed / Inconclusive / Error by the metric's
//!   conditions ([`judge_value`]).
//! - A metric becomes Failed when `failed > failureLimit`, Inconclusive when
//!   `inconclusive > inconclusiveLimit`, Error when `consecutiveError > consecutiveErrorLimit`,
//!   Successful when `consecutiveSuccess >= consecutiveSuccessLimit` or when `count`
//!   measurements were taken ([`metric_phase`]).
//! - The run takes the worst phase of its (non-dry-run) metrics. It ends as soon as one metric
//!   ends Failed, Error or Inconclusive: the other metrics are terminated, as Argo terminates a
//!   run whose outcome can no longer change for the better ([`assess`]).

use chrono::{DateTime, TimeDelta, Utc};

use crate::analysis::expr::Value;
use crate::spec::analysis::{
    AnalysisRunStatus, Measurement, MetricResult, Phase, ResolvedMetric, RunSummary,
};

/// Argo's retry interval after an Error measurement (whatever the metric's interval).
pub const ERROR_RETRY_INTERVAL: TimeDelta = TimeDelta::seconds(10);

/// Judges one measured value by the metric's conditions (Argo's `EvaluateResult`):
///
/// | successCondition | failureCondition | Failed when | Successful when | else |
/// |---|---|---|---|---|
/// | unset | unset | never | always | |
/// | set | unset | success is false | success is true | |
/// | unset | set | failure is true | failure is false | |
/// | set | set | failure is true | success is true | Inconclusive |
///
/// A condition that cannot be evaluated (an index out of range on an empty result, a type
/// mismatch) makes the measurement an Error. Returns the phase and a message for people.
pub fn judge_value(metric: &ResolvedMetric, value: &Value) -> (Phase, String) {
    let eval = |cond: &crate::analysis::expr::Condition| {
        cond.evaluate(value).map(|b| (b, cond.explain(value, b)))
    };
    let success = match metric.success.as_ref().map(eval).transpose() {
        Ok(s) => s,
        Err(e) => return (Phase::Error, format!("successCondition: {e}")),
    };
    let failure = match metric.failure.as_ref().map(eval).transpose() {
        Ok(f) => f,
        Err(e) => return (Phase::Error, format!("failureCondition: {e}")),
    };
    match (success, failure) {
        (None, None) => (Phase::Successful, String::new()),
        (Some((true, why)), None) => (Phase::Successful, why),
        (Some((false, why)), None) => (Phase::Failed, why),
        (None, Some((true, why))) => (Phase::Failed, why),
        (None, Some((false, why))) => (Phase::Successful, why),
        (Some(_), Some((true, why))) => (Phase::Failed, why),
        (Some((true, why)), Some((false, _))) => (Phase::Successful, why),
        (Some((false, s)), Some((false, f))) => (
            Phase::Inconclusive,
            format!("neither condition matched: {s}; {f}"),
        ),
    }
}

/// Adds a finished measurement to a metric's result: counters as Argo keeps them (an Error does
/// not count towards `count`), then trims the history to the retention limit.
pub fn record(metric: &ResolvedMetric, result: &mut MetricResult, measurement: Measurement) {
    match measurement.phase {
        Phase::Successful => {
            result.successful += 1;
            result.count += 1;
            result.consecutive_error = 0;
            result.consecutive_success += 1;
        }
        Phase::Failed => {
            result.failed += 1;
            result.count += 1;
            result.consecutive_error = 0;
            result.consecutive_success = 0;
        }
        Phase::Inconclusive => {
            result.inconclusive += 1;
            result.count += 1;
            result.consecutive_error = 0;
            result.consecutive_success = 0;
        }
        Phase::Error => {
            result.error += 1;
            result.consecutive_error += 1;
            result.consecutive_success = 0;
        }
        Phase::Pending | Phase::Running => {}
    }
    result.dry_run = metric.dry_run;
    result.measurements.push(measurement);
    if result.measurements.len() > metric.retention {
        let excess = result.measurements.len() - metric.retention;
        result.measurements.drain(..excess);
    }
}

/// The phase of one metric from its counters, and why (Argo's `assessMetricStatus`).
/// `terminating`: the run is being stopped; a metric that has not failed by then succeeds.
pub fn metric_phase(
    metric: &ResolvedMetric,
    result: Option<&MetricResult>,
    terminating: bool,
) -> (Phase, String) {
    let Some(result) = result.filter(|r| !r.measurements.is_empty() || r.phase.is_completed())
    else {
        return if terminating {
            (
                Phase::Successful,
                "run terminated before a measurement".into(),
            )
        } else {
            (Phase::Pending, String::new())
        };
    };
    if result.phase.is_completed() {
        return (result.phase, result.message.clone());
    }
    let last = result.measurements.last();
    if last.is_some_and(|m| !m.phase.is_completed()) {
        return (Phase::Running, String::new());
    }
    let last_message = last.map(|m| m.message.as_str()).unwrap_or("");
    let last_failed_message = result
        .measurements
        .iter()
        .rev()
        .find(|m| m.phase == Phase::Failed)
        .map(|m| m.message.as_str())
        .unwrap_or(last_message);
    let name = &metric.name;
    // When several limits are exceeded at once, Argo reports the last it checks: Error over
    // Inconclusive over Failed.
    if i64::from(result.consecutive_error) > metric.consecutive_error_limit {
        return (
            Phase::Error,
            format!(
                "{name}: {} consecutive errors, consecutiveErrorLimit {}; last: {last_message}",
                result.consecutive_error, metric.consecutive_error_limit
            ),
        );
    }
    if i64::from(result.inconclusive) > metric.inconclusive_limit {
        return (
            Phase::Inconclusive,
            format!(
                "{name}: {last_message}, {} of {} inconclusive, inconclusiveLimit {}",
                result.inconclusive, result.count, metric.inconclusive_limit
            ),
        );
    }
    if let Some(limit) = metric.failure_limit
        && i64::from(result.failed) > limit
    {
        return (
            Phase::Failed,
            format!(
                "{name}: {last_failed_message}, {} of {} failed, failureLimit {limit}",
                result.failed, result.count
            ),
        );
    }
    if let Some(limit) = metric.consecutive_success_limit
        && i64::from(result.consecutive_success) >= limit
    {
        return (
            Phase::Successful,
            format!(
                "{name}: {} consecutive successes, consecutiveSuccessLimit {limit}",
                result.consecutive_success
            ),
        );
    }
    if let Some(count) = metric.count
        && i64::from(result.count) >= count
    {
        if let Some(limit) = metric.consecutive_success_limit {
            // Both limits in play and neither reached: nobody can tell. Only the success limit:
            // not reaching it is the failure.
            let (phase, what) = if metric.failure_limit.is_some() {
                (Phase::Inconclusive, "inconclusive")
            } else {
                (Phase::Failed, "failed")
            };
            return (
                phase,
                format!(
                    "{name}: {what}: {} consecutive successes after {count} measurements, consecutiveSuccessLimit {limit}",
                    result.consecutive_success
                ),
            );
        }
        return (
            Phase::Successful,
            format!(
                "{name}: {} of {} successful, {} failed, {} inconclusive, {} errors",
                result.successful, result.count, result.failed, result.inconclusive, result.error
            ),
        );
    }
    if terminating {
        return (
            Phase::Successful,
            format!(
                "{name}: run terminated after {} measurements, {} failed",
                result.count, result.failed
            ),
        );
    }
    (Phase::Running, String::new())
}

/// When the next measurement of a metric is due: `None` when it needs no more measurements.
/// A time at or before `now` means "now".
pub fn next_measurement_at(
    metric: &ResolvedMetric,
    result: Option<&MetricResult>,
    run_started_at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if metric_phase(metric, result, false).0.is_completed() {
        return None;
    }
    let last = result.and_then(|r| r.measurements.last());
    let Some(last) = last else {
        let delay = metric
            .initial_delay
            .map(|d| d.to_chrono())
            .unwrap_or_default();
        return Some(run_started_at + delay);
    };
    let Some(finished) = last.finished_at else {
        return last.started_at.or(Some(run_started_at));
    };
    if let (Some(count), Some(result)) = (metric.count, result)
        && i64::from(result.count) >= count
    {
        return None;
    }
    // As Argo: after an Error the retry comes ERROR_RETRY_INTERVAL later, whatever the interval.
    let interval = match metric.interval {
        _ if last.phase == Phase::Error => ERROR_RETRY_INTERVAL,
        Some(i) => i.to_chrono(),
        None => return None,
    };
    Some(finished + interval)
}

/// What a rollout does with its analysis run's phase (Argo's rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RolloutAction {
    /// Still measuring: wake up at `at` (or on the next event).
    Wait { at: Option<DateTime<Utc>> },
    /// The analysis passed: the step is done.
    Continue,
    /// Failed or Error: abort the rollout, with the run's message.
    Abort { message: String },
    /// Inconclusive: pause with reason `InconclusiveAnalysisRun` until promoted or aborted.
    Pause {
        reason: &'static str,
        message: String,
    },
}

/// Maps a run's phase to what the rollout does.
pub fn rollout_action(
    phase: Phase,
    message: &str,
    next_at: Option<DateTime<Utc>>,
) -> RolloutAction {
    match phase {
        Phase::Successful => RolloutAction::Continue,
        Phase::Failed | Phase::Error => RolloutAction::Abort {
            message: message.to_string(),
        },
        Phase::Inconclusive => RolloutAction::Pause {
            reason: "InconclusiveAnalysisRun",
            message: message.to_string(),
        },
        Phase::Pending | Phase::Running => RolloutAction::Wait { at: next_at },
    }
}

/// The outcome of assessing a run's status.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub phase: Phase,
    pub message: String,
    /// Per metric (same order as the metrics): its phase and why.
    pub metrics: Vec<(Phase, String)>,
    /// The metrics that need a measurement at or before `now`.
    pub due: Vec<usize>,
    /// The earliest time another measurement is due, if the run is not finished.
    pub next_at: Option<DateTime<Utc>>,
    pub run_summary: RunSummary,
    pub dry_run_summary: Option<RunSummary>,
}

/// Assesses a run (Argo's `assessRunStatus` + `generateMetricTasks` +
/// `calculateNextReconcileTime`): metric phases, run phase, which metrics are due at `now`.
/// `terminate`: the owner asked the run to stop (`spec.terminate`, the step ended).
pub fn assess(
    metrics: &[ResolvedMetric],
    status: &AnalysisRunStatus,
    terminate: bool,
    now: DateTime<Utc>,
) -> Assessment {
    let find = |name: &str| status.metric_results.iter().find(|r| r.name == name);
    let started_at = status.started_at.unwrap_or(now);

    // First pass: does any real metric end the run badly? Then the others are terminated.
    let first: Vec<(Phase, String)> = metrics
        .iter()
        .map(|m| metric_phase(m, find(&m.name), terminate))
        .collect();
    let failing = metrics.iter().zip(&first).any(|(m, (p, _))| {
        !m.dry_run && matches!(p, Phase::Failed | Phase::Error | Phase::Inconclusive)
    });
    let terminating = terminate || failing;
    let phases: Vec<(Phase, String)> = if terminating && !terminate {
        metrics
            .iter()
            .map(|m| metric_phase(m, find(&m.name), true))
            .collect()
    } else {
        first
    };

    let mut worst: Option<(Phase, String)> = None;
    let mut everything_completed = true;
    let mut summary = RunSummary::default();
    let mut dry = RunSummary::default();
    for (metric, (phase, message)) in metrics.iter().zip(&phases) {
        let tally = if metric.dry_run {
            &mut dry
        } else {
            &mut summary
        };
        tally.count += 1;
        match phase {
            Phase::Successful => tally.successful += 1,
            Phase::Failed => tally.failed += 1,
            Phase::Inconclusive => tally.inconclusive += 1,
            Phase::Error => tally.error += 1,
            Phase::Pending | Phase::Running => {}
        }
        if metric.dry_run {
            continue;
        }
        if !phase.is_completed() {
            everything_completed = false;
        } else if worst
            .as_ref()
            .is_none_or(|(w, _)| phase.severity() > w.severity())
        {
            worst = Some((*phase, message.clone()));
        }
    }
    let dry_run_finished = metrics
        .iter()
        .zip(&phases)
        .all(|(m, (p, _))| !m.dry_run || p.is_completed());
    let (phase, message) = match worst {
        Some((p, msg)) if everything_completed && dry_run_finished => (p, msg),
        // Only dry-run metrics: the run succeeds once they are done.
        None if metrics.iter().all(|m| m.dry_run) && dry_run_finished => {
            (Phase::Successful, "all metrics are dry-run".to_string())
        }
        _ => (Phase::Running, String::new()),
    };

    let mut due = Vec::new();
    let mut next_at: Option<DateTime<Utc>> = None;
    if !phase.is_completed() {
        for (i, metric) in metrics.iter().enumerate() {
            if phases[i].0.is_completed() {
                continue;
            }
            if let Some(at) = next_measurement_at(metric, find(&metric.name), started_at) {
                if at <= now {
                    due.push(i);
                }
                next_at = Some(next_at.map_or(at, |n| n.min(at)));
            }
        }
    }
    Assessment {
        phase,
        message,
        metrics: phases,
        due,
        next_at,
        run_summary: summary,
        dry_run_summary: metrics.iter().any(|m| m.dry_run).then_some(dry),
    }
}

/// Writes an assessment into a status: run and metric phases and messages, summaries.
pub fn apply(metrics: &[ResolvedMetric], status: &mut AnalysisRunStatus, assessment: &Assessment) {
    for (metric, (phase, message)) in metrics.iter().zip(&assessment.metrics) {
        if let Some(result) = status
            .metric_results
            .iter_mut()
            .find(|r| r.name == metric.name)
        {
            result.phase = *phase;
            result.message = message.clone();
        }
    }
    status.phase = assessment.phase;
    status.message = assessment.message.clone();
    status.run_summary = Some(assessment.run_summary.clone());
    status.dry_run_summary = assessment.dry_run_summary.clone();
}

/// The result entry of a metric, created (Running, dry-run flag set) if missing.
pub fn result_mut<'a>(
    status: &'a mut AnalysisRunStatus,
    metric: &ResolvedMetric,
) -> &'a mut MetricResult {
    if let Some(i) = status
        .metric_results
        .iter()
        .position(|r| r.name == metric.name)
    {
        return &mut status.metric_results[i];
    }
    status.metric_results.push(MetricResult {
        name: metric.name.clone(),
        phase: Phase::Running,
        dry_run: metric.dry_run,
        ..MetricResult::default()
    });
    status.metric_results.last_mut().expect("just pushed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::expr::Condition;
    use crate::duration::GoDuration;
    use crate::spec::analysis::PrometheusMetric;

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + TimeDelta::seconds(secs)
    }

    /// A builder for metrics in tests: `metric().success("...").count(5).interval(30)`.
    fn metric() -> ResolvedMetric {
        ResolvedMetric {
            name: "m".into(),
            interval: None,
            initial_delay: None,
            count: Some(1),
            success: None,
            failure: None,
            failure_limit: Some(0),
            inconclusive_limit: 0,
            consecutive_error_limit: 4,
            consecutive_success_limit: None,
            dry_run: false,
            retention: 10,
            prometheus: PrometheusMetric::default(),
        }
    }

    impl ResolvedMetric {
        fn success(mut self, c: &str) -> Self {
            self.success = Some(Condition::parse(c).unwrap());
            self
        }
        fn failure(mut self, c: &str) -> Self {
            self.failure = Some(Condition::parse(c).unwrap());
            self
        }
        fn count(mut self, n: Option<i64>) -> Self {
            self.count = n;
            self
        }
        fn interval(mut self, secs: i64) -> Self {
            self.interval = Some(GoDuration::from_secs(secs));
            self
        }
        fn failure_limit(mut self, n: Option<i64>) -> Self {
            self.failure_limit = n;
            self
        }
        fn success_limit(mut self, n: i64) -> Self {
            self.consecutive_success_limit = Some(n);
            self
        }
        fn named(mut self, name: &str) -> Self {
            self.name = name.into();
            self
        }
        fn dry(mut self) -> Self {
            self.dry_run = true;
            self
        }
    }

    macro_rules! judges {
        ($($name:ident: $metric:expr, $value:expr => $phase:ident, $msg:expr;)*) => {$(
            #[test]
            fn $name() {
                let (phase, msg) = judge_value(&$metric, &$value);
                assert_eq!(phase, Phase::$phase, "{msg}");
                assert!(msg.contains($msg), "message {msg:?} lacks {:?}", $msg);
            }
        )*};
    }

    judges! {
        no_conditions_always_succeed: metric(), Value::list(&[0.1]) => Successful, "";
        success_condition_true_succeeds: metric().success("result[0] >= 0.99"), Value::list(&[0.995]) => Successful, "0.995 >= 0.99";
        success_condition_false_fails: metric().success("result[0] >= 0.99"), Value::list(&[0.93]) => Failed, "0.93 < 0.99";
        failure_condition_true_fails: metric().failure("result[0] > 0.05"), Value::list(&[0.1]) => Failed, "0.1 > 0.05";
        failure_condition_false_succeeds: metric().failure("result[0] > 0.05"), Value::list(&[0.01]) => Successful, "0.01 <= 0.05";
        both_set_and_neither_matches_is_inconclusive:
            metric().success("result[0] >= 0.99").failure("result[0] < 0.9"), Value::list(&[0.95])
            => Inconclusive, "neither condition matched: 0.95 < 0.99; 0.95 >= 0.9";
        both_set_failure_wins_over_success:
            metric().success("result[0] > 0").failure("result[0] < 1"), Value::list(&[0.5]) => Failed, "";
        empty_result_is_an_error_not_a_success: metric().success("result[0] >= 0.99"), Value::list(&[]) => Error, "index out of range";
        nan_fails_a_success_condition: metric().success("result[0] >= 0.99"), Value::list(&[f64::NAN]) => Failed, "NaN < 0.99";
        nan_passes_a_failure_condition_only_check: metric().failure("result[0] < 0.99"), Value::list(&[f64::NAN]) => Successful, "";
        nan_can_be_caught_explicitly: metric().failure("isNaN(result[0]) || result[0] < 0.99"), Value::list(&[f64::NAN]) => Failed, "";
        type_error_is_an_error: metric().success("result >= 1"), Value::list(&[1.0]) => Error, "successCondition: column 8: invalid operation";
    }

    fn measured(phase: Phase, at: i64) -> Measurement {
        Measurement {
            phase,
            message: format!("{phase} at {at}"),
            started_at: Some(t(at)),
            finished_at: Some(t(at)),
            value: String::new(),
            metadata: Default::default(),
        }
    }

    fn result_of(metric: &ResolvedMetric, phases: &[Phase]) -> MetricResult {
        let mut r = MetricResult {
            name: metric.name.clone(),
            phase: Phase::Running,
            ..Default::default()
        };
        for (i, p) in phases.iter().enumerate() {
            record(metric, &mut r, measured(*p, i as i64));
        }
        r
    }

    use Phase::{Error as E, Failed as F, Inconclusive as I, Successful as S};

    macro_rules! metric_phases {
        ($($name:ident: $metric:expr, [$($p:expr),*] => $phase:ident;)*) => {$(
            #[test]
            fn $name() {
                let m = $metric;
                let r = result_of(&m, &[$($p),*]);
                let (phase, msg) = metric_phase(&m, Some(&r), false);
                assert_eq!(phase, Phase::$phase, "{msg}");
            }
        )*};
    }

    metric_phases! {
        no_measurement_yet_is_pending: metric(), [] => Pending;
        single_success_with_default_count: metric(), [S] => Successful;
        one_failure_over_default_limit_zero: metric().count(Some(5)).interval(1), [S, F] => Failed;
        failures_within_the_limit_keep_running: metric().count(Some(5)).interval(1).failure_limit(Some(2)), [F, S, F] => Running;
        third_failure_over_limit_two_fails: metric().count(Some(5)).interval(1).failure_limit(Some(2)), [F, S, F, F] => Failed;
        count_reached_with_failures_under_limit_succeeds: metric().count(Some(5)).interval(1).failure_limit(Some(2)), [F, S, F, S, S] => Successful;
        inconclusive_over_limit_zero: metric().count(Some(3)).interval(1), [S, I] => Inconclusive;
        errors_do_not_count_towards_count: metric().count(Some(2)).interval(1), [E, S, E] => Running;
        four_consecutive_errors_are_tolerated: metric().count(Some(2)).interval(1), [E, E, E, E] => Running;
        five_consecutive_errors_are_an_error: metric().count(Some(2)).interval(1), [E, E, E, E, E] => Error;
        a_success_resets_consecutive_errors: metric().count(Some(9)).interval(1), [E, E, E, E, S, E, E, E, E] => Running;
        failure_limit_off_ignores_failures: metric().count(Some(5)).interval(1).failure_limit(None).success_limit(2), [F, F, F] => Running;
        consecutive_successes_reach_the_limit: metric().count(Some(5)).interval(1).failure_limit(None).success_limit(2), [F, S, S] => Successful;
        success_limit_not_reached_by_count_fails: metric().count(Some(3)).interval(1).failure_limit(None).success_limit(2), [S, F, S] => Failed;
        both_limits_unreached_by_count_is_inconclusive: metric().count(Some(3)).interval(1).failure_limit(Some(5)).success_limit(2), [S, F, S] => Inconclusive;
        interval_without_count_runs_on: metric().count(None).interval(1), [S, S, S, S] => Running;
    }

    #[test]
    fn failed_and_errored_runs_abort_inconclusive_ones_pause() {
        assert_eq!(
            rollout_action(Phase::Successful, "", None),
            RolloutAction::Continue
        );
        assert_eq!(
            rollout_action(Phase::Error, "m: 5 consecutive errors", None),
            RolloutAction::Abort {
                message: "m: 5 consecutive errors".into()
            }
        );
        assert!(matches!(
            rollout_action(Phase::Failed, "x", None),
            RolloutAction::Abort { .. }
        ));
        assert!(matches!(
            rollout_action(Phase::Inconclusive, "x", None),
            RolloutAction::Pause {
                reason: "InconclusiveAnalysisRun",
                ..
            }
        ));
        assert_eq!(
            rollout_action(Phase::Running, "", Some(t(5))),
            RolloutAction::Wait { at: Some(t(5)) }
        );
    }

    #[test]
    fn failed_metric_message_names_values_counts_and_limit() {
        let m = metric()
            .named("success-rate")
            .success("result[0] >= 0.99")
            .count(Some(5))
            .interval(30)
            .failure_limit(Some(2));
        let mut r = MetricResult::default();
        for (i, v) in [0.995, 0.95, 0.97, 0.93].iter().enumerate() {
            let (phase, message) = judge_value(&m, &Value::list(&[*v]));
            let mut meas = measured(phase, i as i64);
            meas.message = message;
            record(&m, &mut r, meas);
        }
        let (phase, msg) = metric_phase(&m, Some(&r), false);
        assert_eq!(phase, Phase::Failed);
        assert_eq!(
            msg,
            "success-rate: 0.93 < 0.99, 3 of 4 failed, failureLimit 2"
        );
    }

    #[test]
    fn retention_keeps_the_last_measurements_but_not_the_counts() {
        let mut m = metric().count(Some(20)).interval(1);
        m.retention = 3;
        let r = result_of(&m, &[S; 7]);
        assert_eq!(r.measurements.len(), 3);
        assert_eq!(r.count, 7);
        assert_eq!(r.measurements[0].started_at, Some(t(4)));
    }

    // ---- scheduling ----

    #[test]
    fn first_measurement_is_due_at_start_plus_initial_delay() {
        let mut m = metric();
        m.initial_delay = Some(GoDuration::from_secs(30));
        assert_eq!(next_measurement_at(&m, None, t(100)), Some(t(130)));
        assert_eq!(next_measurement_at(&metric(), None, t(100)), Some(t(100)));
    }

    #[test]
    fn next_measurement_is_an_interval_after_the_last_finished() {
        let m = metric().count(Some(3)).interval(30);
        let r = result_of(&m, &[S]); // finished at t(0)
        assert_eq!(next_measurement_at(&m, Some(&r), t(0)), Some(t(30)));
    }

    #[test]
    fn a_zero_interval_measures_again_as_soon_as_the_last_finished() {
        let m = metric().count(Some(3)).interval(0);
        let r = result_of(&m, &[S]);
        assert_eq!(next_measurement_at(&m, Some(&r), t(0)), Some(t(0)));
    }

    #[test]
    fn no_more_measurements_after_count() {
        let m = metric().count(Some(2)).interval(30);
        let r = result_of(&m, &[S, S]);
        assert_eq!(next_measurement_at(&m, Some(&r), t(0)), None);
    }

    #[test]
    fn an_error_is_retried_after_ten_seconds_even_with_a_shorter_interval() {
        let m = metric().count(Some(3)).interval(1);
        let r = result_of(&m, &[S, E]); // the error finished at t(1)
        assert_eq!(next_measurement_at(&m, Some(&r), t(0)), Some(t(11)));
    }

    #[test]
    fn error_limit_wins_over_failure_limit_when_both_are_exceeded() {
        let m = metric().count(Some(9)).interval(1).failure_limit(Some(0));
        let mut consecutive_error_limit = m.clone();
        consecutive_error_limit.consecutive_error_limit = 0;
        let r = result_of(&consecutive_error_limit, &[F, E]);
        assert_eq!(
            metric_phase(&consecutive_error_limit, Some(&r), false).0,
            Phase::Error
        );
        assert_eq!(metric_phase(&m, Some(&r), false).0, Phase::Failed);
    }

    #[test]
    fn an_error_without_interval_is_retried_after_ten_seconds() {
        let m = metric();
        let r = result_of(&m, &[E]);
        assert_eq!(next_measurement_at(&m, Some(&r), t(0)), Some(t(10)));
    }

    // ---- runs: timelines of (time, measurements taken) ----

    fn run_status(started: i64) -> AnalysisRunStatus {
        AnalysisRunStatus {
            phase: Phase::Running,
            started_at: Some(t(started)),
            ..Default::default()
        }
    }

    /// Drives a run the way a driver does, feeding each due metric the next scripted phase.
    fn drive(
        metrics: &[ResolvedMetric],
        script: &[&[Phase]],
        until: i64,
    ) -> (AnalysisRunStatus, Vec<(i64, usize)>) {
        let mut status = run_status(0);
        let mut taken = Vec::new();
        let mut cursor = vec![0usize; metrics.len()];
        let mut now = 0;
        while now <= until {
            let a = assess(metrics, &status, false, t(now));
            apply(metrics, &mut status, &a);
            if a.phase.is_completed() {
                break;
            }
            for &i in &a.due {
                let phase = script[i][cursor[i].min(script[i].len() - 1)];
                cursor[i] += 1;
                let r = result_mut(&mut status, &metrics[i]);
                record(&metrics[i], r, measured(phase, now));
                taken.push((now, i));
            }
            let a = assess(metrics, &status, false, t(now));
            apply(metrics, &mut status, &a);
            if a.phase.is_completed() {
                break;
            }
            now = a
                .next_at
                .map_or(until + 1, |n| (n - t(0)).num_seconds().max(now + 1));
        }
        (status, taken)
    }

    #[test]
    fn timeline_healthy_run_takes_count_measurements_an_interval_apart() {
        let m = [metric().count(Some(3)).interval(30)];
        let (status, taken) = drive(&m, &[&[S]], 1000);
        assert_eq!(status.phase, Phase::Successful);
        assert_eq!(taken, vec![(0, 0), (30, 0), (60, 0)]);
    }

    #[test]
    fn timeline_failure_stops_the_run_early_and_terminates_other_metrics() {
        let m = [
            metric().named("fast").count(Some(5)).interval(10),
            metric().named("slow").count(Some(5)).interval(60),
        ];
        let (status, taken) = drive(&m, &[&[S, F], &[S]], 1000);
        assert_eq!(status.phase, Phase::Failed);
        assert!(status.message.starts_with("fast:"), "{}", status.message);
        assert_eq!(taken, vec![(0, 0), (0, 1), (10, 0)]);
        assert_eq!(status.metric_results[1].phase, Phase::Successful);
    }

    #[test]
    fn timeline_worst_phase_wins_error_over_inconclusive() {
        let m = [
            metric().named("a").count(Some(1)),
            metric().named("b").count(Some(1)),
        ];
        let mut status = run_status(0);
        record(&m[0], result_mut(&mut status, &m[0]), measured(I, 0));
        let b = result_mut(&mut status, &m[1]);
        b.phase = Phase::Error;
        let a = assess(&m, &status, false, t(0));
        assert_eq!(a.phase, Phase::Error);
    }

    #[test]
    fn timeline_dry_run_failures_do_not_fail_the_run() {
        let m = [
            metric().named("real").count(Some(2)).interval(10),
            metric().named("dry").count(Some(2)).interval(10).dry(),
        ];
        let (status, _) = drive(&m, &[&[S], &[F]], 1000);
        assert_eq!(status.phase, Phase::Successful);
        let dry = status.dry_run_summary.unwrap();
        assert_eq!((dry.count, dry.failed), (1, 1));
    }

    #[test]
    fn timeline_resumed_run_continues_the_count() {
        // A driver took 2 of 5 measurements, then crashed; the new one starts from the status.
        let m = [metric().count(Some(5)).interval(30)];
        let mut status = run_status(0);
        for at in [0, 30] {
            record(&m[0], result_mut(&mut status, &m[0]), measured(S, at));
        }
        let a = assess(&m, &status, false, t(45));
        assert!(a.due.is_empty());
        assert_eq!(a.next_at, Some(t(60)));
        let a = assess(&m, &status, false, t(61));
        assert_eq!(a.due, vec![0]);
        assert_eq!(status.metric_results[0].count, 2);
    }

    #[test]
    fn terminating_a_run_with_an_open_ended_metric_succeeds() {
        let m = [metric().count(None).interval(10)];
        let mut status = run_status(0);
        record(&m[0], result_mut(&mut status, &m[0]), measured(S, 0));
        assert_eq!(assess(&m, &status, false, t(5)).phase, Phase::Running);
        assert_eq!(assess(&m, &status, true, t(5)).phase, Phase::Successful);
    }

    #[test]
    fn prometheus_down_errors_until_the_consecutive_error_limit() {
        let m = [metric().count(Some(5)).interval(1)];
        let (status, taken) = drive(&m, &[&[E]], 1000);
        assert_eq!(status.phase, Phase::Error);
        let times: Vec<i64> = taken.iter().map(|(t, _)| *t).collect();
        assert_eq!(times, vec![0, 10, 20, 30, 40]);
        assert!(
            status.message.contains("5 consecutive errors"),
            "{}",
            status.message
        );
    }
}
