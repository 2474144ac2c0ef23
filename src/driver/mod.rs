//! The driver: one loop for every step machine and every subject (`subject::Subject`: a
//! Rollout, a flag). It takes the subject's Lease, then observes -> decides (`engine::decide`)
//! -> records status -> applies -> waits for a watch event or the engine's wake-up time, and
//! stops on an outcome, a timeout or a signal. It knows nothing about the strategy; `preflight` checks a Rollout before anything changes.

pub mod flag;
mod latest;
pub mod preflight;
mod rollout;
pub mod subject;
mod watch;
pub mod windows;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::FutureExt;
use kube::Client;

use crate::engine::{self, Input, Outcome, hash};
use crate::error::ExitCode;
use crate::kube::watched::Watched;
use crate::kube::{lease, observe, status};
use crate::output::Context;
use crate::output::progress::Reporter;
use crate::spec::rollout::{Plan, Rollout};
use rollout::RolloutSubject;
use subject::Subject;

/// How a drive was started.
#[derive(Debug, Clone, Default)]
pub struct DriveOptions {
    pub timeout: Option<Duration>,
    pub wait_for_lease: bool,
    pub force: bool,
    /// Started by promote/abort/retry: another driver holding the lease is fine.
    pub after_intent: bool,
    /// `abort`: reaching the aborted state is success.
    pub abort: bool,
    /// `--prometheus`: the address every analysis queries, whatever its template says.
    pub prometheus: Option<String>,
    /// `--window-project`: deploy windows that hold steps shifting more traffic.
    pub windows: Option<windows::WindowGate>,
}

/// The engine's input for a Rollout and its validated plan.
pub fn input_for(ro: &Rollout, plan: Plan) -> anyhow::Result<Input<Plan>> {
    let template = serde_json::to_value(&ro.spec.template)?;
    let steps = serde_json::to_value(
        ro.spec
            .strategy
            .canary
            .as_ref()
            .map(|c| c.steps.clone())
            .unwrap_or_default(),
    )?;
    Ok(Input {
        name: ro.metadata.name.clone().unwrap_or_default(),
        plan,
        pod_hash: hash::pod_template_hash(&template),
        step_hash: hash::value_hash(&steps),
        generation: ro.metadata.generation,
        hold: None,
    })
}

/// The engine's input for what a round observed: the live revision is the ReplicaSet that
/// carries the Rollout's template (`Snapshot::live_hash`), under the hash it already has.
pub fn input_of(snap: &observe::Snapshot, plan: Plan) -> anyhow::Result<Input<Plan>> {
    let mut input = input_for(&snap.rollout, plan)?;
    if let Some(live) = &snap.live_hash {
        input.pod_hash = live.clone();
    }
    Ok(input)
}

/// Drives a Rollout. Returns the exit code for where the rollout ended.
/// `rollout` is the Rollout as this invocation read it; every round reads it again.
pub async fn drive(
    client: &Client,
    rollout: &Rollout,
    opts: &DriveOptions,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    // Refuse an invalid Rollout before waiting for anyone's Lease; the loop reads it again once
    // the Lease is ours, since waiting can take as long as another driver runs.
    rollout.plan()?;
    drive_watched(client, rollout, Watched::spawn(client, rollout), opts, ctx).await
}

/// Drives a Rollout whose mirrors were started before (for the checks before the drive).
pub async fn drive_watched(
    client: &Client,
    rollout: &Rollout,
    watched: Watched,
    opts: &DriveOptions,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    rollout.plan()?;
    drive_subject(
        client,
        RolloutSubject::new(client, rollout, watched),
        opts,
        ctx,
    )
    .await
}

