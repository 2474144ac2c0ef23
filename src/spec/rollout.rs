//! Argo Rollouts' `Rollout` (`argoproj.io/v1alpha1`): the fields this tool drives, named and
//! shaped as Argo names them, so Argo's own tools read what we write and the reverse.
//!
//! Fields Argo has but this tool does not implement are kept in `other` maps so that validation
//! can name them instead of silently ignoring them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::time;
use crate::duration::GoDuration;
use crate::error::Error;
use crate::spec::analysis::RolloutAnalysis;

/// The desired state of a Rollout.
#[derive(CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[kube(
    group = "argoproj.io",
    version = "v1alpha1",
    kind = "Rollout",
    namespaced,
    status = "RolloutStatus",
    shortname = "ro",
    plural = "rollouts",
    printcolumn = r#"{"name":"Desired","type":"integer","jsonPath":".spec.replicas"}"#,
    printcolumn = r#"{"name":"Current","type":"integer","jsonPath":".status.replicas"}"#,
    printcolumn = r#"{"name":"Up-to-date","type":"integer","jsonPath":".status.updatedReplicas"}"#,
    printcolumn = r#"{"name":"Available","type":"integer","jsonPath":".status.availableReplicas"}"#,
    printcolumn = r#"{"name":"Phase","type":"string","jsonPath":".status.phase"}"#
)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-preserve-unknown-fields" = true))]
pub struct RolloutSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "preserve_unknown")]
    pub selector: Option<LabelSelector>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "preserve_unknown")]
    pub template: Option<PodTemplateSpec>,
    #[serde(default)]
    pub strategy: Strategy,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress_deadline_seconds: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress_deadline_abort: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<bool>,
    /// Argo's `rollbackWindow`: going back to one of the last `revisions` revisions skips the
    /// steps and analysis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback_window: Option<RollbackWindow>,
    /// Fields this tool does not implement (e.g. `workloadRef`); validation names them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub other: BTreeMap<String, Value>,
}

/// `spec.rollbackWindow`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RollbackWindow {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revisions: Option<i32>,
    #[serde(flatten)]
    #[schemars(skip)]
    pub other: BTreeMap<String, Value>,
}

/// The schema of a field whose contents the API server keeps as they are.
fn preserve_unknown(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "object",
        "x-kubernetes-preserve-unknown-fields": true
    })
}

fn int_or_string(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "x-kubernetes-int-or-string": true })
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-preserve-unknown-fields" = true))]
pub struct Strategy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canary: Option<CanaryStrategy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blue_green: Option<BlueGreenStrategy>,
}

/// `spec.strategy.blueGreen`, every field Argo documents.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-preserve-unknown-fields" = true))]
pub struct BlueGreenStrategy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview_service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview_replica_count: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_promotion_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_promotion_seconds: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_down_delay_seconds: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_down_delay_revision_limit: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abort_scale_down_delay_seconds: Option<i32>,
    /// `{templates, args}`, as a step's analysis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "preserve_unknown")]
    pub pre_promotion_analysis: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "preserve_unknown")]
    pub post_promotion_analysis: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview_metadata: Option<PodTemplateMetadata>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_metadata: Option<PodTemplateMetadata>,
    /// Accepted as Argo accepts it; this tool scales ReplicaSets straight to their count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "int_or_string")]
    pub max_unavailable: Option<Value>,
    #[serde(flatten)]
    #[schemars(skip)]
    pub other: BTreeMap<String, Value>,
}

/// Labels and annotations added to the pods of the active or the preview revision while it is
/// one (Argo's ephemeral metadata).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PodTemplateMetadata {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
}

impl PodTemplateMetadata {
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.annotations.is_empty()
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-preserve-unknown-fields" = true))]
pub struct CanaryStrategy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canary_service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stable_service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic_routing: Option<TrafficRouting>,
    #[serde(default)]
    pub steps: Vec<CanaryStep>,
    /// Background analysis: `{templates, args, startingStep}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "preserve_unknown")]
    pub analysis: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_down_delay_seconds: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abort_scale_down_delay_seconds: Option<i32>,
    /// Accepted as Argo accepts them; this tool scales ReplicaSets straight to their step's count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "int_or_string")]
    pub max_surge: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "int_or_string")]
    pub max_unavailable: Option<Value>,
    #[serde(flatten)]
    #[schemars(skip)]
    pub other: BTreeMap<String, Value>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-preserve-unknown-fields" = true))]
