//! `deploy (deployment|rollout)/NAME --image C=I...`: the seed's deploy job as one command.
//! Stages (see `crate::deploy`): window check, PreSync hooks, set image, wait, smoke, analysis,
//! PostSync hooks; on a failure after the image was set, roll back to the revision live before
//! and wait for it; SyncFail hooks after any failure. Every flag and manifest is checked before
//! anything changes.

use std::path::Path;
use std::time::{Duration, Instant};

use k8s_openapi::api::apps::v1::Deployment;
use kube::api::{Patch, PatchParams};
use kube::{Api, Client};
use serde::Serialize;
use serde_json::json;

use crate::cli::{
    AnalyzeArgs, DeployArgs, GlobalArgs, RunArgs, SmokeArgs, WindowCheckArgs, WindowProjectArgs,
    WindowTargetArgs,
};
use crate::deploy::{self, Recovery, Stage, StageReport};
use crate::duration::GoDuration;
use crate::error::{Error, ExitCode};
use crate::kube::workload::{self, Waited};
use crate::kube::{FIELD_MANAGER, classify, connect, observe};
use crate::output::Context;
use crate::output::wait::WaitReporter;
use crate::workload::undo::{self, Current, Undo};
use crate::workload::{CHANGE_CAUSE, Kind, Target, parse_images, parse_target};

/// What `deploy` did, for `-o json|yaml`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    target: String,
    namespace: String,
    /// `succeeded` or `failed`.
    result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    failed_stage: Option<&'static str>,
    /// The workload's revision at the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    revision: Option<String>,
    images: Vec<String>,
    stages: Vec<StageReport>,
}

/// Everything checked up front.
struct Prepared {
    target: Target,
    images: Vec<(String, String)>,
    timeout: Duration,
    change_cause: String,
    smoke: Option<SmokeArgs>,
    analysis: Option<AnalyzeArgs>,
    window: Option<WindowCheckArgs>,
    /// The hooks of `--hooks DIR`, loaded and checked.
    hooks: Vec<crate::hooks::Hook>,
}

/// Smoke flags are named as `deploy` spells them in errors.
fn smoke_flag(err: Error) -> Error {
    match err {
        Error::Input {
            mut location,
            message,
        } => {
            location.field = location.field.map(|f| match f.as_str() {
                "URL" => "--smoke".to_string(),
                "--count" => "--smoke-count".into(),
                "--interval" => "--smoke-interval".into(),
                "--timeout" => "--smoke-timeout".into(),
                _ => f,
            });
            Error::Input { location, message }
        }
        other => other,
    }
}

