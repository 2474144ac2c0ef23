//! Building an `AnalysisRun` for a Rollout's analysis step or background analysis, from its
//! templates and arguments (pure: the caller fetched the templates and the Rollout).
//!
//! As Argo does: the templates' metrics are concatenated (a name used twice is an error), their
//! declared arguments merged, and the Rollout's arguments (`value`, `valueFrom.fieldRef`,
//! `valueFrom.podTemplateHashValue`) fill them. Arguments from Secrets
//! (`valueFrom.secretKeyRef` in a template) stay references in the run and are read at each
//! measurement, so no secret is written into the run. An argument with no value is an error
//! here, before the rollout changes anything.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};

use crate::error::Error;
use crate::spec::analysis::{
    API_VERSION, AnalysisRun, AnalysisRunSpec, AnalysisTemplate, AnalysisTemplateSpec, Argument,
    RolloutAnalysis, resolve_metrics,
};

/// What the Rollout contributes to a run's arguments and ownership.
#[derive(Debug, Clone)]
pub struct RolloutContext<'a> {
    /// The Rollout object as JSON (for `fieldRef`, name, uid, namespace); for a flag rollout,
    /// its ConfigMap.
    pub rollout: &'a serde_json::Value,
    pub stable_hash: Option<&'a str>,
    pub latest_hash: Option<&'a str>,
}

/// The run for `analysis` (at `path`, e.g. `spec.strategy.canary.steps[2].analysis`), named
/// `name`, owned by the Rollout. `templates` are in the order of `analysis.templates`.
pub fn build_run(
    name: &str,
    path: &str,
    analysis: &RolloutAnalysis,
    templates: &[AnalysisTemplate],
    ctx: &RolloutContext<'_>,
    labels: BTreeMap<String, String>,
) -> Result<AnalysisRun, Error> {
    let mut metrics = Vec::new();
    let mut declared: Vec<Argument> = Vec::new();
    let mut dry_run = analysis.dry_run.clone();
    let mut retention = analysis.measurement_retention.clone();
    for (i, template) in templates.iter().enumerate() {
        let tpath = format!("{path}.templates[{i}]");
        for metric in &template.spec.metrics {
            if metrics
                .iter()
                .any(|m: &crate::spec::analysis::Metric| m.name == metric.name)
            {
                return Err(Error::field(
                    tpath,
                    format!(
                        "metric {:?} is defined by more than one template",
                        metric.name
                    ),
                ));
            }
            metrics.push(metric.clone());
        }
        for arg in &template.spec.args {
            match declared.iter_mut().find(|a| a.name == arg.name) {
                None => declared.push(arg.clone()),
                Some(existing) => {
                    // Argo: a value given by one template fills an argument another declares.
                    if existing.value.is_none() && existing.value_from.is_none() {
                        *existing = arg.clone();
                    }
                }
            }
        }
        dry_run.extend(template.spec.dry_run.iter().cloned());
        retention.extend(template.spec.measurement_retention.iter().cloned());
    }

    for (i, arg) in analysis.args.iter().enumerate() {
        let apath = format!("{path}.args[{i}]");
        let value = rollout_arg_value(arg, ctx, &apath)?;
        match declared.iter_mut().find(|a| a.name == arg.name) {
            Some(d) => {
                d.value = Some(value);
                d.value_from = None;
            }
            None => {
                return Err(Error::field(
                    format!("{apath}.name"),
                    format!("argument {:?} is not declared by any template", arg.name),
                ));
            }
        }
    }
    for arg in &declared {
        if arg.value.is_none() && arg.value_from.is_none() {
            return Err(Error::field(
                format!("{path}.args"),
                format!(
                    "argument {:?} has no value; give it in the rollout's analysis args",
                    arg.name
                ),
            ));
        }
        if let Some(vf) = &arg.value_from
            && vf.secret_key_ref.is_none()
        {
            return Err(Error::field(
                format!("{path}.args"),
                format!(
                    "argument {:?}: a template argument can only come from a Secret (valueFrom.secretKeyRef)",
                    arg.name
                ),
            ));
        }
    }

    let spec = AnalysisRunSpec {
        metrics,
        args: declared,
        terminate: false,
        dry_run,
        measurement_retention: retention,
    };
    // Validate now with stand-ins for secrets, so a bad condition stops the rollout before it
    // changes anything rather than at the first measurement.
    let stand_ins: BTreeMap<String, String> = spec
        .args
        .iter()
        .map(|a| {
            (
                a.name.clone(),
                a.value.clone().unwrap_or_else(|| "x".into()),
            )
        })
        .collect();
    resolve_metrics(&template_spec(&spec), &stand_ins)
        .map_err(|e| prefix_field(e, &format!("{path} (templates)")))?;

    let rollout = ctx.rollout;
    let str_at = |p: &str| {
        rollout
            .pointer(p)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    // The owner is the Rollout, or the ConfigMap of a flag rollout (its own apiVersion and kind).
    let owner = OwnerReference {
        api_version: str_at("/apiVersion").unwrap_or_else(|| API_VERSION.into()),
        kind: str_at("/kind").unwrap_or_else(|| "Rollout".into()),
        name: str_at("/metadata/name").unwrap_or_default(),
        uid: str_at("/metadata/uid").unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    };
    Ok(AnalysisRun {
        api_version: API_VERSION.into(),
        kind: "AnalysisRun".into(),
        metadata: ObjectMeta {
            name: Some(name.into()),
            namespace: str_at("/metadata/namespace"),
            labels: Some(labels),
            owner_references: Some(vec![owner]),
            ..Default::default()
        },
        spec,
        status: None,
    })
}

/// Which analysis of a Rollout a run belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// `steps[index].analysis`: blocks the step.
    Step { index: usize },
    /// `canary.analysis`: runs alongside the steps.
    Background,
    /// `blueGreen.prePromotionAnalysis`: gates the switch of the active Service.
    PrePromotion,
    /// `blueGreen.postPromotionAnalysis`: runs after the switch.
    PostPromotion,
}

