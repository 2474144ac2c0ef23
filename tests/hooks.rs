//! `hooks list` and `hooks run` with Argo CD's hook semantics: listing order and bad input
//! without a cluster; phases, waves, delete policies, generateName and a failing Job (kwok's
//! `kubectl-rollouts-job-pod-fail` stage, scripts/kwok/) against the real loopback cluster.

mod support;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::batch::v1::Job;
use kube::Api;
use kube::api::PostParams;
use kube::runtime::{WatchStreamExt, watcher};
use serde_json::{Value, json};
use support::*;

async fn rollouts(ctx: &Ctx, args: &[&str]) -> Run {
    let mut all = vec!["-n".to_string(), ctx.ns.clone()];
    all.extend(args.iter().map(|s| s.to_string()));
    let kubeconfig = ctx.env.kubeconfig.clone();
    tokio::task::spawn_blocking(move || Cmd::new(all).env("KUBECONFIG", kubeconfig).run())
        .await
        .unwrap()
}

/// A Job hook manifest: `name` (or `generateName` when it ends in '-'), its annotations, and
/// whether kwok fails its pod (with `message` as the container's termination message).
fn job(name: &str, annotations: &[(&str, &str)], fail: Option<&str>) -> String {
    let mut meta = json!({"annotations": annotations.iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>()});
    if name.ends_with('-') {
        meta["generateName"] = json!(name);
    } else {
        meta["name"] = json!(name);
    }
    let mut pod_meta = json!({});
    if let Some(m) = fail {
        pod_meta = json!({"labels": {"kubectl-rollouts.test/fail": "true"},
                          "annotations": {"kubectl-rollouts.test/message": m}});
    }
    let j = json!({
        "apiVersion": "batch/v1", "kind": "Job", "metadata": meta,
        "spec": {"backoffLimit": 0, "template": {"metadata": pod_meta, "spec": {
            "restartPolicy": "Never",
            "containers": [{"name": "migrate", "image": "kainlite/tr:v1.2.0",
                            "command": ["/app/bin/tr"], "args": ["eval", "Tr.Release.migrate()"]}]}}}
    });
    serde_json::to_string_pretty(&j).unwrap()
}

fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).unwrap();
}

async fn get_job(ctx: &Ctx, name: &str) -> Option<Job> {
    let api: Api<Job> = Api::namespaced(ctx.client.clone(), &ctx.ns);
    api.get_opt(name).await.unwrap()
}

/// A Job that is gone or being deleted (Background propagation: it goes at once).
async fn gone(ctx: &Ctx, name: &str) -> bool {
    get_job(ctx, name)
        .await
        .is_none_or(|j| j.metadata.deletion_timestamp.is_some())
}

