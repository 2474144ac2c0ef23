//! Progress of a drive for a person: a bar on a TTY, timestamped lines otherwise, GitHub
//! Actions groups, annotations and a step summary; and the one-line form of a measurement.

use std::io::IsTerminal;
use std::time::Duration;

use super::Context;
use crate::engine::{self, Decision, Input, Outcome};
use crate::spec::rollout::{BlueGreenPlan, CanaryPlan, Plan};

/// Progress for a person: a bar on a TTY, timestamped lines otherwise, GitHub Actions groups.
pub struct Reporter<'a> {
    ctx: &'a Context,
    name: String,
    ns: String,
    last: Option<(i32, String, Option<i32>, String)>,
    bar: Option<indicatif::ProgressBar>,
    group_open: bool,
    rows: Vec<(String, String)>,
}

impl<'a> Reporter<'a> {
    pub fn new(ctx: &'a Context, name: &str, ns: &str) -> Self {
        let bar = (std::io::stderr().is_terminal() && ctx.gha.is_none()).then(|| {
            let b = indicatif::ProgressBar::new(0);
            b.set_style(
                indicatif::ProgressStyle::with_template("{spinner} [{bar:20}] {pos}/{len} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b.enable_steady_tick(Duration::from_millis(200));
            b
        });
        Reporter {
            ctx,
            name: name.into(),
            ns: ns.into(),
            last: None,
            bar,
            group_open: false,
            rows: Vec::new(),
        }
    }

    /// One line for where the rollout stands, in the terms of its strategy.
    fn describe(input: &Input<Plan>, d: &Decision) -> String {
        match &input.plan {
            Plan::Canary(plan) => Self::describe_canary(plan, d),
            Plan::BlueGreen(plan) => describe_blue_green(plan, d),
            // The flag's step machine words its own status message.
            Plan::Flag(_) => format!(
                "{}: {}",
                d.status.phase.as_deref().unwrap_or(""),
                d.status.message.as_deref().unwrap_or("")
            ),
        }
    }

    /// The bar's length: the strategy's number of steps (blue-green: preview, pre-promotion
    /// analysis, switch, stable).
    fn steps(input: &Input<Plan>) -> u64 {
        match &input.plan {
            Plan::Canary(plan) => plan.steps.len() as u64,
            Plan::BlueGreen(_) => 4,
            Plan::Flag(plan) => plan.steps.len() as u64,
        }
    }

    /// Where the bar stands: the canary's step; the blue-green milestones reached.
    fn position(input: &Input<Plan>, d: &Decision) -> i32 {
        let st = &d.status;
        match &input.plan {
            Plan::Canary(_) | Plan::Flag(_) => st.current_step_index.unwrap_or(0),
            Plan::BlueGreen(_) => {
                let current = st.current_pod_hash.as_ref();
                let bg = &st.blue_green;
                [
                    bg.preview_selector.as_ref() == current,
                    bg.pre_promotion_analysis_run_status
                        .as_ref()
                        .is_some_and(|a| a.status == "Successful")
                        || bg.active_selector.as_ref() == current,
                    bg.active_selector.as_ref() == current,
                    st.stable_rs.as_ref() == current,
                ]
                .into_iter()
                .filter(|x| *x)
                .count() as i32
            }
        }
    }

    fn describe_canary(plan: &CanaryPlan, d: &Decision) -> String {
        let st = &d.status;
        let idx = st.current_step_index.unwrap_or(0);
        let n = plan.steps.len();
        let step = usize::try_from(idx)
            .ok()
            .and_then(|i| plan.steps.get(i))
            .map(|s| match s {
                engine::Step::SetWeight(w) => format!("setWeight {w}"),
                engine::Step::Pause(Some(d)) => format!("pause {d}"),
                engine::Step::Pause(None) => "pause (until promoted)".into(),
                engine::Step::SetCanaryScale { .. } => "setCanaryScale".into(),
                engine::Step::Analysis(_) => match &st.canary.current_step_analysis_run_status {
                    Some(a) => format!("analysis (AnalysisRun {} {})", a.name, a.status),
                    None => "analysis".into(),
                },
            })
            .unwrap_or_else(|| "done".into());
        let weight = st
            .canary
            .weights
            .as_ref()
            .map(|w| format!(", weight {}", w.canary.weight))
            .unwrap_or_default();
        let pause = match &d.outcome {
            Outcome::Paused { until: Some(t) } => {
                let left = (*t - crate::clock::now()).num_seconds().max(0);
                format!(", {left}s left")
            }
            _ => String::new(),
        };
        let background = st
            .canary
            .current_background_analysis_run_status
            .as_ref()
            .filter(|_| st.current_pod_hash != st.stable_rs)
            .map(|a| format!(", background AnalysisRun {} {}", a.name, a.status))
            .unwrap_or_default();
        let canary_pods = if st.current_pod_hash != st.stable_rs {
            format!(", {} canary pods", st.updated_replicas.unwrap_or(0))
        } else {
            String::new()
        };
        format!(
            "step {idx}/{n} {step}: {}{weight}{canary_pods}, {} pods available ({} desired){pause}{background}{}",
            st.phase.as_deref().unwrap_or(""),
            st.available_replicas.unwrap_or(0),
            plan.replicas,
            st.message
                .as_deref()
                .filter(|m| st.phase.as_deref() == Some("Degraded") && !m.is_empty())
                .map(|m| format!(" ({m})"))
                .unwrap_or_default()
        )
    }

    pub fn update(&mut self, input: &Input<Plan>, d: &Decision) {
        let st = &d.status;
        let key = (
            Self::position(input, d),
            st.phase.clone().unwrap_or_default(),
            st.canary.weights.as_ref().map(|w| w.canary.weight),
            format!(
                "{} {:?} {:?} {:?}",
                st.available_replicas.unwrap_or(0),
                st.blue_green,
                st.canary
                    .current_step_analysis_run_status
                    .as_ref()
                    .map(|a| &a.status),
                st.canary
                    .current_background_analysis_run_status
                    .as_ref()
                    .map(|a| &a.status),
            ),
        );
        let line = Self::describe(input, d);
        if let Some(bar) = &self.bar {
            bar.set_length(Self::steps(input));
            bar.set_position(key.0.max(0) as u64);
            bar.set_message(format!("{}: {line}", self.name));
        }
        if self.last.as_ref() == Some(&key) {
            return;
        }
        let step_changed = self.last.as_ref().map(|l| l.0) != Some(key.0);
        self.last = Some(key);
        if let Some(gha) = &self.ctx.gha {
            if step_changed {
                if self.group_open {
                    gha.end_group();
                }
                gha.group(&format!("{} {line}", self.name));
                self.group_open = true;
            }
            if matches!(d.outcome, Outcome::Degraded { aborted: true, .. }) {
                gha.annotate(
                    "error",
                    &format!(
                        "Rollout {}: {}",
                        self.name,
                        st.message.clone().unwrap_or_default()
                    ),
                );
            }
        }
        let ts = crate::spec::time::format(&crate::clock::now());
        self.rows.push((ts.clone(), line.clone()));
        if self.bar.is_none() {
            eprintln!("{ts} {}/{} {line}", self.ns, self.name);
        }
    }

    /// One measurement of an analysis run: the query, its value, the condition and the verdict.
    pub fn measurement(
        &mut self,
        run: &crate::spec::analysis::AnalysisRun,
        metric: &str,
        t: &crate::analysis::measure::Taken,
    ) {
        let line = measurement_line(run, metric, t);
        let ts = crate::spec::time::format(&crate::clock::now());
        self.rows.push((ts.clone(), line.clone()));
        let text = format!("{ts} {}/{} {line}", self.ns, self.name);
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }

    pub fn has_bar(&self) -> bool {
        self.bar.is_some()
    }

    /// Redraws the bar's message (the pause countdown) without a new decision.
    pub fn refresh(&self, input: &Input<Plan>, d: &Decision) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{}: {}", self.name, Self::describe(input, d)));
        }
    }

