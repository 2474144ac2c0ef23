//! `hooks list DIR` (the run order of a directory's Argo CD hooks and why) and `hooks run --phase
//! P DIR` (one phase, run in the namespace by `crate::kube::hooks`).

use serde::Serialize;

use crate::cli::{GlobalArgs, HooksListArgs, HooksRunArgs};
use crate::duration::GoDuration;
use crate::error::{Error, ExitCode};
use crate::hooks::{self, Hook, Phase, Source, kind_order, order::KIND_ORDER};
use crate::kube::hooks::{PhaseOutcome, RunOptions, run_phase};
use crate::kube::{connect, is_not_found, observe, workload};
use crate::output::{Context, Table};
use crate::workload::{Kind, parse_target};

/// One row of `hooks list`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry<'a> {
    /// 1-based position within its phase.
    order: usize,
    phase: Option<Phase>,
    /// `Kind/name`, or `Kind/generateName*`.
    #[serde(rename = "hook")]
    display: String,
    /// The kind's rank in gitops-engine's kind order (negative; 0 for kinds not listed).
    kind_order: i32,
    why: String,
    #[serde(flatten)]
    hook: &'a Hook,
}

fn source(s: Source, argo: &str, helm: &str) -> String {
    match s {
        Source::Argo => argo.to_string(),
        Source::Helm => helm.to_string(),
        Source::Default => "default".to_string(),
    }
}

/// Why a hook sits where it does: its wave and where that came from, its kind's rank.
fn why(h: &Hook) -> String {
    let rank = kind_order(&h.kind);
    let kind = if rank == 0 {
        format!("{} after all listed kinds", h.kind)
    } else {
        format!(
            "{} kind {} of {}",
            h.kind,
            rank + KIND_ORDER.len() as i32 + 1,
            KIND_ORDER.len()
        )
    };
    format!(
        "wave {} ({}), {kind}, then name",
        h.wave,
        source(h.wave_from, "sync-wave", "helm.sh/hook-weight")
    )
}

fn entries(all: &[Hook]) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    for phase in Phase::ALL {
        for (i, h) in hooks::ordered(all, phase).into_iter().enumerate() {
            out.push(Entry {
                order: i + 1,
                phase: Some(phase),
                display: h.display_name(),
                kind_order: kind_order(&h.kind),
                why: why(h),
                hook: h,
            });
        }
    }
    for h in all.iter().filter(|h| h.skip) {
        out.push(Entry {
            order: 0,
            phase: None,
            display: h.display_name(),
            kind_order: kind_order(&h.kind),
            why: "argocd.argoproj.io/hook: Skip, never applied".into(),
            hook: h,
        });
    }
    out
}

pub fn list(args: HooksListArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let all = hooks::load_dir(&args.dir)?;
    let rows = entries(&all);
    if ctx.is_structured() {
        ctx.print_data(&rows)?;
        return Ok(ExitCode::Ok);
    }
    if rows.is_empty() {
        ctx.println(&format!("no hooks in {}", args.dir.display()))?;
        return Ok(ExitCode::Ok);
    }
    let mut t = Table::new([
        "PHASE",
        "#",
        "WAVE",
        "KIND",
        "NAME",
        "DELETE POLICY",
        "FILE",
        "WHY",
    ]);
    for e in &rows {
        t.row([
            e.phase
                .map(|p| p.to_string())
                .unwrap_or_else(|| "Skip".into()),
            if e.order == 0 {
                "-".into()
            } else {
                e.order.to_string()
            },
            e.hook.wave.to_string(),
            e.hook.kind.clone(),
            e.hook
                .display_name()
                .split_once('/')
                .map(|(_, n)| n.to_string())
                .unwrap_or_default(),
            e.hook
                .delete_policies
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(","),
            format!("{}:{}", e.hook.file, e.hook.line),
            e.why.clone(),
        ]);
    }
    ctx.print(&t.render())?;
    Ok(ExitCode::Ok)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunReport<'a> {
    namespace: &'a str,
    operation: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    for_workload: Option<&'a str>,
    result: &'static str,
    #[serde(flatten)]
    outcome: &'a PhaseOutcome,
}