#[tokio::test]
async fn the_seed_presync_migration_succeeds_and_hook_succeeded_deletes_it() {
    with_namespace("hooks-ok", |ctx| async move {
        let dir = tempfile::tempdir().unwrap();
        // The seed's migration-hook.yaml, as the article writes it (backoffLimit 3).
        write(
            dir.path(),
            "migration-hook.yaml",
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: tr-web-migrate\n  annotations:\n    \
             argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n\
             spec:\n  template:\n    spec:\n      containers:\n      - name: migrate\n        \
             image: kainlite/tr:v1.2.0\n        command: [\"/app/bin/tr\"]\n        args: [\"eval\", \
             \"Tr.Release.migrate()\"]\n      restartPolicy: Never\n  backoffLimit: 3\n",
        );
        let d = dir.path().to_str().unwrap();
        let run = rollouts(&ctx, &["hooks", "run", "--phase", "PreSync", d, "-o", "json"]).await.code(0);
        let out = run.json();
        assert_eq!(out["phase"], "PreSync");
        assert_eq!(out["result"], "succeeded");
        let r = &out["results"][0];
        assert_eq!(r["hook"], "Job/tr-web-migrate");
        assert_eq!(r["ok"], true);
        assert_eq!(r["deleted"], true, "{out}");
        assert!(r["message"].as_str().unwrap().contains("completed"), "{out}");
        assert!(gone(&ctx, "tr-web-migrate").await, "HookSucceeded deletes the Job");
        assert!(run.stderr.contains("PreSync wave 0: Job/tr-web-migrate"), "{}", run.stderr);
        // The other phases have nothing to run.
        let run = rollouts(&ctx, &["hooks", "run", "--phase", "PostSync", d]).await.code(0);
        assert!(run.stdout.contains("no PostSync hooks in"), "{}", run.stdout);
    })
    .await;
}

#[tokio::test]
async fn a_failing_presync_job_exits_1_naming_it_and_its_pod_and_later_waves_do_not_run() {
    with_namespace("hooks-fail", |ctx| async move {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "migrate.yaml",
            &job(
                "tr-web-migrate",
                &[("argocd.argoproj.io/hook", "PreSync")],
                Some("relation \"users\" already exists"),
            ),
        );
        write(
            dir.path(),
            "after.yaml",
            &job(
                "after",
                &[
                    ("argocd.argoproj.io/hook", "PreSync"),
                    ("argocd.argoproj.io/sync-wave", "1"),
                ],
                None,
            ),
        );
        let d = dir.path().to_str().unwrap();
        let run = rollouts(&ctx, &["hooks", "run", "--phase", "PreSync", d])
            .await
            .code(1);
        let err = &run.stderr;
        assert!(
            err.contains(
                "error: PreSync hook Job/tr-web-migrate failed: Job tr-web-migrate failed"
            ),
            "{err}"
        );
        assert!(err.contains("container migrate exit code 1"), "{err}");
        assert!(
            err.contains("relation \\\"users\\\" already exists"),
            "{err}"
        );
        // kwok's fake nodes serve no logs: the message says so instead of showing one.
        assert!(err.contains("the cluster has no log for it"), "{err}");
        // Wave 1 waits for wave 0, which failed: it is never created.
        assert!(
            get_job(&ctx, "after").await.is_none(),
            "wave 1 ran after a failed wave 0"
        );
        // BeforeHookCreation (the default) leaves the failed Job for inspection.
        let j = get_job(&ctx, "tr-web-migrate")
            .await
            .expect("the failed Job is kept");
        let failed = j
            .status
            .unwrap()
            .conditions
            .unwrap_or_default()
            .iter()
            .any(|c| c.type_ == "Failed");
        assert!(failed);
        assert!(run.stdout.contains("Failed"), "{}", run.stdout);
    })
    .await;
}

