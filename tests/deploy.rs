//! `deploy` against the real loopback cluster: the seed's deploy job (set image, wait, smoke,
//! undo on failure) as one command, with windows and an analysis gate against the real
//! Prometheus, and its GitHub Actions outputs read back.

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use kube::Api;
use kube::api::{ListParams, PostParams};
use serde_json::{Value, json};
use support::*;

async fn rollouts(ctx: &Ctx, args: &[&str], env: &[(&str, String)]) -> Run {
    let mut all = vec!["-n".to_string(), ctx.ns.clone()];
    all.extend(args.iter().map(|s| s.to_string()));
    let mut cmd = Cmd::new(all).env("KUBECONFIG", ctx.env.kubeconfig.clone());
    for (k, v) in env {
        cmd = cmd.env(k, v);
    }
    tokio::task::spawn_blocking(move || cmd.run())
        .await
        .unwrap()
}

fn deployment(name: &str, extra: Value, container_extra: Value) -> Deployment {
    let mut container = json!({"name": "app", "image": "example/web:1"});
    for (k, v) in container_extra.as_object().unwrap() {
        container[k] = v.clone();
    }
    let mut d = json!({
        "metadata": {"name": name},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [container]}}
        }
    });
    for (k, v) in extra.as_object().unwrap() {
        d["spec"][k] = v.clone();
    }
    serde_json::from_value(d).unwrap()
}

async fn create_rolled_out(ctx: &Ctx, d: Deployment) -> Api<Deployment> {
    let api: Api<Deployment> = Api::namespaced(ctx.client.clone(), &ctx.ns);
    let name = d.metadata.name.clone().unwrap();
    api.create(&PostParams::default(), &d).await.unwrap();
    available(&api, &name).await;
    api
}

/// Waits until the Deployment's current template is rolled out and available.
async fn available(api: &Api<Deployment>, name: &str) -> Deployment {
    eventually(
        "the Deployment rolled out",
        Duration::from_secs(60),
        || async {
            let d = api.get(name).await.map_err(|e| e.to_string())?;
            let st = d.status.clone().unwrap_or_default();
            let ok = st.observed_generation == d.metadata.generation
                && st.updated_replicas == Some(2)
                && st.available_replicas == Some(2)
                && st.replicas == Some(2);
            if ok { Ok(d) } else { Err(format!("{st:?}")) }
        },
    )
    .await
}

fn image(d: &Deployment) -> String {
    d.spec.template.spec.as_ref().unwrap().containers[0]
        .image
        .clone()
        .unwrap()
}

fn annotation(d: &Deployment, key: &str) -> Option<String> {
    d.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(key).cloned())
}

