//! `analyze TEMPLATE_OR_FILE [-f FILE] [--arg k=v]... [--prometheus URL] [--explain]`: runs an
//! AnalysisTemplate's metrics to completion outside a rollout, as a CI gate.
//!
//! Exit 0 Successful; 1 Failed, Inconclusive or Error; 2 bad input; 4 Prometheus unreachable
//! (on the first query, or when the run ends in Error because it could not be reached).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::analysis::judge::{self, Assessment};
use crate::analysis::measure::{self, Addresses, Taken, collapse_whitespace};
use crate::cli::{AnalyzeArgs, GlobalArgs};
use crate::error::{Error, ExitCode};
use crate::output::{Context, Style, Table, gha};
use crate::spec::analysis::{
    API_VERSION, AnalysisRunSpec, AnalysisRunStatus, AnalysisTemplate, Argument, Phase,
    ResolvedMetric, resolve_args, resolve_metrics, template_from_yaml,
};

pub fn run(args: AnalyzeArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let env = std::env::var("PROMETHEUS_URL").ok();
    Ok(gate_with(&args, env.as_deref(), global, ctx)?.0)
}

/// Checks the template and its arguments without querying anything (exit 2 on bad input).
pub fn validate(args: &AnalyzeArgs, global: &GlobalArgs) -> anyhow::Result<()> {
    load(args, None, global)?;
    Ok(())
}

