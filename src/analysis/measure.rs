//! Taking one measurement: run the provider's query, judge the value, stamp the times.
//! The shell side of the judging core: it reads the clock and talks to Prometheus.

use chrono::{DateTime, Utc};

use crate::analysis::judge::judge_value;
use crate::analysis::prometheus::{Clients, QueryError, check_address, prepare};
use crate::error::Error;
use crate::spec::analysis::{Measurement, Phase, ResolvedMetric};

/// Where a measurement's query goes: `override_address` beats the template's address, which
/// beats `fallback`; an empty one is no address. `clients` are the run's HTTP clients, shared
/// by every query.
#[derive(Debug, Clone, Default)]
pub struct Addresses {
    pub override_address: Option<String>,
    pub fallback: Option<String>,
    pub clients: Clients,
}

impl Addresses {
    /// Checks before any query that the override (from `override_name`, a flag or variable) and
    /// the fallback (`fallback_name`) are URLs, and that every metric gets a well-formed
    /// address; a metric without one is named with `hint` (where an address can come from).
    /// Values are never repeated: they may carry credentials.
    pub fn check(
        &self,
        (override_name, fallback_name): (&str, &str),
        hint: &str,
        metrics: &[ResolvedMetric],
    ) -> Result<(), Error> {
        if let Some(a) = &self.override_address {
            check_address(a).map_err(|e| Error::flag(override_name, e))?;
            return Ok(());
        }
        if let Some(a) = &self.fallback {
            check_address(a).map_err(|e| Error::flag(fallback_name, e))?;
        }
        for (i, m) in metrics.iter().enumerate() {
            let field = format!("spec.metrics[{i}].provider.prometheus.address");
            match m.prometheus.address.as_deref().filter(|a| !a.is_empty()) {
                Some(a) => check_address(a).map_err(|e| Error::field(field, e))?,
                None if self.fallback.is_some() => {}
                None => {
                    return Err(Error::field(
                        field,
                        format!("metric {:?} has no Prometheus address; {hint}", m.name),
                    ));
                }
            }
        }
        Ok(())
    }
}

impl Addresses {
    /// The driver's addresses: `--prometheus` (already checked) beats a template's address,
    /// which beats a non-empty `PROMETHEUS_URL`.
    pub fn for_driver(prometheus: Option<&str>) -> Addresses {
        Addresses {
            override_address: prometheus.map(str::to_string),
            fallback: std::env::var("PROMETHEUS_URL")
                .ok()
                .filter(|v| !v.is_empty()),
            ..Addresses::default()
        }
    }