/// `$GITHUB_OUTPUT` as written (name=value lines and name<<DELIM heredocs).
fn outputs(path: &std::path::Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut out = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((k, delim)) = line.split_once("<<") {
            let mut v = Vec::new();
            for l in lines.by_ref() {
                if l == delim {
                    break;
                }
                v.push(l);
            }
            out.insert(k.to_string(), v.join("\n"));
        } else if let Some((k, v)) = line.split_once('=') {
            out.insert(k.to_string(), v.to_string());
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deploy_passes_then_a_failing_smoke_rolls_back_as_kubectl_undo_would() {
    with_namespace("deploy", |ctx| async move {
        let api = create_rolled_out(&ctx, deployment("web", json!({}), json!({}))).await;
        let tmp = tempfile::tempdir().unwrap();
        let gha = |name: &str| {
            vec![
                ("GITHUB_ACTIONS", "true".to_string()),
                (
                    "GITHUB_OUTPUT",
                    tmp.path().join(format!("{name}.out")).display().to_string(),
                ),
                (
                    "GITHUB_STEP_SUMMARY",
                    tmp.path().join(format!("{name}.md")).display().to_string(),
                ),
            ]
        };
        let healthz = format!("{}/healthz", ctx.env.emitter_url);
        let ok = rollouts(
            &ctx,
            &[
                "deploy",
                "deployment/web",
                "--image",
                "app=example/web:2",
                "--smoke",
                &healthz,
                "--smoke-count",
                "2",
                "--smoke-interval",
                "100ms",
                "-o",
                "json",
            ],
            &gha("ok"),
        )
        .await
        .code(0);
        let report = ok.json();
        assert_eq!(report["result"], "succeeded");
        assert_eq!(report["revision"], "2");
        let stages: Vec<&str> = report["stages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["stage"].as_str().unwrap())
            .collect();
        assert_eq!(stages, ["set-image", "wait", "smoke"]);
        assert!(
            ok.stderr.contains("::group::deploy: smoke"),
            "{}",
            ok.stderr
        );
        let d = available(&api, "web").await;
        assert_eq!(image(&d), "example/web:2");
        assert_eq!(
            annotation(&d, "kubernetes.io/change-cause").as_deref(),
            Some("deploy example/web:2 by kubectl-rollouts")
        );
        let o = outputs(&tmp.path().join("ok.out"));
        assert_eq!(o["result"], "succeeded");
        assert_eq!(o["failed-stage"], "");
        assert_eq!(o["revision"], "2");
        assert_eq!(o["image"], "app=example/web:2");
        let summary = std::fs::read_to_string(tmp.path().join("ok.md")).unwrap();
        assert!(summary.contains("| smoke | passed |"), "{summary}");

        // A failing smoke: rolled back to revision 2, which the controller renumbers 4, as
        // after `kubectl rollout undo`.
        let nope = format!("{}/no-such-page", ctx.env.emitter_url);
        let bad = rollouts(
            &ctx,
            &[
                "deploy",
                "deployment/web",
                "--image",
                "app=example/web:3",
                "--smoke",
                &nope,
                "--smoke-count",
                "2",
                "--smoke-interval",
                "100ms",
                "--change-cause",
                "ticket 42",
            ],
            &gha("bad"),
        )
        .await
        .code(1);
        assert!(
            bad.stderr.contains("failed at stage smoke"),
            "{}",
            bad.stderr
        );
        assert!(bad.stderr.contains("404"), "{}", bad.stderr);
        assert!(bad.stderr.contains("::error::"), "{}", bad.stderr);
        let d = available(&api, "web").await;
        assert_eq!(image(&d), "example/web:2");
        assert_eq!(
            annotation(&d, "deployment.kubernetes.io/revision").as_deref(),
            Some("4")
        );
        assert_eq!(
            annotation(&d, "kubernetes.io/change-cause").as_deref(),
            Some("deploy example/web:2 by kubectl-rollouts"),
            "the revision's cause, as kubectl's undo"
        );
        let rss: Api<ReplicaSet> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        let list = rss
            .list(&ListParams::default().labels("app=web"))
            .await
            .unwrap();
        assert_eq!(list.items.len(), 3);
        let o = outputs(&tmp.path().join("bad.out"));
        assert_eq!(o["result"], "failed");
        assert_eq!(o["failed-stage"], "smoke");
        assert_eq!(o["revision"], "4");
        let summary = std::fs::read_to_string(tmp.path().join("bad.md")).unwrap();
        assert!(
            summary.contains("| smoke | failed |") && summary.contains("| rollback | passed |"),
            "{summary}"
        );

        // Bad input that needs the cluster: a container the Deployment does not have.
        let none = rollouts(
            &ctx,
            &["deploy", "deployment/web", "--image", "web=example/web:9"],
            &[],
        )
        .await
        .code(2);
        assert!(
            none.stderr
                .contains("has no container \"web\"; its containers are app"),
            "{}",
            none.stderr
        );
        let missing = rollouts(
            &ctx,
            &["deploy", "deployment/nope", "--image", "app=x:1"],
            &[],
        )
        .await
        .code(1);
        assert!(
            missing.stderr.contains("not found in namespace"),
            "{}",
            missing.stderr
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revision_that_never_becomes_available_times_out_and_is_rolled_back() {
    with_namespace("deploy-timeout", |ctx| async move {
        // Each pod takes one of the cluster's two test slots: the surge pod of the new
        // revision can never be scheduled.
        let d = deployment(
            "slots",
            json!({"strategy": {"rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}}),
            json!({"resources": {"requests": {"kubectl-rollouts.test/slot": "1"},
                                 "limits": {"kubectl-rollouts.test/slot": "1"}}}),
        );
        let api = create_rolled_out(&ctx, d).await;
        let out = rollouts(
            &ctx,
            &[
                "deploy",
                "deployment/slots",
                "--image",
                "app=example/web:2",
                "--timeout",
                "3s",
                "-o",
                "json",
            ],
            &[],
        )
        .await
        .code(1);
        assert_eq!(out.json()["failedStage"], "wait");
        assert!(
            out.stderr.contains("not available within --timeout 3s"),
            "{}",
            out.stderr
        );
        let d = available(&api, "slots").await;
        assert_eq!(image(&d), "example/web:1");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_window_changes_nothing_and_a_failing_analysis_rolls_back() {
    with_namespace("deploy-gates", |ctx| async move {
        let api = create_rolled_out(&ctx, deployment("web", json!({}), json!({}))).await;
        let tmp = tempfile::tempdir().unwrap();
        let project = tmp.path().join("project.yaml");
        std::fs::write(
            &project,
            r#"apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: production
  namespace: argocd
spec:
  syncWindows:
    - kind: deny
      schedule: "* * * * *"
      duration: 1h
      applications: ["web"]
"#,
        )
        .unwrap();
        let generation = api.get("web").await.unwrap().metadata.generation;
        let closed = rollouts(
            &ctx,
            &[
                "deploy",
                "deployment/web",
                "--image",
                "app=example/web:2",
                "--window-project",
                project.to_str().unwrap(),
                "--app",
                "web",
            ],
            &[],
        )
        .await
        .code(1);
        assert!(
            closed.stderr.contains("failed at stage window")
                && closed.stderr.contains("nothing was changed"),
            "{}",
            closed.stderr
        );
        assert_eq!(
            api.get("web").await.unwrap().metadata.generation,
            generation,
            "nothing written"
        );

        // An analysis gate whose metric fails, measured against the real Prometheus.
        let template = tmp.path().join("gate.yaml");
        std::fs::write(
            &template,
            r#"apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: gate
spec:
  metrics:
    - name: always-low
      count: 1
      interval: 1s
      successCondition: result[0] > 1
      provider:
        prometheus:
          query: vector(0.5)
"#,
        )
        .unwrap();
        let failed = rollouts(
            &ctx,
            &[
                "deploy",
                "deployment/web",
                "--image",
                "app=example/web:2",
                "--analysis",
                template.to_str().unwrap(),
                "--prometheus",
                &ctx.env.prometheus_url,
                "-o",
                "json",
            ],
            &[],
        )
        .await
        .code(1);
        assert_eq!(failed.json()["failedStage"], "analysis");
        assert!(
            failed.stderr.contains("0.5"),
            "the metric's value is shown: {}",
            failed.stderr
        );
        let d = available(&api, "web").await;
        assert_eq!(image(&d), "example/web:1");
        // And passing, with the app's window open.
        std::fs::write(
            &template,
            std::fs::read_to_string(&template)
                .unwrap()
                .replace("> 1", "< 1"),
        )
        .unwrap();
        rollouts(
            &ctx,
            &[
                "deploy",
                "deployment/web",
                "--image",
                "app=example/web:2",
                "--analysis",
                template.to_str().unwrap(),
                "--prometheus",
                &ctx.env.prometheus_url,
                "--window-project",
                project.to_str().unwrap(),
                "--app",
                "other",
            ],
            &[],
        )
        .await
        .code(0);
        assert_eq!(image(&available(&api, "web").await), "example/web:2");
    })
    .await;
}

fn job(name: &str, phase: &str, fail: bool) -> String {
    let labels = if fail {
        "\n      labels: {kubectl-rollouts.test/fail: \"true\"}\n      annotations: {kubectl-rollouts.test/message: \"relation users already exists\"}"
    } else {
        ""
    };
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\n  annotations:\n    argocd.argoproj.io/hook: {phase}\n    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation\nspec:\n  backoffLimit: 0\n  template:\n    metadata:{}\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: example/job:1\n",
        if labels.is_empty() { " {}" } else { labels }
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_hooks_run_around_the_deploy_and_a_failed_migration_deploys_nothing() {
    with_namespace("deploy-hooks", |ctx| async move {
        let api = create_rolled_out(&ctx, deployment("web", json!({}), json!({}))).await;
        let tmp = tempfile::tempdir().unwrap();
        let ok_dir = tmp.path().join("ok");
        std::fs::create_dir(&ok_dir).unwrap();
        std::fs::write(
            ok_dir.join("migrate.yaml"),
            job("migrate", "PreSync", false),
        )
        .unwrap();
        std::fs::write(ok_dir.join("check.yaml"), job("check", "PostSync", false)).unwrap();
        std::fs::write(ok_dir.join("notify.yaml"), job("notify", "SyncFail", false)).unwrap();
        let ok = rollouts(
            &ctx,
            &[
                "deploy",
                "deployment/web",
                "--image",
                "app=example/web:2",
                "--hooks",
                ok_dir.to_str().unwrap(),
                "-o",
                "json",
            ],
            &[],
        )
        .await
        .code(0);
        let stages: Vec<String> = ok.json()["stages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["stage"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            stages,
            ["pre-sync", "set-image", "wait", "post-sync"],
            "{}",
            ok.stderr
        );
        assert_eq!(image(&available(&api, "web").await), "example/web:2");
        let jobs: Api<k8s_openapi::api::batch::v1::Job> =
            Api::namespaced(ctx.client.clone(), &ctx.ns);
        assert!(
            jobs.get_opt("notify").await.unwrap().is_none(),
            "SyncFail does not run on success"
        );

        // A failing PreSync migration: nothing deployed, SyncFail ran, the failure named.
        let bad_dir = tmp.path().join("bad");
        std::fs::create_dir(&bad_dir).unwrap();
        std::fs::write(
            bad_dir.join("migrate.yaml"),
            job("migrate-bad", "PreSync", true),
        )
        .unwrap();
        std::fs::write(
            bad_dir.join("notify.yaml"),
            job("notify", "SyncFail", false),
        )
        .unwrap();
        let generation = api.get("web").await.unwrap().metadata.generation;
        let bad = rollouts(
            &ctx,
            &[
                "deploy",
                "deployment/web",
                "--image",
                "app=example/web:3",
                "--hooks",
                bad_dir.to_str().unwrap(),
                "-o",
                "json",
            ],
            &[],
        )
        .await
        .code(1);
        assert_eq!(bad.json()["failedStage"], "pre-sync");
        assert!(
            bad.stderr.contains("migrate-bad") && bad.stderr.contains("nothing was changed"),
            "{}",
            bad.stderr
        );
        assert_eq!(
            api.get("web").await.unwrap().metadata.generation,
            generation,
            "nothing deployed"
        );
        assert!(
            jobs.get_opt("notify").await.unwrap().is_some(),
            "the SyncFail hook ran"
        );

        // A hook manifest that is not a hook is refused before anything changes.
        std::fs::write(
            bad_dir.join("plain.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
        )
        .unwrap();
        let refused = rollouts(
            &ctx,
            &[
                "deploy",
                "deployment/web",
                "--image",
                "app=example/web:3",
                "--hooks",
                bad_dir.to_str().unwrap(),
            ],
            &[],
        )
        .await
        .code(2);
        assert!(refused.stderr.contains("plain.yaml"), "{}", refused.stderr);
    })
    .await;
}
