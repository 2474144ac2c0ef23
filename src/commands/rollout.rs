//! `rollout run|get|list|promote|abort|retry`: read the arguments, hand the Rollout to the
//! driver, record intents the way Argo's CLI does, and render.

use std::io::IsTerminal;
use std::time::Duration;

use kube::Api;
use kube::api::ListParams;
use serde_json::json;

use crate::analysis::prometheus::check_address;
use crate::cli::{
    GetArgs, GlobalArgs, ListArgs, NameArgs, PromoteArgs, RolloutWindowArgs, RunArgs,
};
use crate::driver::windows::WindowGate;
use crate::driver::{DriveOptions, drive, drive_watched, preflight::preflight};
use crate::duration::GoDuration;
use crate::engine;
use crate::error::{Error, ExitCode};
use crate::kube::watched::Watched;
use crate::kube::{classify, connect, observe, status, template};
use crate::output::{Context, Table, rollout_view};
use crate::spec::rollout::Rollout;
use crate::window::{Project, Target};

pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// A drive's `--timeout`.
pub(super) fn drive_timeout(timeout: Option<&str>) -> Result<Option<Duration>, Error> {
    timeout
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
        .transpose()
}

/// A drive's Prometheus addresses: bad ones are bad input now, not a run of Error
/// measurements later.
pub(super) fn check_prometheus(flag: Option<&str>) -> Result<(), Error> {
    if let Some(url) = flag {
        check_address(url).map_err(|e| Error::flag("--prometheus", e))?;
    }
    if let Ok(url) = std::env::var("PROMETHEUS_URL")
        && !url.is_empty()
    {
        check_address(&url).map_err(|e| Error::flag("PROMETHEUS_URL", e))?;
    }
    Ok(())
}

pub fn run(args: RunArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let timeout = drive_timeout(args.timeout.as_deref())?;
    let images = crate::workload::parse_images("--image", &args.image)?;
    check_prometheus(args.prometheus.as_deref())?;
    let w = &args.windows;
    let project = load_windows(w, global)?;
    runtime()?.block_on(async {
        let (client, ns) = connect(global).await?;
        let windows = window_gate(project, w, &ns);
        let opts = DriveOptions {
            timeout,
            wait_for_lease: args.wait_for_lease,
            force: args.force,
            prometheus: args.prometheus.clone(),
            windows,
            ..DriveOptions::default()
        };
        let mut ro = observe::rollout(&client, &ns, &args.name).await?;
        // Before anything changes: a blocked start writes nothing.
        if let Some(gate) = &opts.windows
            && !wait_for_window(gate, args.wait_for_window, opts.timeout, ctx).await?
        {
            return Ok(ExitCode::Failed);
        }
        // What the drive watches is listed while the checks run, and serves them.
        let mut watched = Watched::spawn(&client, &ro);
        preflight(
            &client,
            &ro,
            opts.force,
            opts.prometheus.as_deref(),
            Some(&mut watched),
        )
        .await?;
        if !images.is_empty() {
            ro = template::set_images(&client, ro, &images).await?;
        }
        drive_watched(&client, &ro, watched, &opts, ctx).await
    })
}

/// `--window-project`, read before the runtime starts: a file, or an AppProject in the cluster.
pub(super) fn load_windows(
    w: &RolloutWindowArgs,
    global: &GlobalArgs,
) -> anyhow::Result<Option<(Project, String)>> {
    w.window_project
        .as_deref()
        .map(|value| {
            super::window::load_project("--window-project", value, &w.argocd_namespace, global)
        })
        .transpose()
}

/// The windows that apply to the Rollout's application; the destination namespace defaults to
/// the Rollout's.
pub(super) fn window_gate(
    project: Option<(Project, String)>,
    w: &RolloutWindowArgs,
    ns: &str,
) -> Option<WindowGate> {
    project.map(|(project, source)| {
        let target = Target {
            app: w.app.clone(),
            namespace: Some(w.dest_namespace.clone().unwrap_or_else(|| ns.to_string())),
            cluster: w.dest_cluster.clone(),
        };
        WindowGate::new(source, &project, target, w.manual)
    })
}

