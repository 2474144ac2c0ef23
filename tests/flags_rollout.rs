//! `flags rollout` on the real local cluster and Prometheus: a progressive rollout whose
//! analyses pass, one whose analysis fails (the kill switch), promote/abort from another
//! process, a killed driver resumed, and bad input.

mod support;

use std::time::Duration;

use k8s_openapi::api::core::v1::ConfigMap;
use kube::Api;
use kube::api::PostParams;
use serde_json::{Value, json};
use support::drive::*;
use support::*;

const RECORD: &str = "rollouts.kubectl-rollouts.io/flag-rollout.";

/// The seed's three flags in ConfigMap `app-flags`.
async fn flags_configmap(ctx: &Ctx) {
    let text = std::fs::read_to_string(repo().join("examples/flags/flags.flagd.json")).unwrap();
    let cm: ConfigMap = serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "app-flags"},
        "data": {"flags.flagd.json": text},
    }))
    .unwrap();
    let api: Api<ConfigMap> = Api::namespaced(ctx.client.clone(), &ctx.ns);
    api.create(&PostParams::default(), &cm).await.unwrap();
}

async fn configmap(ctx: &Ctx) -> ConfigMap {
    let api: Api<ConfigMap> = Api::namespaced(ctx.client.clone(), &ctx.ns);
    api.get("app-flags").await.unwrap()
}

async fn flag(ctx: &Ctx, name: &str) -> Value {
    let cm = configmap(ctx).await;
    let doc: Value = serde_json::from_str(&cm.data.unwrap()["flags.flagd.json"]).unwrap();
    doc["flags"][name].clone()
}

async fn record(ctx: &Ctx, name: &str) -> Option<Value> {
    let cm = configmap(ctx).await;
    cm.metadata
        .annotations
        .unwrap_or_default()
        .get(&format!("{RECORD}{name}"))
        .map(|t| serde_json::from_str(t).unwrap())
}

/// The share of 1,000 keys `flags eval` answers true for.
async fn share_on(ctx: &Ctx, name: &str) -> usize {
    let f = flag(ctx, name).await;
    if f["state"] == "DISABLED" {
        return 0;
    }
    let set: kubectl_rollouts::flags::FlagSet =
        kubectl_rollouts::flags::model::parse(&json!({"flags": {name: f}})).unwrap();
    let compiled = kubectl_rollouts::flags::Compiled::new(set.get(name).unwrap()).unwrap();
    (0..1000)
        .filter(|i| {
            let c = kubectl_rollouts::flags::eval::context(
                Some(&format!("user-{i}")),
                Default::default(),
            );
            compiled.evaluate(&c, 0).value == Some(json!(true))
        })
        .count()
}

async fn wait_phase(ctx: &Ctx, name: &str, phase: &str) -> Value {
    eventually(
        &format!("flag {name} rollout {phase}"),
        Duration::from_secs(60),
        || async {
            match record(ctx, name).await {
                Some(r) if r["status"]["phase"] == phase => Ok(r),
                other => Err(format!("{other:?}")),
            }
        },
    )
    .await
}