fn prepare(args: &DeployArgs, global: &GlobalArgs) -> anyhow::Result<Prepared> {
    let target = parse_target("KIND/NAME", &args.target)?;
    let images = parse_images("--image", &args.image)?;
    let timeout = GoDuration::parse_flag("--timeout", &args.timeout)?;
    if timeout.is_zero() {
        return Err(Error::flag("--timeout", "must be more than 0").into());
    }
    let change_cause = match &args.change_cause {
        Some(c) if c.trim().is_empty() => {
            return Err(Error::flag("--change-cause", "must not be empty").into());
        }
        Some(c) => c.clone(),
        None => format!(
            "deploy {} by kubectl-rollouts",
            images
                .iter()
                .map(|(_, i)| i.as_str())
                .collect::<Vec<_>>()
                .join(",")
        ),
    };
    let smoke = (!args.smoke.is_empty()).then(|| SmokeArgs {
        urls: args.smoke.clone(),
        count: args.smoke_count,
        interval: args.smoke_interval.clone(),
        timeout: args.smoke_timeout.clone(),
        expect: args.expect.clone(),
        body_contains: None,
        headers: args.headers.clone(),
        method: "GET".into(),
        insecure: false,
        cacert: None,
        concurrency: 1,
        retries: 0,
    });
    if let Some(s) = &smoke {
        crate::smoke::Settings::from_args(s).map_err(smoke_flag)?;
    }
    if let Some(t) = &args.analysis {
        let looks_like_path = t.contains('/') || t.ends_with(".yaml") || t.ends_with(".yml");
        if looks_like_path && !Path::new(t).is_file() {
            return Err(Error::flag(
                "--analysis",
                format!("{t}: no such file (a name without '/' or .yaml is an AnalysisTemplate in the cluster)"),
            )
            .into());
        }
    }
    let analysis = args.analysis.as_ref().map(|t| {
        let is_file = Path::new(t).is_file();
        AnalyzeArgs {
            template: (!is_file).then(|| t.clone()),
            file: is_file.then(|| t.into()),
            args: args.args.clone(),
            prometheus: args.prometheus.clone(),
            explain: false,
        }
    });
    if let Some(a) = &analysis {
        super::analyze::validate(a, global)?;
    }
    let window = args.window_project.as_ref().map(|p| WindowCheckArgs {
        project: WindowProjectArgs {
            project: p.clone(),
            argocd_namespace: args.argocd_namespace.clone(),
        },
        target: WindowTargetArgs {
            app: args.app.clone(),
            dest_namespace: None,
            dest_cluster: None,
            manual: args.manual,
        },
        at: None,
    });
    let hooks = match &args.hooks {
        Some(dir) => crate::hooks::load_dir(dir)?,
        None => Vec::new(),
    };
    Ok(Prepared {
        hooks,
        target,
        images,
        timeout,
        change_cause,
        smoke,
        analysis,
        window,
    })
}

/// Stage bookkeeping: durations, GitHub Actions groups, the report rows.
struct Stages<'a> {
    ctx: &'a Context,
    rows: Vec<StageReport>,
}

impl Stages<'_> {
    fn run(
        &mut self,
        stage: Stage,
        body: impl FnOnce() -> anyhow::Result<(bool, String)>,
    ) -> anyhow::Result<bool> {
        if let Some(gha) = &self.ctx.gha {
            gha.group(&format!("deploy: {}", stage.name()));
        }
        eprintln!("==> {}", stage.name());
        let started = Instant::now();
        let result = body();
        if let Some(gha) = &self.ctx.gha {
            gha.end_group();
        }
        let (ok, message) = result?;
        eprintln!(
            "<== {} {} in {:.1}s{}",
            stage.name(),
            if ok { "passed" } else { "FAILED" },
            started.elapsed().as_secs_f64(),
            if message.is_empty() {
                String::new()
            } else {
                format!(": {message}")
            }
        );
        self.rows.push(StageReport {
            stage,
            result: if ok {
                deploy::Result::Passed
            } else {
                deploy::Result::Failed
            },
            seconds: started.elapsed().as_secs_f64(),
            message,
        });
        Ok(ok)
    }
}

