//! `flags rollout|promote|abort|retry`: a progressive flag rollout handed to the driver, and the
//! intents other terminals record on the flag's ConfigMap for it.

use kube::Client;

use crate::cli::{FlagIntentArgs, FlagPromoteArgs, FlagRolloutArgs, FlagStoreArgs, GlobalArgs};
use crate::driver::flag::{FlagSubject, check, recorded};
use crate::driver::{DriveOptions, drive_subject};
use crate::error::{Error, ExitCode};
use crate::flags::rollout::{self, FlagPlan, FlagRolloutSpec, Record};
use crate::kube::flag_store::Store;
use crate::output::Context;
use crate::spec::analysis::{AnalysisRunArgument, AnalysisTemplateRef, RolloutAnalysis};

use super::rollout::{
    check_prometheus, drive_timeout, load_windows, runtime, wait_for_window, window_gate,
};

/// The cluster, namespace and ConfigMap store a flag rollout needs (a file cannot hold its
/// progress, its Lease or its AnalysisRuns).
async fn open(
    args: &FlagStoreArgs,
    global: &GlobalArgs,
) -> anyhow::Result<(Client, String, Store, String)> {
    if args.file.is_some() {
        return Err(Error::flag(
            "--file",
            "a flag rollout keeps its progress, Lease and AnalysisRuns in the cluster; give --configmap NAME",
        )
        .into());
    }
    let name = args
        .configmap
        .clone()
        .ok_or_else(|| Error::flag("--configmap", "give --configmap NAME"))?;
    if args.configmap_key.is_empty() {
        return Err(Error::flag("--configmap-key", "must not be empty").into());
    }
    let cluster = crate::client::connect(global).await?;
    let store = Store::configmap(
        cluster.client.clone(),
        &cluster.namespace,
        &name,
        &args.configmap_key,
    );
    Ok((cluster.client, cluster.namespace, store, name))
}

/// The spec the flags give (None: none given, resume the recorded one).
fn spec_of(args: &FlagRolloutArgs) -> anyhow::Result<Option<FlagRolloutSpec>> {
    if args.steps.is_empty() {
        for (given, flag) in [
            (args.pause.is_some(), "--pause"),
            (!args.analysis.is_empty(), "--analysis"),
        ] {
            if given {
                return Err(Error::flag(
                    flag,
                    "needs --steps (without --steps the recorded rollout resumes as it was given)",
                )
                .into());
            }
        }
        return Ok(None);
    }
    let args_given = super::analyze::parse_args(&args.args)?;
    let analysis = (!args.analysis.is_empty()).then(|| RolloutAnalysis {
        templates: args
            .analysis
            .iter()
            .map(|t| AnalysisTemplateRef {
                template_name: t.clone(),
                cluster_scope: false,
            })
            .collect(),
        args: args_given
            .into_iter()
            .map(|(name, value)| AnalysisRunArgument {
                name,
                value: Some(value),
                value_from: None,
            })
            .collect(),
        ..RolloutAnalysis::default()
    });
    Ok(Some(FlagRolloutSpec {
        steps: args.steps.iter().map(|s| s.trim().to_string()).collect(),
        pause: args.pause.clone(),
        analysis,
    }))
}

pub fn rollout(
    args: FlagRolloutArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    let timeout = drive_timeout(args.timeout.as_deref())?;
    check_prometheus(args.prometheus.as_deref())?;
    let given = spec_of(&args)?;
    if let Some(spec) = &given {
        FlagPlan::new(&args.name, spec.clone())?;
    }
    let w = &args.windows;
    let project = load_windows(w, global)?;
    runtime()?.block_on(async {
        let (client, ns, store, configmap) = open(&args.store, global).await?;
        let loaded = store.read().await?;
        let spec = match given {
            Some(spec) => spec,
            None => recorded(&loaded, &args.name)
                .map_err(|e| e.in_file(store.describe()))?
                .map(|r| r.spec)
                .ok_or_else(|| {
                    Error::flag(
                        "--steps",
                        format!(
                            "give the percentages, e.g. 5,25,50,100 (no rollout of flag {} is recorded on {} to resume)",
                            args.name,
                            store.describe()
                        ),
                    )
                })?,
        };
        let plan = FlagPlan::new(&args.name, spec)?;
        let opts = DriveOptions {
            timeout,
            wait_for_lease: args.wait_for_lease,
            prometheus: args.prometheus.clone(),
            windows: window_gate(project, w, &ns),
            ..DriveOptions::default()
        };
        if let Some(gate) = &opts.windows
            && !wait_for_window(gate, args.wait_for_window, opts.timeout, ctx).await?
        {
            return Ok(ExitCode::Failed);
        }
        let addresses = crate::analysis::measure::Addresses::for_driver(opts.prometheus.as_deref());
        check(&client, &store, &ns, &plan, &addresses).await?;
        let subject = FlagSubject::new(&client, store, (&ns, &configmap, &args.store.configmap_key), plan);
        drive_subject(&client, subject, &opts, ctx).await
    })
}

/// How an intent changes a recorded rollout (pure): Err names why it does not apply.
fn promote_status(record: &mut Record, full: bool) -> Result<(), String> {
    let plan = FlagPlan::new(&record.flag, record.spec.clone()).map_err(|e| e.to_string())?;
    let st = &mut record.status;
    if st.abort {
        return Err("the rollout is aborted; `flags retry` starts it again".into());
    }
    if st.phase.as_deref() == Some("Healthy") {
        return Err("the rollout is done; nothing to promote".into());
    }
    if full {
        st.promote_full = true;
    } else if !st.pause_conditions.is_empty() {
        // As for a canary: `controllerPause` stays, so the driver knows the pause was promoted.
        st.pause_conditions.clear();
    } else {
        let idx = st.current_step_index.unwrap_or(0);
        if idx as usize >= plan.steps.len() {
            return Err("not paused and no step left to skip".into());
        }
        st.current_step_index = Some(idx + 1);
    }
    Ok(())
}

