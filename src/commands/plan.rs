//! `rollout plan NAME [--image ...] [--at T] [--window-project ... --app A]`: the earliest
//! timeline of a rollout (`engine::timeline`) and where deploy windows would hold it, without
//! changing anything. Exit 0 it fits, 1 it would be held, 2 bad input.

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use serde::Serialize;

use super::rollout::runtime;
use crate::analysis::build::RunKind;
use crate::cli::{GlobalArgs, PlanArgs};
use crate::duration::GoDuration;
use crate::engine::Hold;
use crate::engine::timeline::{self, Length, Timeline};
use crate::error::{Error, ExitCode};
use crate::kube::{connect, observe};
use crate::output::{Context, Table};
use crate::spec::analysis::{AnalysisTemplate, IntOrString};
use crate::spec::rollout::{Plan, rollout_analysis};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    rollout: &'a str,
    namespace: &'a str,
    strategy: &'static str,
    images: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    windows: Option<&'a str>,
    fits: bool,
    #[serde(flatten)]
    timeline: &'a Timeline,
}

pub fn run(args: PlanArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let images = crate::workload::parse_images("--image", &args.image)?;
    let start = super::window::parse_at(args.at.as_deref())?;
    let project = super::rollout::load_windows(&args.windows, global)?;
    runtime()?.block_on(async {
        let (client, ns) = connect(global).await?;
        let ro = observe::rollout(&client, &ns, &args.name).await?;
        let plan = ro.plan()?;
        let containers: Vec<String> = ro
            .spec
            .template
            .as_ref()
            .and_then(|t| t.spec.as_ref())
            .map(|s| s.containers.iter().map(|c| c.name.clone()).collect())
            .unwrap_or_default();
        for (container, _) in &images {
            if !containers.contains(container) {
                return Err(Error::flag(
                    "--image",
                    format!(
                        "Rollout {} has no container {container:?} (it has: {})",
                        args.name,
                        containers.join(", ")
                    ),
                )
                .into());
            }
        }
        // How long each analysis takes at the earliest, from its templates.
        let mut lengths: Vec<(RunKind, Length, String)> = Vec::new();
        for (kind, path, value) in crate::analysis::cluster::analyses(&plan) {
            let analysis = rollout_analysis(&value, &path)?;
            let templates =
                crate::analysis::cluster::load_templates(&client, &ns, &analysis, &path).await?;
            lengths.push((kind, analysis_length(&templates)?, describe(&templates)));
        }
        let gate = super::rollout::window_gate(project, &args.windows, &ns);
        let hold = |t: DateTime<Utc>| -> Option<Hold> { gate.as_ref().and_then(|g| g.hold_at(t)) };
        let (strategy, tl) = match &plan {
            Plan::Canary(p) => {
                let steps: Vec<(usize, Length, String)> = lengths
                    .iter()
                    .filter_map(|(kind, len, what)| match kind {
                        RunKind::Step { index } => Some((*index, len.clone(), what.clone())),
                        _ => None,
                    })
                    .collect();
                ("canary", timeline::canary(p, &steps, start, &hold))
            }
            Plan::BlueGreen(p) => {
                let of = |want: RunKind| {
                    lengths
                        .iter()
                        .find(|(k, _, _)| *k == want)
                        .map(|(_, len, what)| (len.clone(), what.clone()))
                };
                let tl = timeline::blue_green(
                    p,
                    of(RunKind::PrePromotion),
                    of(RunKind::PostPromotion),
                    start,
                    &hold,
                );
                ("blueGreen", tl)
            }
            Plan::Flag(_) => anyhow::bail!("Rollout {}: a Rollout has no flag plan", args.name),
        };
        let report = Report {
            rollout: &args.name,
            namespace: &ns,
            strategy,
            images: images.iter().map(|(c, i)| format!("{c}={i}")).collect(),
            windows: gate.as_ref().map(|g| g.source.as_str()),
            fits: !tl.held,
            timeline: &tl,
        };
        if ctx.is_structured() {
            ctx.print_data(&report)?;
        } else {
            ctx.print(&render(&report))?;
        }
        Ok(if tl.held {
            ExitCode::Failed
        } else {
            ExitCode::Ok
        })
    })
}

