//! Analysis objects in the cluster, the only analysis code that calls the Kubernetes API:
//! reading AnalysisTemplates / ClusterAnalysisTemplates, checking a Rollout's analysis before
//! anything changes, and the AnalysisRuns a driver creates and steps.
//!
//! The driver calls [`create`] when the step machine asks for a run, then [`step`] whenever it
//! wakes up: `step` takes at most one due measurement per metric, writes it into the run's
//! status straight away, and returns the run's phase and when to wake up next. Everything is
//! recomputed from the stored status, so a driver that crashes and restarts continues the
//! count. [`terminate`] stops a run (step left, rollout aborted).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use k8s_openapi::api::core::v1::Secret;
use kube::Client;
use kube::api::{Api, ApiResource, DynamicObject, Patch, PatchParams, PostParams};

use crate::analysis::build::{RolloutContext, RunKind, build_run, run_labels, template_spec};
use crate::analysis::judge;
use crate::analysis::measure::{self, Addresses, Taken};
use crate::cli::GlobalArgs;
use crate::error::Error;
use crate::spec::analysis::{
    AnalysisRun, AnalysisRunStatus, AnalysisTemplate, Phase, RolloutAnalysis, resolve_metrics,
};
use crate::spec::rollout::{Plan, Rollout, Step, rollout_analysis};

pub const GROUP: &str = "argoproj.io";
pub const VERSION: &str = "v1alpha1";

/// The API resource of an Argo kind (`AnalysisTemplate` -> `analysistemplates`).
pub fn resource(kind: &str) -> ApiResource {
    ApiResource {
        group: GROUP.into(),
        version: VERSION.into(),
        api_version: format!("{GROUP}/{VERSION}"),
        kind: kind.into(),
        plural: format!("{}s", kind.to_lowercase()),
    }
}

/// Maps API errors with the one rule of `client::kube_error`: a refusal (403, 422) is exit 1,
/// only a server that cannot be reached is exit 4. Callers handle 404 themselves.
pub fn unreachable(e: kube::Error) -> Error {
    crate::client::kube_error(e, "Kubernetes API")
}

/// `get_opt` that also reads a 404 for the kind itself (CRD not installed) as "not there".
pub async fn get_if_there(
    api: &Api<DynamicObject>,
    name: &str,
) -> Result<Option<DynamicObject>, Error> {
    match api.get_opt(name).await {
        Ok(found) => Ok(found),
        Err(kube::Error::Api(status)) if status.code == 404 => Ok(None),
        Err(e) => Err(unreachable(e)),
    }
}

/// Reads an AnalysisTemplate from the namespace, else a ClusterAnalysisTemplate of that name.
pub fn load_template(global: &GlobalArgs, name: &str) -> anyhow::Result<AnalysisTemplate> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let crate::client::Cluster { client, namespace } = crate::client::connect(global).await?;
        let namespaced: Api<DynamicObject> =
            Api::namespaced_with(client.clone(), &namespace, &resource("AnalysisTemplate"));
        let object = match get_if_there(&namespaced, name).await? {
            Some(o) => o,
            None => {
                let cluster: Api<DynamicObject> =
                    Api::all_with(client, &resource("ClusterAnalysisTemplate"));
                get_if_there(&cluster, name).await?.ok_or_else(|| {
                    Error::flag(
                        "TEMPLATE",
                        format!(
                            "no AnalysisTemplate {name:?} in namespace {namespace:?} and no ClusterAnalysisTemplate {name:?}"
                        ),
                    )
                })?
            }
        };
        from_object(object, name)
    })
}

/// Converts a fetched object into a template, with the object named in errors.
pub fn from_object(object: DynamicObject, name: &str) -> anyhow::Result<AnalysisTemplate> {
    let mut value = serde_json::to_value(&object)?;
    if let Some(map) = value.as_object_mut() {
        map.remove("status");
    }
    let template = crate::spec::analysis::template_from_json(&value)
        .map_err(|e| e.in_file(format!("analysistemplate/{name}")))?;
    Ok(template)
}