pub struct TrafficRouting {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nginx: Option<NginxTrafficRouting>,
    #[serde(flatten)]
    #[schemars(skip)]
    pub other: BTreeMap<String, Value>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-preserve-unknown-fields" = true))]
pub struct NginxTrafficRouting {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stable_ingress: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotation_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub additional_ingress_annotations: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub canary_ingress_annotations: BTreeMap<String, String>,
    #[serde(flatten)]
    #[schemars(skip)]
    pub other: BTreeMap<String, Value>,
}

/// One canary step. Exactly one kind is set; kinds not implemented yet are kept to be named.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-preserve-unknown-fields" = true))]
pub struct CanaryStep {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_weight: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause: Option<PauseStep>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_canary_scale: Option<SetCanaryScale>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "preserve_unknown")]
    pub analysis: Option<Value>,
    #[serde(flatten)]
    #[schemars(skip)]
    pub other: BTreeMap<String, Value>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PauseStep {
    /// Seconds as an integer, or a Go duration ("30s", "2m"); absent: until promoted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "int_or_string")]
    pub duration: Option<Value>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SetCanaryScale {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[serde(default)]
    pub match_traffic_weight: bool,
}

/// The observed state, as Argo's controller records it.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-preserve-unknown-fields" = true))]
pub struct RolloutStatus {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub abort: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pause_conditions: Vec<PauseCondition>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub controller_pause: bool,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::rfc3339_opt"
    )]
    #[schemars(schema_with = "time::schema")]
    pub aborted_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_pod_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_step_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_step_index: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_replicas: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_replicas: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_replicas: Option<i32>,
    /// A string in Argo (the generation as decimal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<RolloutCondition>,
    #[serde(default)]
    pub canary: CanaryStatus,
    #[serde(default, skip_serializing_if = "BlueGreenStatus::is_empty")]
    pub blue_green: BlueGreenStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "stableRS")]
    pub stable_rs: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub promote_full: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PauseCondition {
    pub reason: String,
    #[serde(with = "time::rfc3339")]
    #[schemars(schema_with = "time::schema")]
    pub start_time: DateTime<Utc>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RolloutCondition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::rfc3339_opt"
    )]
    #[schemars(schema_with = "time::schema")]
    pub last_update_time: Option<DateTime<Utc>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::rfc3339_opt"
    )]
    #[schemars(schema_with = "time::schema")]
    pub last_transition_time: Option<DateTime<Utc>>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-preserve-unknown-fields" = true))]
pub struct CanaryStatus {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_step_analysis_run_status: Option<AnalysisRunStatusRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_background_analysis_run_status: Option<AnalysisRunStatusRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<TrafficWeights>,
}

/// `status.blueGreen`, as Argo's controller records it.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-preserve-unknown-fields" = true))]
pub struct BlueGreenStatus {
    /// The hash the preview Service selects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview_selector: Option<String>,
    /// The hash the active Service selects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_selector: Option<String>,
    /// With `previewReplicaCount`: the preview was promoted and may scale up to `replicas`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub scale_up_preview_check_point: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_promotion_analysis_run_status: Option<AnalysisRunStatusRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_promotion_analysis_run_status: Option<AnalysisRunStatusRef>,
}

impl BlueGreenStatus {
    pub fn is_empty(&self) -> bool {
        *self == BlueGreenStatus::default()
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AnalysisRunStatusRef {
    pub name: String,
    #[serde(default)]
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrafficWeights {
    pub canary: WeightDestination,
    pub stable: WeightDestination,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WeightDestination {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_template_hash: Option<String>,
    pub weight: i32,
}

/// A step after validation: what the step machine runs.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    SetWeight(i32),
    /// `None`: until promoted.
    Pause(Option<GoDuration>),
    SetCanaryScale {
        weight: Option<i32>,
        replicas: Option<i32>,
        match_traffic_weight: bool,
    },
    /// `analysis: {templates, args}` as written (checked to parse as a `RolloutAnalysis`);
    /// the driver turns it into an AnalysisRun.
    Analysis(Value),
}

/// `spec.strategy.canary.analysis`: runs alongside the steps from `starting_step` on.
#[derive(Debug, Clone, PartialEq)]
pub struct BackgroundAnalysis {
    pub starting_step: usize,
    /// As written (checked to parse as a `RolloutAnalysis`).
    pub analysis: Value,
}

/// A canary strategy after validation, with Argo's defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct CanaryPlan {
    pub replicas: i32,
    pub steps: Vec<Step>,
    pub canary_service: Option<String>,
    pub stable_service: Option<String>,
    /// The nginx stable Ingress, when traffic is routed by nginx.
    pub stable_ingress: Option<String>,
    pub scale_down_delay_seconds: i64,
    pub abort_scale_down_delay_seconds: i64,
    pub progress_deadline_seconds: i64,
    pub progress_deadline_abort: bool,
    pub background: Option<BackgroundAnalysis>,
    /// `rollbackWindow.revisions` (0: none).
    pub rollback_window: i32,
}

impl CanaryPlan {
    pub fn traffic_routed(&self) -> bool {
        self.stable_ingress.is_some()
    }
}

/// The annotation that opts a blue-green Rollout into pointing its preview Service at the new
/// revision only once that revision's pods are available (Argo points it at once, so the
/// preview serves errors while the pods start: argo-rollouts#2641). A Rollout annotation
/// because Argo's CRD would prune an unknown spec field.
pub const PREVIEW_AFTER_AVAILABLE: &str = "rollouts.kubectl-rollouts.io/preview-after-available";

/// A blue-green strategy after validation, with Argo's defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct BlueGreenPlan {
    pub replicas: i32,
    pub active_service: String,
    pub preview_service: Option<String>,
    /// Default true: promote as soon as the new revision is available (and analysed).
    pub auto_promotion_enabled: bool,
    /// With auto-promotion: pause this long before promoting (0: no pause).
    pub auto_promotion_seconds: i64,
    pub preview_replica_count: Option<i32>,
    pub scale_down_delay_seconds: i64,
    /// `scaleDownDelaySeconds` was written (without it, post-promotion analysis holds the
    /// scale-down of older revisions until it succeeds, as in Argo).
    pub scale_down_delay_given: bool,
    pub scale_down_delay_revision_limit: Option<i32>,
    /// None: `abortScaleDownDelaySeconds: 0`, the preview stays up after an abort.
    pub abort_scale_down_delay_seconds: Option<i64>,
    /// As written (checked to parse as a `RolloutAnalysis`).
    pub pre_promotion_analysis: Option<Value>,
    pub post_promotion_analysis: Option<Value>,
    pub active_metadata: Option<PodTemplateMetadata>,
    pub preview_metadata: Option<PodTemplateMetadata>,
    /// [`PREVIEW_AFTER_AVAILABLE`]: the preview Service moves once the new pods are available.
    pub preview_after_available: bool,
    pub progress_deadline_seconds: i64,
    pub progress_deadline_abort: bool,
    /// `rollbackWindow.revisions` (0: none).
    pub rollback_window: i32,
}

/// A validated strategy: the plan of the step machine that drives the Rollout (or, for
/// `flags rollout`, a feature flag).
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    Canary(CanaryPlan),
    BlueGreen(BlueGreenPlan),
    Flag(crate::flags::rollout::FlagPlan),
}

