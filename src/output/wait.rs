//! Progress while waiting for a Deployment to roll out: a timestamped line per change on
//! stderr, or a bar of available pods on a terminal.

use std::io::IsTerminal;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;

use super::Context;
use crate::workload::status::{self, Progress};

pub struct WaitReporter {
    label: String,
    bar: Option<indicatif::ProgressBar>,
}

impl WaitReporter {
    /// `label` prefixes every line, e.g. `ns/deployment/web`.
    pub fn new(ctx: &Context, label: String) -> Self {
        let bar = (std::io::stderr().is_terminal() && ctx.gha.is_none()).then(|| {
            let b = indicatif::ProgressBar::new(0);
            b.set_style(
                indicatif::ProgressStyle::with_template("{spinner} [{bar:20}] {pos}/{len} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b.enable_steady_tick(Duration::from_millis(200));
            b
        });
        WaitReporter { label, bar }
    }

    /// One observation whose progress changed.
    pub fn update(&self, d: &Deployment, p: &Progress) {
        let message = match p {
            Progress::Waiting(m) | Progress::Done(m) | Progress::Failed(m) => m,
        };
        match &self.bar {
            Some(bar) => {
                let (ready, desired) = status::counts(d);
                bar.set_length(desired.max(0) as u64);
                bar.set_position(ready.max(0) as u64);
                bar.set_message(format!("{}: {message}", self.label));
            }
            None => {
                let ts = crate::spec::time::format(&crate::clock::now());
                eprintln!("{ts} {} {message}", self.label);
            }
        }
    }

    /// Clears the bar, leaving the last line printed.
    pub fn finish(self, last: &str) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
            let ts = crate::spec::time::format(&crate::clock::now());
            eprintln!("{ts} {} {last}", self.label);
        }
    }
}
