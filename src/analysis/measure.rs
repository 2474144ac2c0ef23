//! Taking one measurement: run the provider's query, judge the value, stamp the times.
//! The shell side of the judging core: it reads the clock and talks to Prometheus.

use chrono::{DateTime, Utc};

use crate::analysis::judge::judge_value;
use crate::analysis::prometheus::{QueryError, prepare};
use crate::spec::analysis::{Measurement, Phase, ResolvedMetric};

/// Where a measurement's query goes: `override_address` beats the template's address, which
/// beats `fallback`.
#[derive(Debug, Clone, Default)]
pub struct Addresses {
    pub override_address: Option<String>,
    pub fallback: Option<String>,
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
        Ok(q) => q.run(started).await,
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