impl Plan {
    pub fn replicas(&self) -> i32 {
        match self {
            Plan::Canary(p) => p.replicas,
            Plan::BlueGreen(p) => p.replicas,
            Plan::Flag(_) => 0,
        }
    }

    /// The Services the strategy points at revisions, with their field names.
    pub fn services(&self) -> Vec<(&'static str, &str)> {
        let named = match self {
            Plan::Canary(p) => [
                ("canaryService", p.canary_service.as_deref()),
                ("stableService", p.stable_service.as_deref()),
            ],
            Plan::BlueGreen(p) => [
                ("activeService", Some(p.active_service.as_str())),
                ("previewService", p.preview_service.as_deref()),
            ],
            Plan::Flag(_) => [("", None), ("", None)],
        };
        named
            .into_iter()
            .filter_map(|(f, s)| s.map(|s| (f, s)))
            .collect()
    }

    /// The field path of the strategy (`spec.strategy.canary`).
    pub fn path(&self) -> &'static str {
        match self {
            Plan::Canary(_) => "spec.strategy.canary",
            Plan::BlueGreen(_) => "spec.strategy.blueGreen",
            Plan::Flag(_) => "--steps",
        }
    }

    /// The nginx stable Ingress, when the strategy routes traffic through one.
    pub fn stable_ingress(&self) -> Option<&str> {
        match self {
            Plan::Canary(p) => p.stable_ingress.as_deref(),
            Plan::BlueGreen(_) | Plan::Flag(_) => None,
        }
    }

    pub fn as_canary(&self) -> Option<&CanaryPlan> {
        match self {
            Plan::Canary(p) => Some(p),
            Plan::BlueGreen(_) | Plan::Flag(_) => None,
        }
    }

    pub fn as_blue_green(&self) -> Option<&BlueGreenPlan> {
        match self {
            Plan::BlueGreen(p) => Some(p),
            Plan::Canary(_) | Plan::Flag(_) => None,
        }
    }
}

impl Rollout {
    /// The plan of this Rollout: its spec validated, and the annotations that tune it.
    pub fn plan(&self) -> Result<Plan, Error> {
        let mut plan = self.spec.validate()?;
        let annotations = self.metadata.annotations.clone().unwrap_or_default();
        if let Some(v) = annotations.get(PREVIEW_AFTER_AVAILABLE) {
            let on = match v.as_str() {
                "true" => true,
                "false" => false,
                _ => {
                    return Err(Error::field(
                        format!("metadata.annotations[{PREVIEW_AFTER_AVAILABLE}]"),
                        format!("must be \"true\" or \"false\", not {v:?}"),
                    ));
                }
            };
            match &mut plan {
                Plan::BlueGreen(p) => p.preview_after_available = on,
                Plan::Canary(_) | Plan::Flag(_) => {
                    return Err(Error::field(
                        format!("metadata.annotations[{PREVIEW_AFTER_AVAILABLE}]"),
                        "applies to the blueGreen strategy only",
                    ));
                }
            }
        }
        Ok(plan)
    }
}

fn unsupported(path: &str, other: &BTreeMap<String, Value>) -> Result<(), Error> {
    match other.keys().next() {
        Some(key) => Err(Error::field(
            format!("{path}.{key}"),
            "is not supported by kubectl-rollouts yet",
        )),
        None => Ok(()),
    }
}