fn abort_status(record: &mut Record) -> Result<(), String> {
    record.status.abort = true;
    Ok(())
}

fn retry_status(record: &mut Record) -> Result<(), String> {
    if !record.status.abort && record.status.aborted_at.is_none() {
        return Err("not aborted; nothing to retry".into());
    }
    record.status.abort = false;
    Ok(())
}

pub fn promote(
    args: FlagPromoteArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    let full = args.full;
    let done = if full { "promoted (full)" } else { "promoted" };
    intent(
        &args.name,
        &args.store,
        args.no_wait,
        false,
        global,
        ctx,
        done,
        move |r| promote_status(r, full),
    )
}

pub fn abort(args: FlagIntentArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    intent(
        &args.name,
        &args.store,
        args.no_wait,
        true,
        global,
        ctx,
        "aborted",
        abort_status,
    )
}

pub fn retry(args: FlagIntentArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    intent(
        &args.name,
        &args.store,
        args.no_wait,
        false,
        global,
        ctx,
        "retried",
        retry_status,
    )
}

#[allow(clippy::too_many_arguments)] // the three intents differ only in these
fn intent(
    name: &str,
    store_args: &FlagStoreArgs,
    no_wait: bool,
    abort: bool,
    global: &GlobalArgs,
    ctx: &Context,
    done: &str,
    change: impl Fn(&mut Record) -> Result<(), String>,
) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let (client, ns, store, configmap) = open(store_args, global).await?;
        let annotation = rollout::annotation(name);
        let lease_key = format!("flag-{}", rollout::object_name(&configmap, name));
        let waiting = no_wait
            && crate::kube::lease::driver_of(&client, &ns, &lease_key, crate::clock::now())
                .await?
                .is_none();
        let resume = format!(
            "kubectl rollouts flags rollout {name} --configmap {configmap} -n {ns}"
        );
        let describe = store.describe();
        let record = store
            .update_annotation(&annotation, |current| {
                let mut record = current
                    .map(|text| rollout::parse_record(&annotation, text))
                    .transpose()
                    .map_err(|e| e.in_file(&describe))?
                    .filter(|r| r.flag == name)
                    .ok_or_else(|| {
                        Error::flag(
                            "NAME",
                            format!("no rollout of flag {name} is recorded on {describe}; start one with `flags rollout {name} --steps ...`"),
                        )
                    })?;
                change(&mut record).map_err(|why| Error::Input {
                    location: Default::default(),
                    message: format!("flag {name}: {why}"),
                })?;
                if waiting {
                    record.status.message =
                        Some(format!("{done} recorded; waiting for a driver: {resume}"));
                }
                let text = serde_json::to_string(&record).map_err(|e| Error::Api(e.to_string()))?;
                Ok((text, record))
            })
            .await?;
        eprintln!("flag rollout '{name}' {done}");
        if no_wait {
            if waiting {
                eprintln!("no driver is running for flag {name}; it goes on when one runs:\n  {resume}");
            }
            return Ok(ExitCode::Ok);
        }
        let plan = FlagPlan::new(name, record.spec)?;
        let opts = DriveOptions {
            after_intent: true,
            abort,
            ..DriveOptions::default()
        };
        let subject = FlagSubject::new(&client, store, (&ns, &configmap, &store_args.configmap_key), plan);
        drive_subject(&client, subject, &opts, ctx).await
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::rollout::{PauseCondition, RolloutStatus};

    fn record(status: RolloutStatus) -> Record {
        Record {
            flag: "f".into(),
            spec: FlagRolloutSpec {
                steps: vec!["5".into(), "100".into()],
                pause: Some("1h".into()),
                analysis: None,
            },
            status,
        }
    }

    #[test]
    fn promote_lifts_a_pause_or_skips_a_step_and_refuses_when_done() {
        let paused = RolloutStatus {
            current_step_index: Some(1),
            controller_pause: true,
            pause_conditions: vec![PauseCondition {
                reason: "CanaryPauseStep".into(),
                start_time: chrono::DateTime::UNIX_EPOCH,
            }],
            phase: Some("Paused".into()),
            ..Default::default()
        };
        let mut r = record(paused);
        promote_status(&mut r, false).unwrap();
        assert!(r.status.pause_conditions.is_empty() && r.status.controller_pause);
        let mut r = record(RolloutStatus {
            current_step_index: Some(0),
            phase: Some("Progressing".into()),
            ..Default::default()
        });
        promote_status(&mut r, false).unwrap();
        assert_eq!(r.status.current_step_index, Some(1));
        let mut r = record(RolloutStatus {
            phase: Some("Healthy".into()),
            ..Default::default()
        });
        assert!(promote_status(&mut r, true).unwrap_err().contains("done"));
        let mut r = record(RolloutStatus::default());
        promote_status(&mut r, true).unwrap();
        assert!(r.status.promote_full);
        // Aborted: refused; retried (recorded, no driver ran yet): allowed.
        let mut r = record(RolloutStatus {
            abort: true,
            phase: Some("Degraded".into()),
            ..Default::default()
        });
        assert!(promote_status(&mut r, false).unwrap_err().contains("retry"));
        retry_status(&mut r).unwrap();
        promote_status(&mut r, true).unwrap();
    }

    #[test]
    fn retry_needs_an_abort() {
        let mut r = record(RolloutStatus::default());
        assert!(retry_status(&mut r).unwrap_err().contains("not aborted"));
        r.status.abort = true;
        retry_status(&mut r).unwrap();
        assert!(!r.status.abort);
    }
}