/// What a driver needs to know after a step.
#[derive(Debug, Clone)]
pub struct Stepped {
    /// The run as stored after this step.
    pub run: AnalysisRun,
    pub phase: Phase,
    /// For a Failed/Error/Inconclusive run: which metric, with which values, after how many
    /// measurements (`success-rate: 0.93 < 0.99, 3 of 5 failed, failureLimit 2`).
    pub message: String,
    /// When to call `step` again (`None` once the run is finished).
    pub next_at: Option<DateTime<Utc>>,
    /// The measurements taken in this step, with their queries, for printing.
    pub taken: Vec<(String, Taken)>,
}

impl Stepped {
    /// What the rollout does now: wait, continue, abort, or pause (Inconclusive).
    pub fn action(&self) -> judge::RolloutAction {
        judge::rollout_action(self.phase, &self.message, self.next_at)
    }
}

/// The AnalysisRuns of a namespace.
pub fn runs(client: &Client, namespace: &str) -> Api<DynamicObject> {
    Api::namespaced_with(client.clone(), namespace, &resource("AnalysisRun"))
}

pub fn to_run(object: DynamicObject) -> Result<AnalysisRun, Error> {
    let value = serde_json::to_value(object).map_err(|e| Error::Unreachable(e.to_string()))?;
    serde_json::from_value(value).map_err(|e| Error::Input {
        location: Default::default(),
        message: format!("stored AnalysisRun does not parse: {e}"),
    })
}

/// Reads the templates a Rollout's analysis names (AnalysisTemplate in the namespace, or
/// ClusterAnalysisTemplate with `clusterScope: true`). A missing template is an input error
/// at `path.templates[i]`.
pub async fn load_templates(
    client: &Client,
    namespace: &str,
    analysis: &RolloutAnalysis,
    path: &str,
) -> Result<Vec<AnalysisTemplate>, Error> {
    let mut out = Vec::new();
    for (i, t) in analysis.templates.iter().enumerate() {
        let api: Api<DynamicObject> = if t.cluster_scope {
            Api::all_with(client.clone(), &resource("ClusterAnalysisTemplate"))
        } else {
            Api::namespaced_with(client.clone(), namespace, &resource("AnalysisTemplate"))
        };
        let object = get_if_there(&api, &t.template_name)
            .await?
            .ok_or_else(|| template_not_found(path, i, t, namespace))?;
        let template =
            from_object(object, &t.template_name).map_err(|e| match e.downcast::<Error>() {
                Ok(err) => err,
                Err(other) => Error::Unreachable(format!("{other:#}")),
            })?;
        out.push(template);
    }
    Ok(out)
}

/// `path.templates[i]` names a template that is not there (in `namespace`, or cluster-wide).
pub fn template_not_found(
    path: &str,
    i: usize,
    t: &crate::spec::analysis::AnalysisTemplateRef,
    namespace: &str,
) -> Error {
    let kind = if t.cluster_scope {
        "ClusterAnalysisTemplate"
    } else {
        "AnalysisTemplate"
    };
    Error::field(
        format!("{path}.templates[{i}].templateName"),
        format!("{kind} {:?} not found in {namespace:?}", t.template_name),
    )
}

/// Creates the run for a Rollout's analysis (or returns the existing one of that name, so a
/// restarted driver resumes it). Validation (missing arguments, bad conditions) happens
/// before anything is created.
pub async fn start(
    client: &Client,
    name: &str,
    path: &str,
    analysis: &RolloutAnalysis,
    ctx: &RolloutContext<'_>,
    labels: BTreeMap<String, String>,
) -> Result<AnalysisRun, Error> {
    let namespace = ctx
        .rollout
        .pointer("/metadata/namespace")
        .and_then(|v| v.as_str())
        .unwrap_or("default")
        .to_string();
    let api = runs(client, &namespace);
    if let Some(existing) = api.get_opt(name).await.map_err(unreachable)? {
        return to_run(existing);
    }
    let templates = load_templates(client, &namespace, analysis, path).await?;
    let run = build_run(name, path, analysis, &templates, ctx, labels)?;
    let object: DynamicObject = serde_json::from_value(
        serde_json::to_value(&run).map_err(|e| Error::Unreachable(e.to_string()))?,
    )
    .map_err(|e| Error::Unreachable(e.to_string()))?;
    match api.create(&PostParams::default(), &object).await {
        Ok(created) => to_run(created),
        Err(kube::Error::Api(status)) if status.code == 409 => {
            to_run(api.get(name).await.map_err(unreachable)?)
        }
        Err(e) => Err(unreachable(e)),
    }
}