/// Runs the template to completion and reports it; returns the exit code and the run's
/// message (which metric decided, with its values), for `deploy`'s analysis stage.
pub fn gate(
    args: &AnalyzeArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<(ExitCode, String)> {
    gate_with(args, None, global, ctx)
}

/// Everything checked before the first query: arguments, template, metrics, addresses.
struct Loaded {
    template: AnalysisTemplate,
    values: BTreeMap<String, String>,
    metrics: Vec<ResolvedMetric>,
    addresses: Addresses,
}

/// `env_url` is `$PROMETHEUS_URL` for the `analyze` command: when set and not empty it stands
/// in for `--prometheus`; empty, it is no address.
fn load(args: &AnalyzeArgs, env_url: Option<&str>, global: &GlobalArgs) -> anyhow::Result<Loaded> {
    let given = parse_args(&args.args)?;
    let (template, source) = load_template(args, global)?;
    let values = resolve_args(&template.spec.args, &given).map_err(|e| e.in_file(&source))?;
    let metrics = resolve_metrics(&template.spec, &values).map_err(|e| e.in_file(&source))?;
    for (i, m) in metrics.iter().enumerate() {
        if m.count.is_none() {
            return Err(Error::field(
                format!("spec.metrics[{i}].count"),
                format!(
                    "metric {:?} has an interval but no count, so it measures until its rollout step ends; \
                     analyze runs a template to completion and needs a count",
                    m.name
                ),
            )
            .in_file(&source)
            .into());
        }
    }
    let from_env = env_url.filter(|u| !u.is_empty());
    let (override_address, name) = match (&args.prometheus, from_env) {
        (Some(flag), _) => (Some(flag.clone()), "--prometheus"),
        (None, Some(env)) => (Some(env.to_string()), "PROMETHEUS_URL"),
        (None, None) => (None, "--prometheus"),
    };
    let hint = match env_url {
        Some("") => {
            "set provider.prometheus.address in the template or pass --prometheus URL \
                     (PROMETHEUS_URL is set but empty)"
        }
        _ => {
            "set provider.prometheus.address in the template, pass --prometheus URL or set PROMETHEUS_URL"
        }
    };
    let addresses = Addresses {
        override_address,
        fallback: None,
        ..Addresses::default()
    };
    addresses
        .check((name, "PROMETHEUS_URL"), hint, &metrics)
        .map_err(|e| match e {
            Error::Input { ref location, .. }
                if location
                    .field
                    .as_deref()
                    .is_some_and(|f| f.starts_with("spec.")) =>
            {
                e.in_file(&source)
            }
            other => other,
        })?;
    Ok(Loaded {
        template,
        values,
        metrics,
        addresses,
    })
}

fn gate_with(
    args: &AnalyzeArgs,
    env_url: Option<&str>,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<(ExitCode, String)> {
    let Loaded {
        template,
        values,
        metrics,
        addresses,
    } = load(args, env_url, global)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let outcome = runtime.block_on(drive(&metrics, &addresses, ctx))?;
    let code = report(
        &template,
        &values,
        &metrics,
        &outcome,
        args.explain,
        addresses.override_address.as_deref(),
        ctx,
    )?;
    Ok((
        code,
        format!(
            "{}: {}",
            outcome.assessment.phase, outcome.assessment.message
        ),
    ))
}

/// `--arg NAME=VALUE`, repeatable.
pub(crate) fn parse_args(raw: &[String]) -> Result<BTreeMap<String, String>, Error> {
    let mut out = BTreeMap::new();
    // An argument is often a credential: errors say which one and the shape, not the value.
    for (n, item) in raw.iter().enumerate() {
        let which = crate::smoke::ordinal(n + 1);
        let Some((name, value)) = item.split_once('=') else {
            return Err(Error::flag(
                "--arg",
                format!("the {which} --arg has no '='; expected NAME=VALUE, e.g. service=web"),
            ));
        };
        if name.is_empty() {
            return Err(Error::flag(
                "--arg",
                format!(
                    "the {which} --arg has an empty NAME; expected NAME=VALUE, e.g. service=web"
                ),
            ));
        }
        out.insert(name.to_string(), value.to_string());
    }
    Ok(out)
}

/// From `-f FILE`, a path given as TEMPLATE, or the cluster (namespace `-n`).
fn load_template(
    args: &AnalyzeArgs,
    global: &GlobalArgs,
) -> anyhow::Result<(AnalysisTemplate, String)> {
    let path = match (&args.file, &args.template) {
        (Some(file), _) => Some(file.clone()),
        (None, Some(t)) if Path::new(t).is_file() => Some(t.into()),
        (None, Some(_)) => None,
        (None, None) => {
            return Err(Error::flag(
                "TEMPLATE",
                "name an AnalysisTemplate in the cluster, or pass -f FILE",
            )
            .into());
        }
    };
    if let Some(path) = path {
        let display = path.display().to_string();
        let text = crate::files::read_to_string(&path).map_err(|e| Error::Input {
            location: Default::default(),
            message: format!("{display}: {e}"),
        })?;
        let template = template_from_yaml(&text).map_err(|e| e.in_file(&display))?;
        return Ok((template, display));
    }
    let name = args.template.clone().unwrap_or_default();
    let template = crate::analysis::cluster::load_template(global, &name)?;
    let source = format!("analysistemplate/{name}");
    Ok((template, source))
}

/// Everything that happened in the run, for the report.
struct Outcome {
    status: AnalysisRunStatus,
    assessment: Assessment,
    taken: Vec<(usize, Taken)>,
    unreachable_at_end: bool,
}

async fn drive(
    metrics: &[ResolvedMetric],
    addresses: &Addresses,
    ctx: &Context,
) -> anyhow::Result<Outcome> {
    let mut status = AnalysisRunStatus {
        phase: Phase::Running,
        started_at: Some(crate::clock::now()),
        ..Default::default()
    };
    let mut taken: Vec<(usize, Taken)> = Vec::new();
    let mut answered = false;
    for m in metrics {
        let q = crate::analysis::prometheus::prepare(
            m,
            addresses.override_address.as_deref(),
            addresses.fallback.as_deref(),
            crate::clock::now(),
        );
        let address = q
            .as_ref()
            .map(|q| crate::redact::url(&q.address))
            .unwrap_or_default();
        progress(
            ctx,
            &format!(
                "{}: query {} at {}",
                m.name,
                collapse_whitespace(&m.prometheus.query),
                if address.is_empty() { "?" } else { &address }
            ),
        )?;
    }
    loop {
        let now = crate::clock::now();
        let assessment = judge::assess(metrics, &status, false, now);
        judge::apply(metrics, &mut status, &assessment);
        if assessment.phase.is_completed() {
            let unreachable_at_end = assessment.phase == Phase::Error
                && metrics.iter().zip(&assessment.metrics).any(|(m, (p, _))| {
                    *p == Phase::Error
                        && taken
                            .iter()
                            .rev()
                            .find(|(i, _)| metrics[*i].name == m.name)
                            .is_some_and(|(_, t)| t.unreachable)
                });
            return Ok(Outcome {
                status,
                assessment,
                taken,
                unreachable_at_end,
            });
        }
        if !assessment.due.is_empty() {
            let started = crate::clock::now();
            let futures = assessment
                .due
                .iter()
                .map(|&i| measure::take(&metrics[i], addresses, started));
            let results = take_in_turn(futures).await;
            for (&i, t) in assessment.due.iter().zip(results) {
                if t.unreachable && !answered {
                    return Err(Error::Unreachable(t.measurement.message.clone()).into());
                }
                answered |= !t.unreachable;
                let n = taken.iter().filter(|(j, _)| *j == i).count() + 1;
                progress(ctx, &measurement_line(&metrics[i], n, &t))?;
                judge::record(
                    &metrics[i],
                    judge::result_mut(&mut status, &metrics[i]),
                    t.measurement.clone(),
                );
                taken.push((i, t));
            }
            continue;
        }
        if let Some(next) = assessment.next_at {
            sleep_until(next).await;
        }
    }
}

/// Takes the measurements that are due one after the other. Argo runs them in parallel; here
/// they share the evaluation time (`started`), so the values are the same, and queries are
/// short.
async fn take_in_turn<F: std::future::Future<Output = Taken>>(
    futures: impl Iterator<Item = F>,
) -> Vec<Taken> {
    let mut out = Vec::new();
    for f in futures {
        out.push(f.await);
    }
    out
}

async fn sleep_until(at: DateTime<Utc>) {
    let wait = (at - crate::clock::now()).to_std().unwrap_or_default();
    tokio::time::sleep(wait).await;
}

/// Progress goes to stdout for people, to stderr when stdout carries JSON/YAML.
fn progress(ctx: &Context, line: &str) -> std::io::Result<()> {
    if ctx.is_structured() {
        eprintln!("{line}");
        Ok(())
    } else {
        ctx.println(line)
    }
}

fn condition_text(metric: &ResolvedMetric) -> String {
    measure::conditions_text(
        metric.success.as_ref().map(|c| c.source()),
        metric.failure.as_ref().map(|c| c.source()),
    )
}

fn measurement_line(metric: &ResolvedMetric, n: usize, t: &Taken) -> String {
    let at = t
        .measurement
        .started_at
        .map(|s| s.format("%H:%M:%S").to_string())
        .unwrap_or_default();
    let (value, why) = (t.value_text(), t.why_text());
    format!(
        "{at} {} #{n}: value {value}, {} => {}{why}",
        metric.name,
        condition_text(metric),
        t.measurement.phase
    )
}

/// An AnalysisRun as Argo lays it out, for `-o json|yaml`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunView<'a> {
    api_version: &'static str,
    kind: &'static str,
    metadata: BTreeMap<&'static str, String>,
    spec: AnalysisRunSpec,
    status: &'a AnalysisRunStatus,
}

fn report(
    template: &AnalysisTemplate,
    values: &BTreeMap<String, String>,
    metrics: &[ResolvedMetric],
    outcome: &Outcome,
    explain: bool,
    override_address: Option<&str>,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    let phase = outcome.assessment.phase;
    let message = &outcome.assessment.message;
    if ctx.is_structured() {
        let secret_args: std::collections::BTreeSet<String> = template
            .spec
            .metrics
            .iter()
            .filter_map(|m| m.provider.prometheus.as_ref())
            .flat_map(|p| {
                let mut texts: Vec<&str> = p.headers.iter().map(|h| h.value.as_str()).collect();
                texts.extend(p.address.as_deref());
                texts
                    .into_iter()
                    .flat_map(crate::spec::analysis::placeholders)
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut metadata = BTreeMap::new();
        metadata.insert(
            "name",
            template
                .metadata
                .name
                .clone()
                .unwrap_or_else(|| "analyze".into()),
        );
        let view = RunView {
            api_version: API_VERSION,
            kind: "AnalysisRun",
            metadata,
            spec: AnalysisRunSpec {
                // The address actually queried, not the template's.
                metrics: template
                    .spec
                    .metrics
                    .iter()
                    .cloned()
                    .map(|mut m| {
                        if let Some(p) = m.provider.prometheus.as_mut() {
                            if let Some(address) = override_address {
                                p.address = Some(address.to_string());
                            }
                            p.address = p.address.as_deref().map(crate::redact::url);
                            for h in &mut p.headers {
                                h.value = crate::redact::header_value(&h.value);
                            }
                        }
                        m
                    })
                    .collect(),
                // Secret-backed arguments stay references, as in Argo's runs; an argument that
                // fills a header value or an address is a credential too, and masked.
                args: values
                    .iter()
                    .map(|(k, v)| {
                        let declared = template.spec.args.iter().find(|a| &a.name == k);
                        match declared.and_then(|a| a.value_from.clone()) {
                            Some(value_from) => Argument {
                                name: k.clone(),
                                value: None,
                                value_from: Some(value_from),
                            },
                            None => Argument {
                                name: k.clone(),
                                value: Some(if secret_args.contains(k) {
                                    crate::redact::MASK.to_string()
                                } else {
                                    v.clone()
                                }),
                                value_from: None,
                            },
                        }
                    })
                    .collect(),
                dry_run: template.spec.dry_run.clone(),
                measurement_retention: template.spec.measurement_retention.clone(),
                terminate: false,
            },
            status: &outcome.status,
        };
        ctx.print_data(&view)?;
    } else if explain {
        let mut table = Table::new([
            "METRIC",
            "#",
            "STARTED",
            "QUERY",
            "VALUE",
            "CONDITION",
            "VERDICT",
            "WHY",
        ]);
        let mut counts = vec![0usize; metrics.len()];
        for (i, t) in &outcome.taken {
            counts[*i] += 1;
            table.row([
                metrics[*i].name.clone(),
                counts[*i].to_string(),
                t.measurement
                    .started_at
                    .map(|s| s.format("%H:%M:%S").to_string())
                    .unwrap_or_default(),
                t.query.clone(),
                if t.measurement.value.is_empty() {
                    "-".to_string()
                } else {
                    t.measurement.value.clone()
                },
                condition_text(&metrics[*i]),
                t.measurement.phase.to_string(),
                t.measurement.message.clone(),
            ]);
        }
        ctx.print(&table.render())?;
        let mut summary = Table::new(["METRIC", "PHASE", "MESSAGE"]);
        for (m, (p, msg)) in metrics.iter().zip(&outcome.assessment.metrics) {
            let name = if m.dry_run {
                format!("{} (dry-run)", m.name)
            } else {
                m.name.clone()
            };
            summary.row([name, p.to_string(), msg.clone()]);
        }
        ctx.print(&summary.render())?;
    }
    if let Some(gha) = &ctx.gha {
        gha.summary(&summary_markdown(metrics, outcome))?;
        gha.set_output("phase", phase.as_str())?;
        gha.set_output("message", message)?;
    }
    let line = if message.is_empty() {
        format!("analysis {phase}")
    } else {
        format!("analysis {phase}: {message}")
    };
    match phase {
        Phase::Successful => {
            if !ctx.is_structured() {
                ctx.println(&ctx.paint(&line, Style::Green))?;
            }
            Ok(ExitCode::Ok)
        }
        _ if outcome.unreachable_at_end => {
            Err(Error::Unreachable(format!("analysis {phase}: {message}")).into())
        }
        _ => {
            ctx.error(&line);
            Ok(ExitCode::Failed)
        }
    }
}

/// The GitHub Actions step summary: the verdict and every measurement.
fn summary_markdown(metrics: &[ResolvedMetric], outcome: &Outcome) -> String {
    let mut counts = vec![0usize; metrics.len()];
    let rows: Vec<Vec<String>> = outcome
        .taken
        .iter()
        .map(|(i, t)| {
            counts[*i] += 1;
            vec![
                metrics[*i].name.clone(),
                counts[*i].to_string(),
                format!("`{}`", t.measurement.value),
                format!("`{}`", condition_text(&metrics[*i])),
                t.measurement.phase.to_string(),
                t.measurement.message.clone(),
            ]
        })
        .collect();
    format!(
        "### Analysis {}\n\n{}\n\n{}",
        outcome.assessment.phase,
        outcome.assessment.message.replace('\n', " "),
        gha::markdown_table(
            &["metric", "#", "value", "condition", "verdict", "why"],
            &rows
        )
    )
}
