//! Argo Rollouts' `AnalysisTemplate`, `ClusterAnalysisTemplate` and `AnalysisRun`
//! (`argoproj.io/v1alpha1`) as serde types with Argo's field names, argument resolution
//! (`{{args.name}}`), and validation that names the field at fault.
//!
//! Reading is strict: an unknown field (a provider other than Prometheus, a misspelt key) is an
//! error, never silently ignored.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::{Deserialize, Serialize};

use crate::analysis::expr::Condition;
use crate::duration::GoDuration;
use crate::error::Error;

pub const API_VERSION: &str = "argoproj.io/v1alpha1";

/// An `AnalysisTemplate` or `ClusterAnalysisTemplate` (same spec, different scope).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnalysisTemplate {
    #[serde(default)]
    pub api_version: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    pub spec: AnalysisTemplateSpec,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnalysisTemplateSpec {
    pub metrics: Vec<Metric>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<Argument>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dry_run: Vec<DryRun>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measurement_retention: Vec<MeasurementRetention>,
}

/// `dryRun: [{metricName: ".*"}]`: metrics whose name the (unanchored) regular expression
/// matches are measured and reported but never fail the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DryRun {
    pub metric_name: String,
}

/// `measurementRetention: [{metricName, limit}]`: how many measurements status keeps for the
/// metrics whose name the (unanchored) regular expression matches; the last matching rule wins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MeasurementRetention {
    pub metric_name: String,
    pub limit: i64,
}

/// A number that may also be written as a string (so `{{args.x}}` can fill it), as Argo's
/// `intstr.IntOrString`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i64),
    String(String),
}