/// Argo's run names: `<rollout>-<podHash>-<revision>-<stepIndex>` for a step,
/// `<rollout>-<podHash>-<revision>` for background analysis, `...-pre` / `...-post` for
/// blue-green promotion analysis.
pub fn run_name(rollout: &str, pod_hash: &str, revision: &str, kind: RunKind) -> String {
    match kind {
        RunKind::Step { index } => format!("{rollout}-{pod_hash}-{revision}-{index}"),
        RunKind::Background => format!("{rollout}-{pod_hash}-{revision}"),
        RunKind::PrePromotion => format!("{rollout}-{pod_hash}-{revision}-pre"),
        RunKind::PostPromotion => format!("{rollout}-{pod_hash}-{revision}-post"),
    }
}

/// Argo's labels on a run: `rollout-type` and `rollouts-pod-template-hash`.
pub fn run_labels(pod_hash: &str, kind: RunKind) -> BTreeMap<String, String> {
    let kind = match kind {
        RunKind::Step { .. } => "Step",
        RunKind::Background => "Background",
        RunKind::PrePromotion => "PrePromotion",
        RunKind::PostPromotion => "PostPromotion",
    };
    BTreeMap::from([
        ("rollout-type".to_string(), kind.to_string()),
        (
            "rollouts-pod-template-hash".to_string(),
            pod_hash.to_string(),
        ),
    ])
}

/// A run's spec viewed as a template spec, for resolving its metrics.
pub fn template_spec(spec: &AnalysisRunSpec) -> AnalysisTemplateSpec {
    AnalysisTemplateSpec {
        metrics: spec.metrics.clone(),
        args: spec.args.clone(),
        dry_run: spec.dry_run.clone(),
        measurement_retention: spec.measurement_retention.clone(),
    }
}

fn prefix_field(e: Error, prefix: &str) -> Error {
    match e {
        Error::Input {
            mut location,
            message,
        } => {
            location.field = Some(match location.field {
                Some(f) => format!("{prefix}: {f}"),
                None => prefix.to_string(),
            });
            Error::Input { location, message }
        }
        other => other,
    }
}