/// The runs owned by the Rollout with this uid (none when the AnalysisRun kind is not
/// installed), by name.
pub async fn list_owned(
    client: &Client,
    namespace: &str,
    owner_uid: &str,
) -> Result<Vec<AnalysisRun>, Error> {
    let list = match runs(client, namespace)
        .list(&kube::api::ListParams::default())
        .await
    {
        Ok(l) => l,
        Err(kube::Error::Api(status)) if status.code == 404 => return Ok(Vec::new()),
        Err(e) => return Err(unreachable(e)),
    };
    owned_runs(list.items, owner_uid)
}

/// A run as the API object it is (for the driver's mirror of runs).
pub fn to_object(run: &AnalysisRun) -> Option<DynamicObject> {
    serde_json::to_value(run)
        .ok()
        .and_then(|v| serde_json::from_value(v).ok())
}

/// The runs among `objects` owned by the Rollout with this uid, by name.
pub fn owned_runs(objects: Vec<DynamicObject>, owner_uid: &str) -> Result<Vec<AnalysisRun>, Error> {
    let mut out = Vec::new();
    for object in objects {
        let owned = object
            .metadata
            .owner_references
            .iter()
            .flatten()
            .any(|o| o.uid == owner_uid);
        if owned {
            out.push(to_run(object)?);
        }
    }
    out.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
    Ok(out)
}

/// Deletes a run (gone already is fine).
pub async fn delete(client: &Client, namespace: &str, name: &str) -> Result<(), Error> {
    match runs(client, namespace)
        .delete(name, &kube::api::DeleteParams::default())
        .await
    {
        Ok(_) => Ok(()),
        Err(kube::Error::Api(status)) if status.code == 404 => Ok(()),
        Err(e) => Err(unreachable(e)),
    }
}

/// Reads a run by name.
pub async fn get(client: &Client, namespace: &str, name: &str) -> Result<AnalysisRun, Error> {
    to_run(
        runs(client, namespace)
            .get(name)
            .await
            .map_err(unreachable)?,
    )
}

/// Asks a run to stop (`spec.terminate`): the next `step` takes no more measurements and
/// finishes it; metrics that have not failed succeed. Returns the run as stored.
pub async fn terminate(client: &Client, namespace: &str, name: &str) -> Result<AnalysisRun, Error> {
    let object = runs(client, namespace)
        .patch(
            name,
            &PatchParams::default(),
            &Patch::Merge(serde_json::json!({"spec": {"terminate": true}})),
        )
        .await
        .map_err(unreachable)?;
    to_run(object)
}

/// Resolves the run's arguments, reading `valueFrom.secretKeyRef` from Secrets. Returns the
/// values and the secret values (to redact from messages).
async fn resolve_run_args(
    client: &Client,
    namespace: &str,
    run: &AnalysisRun,
) -> Result<(BTreeMap<String, String>, Vec<String>), Error> {
    let secrets: Api<Secret> = Api::namespaced(client.clone(), namespace);
    let mut values = BTreeMap::new();
    let mut secret_values = Vec::new();
    for arg in &run.spec.args {
        if let Some(v) = &arg.value {
            values.insert(arg.name.clone(), v.clone());
        } else if let Some(r) = arg
            .value_from
            .as_ref()
            .and_then(|v| v.secret_key_ref.as_ref())
        {
            let secret = secrets.get(&r.name).await.map_err(|e| match e {
                kube::Error::Api(s) if s.code == 404 => Error::field(
                    format!("spec.args[{}]", arg.name),
                    format!("Secret {:?} not found", r.name),
                ),
                other => unreachable(other),
            })?;
            let bytes = secret
                .data
                .as_ref()
                .and_then(|d| d.get(&r.key))
                .ok_or_else(|| {
                    Error::field(
                        format!("spec.args[{}]", arg.name),
                        format!("Secret {:?} has no key {:?}", r.name, r.key),
                    )
                })?;
            let text = String::from_utf8_lossy(&bytes.0).into_owned();
            secret_values.push(text.clone());
            values.insert(arg.name.clone(), text);
        }
    }
    Ok((values, secret_values))
}