#[tokio::test]
async fn wave_1_is_created_only_after_every_wave_0_hook_is_done() {
    with_namespace("hooks-waves", |ctx| async move {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.yaml", &job("w0-a", &[("argocd.argoproj.io/hook", "Sync")], None));
        write(dir.path(), "b.yaml", &job("w0-b", &[("argocd.argoproj.io/hook", "Sync")], None));
        write(
            dir.path(),
            "c.yaml",
            &job("w1", &[("argocd.argoproj.io/hook", "Sync"), ("argocd.argoproj.io/sync-wave", "1")], None),
        );
        // A ConfigMap of wave 1 comes before the Job of wave 1 (gitops-engine's kind order).
        write(
            dir.path(),
            "d.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: zz-config\n  annotations:\n    \
             argocd.argoproj.io/hook: Sync\n    argocd.argoproj.io/sync-wave: \"1\"\ndata:\n  k: v\n",
        );
        // Record, in the order the API server reports them, when each Job appears and completes.
        let events: Arc<Mutex<Vec<String>>> = Arc::default();
        let api: Api<Job> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        let seen = events.clone();
        let watch = tokio::spawn(async move {
            let mut stream = watcher(api, watcher::Config::default()).applied_objects().boxed();
            while let Some(Ok(j)) = stream.next().await {
                let name = j.metadata.name.clone().unwrap_or_default();
                let complete = j.status.and_then(|s| s.conditions).unwrap_or_default()
                    .iter().any(|c| c.type_ == "Complete" && c.status == "True");
                let e = format!("{name} {}", if complete { "complete" } else { "exists" });
                let mut seen = seen.lock().unwrap();
                if !seen.contains(&e) {
                    seen.push(e);
                }
            }
        });
        tokio::time::sleep(Duration::from_millis(500)).await;
        let d = dir.path().to_str().unwrap();
        let run = rollouts(&ctx, &["hooks", "run", "--phase", "Sync", d, "-o", "json"]).await.code(0);
        tokio::time::sleep(Duration::from_millis(500)).await;
        watch.abort();
        let events = events.lock().unwrap().clone();
        let pos = |e: &str| events.iter().position(|x| x == e).unwrap_or_else(|| panic!("{e} not in {events:?}"));
        assert!(pos("w1 exists") > pos("w0-a complete"), "{events:?}");
        assert!(pos("w1 exists") > pos("w0-b complete"), "{events:?}");
        let out = run.json();
        let order: Vec<&str> = out["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["hook"].as_str().unwrap())
            .collect();
        assert_eq!(order, ["Job/w0-a", "Job/w0-b", "ConfigMap/zz-config", "Job/w1"]);
        // The cluster's own clock agrees: w1 was created no earlier than w0-a completed.
        let w0 = get_job(&ctx, "w0-a").await.unwrap().status.unwrap().completion_time.unwrap();
        let w1 = get_job(&ctx, "w1").await.unwrap().metadata.creation_timestamp.unwrap();
        assert!(w1.0 >= w0.0, "w1 created {w1:?} before w0-a completed {w0:?}");
    })
    .await;
}

#[tokio::test]
async fn delete_policies_before_hook_creation_hook_failed_and_hook_succeeded() {
    with_namespace("hooks-policy", |ctx| async move {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap().to_string();
        // BeforeHookCreation (default): a second run deletes the first object, waits until it
        // is gone, and creates a new one of the same name.
        write(
            dir.path(),
            "a.yaml",
            &job("again", &[("argocd.argoproj.io/hook", "PostSync")], None),
        );
        rollouts(&ctx, &["hooks", "run", "--phase", "PostSync", &d])
            .await
            .code(0);
        let first = get_job(&ctx, "again").await.unwrap().metadata.uid;
        let run = rollouts(&ctx, &["hooks", "run", "--phase", "PostSync", &d])
            .await
            .code(0);
        assert!(
            run.stderr
                .contains("deleting the existing Job/again first (BeforeHookCreation)"),
            "{}",
            run.stderr
        );
        let second = get_job(&ctx, "again").await.unwrap().metadata.uid;
        assert_ne!(first, second, "BeforeHookCreation recreates the Job");

        // HookFailed: a failed hook is deleted; HookSucceeded on a failed operation is kept.
        std::fs::remove_file(dir.path().join("a.yaml")).unwrap();
        write(
            dir.path(),
            "b.yaml",
            &job(
                "fails",
                &[
                    ("argocd.argoproj.io/hook", "SyncFail"),
                    ("argocd.argoproj.io/hook-delete-policy", "HookFailed"),
                ],
                Some("boom"),
            ),
        );
        write(
            dir.path(),
            "c.yaml",
            &job(
                "kept",
                &[
                    ("argocd.argoproj.io/hook", "SyncFail"),
                    ("argocd.argoproj.io/hook-delete-policy", "HookSucceeded"),
                ],
                None,
            ),
        );
        let run = rollouts(
            &ctx,
            &["hooks", "run", "--phase", "SyncFail", &d, "-o", "json"],
        )
        .await
        .code(1);
        let out = run.json();
        assert_eq!(out["result"], "failed");
        assert!(
            gone(&ctx, "fails").await,
            "HookFailed deletes the failed Job: {out}"
        );
        assert!(
            !gone(&ctx, "kept").await,
            "HookSucceeded keeps hooks of a failed operation: {out}"
        );

        // HookSucceeded on a successful operation deletes; HookFailed then keeps.
        for f in ["b.yaml", "c.yaml"] {
            std::fs::remove_file(dir.path().join(f)).unwrap();
        }
        write(
            dir.path(),
            "d.yaml",
            &job(
                "done",
                &[
                    ("argocd.argoproj.io/hook", "Sync"),
                    (
                        "argocd.argoproj.io/hook-delete-policy",
                        "HookSucceeded,HookFailed",
                    ),
                ],
                None,
            ),
        );
        write(
            dir.path(),
            "e.yaml",
            &job(
                "stays",
                &[
                    ("argocd.argoproj.io/hook", "Sync"),
                    ("argocd.argoproj.io/hook-delete-policy", "HookFailed"),
                ],
                None,
            ),
        );
        rollouts(&ctx, &["hooks", "run", "--phase", "Sync", &d])
            .await
            .code(0);
        assert!(gone(&ctx, "done").await);
        assert!(!gone(&ctx, "stays").await);
    })
    .await;
}

#[tokio::test]
async fn a_generate_name_hook_gets_a_fresh_name_each_run_labelled_with_its_operation() {
    with_namespace("hooks-gen", |ctx| async move {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "g.yaml",
            &job("smoke-", &[("argocd.argoproj.io/hook", "PostSync")], None),
        );
        let d = dir.path().to_str().unwrap();
        let mut names = Vec::new();
        let mut ops = Vec::new();
        for _ in 0..2 {
            let out = rollouts(
                &ctx,
                &["hooks", "run", "--phase", "PostSync", d, "-o", "json"],
            )
            .await
            .code(0)
            .json();
            names.push(out["results"][0]["name"].as_str().unwrap().to_string());
            ops.push(out["operation"].as_str().unwrap().to_string());
            // Operation ids differ by start second and process; keep the runs a second apart.
            tokio::time::sleep(Duration::from_millis(1100)).await;
        }
        assert_ne!(names[0], names[1]);
        for (name, op) in names.iter().zip(&ops) {
            assert!(name.starts_with("smoke-postsync-"), "{name}");
            let j = get_job(&ctx, name)
                .await
                .unwrap_or_else(|| panic!("{name} exists"));
            let labels = j.metadata.labels.unwrap();
            assert_eq!(labels.get("kubectl-rollouts/hook-operation"), Some(op));
            assert_eq!(
                labels
                    .get("kubectl-rollouts/hook-phase")
                    .map(String::as_str),
                Some("postsync")
            );
        }
    })
    .await;
}