pub fn run(args: DeployArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let p = prepare(&args, global)?;
    let rt = super::rollout::runtime()?;
    let (client, ns) = rt.block_on(connect(global))?;
    let stage_ctx = ctx.stage();
    let mut stages = Stages {
        ctx,
        rows: Vec::new(),
    };
    // The workload as it is before the deploy: its live revision is where a failure returns.
    let before = rt.block_on(read_before(&client, &ns, &p))?;
    use crate::hooks::Phase as HookPhase;
    let mut hook_opts = crate::kube::hooks::RunOptions::new(crate::hooks::operation_id(
        crate::clock::now(),
        std::process::id(),
    ));
    hook_opts.timeout = Some(p.timeout);
    hook_opts.for_workload = Some(p.target.to_string());
    // Argo CD deletes HookSucceeded/HookFailed hooks once the whole operation's result is known.
    hook_opts.delete_at_phase_end = false;
    let mut outcomes: Vec<crate::kube::hooks::PhaseOutcome> = Vec::new();

    let mut failed: Option<Stage> = None;
    let mut run = |stages: &mut Stages,
                   stage: Stage,
                   body: &mut dyn FnMut() -> anyhow::Result<(bool, String)>| {
        if failed.is_some() {
            return Ok(());
        }
        if !stages.run(stage, body)? {
            failed = Some(stage);
        }
        anyhow::Ok(())
    };

    if let Some(w) = &p.window {
        let mut w = w.clone();
        w.target.dest_namespace = Some(ns.clone());
        run(&mut stages, Stage::Window, &mut || {
            let code = super::window::check(w.clone(), global, &stage_ctx)?;
            Ok((
                code == ExitCode::Ok,
                if code == ExitCode::Ok {
                    "sync allowed".into()
                } else {
                    "the sync windows block this application now (see above)".into()
                },
            ))
        })?;
    }
    if has_phase(&p, HookPhase::PreSync) {
        run(&mut stages, Stage::PreSync, &mut || {
            hook_phase(
                &rt,
                &client,
                &ns,
                &p,
                HookPhase::PreSync,
                &hook_opts,
                &mut outcomes,
            )
        })?;
    }
    match p.target.kind {
        Kind::Deployment => {
            run(&mut stages, Stage::SetImage, &mut || {
                rt.block_on(set_images(&client, &ns, &p))?;
                Ok((
                    true,
                    format!("{} ({})", images_text(&p.images), p.change_cause),
                ))
            })?;
            run(&mut stages, Stage::Wait, &mut || {
                let w = rt.block_on(wait(&client, &ns, &p.target, p.timeout, ctx))?;
                Ok(match w {
                    Waited::Done(m) => (true, m),
                    Waited::Failed(m) => (false, m),
                    Waited::TimedOut => (
                        false,
                        format!("not available within --timeout {}", args.timeout),
                    ),
                })
            })?;
        }
        Kind::Rollout => {
            run(&mut stages, Stage::Wait, &mut || {
                let code = super::rollout::run(
                    RunArgs {
                        name: p.target.name.clone(),
                        image: args.image.clone(),
                        timeout: Some(args.timeout.clone()),
                        wait_for_lease: false,
                        force: false,
                        prometheus: args.prometheus.clone(),
                        // The deploy checked the windows as its first stage.
                        windows: Default::default(),
                        wait_for_window: false,
                    },
                    global,
                    &stage_ctx,
                )?;
                Ok(match code {
                    ExitCode::Ok => (true, "the Rollout is Healthy".into()),
                    ExitCode::Paused => (
                        false,
                        format!(
                            "the Rollout is paused for a promotion (kubectl rollouts promote {})",
                            p.target.name
                        ),
                    ),
                    _ => (
                        false,
                        "the Rollout was aborted or is degraded (see above)".into(),
                    ),
                })
            })?;
        }
    }
    if let Some(s) = &p.smoke {
        run(&mut stages, Stage::Smoke, &mut || {
            let report = super::smoke::probe_all(s, &stage_ctx, true).map_err(|e| {
                match e.downcast::<Error>() {
                    Ok(err) => anyhow::Error::from(smoke_flag(err)),
                    Err(e) => e,
                }
            })?;
            super::smoke::render(&stage_ctx, &report)?;
            let failures: Vec<String> = report
                .summary
                .iter()
                .filter(|u| u.failed > 0)
                .map(|u| {
                    format!(
                        "{}: {} of {} attempts failed ({})",
                        u.url,
                        u.failed,
                        u.attempts,
                        crate::smoke::format_failures(u)
                    )
                })
                .collect();
            Ok(if report.passed {
                (true, format!("{} attempts passed", report.attempts.len()))
            } else {
                (false, failures.join("; "))
            })
        })?;
    }
    if let Some(a) = &p.analysis {
        run(&mut stages, Stage::Analysis, &mut || {
            let (code, message) = super::analyze::gate(a, global, &stage_ctx)?;
            Ok((code == ExitCode::Ok, message))
        })?;
    }

    if has_phase(&p, HookPhase::PostSync) {
        run(&mut stages, Stage::PostSync, &mut || {
            hook_phase(
                &rt,
                &client,
                &ns,
                &p,
                HookPhase::PostSync,
                &hook_opts,
                &mut outcomes,
            )
        })?;
    }

    let after_image = failed.is_none_or(Stage::after_image_set);
    if let Some(stage) = failed
        && deploy::recovery(stage) == Recovery::RollBack
        && after_image
    {
        stages.run(Stage::Rollback, || match p.target.kind {
            Kind::Deployment => rt.block_on(roll_back_deployment(&client, &ns, &p, &before, ctx)),
            Kind::Rollout => roll_back_rollout(&p, &before, global, &stage_ctx),
        })?;
    }

    if failed.is_some() && has_phase(&p, HookPhase::SyncFail) {
        stages.run(Stage::SyncFail, || {
            hook_phase(
                &rt,
                &client,
                &ns,
                &p,
                HookPhase::SyncFail,
                &hook_opts,
                &mut outcomes,
            )
        })?;
    }
    if !outcomes.is_empty() {
        let mut on_event = |line: &str| eprintln!("{line}");
        rt.block_on(crate::kube::hooks::delete_after_operation(
            &client,
            &ns,
            &mut outcomes,
            failed.is_none(),
            &mut on_event,
        ))?;
    }
    let revision = rt.block_on(revision_now(&client, &ns, &p.target))?;
    let ok = failed.is_none();
    let report = Report {
        target: p.target.to_string(),
        namespace: ns.clone(),
        result: if ok { "succeeded" } else { "failed" },
        failed_stage: failed.map(Stage::name),
        revision: revision.clone(),
        images: p.images.iter().map(|(c, i)| format!("{c}={i}")).collect(),
        stages: stages.rows,
    };
    if ctx.is_structured() {
        ctx.print_data(&report)?;
    } else {
        let mut table = crate::output::Table::new(["STAGE", "RESULT", "DURATION", "DETAILS"]);
        for s in &report.stages {
            table.row([
                s.stage.name().to_string(),
                format!("{:?}", s.result).to_lowercase(),
                format!("{:.1}s", s.seconds),
                s.message.clone(),
            ]);
        }
        ctx.print(&table.render())?;
    }
    if let Some(gha) = &ctx.gha {
        gha.summary(&deploy::markdown(&report.target, ok, &report.stages))?;
        gha.set_output("result", report.result)?;
        gha.set_output("failed-stage", report.failed_stage.unwrap_or(""))?;
        gha.set_output("revision", revision.as_deref().unwrap_or(""))?;
        gha.set_output("image", &report.images.join(","))?;
    }
    match failed {
        None => Ok(ExitCode::Ok),
        Some(stage) => {
            let why = report
                .stages
                .iter()
                .find(|s| s.stage == stage)
                .map(|s| s.message.clone())
                .unwrap_or_default();
            let after = if stage.after_image_set() {
                "; rolled back to the revision that was live before"
            } else {
                "; nothing was changed"
            };
            ctx.error(&format!(
                "deploy {} failed at stage {}: {why}{after}",
                p.target,
                stage.name()
            ));
            Ok(ExitCode::Failed)
        }
    }
}