/// The start under `--window-project`: true when the windows allow it (at once, or after
/// waiting for them to open with `--wait-for-window`); false after saying why not.
pub(super) async fn wait_for_window(
    gate: &WindowGate,
    wait: bool,
    timeout: Option<Duration>,
    ctx: &Context,
) -> anyhow::Result<bool> {
    let give_up = timeout.map(|t| tokio::time::Instant::now() + t);
    loop {
        let now = crate::clock::now();
        let Some(hold) = gate.hold_at(now) else {
            return Ok(true);
        };
        if !wait {
            ctx.error(&format!(
                "not started: {}; nothing was changed (--wait-for-window waits for the opening)",
                hold.message
            ));
            return Ok(false);
        }
        if give_up.is_some_and(|g| tokio::time::Instant::now() >= g) {
            ctx.error(&format!(
                "timed out waiting for the window: {}",
                hold.message
            ));
            return Ok(false);
        }
        let left = hold.until.map(|u| (u - now).num_seconds().max(0));
        match left {
            Some(s) => eprintln!(
                "waiting for the sync window: opens in {s}s ({})",
                hold.message
            ),
            None => eprintln!("waiting for the sync window ({})", hold.message),
        }
        // A countdown line every 10 s (every second in the last 10), and a look at the opening.
        let step = match left {
            Some(s) if s <= 10 => Duration::from_secs(1),
            _ => Duration::from_secs(10),
        };
        let to_open = hold
            .until
            .and_then(|u| (u - now).to_std().ok())
            .map(|d| d + Duration::from_millis(20));
        tokio::time::sleep(to_open.map_or(step, |d| d.min(step))).await;
    }
}

pub fn get(args: GetArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let (client, ns) = connect(global).await?;
        loop {
            let ro = observe::rollout(&client, &ns, &args.name).await?;
            let plan = ro.plan().ok();
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
            if !args.watch || crate::output::stdout_closed() {
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
    if ro.spec.strategy.blue_green.is_some() {
        // As Argo's CLI: a blue-green rollout has no step to skip.
        return Err(Error::Input {
            location: Default::default(),
            message: format!(
                "Rollout {name} is not paused; nothing to promote (--full skips the analysis \
                 left and switches as soon as the new pods are available)"
            ),
        });
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
        let mut p = patch(&ro)?;
        // Argo's controller drives this Rollout: it acts on the intent, as on its own plugin's,
        // and a driver started here would fight it.
        if let Some(found) = crate::driver::preflight::argo_controller_of(&client, &ro).await? {
            let _ = status::patch_intent(&client, &ns, name, p).await?;
            eprintln!("rollout '{name}' {done}; the Argo Rollouts controller ({found}) drives it");
            return Ok(ExitCode::Ok);
        }
        // Recorded with no driver to act on it: say so in the status message, which `rollout
        // get` shows (Argo's plugin derives a message of its own); a driver's next round
        // replaces it.
        let waiting = no_wait
            && crate::kube::lease::driver_of(&client, &ns, name, crate::clock::now())
                .await?
                .is_none();
        if waiting && let Some(map) = p.as_object_mut() {
            map.insert(
                "message".into(),
                json!(format!(
                    "{done} recorded; waiting for a driver: kubectl rollouts rollout run {name} -n {ns}"
                )),
            );
        }
        let ro = status::patch_intent(&client, &ns, name, p).await?;
        eprintln!("rollout '{name}' {done}");
        if no_wait {
            if waiting {
                eprintln!(
                    "no driver is running for Rollout {name}; it goes on when one runs:\n  kubectl rollouts rollout run {name} -n {ns}"
                );
            }
            return Ok(ExitCode::Ok);
        }
        let opts = DriveOptions {
            after_intent: true,
            abort,
            ..DriveOptions::default()
        };
        drive(&client, &ro, &opts, ctx).await
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

    fn blue_green(status: serde_json::Value) -> Rollout {
        serde_json::from_value(json!({
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
            "metadata": {"name": "bg", "namespace": "prod"},
            "spec": {"replicas": 4, "template": {},
                "strategy": {"blueGreen": {"activeService": "a", "previewService": "p"}}},
            "status": status,
        }))
        .unwrap()
    }

    #[test]
    fn promote_of_a_blue_green_rollout_lifts_its_pause_or_says_why_not() {
        let paused = blue_green(json!({"stableRS": "a", "currentPodHash": "b",
            "controllerPause": true,
            "pauseConditions": [{"reason": "BlueGreenPause", "startTime": "2026-01-01T00:00:00Z"}]}));
        assert_eq!(
            promote_patch(&paused, false).unwrap(),
            json!({"pauseConditions": null})
        );
        let analysing = blue_green(json!({"stableRS": "a", "currentPodHash": "b"}));
        assert_eq!(
            promote_patch(&analysing, true).unwrap(),
            json!({"promoteFull": true})
        );
        assert!(
            promote_patch(&analysing, false)
                .unwrap_err()
                .to_string()
                .starts_with("Rollout bg is not paused; nothing to promote")
        );
        let row = list_row(
            &blue_green(
                json!({"stableRS": "a", "currentPodHash": "b", "phase": "Paused",
                "availableReplicas": 4, "updatedReplicas": 4, "readyReplicas": 4}),
            ),
            false,
        );
        assert_eq!(
            row,
            ["bg", "BlueGreen", "Paused", "-", "-", "4/4", "4", "4", "4"]
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