#[tokio::test]
async fn for_names_an_existing_workload_and_is_recorded_on_the_hooks() {
    with_namespace("hooks-for", |ctx| async move {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.yaml", &job("migrate", &[("argocd.argoproj.io/hook", "PreSync")], None));
        let d = dir.path().to_str().unwrap();
        let run = rollouts(&ctx, &["hooks", "run", "--phase", "PreSync", d, "--for", "deployment/tr-web"]).await.code(2);
        assert!(run.stderr.contains("--for: deployment/tr-web does not exist in namespace"), "{}", run.stderr);
        assert!(get_job(&ctx, "migrate").await.is_none(), "nothing runs for a missing workload");
        let api: Api<Deployment> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        let dep: Deployment = serde_json::from_value(json!({
            "metadata": {"name": "tr-web"},
            "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "tr-web"}},
                     "template": {"metadata": {"labels": {"app": "tr-web"}},
                                  "spec": {"containers": [{"name": "tr-web", "image": "kainlite/tr:v1.2.0"}]}}}
        })).unwrap();
        api.create(&PostParams::default(), &dep).await.unwrap();
        rollouts(&ctx, &["hooks", "run", "--phase", "PreSync", d, "--for", "deployment/tr-web"]).await.code(0);
        let j = get_job(&ctx, "migrate").await.unwrap();
        assert_eq!(
            j.metadata.annotations.unwrap().get("kubectl-rollouts/hook-for").map(String::as_str),
            Some("deployment/tr-web")
        );
    })
    .await;
}