/// Runs one phase of `--hooks`; the stage fails when a hook failed, naming it with its message
/// and its pod's log.
fn hook_phase(
    rt: &tokio::runtime::Runtime,
    client: &Client,
    ns: &str,
    p: &Prepared,
    phase: crate::hooks::Phase,
    opts: &crate::kube::hooks::RunOptions,
    outcomes: &mut Vec<crate::kube::hooks::PhaseOutcome>,
) -> anyhow::Result<(bool, String)> {
    let mut on_event = |line: &str| eprintln!("{line}");
    let outcome = rt.block_on(crate::kube::hooks::run_phase(
        client,
        ns,
        &p.hooks,
        phase,
        opts,
        &mut on_event,
    ))?;
    let result = match outcome.failed() {
        Some(r) => (
            false,
            format!(
                "{phase} hook {} failed: {}{}",
                r.hook,
                r.message,
                r.log
                    .as_deref()
                    .map(|l| format!("; log: {}", crate::output::untrusted::escape(l.trim_end())))
                    .unwrap_or_default()
            ),
        ),
        None => (
            true,
            format!("{} {phase} hooks succeeded", outcome.results.len()),
        ),
    };
    outcomes.push(outcome);
    Ok(result)
}

fn has_phase(p: &Prepared, phase: crate::hooks::Phase) -> bool {
    !crate::hooks::ordered(&p.hooks, phase).is_empty()
}