    pub fn finish(&mut self, input: &Input<Plan>, d: &Decision) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
            if let Some((ts, line)) = self.rows.last() {
                eprintln!("{ts} {}/{} {line}", self.ns, self.name);
            }
        }
        if let Some(gha) = &self.ctx.gha {
            if self.group_open {
                gha.end_group();
                self.group_open = false;
            }
            let st = &d.status;
            let rows: Vec<Vec<&str>> = self
                .rows
                .iter()
                .map(|(ts, line)| vec![ts.as_str(), line.as_str()])
                .collect();
            let md = format!(
                "### Rollout `{}` in `{}`: {}\n\n{}",
                self.name,
                self.ns,
                st.phase.as_deref().unwrap_or(""),
                crate::output::gha::markdown_table(&["time", "transition"], &rows)
            );
            let _ = gha.summary(&md);
            let _ = gha.set_output("phase", st.phase.as_deref().unwrap_or(""));
            let _ = gha.set_output("stable-hash", st.stable_rs.as_deref().unwrap_or(""));
            let _ = gha.set_output("canary-hash", st.current_pod_hash.as_deref().unwrap_or(""));
            if let Plan::BlueGreen(_) = &input.plan {
                let bg = &st.blue_green;
                let _ = gha.set_output("active-hash", bg.active_selector.as_deref().unwrap_or(""));
                let _ =
                    gha.set_output("preview-hash", bg.preview_selector.as_deref().unwrap_or(""));
            }
        }
    }
}