/// Parses a pause duration: an integer is seconds, a string is a Go duration.
pub fn pause_duration(value: &Value, path: &str) -> Result<GoDuration, Error> {
    let d = match value {
        Value::Number(n) => n
            .as_i64()
            .map(GoDuration::from_secs)
            .ok_or_else(|| Error::field(path, "must be whole seconds"))?,
        Value::String(s) => match s.parse::<i64>() {
            Ok(secs) => GoDuration::from_secs(secs),
            Err(_) => GoDuration::parse(s).map_err(|e| Error::field(path, e.to_string()))?,
        },
        _ => return Err(Error::field(path, "must be seconds or a duration like 30s")),
    };
    if d.is_negative() {
        return Err(Error::field(path, "must not be negative"));
    }
    Ok(d)
}

impl RolloutSpec {
    /// Checks everything this tool needs before it changes anything, naming the field at fault:
    /// first against Argo Rollouts' own schema (an unknown field is named with a did-you-mean,
    /// a field of the wrong type with what was expected), then what this tool implements.
    pub fn validate(&self) -> Result<Plan, Error> {
        let spec = serde_json::to_value(self).map_err(|e| Error::field("spec", e.to_string()))?;
        let doc = serde_json::json!({
            "apiVersion": super::schema::API_VERSION,
            "kind": "Rollout",
            "spec": spec,
        });
        super::schema::validate(
            &super::yaml::Node::from_json(&doc),
            &[super::schema::Kind::Rollout],
        )?;
        if self.strategy.blue_green.is_some() {
            return self.validate_blue_green().map(Plan::BlueGreen);
        }
        self.validate_canary().map(Plan::Canary)
    }

    /// What every strategy checks: unknown top-level fields, `paused`, the template.
    fn validate_common(&self) -> Result<i32, Error> {
        if let Some(key) = self.other.keys().next() {
            let hint = if key == "workloadRef" {
                " (put the pod template in spec.template)"
            } else {
                ""
            };
            return Err(Error::field(
                format!("spec.{key}"),
                format!("is not supported by kubectl-rollouts yet{hint}"),
            ));
        }
        if self.paused == Some(true) {
            return Err(Error::field(
                "spec.paused",
                "a paused Rollout is not driven; set spec.paused to false (or use pause steps)",
            ));
        }
        if self.template.is_none() {
            return Err(Error::field("spec.template", "is required"));
        }
        let replicas = self.replicas.unwrap_or(1);
        if replicas < 0 {
            return Err(Error::field("spec.replicas", "must not be negative"));
        }
        Ok(replicas)
    }