fn images_text(images: &[(String, String)]) -> String {
    images
        .iter()
        .map(|(c, i)| format!("{c}={i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The live revision before the deploy, and (Deployments) that the containers exist.
struct Before {
    revision: Option<i64>,
}

async fn read_before(client: &Client, ns: &str, p: &Prepared) -> anyhow::Result<Before> {
    match p.target.kind {
        Kind::Deployment => {
            let d = workload::deployment(client, ns, &p.target.name).await?;
            let containers: Vec<String> = crate::workload::images(&d.spec.template)
                .into_iter()
                .map(|(c, _)| c)
                .collect();
            for (c, _) in &p.images {
                if !containers.contains(c) {
                    return Err(Error::flag(
                        "--image",
                        format!(
                            "{} has no container {c:?}; its containers are {}",
                            p.target,
                            containers.join(", ")
                        ),
                    )
                    .into());
                }
            }
            Ok(Before {
                revision: d
                    .metadata
                    .annotations
                    .as_ref()
                    .and_then(|a| a.get(Kind::Deployment.revision_annotation()))
                    .and_then(|r| r.parse().ok()),
            })
        }
        Kind::Rollout => {
            let ro = observe::rollout(client, ns, &p.target.name).await?;
            let prometheus = p.analysis.as_ref().and_then(|a| a.prometheus.as_deref());
            crate::driver::preflight::preflight(client, &ro, false, prometheus, None).await?;
            Ok(Before {
                revision: rollout_revision(client, &ro).await?,
            })
        }
    }
}

/// `kubectl set image` with the change cause recorded, as one patch.
async fn set_images(client: &Client, ns: &str, p: &Prepared) -> anyhow::Result<()> {
    let api: Api<Deployment> = Api::namespaced(client.clone(), ns);
    let d = workload::deployment(client, ns, &p.target.name).await?;
    let spec = d.spec.template.spec.clone().unwrap_or_default();
    let is_init = |c: &str| spec.init_containers.iter().flatten().any(|ic| ic.name == c);
    let (init, main): (Vec<_>, Vec<_>) = p.images.iter().partition(|(c, _)| is_init(c));
    let list = |v: &[&(String, String)]| {
        v.iter()
            .map(|(c, i)| json!({"name": c, "image": i}))
            .collect::<Vec<_>>()
    };
    let mut pod = serde_json::Map::new();
    if !main.is_empty() {
        pod.insert("containers".into(), json!(list(&main)));
    }
    if !init.is_empty() {
        pod.insert("initContainers".into(), json!(list(&init)));
    }
    let patch = json!({
        "metadata": {"annotations": {CHANGE_CAUSE: p.change_cause}},
        "spec": {"template": {"spec": pod}}
    });
    let params = PatchParams {
        field_manager: Some(FIELD_MANAGER.into()),
        ..PatchParams::default()
    };
    api.patch(&p.target.name, &params, &Patch::Strategic(&patch))
        .await
        .map_err(|e| {
            classify(
                e,
                format!("setting the image of Deployment {ns}/{}", p.target.name),
            )
        })?;
    Ok(())
}

async fn wait(
    client: &Client,
    ns: &str,
    target: &Target,
    timeout: Duration,
    ctx: &Context,
) -> anyhow::Result<Waited> {
    let reporter = WaitReporter::new(ctx, format!("{ns}/{target}"));
    let w = workload::wait_rolled_out(client, ns, &target.name, Some(timeout), |d, p| {
        reporter.update(d, p)
    })
    .await?;
    reporter.finish(match &w {
        Waited::Done(m) | Waited::Failed(m) => m,
        Waited::TimedOut => "timed out",
    });
    Ok(w)
}

/// Back to the revision live before, with kubectl's undo rule, and wait until it is available.
async fn roll_back_deployment(
    client: &Client,
    ns: &str,
    p: &Prepared,
    before: &Before,
    ctx: &Context,
) -> anyhow::Result<(bool, String)> {
    let Some(to) = before.revision else {
        return Ok((
            false,
            "no revision was live before; nothing to roll back to".into(),
        ));
    };
    let d = workload::deployment(client, ns, &p.target.name).await?;
    let rss = workload::controlled_replica_sets(
        client,
        ns,
        &d.spec.selector,
        d.metadata.uid.as_deref().unwrap_or(""),
    )
    .await?;
    let annotations = d.metadata.annotations.clone().unwrap_or_default();
    let current = Current {
        target: &p.target,
        template: &d.spec.template,
        annotations: &annotations,
        paused: d.spec.paused == Some(true),
        current_hash: None,
    };
    let plan = match undo::plan(&current, &rss, Some(to))? {
        Undo::Skip { revision } => {
            return Ok((true, format!("revision {revision} is still the template")));
        }
        Undo::Apply(plan) => plan,
    };
    let api: Api<Deployment> = Api::namespaced(client.clone(), ns);
    workload::json_patch(
        &api,
        &p.target.name,
        plan.json_patch(d.metadata.generation),
        &format!("Deployment {ns}/{}", p.target.name),
    )
    .await?;
    Ok(match wait(client, ns, &p.target, p.timeout, ctx).await? {
        Waited::Done(_) => (true, format!("revision {to} is available again")),
        Waited::Failed(m) => (false, format!("rolling back to revision {to}: {m}")),
        Waited::TimedOut => (
            false,
            format!("revision {to} was not available again within the timeout"),
        ),
    })
}

/// Argo's undo to the revision live before, driven by the step machine (`rollback`).
fn roll_back_rollout(
    p: &Prepared,
    before: &Before,
    global: &GlobalArgs,
    stage_ctx: &Context,
) -> anyhow::Result<(bool, String)> {
    let Some(to) = before.revision else {
        return Ok((
            false,
            "no revision was live before; nothing to roll back to".into(),
        ));
    };
    let code = super::rollback::undo(
        &super::rollback::Request {
            target: p.target.clone(),
            to_revision: Some(to),
            dry_run: false,
            no_wait: false,
            timeout: Some(p.timeout),
            timeout_text: format!("{}s", p.timeout.as_secs()),
        },
        global,
        stage_ctx,
    )?;
    Ok((
        code == ExitCode::Ok,
        format!("the Rollout is back on revision {to}'s template"),
    ))
}

async fn revision_now(
    client: &Client,
    ns: &str,
    target: &Target,
) -> anyhow::Result<Option<String>> {
    Ok(match target.kind {
        Kind::Deployment => workload::deployment(client, ns, &target.name)
            .await?
            .metadata
            .annotations
            .unwrap_or_default()
            .get(Kind::Deployment.revision_annotation())
            .cloned(),
        Kind::Rollout => {
            let ro = observe::rollout(client, ns, &target.name).await?;
            rollout_revision(client, &ro).await?.map(|r| r.to_string())
        }
    })
}

/// The revision number of a Rollout's current ReplicaSet.
async fn rollout_revision(
    client: &Client,
    ro: &crate::spec::rollout::Rollout,
) -> anyhow::Result<Option<i64>> {
    let rss = observe::replica_sets(client, ro).await?;
    let template = ro.spec.template.clone().unwrap_or_default();
    let hash = ro.status.as_ref().and_then(|s| s.current_pod_hash.clone());
    Ok(
        crate::workload::history::rollout_revisions(&template, hash.as_deref(), &rss)
            .into_iter()
            .find(|r| r.current)
            .map(|r| r.revision),
    )
}