/// One step of a run at `now`: takes the measurements that are due (at most one per metric),
/// writes them and the phases into the run's status, and says what happens next.
pub async fn step(
    client: &Client,
    run: &AnalysisRun,
    addresses: &Addresses,
    now: DateTime<Utc>,
) -> Result<Stepped, Error> {
    let namespace = run
        .metadata
        .namespace
        .clone()
        .unwrap_or_else(|| "default".into());
    let name = run.metadata.name.clone().unwrap_or_default();
    let mut status = run.status.clone().unwrap_or_default();
    if status.phase.is_completed() {
        return Ok(Stepped {
            run: run.clone(),
            phase: status.phase,
            message: status.message.clone(),
            next_at: None,
            taken: Vec::new(),
        });
    }
    if status.started_at.is_none() {
        status.started_at = Some(now);
        status.phase = Phase::Running;
    }
    let before = status.clone();
    let (values, secrets) = resolve_run_args(client, &namespace, run).await?;
    let metrics = match resolve_metrics(&template_spec(&run.spec), &values) {
        Ok(m) => m,
        Err(e) => {
            // As Argo: an invalid run ends in Error with the reason.
            status.phase = Phase::Error;
            status.message = format!("analysis spec invalid: {e}");
            let stored = patch_status(client, &namespace, &name, &status).await?;
            return Ok(Stepped {
                run: stored,
                phase: Phase::Error,
                message: status.message,
                next_at: None,
                taken: Vec::new(),
            });
        }
    };
    let assessment = judge::assess(&metrics, &status, run.spec.terminate, now);
    judge::apply(&metrics, &mut status, &assessment);
    let mut taken = Vec::new();
    if !assessment.phase.is_completed() {
        for &i in &assessment.due {
            let mut t = measure::take(&metrics[i], addresses, now).await;
            for s in secrets.iter().filter(|s| !s.is_empty()) {
                t.measurement.message = t.measurement.message.replace(s.as_str(), "*****");
            }
            judge::record(
                &metrics[i],
                judge::result_mut(&mut status, &metrics[i]),
                t.measurement.clone(),
            );
            taken.push((metrics[i].name.clone(), t));
        }
    }
    let assessment = judge::assess(&metrics, &status, run.spec.terminate, now);
    judge::apply(&metrics, &mut status, &assessment);
    let stored = if status != before {
        patch_status(client, &namespace, &name, &status).await?
    } else {
        run.clone()
    };
    Ok(Stepped {
        run: stored,
        phase: assessment.phase,
        message: assessment.message,
        next_at: assessment.next_at,
        taken,
    })
}