    fn validate_blue_green(&self) -> Result<BlueGreenPlan, Error> {
        let replicas = self.validate_common()?;
        const PATH: &str = "spec.strategy.blueGreen";
        if self.strategy.canary.is_some() {
            return Err(Error::field(
                "spec.strategy",
                "set one of canary and blueGreen, not both",
            ));
        }
        let bg = self
            .strategy
            .blue_green
            .as_ref()
            .expect("checked by validate");
        unsupported(PATH, &bg.other)?;
        let active_service = bg
            .active_service
            .clone()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::field(format!("{PATH}.activeService"), "is required"))?;
        let preview_service = bg.preview_service.clone().filter(|s| !s.is_empty());
        if preview_service.as_deref() == Some(active_service.as_str()) {
            return Err(Error::field(
                format!("{PATH}.previewService"),
                "must not be the activeService",
            ));
        }
        let nonneg = |v: Option<i32>, field: &str| -> Result<Option<i64>, Error> {
            match v {
                Some(n) if n < 0 => Err(Error::field(
                    format!("{PATH}.{field}"),
                    "must not be negative",
                )),
                other => Ok(other.map(i64::from)),
            }
        };
        let preview_replica_count =
            nonneg(bg.preview_replica_count, "previewReplicaCount")?.map(|n| n as i32);
        if let Some(n) = preview_replica_count
            && n > replicas
        {
            return Err(Error::field(
                format!("{PATH}.previewReplicaCount"),
                format!("must not be more than spec.replicas ({replicas})"),
            ));
        }
        let auto_promotion_seconds =
            nonneg(bg.auto_promotion_seconds, "autoPromotionSeconds")?.unwrap_or(0);
        let scale_down = nonneg(bg.scale_down_delay_seconds, "scaleDownDelaySeconds")?;
        let revision_limit = nonneg(
            bg.scale_down_delay_revision_limit,
            "scaleDownDelayRevisionLimit",
        )?;
        let abort_delay = nonneg(
            bg.abort_scale_down_delay_seconds,
            "abortScaleDownDelaySeconds",
        )?;
        let mut analyses = [None, None];
        for (i, (field, value)) in [
            ("prePromotionAnalysis", &bg.pre_promotion_analysis),
            ("postPromotionAnalysis", &bg.post_promotion_analysis),
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(a) = value {
                let path = format!("{PATH}.{field}");
                let parsed = rollout_analysis(a, &path)?;
                if parsed.starting_step.is_some() {
                    return Err(Error::field(
                        format!("{path}.startingStep"),
                        "only background analysis (spec.strategy.canary.analysis) has a starting step",
                    ));
                }
                analyses[i] = Some(a.clone());
            }
        }
        let [pre_promotion_analysis, post_promotion_analysis] = analyses;
        let progress_deadline_seconds = match self.progress_deadline_seconds {
            Some(n) if n < 0 => {
                return Err(Error::field(
                    "spec.progressDeadlineSeconds",
                    "must not be negative",
                ));
            }
            Some(n) => i64::from(n),
            None => 600,
        };
        Ok(BlueGreenPlan {
            replicas,
            active_service,
            preview_service,
            auto_promotion_enabled: bg.auto_promotion_enabled.unwrap_or(true),
            auto_promotion_seconds,
            preview_replica_count,
            scale_down_delay_seconds: scale_down.unwrap_or(30),
            scale_down_delay_given: scale_down.is_some(),
            scale_down_delay_revision_limit: revision_limit.map(|n| n as i32),
            abort_scale_down_delay_seconds: match abort_delay {
                Some(0) => None,
                Some(n) => Some(n),
                None => Some(30),
            },
            pre_promotion_analysis,
            post_promotion_analysis,
            active_metadata: bg.active_metadata.clone().filter(|m| !m.is_empty()),
            preview_metadata: bg.preview_metadata.clone().filter(|m| !m.is_empty()),
            preview_after_available: false,
            progress_deadline_seconds,
            progress_deadline_abort: self.progress_deadline_abort.unwrap_or(false),
            rollback_window: self.rollback_window()?,
        })
    }

    /// `spec.rollbackWindow.revisions`, 0 when absent.
    fn rollback_window(&self) -> Result<i32, Error> {
        let Some(w) = &self.rollback_window else {
            return Ok(0);
        };
        unsupported("spec.rollbackWindow", &w.other)?;
        match w.revisions {
            Some(n) if n < 0 => Err(Error::field(
                "spec.rollbackWindow.revisions",
                "must not be negative (Argo ignores a negative window; say 0 for none)",
            )),
            Some(n) => Ok(n),
            None => Ok(0),
        }
    }

    fn validate_canary(&self) -> Result<CanaryPlan, Error> {
        let replicas = self.validate_common()?;
        let canary = self.strategy.canary.as_ref().ok_or_else(|| {
            Error::field("spec.strategy", "needs a strategy: canary or blueGreen")
        })?;
        unsupported("spec.strategy.canary", &canary.other)?;
        let mut stable_ingress = None;
        if let Some(tr) = &canary.traffic_routing {
            unsupported("spec.strategy.canary.trafficRouting", &tr.other)?;
            let nginx = tr.nginx.as_ref().ok_or_else(|| {
                Error::field(
                    "spec.strategy.canary.trafficRouting",
                    "only nginx traffic routing is supported",
                )
            })?;
            unsupported("spec.strategy.canary.trafficRouting.nginx", &nginx.other)?;
            if nginx.annotation_prefix.is_some() {
                return Err(Error::field(
                    "spec.strategy.canary.trafficRouting.nginx.annotationPrefix",
                    "is not supported by kubectl-rollouts yet",
                ));
            }
            stable_ingress = Some(nginx.stable_ingress.clone().ok_or_else(|| {
                Error::field(
                    "spec.strategy.canary.trafficRouting.nginx.stableIngress",
                    "is required",
                )
            })?);
            for (field, value) in [
                ("canaryService", &canary.canary_service),
                ("stableService", &canary.stable_service),
            ] {
                if value.is_none() {
                    return Err(Error::field(
                        format!("spec.strategy.canary.{field}"),
                        "is required with traffic routing",
                    ));
                }
            }
        }
        let mut steps = Vec::with_capacity(canary.steps.len());
        for (i, step) in canary.steps.iter().enumerate() {
            let path = format!("spec.strategy.canary.steps[{i}]");
            unsupported(&path, &step.other)?;
            let kinds = [
                step.set_weight.is_some(),
                step.pause.is_some(),
                step.set_canary_scale.is_some(),
                step.analysis.is_some(),
            ];
            if kinds.iter().filter(|k| **k).count() != 1 {
                return Err(Error::field(
                    path,
                    "must set exactly one of setWeight, pause, setCanaryScale, analysis",
                ));
            }
            if let Some(a) = &step.analysis {
                let parsed = rollout_analysis(a, &format!("{path}.analysis"))?;
                if parsed.starting_step.is_some() {
                    return Err(Error::field(
                        format!("{path}.analysis.startingStep"),
                        "only background analysis (spec.strategy.canary.analysis) has a starting step",
                    ));
                }
                steps.push(Step::Analysis(a.clone()));
            } else if let Some(w) = step.set_weight {
                if !(0..=100).contains(&w) {
                    return Err(Error::field(
                        format!("{path}.setWeight"),
                        "must be between 0 and 100",
                    ));
                }
                steps.push(Step::SetWeight(w));
            } else if let Some(p) = &step.pause {
                let d = match &p.duration {
                    Some(v) => Some(pause_duration(v, &format!("{path}.pause.duration"))?),
                    None => None,
                };
                steps.push(Step::Pause(d));
            } else if let Some(s) = &step.set_canary_scale {
                let p = format!("{path}.setCanaryScale");
                if stable_ingress.is_none() {
                    return Err(Error::field(
                        p,
                        "needs trafficRouting (as in Argo Rollouts)",
                    ));
                }
                if let Some(w) = s.weight
                    && !(0..=100).contains(&w)
                {
                    return Err(Error::field(
                        format!("{p}.weight"),
                        "must be between 0 and 100",
                    ));
                }
                if s.replicas.is_some_and(|r| r < 0) {
                    return Err(Error::field(
                        format!("{p}.replicas"),
                        "must not be negative",
                    ));
                }
                steps.push(Step::SetCanaryScale {
                    weight: s.weight,
                    replicas: s.replicas,
                    match_traffic_weight: s.match_traffic_weight,
                });
            }
        }
        let background = match &canary.analysis {
            None => None,
            Some(a) => {
                let path = "spec.strategy.canary.analysis";
                let parsed = rollout_analysis(a, path)?;
                let starting_step = match parsed.starting_step {
                    None => 0,
                    Some(s) if s >= 0 && (s as usize) <= steps.len() => s as usize,
                    Some(_) => {
                        return Err(Error::field(
                            format!("{path}.startingStep"),
                            format!(
                                "must be between 0 and the number of steps ({})",
                                steps.len()
                            ),
                        ));
                    }
                };
                Some(BackgroundAnalysis {
                    starting_step,
                    analysis: a.clone(),
                })
            }
        };
        let nonneg = |v: Option<i32>, field: &str, default: i64| -> Result<i64, Error> {
            match v {
                Some(n) if n < 0 => Err(Error::field(field, "must not be negative")),
                Some(n) => Ok(i64::from(n)),
                None => Ok(default),
            }
        };
        Ok(CanaryPlan {
            replicas,
            steps,
            canary_service: canary.canary_service.clone(),
            stable_service: canary.stable_service.clone(),
            stable_ingress,
            scale_down_delay_seconds: nonneg(
                canary.scale_down_delay_seconds,
                "spec.strategy.canary.scaleDownDelaySeconds",
                30,
            )?,
            abort_scale_down_delay_seconds: nonneg(
                canary.abort_scale_down_delay_seconds,
                "spec.strategy.canary.abortScaleDownDelaySeconds",
                30,
            )?,
            progress_deadline_seconds: nonneg(
                self.progress_deadline_seconds,
                "spec.progressDeadlineSeconds",
                600,
            )?,
            progress_deadline_abort: self.progress_deadline_abort.unwrap_or(false),
            background,
            rollback_window: self.rollback_window()?,
        })
    }
}

