//! `rollout run|get|list|promote|abort|retry`: the driver loop (observe -> decide -> apply ->
//! record -> wait) and the commands that record intents the way Argo's CLI does.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{FutureExt, StreamExt};
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{ListParams, PostParams};
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Client};
use serde_json::json;
use tokio::sync::Notify;

use super::rollout_view;
use crate::cli::{GetArgs, GlobalArgs, ListArgs, NameArgs, PromoteArgs, RunArgs};
use crate::duration::GoDuration;
use crate::engine::{self, Decision, Input, Outcome, hash};
use crate::error::{Error, ExitCode};
use crate::kube::{apply, classify, connect, is_conflict, lease, observe, status};
use crate::output::{Context, Table};
use crate::spec::rollout::{CanaryPlan, Rollout};

pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

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
}

pub fn run(args: RunArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let timeout = args
        .timeout
        .as_deref()
        .map(|t| {
            GoDuration::parse(t)
                .map_err(|e| Error::flag("--timeout", e))
                .and_then(|d| {
                    if d.is_negative() {
                        Err(Error::flag("--timeout", "must not be negative"))
                    } else {
                        Ok(Duration::from_nanos(d.as_nanos() as u64))
                    }
                })
        })
        .transpose()?;
    let images = args
        .image
        .iter()
        .map(|s| {
            s.split_once('=')
                .filter(|(c, i)| !c.is_empty() && !i.is_empty())
                .map(|(c, i)| (c.to_string(), i.to_string()))
                .ok_or_else(|| Error::flag("--image", format!("{s:?} is not CONTAINER=IMAGE")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(url) = &args.prometheus
        && !(url.starts_with("http://") || url.starts_with("https://"))
    {
        return Err(Error::flag(
            "--prometheus",
            format!("{url:?} is not an http:// or https:// URL"),
        )
        .into());
    }
    runtime()?.block_on(async {
        let (client, ns) = connect(global).await?;
        let opts = DriveOptions {
            timeout,
            wait_for_lease: args.wait_for_lease,
            force: args.force,
            prometheus: args.prometheus.clone(),
            ..DriveOptions::default()
        };
        preflight(&client, &ns, &args.name, opts.force).await?;
        if !images.is_empty() {
            set_images(&client, &ns, &args.name, &images).await?;
        }
        drive(&client, &ns, &args.name, &opts, ctx).await
    })
}

/// Validates the Rollout and refuses to race an Argo Rollouts controller.
async fn preflight(
    client: &Client,
    ns: &str,
    name: &str,
    force: bool,
) -> anyhow::Result<CanaryPlan> {
    let ro = observe::rollout(client, ns, name).await?;
    let plan = ro.spec.validate()?;
    if !force && let Some(found) = argo_controller(client).await? {
        return Err(Error::Input {
            location: Default::default(),
            message: format!(
                "an Argo Rollouts controller is running ({found}); it would fight this driver over \
                 Rollout {name}. Use --force to drive anyway"
            ),
        }
        .into());
    }
    check_references(client, ns, &plan).await?;
    let hash = input_for(&ro, plan.clone())?.pod_hash;
    crate::kube::analysis::check(client, &ro, &plan, &hash).await?;
    Ok(plan)
}

/// The Services and Ingress the Rollout names exist, before anything changes.
async fn check_references(client: &Client, ns: &str, plan: &CanaryPlan) -> anyhow::Result<()> {
    let services: Api<k8s_openapi::api::core::v1::Service> = Api::namespaced(client.clone(), ns);
    for (field, svc) in [
        ("canaryService", &plan.canary_service),
        ("stableService", &plan.stable_service),
    ] {
        let Some(svc) = svc else { continue };
        let found = services
            .get_opt(svc)
            .await
            .map_err(|e| classify(e, format!("reading Service {svc}")))?;
        if found.is_none() {
            return Err(Error::field(
                format!("spec.strategy.canary.{field}"),
                format!("Service {svc} not found in namespace {ns}"),
            )
            .into());
        }
    }
    if let Some(ing) = &plan.stable_ingress {
        let ingresses: Api<k8s_openapi::api::networking::v1::Ingress> =
            Api::namespaced(client.clone(), ns);
        let found = ingresses
            .get_opt(ing)
            .await
            .map_err(|e| classify(e, format!("reading Ingress {ing}")))?;
        if found.is_none() {
            return Err(Error::field(
                "spec.strategy.canary.trafficRouting.nginx.stableIngress",
                format!("Ingress {ing} not found in namespace {ns}"),
            )
            .into());
        }
    }
    Ok(())
}

/// A running Argo Rollouts controller, if any: a Deployment named argo-rollouts, or pods
/// labelled app.kubernetes.io/name=argo-rollouts, in any namespace.
async fn argo_controller(client: &Client) -> anyhow::Result<Option<String>> {
    let deps: Api<Deployment> = Api::all(client.clone());
    let found = match deps
        .list(&ListParams::default().fields("metadata.name=argo-rollouts"))
        .await
    {
        Ok(l) => l.items.into_iter().next().map(|d| {
            format!(
                "Deployment {}/argo-rollouts",
                d.metadata.namespace.unwrap_or_default()
            )
        }),
        // Not allowed to list cluster-wide: we cannot tell; don't block on it.
        Err(kube::Error::Api(s)) if s.code == 403 => None,
        Err(e) => return Err(classify(e, "looking for an Argo Rollouts controller")),
    };
    if found.is_some() {
        return Ok(found);
    }
    let pods: Api<Pod> = Api::all(client.clone());
    match pods
        .list(&ListParams::default().labels("app.kubernetes.io/name=argo-rollouts"))
        .await
    {
        Ok(l) => Ok(l.items.into_iter().next().map(|p| {
            format!(
                "pod {}/{}",
                p.metadata.namespace.unwrap_or_default(),
                p.metadata.name.unwrap_or_default()
            )
        })),
        Err(kube::Error::Api(s)) if s.code == 403 => Ok(None),
        Err(e) => Err(classify(e, "looking for an Argo Rollouts controller")),
    }
}

/// `--image CONTAINER=IMAGE`: sets the images in the Rollout's template (retrying conflicts).
async fn set_images(
    client: &Client,
    ns: &str,
    name: &str,
    images: &[(String, String)],
) -> anyhow::Result<()> {
    let api: Api<Rollout> = Api::namespaced(client.clone(), ns);
    loop {
        let mut ro = observe::rollout(client, ns, name).await?;
        let containers = ro
            .spec
            .template
            .as_mut()
            .and_then(|t| t.spec.as_mut())
            .map(|s| &mut s.containers)
            .ok_or_else(|| Error::field("spec.template.spec.containers", "is required"))?;
        let mut changed = false;
        for (c, image) in images {
            let container = containers
                .iter_mut()
                .find(|x| &x.name == c)
                .ok_or_else(|| {
                    Error::flag("--image", format!("Rollout {name} has no container {c:?}"))
                })?;
            if container.image.as_deref() != Some(image) {
                container.image = Some(image.clone());
                changed = true;
            }
        }
        if !changed {
            return Ok(());
        }
        match api.replace(name, &PostParams::default(), &ro).await {
            Ok(_) => return Ok(()),
            Err(e) if is_conflict(&e) => continue,
            Err(e) => return Err(classify(e, format!("setting the image of Rollout {name}"))),
        }
    }
}

fn input_for(ro: &Rollout, plan: CanaryPlan) -> anyhow::Result<Input> {
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
    })
}

/// Wakes the driver on any change to the Rollout or its ReplicaSets, except the driver's own
/// status writes (`own` holds the resourceVersion it last wrote).
fn spawn_watchers(
    client: &Client,
    ns: &str,
    name: &str,
    selector: &str,
    own: Arc<Mutex<Option<String>>>,
) -> Arc<Notify> {
    let notify = Arc::new(Notify::new());
    let ro_api: Api<Rollout> = Api::namespaced(client.clone(), ns);
    let rs_api: Api<ReplicaSet> = Api::namespaced(client.clone(), ns);
    let n1 = notify.clone();
    let cfg = watcher::Config::default().fields(&format!("metadata.name={name}"));
    tokio::spawn(async move {
        let mut s = watcher(ro_api, cfg).default_backoff().boxed();
        while let Some(ev) = s.next().await {
            if let Ok(watcher::Event::Apply(ro)) = &ev {
                let mine = own.lock().ok().and_then(|g| g.clone());
                if mine.is_some() && ro.metadata.resource_version == mine {
                    continue;
                }
            }
            n1.notify_one();
        }
    });
    let n2 = notify.clone();
    let cfg = watcher::Config::default().labels(selector);
    tokio::spawn(async move {
        let mut s = watcher(rs_api, cfg).default_backoff().boxed();
        while s.next().await.is_some() {
            n2.notify_one();
        }
    });
    notify
}

/// The driver loop. Returns the exit code for where the rollout ended.
pub async fn drive(
    client: &Client,
    ns: &str,
    name: &str,
    opts: &DriveOptions,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    // Refuse an invalid Rollout before waiting for anyone's Lease; the loop reads it again once
    // the Lease is ours, since waiting can take as long as another driver runs.
    observe::rollout(client, ns, name).await?.spec.validate()?;
    let guard = loop {
        match lease::try_acquire(client, ns, name).await? {
            Ok(g) => break g,
            Err(holder) if opts.after_intent => {
                eprintln!(
                    "recorded; {} is driving Rollout {name} and will act on it",
                    holder.identity
                );
                return Ok(ExitCode::Ok);
            }
            Err(holder) if opts.wait_for_lease => {
                tracing::info!("waiting for {} to release the lease", holder.identity);
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(holder) => {
                return Err(anyhow::anyhow!(
                    "Rollout {name} is being driven by {} (Lease {ns}/{} until {}); \
                     wait for it, or use --wait-for-lease",
                    holder.identity,
                    lease::lease_name(name),
                    crate::spec::time::format(&holder.expires)
                ));
            }
        }
    };
    let result = drive_loop(client, ns, name, opts, ctx, &guard).await;
    guard.release().await;
    result
}

async fn drive_loop(
    client: &Client,
    ns: &str,
    name: &str,
    opts: &DriveOptions,
    ctx: &Context,
    guard: &lease::Guard,
) -> anyhow::Result<ExitCode> {
    let first = observe::rollout(client, ns, name).await?;
    let own_rv = Arc::new(Mutex::new(None));
    let notify = spawn_watchers(
        client,
        ns,
        name,
        &observe::selector_string(&first),
        own_rv.clone(),
    );
    let deadline = opts.timeout.map(|t| tokio::time::Instant::now() + t);
    let mut reporter = Reporter::new(ctx, name, ns);
    let mut sigterm = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut busy_rounds = 0u32;
    // `--prometheus` wins; else templates with an address use it, and the others query the
    // driver's PROMETHEUS_URL.
    let addresses = crate::analysis::measure::Addresses {
        override_address: opts.prometheus.clone(),
        fallback: std::env::var("PROMETHEUS_URL")
            .ok()
            .filter(|v| !v.is_empty()),
    };
    loop {
        if guard.lost() {
            return Err(anyhow::anyhow!(
                "lost the driver Lease of Rollout {name} to another process; stopping"
            ));
        }
        let ro = observe::rollout(client, ns, name).await?;
        let plan = ro.spec.validate()?;
        let snap = observe::snapshot_of(client, ro, Some(&plan)).await?;
        let input = input_for(&snap.rollout, plan.clone())?;
        let observed = observe::to_observed(&snap);
        let status_in = snap.rollout.status.clone().unwrap_or_default();
        let d = engine::decide(&input, &status_in, &observed, crate::clock::now());
        apply::apply(client, &snap, &plan, &d.actions).await?;
        match status::write(client, &snap.rollout, &d.status).await? {
            status::Written::Conflict => continue,
            status::Written::Written(rv) => {
                if let Ok(mut g) = own_rv.lock() {
                    *g = rv;
                }
            }
            status::Written::Unchanged => {}
        }
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
            let uid = snap.rollout.metadata.uid.clone().unwrap_or_default();
            crate::analysis::run::list_owned(client, ns, &uid).await?
        } else {
            snap.analysis_runs.clone()
        };
        let mut run_wake: Option<chrono::DateTime<chrono::Utc>> = None;
        let mut run_finished = false;
        for run in runs
            .iter()
            .filter(|r| !r.status.as_ref().is_some_and(|s| s.phase.is_completed()))
        {
            let stepped =
                crate::analysis::run::step(client, run, &addresses, crate::clock::now()).await?;
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
                ctx.error(&format!("Rollout {name}: {message}"));
                return Ok(ExitCode::Failed);
            }
            Outcome::Paused { until: None } => {
                reporter.finish(&input, &d);
                let step = d.status.current_step_index.unwrap_or(0);
                eprintln!(
                    "Rollout {name} is paused at step {step} until promoted; to go on run:\n  kubectl rollouts promote {name} -n {ns}"
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
        let timeout = async {
            match deadline {
                Some(dl) => tokio::time::sleep_until(dl).await,
                None => std::future::pending().await,
            }
        };
        let wake = tokio::time::Instant::now() + wait;
        tokio::pin!(timeout);
        loop {
            tokio::select! {
                _ = notify.notified() => {
                    // A scale produces a burst of ReplicaSet updates: take them as one.
                    tokio::time::sleep(Duration::from_millis(25)).await;
                    let _ = notify.notified().now_or_never();
                    break;
                }
                _ = tokio::time::sleep_until(wake) => break,
                // On a terminal the countdown of a timed pause moves every second.
                _ = tokio::time::sleep(Duration::from_secs(1)), if reporter.has_bar() => {
                    reporter.refresh(&input, &d);
                }
                _ = &mut timeout => {
                    reporter.finish(&input, &d);
                    ctx.error(&format!(
                        "Rollout {name}: timed out at step {} ({}); it stays where it is, a later `rollout run` goes on",
                        d.status.current_step_index.unwrap_or(0),
                        d.status.phase.as_deref().unwrap_or("")
                    ));
                    return Ok(ExitCode::Failed);
                }
                _ = tokio::signal::ctrl_c() => {
                    reporter.finish(&input, &d);
                    eprintln!("interrupted; Rollout {name} stays where it is (run again to go on)");
                    return Ok(ExitCode::Failed);
                }
                _ = sigterm.recv() => {
                    reporter.finish(&input, &d);
                    eprintln!("terminated; Rollout {name} stays where it is (run again to go on)");
                    return Ok(ExitCode::Failed);
                }
            }
        }
    }
}

/// Progress for a person: a bar on a TTY, timestamped lines otherwise, GitHub Actions groups.
struct Reporter<'a> {
    ctx: &'a Context,
    name: String,
    ns: String,
    last: Option<(i32, String, Option<i32>, String)>,
    bar: Option<indicatif::ProgressBar>,
    group_open: bool,
    rows: Vec<(String, String)>,
}

impl<'a> Reporter<'a> {
    fn new(ctx: &'a Context, name: &str, ns: &str) -> Self {
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

    fn describe(input: &Input, d: &Decision) -> String {
        let st = &d.status;
        let idx = st.current_step_index.unwrap_or(0);
        let n = input.plan.steps.len();
        let step = usize::try_from(idx)
            .ok()
            .and_then(|i| input.plan.steps.get(i))
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
            input.plan.replicas,
            st.message
                .as_deref()
                .filter(|m| st.phase.as_deref() == Some("Degraded") && !m.is_empty())
                .map(|m| format!(" ({m})"))
                .unwrap_or_default()
        )
    }

    fn update(&mut self, input: &Input, d: &Decision) {
        let st = &d.status;
        let key = (
            st.current_step_index.unwrap_or(0),
            st.phase.clone().unwrap_or_default(),
            st.canary.weights.as_ref().map(|w| w.canary.weight),
            format!(
                "{} {:?} {:?}",
                st.available_replicas.unwrap_or(0),
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
            bar.set_length(input.plan.steps.len() as u64);
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
    fn measurement(
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

    fn has_bar(&self) -> bool {
        self.bar.is_some()
    }

    /// Redraws the bar's message (the pause countdown) without a new decision.
    fn refresh(&self, input: &Input, d: &Decision) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{}: {}", self.name, Self::describe(input, d)));
        }
    }

    fn finish(&mut self, _input: &Input, d: &Decision) {
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
        }
    }
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

pub fn get(args: GetArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let (client, ns) = connect(global).await?;
        loop {
            let ro = observe::rollout(&client, &ns, &args.name).await?;
            let plan = ro.spec.validate().ok();
            let snap = observe::snapshot_of(&client, ro, plan.as_ref()).await?;
            let pods = observe::pods(&client, &snap.rollout).await?;
            let v = rollout_view::view(&snap, &pods, crate::clock::now());
            if ctx.is_structured() {
                ctx.print_data(&v)?;
            } else {
                if args.watch && std::io::stdout().is_terminal() {
                    ctx.print("\x1b[2J\x1b[H")?;
                }
                ctx.print(&rollout_view::render(&v))?;
            }
            if !args.watch {
                return Ok(ExitCode::Ok);
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    })
}

pub fn list(args: ListArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let (client, ns) = connect(global).await?;
        let api: Api<Rollout> = if args.all_namespaces {
            Api::all(client.clone())
        } else {
            Api::namespaced(client.clone(), &ns)
        };
        let list = api
            .list(&ListParams::default())
            .await
            .map_err(|e| classify(e, "listing Rollouts"))?;
        if ctx.is_structured() {
            ctx.print_data(&list.items)?;
            return Ok(ExitCode::Ok);
        }
        let mut headers = vec![];
        if args.all_namespaces {
            headers.push("NAMESPACE");
        }
        headers.extend([
            "NAME",
            "STRATEGY",
            "STATUS",
            "STEP",
            "SET-WEIGHT",
            "READY",
            "DESIRED",
            "UP-TO-DATE",
            "AVAILABLE",
        ]);
        let mut t = Table::new(headers);
        for ro in &list.items {
            t.row(list_row(ro, args.all_namespaces));
        }
        if t.is_empty() {
            eprintln!("No rollouts found.");
        } else {
            ctx.print(&t.render())?;
        }
        Ok(ExitCode::Ok)
    })
}

/// One `rollout list` row (pure).
pub fn list_row(ro: &Rollout, with_ns: bool) -> Vec<String> {
    let st = ro.status.clone().unwrap_or_default();
    let canary = ro.spec.strategy.canary.as_ref();
    let steps = canary.map(|c| c.steps.len()).unwrap_or(0);
    let strategy = if ro.spec.strategy.blue_green.is_some() {
        "BlueGreen"
    } else {
        "Canary"
    };
    let step = st
        .current_step_index
        .map(|i| format!("{i}/{steps}"))
        .unwrap_or_else(|| "-".into());
    let set_weight = engine::canary::shown_set_weight(ro)
        .map(|w| w.to_string())
        .unwrap_or_else(|| "-".into());
    let desired = ro.spec.replicas.unwrap_or(1);
    let mut row = vec![];
    if with_ns {
        row.push(ro.metadata.namespace.clone().unwrap_or_default());
    }
    row.extend([
        ro.metadata.name.clone().unwrap_or_default(),
        strategy.to_string(),
        st.phase.clone().unwrap_or_else(|| "-".into()),
        step,
        set_weight,
        format!("{}/{}", st.ready_replicas.unwrap_or(0), desired),
        desired.to_string(),
        st.updated_replicas.unwrap_or(0).to_string(),
        st.available_replicas.unwrap_or(0).to_string(),
    ]);
    row
}

/// The status patch `promote` records, as Argo's CLI: a full promotion sets `promoteFull`;
/// otherwise a pause is lifted by clearing `pauseConditions` (`controllerPause` stays, so the
/// driver knows the pause was promoted), and a step that is not a pause is skipped.
pub fn promote_patch(ro: &Rollout, full: bool) -> Result<serde_json::Value, Error> {
    let st = ro.status.clone().unwrap_or_default();
    let name = ro.metadata.name.clone().unwrap_or_default();
    if full {
        return Ok(json!({"promoteFull": true}));
    }
    if !st.pause_conditions.is_empty() {
        return Ok(json!({"pauseConditions": null}));
    }
    let steps = ro
        .spec
        .strategy
        .canary
        .as_ref()
        .map(|c| c.steps.len())
        .unwrap_or(0) as i32;
    let idx = st.current_step_index.unwrap_or(0);
    if st.current_pod_hash.is_some() && st.current_pod_hash != st.stable_rs && idx < steps {
        return Ok(json!({"currentStepIndex": idx + 1}));
    }
    Err(Error::Input {
        location: Default::default(),
        message: format!("Rollout {name} is not paused and has no step left to skip"),
    })
}

pub fn promote(args: PromoteArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let full = args.full;
    intent(
        &args.name,
        args.no_wait,
        global,
        ctx,
        false,
        move |ro| promote_patch(ro, full),
        if full { "promoted (full)" } else { "promoted" },
    )
}

pub fn abort(args: NameArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    intent(
        &args.name,
        args.no_wait,
        global,
        ctx,
        true,
        |_| Ok(json!({"abort": true})),
        "aborted",
    )
}

pub fn retry(args: NameArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    intent(
        &args.name,
        args.no_wait,
        global,
        ctx,
        false,
        |ro| {
            let st = ro.status.clone().unwrap_or_default();
            if !st.abort && st.aborted_at.is_none() {
                return Err(Error::Input {
                    location: Default::default(),
                    message: format!(
                        "Rollout {} is not aborted; nothing to retry",
                        ro.metadata.name.clone().unwrap_or_default()
                    ),
                });
            }
            Ok(json!({"abort": false}))
        },
        "retried",
    )
}

fn intent(
    name: &str,
    no_wait: bool,
    global: &GlobalArgs,
    ctx: &Context,
    abort: bool,
    patch: impl Fn(&Rollout) -> Result<serde_json::Value, Error>,
    done: &str,
) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let (client, ns) = connect(global).await?;
        let ro = observe::rollout(&client, &ns, name).await?;
        let p = patch(&ro)?;
        status::patch_intent(&client, &ns, name, p).await?;
        eprintln!("rollout '{name}' {done}");
        if no_wait {
            return Ok(ExitCode::Ok);
        }
        let opts = DriveOptions {
            after_intent: true,
            abort,
            ..DriveOptions::default()
        };
        drive(&client, &ns, name, &opts, ctx).await
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rollout(status: serde_json::Value) -> Rollout {
        serde_json::from_value(json!({
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
            "metadata": {"name": "web", "namespace": "prod"},
            "spec": {"replicas": 4, "template": {},
                "strategy": {"canary": {"steps": [{"setWeight": 20}, {"pause": {}}, {"setWeight": 50}]}}},
            "status": status,
        }))
        .unwrap()
    }

    #[test]
    fn promote_records_intents_as_argos_cli_does() {
        let paused = rollout(
            json!({"currentStepIndex": 1, "stableRS": "a", "currentPodHash": "b",
            "controllerPause": true,
            "pauseConditions": [{"reason": "CanaryPauseStep", "startTime": "2026-01-01T00:00:00Z"}]}),
        );
        assert_eq!(
            promote_patch(&paused, false).unwrap(),
            json!({"pauseConditions": null})
        );
        assert_eq!(
            promote_patch(&paused, true).unwrap(),
            json!({"promoteFull": true})
        );
        let stepping =
            rollout(json!({"currentStepIndex": 0, "stableRS": "a", "currentPodHash": "b"}));
        assert_eq!(
            promote_patch(&stepping, false).unwrap(),
            json!({"currentStepIndex": 1})
        );
        let healthy =
            rollout(json!({"currentStepIndex": 3, "stableRS": "a", "currentPodHash": "a"}));
        assert_eq!(
            promote_patch(&healthy, false).unwrap_err().to_string(),
            "Rollout web is not paused and has no step left to skip"
        );
    }

    #[test]
    fn list_rows_show_step_and_set_weight() {
        let r = rollout(
            json!({"currentStepIndex": 1, "stableRS": "a", "currentPodHash": "b",
            "phase": "Paused", "readyReplicas": 5, "updatedReplicas": 1, "availableReplicas": 5}),
        );
        assert_eq!(
            list_row(&r, true),
            [
                "prod", "web", "Canary", "Paused", "1/3", "20", "5/4", "4", "1", "5"
            ]
        );
        let aborted = rollout(
            json!({"currentStepIndex": 0, "stableRS": "a", "currentPodHash": "b",
            "abort": true, "phase": "Degraded"}),
        );
        assert_eq!(list_row(&aborted, false)[4], "0");
        let healthy =
            rollout(json!({"currentStepIndex": 3, "stableRS": "a", "currentPodHash": "a"}));
        assert_eq!(list_row(&healthy, false)[4], "100");
    }
}