fn rollout_arg_value(
    arg: &crate::spec::analysis::AnalysisRunArgument,
    ctx: &RolloutContext<'_>,
    path: &str,
) -> Result<String, Error> {
    match (&arg.value, &arg.value_from) {
        (Some(_), Some(_)) => Err(Error::field(path, "has both value and valueFrom")),
        (Some(v), None) => Ok(v.clone()),
        (None, None) => Err(Error::field(path, "needs value or valueFrom")),
        (None, Some(vf)) => match (&vf.pod_template_hash_value, &vf.field_ref) {
            (Some(which), None) => {
                let hash = match which.as_str() {
                    "Stable" => ctx.stable_hash,
                    "Latest" => ctx.latest_hash,
                    other => {
                        return Err(Error::field(
                            format!("{path}.valueFrom.podTemplateHashValue"),
                            format!("expected Stable or Latest, got {other:?}"),
                        ));
                    }
                };
                hash.map(str::to_string).ok_or_else(|| {
                    Error::field(
                        format!("{path}.valueFrom.podTemplateHashValue"),
                        format!("the rollout has no {which} pod-template hash yet"),
                    )
                })
            }
            (None, Some(field)) => field_value(ctx.rollout, &field.field_path).ok_or_else(|| {
                Error::field(
                    format!("{path}.valueFrom.fieldRef.fieldPath"),
                    format!("{:?} is not a field of the rollout", field.field_path),
                )
            }),
            _ => Err(Error::field(
                format!("{path}.valueFrom"),
                "expected exactly one of podTemplateHashValue and fieldRef",
            )),
        },
    }
}