/// Parses an `analysis:` block (a step's or the background one), naming the field at fault.
pub fn rollout_analysis(value: &Value, path: &str) -> Result<RolloutAnalysis, Error> {
    let parsed: RolloutAnalysis = serde_json::from_value(value.clone())
        .map_err(|e| super::yaml::unsupported_in(&e.to_string(), path))?;
    if parsed.templates.is_empty() {
        return Err(Error::field(
            format!("{path}.templates"),
            "needs at least one template",
        ));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const SEED: &str = include_str!("../../examples/canary/rollout.yaml");

    fn parse(yaml: &str) -> RolloutSpec {
        let r: Rollout = serde_saphyr::from_str(yaml).expect("rollout parses");
        r.spec
    }

    fn canary(plan: Plan) -> CanaryPlan {
        plan.as_canary().expect("a canary plan").clone()
    }

    /// The example rollout with other steps (given at 4 spaces, as in the tests below).
    fn seed_with_steps(steps: &str) -> String {
        let head = SEED.split("      steps:").next().unwrap();
        let steps: String = steps.lines().map(|l| format!("  {l}\n")).collect();
        format!("{head}      steps:\n{steps}")
    }

    #[test]
    fn rollback_window_is_read_and_a_negative_or_unknown_one_refused() {
        let with =
            |w: &str| SEED.replacen("\nspec:\n", &format!("\nspec:\n  rollbackWindow: {w}\n"), 1);
        let plan = canary(parse(&with("{revisions: 3}")).validate().unwrap());
        assert_eq!(plan.rollback_window, 3);
        assert_eq!(canary(parse(SEED).validate().unwrap()).rollback_window, 0);
        let e = parse(&with("{revisions: -1}")).validate().unwrap_err();
        assert!(
            e.to_string()
                .starts_with("spec.rollbackWindow.revisions: must not be negative"),
            "{e}"
        );
        let e = parse(&with("{revision: 3}")).validate().unwrap_err();
        assert!(
            e.to_string().contains("spec.rollbackWindow.revision"),
            "{e}"
        );
    }

    #[test]
    fn the_example_rollout_validates_with_its_steps_and_defaults() {
        let plan = canary(parse(SEED).validate().unwrap());
        assert_eq!(plan.replicas, 4);
        assert_eq!(plan.stable_ingress.as_deref(), Some("tr-web-ingress"));
        assert_eq!(plan.scale_down_delay_seconds, 5);
        assert_eq!(plan.progress_deadline_seconds, 600);
        assert_eq!(plan.steps[0], Step::SetWeight(5));
    }

    #[test]
    fn analysis_steps_and_background_analysis_are_accepted_and_checked() {
        let yaml = seed_with_steps(
            "    - setWeight: 5\n    - pause: { duration: 2m }\n    - analysis:\n        templates:\n        - templateName: canary-success-rate\n        - templateName: canary-latency\n",
        );
        let plan = canary(parse(&yaml).validate().unwrap());
        assert!(matches!(plan.steps[2], Step::Analysis(_)));
        let bad = seed_with_steps("    - analysis:\n        templates: []\n");
        let err = parse(&bad).validate().unwrap_err().to_string();
        assert!(
            err.starts_with("spec.strategy.canary.steps[0].analysis.templates: needs at least one"),
            "{err}"
        );
        let unknown = seed_with_steps("    - analysis:\n        template: x\n");
        let err = parse(&unknown).validate().unwrap_err().to_string();
        assert!(
            err.starts_with("spec.strategy.canary.steps[0].analysis.template: unknown field; did you mean spec.strategy.canary.steps[0].analysis.templates?"),
            "{err}"
        );
        let mut spec = parse(&seed_with_steps("    - setWeight: 5\n"));
        spec.strategy.canary.as_mut().unwrap().analysis = Some(serde_json::json!(
            {"templates": [{"templateName": "t"}], "startingStep": 2}
        ));
        let err = spec.validate().unwrap_err().to_string();
        assert!(
            err.starts_with("spec.strategy.canary.analysis.startingStep: must be between 0 and"),
            "{err}"
        );
    }

    #[test]
    fn pause_durations_accept_seconds_and_go_durations() {
        let yaml = seed_with_steps(
            "    - pause: { duration: 2m }\n    - pause: { duration: 30 }\n    - pause: { duration: \"45\" }\n    - pause: {}\n",
        );
        let plan = canary(parse(&yaml).validate().unwrap());
        assert_eq!(
            plan.steps,
            vec![
                Step::Pause(Some(GoDuration::from_secs(120))),
                Step::Pause(Some(GoDuration::from_secs(30))),
                Step::Pause(Some(GoDuration::from_secs(45))),
                Step::Pause(None),
            ]
        );
    }

    #[test]
    fn unknown_step_kinds_are_errors_naming_the_step() {
        let yaml = seed_with_steps(
            "    - setWeight: 5\n    - experiment: {templates: [{name: a, specRef: canary}]}\n",
        );
        let err = parse(&yaml).validate().unwrap_err().to_string();
        assert!(
            err.starts_with("spec.strategy.canary.steps[1].experiment:"),
            "{err}"
        );
    }

    #[test]
    fn bad_durations_and_weights_name_their_field() {
        let err = parse(&seed_with_steps("    - pause: { duration: 2x }\n"))
            .validate()
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("spec.strategy.canary.steps[0].pause.duration:"),
            "{err}"
        );
        let err = parse(&seed_with_steps("    - setWeight: 120\n"))
            .validate()
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("spec.strategy.canary.steps[0].setWeight:"),
            "{err}"
        );
    }

    #[test]
    fn a_paused_spec_is_refused_rather_than_ignored() {
        let mut spec = parse(SEED);
        spec.paused = Some(true);
        let err = spec.validate().unwrap_err().to_string();
        assert!(err.starts_with("spec.paused:"), "{err}");
    }

    pub const BLUE_GREEN_SEED: &str = include_str!("../../examples/bluegreen/rollout.yaml");

    fn blue_green(plan: Plan) -> BlueGreenPlan {
        plan.as_blue_green().expect("a blue-green plan").clone()
    }

    #[test]
    fn the_seeds_blue_green_rollout_validates_with_argos_defaults() {
        let plan = blue_green(parse(BLUE_GREEN_SEED).validate().unwrap());
        assert_eq!(plan.replicas, 4);
        assert_eq!(plan.active_service, "tr-web-active");
        assert_eq!(plan.preview_service.as_deref(), Some("tr-web-preview"));
        assert!(!plan.auto_promotion_enabled);
        assert_eq!(plan.auto_promotion_seconds, 0);
        assert_eq!(plan.scale_down_delay_seconds, 30);
        assert!(plan.scale_down_delay_given);
        assert_eq!(plan.abort_scale_down_delay_seconds, Some(30));
        assert_eq!(plan.preview_replica_count, None);
        assert!(plan.pre_promotion_analysis.is_some() && plan.post_promotion_analysis.is_some());
        assert!(!plan.preview_after_available);
        // Argo's defaults when nothing is written.
        let bare = "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: bg}\nspec:\n  template: {spec: {containers: []}}\n  strategy:\n    blueGreen:\n      activeService: a\n      abortScaleDownDelaySeconds: 0\n";
        let plan = blue_green(parse(bare).validate().unwrap());
        assert!(plan.auto_promotion_enabled);
        assert_eq!(plan.scale_down_delay_seconds, 30);
        assert!(!plan.scale_down_delay_given);
        assert_eq!(
            plan.abort_scale_down_delay_seconds, None,
            "0 keeps the preview up"
        );
        assert_eq!(plan.replicas, 1);
    }

    #[test]
    fn blue_green_errors_name_their_field() {
        let with = |extra: &str| {
            let yaml = BLUE_GREEN_SEED.replace(
                "      autoPromotionEnabled: false\n",
                &format!("      autoPromotionEnabled: false\n{extra}"),
            );
            parse(&yaml).validate().unwrap_err().to_string()
        };
        assert_eq!(
            with("      antiAffinity: {}\n"),
            "spec.strategy.blueGreen.antiAffinity: is not supported by kubectl-rollouts yet"
        );
        assert_eq!(
            with("      previewReplicaCount: 5\n"),
            "spec.strategy.blueGreen.previewReplicaCount: must not be more than spec.replicas (4)"
        );
        assert_eq!(
            with("      autoPromotionSeconds: -1\n"),
            "spec.strategy.blueGreen.autoPromotionSeconds: must not be negative"
        );
        let no_active = BLUE_GREEN_SEED.replace("      activeService: tr-web-active\n", "");
        assert_eq!(
            parse(&no_active).validate().unwrap_err().to_string(),
            "spec.strategy.blueGreen.activeService: required"
        );
        let bad_analysis = BLUE_GREEN_SEED.replace(
            "        - templateName: bluegreen-smoke-test\n",
            "        - template: bluegreen-smoke-test\n",
        );
        let err = parse(&bad_analysis).validate().unwrap_err().to_string();
        assert!(
            err.starts_with(
                "spec.strategy.blueGreen.prePromotionAnalysis.templates[0].template: unknown field; did you mean spec.strategy.blueGreen.prePromotionAnalysis.templates[0].templateName?"
            ),
            "{err}"
        );
    }

    #[test]
    fn rollout_fields_are_checked_against_argos_schema() {
        let typo = BLUE_GREEN_SEED.replace("activeService:", "activeServcie:");
        assert_eq!(
            parse(&typo).validate().unwrap_err().to_string(),
            "spec.strategy.blueGreen.activeServcie: unknown field; did you mean spec.strategy.blueGreen.activeService?"
        );
        let mut spec = parse(BLUE_GREEN_SEED);
        spec.strategy
            .blue_green
            .as_mut()
            .unwrap()
            .other
            .insert("antiAfinity".into(), serde_json::json!({}));
        assert_eq!(
            spec.validate().unwrap_err().to_string(),
            "spec.strategy.blueGreen.antiAfinity: unknown field; did you mean spec.strategy.blueGreen.antiAffinity?"
        );
    }

    #[test]
    fn the_preview_annotation_is_read_and_checked() {
        let mut ro: Rollout = serde_saphyr::from_str(BLUE_GREEN_SEED).unwrap();
        assert!(!blue_green(ro.plan().unwrap()).preview_after_available);
        let set = |ro: &mut Rollout, v: &str| {
            ro.metadata.annotations = Some(BTreeMap::from([(
                PREVIEW_AFTER_AVAILABLE.to_string(),
                v.to_string(),
            )]));
        };
        set(&mut ro, "true");
        assert!(blue_green(ro.plan().unwrap()).preview_after_available);
        set(&mut ro, "yes");
        assert_eq!(
            ro.plan().unwrap_err().to_string(),
            "metadata.annotations[rollouts.kubectl-rollouts.io/preview-after-available]: must be \"true\" or \"false\", not \"yes\""
        );
        let mut canary: Rollout = serde_saphyr::from_str(SEED).unwrap();
        set(&mut canary, "true");
        assert!(
            canary
                .plan()
                .unwrap_err()
                .to_string()
                .ends_with("applies to the blueGreen strategy only")
        );
    }

    #[test]
    fn blue_green_status_round_trips_with_argo_field_names() {
        let json = serde_json::json!({
            "canary": {},
            "blueGreen": {"activeSelector": "abc", "previewSelector": "def",
                "scaleUpPreviewCheckPoint": true,
                "prePromotionAnalysisRunStatus": {"name": "r-def-pre", "status": "Successful"}},
            "pauseConditions": [{"reason": "BlueGreenPause", "startTime": "2026-01-01T00:00:00Z"}],
        });
        let status: RolloutStatus = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(status.blue_green.active_selector.as_deref(), Some("abc"));
        assert_eq!(serde_json::to_value(&status).unwrap(), json);
    }

    #[test]
    fn unsupported_canary_fields_are_named() {
        let yaml = SEED.replace(
            "      canaryService: tr-web-canary\n",
            "      canaryService: tr-web-canary\n      dynamicStableScale: true\n",
        );
        let err = parse(&yaml).validate().unwrap_err().to_string();
        assert!(
            err.starts_with("spec.strategy.canary.dynamicStableScale:"),
            "{err}"
        );
    }

    #[test]
    fn status_round_trips_with_argo_field_names() {
        let json = serde_json::json!({
            "currentStepIndex": 1,
            "pauseConditions": [{"reason": "CanaryPauseStep", "startTime": "2026-01-01T00:00:00Z"}],
            "controllerPause": true,
            "stableRS": "abc",
            "currentPodHash": "def",
            "observedGeneration": "3",
            "canary": {"weights": {"canary": {"podTemplateHash": "def", "weight": 5, "serviceName": "c"},
                                   "stable": {"podTemplateHash": "abc", "weight": 95, "serviceName": "s"}}}
        });
        let status: RolloutStatus = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(status.current_step_index, Some(1));
        assert_eq!(status.stable_rs.as_deref(), Some("abc"));
        assert_eq!(serde_json::to_value(&status).unwrap(), json);
    }
}
