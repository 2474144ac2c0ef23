//! `window check|next|lint`: Argo CD sync windows from a manifest file or the cluster.

use std::path::Path;

use anyhow::Context as _;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::cli::{
    GlobalArgs, WindowCheckArgs, WindowNextArgs, WindowProjectArgs, WindowTargetArgs,
};
use crate::duration::GoDuration;
use crate::error::{Error, ExitCode};
use crate::output::{Context, Style, Table};
use crate::window::eval::{Evaluation, HORIZON_DAYS, MAX_FLIPS, Period};
use crate::window::lint::{Finding, lint};
use crate::window::{Project, Target, Window, calendar, evaluate, matching, parse_project};

/// Where a project came from, for messages.
struct Loaded {
    project: Project,
    source: String,
}

pub fn check(
    args: WindowCheckArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    let at = parse_at(args.at.as_deref())?;
    let loaded = load(&args.project, global)?;
    let target = target(&args.target);
    let windows = matching(&loaded.project.windows, &target);
    let evaluation = evaluate(&windows, at, args.target.manual);
    let findings = lint(&loaded.project.windows, at);

    if ctx.is_structured() {
        ctx.print_data(&CheckReport {
            project: &loaded.project.name,
            source: &loaded.source,
            target: TargetView::from(&target),
            evaluation: &evaluation,
            windows: loaded
                .project
                .windows
                .iter()
                .map(WindowView::from)
                .collect(),
            warnings: &findings,
        })?;
    } else {
        for f in &findings {
            ctx.warning(&f.message);
        }
        ctx.print(&render_check(&loaded, &target, &windows, &evaluation, ctx))?;
    }
    if let Some(gha) = &ctx.gha {
        gha.set_output("allowed", &evaluation.allowed.to_string())?;
        if let Some(change) = &evaluation.next_change {
            gha.set_output("next-change", &rfc3339(change.at))?;
        }
        gha.summary(&format!(
            "### Sync window: {}\n\n{} at {} ({})\n",
            if evaluation.allowed { "open" } else { "closed" },
            loaded.project.name,
            rfc3339(evaluation.at),
            evaluation.reason.describe()
        ))?;
    }
    Ok(if evaluation.allowed {
        ExitCode::Ok
    } else {
        ExitCode::Failed
    })
}

pub fn next(args: WindowNextArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let from = parse_at(args.at.as_deref())?;
    let span = GoDuration::parse(&args.days).map_err(|e| Error::flag("--days", e))?;
    if span.as_nanos() <= 0 || span.to_chrono() > chrono::TimeDelta::days(366) {
        return Err(Error::flag(
            "--days",
            "expected a duration between 1s and 8784h (366 days)",
        )
        .into());
    }
    let loaded = load(&args.project, global)?;
    let target = target(&args.target);
    let windows = matching(&loaded.project.windows, &target);
    let cal = calendar(&windows, from, from + span.to_chrono(), args.target.manual);
    if let Some(t) = cal.stopped_at {
        // Every row printed is true; the ones after `t` were not computed.
        ctx.warning(&format!(
            "stopped after {} window changes at {}: the last period ends there and later ones are not listed; run again with --at {}",
            MAX_FLIPS,
            rfc3339(t),
            rfc3339(t)
        ));
    }
    if ctx.is_structured() {
        ctx.print_data(&cal.periods)?;
        return Ok(ExitCode::Ok);
    }
    ctx.print(&render_calendar(&cal.periods, ctx))?;
    Ok(ExitCode::Ok)
}

pub fn lint_command(
    args: WindowProjectArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    let loaded = load(&args, global)?;
    let findings = lint(&loaded.project.windows, now());
    if ctx.is_structured() {
        ctx.print_data(&findings)?;
    } else if findings.is_empty() {
        ctx.println(&format!("{}: no findings", loaded.source))?;
    } else {
        let mut table = Table::new(["WINDOW", "RULE", "FINDING"]);
        for f in &findings {
            table.row([
                format!("#{}", f.window),
                f.rule.to_string(),
                f.message.clone(),
            ]);
        }
        ctx.print(&table.render())?;
    }
    Ok(if findings.is_empty() {
        ExitCode::Ok
    } else {
        ExitCode::Failed
    })
}

use crate::clock::now;

pub fn parse_at(at: Option<&str>) -> Result<DateTime<Utc>, Error> {
    match at {
        None => Ok(now()),
        Some(text) => {
            let t = DateTime::parse_from_rfc3339(text)
                .map(|t| t.to_utc())
                .map_err(|e| {
                    Error::flag(
                        "--at",
                        format!(
                            "{text:?} is not an RFC 3339 time ({e}); expected e.g. 2026-11-27T15:00:00Z"
                        ),
                    )
                })?;
            // chrono reads second 60 as a leap second; Go's time (Argo CD's) refuses it, and
            // answering for the next second instead would be a guess.
            if t.timestamp_subsec_nanos() >= 1_000_000_000 {
                return Err(Error::flag(
                    "--at",
                    format!(
                        "{text:?} is a leap second (second 60), which Go's time and so Argo CD cannot represent; ask about second 59 or the next minute"
                    ),
                ));
            }
            Ok(t)
        }
    }
}