async fn patch_status(
    client: &Client,
    namespace: &str,
    name: &str,
    status: &AnalysisRunStatus,
) -> Result<AnalysisRun, Error> {
    use std::sync::atomic::{AtomicBool, Ordering};
    // Argo Rollouts' own AnalysisRun CRD (and ours, which follows it) has no status subresource:
    // its controller writes the status as part of the object. There `/status` is not found,
    // and once that is seen the object itself is patched. A CRD with the subresource (an older
    // install of ours) gets `/status`.
    static NO_SUBRESOURCE: AtomicBool = AtomicBool::new(false);
    let patch = serde_json::json!({ "status": status });
    let api = runs(client, namespace);
    let whole = || async {
        api.patch(name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
            .map_err(unreachable)
    };
    let object = if NO_SUBRESOURCE.load(Ordering::Relaxed) {
        whole().await?
    } else {
        match api
            .patch_status(name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
        {
            Ok(object) => object,
            Err(kube::Error::Api(s)) if s.code == 404 => {
                // The object is there (else this fails too): the subresource is not.
                let object = whole().await?;
                NO_SUBRESOURCE.store(true, Ordering::Relaxed);
                object
            }
            Err(e) => return Err(unreachable(e)),
        }
    };
    to_run(object)
}

/// The analysis blocks of a plan with their field paths: a canary's analysis steps, then its
/// background analysis; a blue-green's pre- and post-promotion analysis.
pub fn analyses(plan: &Plan) -> Vec<(RunKind, String, serde_json::Value)> {
    match plan {
        Plan::Canary(plan) => {
            let mut out: Vec<_> = plan
                .steps
                .iter()
                .enumerate()
                .filter_map(|(i, s)| match s {
                    Step::Analysis(v) => Some((
                        RunKind::Step { index: i },
                        format!("spec.strategy.canary.steps[{i}].analysis"),
                        v.clone(),
                    )),
                    _ => None,
                })
                .collect();
            if let Some(bg) = &plan.background {
                out.push((
                    RunKind::Background,
                    "spec.strategy.canary.analysis".to_string(),
                    bg.analysis.clone(),
                ));
            }
            out
        }
        Plan::BlueGreen(plan) => [
            (
                RunKind::PrePromotion,
                "prePromotionAnalysis",
                &plan.pre_promotion_analysis,
            ),
            (
                RunKind::PostPromotion,
                "postPromotionAnalysis",
                &plan.post_promotion_analysis,
            ),
        ]
        .into_iter()
        .filter_map(|(kind, field, v)| {
            v.as_ref()
                .map(|v| (kind, format!("spec.strategy.blueGreen.{field}"), v.clone()))
        })
        .collect(),
        Plan::Flag(plan) => plan
            .steps
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s {
                crate::flags::rollout::FlagStep::Analysis(a) => Some((
                    RunKind::Step { index: i },
                    "--analysis".to_string(),
                    serde_json::to_value(a).unwrap_or_default(),
                )),
                _ => None,
            })
            .collect(),
    }
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
    plan: &Plan,
    hash: &str,
    addresses: &Addresses,
) -> Result<(), Error> {
    let ns = rollout.metadata.namespace.as_deref().unwrap_or("default");
    for (kind, path, analysis) in parsed_analyses(plan)? {
        // A template that does not parse is named under the step that uses it.
        let templates =
            load_templates(client, ns, &analysis, &path)
                .await
                .map_err(|e| match e {
                    Error::Input { .. } if !e.to_string().starts_with(&path) => {
                        Error::field(format!("{path}.templates"), e.to_string())
                    }
                    other => other,
                })?;
        let run = check_analysis(rollout, hash, (kind, &path), &analysis, &templates)?;
        addresses.check_run(&path, &run)?;
    }
    Ok(())
}

/// Every analysis of the plan, its reference parsed: kind, field path, reference.
pub fn parsed_analyses(plan: &Plan) -> Result<Vec<(RunKind, String, RolloutAnalysis)>, Error> {
    analyses(plan)
        .into_iter()
        .map(|(kind, path, value)| Ok((kind, path.clone(), rollout_analysis(&value, &path)?)))
        .collect()
}

/// Builds the run one analysis would create from its templates, to check it: arguments
/// declared and given, metrics unique, conditions valid (pure; the caller found the templates,
/// in the order of `analysis.templates`). Nothing is created.
pub fn check_analysis(
    rollout: &Rollout,
    hash: &str,
    (kind, path): (RunKind, &str),
    analysis: &RolloutAnalysis,
    templates: &[AnalysisTemplate],
) -> Result<AnalysisRun, Error> {
    let json = serde_json::to_value(rollout).map_err(|e| Error::Unreachable(e.to_string()))?;
    let stable = rollout.status.as_ref().and_then(|s| s.stable_rs.as_deref());
    build_run(
        "check",
        path,
        analysis,
        templates,
        &context(&json, stable, hash),
        run_labels(hash, kind),
    )
}

/// Creates (or resumes) the run `name` for the plan's analysis of this kind.
pub async fn create(
    client: &Client,
    rollout: &Rollout,
    plan: &Plan,
    name: &str,
    kind: RunKind,
    hash: &str,
) -> Result<AnalysisRun, Error> {
    let (_, path, value) = analyses(plan)
        .into_iter()
        .find(|(k, _, _)| *k == kind)
        .ok_or_else(|| Error::field(plan.path(), format!("no analysis for run {name}")))?;
    let analysis = rollout_analysis(&value, &path)?;
    let json = serde_json::to_value(rollout).map_err(|e| Error::Unreachable(e.to_string()))?;
    let stable = rollout.status.as_ref().and_then(|s| s.stable_rs.as_deref());
    start(
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
                .find(|(k, _, _)| *k == RunKind::Step { index: step })
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