    /// Before a rollout changes anything: every metric of the run an analysis at `path` would
    /// create gets a well-formed address (one that is an argument, `{{args.x}}`, is known only
    /// at measurement time and is left to it).
    pub fn check_run(
        &self,
        path: &str,
        run: &crate::spec::analysis::AnalysisRun,
    ) -> Result<(), Error> {
        if self.override_address.is_some() {
            return Ok(());
        }
        for m in &run.spec.metrics {
            let Some(p) = &m.provider.prometheus else {
                continue;
            };
            let field = format!(
                "{path} (templates): metric {:?}: provider.prometheus.address",
                m.name
            );
            match p.address.as_deref().filter(|a| !a.is_empty()) {
                Some(a) if a.contains("{{") => {}
                Some(a) => check_address(a).map_err(|e| Error::field(field, e))?,
                None if self.fallback.is_some() => {}
                None => {
                    return Err(Error::field(
                        field,
                        "is not set; set it in the template, pass --prometheus URL or set PROMETHEUS_URL",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The conditions of a metric as messages show them: `success: X; failure: Y`.
pub fn conditions_text(success: Option<&str>, failure: Option<&str>) -> String {
    match (success, failure) {
        (None, None) => "no condition (always successful)".to_string(),
        (Some(s), None) => format!("success: {s}"),
        (None, Some(f)) => format!("failure: {f}"),
        (Some(s), Some(f)) => format!("success: {s}; failure: {f}"),
    }
}

/// A finished measurement with what it took to get it, for explaining.
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    pub measurement: Measurement,
    /// The query as sent (whitespace collapsed), and the address (credentials masked).
    pub query: String,
    pub address: String,
    /// The server could not be reached at all (as opposed to answering with an error).
    pub unreachable: bool,
}

impl Taken {
    /// The value as printed (`-` when there is none, e.g. an Error measurement).
    pub fn value_text(&self) -> &str {
        if self.measurement.value.is_empty() {
            "-"
        } else {
            &self.measurement.value
        }
    }

    /// ` (message)`, or nothing without a message.
    pub fn why_text(&self) -> String {
        if self.measurement.message.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.measurement.message)
        }
    }
}

/// Takes one measurement of `metric`, started at `started` (the query's evaluation time).
pub async fn take(metric: &ResolvedMetric, addresses: &Addresses, started: DateTime<Utc>) -> Taken {
    let prepared = prepare(
        metric,
        addresses.override_address.as_deref(),
        addresses.fallback.as_deref(),
        started,
    );
    let (query, address) = match &prepared {
        Ok(q) => (
            collapse_whitespace(&q.query),
            crate::redact::url(&q.address),
        ),
        Err(_) => (collapse_whitespace(&metric.prometheus.query), String::new()),
    };
    let outcome = match prepared {
        Ok(q) => q.run(started, &addresses.clients).await,
        Err(e) => Err(e),
    };
    let (phase, message, value, unreachable) = match outcome {
        Ok(sample) => {
            let (phase, message) = judge_value(metric, &sample.value);
            (phase, message, sample.text, false)
        }
        Err(e) => {
            let unreachable = matches!(e, QueryError::Unreachable { .. });
            // Messages are printed, stored in AnalysisRuns and sent to GitHub Actions.
            let message = crate::redact::text(&e.to_string());
            (Phase::Error, message, String::new(), unreachable)
        }
    };
    Taken {
        measurement: Measurement {
            phase,
            message,
            started_at: Some(started),
            finished_at: Some(crate::clock::now()),
            value,
            metadata: Default::default(),
        },
        query,
        address,
        unreachable,
    }
}

/// A multi-line PromQL query on one line, for tables and messages.
pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::analysis::AnalysisRun;

    fn run(addresses: &[Option<&str>]) -> AnalysisRun {
        let metrics: Vec<serde_json::Value> = addresses
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut p = serde_json::json!({"query": "up"});
                if let Some(a) = a {
                    p["address"] = (*a).into();
                }
                serde_json::json!({"name": format!("m{i}"), "provider": {"prometheus": p}})
            })
            .collect();
        serde_json::from_value(serde_json::json!({"spec": {"metrics": metrics}})).unwrap()
    }

    #[test]
    fn a_run_is_checked_for_addresses_before_the_rollout_changes() {
        let none = Addresses::default();
        let path = "spec.strategy.canary.steps[1].analysis";
        assert!(none.check_run(path, &run(&[Some("http://p:9090")])).is_ok());
        // An argument is known only when measuring.
        assert!(
            none.check_run(path, &run(&[Some("{{args.prometheus}}")]))
                .is_ok()
        );
        let err = none
            .check_run(path, &run(&[Some("http://p:9090"), None]))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "spec.strategy.canary.steps[1].analysis (templates): metric \"m1\": provider.prometheus.address: \
             is not set; set it in the template, pass --prometheus URL or set PROMETHEUS_URL"
        );
        let err = none.check_run(path, &run(&[Some("ftp://p")])).unwrap_err();
        assert!(err.to_string().contains("has scheme \"ftp\""), "{err}");
        let fallback = Addresses {
            fallback: Some("http://p:9090".into()),
            ..Addresses::default()
        };
        assert!(fallback.check_run(path, &run(&[None])).is_ok());
        assert!(fallback.check_run(path, &run(&[Some("x y")])).is_err());
        let over = Addresses {
            override_address: Some("http://q:9090".into()),
            ..Addresses::default()
        };
        assert!(over.check_run(path, &run(&[None, Some("x y")])).is_ok());
    }
}