fn target(args: &WindowTargetArgs) -> Target {
    Target {
        app: args.app.clone(),
        namespace: args.dest_namespace.clone(),
        cluster: args.dest_cluster.clone(),
    }
}

/// `--project` is a file when it names one (or looks like a path), else an AppProject name.
fn load(args: &WindowProjectArgs, global: &GlobalArgs) -> anyhow::Result<Loaded> {
    load_as("--project", &args.project, &args.argocd_namespace, global)
}

/// An AppProject and where it came from (`rollout run --window-project`), read as `window
/// check --project` reads it; errors name `flag`.
pub fn load_project(
    flag: &str,
    value: &str,
    argocd_namespace: &str,
    global: &GlobalArgs,
) -> anyhow::Result<(Project, String)> {
    let loaded = load_as(flag, value, argocd_namespace, global)?;
    Ok((loaded.project, loaded.source))
}

fn load_as(
    flag: &str,
    value: &str,
    argocd_namespace: &str,
    global: &GlobalArgs,
) -> anyhow::Result<Loaded> {
    let path = Path::new(value);
    let looks_like_path = value.contains('/')
        || [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| value.ends_with(ext));
    if path.is_file() || looks_like_path {
        let text = crate::files::read_to_string(path)
            .map_err(|e| Error::flag(flag, format!("{value}: {e}")))?;
        let project = parse_project(&text).map_err(|e| e.in_file(value))?;
        return Ok(Loaded {
            project,
            source: value.to_string(),
        });
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime
        .block_on(load_from_cluster(flag, value, argocd_namespace, global))
        .with_context(|| {
            format!("{flag} {value:?} is not a file, so it was read as an AppProject name from the cluster")
        })
}

async fn load_from_cluster(
    flag: &str,
    name: &str,
    namespace: &str,
    global: &GlobalArgs,
) -> anyhow::Result<Loaded> {
    use kube::api::{Api, ApiResource, DynamicObject, GroupVersionKind};
    let cluster = crate::client::connect(global).await?;
    let gvk = GroupVersionKind::gvk("argoproj.io", "v1alpha1", "AppProject");
    let resource = ApiResource::from_gvk(&gvk);
    let api: Api<DynamicObject> = Api::namespaced_with(cluster.client, namespace, &resource);
    let object = match api.get_opt(name).await {
        Ok(Some(object)) => object,
        Ok(None) => {
            return Err(Error::flag(
                flag,
                format!(
                    "no file named {name:?} and no AppProject {name:?} in namespace {namespace:?}"
                ),
            )
            .into());
        }
        Err(kube::Error::Api(status)) if status.code == 404 => {
            return Err(Error::flag(
                flag,
                format!("no file named {name:?}, and the cluster has no AppProject resource (is Argo CD installed?): {}", status.message),
            )
            .into());
        }
        Err(e) => {
            return Err(crate::client::api_error(
                e,
                format!("reading AppProject {namespace}/{name}"),
            ));
        }
    };
    let source = format!("AppProject {namespace}/{name}");
    let value = serde_json::to_value(&object)?;
    let project =
        crate::window::project_from_value(&value).map_err(|e| e.in_file(source.clone()))?;
    Ok(Loaded { project, source })
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn human_delta(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let secs = (to - from).num_seconds().max(0);
    GoDuration::from_secs(secs).to_string()
}

fn window_list(windows: &[usize], all: &[&Window]) -> String {
    windows
        .iter()
        .filter_map(|i| all.iter().find(|w| w.index == *i))
        .map(|w| w.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn render_check(
    loaded: &Loaded,
    target: &Target,
    windows: &[&Window],
    e: &Evaluation,
    ctx: &Context,
) -> String {
    let verdict = if e.allowed {
        ctx.paint("ALLOWED", Style::Green)
    } else {
        ctx.paint("BLOCKED", Style::Red)
    };
    let sync = if e.manual { "manual" } else { "automated" };
    let applies = if target.is_any() {
        format!("any application (all {} windows apply)", windows.len())
    } else {
        format!(
            "{} ({} of {} windows apply)",
            describe_target(target),
            windows.len(),
            loaded.project.windows.len()
        )
    };
    let decided = match e.reason.windows() {
        [] => e.reason.describe().to_string(),
        ids => format!("{}: {}", e.reason.describe(), window_list(ids, windows)),
    };
    let next = match &e.next_change {
        Some(c) => format!(
            "{} becomes {} (in {})",
            rfc3339(c.at),
            if c.allowed { "allowed" } else { "blocked" },
            human_delta(e.at, c.at)
        ),
        None if e.searched_until < e.at + chrono::TimeDelta::days(HORIZON_DAYS) => format!(
            "none found up to {} (the search stopped after {MAX_FLIPS} window changes; run again with --at {})",
            rfc3339(e.searched_until),
            rfc3339(e.searched_until)
        ),
        None => format!("no change within {HORIZON_DAYS} days"),
    };
    let mut out = String::new();
    let mut kv = Table::new(["", ""]);
    kv.row(["Sync:", &format!("{verdict} ({sync} sync)")]);
    kv.row([
        "Project:",
        &format!("{} ({})", loaded.project.name, loaded.source),
    ]);
    kv.row(["At:", &rfc3339(e.at)]);
    kv.row(["Applies to:", &applies]);
    kv.row(["Decided by:", &decided]);
    kv.row(["Next change:", &next]);
    // Drop the empty header line of the key/value table.
    out.push_str(
        kv.render()
            .split_once('\n')
            .map(|(_, rest)| rest)
            .unwrap_or_default(),
    );
    out.push('\n');
    if e.active.is_empty() {
        out.push_str("Active windows: none\n");
    } else {
        out.push_str("Active windows:\n");
        let mut table = Table::new([
            "WINDOW",
            "KIND",
            "SCHEDULE",
            "DURATION",
            "TIME ZONE",
            "MANUAL SYNC",
            "SINCE",
            "UNTIL",
        ]);
        for a in &e.active {
            let Some(w) = windows.iter().find(|w| w.index == a.index) else {
                continue;
            };
            table.row([
                format!("#{}", w.index),
                kind(w).to_string(),
                w.schedule_text.clone(),
                w.duration_text.clone(),
                tz(w),
                w.manual_sync.to_string(),
                a.since.map(rfc3339).unwrap_or_else(|| "always".into()),
                a.until
                    .map(rfc3339)
                    .unwrap_or_else(|| "beyond 366 days".into()),
            ]);
        }
        out.push_str(&table.render());
    }
    out
}

fn render_calendar(periods: &[Period], ctx: &Context) -> String {
    let mut table = Table::new(["FROM", "TO", "SYNC", "LENGTH", "WHY"]);
    for p in periods {
        let state = if p.allowed {
            ctx.paint("allowed", Style::Green)
        } else {
            ctx.paint("blocked", Style::Red)
        };
        let why = match p.reason.windows() {
            [] => p.reason.describe().to_string(),
            ids => format!(
                "{} ({})",
                p.reason.describe(),
                ids.iter()
                    .map(|i| format!("#{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        table.row([
            rfc3339(p.from),
            rfc3339(p.to),
            state,
            human_delta(p.from, p.to),
            why,
        ]);
    }
    table.render()
}

fn describe_target(t: &Target) -> String {
    let mut parts = Vec::new();
    if let Some(a) = &t.app {
        parts.push(format!("app {a}"));
    }
    if let Some(n) = &t.namespace {
        parts.push(format!("namespace {n}"));
    }
    if let Some(c) = &t.cluster {
        parts.push(format!("cluster {c}"));
    }
    parts.join(", ")
}

fn kind(w: &Window) -> &'static str {
    match w.kind {
        crate::window::Kind::Allow => "allow",
        crate::window::Kind::Deny => "deny",
    }
}

fn tz(w: &Window) -> String {
    if w.time_zone_text.is_empty() {
        "UTC".into()
    } else {
        w.time_zone_text.clone()
    }
}

#[derive(Serialize)]
struct CheckReport<'a> {
    project: &'a str,
    source: &'a str,
    target: TargetView,
    #[serde(flatten)]
    evaluation: &'a Evaluation,
    windows: Vec<WindowView>,
    warnings: &'a [Finding],
}

#[derive(Serialize)]
struct TargetView {
    app: Option<String>,
    dest_namespace: Option<String>,
    dest_cluster: Option<String>,
}

impl From<&Target> for TargetView {
    fn from(t: &Target) -> Self {
        TargetView {
            app: t.app.clone(),
            dest_namespace: t.namespace.clone(),
            dest_cluster: t.cluster.clone(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WindowView {
    index: usize,
    kind: &'static str,
    schedule: String,
    duration: String,
    time_zone: String,
    manual_sync: bool,
    and_operator: bool,
    applications: Vec<String>,
    namespaces: Vec<String>,
    clusters: Vec<String>,
}

impl From<&Window> for WindowView {
    fn from(w: &Window) -> Self {
        let texts =
            |g: &[(String, crate::window::glob::Glob)]| g.iter().map(|(t, _)| t.clone()).collect();
        WindowView {
            index: w.index,
            kind: kind(w),
            schedule: w.schedule_text.clone(),
            duration: w.duration_text.clone(),
            time_zone: tz(w),
            manual_sync: w.manual_sync,
            and_operator: w.and_operator,
            applications: texts(&w.applications),
            namespaces: texts(&w.namespaces),
            clusters: texts(&w.clusters),
        }
    }
}