/// One line for a blue-green rollout: which revision each Service selects, the new revision's
/// pods, the promotion analysis and the pause.
fn describe_blue_green(plan: &BlueGreenPlan, d: &Decision) -> String {
    let st = &d.status;
    let bg = &st.blue_green;
    let current = st.current_pod_hash.as_deref().unwrap_or("");
    let updating = st.stable_rs.as_deref() != Some(current);
    let new_pods = if updating {
        format!(", {} new pods", st.updated_replicas.unwrap_or(0))
    } else {
        String::new()
    };
    let run = |what: &str, a: &Option<crate::spec::rollout::AnalysisRunStatusRef>| {
        a.as_ref()
            .filter(|a| a.name.contains(current))
            .map(|a| format!(", {what} AnalysisRun {} {}", a.name, a.status))
            .unwrap_or_default()
    };
    let pause = match &d.outcome {
        Outcome::Paused { until: Some(t) } => {
            let left = (*t - crate::clock::now()).num_seconds().max(0);
            format!(", promotes in {left}s")
        }
        Outcome::Paused { until: None } => ", until promoted".to_string(),
        _ => String::new(),
    };
    format!(
        "active {} preview {}: {}{new_pods}, {} pods available ({} desired){}{}{pause}{}",
        bg.active_selector.as_deref().unwrap_or("-"),
        bg.preview_selector.as_deref().unwrap_or("-"),
        st.phase.as_deref().unwrap_or(""),
        st.available_replicas.unwrap_or(0),
        plan.replicas,
        run("pre-promotion", &bg.pre_promotion_analysis_run_status),
        run("post-promotion", &bg.post_promotion_analysis_run_status),
        st.message
            .as_deref()
            .filter(|m| st.phase.as_deref() == Some("Degraded") && !m.is_empty())
            .map(|m| format!(" ({m})"))
            .unwrap_or_default()
    )
}

/// `analysis web-abc-2 success-rate #3: sum(rate(...)) = 0.97, result[0] >= 0.99 => Failed (...)`
/// (pure; `#n` counts the metric's measurements so far, as stored in the run).
pub fn measurement_line(
    run: &crate::spec::analysis::AnalysisRun,
    metric: &str,
    t: &crate::analysis::measure::Taken,
) -> String {
    let name = run.metadata.name.as_deref().unwrap_or("");
    let n = run
        .status
        .as_ref()
        .and_then(|s| s.metric_results.iter().find(|r| r.name == metric))
        .map(|r| r.successful + r.failed + r.inconclusive + r.error)
        .unwrap_or(0);
    let condition = run
        .spec
        .metrics
        .iter()
        .find(|m| m.name == metric)
        .map(|m| {
            crate::analysis::measure::conditions_text(
                m.success_condition.as_deref(),
                m.failure_condition.as_deref(),
            )
        })
        .unwrap_or_default();
    let (value, why) = (t.value_text(), t.why_text());
    format!(
        "analysis {name} {metric} #{n}: {} = {value}, {condition} => {}{why}",
        t.query, t.measurement.phase
    )
}