/// Looks up `metadata.labels['app']`, `metadata.name`, `spec.replicas` in an object; scalars
/// become strings.
pub fn field_value(object: &serde_json::Value, path: &str) -> Option<String> {
    let mut current = object;
    for segment in split_path(path)? {
        current = current.get(segment.as_str())?;
    }
    match current {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn split_path(path: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = path.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let quote = after.chars().next()?;
            if quote != '\'' && quote != '"' {
                return None;
            }
            let inner = &after[1..];
            let end = inner.find(quote)?;
            out.push(inner[..end].to_string());
            rest = inner[end + 1..].strip_prefix(']')?;
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            if end > 0 {
                out.push(rest[..end].to_string());
            }
            rest = &rest[end..];
        }
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::analysis::{
        AnalysisRunArgument, AnalysisTemplateRef, ArgumentValueFrom, FieldRef, template_from_yaml,
    };

    fn seed(name: &str) -> AnalysisTemplate {
        let text = match name {
            "canary-success-rate" => {
                include_str!("../../examples/analysis/canary-success-rate.yaml")
            }
            _ => include_str!("../../examples/analysis/error-budget-gate.yaml"),
        };
        template_from_yaml(text).unwrap()
    }

    fn rollout() -> serde_json::Value {
        serde_json::json!({
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
            "metadata": {"name": "web", "namespace": "prod", "uid": "u-1",
                         "labels": {"app.kubernetes.io/name": "tr-web"}},
            "spec": {"replicas": 4}
        })
    }

    fn step(args: Vec<AnalysisRunArgument>) -> RolloutAnalysis {
        RolloutAnalysis {
            templates: vec![
                AnalysisTemplateRef {
                    template_name: "canary-success-rate".into(),
                    cluster_scope: false,
                },
                AnalysisTemplateRef {
                    template_name: "error-budget-gate".into(),
                    cluster_scope: false,
                },
            ],
            args,
            ..Default::default()
        }
    }

    fn arg(name: &str, value: &str) -> AnalysisRunArgument {
        AnalysisRunArgument {
            name: name.into(),
            value: Some(value.into()),
            value_from: None,
        }
    }

    #[test]
    fn two_templates_in_one_step_become_one_run_owned_by_the_rollout() {
        let r = rollout();
        let ctx = RolloutContext {
            rollout: &r,
            stable_hash: Some("abc"),
            latest_hash: Some("def"),
        };
        let run = build_run(
            "web-def-2",
            "spec.strategy.canary.steps[2].analysis",
            &step(vec![arg("service-name", "tr-web-canary")]),
            &[seed("canary-success-rate"), seed("error-budget-gate")],
            &ctx,
            BTreeMap::new(),
        )
        .unwrap();
        let names: Vec<_> = run.spec.metrics.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["success-rate", "error-budget-remaining"]);
        assert_eq!(run.spec.args[0].value.as_deref(), Some("tr-web-canary"));
        let owner = &run.metadata.owner_references.as_ref().unwrap()[0];
        assert_eq!(
            (owner.kind.as_str(), owner.name.as_str(), owner.uid.as_str()),
            ("Rollout", "web", "u-1")
        );
        assert_eq!(run.metadata.namespace.as_deref(), Some("prod"));
    }

    #[test]
    fn a_missing_argument_fails_before_anything_is_created() {
        let r = rollout();
        let ctx = RolloutContext {
            rollout: &r,
            stable_hash: None,
            latest_hash: None,
        };
        let err = build_run(
            "x",
            "spec.strategy.canary.steps[2].analysis",
            &step(vec![]),
            &[seed("canary-success-rate")],
            &ctx,
            BTreeMap::new(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "spec.strategy.canary.steps[2].analysis.args: argument \"service-name\" has no value; give it in the rollout's analysis args"
        );
    }

    #[test]
    fn arguments_from_pod_template_hashes_and_rollout_fields() {
        let r = rollout();
        let ctx = RolloutContext {
            rollout: &r,
            stable_hash: Some("abc"),
            latest_hash: Some("def"),
        };
        let from = |hash: Option<&str>, field: Option<&str>| AnalysisRunArgument {
            name: "service-name".into(),
            value: None,
            value_from: Some(ArgumentValueFrom {
                pod_template_hash_value: hash.map(Into::into),
                field_ref: field.map(|f| FieldRef {
                    field_path: f.into(),
                }),
            }),
        };
        let value = |a: AnalysisRunArgument| {
            build_run(
                "x",
                "a",
                &step(vec![a]),
                &[seed("canary-success-rate")],
                &ctx,
                BTreeMap::new(),
            )
            .map(|run| run.spec.args[0].value.clone().unwrap())
        };
        assert_eq!(value(from(Some("Stable"), None)).unwrap(), "abc");
        assert_eq!(value(from(Some("Latest"), None)).unwrap(), "def");
        assert_eq!(
            value(from(
                None,
                Some("metadata.labels['app.kubernetes.io/name']")
            ))
            .unwrap(),
            "tr-web"
        );
        assert_eq!(value(from(None, Some("spec.replicas"))).unwrap(), "4");
        let err = value(from(None, Some("spec.nope")))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"spec.nope\" is not a field of the rollout"),
            "{err}"
        );
    }

    #[test]
    fn runs_are_named_and_labelled_as_argo_names_them() {
        assert_eq!(
            run_name("web", "6f9c", "3", RunKind::Step { index: 2 }),
            "web-6f9c-3-2"
        );
        assert_eq!(
            run_name("web", "6f9c", "3", RunKind::Background),
            "web-6f9c-3"
        );
        let labels = run_labels("6f9c", RunKind::Background);
        assert_eq!(labels["rollout-type"], "Background");
        assert_eq!(labels["rollouts-pod-template-hash"], "6f9c");
    }

    #[test]
    fn the_same_metric_in_two_templates_is_an_error() {
        let r = rollout();
        let ctx = RolloutContext {
            rollout: &r,
            stable_hash: None,
            latest_hash: None,
        };
        let t = seed("error-budget-gate");
        let err = build_run(
            "x",
            "a",
            &step(vec![]),
            &[t.clone(), t],
            &ctx,
            BTreeMap::new(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("defined by more than one template")
        );
    }
}