/// The driver loop for any subject: takes its Lease, then runs rounds until an outcome.
pub async fn drive_subject<S: Subject>(
    client: &Client,
    mut subject: S,
    opts: &DriveOptions,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    let ns = subject.namespace().to_string();
    let key = subject.lease_key();
    let what = subject.describe();
    let guard = loop {
        match lease::try_acquire(client, &ns, &key).await? {
            Ok(g) => break g,
            Err(holder) if opts.after_intent => {
                eprintln!(
                    "recorded; {} is driving {what} and will act on it",
                    holder.identity
                );
                return Ok(ExitCode::Ok);
            }
            Err(holder) if opts.wait_for_lease => {
                subject.waited();
                tracing::info!("waiting for {} to release the lease", holder.identity);
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(holder) => {
                return Err(anyhow::anyhow!(
                    "{what} is being driven by {} (Lease {ns}/{} until {}); \
                     wait for it, or use --wait-for-lease",
                    holder.identity,
                    lease::lease_name(&key),
                    crate::spec::time::format(&holder.expires)
                ));
            }
        }
    };
    let result = drive_loop(client, &mut subject, opts, ctx, &guard).await;
    guard.release().await;
    result
}

/// How long reported counts and weights may stay unwritten (`only_observations_differ`).
const COUNTS_WAIT: Duration = Duration::from_secs(1);

/// Writes a round's status; false when someone else wrote the subject since it was read (the
/// round is observed again).
async fn record<S: Subject>(
    subject: &mut S,
    new: &crate::spec::rollout::RolloutStatus,
    own_rv: &Mutex<Option<String>>,
) -> anyhow::Result<bool> {
    Ok(match subject.write_status(new).await? {
        status::Written::Conflict => false,
        status::Written::Written(rv) => {
            if let Ok(mut g) = own_rv.lock() {
                *g = rv;
            }
            true
        }
        status::Written::Unchanged => true,
    })
}

async fn drive_loop<S: Subject>(
    client: &Client,
    subject: &mut S,
    opts: &DriveOptions,
    ctx: &Context,
    guard: &lease::Guard,
) -> anyhow::Result<ExitCode> {
    let ns = subject.namespace().to_string();
    let name = subject.name().to_string();
    let what = subject.describe();
    let own_rv = Arc::new(Mutex::new(None));
    let notify = subject.spawn_watchers(own_rv.clone());
    let deadline = opts.timeout.map(|t| tokio::time::Instant::now() + t);
    let mut reporter = Reporter::new(ctx, &name, &ns);
    let mut sigterm = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut busy_rounds = 0u32;
    // Since when a round left a change of what the status reports (`only_observations_differ`)
    // unwritten: it is written with the next decision, at an outcome, or after at most a second.
    let mut counts_unwritten: Option<std::time::Instant> = None;
    // `--prometheus` wins; else templates with an address use it, and the others query the
    // driver's PROMETHEUS_URL.
    let addresses = crate::analysis::measure::Addresses::for_driver(opts.prometheus.as_deref());
    loop {
        if guard.lost() {
            return Err(anyhow::anyhow!(
                "lost the driver Lease of {what} to another process; stopping"
            ));
        }
        // `-vv` traces each round: how long observing, deciding, recording and applying took.
        let round_start = std::time::Instant::now();
        let round = subject.observe().await?;
        let observed_in = round_start.elapsed();
        let now = crate::clock::now();
        let mut input = round.input;
        input.hold = opts.windows.as_ref().and_then(|g| g.hold_at(now));
        let d = engine::decide(&input, &round.status, &round.observed, now);
        let decided_in = round_start.elapsed() - observed_in;
        // The status is recorded before anything changes: a status the API server refuses
        // (a CRD whose schema wants more) stops the drive with the cluster as it was, instead of
        // leaving ReplicaSets and Services moved with no record of why. Every decision is
        // recomputed from what is observed, so actions that fail after the write are redone.
        // A status that changes only what it reports of the cluster (counts, weights) records
        // no decision: it is written with the next one, at an outcome, or within a second.
        let defer = status::only_observations_differ(&round.status, &d.status)
            && counts_unwritten.is_none_or(|at| at.elapsed() < COUNTS_WAIT);
        if defer {
            counts_unwritten.get_or_insert_with(std::time::Instant::now);
        } else {
            counts_unwritten = None;
            if !record(subject, &d.status, &own_rv).await? {
                continue;
            }
        }
        let recorded_in = round_start.elapsed() - observed_in - decided_in;
        for action in &d.actions {
            tracing::debug!(?action, "apply");
        }
        subject.apply(&d.actions).await?;
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        tracing::debug!(
            observe_ms = ms(observed_in),
            decide_ms = ms(decided_in),
            status_ms = ms(recorded_in),
            apply_ms = ms(round_start.elapsed() - observed_in - decided_in - recorded_in),
            actions = d.actions.len(),
            phase = d.status.phase.as_deref().unwrap_or(""),
            "round"
        );
        reporter.update(&input, &d);
        // The runs the engine wants measured (and those it terminated) take their due
        // measurements now; a run that finishes is decided on at once.
        let touched_runs = d.actions.iter().any(|a| {
            matches!(
                a,
                engine::Action::CreateAnalysisRun { .. }
                    | engine::Action::TerminateAnalysisRun { .. }
                    | engine::Action::DeleteAnalysisRun { .. }
            )
        });
        let runs = if touched_runs {
            subject.runs().await?
        } else {
            round.runs
        };
        let mut run_wake: Option<chrono::DateTime<chrono::Utc>> = None;
        let mut run_finished = false;
        for run in runs
            .iter()
            .filter(|r| !r.status.as_ref().is_some_and(|s| s.phase.is_completed()))
        {
            let stepped =
                crate::analysis::cluster::step(client, run, &addresses, crate::clock::now())
                    .await?;
            subject.ran(&stepped.run);
            for (metric, taken) in &stepped.taken {
                reporter.measurement(&stepped.run, metric, taken);
            }
            if stepped.phase.is_completed() {
                run_finished = true;
            } else if let Some(at) = stepped.next_at {
                run_wake = Some(run_wake.map_or(at, |w| w.min(at)));
            }
        }
        if run_finished {
            continue;
        }
        let acted = !d.actions.is_empty();
        if acted && busy_rounds < 20 {
            busy_rounds += 1;
            continue;
        }
        busy_rounds = 0;
        let ends = match &d.outcome {
            Outcome::Healthy | Outcome::Degraded { .. } => !d.pending_scale_down,
            Outcome::Paused { until: None } => true,
            _ => false,
        };
        if ends && counts_unwritten.take().is_some() && !record(subject, &d.status, &own_rv).await?
        {
            continue;
        }
        match &d.outcome {
            Outcome::Healthy if !d.pending_scale_down => {
                reporter.finish(&input, &d);
                return Ok(ExitCode::Ok);
            }
            Outcome::Degraded { aborted, message } if !d.pending_scale_down => {
                reporter.finish(&input, &d);
                if opts.abort && *aborted {
                    return Ok(ExitCode::Ok);
                }
                ctx.error(&format!("{what}: {message}"));
                return Ok(ExitCode::Failed);
            }
            Outcome::Paused { until: None } => {
                reporter.finish(&input, &d);
                let at = match &input.plan {
                    Plan::Canary(_) => {
                        format!("at step {}", d.status.current_step_index.unwrap_or(0))
                    }
                    Plan::BlueGreen(_) => format!(
                        "before the switch ({})",
                        d.status.message.as_deref().unwrap_or("")
                    ),
                    Plan::Flag(_) => format!("({})", d.status.message.as_deref().unwrap_or("")),
                };
                eprintln!(
                    "{what} is paused {at} until promoted; to go on run:\n  {}",
                    subject.promote_command()
                );
                return Ok(ExitCode::Paused);
            }
            _ => {}
        }
        // Wait for a change, the engine's wake-up time, or at most 30 s (a missed event).
        let now = crate::clock::now();
        let mut wait = Duration::from_secs(30);
        for at in d.wake_at.into_iter().chain(run_wake) {
            let until = (at - now).to_std().unwrap_or(Duration::ZERO);
            wait = wait.min(until + Duration::from_millis(20));
        }
        if acted {
            wait = wait.min(Duration::from_secs(1));
        }
        if let Some(at) = counts_unwritten {
            wait = wait.min(COUNTS_WAIT.saturating_sub(at.elapsed()));
        }
        let timeout = async {
            match deadline {
                Some(dl) => tokio::time::sleep_until(dl).await,
                None => std::future::pending().await,
            }
        };
        let wake = tokio::time::Instant::now() + wait;
        let waiting_since = std::time::Instant::now();
        tokio::pin!(timeout);
        loop {
            tokio::select! {
                _ = notify.notified() => {
                    // A scale produces a burst of ReplicaSet updates: take those that arrive
                    // together as one. A round reads the mirrors, not the API server, so
                    // rounds are cheap and this need not wait long.
                    tokio::time::sleep(Duration::from_millis(2)).await;
                    let _ = notify.notified().now_or_never();
                    tracing::debug!(waited_ms = ms(waiting_since.elapsed()), woken_by = "watch", "wait");
                    break;
                }
                _ = tokio::time::sleep_until(wake) => {
                    tracing::debug!(waited_ms = ms(waiting_since.elapsed()), woken_by = "wake-up time", "wait");
                    break;
                }
                // On a terminal the countdown of a timed pause moves every second.
                _ = tokio::time::sleep(Duration::from_secs(1)), if reporter.has_bar() => {
                    reporter.refresh(&input, &d);
                }
                _ = &mut timeout => {
                    reporter.finish(&input, &d);
                    ctx.error(&format!(
                        "{what}: timed out at step {} ({}); it stays where it is, running the command again goes on",
                        d.status.current_step_index.unwrap_or(0),
                        d.status.phase.as_deref().unwrap_or("")
                    ));
                    return Ok(ExitCode::Failed);
                }
                _ = tokio::signal::ctrl_c() => {
                    reporter.finish(&input, &d);
                    eprintln!("interrupted; {what} stays where it is (run again to go on)");
                    return Ok(ExitCode::Failed);
                }
                _ = sigterm.recv() => {
                    reporter.finish(&input, &d);
                    eprintln!("terminated; {what} stays where it is (run again to go on)");
                    return Ok(ExitCode::Failed);
                }
            }
        }
    }
}