#[tokio::test]
async fn a_hook_the_cluster_refuses_fails_the_phase_with_the_api_message() {
    with_namespace("hooks-invalid", |ctx| async move {
        let dir = tempfile::tempdir().unwrap();
        let mut bad: Value =
            serde_json::from_str(&job("bad", &[("argocd.argoproj.io/hook", "PreSync")], None))
                .unwrap();
        bad["spec"]["template"]["spec"]["restartPolicy"] = json!("Always");
        write(dir.path(), "bad.json", &bad.to_string());
        let run = rollouts(
            &ctx,
            &[
                "hooks",
                "run",
                "--phase",
                "PreSync",
                dir.path().to_str().unwrap(),
            ],
        )
        .await
        .code(1);
        assert!(
            run.stderr.contains("Job/bad could not be created"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("restartPolicy"), "{}", run.stderr);
    })
    .await;
}

// ---- no cluster needed -------------------------------------------------------------------

#[test]
fn hooks_list_shows_the_run_order_by_phase_wave_kind_and_name() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(
        p,
        "1.yaml",
        &job("migrate", &[("argocd.argoproj.io/hook", "PreSync")], None),
    );
    write(
        p,
        "2.yaml",
        &job(
            "backup",
            &[
                ("argocd.argoproj.io/hook", "PreSync"),
                ("argocd.argoproj.io/sync-wave", "-1"),
            ],
            None,
        ),
    );
    write(
        p,
        "3.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: zz-creds\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n",
    );
    write(
        p,
        "4.yaml",
        &job(
            "smoke-",
            &[
                ("argocd.argoproj.io/hook", "PostSync,PreSync"),
                ("argocd.argoproj.io/sync-wave", "2"),
            ],
            None,
        ),
    );
    write(
        p,
        "5.yaml",
        &job("notify", &[("argocd.argoproj.io/hook", "SyncFail")], None),
    );
    write(
        p,
        "6.yaml",
        &job(
            "chart-hook",
            &[
                ("helm.sh/hook", "pre-upgrade"),
                ("helm.sh/hook-weight", "1"),
            ],
            None,
        ),
    );
    write(
        p,
        "7.yaml",
        &job("off", &[("argocd.argoproj.io/hook", "Skip")], None),
    );
    let out = Cmd::new(["hooks", "list", p.to_str().unwrap(), "-o", "json"])
        .run()
        .code(0)
        .json();
    let rows: Vec<String> = out
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {}",
                r["phase"].as_str().unwrap_or("Skip"),
                r["order"],
                r["wave"],
                r["hook"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "PreSync 1 -1 Job/backup",
            "PreSync 2 0 Secret/zz-creds",
            "PreSync 3 0 Job/migrate",
            "PreSync 4 1 Job/chart-hook",
            "PreSync 5 2 Job/smoke-*",
            "PostSync 1 2 Job/smoke-*",
            "SyncFail 1 0 Job/notify",
            "Skip 0 0 Job/off",
        ]
    );
    assert_eq!(out[3]["phasesFrom"], "helm");
    assert_eq!(out[1]["kindOrder"], -28);
    let table = Cmd::new(["hooks", "list", p.to_str().unwrap()])
        .run()
        .code(0)
        .stdout;
    assert!(
        table.contains("wave -1 (sync-wave), Job kind 31 of 35, then name"),
        "{table}"
    );
    assert!(table.contains("wave 1 (helm.sh/hook-weight)"), "{table}");
}