fn rollout_args<'a>(name: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["flags", "rollout", name, "--configmap", "app-flags"];
    a.extend(extra);
    a
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_healthy_flag_is_raised_step_by_step_and_a_failing_one_is_killed() {
    with_namespace("flag-ro", |ctx| async move {
        let good = format!("{}-on", ctx.ns);
        let bad = format!("{}-bad", ctx.ns);
        emit(&ctx, &good, 0.0).await;
        emit(&ctx, &bad, 0.5).await;
        install(&ctx).await;
        apply_objects(&ctx, vec![success_rate_template(None, 3, "")]);
        flags_configmap(&ctx).await;
        wait_for_rate(&ctx, &good).await;
        wait_for_rate(&ctx, &bad).await;

        let arg = format!("service-name={good}");
        let out = wait(
            driver(
                &ctx,
                &rollout_args(
                    "new_search_ui",
                    &[
                        "--steps",
                        "10,50,100",
                        "--analysis",
                        "canary-success-rate",
                        "--arg",
                        &arg,
                        "--timeout",
                        "90s",
                    ],
                ),
            )
            .spawn()
            .unwrap(),
        )
        .await;
        expect(&out, 0);
        let f = flag(&ctx, "new_search_ui").await;
        assert_eq!(
            (f["state"].as_str(), f["defaultVariant"].as_str()),
            (Some("ENABLED"), Some("on")),
            "{f}"
        );
        assert!(f.get("targeting").is_none(), "{f}");
        assert_eq!(share_on(&ctx, "new_search_ui").await, 1000);
        // The progress went through the percentages in order, and each analysis ran.
        for want in ["10%", "50%", "100%"] {
            assert!(out.stderr.contains(want), "{want}: {}", out.stderr);
        }
        let runs = analysis_runs(&ctx).await;
        assert_eq!(runs.len(), 2, "{:?}", runs.keys());
        let cm = configmap(&ctx).await;
        for run in runs.values() {
            assert_eq!(run["status"]["phase"], "Successful");
            let owner = &run["metadata"]["ownerReferences"][0];
            assert_eq!(
                (owner["kind"].as_str(), owner["uid"].as_str()),
                (Some("ConfigMap"), cm.metadata.uid.as_deref())
            );
        }
        let r = record(&ctx, "new_search_ui").await.unwrap();
        assert_eq!(r["status"]["phase"], "Healthy");
        assert_eq!(r["spec"]["steps"], json!(["10", "50", "100"]));
        // The other flags were not touched.
        assert_eq!(flag(&ctx, "dark_mode").await["defaultVariant"], "on");

        // The same command again: done is done.
        let again = wait(
            driver(
                &ctx,
                &rollout_args(
                    "new_search_ui",
                    &[
                        "--steps",
                        "10,50,100",
                        "--analysis",
                        "canary-success-rate",
                        "--arg",
                        &arg,
                    ],
                ),
            )
            .spawn()
            .unwrap(),
        )
        .await;
        expect(&again, 0);
        assert_eq!(analysis_runs(&ctx).await.len(), 2);

        // Half of the requests fail: the first analysis fails, the flag goes off for everyone.
        let at_10 = share_on(&ctx, "experimental_editor").await;
        assert!((60..140).contains(&at_10), "{at_10}");
        let arg = format!("service-name={bad}");
        let out = wait(
            driver(
                &ctx,
                &rollout_args(
                    "experimental_editor",
                    &[
                        "--steps",
                        "25,50,100",
                        "--analysis",
                        "canary-success-rate",
                        "--arg",
                        &arg,
                        "--timeout",
                        "90s",
                    ],
                ),
            )
            .spawn()
            .unwrap(),
        )
        .await;
        expect(&out, 1);
        assert!(
            out.stderr.contains("disabled for everyone") && out.stderr.contains("failed"),
            "{}",
            out.stderr
        );
        assert_eq!(flag(&ctx, "experimental_editor").await["state"], "DISABLED");
        assert_eq!(share_on(&ctx, "experimental_editor").await, 0);
        let r = record(&ctx, "experimental_editor").await.unwrap();
        assert_eq!(
            (
                r["status"]["phase"].as_str(),
                r["status"]["abort"].as_bool()
            ),
            (Some("Degraded"), Some(true))
        );
        // An aborted rollout stays aborted until retried.
        let again = wait(
            driver(&ctx, &rollout_args("experimental_editor", &[]))
                .spawn()
                .unwrap(),
        )
        .await;
        expect(&again, 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_flag_rollout_resumes_and_intents_from_other_terminals_reach_it() {
    with_namespace("flag-resume", |ctx| async move {
        install(&ctx).await;
        flags_configmap(&ctx).await;
        let mut child = driver(
            &ctx,
            &rollout_args("new_search_ui", &["--steps", "20,60,100", "--pause", "1h"]),
        )
        .spawn()
        .unwrap();
        let r = wait_phase(&ctx, "new_search_ui", "Paused").await;
        assert_eq!(r["status"]["currentStepIndex"], 1, "{r}");
        let at_20 = share_on(&ctx, "new_search_ui").await;
        assert!((150..250).contains(&at_20), "{at_20}");
        // Killed while paused: the flag stays where it was.
        child.kill().await.unwrap();
        let _ = child.wait().await;
        // Its Lease (3 s in tests) runs out.
        tokio::time::sleep(Duration::from_secs(4)).await;

        // A promote with no driver is recorded and says it waits for one.
        let out = run(
            &ctx,
            &[
                "flags",
                "promote",
                "new_search_ui",
                "--configmap",
                "app-flags",
                "--no-wait",
            ],
        )
        .await;
        expect(&out, 0);
        assert!(
            out.stderr.contains("no driver is running"),
            "{}",
            out.stderr
        );
        assert!(
            record(&ctx, "new_search_ui").await.unwrap()["status"]["message"]
                .as_str()
                .unwrap()
                .contains("waiting for a driver")
        );

        // Resumed without --steps: the recorded rollout goes on past the promoted pause, to the
        // next pause at 60%, keeping every key that was on.
        let mut child = driver(&ctx, &rollout_args("new_search_ui", &["--wait-for-lease"]))
            .spawn()
            .unwrap();
        eventually("60%", Duration::from_secs(60), || async {
            match record(&ctx, "new_search_ui").await {
                Some(r)
                    if r["status"]["currentStepIndex"] == 3 && r["status"]["phase"] == "Paused" =>
                {
                    Ok(())
                }
                other => Err(format!("{other:?}")),
            }
        })
        .await;
        let at_60 = share_on(&ctx, "new_search_ui").await;
        assert!((520..680).contains(&at_60), "{at_60}");

        // An abort from another terminal while the driver runs: recorded, the driver acts on
        // it (kill switch) and exits 1.
        let out = run(
            &ctx,
            &[
                "flags",
                "abort",
                "new_search_ui",
                "--configmap",
                "app-flags",
            ],
        )
        .await;
        expect(&out, 0);
        assert!(out.stderr.contains("is driving"), "{}", out.stderr);
        let driven = tokio::time::timeout(Duration::from_secs(60), child.wait())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(driven.code(), Some(1));
        assert_eq!(flag(&ctx, "new_search_ui").await["state"], "DISABLED");

        // Retry starts over; promote --full then turns it on for everyone.
        let out = run(
            &ctx,
            &[
                "flags",
                "retry",
                "new_search_ui",
                "--configmap",
                "app-flags",
                "--no-wait",
            ],
        )
        .await;
        expect(&out, 0);
        let out = run(
            &ctx,
            &[
                "flags",
                "promote",
                "new_search_ui",
                "--full",
                "--configmap",
                "app-flags",
            ],
        )
        .await;
        expect(&out, 0);
        assert_eq!(share_on(&ctx, "new_search_ui").await, 1000);
        assert_eq!(
            record(&ctx, "new_search_ui").await.unwrap()["status"]["phase"],
            "Healthy"
        );
    })
    .await;
}

/// A round reads the ConfigMap from its watch, not from the API server: five steps read it
/// only before the drive (its check), and write it twice a step (the status annotation, the
/// percentage).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rounds_of_a_flag_rollout_read_the_configmap_from_its_watch() {
    with_namespace("flag-reads", |ctx| async move {
        install(&ctx).await;
        flags_configmap(&ctx).await;
        let out = run(
            &ctx,
            &rollout_args("new_search_ui", &["--steps", "20,40,60,80,100"]),
        )
        .await;
        expect(&out, 0);
        assert_eq!(share_on(&ctx, "new_search_ui").await, 1000);
        let ours: Vec<Audited> = audited(&ctx.ns)
            .into_iter()
            .filter(|r| r.user_agent.starts_with("kubectl-rollouts") && r.resource == "configmaps")
            .collect();
        let count = |verb: &str| ours.iter().filter(|r| r.verb == verb).count();
        assert!(count("get") <= 2, "{ours:#?}");
        assert_eq!(count("watch"), 1, "{ours:#?}");
        assert!(count("patch") + count("update") >= 10, "{ours:#?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_flag_rollouts_are_refused_before_anything_changes() {
    with_namespace("flag-bad", |ctx| async move {
        install(&ctx).await;
        flags_configmap(&ctx).await;
        let before = configmap(&ctx).await.metadata.resource_version;
        for (args, want) in [
            (
                vec![
                    "flags",
                    "rollout",
                    "new_search_ui",
                    "--file",
                    "f.json",
                    "--steps",
                    "5",
                ],
                "--file",
            ),
            (
                rollout_args("new_search_ui", &["--steps", "50,25"]),
                "--steps",
            ),
            (
                rollout_args("new_search_ui", &["--steps", "5,abc"]),
                "not a percentage",
            ),
            (
                rollout_args("new_search_ui", &[]),
                "no rollout of flag new_search_ui is recorded",
            ),
            (rollout_args("new_search_ui", &["--pause", "1m"]), "--pause"),
            (
                rollout_args("no_such_flag", &["--steps", "5"]),
                "no_such_flag",
            ),
            (
                rollout_args(
                    "new_search_ui",
                    &["--steps", "5,100", "--analysis", "missing"],
                ),
                "--analysis",
            ),
            (
                rollout_args("new_search_ui", &["--steps", "5", "--pause=-1m"]),
                "--pause",
            ),
            (
                vec!["flags", "promote", "dark_mode", "--configmap", "app-flags"],
                "no rollout of flag dark_mode",
            ),
        ] {
            let out = run(&ctx, &args).await;
            assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
            assert!(
                out.stderr.contains(want),
                "{args:?}: want {want:?} in {}",
                out.stderr
            );
        }
        assert_eq!(configmap(&ctx).await.metadata.resource_version, before);
    })
    .await;
}