/// The longest metric of the templates: `initialDelay + interval x (count - 1)`; a metric with
/// an interval and no count measures until the run is stopped.
fn analysis_length(templates: &[AnalysisTemplate]) -> Result<Length, Error> {
    let mut longest = TimeDelta::zero();
    for t in templates {
        for (i, m) in t.spec.metrics.iter().enumerate() {
            let field = |f: &str| {
                format!(
                    "{}: spec.metrics[{i}].{f}",
                    t.metadata.name.as_deref().unwrap_or("")
                )
            };
            let parse = |v: &Option<String>, f: &str| -> Result<TimeDelta, Error> {
                match v {
                    None => Ok(TimeDelta::zero()),
                    Some(s) => GoDuration::parse(s)
                        .map(GoDuration::to_chrono)
                        .map_err(|e| Error::field(field(f), e.to_string())),
                }
            };
            let delay = parse(&m.initial_delay, "initialDelay")?;
            let interval = parse(&m.interval, "interval")?;
            let count = match &m.count {
                Some(IntOrString::Int(n)) => Some(*n),
                Some(IntOrString::String(s)) => match s.trim().parse::<i64>() {
                    Ok(n) => Some(n),
                    // `{{args.count}}`: known only when the run is made.
                    Err(_) => return Ok(Length::Unbounded),
                },
                None if m.interval.is_some() => return Ok(Length::Unbounded),
                None => Some(1),
            };
            let n = count.unwrap_or(1).max(1);
            longest = longest.max(delay + interval * (n - 1) as i32);
        }
    }
    Ok(Length::For(longest))
}

fn describe(templates: &[AnalysisTemplate]) -> String {
    let parts: Vec<String> = templates
        .iter()
        .map(|t| {
            let metrics: Vec<String> = t
                .spec
                .metrics
                .iter()
                .map(|m| {
                    let count = match &m.count {
                        Some(IntOrString::Int(n)) => n.to_string(),
                        Some(IntOrString::String(s)) => s.clone(),
                        None => "1".into(),
                    };
                    match &m.interval {
                        Some(i) => format!("{} {i} x {count}", m.name),
                        None => format!("{} x {count}", m.name),
                    }
                })
                .collect();
            format!(
                "{} ({})",
                t.metadata.name.as_deref().unwrap_or(""),
                metrics.join(", ")
            )
        })
        .collect();
    parts.join(", ")
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn after(start: DateTime<Utc>, t: DateTime<Utc>) -> String {
    format!(
        "+{}",
        GoDuration::from_secs((t - start).num_seconds().max(0))
    )
}

fn render(r: &Report) -> String {
    let tl = r.timeline;
    let mut out = format!(
        "Rollout {}/{} ({}), from {}{}\n",
        r.namespace,
        r.rollout,
        r.strategy,
        time(tl.start),
        if r.images.is_empty() {
            String::new()
        } else {
            format!(", images {}", r.images.join(" "))
        }
    );
    let mut table = Table::new(["STEP", "WHAT", "WEIGHT", "EARLIEST START", "NOTE"]);
    for s in &tl.steps {
        let note = match (&s.held_by, s.needs_promote, s.end) {
            (Some(by), _, _) => format!("held: {by}"),
            (None, true, _) => "waits for a promote".to_string(),
            (None, false, None) => "runs until stopped".to_string(),
            (None, false, Some(end)) if end > s.start => format!("until {}", after(tl.start, end)),
            _ => String::new(),
        };
        table.row([
            s.index.map_or("-".to_string(), |i| i.to_string()),
            s.what.clone(),
            format!("{}%", s.weight),
            format!("{} ({})", time(s.start), after(tl.start, s.start)),
            note,
        ]);
    }
    out.push_str(&table.render());
    out.push('\n');
    let promote = if tl.needs_promote {
        " (taking every promote as immediate)"
    } else {
        ""
    };
    match tl.finish {
        Some(f) => out.push_str(&format!(
            "Earliest finish: {} ({}){promote}\n",
            time(f),
            after(tl.start, f)
        )),
        None => out.push_str(
            "Earliest finish: none (a window that does not open, or an analysis without end)\n",
        ),
    }
    if let Some(src) = r.windows {
        out.push_str(&if r.fits {
            format!("Windows ({src}): fits, no step is held\n")
        } else {
            format!("Windows ({src}): it would be HELD (see above)\n")
        });
    }
    out
}