#[test]
fn bad_hook_manifests_exit_2_naming_file_line_and_field() {
    let cases: &[(&str, &str)] = &[
        (
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n",
            "x.yaml:1: metadata.annotations.argocd.argoproj.io/hook: ConfigMap/plain is not a hook",
        ),
        (
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: m\n  annotations:\n    argocd.argoproj.io/hook: Presync\n",
            "x.yaml:6: metadata.annotations.argocd.argoproj.io/hook: Job/m: unknown hook phase \"Presync\"",
        ),
        (
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: m\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: OnSuccess\n",
            "x.yaml:7: metadata.annotations.argocd.argoproj.io/hook-delete-policy: Job/m: unknown delete policy \"OnSuccess\"",
        ),
        (
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: m\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/sync-wave: \"first\"\n",
            "x.yaml:7: metadata.annotations.argocd.argoproj.io/sync-wave: Job/m: expected an integer wave",
        ),
        (
            "apiVersion: batch/v1\nmetadata:\n  name: m\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n",
            "x.yaml:1: kind: missing",
        ),
        (
            "kind: Job\nmetadata:\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n",
            "x.yaml:1: apiVersion: missing",
        ),
        (
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n",
            "x.yaml:4: metadata.name: missing; a hook needs metadata.name or metadata.generateName",
        ),
        (
            "apiVersion: batch/v1\nkind: Job\nmetadata: {name: [\n",
            "x.yaml:",
        ),
    ];
    for (text, want) in cases {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "x.yaml", text);
        for args in [
            vec!["hooks", "list", dir.path().to_str().unwrap()],
            vec![
                "hooks",
                "run",
                "--phase",
                "PreSync",
                dir.path().to_str().unwrap(),
                "--kubeconfig",
                "/nonexistent",
            ],
        ] {
            let run = Cmd::new(&args).run().code(2);
            assert!(
                run.stderr.contains(want),
                "{args:?}: want {want:?} in:\n{}",
                run.stderr
            );
            assert!(
                run.stderr.contains(dir.path().to_str().unwrap()),
                "{}",
                run.stderr
            );
        }
    }
    let run = Cmd::new(["hooks", "run", "--phase", "presync", "."])
        .run()
        .code(2);
    assert!(run.stderr.contains("--phase"), "{}", run.stderr);
    let run = Cmd::new(["hooks", "list", "/nonexistent/hooks"])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("/nonexistent/hooks: cannot read the hooks directory"),
        "{}",
        run.stderr
    );
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.yaml",
        &job("m", &[("argocd.argoproj.io/hook", "PreSync")], None),
    );
    let run = Cmd::new([
        "hooks",
        "run",
        "--phase",
        "PreSync",
        dir.path().to_str().unwrap(),
        "--timeout",
        "soon",
    ])
    .run()
    .code(2);
    assert!(run.stderr.contains("--timeout"), "{}", run.stderr);
    let run = Cmd::new([
        "hooks",
        "run",
        "--phase",
        "PreSync",
        dir.path().to_str().unwrap(),
        "--for",
        "web",
    ])
    .run()
    .code(2);
    assert!(run.stderr.contains("--for"), "{}", run.stderr);
}

#[test]
fn the_seed_hooks_list_one_job_per_phase() {
    let dir = repo().join("examples/hooks");
    let out = Cmd::new(["hooks", "list", dir.to_str().unwrap(), "-o", "json"])
        .run()
        .code(0)
        .json();
    let rows: Vec<(String, String, String)> = out
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["phase"].as_str().unwrap().to_string(),
                r["hook"].as_str().unwrap().to_string(),
                r["deletePolicies"][0].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let row = |p: &str, h: &str| (p.to_string(), h.to_string(), "HookSucceeded".to_string());
    assert_eq!(
        rows,
        [
            row("PreSync", "Job/tr-web-migrate"),
            row("PostSync", "Job/tr-web-smoke-test"),
            row("SyncFail", "Job/tr-web-notify"),
        ]
    );
}