pub fn run(args: HooksRunArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let phase = Phase::parse(&args.phase).ok_or_else(|| {
        Error::flag(
            "--phase",
            format!(
                "{:?}: expected PreSync, Sync, PostSync or SyncFail",
                args.phase
            ),
        )
    })?;
    let timeout = args
        .timeout
        .as_deref()
        .map(|t| GoDuration::parse_flag("--timeout", t))
        .transpose()?;
    let target = args
        .for_workload
        .as_deref()
        .map(|t| parse_target("--for", t))
        .transpose()?;
    let all = hooks::load_dir(&args.dir)?;
    let operation = hooks::operation_id(crate::clock::now(), std::process::id());
    super::rollout::runtime()?.block_on(async {
        let (client, ns) = connect(global).await?;
        if let Some(t) = &target {
            let found = match t.kind {
                Kind::Deployment => workload::deployment(&client, &ns, &t.name)
                    .await
                    .map(|_| ()),
                Kind::Rollout => observe::rollout(&client, &ns, &t.name).await.map(|_| ()),
            };
            if let Err(e) = found {
                let missing = e
                    .chain()
                    .any(|c| c.downcast_ref::<kube::Error>().is_some_and(is_not_found))
                    || e.to_string().contains("not found");
                if missing {
                    return Err(Error::flag(
                        "--for",
                        format!("{t} does not exist in namespace {ns}"),
                    )
                    .into());
                }
                return Err(e);
            }
        }
        let opts = RunOptions {
            timeout,
            for_workload: target.as_ref().map(|t| t.to_string()),
            ..RunOptions::new(operation.clone())
        };
        let mut on_event = |line: &str| eprintln!("{line}");
        let outcome = run_phase(&client, &ns, &all, phase, &opts, &mut on_event).await?;
        let failed = outcome.failed().cloned();
        let report = RunReport {
            namespace: &ns,
            operation: &operation,
            for_workload: opts.for_workload.as_deref(),
            result: if failed.is_some() {
                "failed"
            } else {
                "succeeded"
            },
            outcome: &outcome,
        };
        if ctx.is_structured() {
            ctx.print_data(&report)?;
        } else if outcome.results.is_empty() {
            ctx.println(&format!("no {phase} hooks in {}", args.dir.display()))?;
        } else {
            let mut t = Table::new(["HOOK", "WAVE", "RESULT", "DURATION", "DELETED", "MESSAGE"]);
            for r in &outcome.results {
                t.row([
                    r.hook.clone(),
                    r.wave.to_string(),
                    if r.ok { "Succeeded" } else { "Failed" }.to_string(),
                    format!("{:.1}s", r.duration.as_secs_f64()),
                    if r.deleted { "yes" } else { "no" }.to_string(),
                    r.message.clone(),
                ]);
            }
            ctx.print(&t.render())?;
        }
        if let Some(gha) = &ctx.gha {
            gha.set_output("result", report.result)?;
            gha.set_output("operation", &operation)?;
        }
        match failed {
            None => Ok(ExitCode::Ok),
            Some(f) => {
                let mut text = format!("{phase} hook {} failed: {}", f.hook, f.message);
                if let Some(log) = &f.log {
                    // The pod wrote it: each line escaped and behind "| ", so a line of the log
                    // cannot be a workflow command (the runner trims leading spaces) or an escape.
                    text.push_str("\nits pod's log (tail):\n");
                    for line in log.lines() {
                        text.push_str("  | ");
                        text.push_str(&crate::output::untrusted::escape(line));
                        text.push('\n');
                    }
                }
                ctx.error(text.trim_end());
                Ok(ExitCode::Failed)
            }
        }
    })
}
