//! `smoke URL...`: validate the flags, probe, print each request on stderr as it completes, then
//! the summary (table on stdout, or the whole report with `-o json|yaml`) and the exit code.

use std::io::IsTerminal;
use std::sync::Arc;

use anyhow::Context as _;

use crate::cli::{OutputFormat, SmokeArgs};
use crate::error::{Error, ExitCode};
use crate::http::{self, ClientError};
use crate::output::{Context, Style, Table};
use crate::smoke::{self, Attempt, Outcome, Report, Settings, probe};

pub fn run(args: SmokeArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let report = probe_all(&args, ctx, false)?;
    render(ctx, &report)?;
    report_outcome(ctx, &report);
    Ok(report.outcome.exit_code())
}

/// Validates the flags, probes every URL and prints each attempt on stderr as it completes;
/// the report says how it went (`deploy` calls this for its smoke stage). With `fail_fast` the
/// probing stops at the first attempt that failed for good: the verdict is known.
pub fn probe_all(args: &SmokeArgs, ctx: &Context, fail_fast: bool) -> anyhow::Result<Report> {
    let settings = Settings::from_args(args)?;
    let ca_pem = match &settings.cacert {
        Some(path) => Some(
            crate::files::read(path)
                .map_err(|e| Error::flag("--cacert", format!("{}: {e}", path.display())))?,
        ),
        None => None,
    };
    let client = http::client(&probe::client_options(&settings, ca_pem)).map_err(|e| match e {
        ClientError::NoCertificate | ClientError::InvalidCertificate(_) => {
            let path = settings.cacert.as_deref().unwrap_or("".as_ref());
            anyhow::Error::from(Error::flag("--cacert", format!("{}: {e}", path.display())))
        }
        ClientError::Build(_) => anyhow::Error::from(e),
    })?;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    // As every line and the report show them: credentials masked.
    let urls: Vec<String> = settings
        .urls
        .iter()
        .map(|u| crate::redact::url(u.as_str()))
        .collect();
    let settings = Arc::new(settings);
    let stamp = !std::io::stderr().is_terminal();
    let requests = runtime.block_on(async {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Attempt>(64);
        let probing = tokio::spawn(probe::run(settings.clone(), client, tx));
        let mut requests = Vec::new();
        while let Some(attempt) = rx.recv().await {
            eprintln!("{}", progress_line(ctx, &attempt, stamp));
            let failed = !attempt.passed && !attempt.retried;
            requests.push(attempt);
            if fail_fast && failed {
                probing.abort();
                return anyhow::Ok(requests);
            }
        }
        probing.await.context("the prober stopped")?;
        anyhow::Ok(requests)
    })?;

    Ok(smoke::summarize(&urls, requests, &settings.expect))
}

fn progress_line(ctx: &Context, attempt: &Attempt, stamp: bool) -> String {
    let line = attempt.line();
    let line = if attempt.passed {
        line
    } else if attempt.retried {
        ctx.paint_err(&line, Style::Yellow)
    } else {
        ctx.paint_err(&line, Style::Red)
    };
    if stamp {
        format!(
            "{} {line}",
            crate::clock::now().format("%Y-%m-%dT%H:%M:%S%.3fZ")
        )
    } else {
        line
    }
}

pub fn render(ctx: &Context, report: &Report) -> anyhow::Result<()> {
    if ctx.is_structured() {
        return ctx.print_data(report);
    }
    let wide = ctx.format == OutputFormat::Wide;
    let mut headers = vec!["URL", "PASSED", "P50", "P90", "MAX", "RESULT"];
    if wide {
        headers.push("STATUSES");
    }
    let mut table = Table::new(headers);
    for s in &report.summary {
        let (p50, p90, max) = smoke::latency_cells(s);
        let result = if s.failed == 0 {
            "ok".to_string()
        } else {
            smoke::format_failures(s)
        };
        let mut row = vec![s.url.clone(), smoke::format_ratio(s), p50, p90, max, result];
        if wide {
            row.push(statuses(report, &s.url));
        }
        table.row(row);
    }
    ctx.print(&table.render())?;
    Ok(())
}

/// Status codes seen for `url` with their counts, e.g. `200x4 503x1`; `---` is no response.
fn statuses(report: &Report, url: &str) -> String {
    let mut counts: Vec<(String, u32)> = Vec::new();
    for a in report.attempts.iter().filter(|a| a.url == url) {
        let key = a
            .status
            .map_or_else(|| "---".to_string(), |s| s.to_string());
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
    }
    counts
        .iter()
        .map(|(k, n)| format!("{k}x{n}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The verdict for a person on stderr, and for GitHub Actions: `::error::` per failed URL, the
/// step summary table and the `passed` and `success-ratio` outputs.
pub fn report_outcome(ctx: &Context, report: &Report) {
    let total: u32 = report.summary.iter().map(|s| s.attempts).sum();
    let passed: u32 = report.summary.iter().map(|s| s.passed).sum();
    for s in report.summary.iter().filter(|s| s.failed > 0) {
        ctx.error(&format!(
            "{}: {} of {} attempts failed ({}; expected status {})",
            s.url,
            s.failed,
            s.attempts,
            smoke::format_failures(s),
            report.expect
        ));
    }
    match report.outcome {
        Outcome::Passed => eprintln!(
            "{} {passed}/{total} attempts passed",
            ctx.paint_err("smoke passed:", Style::Green)
        ),
        Outcome::Failed => eprintln!(
            "{} {passed}/{total} attempts passed",
            ctx.paint_err("smoke failed:", Style::Red)
        ),
        Outcome::Unreachable => eprintln!(
            "{} no attempt could connect to any URL",
            ctx.paint_err("smoke failed, unreachable:", Style::Red)
        ),
    }
    if let Some(gha) = &ctx.gha {
        let results = [
            gha.summary(&smoke::markdown(report)),
            gha.set_output("passed", if report.passed { "true" } else { "false" }),
            gha.set_output("success-ratio", &report.success_ratio.to_string()),
        ];
        for r in results {
            if let Err(e) = r {
                ctx.warning(&format!(
                    "cannot write GitHub Actions summary or outputs: {e}"
                ));
            }
        }
    }
}
