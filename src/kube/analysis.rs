//! AnalysisRuns of a Rollout: checking its analysis before anything changes, creating the runs
//! the step machine asks for, and reading them back as the engine's plain phases.

use std::collections::BTreeMap;

use kube::Client;

use crate::analysis::build::{RolloutContext, RunKind, build_run, run_labels};
use crate::analysis::run;
use crate::error::Error;
use crate::spec::analysis::AnalysisRun;
use crate::spec::rollout::{CanaryPlan, Rollout, Step, rollout_analysis};

/// The analysis blocks of a plan with their field paths: each analysis step, then the
/// background analysis.
pub fn analyses(plan: &CanaryPlan) -> Vec<(Option<usize>, String, serde_json::Value)> {
    let mut out: Vec<_> = plan
        .steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Step::Analysis(v) => Some((
                Some(i),
                format!("spec.strategy.canary.steps[{i}].analysis"),
                v.clone(),
            )),
            _ => None,
        })
        .collect();
    if let Some(bg) = &plan.background {
        out.push((
            None,
            "spec.strategy.canary.analysis".to_string(),
            bg.analysis.clone(),
        ));
    }
    out
}

fn context<'a>(
    rollout: &'a serde_json::Value,
    stable: Option<&'a str>,
    hash: &'a str,
) -> RolloutContext<'a> {
    RolloutContext {
        rollout,
        // The first revision has no stable hash yet; its analysis never runs, check with ours.
        stable_hash: stable.or(Some(hash)),
        latest_hash: Some(hash),
    }
}

/// Checks every analysis of the Rollout (templates exist, arguments have values, conditions
/// parse) without creating anything; errors name the field.
pub async fn check(
    client: &Client,
    rollout: &Rollout,
    plan: &CanaryPlan,
    hash: &str,
) -> Result<(), Error> {
    let ns = rollout.metadata.namespace.as_deref().unwrap_or("default");
    let json = serde_json::to_value(rollout).map_err(|e| Error::Unreachable(e.to_string()))?;
    let stable = rollout.status.as_ref().and_then(|s| s.stable_rs.as_deref());
    for (step, path, value) in analyses(plan) {
        let analysis = rollout_analysis(&value, &path)?;
        // A template that does not parse is named under the step that uses it.
        let templates = run::load_templates(client, ns, &analysis, &path)
            .await
            .map_err(|e| match e {
                Error::Input { .. } if !e.to_string().starts_with(&path) => {
                    Error::field(format!("{path}.templates"), e.to_string())
                }
                other => other,
            })?;
        let kind = step.map_or(RunKind::Background, |index| RunKind::Step { index });
        build_run(
            "check",
            &path,
            &analysis,
            &templates,
            &context(&json, stable, hash),
            run_labels(hash, kind),
        )?;
    }
    Ok(())
}

/// Creates (or resumes) the run `name` for analysis step `step` (None: background).
pub async fn create(
    client: &Client,
    rollout: &Rollout,
    plan: &CanaryPlan,
    name: &str,
    step: Option<usize>,
    hash: &str,
) -> Result<AnalysisRun, Error> {
    let (_, path, value) = analyses(plan)
        .into_iter()
        .find(|(s, _, _)| *s == step)
        .ok_or_else(|| {
            Error::field(
                "spec.strategy.canary",
                format!("no analysis for run {name}"),
            )
        })?;
    let analysis = rollout_analysis(&value, &path)?;
    let json = serde_json::to_value(rollout).map_err(|e| Error::Unreachable(e.to_string()))?;
    let stable = rollout.status.as_ref().and_then(|s| s.stable_rs.as_deref());
    let kind = step.map_or(RunKind::Background, |index| RunKind::Step { index });
    run::start(
        client,
        name,
        &path,
        &analysis,
        &context(&json, stable, hash),
        run_labels(hash, kind),
    )
    .await
}

/// The engine's view of the runs: name -> phase, name -> message.
pub fn phases(runs: &[AnalysisRun]) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let mut phases = BTreeMap::new();
    let mut messages = BTreeMap::new();
    for r in runs {
        let name = r.metadata.name.clone().unwrap_or_default();
        let (phase, message) = match &r.status {
            Some(s) => (s.phase.as_str().to_string(), s.message.clone()),
            None => ("Pending".to_string(), String::new()),
        };
        phases.insert(name.clone(), phase);
        messages.insert(name, message);
    }
    (phases, messages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::analysis::template_from_yaml;

    /// The seed's Rollout with its analysis steps and the seed's template: the first analysis
    /// step builds a run; the second names no `service-name` and is refused by its path.
    #[test]
    fn the_seed_rollouts_analysis_steps_are_checked_by_path() {
        let ro: Rollout =
            serde_saphyr::from_str(include_str!("../../examples/canary/rollout-analysis.yaml"))
                .unwrap();
        let plan = ro.spec.validate().unwrap();
        let template = template_from_yaml(include_str!(
            "../../examples/analysis/canary-success-rate.yaml"
        ))
        .unwrap();
        let json = serde_json::to_value(&ro).unwrap();
        let build = |step: usize| {
            let (_, path, value) = analyses(&plan)
                .into_iter()
                .find(|(s, _, _)| *s == Some(step))
                .unwrap();
            let analysis = rollout_analysis(&value, &path).unwrap();
            build_run(
                "tr-web-abc-2",
                &path,
                &analysis,
                std::slice::from_ref(&template),
                &context(&json, Some("aaa"), "abc"),
                run_labels("abc", RunKind::Step { index: step }),
            )
        };
        let run = build(2).unwrap();
        assert_eq!(run.spec.args[0].value.as_deref(), Some("tr-web-canary"));
        assert_eq!(
            build(5).unwrap_err().to_string(),
            "spec.strategy.canary.steps[5].analysis.args: argument \"service-name\" has no value; \
             give it in the rollout's analysis args"
        );
    }
}
