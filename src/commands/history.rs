//! `rollout history (deployment|rollout)/NAME [--revision N]`: the revisions, newest first, or
//! one revision's whole pod template.

use kube::Client;
use serde::Serialize;

use crate::cli::{GlobalArgs, HistoryArgs};
use crate::error::{Error, ExitCode};
use crate::kube::{connect, observe, workload};
use crate::output::{Context, Table};
use crate::workload::history::{Revision, revisions};
use crate::workload::{Kind, Target, parse_target};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OneRevision<'a> {
    #[serde(flatten)]
    revision: &'a Revision,
    template: &'a k8s_openapi::api::core::v1::PodTemplateSpec,
}

pub fn run(args: HistoryArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let target = parse_target("KIND/NAME", &args.target)?;
    let wanted = args
        .revision
        .map(|n| {
            i64::try_from(n).map_err(|_| Error::flag("--revision", format!("{n} is too large")))
        })
        .transpose()?;
    let revs = super::rollout::runtime()?.block_on(async {
        let (client, ns) = connect(global).await?;
        read(&client, &ns, &target).await
    })?;
    let now = crate::clock::now();
    if let Some(n) = wanted {
        let Some(rev) = revs.iter().find(|r| r.revision == n) else {
            let all: Vec<String> = revs.iter().map(|r| r.revision.to_string()).collect();
            return Err(Error::flag(
                "--revision",
                format!(
                    "{target} has no revision {n}; its revisions are {}",
                    if all.is_empty() {
                        "none".into()
                    } else {
                        all.join(", ")
                    }
                ),
            )
            .into());
        };
        let one = OneRevision {
            revision: rev,
            template: &rev.template,
        };
        if ctx.is_structured() {
            ctx.print_data(&one)?;
        } else {
            let mut text = format!(
                "{target} revision {}{} (ReplicaSet {})\n",
                rev.revision,
                if rev.current { ", current" } else { "" },
                rev.replica_set
            );
            if let Some(c) = &rev.change_cause {
                text.push_str(&format!("Change-cause: {c}\n"));
            }
            text.push_str("Pod template:\n");
            let yaml = crate::output::render_data(crate::cli::OutputFormat::Yaml, &rev.template)?;
            for line in yaml.lines() {
                text.push_str("  ");
                text.push_str(line);
                text.push('\n');
            }
            ctx.print(&text)?;
        }
        return Ok(ExitCode::Ok);
    }
    if ctx.is_structured() {
        ctx.print_data(&revs)?;
        return Ok(ExitCode::Ok);
    }
    let mut table = Table::new([
        "REVISION",
        "CURRENT",
        "REPLICASET",
        "IMAGES",
        "CHANGE-CAUSE",
        "AGE",
    ]);
    for r in &revs {
        let age = r.created.map(|t| (now - t).num_seconds().max(0));
        table.row([
            r.revision.to_string(),
            if r.current { "*".into() } else { String::new() },
            r.replica_set.clone(),
            r.images.join(","),
            r.change_cause.clone().unwrap_or_else(|| "<none>".into()),
            crate::output::rollout_view::short_age(age),
        ]);
    }
    if table.is_empty() {
        ctx.println(&format!("{target} has no revisions"))?;
    } else {
        ctx.print(&table.render())?;
    }
    Ok(ExitCode::Ok)
}

/// The workload's revisions, newest first.
async fn read(client: &Client, ns: &str, target: &Target) -> anyhow::Result<Vec<Revision>> {
    match target.kind {
        Kind::Deployment => {
            let d = workload::deployment(client, ns, &target.name).await?;
            let spec = d.spec.clone();
            let uid = d.metadata.uid.clone().unwrap_or_default();
            let rss = workload::controlled_replica_sets(client, ns, &spec.selector, &uid).await?;
            Ok(revisions(Kind::Deployment, &spec.template, &rss))
        }
        Kind::Rollout => {
            let ro = observe::rollout(client, ns, &target.name).await?;
            let rss = observe::replica_sets(client, &ro).await?;
            let template = ro.spec.template.clone().unwrap_or_default();
            let hash = ro.status.as_ref().and_then(|s| s.current_pod_hash.clone());
            Ok(crate::workload::history::rollout_revisions(
                &template,
                hash.as_deref(),
                &rss,
            ))
        }
    }
}
