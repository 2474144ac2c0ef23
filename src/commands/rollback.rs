//! `rollback (deployment|rollout)/NAME`: kubectl's and Argo's undo, with a dry run that shows
//! what changes, then a wait until the rolled-back revision is available.

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use kube::{Api, Client};
use serde::Serialize;
use serde_json::Value;

use crate::cli::{GlobalArgs, RollbackArgs};
use crate::duration::GoDuration;
use crate::error::{Error, ExitCode};
use crate::kube::workload::{self, Waited};
use crate::kube::{connect, observe};
use crate::output::Context;
use crate::output::wait::WaitReporter;
use crate::spec::rollout::Rollout;
use crate::workload::diff::{self, Change};
use crate::workload::undo::{self, Current, Plan, Undo};
use crate::workload::{Kind, Target, canonical_template, parse_target};

/// What `rollback` did, for `-o json|yaml` and GitHub Actions outputs.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    target: String,
    namespace: String,
    /// `rolled-back`, `skipped` (already at the revision), `dry-run`, `failed` or `timed-out`.
    result: &'static str,
    /// The revision rolled back to, as numbered before the rollback.
    to_revision: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_revision: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    replica_set: Option<String>,
    /// The number the controller gave the restored template (Deployments, once available).
    #[serde(skip_serializing_if = "Option::is_none")]
    new_revision: Option<String>,
    changes: Vec<Change>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

pub fn run(args: RollbackArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    // clap requires KIND/NAME unless --gitops or --last, which are dispatched to commands::gitops
    let target = parse_target("KIND/NAME", args.target.as_deref().unwrap_or_default())?;
    let timeout = args
        .timeout
        .as_deref()
        .map(|t| GoDuration::parse_flag("--timeout", t))
        .transpose()?;
    let to_revision = args
        .to_revision
        .map(|n| {
            i64::try_from(n).map_err(|_| Error::flag("--to-revision", format!("{n} is too large")))
        })
        .transpose()?;
    let req = Request {
        target,
        to_revision,
        dry_run: args.dry_run,
        no_wait: args.no_wait,
        timeout,
        timeout_text: args.timeout.clone().unwrap_or_default(),
    };
    undo(&req, global, ctx)
}

/// A rollback to a revision of a Deployment or Rollout (the flags of `rollback`, checked).
pub struct Request {
    pub target: Target,
    pub to_revision: Option<i64>,
    pub dry_run: bool,
    pub no_wait: bool,
    pub timeout: Option<Duration>,
    /// `--timeout` as given, for messages.
    pub timeout_text: String,
}

/// Rolls back as `rollback` does (`deploy` calls this for its rollback stage).
pub fn undo(req: &Request, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let (target, to_revision, timeout) = (&req.target, req.to_revision, req.timeout);
    super::rollout::runtime()?.block_on(async {
        let (client, ns) = connect(global).await?;
        match target.kind {
            Kind::Deployment => {
                deployment(&client, &ns, target, to_revision, req, timeout, ctx).await
            }
            Kind::Rollout => rollout(&client, &ns, target, to_revision, req, timeout, ctx).await,
        }
    })
}

/// The template and annotation changes of a plan, as diff lines.
fn changes(
    before_template: &Value,
    before_annotations: &BTreeMap<String, String>,
    plan: &Plan,
    hash_label: &str,
) -> Vec<Change> {
    let mut out = diff::diff(
        "spec.template",
        before_template,
        &canonical_template(&plan.template, hash_label),
    );
    if let Some(after) = &plan.annotations {
        out.extend(diff::diff(
            "metadata.annotations",
            &serde_json::to_value(before_annotations).unwrap_or_default(),
            &serde_json::to_value(after).unwrap_or_default(),
        ));
    }
    out
}

fn print(ctx: &Context, report: &Report, human: &str) -> anyhow::Result<()> {
    if ctx.is_structured() {
        ctx.print_data(report)?;
    } else {
        ctx.print(human)?;
    }
    if let Some(gha) = &ctx.gha {
        gha.set_output("result", report.result)?;
        gha.set_output("revision", &report.to_revision.to_string())?;
        if let Some(n) = &report.new_revision {
            gha.set_output("new-revision", n)?;
        }
    }
    Ok(())
}

/// The report of a planned rollback; with `--dry-run` it is printed and `None` is returned.
fn dry_run(
    ctx: &Context,
    args: &Request,
    target: &Target,
    ns: &str,
    template: &k8s_openapi::api::core::v1::PodTemplateSpec,
    annotations: &BTreeMap<String, String>,
    plan: &Plan,
) -> anyhow::Result<Option<Report>> {
    let hash_label = target.kind.hash_label();
    let report = Report {
        target: target.to_string(),
        namespace: ns.into(),
        result: "dry-run",
        to_revision: plan.revision,
        from_revision: plan.from,
        replica_set: Some(plan.replica_set.clone()),
        new_revision: None,
        changes: changes(
            &canonical_template(template, hash_label),
            annotations,
            plan,
            hash_label,
        ),
        message: None,
    };
    if args.dry_run {
        let text = plan_text(target, plan, &report.changes) + "dry run: nothing was changed\n";
        print(ctx, &report, &text)?;
        return Ok(None);
    }
    Ok(Some(report))
}

fn plan_text(target: &Target, plan: &Plan, changes: &[Change]) -> String {
    let from = plan
        .from
        .map(|r| format!(" from revision {r}"))
        .unwrap_or_default();
    let mut s = format!(
        "{target}: roll back{from} to revision {} (ReplicaSet {})\n",
        plan.revision, plan.replica_set
    );
    for line in diff::render(changes) {
        s.push_str("  ");
        s.push_str(&line);
        s.push('\n');
    }
    s
}