impl<'de> Deserialize<'de> for IntOrString {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = IntOrString;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an integer, or a string such as \"{{args.limit}}\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<IntOrString, E> {
                Ok(IntOrString::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<IntOrString, E> {
                i64::try_from(v)
                    .map(IntOrString::Int)
                    .map_err(|_| E::custom("integer too large"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<IntOrString, E> {
                Ok(IntOrString::String(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl IntOrString {
    fn resolve(&self, field: &str) -> Result<i64, Error> {
        match self {
            IntOrString::Int(n) => Ok(*n),
            IntOrString::String(s) => s
                .trim()
                .parse()
                .map_err(|_| Error::field(field, format!("expected an integer, got {s:?}"))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Metric {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_delay: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_condition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_condition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_limit: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inconclusive_limit: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consecutive_error_limit: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consecutive_success_limit: Option<IntOrString>,
    pub provider: Provider,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Provider {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prometheus: Option<PrometheusMetric>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PrometheusMetric {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub query: String,
    /// Seconds, as in Argo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub insecure: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<WebMetricHeader>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_query: Option<RangeQuery>,
    /// Accepted so that the error can say it is not supported (sigv4, oauth2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebMetricHeader {
    pub key: String,
    pub value: String,
}

/// `rangeQuery: {start: "now() - duration(\"10m\")", end: "now()", step: 1m}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RangeQuery {
    pub start: String,
    pub end: String,
    pub step: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Argument {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_from: Option<ValueFrom>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValueFrom {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key_ref: Option<SecretKeyRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_ref: Option<FieldRef>,
    /// `Stable` or `Latest`: the rollout's stable or newest pod-template hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_template_hash_value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecretKeyRef {
    pub name: String,
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FieldRef {
    pub field_path: String,
}

// ---------------------------------------------------------------------------------------------
// A Rollout's analysis step / background analysis (`steps[].analysis`, `canary.analysis`)

/// `analysis:` in a Rollout: which templates to run with which arguments.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RolloutAnalysis {
    pub templates: Vec<AnalysisTemplateRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<AnalysisRunArgument>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dry_run: Vec<DryRun>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measurement_retention: Vec<MeasurementRetention>,
    /// Background analysis only: the step index at which it starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starting_step: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnalysisTemplateRef {
    pub template_name: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cluster_scope: bool,
}

/// A Rollout's argument for its templates: a value, the rollout's pod-template hash, or a field
/// of the Rollout.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnalysisRunArgument {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_from: Option<ArgumentValueFrom>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ArgumentValueFrom {
    /// `Stable` or `Latest`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_template_hash_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_ref: Option<FieldRef>,
}

// ---------------------------------------------------------------------------------------------
// AnalysisRun

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalysisRun {
    #[serde(default)]
    pub api_version: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    pub spec: AnalysisRunSpec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AnalysisRunStatus>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalysisRunSpec {
    pub metrics: Vec<Metric>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<Argument>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub terminate: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dry_run: Vec<DryRun>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measurement_retention: Vec<MeasurementRetention>,
}

/// Argo's `AnalysisPhase`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Phase {
    #[default]
    Pending,
    Running,
    Successful,
    Failed,
    Error,
    Inconclusive,
}

impl Phase {
    pub fn is_completed(self) -> bool {
        matches!(
            self,
            Phase::Successful | Phase::Failed | Phase::Error | Phase::Inconclusive
        )
    }

    /// Argo's ordering for "worst": Failed > Error > Inconclusive > Successful > Running > Pending.
    pub fn severity(self) -> u8 {
        match self {
            Phase::Pending => 0,
            Phase::Running => 1,
            Phase::Successful => 2,
            Phase::Inconclusive => 3,
            Phase::Error => 4,
            Phase::Failed => 5,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Pending => "Pending",
            Phase::Running => "Running",
            Phase::Successful => "Successful",
            Phase::Failed => "Failed",
            Phase::Error => "Error",
            Phase::Inconclusive => "Inconclusive",
        }
    }
}

impl std::fmt::Display for Phase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalysisRunStatus {
    pub phase: Phase,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(default)]
    pub metric_results: Vec<MetricResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run_summary: Option<RunSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_summary: Option<RunSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunSummary {
    pub count: i32,
    pub successful: i32,
    pub failed: i32,
    pub inconclusive: i32,
    pub error: i32,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricResult {
    pub name: String,
    pub phase: Phase,
    #[serde(default)]
    pub measurements: Vec<Measurement>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(default)]
    pub count: i32,
    #[serde(default)]
    pub successful: i32,
    #[serde(default)]
    pub failed: i32,
    #[serde(default)]
    pub inconclusive: i32,
    #[serde(default)]
    pub error: i32,
    #[serde(default)]
    pub consecutive_error: i32,
    #[serde(default)]
    pub consecutive_success: i32,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dry_run: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Measurement {
    pub phase: Phase,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

// ---------------------------------------------------------------------------------------------
// Loading and validation

/// Reads a template from YAML (a single document; `kind` AnalysisTemplate or
/// ClusterAnalysisTemplate). Errors name the problem; the caller adds the file.
///
/// The document is first checked against Argo Rollouts' own schema of the kind (see
/// [`super::schema`]): unknown and mistyped fields are refused with their path and line. A field
/// Argo has but this tool does not implement (a provider other than Prometheus) is refused as
/// not supported.
pub fn template_from_yaml(text: &str) -> Result<AnalysisTemplate, Error> {
    let node = super::yaml::node(text)?;
    template_from_node(&node, || super::yaml::from_str(text))
}

/// A template from the API server (JSON, no lines), checked as a file is.
pub fn template_from_json(value: &serde_json::Value) -> Result<AnalysisTemplate, Error> {
    let node = super::yaml::Node::from_json(value);
    template_from_node(&node, || {
        serde_json::from_value(value.clone()).map_err(|e| Error::Input {
            location: Default::default(),
            message: e.to_string(),
        })
    })
}

fn template_from_node(
    node: &super::yaml::Node,
    typed: impl FnOnce() -> Result<AnalysisTemplate, Error>,
) -> Result<AnalysisTemplate, Error> {
    use super::schema::Kind;
    super::schema::validate(
        node,
        &[Kind::AnalysisTemplate, Kind::ClusterAnalysisTemplate],
    )?;
    let template = typed().map_err(|e| super::yaml::unsupported(e, node))?;
    validate_template(&template.spec)?;
    Ok(template)
}

/// Checks what can be checked before arguments are known: metric names, and (when they contain
/// no `{{args.*}}` placeholders) conditions, durations and limits.
pub fn validate_template(spec: &AnalysisTemplateSpec) -> Result<(), Error> {
    if spec.metrics.is_empty() {
        return Err(Error::field(
            "spec.metrics",
            "at least one metric is required",
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, metric) in spec.metrics.iter().enumerate() {
        let path = format!("spec.metrics[{i}]");
        if metric.name.is_empty() {
            return Err(Error::field(format!("{path}.name"), "must not be empty"));
        }
        if !seen.insert(metric.name.as_str()) {
            return Err(Error::field(
                format!("{path}.name"),
                format!("duplicate metric name {:?}", metric.name),
            ));
        }
        // Validate with placeholders standing in for arguments, so that a syntax error is
        // found now rather than when the first measurement is due.
        let placeholder_args = placeholder_values(metric);
        let resolved = substitute_metric(&with_stand_ins(metric), &placeholder_args, &path)?;
        ResolvedMetric::from_metric(&resolved, &path, spec)?;
    }
    check_name_rules(spec)?;
    for (i, arg) in spec.args.iter().enumerate() {
        if arg.value.is_some() && arg.value_from.is_some() {
            return Err(Error::field(
                format!("spec.args[{i}]"),
                format!("arg {} has both value and valueFrom", arg.name),
            ));
        }
    }
    Ok(())
}

/// A metric whose durations, numbers and times that are filled by arguments hold valid
/// stand-ins, so validation before the arguments are known checks only what is fixed.
fn with_stand_ins(metric: &Metric) -> Metric {
    let templated = |s: &str| s.contains("{{");
    let mut m = metric.clone();
    for field in [&mut m.interval, &mut m.initial_delay] {
        if field.as_deref().is_some_and(templated) {
            *field = Some("1s".into());
        }
    }
    for field in [
        &mut m.count,
        &mut m.failure_limit,
        &mut m.inconclusive_limit,
        &mut m.consecutive_error_limit,
        &mut m.consecutive_success_limit,
    ] {
        if matches!(field, Some(IntOrString::String(s)) if templated(s)) {
            *field = Some(IntOrString::Int(1));
        }
    }
    if let Some(p) = m.provider.prometheus.as_mut()
        && p.address.as_deref().is_some_and(templated)
    {
        p.address = Some("http://address-from-an-argument.invalid".into());
    }
    if let Some(range) = m
        .provider
        .prometheus
        .as_mut()
        .and_then(|p| p.range_query.as_mut())
    {
        for time in [&mut range.start, &mut range.end] {
            if templated(time) {
                *time = "now()".into();
            }
        }
        if templated(&range.step) {
            range.step = "1s".into();
        }
    }
    m
}

/// Every `{{args.x}}` in a metric mapped to a value that parses in every position (`1`), so
/// conditions and limits can be validated before the real arguments are known.
fn placeholder_values(metric: &Metric) -> BTreeMap<String, String> {
    let json = serde_json::to_string(metric).unwrap_or_default();
    placeholders(&json)
        .into_iter()
        .map(|name| (name, "1".to_string()))
        .collect()
}

/// The argument names used as `{{args.NAME}}` in a text.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let inner = after[..end].trim();
        if let Some(name) = inner.strip_prefix("args.") {
            names.push(name.to_string());
        }
        rest = &after[end + 2..];
    }
    names
}

/// Replaces `{{args.NAME}}` in every string of a metric. A placeholder with no value is an
/// error naming the argument.
pub fn substitute_metric(
    metric: &Metric,
    args: &BTreeMap<String, String>,
    path: &str,
) -> Result<Metric, Error> {
    let value = serde_json::to_value(metric).map_err(|e| Error::field(path, e.to_string()))?;
    let substituted = substitute_value(value, args, path)?;
    serde_json::from_value(substituted).map_err(|e| Error::field(path, e.to_string()))
}

fn substitute_value(
    value: serde_json::Value,
    args: &BTreeMap<String, String>,
    path: &str,
) -> Result<serde_json::Value, Error> {
    use serde_json::Value as J;
    Ok(match value {
        J::String(s) => J::String(substitute_str(&s, args, path)?),
        J::Array(items) => J::Array(
            items
                .into_iter()
                .map(|v| substitute_value(v, args, path))
                .collect::<Result<_, _>>()?,
        ),
        J::Object(map) => J::Object(
            map.into_iter()
                .map(|(k, v)| Ok((k, substitute_value(v, args, path)?)))
                .collect::<Result<_, Error>>()?,
        ),
        other => other,
    })
}

fn substitute_str(s: &str, args: &BTreeMap<String, String>, path: &str) -> Result<String, Error> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let inner = after[..end].trim();
        match inner.strip_prefix("args.") {
            Some(name) => match args.get(name) {
                Some(value) => out.push_str(value),
                None => {
                    return Err(Error::field(
                        path,
                        format!("argument {name:?} has no value (pass --arg {name}=VALUE)"),
                    ));
                }
            },
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Resolves the template's arguments: the template's defaults (`value`), overridden by the
/// caller's (`--arg`, the rollout step's args). `valueFrom` arguments must have been resolved by
/// the caller (Secrets, the Rollout's fields) and passed in `given`.
/// An argument with no value anywhere is an error before anything runs.
pub fn resolve_args(
    declared: &[Argument],
    given: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, Error> {
    let mut out = BTreeMap::new();
    for (i, arg) in declared.iter().enumerate() {
        if let Some(v) = given.get(&arg.name) {
            out.insert(arg.name.clone(), v.clone());
        } else if let Some(v) = &arg.value {
            out.insert(arg.name.clone(), v.clone());
        } else if arg.value_from.is_some() {
            return Err(Error::field(
                format!("spec.args[{i}].valueFrom"),
                format!(
                    "argument {:?} comes from the cluster (valueFrom) and was not resolved",
                    arg.name
                ),
            ));
        } else {
            return Err(Error::field(
                format!("spec.args[{i}]"),
                format!(
                    "argument {:?} has no value (pass --arg {}=VALUE)",
                    arg.name, arg.name
                ),
            ));
        }
    }
    for name in given.keys() {
        if !declared.iter().any(|a| &a.name == name) {
            return Err(Error::field(
                "spec.args",
                format!("argument {name:?} is not declared by the template"),
            ));
        }
    }
    Ok(out)
}

/// A metric with its arguments substituted, durations parsed, conditions compiled and
/// defaults applied: what the judge works with.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedMetric {
    pub name: String,
    pub interval: Option<GoDuration>,
    pub initial_delay: Option<GoDuration>,
    /// `None`: runs until stopped (interval without count).
    pub count: Option<i64>,
    pub success: Option<Condition>,
    pub failure: Option<Condition>,
    /// `None` when disabled (`-1`).
    pub failure_limit: Option<i64>,
    pub inconclusive_limit: i64,
    pub consecutive_error_limit: i64,
    /// `None` when unset or 0.
    pub consecutive_success_limit: Option<i64>,
    pub dry_run: bool,
    /// How many measurements status keeps (Argo's default: 10).
    pub retention: usize,
    pub prometheus: PrometheusMetric,
}

pub const DEFAULT_CONSECUTIVE_ERROR_LIMIT: i64 = 4;
pub const DEFAULT_MEASUREMENT_RETENTION: usize = 10;

impl ResolvedMetric {
    /// `path` is the metric's field path (`spec.metrics[0]`); `spec` gives dryRun and
    /// measurementRetention.
    pub fn from_metric(
        metric: &Metric,
        path: &str,
        spec: &AnalysisTemplateSpec,
    ) -> Result<ResolvedMetric, Error> {
        let duration = |field: &str, value: &Option<String>| -> Result<_, Error> {
            value
                .as_deref()
                .map(|s| {
                    let d = GoDuration::parse(s)
                        .map_err(|e| Error::field(format!("{path}.{field}"), e.to_string()))?;
                    if d.is_negative() {
                        return Err(Error::field(
                            format!("{path}.{field}"),
                            "must not be negative",
                        ));
                    }
                    Ok(d)
                })
                .transpose()
        };
        let int = |field: &str, value: &Option<IntOrString>| -> Result<Option<i64>, Error> {
            value
                .as_ref()
                .map(|v| v.resolve(&format!("{path}.{field}")))
                .transpose()
        };
        let condition = |field: &str, value: &Option<String>| -> Result<_, Error> {
            value
                .as_deref()
                // Only "" is unset, as in Argo: a blank condition does not compile there.
                .filter(|s| !s.is_empty())
                .map(|s| {
                    Condition::parse(s).map_err(|e| {
                        Error::field(
                            format!("{path}.{field}"),
                            format!("metric {:?}: {e}", metric.name),
                        )
                    })
                })
                .transpose()
        };
        // `interval: 0s` is accepted as Argo accepts it: measurements back to back.
        let interval = duration("interval", &metric.interval)?;
        let initial_delay = duration("initialDelay", &metric.initial_delay)?;
        let count = int("count", &metric.count)?;
        if let Some(c) = count {
            if c < 0 {
                return Err(Error::field(
                    format!("{path}.count"),
                    "must not be negative",
                ));
            }
            if c > 1 && interval.is_none() {
                return Err(Error::field(
                    format!("{path}.interval"),
                    "is required when count is greater than 1",
                ));
            }
        }
        // Argo's EffectiveCount: a count of 0 is no count; then no interval means exactly one
        // measurement, and an interval alone measures until the step ends.
        let count = match (count.filter(|c| *c != 0), interval) {
            (None, None) => Some(1),
            (c, _) => c,
        };
        let failure_limit = match int("failureLimit", &metric.failure_limit)?.unwrap_or(0) {
            -1 => None,
            n if n < 0 => {
                return Err(Error::field(
                    format!("{path}.failureLimit"),
                    "must be -1 (off) or at least 0",
                ));
            }
            n => Some(n),
        };
        let inconclusive_limit = int("inconclusiveLimit", &metric.inconclusive_limit)?.unwrap_or(0);
        let consecutive_error_limit =
            int("consecutiveErrorLimit", &metric.consecutive_error_limit)?
                .unwrap_or(DEFAULT_CONSECUTIVE_ERROR_LIMIT);
        for (field, v) in [
            ("inconclusiveLimit", inconclusive_limit),
            ("consecutiveErrorLimit", consecutive_error_limit),
        ] {
            if v < 0 {
                return Err(Error::field(
                    format!("{path}.{field}"),
                    "must not be negative",
                ));
            }
        }
        let raw_success_limit =
            int("consecutiveSuccessLimit", &metric.consecutive_success_limit)?.unwrap_or(0);
        if raw_success_limit < 0 {
            return Err(Error::field(
                format!("{path}.consecutiveSuccessLimit"),
                "must not be negative (0 turns it off)",
            ));
        }
        // Argo's ValidateMetric: a count that can never satisfy the limits is refused.
        let raw_count = int("count", &metric.count)?.unwrap_or(0);
        let raw_failure_limit = failure_limit.unwrap_or(-1);
        if raw_count > 0 {
            if raw_failure_limit >= 0 && raw_count < raw_failure_limit + raw_success_limit {
                return Err(Error::field(
                    format!("{path}.count"),
                    format!(
                        "{raw_count} must be at least failureLimit + consecutiveSuccessLimit ({raw_failure_limit} + {raw_success_limit})"
                    ),
                ));
            }
            if raw_failure_limit < 0 && raw_count < raw_success_limit {
                return Err(Error::field(
                    format!("{path}.count"),
                    format!(
                        "{raw_count} must be at least consecutiveSuccessLimit ({raw_success_limit})"
                    ),
                ));
            }
            if raw_count < inconclusive_limit {
                return Err(Error::field(
                    format!("{path}.count"),
                    format!(
                        "{raw_count} must be at least inconclusiveLimit ({inconclusive_limit})"
                    ),
                ));
            }
        }
        let consecutive_success_limit = Some(raw_success_limit).filter(|n| *n > 0);
        if failure_limit.is_none() && consecutive_success_limit.is_none() {
            return Err(Error::field(
                format!("{path}.failureLimit"),
                "-1 (off) needs a consecutiveSuccessLimit, or the metric could never fail",
            ));
        }
        let success = condition("successCondition", &metric.success_condition)?;
        let failure = condition("failureCondition", &metric.failure_condition)?;
        let Some(prometheus) = metric.provider.prometheus.clone() else {
            return Err(Error::field(
                format!("{path}.provider"),
                "expected a prometheus provider (the only one supported)",
            ));
        };
        if let Some(auth) = &prometheus.authentication {
            let kinds = auth
                .as_object()
                .map(|o| o.keys().cloned().collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            return Err(Error::field(
                format!("{path}.provider.prometheus.authentication"),
                format!(
                    "{kinds} authentication is not supported; use headers with an argument from a Secret"
                ),
            ));
        }
        if prometheus.query.trim().is_empty() {
            return Err(Error::field(
                format!("{path}.provider.prometheus.query"),
                "must not be empty",
            ));
        }
        // What a request needs is checked now, not at the first measurement.
        if let Some(address) = prometheus.address.as_deref().filter(|a| !a.is_empty()) {
            crate::http::parse_http_url(address)
                .map_err(|e| Error::field(format!("{path}.provider.prometheus.address"), e))?;
        }
        for (i, h) in prometheus.headers.iter().enumerate() {
            let at = format!("{path}.provider.prometheus.headers[{i}]");
            if reqwest::header::HeaderName::from_bytes(h.key.as_bytes()).is_err() {
                return Err(Error::field(
                    format!("{at}.key"),
                    format!(
                        "{:?} is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~ only)",
                        h.key
                    ),
                ));
            }
            if reqwest::header::HeaderValue::from_str(&h.value).is_err() {
                // The value is often a credential: it is not repeated.
                return Err(Error::field(
                    format!("{at}.value"),
                    "is not a valid HTTP header value (it holds a line break or another control character; the value is not shown)",
                ));
            }
        }
        if let Some(t) = prometheus.timeout
            && t <= 0
        {
            return Err(Error::field(
                format!("{path}.provider.prometheus.timeout"),
                "must be a positive number of seconds",
            ));
        }
        if let Some(range) = &prometheus.range_query {
            let rpath = format!("{path}.provider.prometheus.rangeQuery");
            parse_time_expr(&range.start, DateTime::UNIX_EPOCH)
                .map_err(|e| Error::field(format!("{rpath}.start"), e))?;
            parse_time_expr(&range.end, DateTime::UNIX_EPOCH)
                .map_err(|e| Error::field(format!("{rpath}.end"), e))?;
            let step = GoDuration::parse(&range.step)
                .map_err(|e| Error::field(format!("{rpath}.step"), e.to_string()))?;
            if step <= GoDuration::ZERO {
                return Err(Error::field(format!("{rpath}.step"), "must be positive"));
            }
        }
        let dry_run = spec
            .dry_run
            .iter()
            .any(|d| name_rule(&d.metric_name).is_some_and(|re| re.is_match(&metric.name)));
        let retention = match spec
            .measurement_retention
            .iter()
            .enumerate()
            .rfind(|(_, r)| name_rule(&r.metric_name).is_some_and(|re| re.is_match(&metric.name)))
        {
            None => DEFAULT_MEASUREMENT_RETENTION,
            Some((_, r)) if r.limit >= 1 => r.limit as usize,
            Some((j, r)) => {
                return Err(Error::field(
                    format!("spec.measurementRetention[{j}].limit"),
                    format!("must be at least 1, found {}", r.limit),
                ));
            }
        };
        Ok(ResolvedMetric {
            name: metric.name.clone(),
            interval,
            initial_delay,
            count,
            success,
            failure,
            failure_limit,
            inconclusive_limit,
            consecutive_error_limit,
            consecutive_success_limit,
            dry_run,
            retention,
            prometheus,
        })
    }
}

/// Argo's GetDryRunMetrics and GetMeasurementRetentionMetrics: each rule is an unanchored
/// regular expression and must match at least one metric (one that is not a valid expression
/// matches none); for retention the last matching rule wins. Checked on templates and on the
/// merged spec of a run.
fn check_name_rules(spec: &AnalysisTemplateSpec) -> Result<(), Error> {
    let rules = spec
        .dry_run
        .iter()
        .enumerate()
        .map(|(i, r)| (format!("spec.dryRun[{i}].metricName"), &r.metric_name))
        .chain(spec.measurement_retention.iter().enumerate().map(|(i, r)| {
            (
                format!("spec.measurementRetention[{i}].metricName"),
                &r.metric_name,
            )
        }));
    for (field, pattern) in rules {
        let Some(re) = name_rule(pattern) else {
            return Err(Error::field(
                field,
                format!(
                    "{pattern:?} is not a valid regular expression, so it matches no metric name (Argo Rollouts refuses the run: \"Rule didn't match any metric name(s)\")"
                ),
            ));
        };
        if !spec.metrics.iter().any(|m| re.is_match(&m.name)) {
            return Err(Error::field(
                field,
                format!(
                    "{pattern:?} matches no metric name (an unanchored regular expression, as in Argo Rollouts, which refuses such a rule)"
                ),
            ));
        }
    }
    Ok(())
}

/// A dryRun or measurementRetention rule as Go's `regexp.MatchString` reads it (RE2 syntax, unanchored); `None` when
/// it does not compile.
fn name_rule(pattern: &str) -> Option<regex::Regex> {
    regex::Regex::new(pattern).ok()
}

/// Resolves every metric of a template with the given (complete) arguments.
pub fn resolve_metrics(
    spec: &AnalysisTemplateSpec,
    args: &BTreeMap<String, String>,
) -> Result<Vec<ResolvedMetric>, Error> {
    check_name_rules(spec)?;
    spec.metrics
        .iter()
        .enumerate()
        .map(|(i, metric)| {
            let path = format!("spec.metrics[{i}]");
            let substituted = substitute_metric(metric, args, &path)?;
            ResolvedMetric::from_metric(&substituted, &path, spec)
        })
        .collect()
}

/// The time expressions Argo's `rangeQuery` uses: `now()`, `now() - duration("10m")`, or an
/// RFC 3339 timestamp.
pub fn parse_time_expr(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact == "now()" {
        return Ok(now);
    }
    if let Some(rest) = compact.strip_prefix("now()-duration(")
        && let Some(inner) = rest.strip_suffix(')')
    {
        let inner = inner.trim_matches(|c| c == '"' || c == '\'');
        let d = GoDuration::parse(inner).map_err(|e| e.to_string())?;
        return Ok(now - d.to_chrono());
    }
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            format!("expected now(), now() - duration(\"10m\") or an RFC 3339 time, got {text:?}")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUCCESS_RATE: &str = include_str!("../../examples/analysis/canary-success-rate.yaml");
    const ERROR_BUDGET: &str = include_str!("../../examples/analysis/error-budget-gate.yaml");

    fn args(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn seed_success_rate_template_resolves_with_its_argument() {
        let t = template_from_yaml(SUCCESS_RATE).unwrap();
        let a = resolve_args(&t.spec.args, &args(&[("service-name", "web")])).unwrap();
        let m = resolve_metrics(&t.spec, &a).unwrap();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].count, Some(5));
        assert_eq!(m[0].failure_limit, Some(2));
        assert_eq!(m[0].interval, Some(GoDuration::from_secs(30)));
        assert!(m[0].prometheus.query.contains(r#"service="web""#));
        assert!(!m[0].prometheus.query.contains("{{"));
    }

    #[test]
    fn seed_error_budget_template_needs_no_arguments() {
        let t = template_from_yaml(ERROR_BUDGET).unwrap();
        let a = resolve_args(&t.spec.args, &BTreeMap::new()).unwrap();
        let m = resolve_metrics(&t.spec, &a).unwrap();
        assert_eq!(m[0].count, Some(1));
        assert_eq!(m[0].failure_limit, Some(0));
        assert_eq!(m[0].consecutive_error_limit, 4);
    }

    #[test]
    fn a_missing_argument_is_an_error_naming_it() {
        let t = template_from_yaml(SUCCESS_RATE).unwrap();
        let err = resolve_args(&t.spec.args, &BTreeMap::new()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "spec.args[0]: argument \"service-name\" has no value (pass --arg service-name=VALUE)"
        );
    }

    #[test]
    fn an_undeclared_argument_is_an_error() {
        let err = resolve_args(&[], &args(&[("x", "1")])).unwrap_err();
        assert!(err.to_string().contains("\"x\" is not declared"), "{err}");
    }

    fn metric_error(yaml_metric: &str) -> String {
        let text = format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {{name: t}}\nspec:\n  metrics:\n{yaml_metric}"
        );
        template_from_yaml(&text).unwrap_err().to_string()
    }

    macro_rules! invalid_metric {
        ($($name:ident: $yaml:expr => $expected:expr;)*) => {$(
            #[test]
            fn $name() {
                let got = metric_error($yaml);
                assert!(got.contains($expected), "got {got:?}, want {:?}", $expected);
            }
        )*};
    }

    const P: &str = "    provider: {prometheus: {query: up}}\n";

    invalid_metric! {
        malformed_success_condition_names_field_metric_and_column:
            &format!("  - name: m\n    successCondition: (result[0] >= 0.99\n{P}")
            => "spec.metrics[0].successCondition: metric \"m\": column 19: expected `)`";
        unknown_name_in_failure_condition:
            &format!("  - name: m\n    failureCondition: foo > 1\n{P}")
            => "spec.metrics[0].failureCondition: metric \"m\": column 1: unknown name `foo`";
        bad_interval: &format!("  - name: m\n    interval: 5x\n{P}") => "spec.metrics[0].interval:";
        count_without_interval: &format!("  - name: m\n    count: 3\n{P}") => "spec.metrics[0].interval: is required when count is greater than 1";
        non_integer_failure_limit: &format!("  - name: m\n    failureLimit: lots\n{P}") => "spec.metrics[0].failureLimit: expected an integer";
        failure_limit_off_without_success_limit: &format!("  - name: m\n    failureLimit: -1\n{P}") => "needs a consecutiveSuccessLimit";
        unsupported_provider: "  - name: m\n    provider: {web: {url: x}}\n" => "spec.metrics[0].provider.web: not supported by kubectl-rollouts";
        misspelt_field: &format!("  - name: m\n    intervall: 1s\n{P}") => "spec.metrics[0].intervall: unknown field; did you mean spec.metrics[0].interval?";
        quoted_insecure: "  - name: m\n    provider: {prometheus: {query: up, insecure: 'on'}}\n" => "spec.metrics[0].provider.prometheus.insecure: expected true or false";
        quoted_timeout: "  - name: m\n    provider: {prometheus: {query: up, timeout: '30'}}\n" => "spec.metrics[0].provider.prometheus.timeout: expected an integer (without quotes), got the string \"30\"";
        sigv4_is_not_supported: "  - name: m\n    provider: {prometheus: {query: up, authentication: {sigv4: {region: x}}}}\n" => "sigv4 authentication is not supported";
        a_bad_header_name_is_found_before_any_query: "  - name: m\n    provider: {prometheus: {query: up, headers: [{key: 'X Bad', value: v}]}}\n" => "spec.metrics[0].provider.prometheus.headers[0].key: \"X Bad\" is not an HTTP header name";
        a_bad_header_value_is_found_but_not_shown: "  - name: m\n    provider: {prometheus: {query: up, headers: [{key: Authorization, value: \"Bearer s3cr3t\\n\"}]}}\n" => "spec.metrics[0].provider.prometheus.headers[0].value: is not a valid HTTP header value";
        an_address_without_a_host_is_refused: "  - name: m\n    provider: {prometheus: {query: up, address: 'http:///prom'}}\n" => "spec.metrics[0].provider.prometheus.address: \"http:///prom\" has no host";
        range_query_without_start: "  - name: m\n    provider: {prometheus: {query: up, rangeQuery: {end: now(), step: 1s}}}\n" => "rangeQuery.start: required by kubectl-rollouts";
        bad_range_start: "  - name: m\n    provider: {prometheus: {query: up, rangeQuery: {start: yesterday, end: now(), step: 1s}}}\n" => "rangeQuery.start: expected now()";
        duplicate_metric_names: &format!("  - name: m\n{P}  - name: m\n{P}") => "spec.metrics[1].name: duplicate metric name";
        count_below_failure_and_success_limits: &format!("  - name: m\n    count: 2\n    interval: 1m\n    failureLimit: 1\n    consecutiveSuccessLimit: 2\n{P}")
            => "spec.metrics[0].count: 2 must be at least failureLimit + consecutiveSuccessLimit (1 + 2)";
        count_below_success_limit_with_failure_limit_off: &format!("  - name: m\n    count: 2\n    interval: 1m\n    failureLimit: -1\n    consecutiveSuccessLimit: 3\n{P}")
            => "spec.metrics[0].count: 2 must be at least consecutiveSuccessLimit (3)";
        count_below_inconclusive_limit: &format!("  - name: m\n    count: 2\n    interval: 1m\n    inconclusiveLimit: 3\n{P}")
            => "spec.metrics[0].count: 2 must be at least inconclusiveLimit (3)";
        negative_consecutive_success_limit: &format!("  - name: m\n    consecutiveSuccessLimit: -1\n{P}")
            => "spec.metrics[0].consecutiveSuccessLimit: must not be negative";
        blank_condition_is_not_an_unset_one: &format!("  - name: m\n    successCondition: '  '\n{P}")
            => "spec.metrics[0].successCondition: metric \"m\": column 3: expected a value";
        condition_that_compiles_for_no_result_shape: &format!("  - name: m\n    successCondition: result % 2.5 == 0\n{P}")
            => "spec.metrics[0].successCondition: metric \"m\": column 8: invalid operation: % (mismatched types float64 and float64)";
    }

    #[test]
    fn a_header_value_is_never_repeated_in_its_error() {
        let err = metric_error(
            "  - name: m\n    provider: {prometheus: {query: up, headers: [{key: Authorization, value: \"Bearer s3cr3t\\r\"}]}}\n",
        );
        assert!(!err.contains("s3cr3t"), "{err}");
    }

    #[test]
    fn an_address_from_an_argument_is_checked_once_the_argument_is_known() {
        let text = "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nspec:\n  args: [{name: prom}]\n  metrics:\n  - name: m\n    provider: {prometheus: {query: up, address: \"{{args.prom}}\"}}\n";
        let t = template_from_yaml(text).unwrap();
        assert!(resolve_metrics(&t.spec, &args(&[("prom", "http://p:9090")])).is_ok());
        let err = resolve_metrics(&t.spec, &args(&[("prom", "http:///p")])).unwrap_err();
        assert!(err.to_string().contains("has no host"), "{err}");
    }

    #[test]
    fn conditions_with_argument_placeholders_are_validated_with_stand_ins() {
        let text = format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nspec:\n  args: [{{name: min}}]\n  metrics:\n  - name: m\n    successCondition: result[0] >= {{{{args.min}}}}\n    failureLimit: \"{{{{args.min}}}}\"\n{P}"
        );
        let t = template_from_yaml(&text).unwrap();
        let m = resolve_metrics(&t.spec, &args(&[("min", "3")])).unwrap();
        assert_eq!(m[0].success.as_ref().unwrap().source(), "result[0] >= 3");
        assert_eq!(m[0].failure_limit, Some(3));
    }

    #[test]
    fn durations_and_counts_from_arguments_are_checked_once_the_arguments_are_known() {
        let text = format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nspec:\n  args: [{{name: every}}, {{name: n}}]\n  metrics:\n  - name: m\n    interval: \"{{{{args.every}}}}\"\n    count: \"{{{{args.n}}}}\"\n{P}"
        );
        let t = template_from_yaml(&text).unwrap();
        let m = resolve_metrics(&t.spec, &args(&[("every", "30s"), ("n", "4")])).unwrap();
        assert_eq!(m[0].interval, Some(GoDuration::from_secs(30)));
        assert_eq!(m[0].count, Some(4));
        let err = resolve_metrics(&t.spec, &args(&[("every", "soon"), ("n", "4")])).unwrap_err();
        assert!(
            err.to_string().starts_with("spec.metrics[0].interval:"),
            "{err}"
        );
    }

    #[test]
    fn dry_run_and_retention_apply_by_metric_name() {
        let text = format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nspec:\n  dryRun: [{{metricName: m}}]\n  measurementRetention: [{{metricName: '.*', limit: 3}}]\n  metrics:\n  - name: m\n{P}"
        );
        let t = template_from_yaml(&text).unwrap();
        let m = resolve_metrics(&t.spec, &BTreeMap::new()).unwrap();
        assert!(m[0].dry_run);
        assert_eq!(m[0].retention, 3);
    }

    #[test]
    fn dry_run_and_retention_rules_are_unanchored_regular_expressions_that_must_match() {
        let spec = |rules: &str| {
            format!(
                "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nspec:\n{rules}  metrics:\n  - name: m1\n{P}  - name: test-a\n{P}"
            )
        };
        let t = template_from_yaml(&spec("  dryRun: [{metricName: 'test.*'}]\n  measurementRetention: [{metricName: '.*', limit: 3}, {metricName: '1$', limit: 5}]\n")).unwrap();
        let m = resolve_metrics(&t.spec, &BTreeMap::new()).unwrap();
        assert_eq!((m[0].dry_run, m[1].dry_run), (false, true));
        assert_eq!(
            (m[0].retention, m[1].retention),
            (5, 3),
            "the last matching rule wins"
        );
        for (rules, field) in [
            (
                "  dryRun: [{metricName: nope}]\n",
                "spec.dryRun[0].metricName: \"nope\" matches no metric name",
            ),
            (
                "  dryRun: [{metricName: '*'}]\n",
                "spec.dryRun[0].metricName: \"*\" is not a valid regular expression",
            ),
            (
                "  measurementRetention: [{metricName: m, limit: 2}, {metricName: x, limit: 2}]\n",
                "spec.measurementRetention[1].metricName: \"x\" matches no metric name",
            ),
        ] {
            let err = template_from_yaml(&spec(rules)).unwrap_err().to_string();
            assert!(err.contains(field), "{err}");
        }
    }

    #[test]
    fn a_count_of_zero_is_no_count_as_in_argo() {
        let once = format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nspec:\n  metrics:\n  - name: m\n    count: 0\n{P}"
        );
        let t = template_from_yaml(&once).unwrap();
        let m = resolve_metrics(&t.spec, &BTreeMap::new()).unwrap();
        assert_eq!(m[0].count, Some(1), "no interval: one measurement");
        let open = format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nspec:\n  metrics:\n  - name: m\n    count: 0\n    interval: 1s\n{P}"
        );
        let t = template_from_yaml(&open).unwrap();
        let m = resolve_metrics(&t.spec, &BTreeMap::new()).unwrap();
        assert_eq!(m[0].count, None, "interval alone: until the step ends");
    }

    #[test]
    fn a_retention_limit_below_one_is_an_error() {
        let text = format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nspec:\n  measurementRetention: [{{metricName: '.*', limit: 0}}]\n  metrics:\n  - name: m\n{P}"
        );
        let err = template_from_yaml(&text).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("spec.measurementRetention[0].limit: must be at least 1"),
            "{err}"
        );
    }

    #[test]
    fn yaml_errors_carry_the_line_and_a_plain_message() {
        let text = "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nspec:\n  metrics:\n  - name: m\n    intervall: 1s\n";
        let err = template_from_yaml(text).unwrap_err().in_file("a.yaml");
        let msg = err.to_string();
        assert_eq!(
            msg,
            "a.yaml:6: spec.metrics[0].intervall: unknown field; did you mean spec.metrics[0].interval?"
        );
        assert!(!msg.contains("-->"), "{msg}");
    }

    #[test]
    fn time_expressions_of_range_queries() {
        let now = DateTime::parse_from_rfc3339("2026-01-01T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(parse_time_expr("now()", now).unwrap(), now);
        assert_eq!(
            parse_time_expr("now() - duration(\"10m\")", now).unwrap(),
            now - chrono::TimeDelta::minutes(10)
        );
        assert!(parse_time_expr("2026-01-01T11:00:00Z", now).is_ok());
    }

    #[test]
    fn analysis_run_status_round_trips_with_argo_field_names() {
        let json = serde_json::json!({
            "phase": "Running",
            "startedAt": "2026-01-01T00:00:00Z",
            "metricResults": [{
                "name": "success-rate", "phase": "Running", "count": 1, "successful": 1,
                "consecutiveError": 0, "consecutiveSuccess": 1,
                "measurements": [{"phase": "Successful", "value": "[0.995]",
                    "startedAt": "2026-01-01T00:00:00Z", "finishedAt": "2026-01-01T00:00:01Z"}]
            }]
        });
        let status: AnalysisRunStatus = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(status.metric_results[0].measurements[0].value, "[0.995]");
        let back = serde_json::to_value(&status).unwrap();
        assert_eq!(back["metricResults"][0]["consecutiveSuccess"], 1);
        assert_eq!(back["startedAt"], json["startedAt"]);
    }
}