fn skipped(ctx: &Context, target: &Target, ns: &str, revision: i64) -> anyhow::Result<ExitCode> {
    let report = Report {
        target: target.to_string(),
        namespace: ns.into(),
        result: "skipped",
        to_revision: revision,
        from_revision: Some(revision),
        replica_set: None,
        new_revision: None,
        changes: Vec::new(),
        message: Some(format!(
            "nothing to do: the current template already matches revision {revision}"
        )),
    };
    print(
        ctx,
        &report,
        &format!(
            "{target}: nothing to do, the current template already matches revision {revision} \
             (skipped rollback)\n"
        ),
    )?;
    Ok(ExitCode::Ok)
}

async fn deployment(
    client: &Client,
    ns: &str,
    target: &Target,
    to_revision: Option<i64>,
    args: &Request,
    timeout: Option<Duration>,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    let d = workload::deployment(client, ns, &target.name).await?;
    let spec = d.spec.clone();
    let uid = d.metadata.uid.clone().unwrap_or_default();
    let rss = workload::controlled_replica_sets(client, ns, &spec.selector, &uid).await?;
    let annotations = d.metadata.annotations.clone().unwrap_or_default();
    let current = Current {
        target,
        template: &spec.template,
        annotations: &annotations,
        paused: spec.paused == Some(true),
        current_hash: None,
    };
    let plan = match undo::plan(&current, &rss, to_revision)? {
        Undo::Skip { revision } => return skipped(ctx, target, ns, revision),
        Undo::Apply(plan) => *plan,
    };
    let Some(mut report) = dry_run(ctx, args, target, ns, &spec.template, &annotations, &plan)?
    else {
        return Ok(ExitCode::Ok);
    };
    let api: Api<Deployment> = Api::namespaced(client.clone(), ns);
    workload::json_patch(
        &api,
        &target.name,
        plan.json_patch(d.metadata.generation),
        &format!("Deployment {ns}/{}", target.name),
    )
    .await?;
    eprintln!(
        "{target} rolled back to revision {} (ReplicaSet {})",
        plan.revision, plan.replica_set
    );
    if args.no_wait {
        report.result = "rolled-back";
        let text = plan_text(target, &plan, &report.changes);
        print(ctx, &report, &text)?;
        return Ok(ExitCode::Ok);
    }
    let reporter = WaitReporter::new(ctx, format!("{ns}/{target}"));
    let waited = workload::wait_rolled_out(client, ns, &target.name, timeout, |d, p| {
        reporter.update(d, p)
    })
    .await?;
    let (code, result, message) = match &waited {
        Waited::Done(m) => (ExitCode::Ok, "rolled-back", m.clone()),
        Waited::Failed(m) => (ExitCode::Failed, "failed", m.clone()),
        Waited::TimedOut => (
            ExitCode::Failed,
            "timed-out",
            format!(
                "{target} did not become available within --timeout {}",
                args.timeout_text
            ),
        ),
    };
    reporter.finish(&message);
    report.result = result;
    report.message = Some(message.clone());
    if code == ExitCode::Ok {
        report.new_revision = workload::deployment(client, ns, &target.name)
            .await?
            .metadata
            .annotations
            .and_then(|a| a.get(Kind::Deployment.revision_annotation()).cloned());
    }
    let mut text = plan_text(target, &plan, &report.changes);
    if let (Some(n), ExitCode::Ok) = (&report.new_revision, code) {
        text.push_str(&format!(
            "revision {}'s template is available again, as revision {n}\n",
            plan.revision
        ));
    }
    print(ctx, &report, &text)?;
    if code != ExitCode::Ok {
        ctx.error(&format!("rollback of {target}: {message}"));
    }
    Ok(code)
}

async fn rollout(
    client: &Client,
    ns: &str,
    target: &Target,
    to_revision: Option<i64>,
    args: &Request,
    timeout: Option<Duration>,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    let ro = observe::rollout(client, ns, &target.name).await?;
    let rss = observe::replica_sets(client, &ro).await?;
    let template = ro.spec.template.clone().unwrap_or_default();
    let annotations = ro.metadata.annotations.clone().unwrap_or_default();
    let current = Current {
        target,
        template: &template,
        annotations: &annotations,
        // Argo's undo does not refuse a paused Rollout; the step machine holds it.
        paused: false,
        current_hash: ro
            .status
            .as_ref()
            .and_then(|s| s.current_pod_hash.as_deref()),
    };
    let plan = match undo::plan(&current, &rss, to_revision)? {
        Undo::Skip { revision } => return skipped(ctx, target, ns, revision),
        Undo::Apply(plan) => *plan,
    };
    let Some(mut report) = dry_run(ctx, args, target, ns, &template, &annotations, &plan)? else {
        return Ok(ExitCode::Ok);
    };
    // Checked before anything changes, as `rollout run` checks it (validity, no Argo
    // controller, the Services and analysis it needs).
    crate::driver::preflight::preflight(client, &ro, false, None, None).await?;
    let api: Api<Rollout> = Api::namespaced(client.clone(), ns);
    let patched = workload::json_patch(
        &api,
        &target.name,
        plan.json_patch(ro.metadata.generation),
        &format!("Rollout {ns}/{}", target.name),
    )
    .await?;
    eprintln!(
        "{target} rolled back to revision {} (ReplicaSet {}); its steps run as for any update",
        plan.revision, plan.replica_set
    );
    report.result = "rolled-back";
    let text = plan_text(target, &plan, &report.changes);
    print(ctx, &report, &text)?;
    if args.no_wait {
        return Ok(ExitCode::Ok);
    }
    let opts = crate::driver::DriveOptions {
        timeout,
        ..Default::default()
    };
    crate::driver::drive(client, &patched, &opts, ctx).await
}
