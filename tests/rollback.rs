//! `rollback` and `rollout history` against the real loopback cluster, side by side with the
//! real `kubectl rollout undo` on twin Deployments that share one history.

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use kube::Api;
use kube::api::{ListParams, PostParams};
use serde_json::{Value, json};
use support::*;

/// Runs the binary against the test cluster and namespace (off the async workers: commands
/// that wait take seconds).
async fn rollouts(ctx: &Ctx, args: &[&str]) -> Run {
    let mut all = vec!["-n".to_string(), ctx.ns.clone()];
    all.extend(args.iter().map(|s| s.to_string()));
    let kubeconfig = ctx.env.kubeconfig.clone();
    tokio::task::spawn_blocking(move || Cmd::new(all).env("KUBECONFIG", kubeconfig).run())
        .await
        .unwrap()
}

/// A Deployment of the twin `twin` (both twins carry `app: web`; only the `twin` label
/// differs, and comparisons drop it).
fn deployment(name: &str, twin: &str, extra: Value) -> Deployment {
    let mut d = json!({
        "metadata": {"name": name, "annotations": {"kubernetes.io/change-cause": "create web:1"}},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web", "twin": twin}},
            "template": {
                "metadata": {"labels": {"app": "web", "twin": twin}},
                "spec": {"containers": [{"name": "app", "image": "example/web:1",
                                          "env": [{"name": "MODE", "value": "a"}]}]}
            }
        }
    });
    if let (Some(spec), Some(extra)) = (d["spec"].as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            spec.insert(k.clone(), v.clone());
        }
    }
    serde_json::from_value(d).unwrap()
}

async fn wait_rolled_out(ctx: &Ctx, name: &str) -> Deployment {
    let api: Api<Deployment> = Api::namespaced(ctx.client.clone(), &ctx.ns);
    eventually(
        &format!("deployment {name} rolled out"),
        Duration::from_secs(90),
        || async {
            let d = api.get(name).await.map_err(|e| e.to_string())?;
            let st = d.status.clone().unwrap_or_default();
            let done = st.observed_generation == d.metadata.generation
                && st.updated_replicas == Some(2)
                && st.available_replicas == Some(2)
                && st.replicas == Some(2);
            if done { Ok(d) } else { Err(format!("{st:?}")) }
        },
    )
    .await
}

/// What must be identical between the twins: the template, the Deployment's annotations and
/// every ReplicaSet's (image, MODE, revision, revision-history, replicas), sorted.
#[derive(Debug, PartialEq)]
struct Observed {
    template: Value,
    annotations: BTreeMap<String, String>,
    replica_sets: Vec<(String, String, String, String, i32)>,
}

fn drop_twin(mut v: Value) -> Value {
    if let Some(labels) = v
        .pointer_mut("/metadata/labels")
        .and_then(Value::as_object_mut)
    {
        labels.remove("twin");
        labels.remove("pod-template-hash");
    }
    v
}

async fn observe(ctx: &Ctx, name: &str) -> Observed {
    let d = wait_rolled_out(ctx, name).await;
    let twin = if name.ends_with("-k") { "k" } else { "r" };
    let rss: Api<ReplicaSet> = Api::namespaced(ctx.client.clone(), &ctx.ns);
    let list = rss
        .list(&ListParams::default().labels(&format!("twin={twin}")))
        .await
        .unwrap();
    let mut replica_sets: Vec<_> = list
        .items
        .iter()
        .map(|rs| {
            let t = rs.spec.template.as_ref().unwrap();
            let c = &t.spec.as_ref().unwrap().containers[0];
            let mode = c
                .env
                .iter()
                .flatten()
                .find(|e| e.name == "MODE")
                .and_then(|e| e.value.clone())
                .unwrap_or_default();
            let a = rs.metadata.annotations.clone().unwrap_or_default();
            (
                c.image.clone().unwrap_or_default(),
                mode,
                a.get("deployment.kubernetes.io/revision")
                    .cloned()
                    .unwrap_or_default(),
                a.get("deployment.kubernetes.io/revision-history")
                    .cloned()
                    .unwrap_or_default(),
                rs.spec.replicas.unwrap_or(0),
            )
        })
        .collect();
    replica_sets.sort();
    let mut annotations = d.metadata.annotations.clone().unwrap_or_default();
    annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
    Observed {
        template: drop_twin(serde_json::to_value(&d.spec.template).unwrap()),
        annotations,
        replica_sets,
    }
}

/// The same change on both twins, through kubectl.
fn both(ctx: &Ctx, args: &[&str]) {
    for name in ["web-k", "web-r"] {
        let mut a: Vec<String> = args.iter().map(|s| s.replace("NAME", name)).collect();
        a.extend(["-n".to_string(), ctx.ns.clone()]);
        ctx.kubectl(&a.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rollback_leaves_what_kubectl_rollout_undo_leaves_after_every_step() {
    with_namespace("rollback", |ctx| async move {
        let api: Api<Deployment> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        for (name, twin) in [("web-k", "k"), ("web-r", "r")] {
            api.create(&PostParams::default(), &deployment(name, twin, json!({})))
                .await
                .unwrap();
        }
        let same = |step: &'static str| {
            let ctx = ctx.clone();
            async move {
                let k = observe(&ctx, "web-k").await;
                let r = observe(&ctx, "web-r").await;
                assert_eq!(k, r, "after {step}: kubectl's twin (left) and ours (right) differ");
                k
            }
        };
        same("create").await;
        // History: an image change, an env change with a template annotation, each with a cause.
        both(&ctx, &["set", "image", "deployment/NAME", "app=example/web:2"]);
        both(&ctx, &["annotate", "--overwrite", "deployment/NAME", "kubernetes.io/change-cause=image web:2"]);
        same("set image").await;
        both(&ctx, &["patch", "deployment/NAME", "--type=json", "-p",
            r#"[{"op":"replace","path":"/spec/template/spec/containers/0/env/0/value","value":"b"},
                {"op":"add","path":"/spec/template/metadata/annotations","value":{"note":"mode b"}}]"#]);
        both(&ctx, &["annotate", "--overwrite", "deployment/NAME", "kubernetes.io/change-cause=mode b", "team=payments"]);
        let before = same("env change").await;
        assert_eq!(before.replica_sets.len(), 3);

        // Several rollbacks in a row: default, to revision 1, default, to a revision by number.
        for (kubectl_flags, ours) in [
            (vec![], vec![]),
            (vec!["--to-revision=1"], vec!["--to-revision", "1"]),
            (vec![], vec!["--no-wait"]),
            (vec!["--to-revision=3"], vec!["--to-revision", "3"]),
        ] {
            let mut k = vec!["rollout", "undo", "deployment/web-k", "-n", &ctx.ns];
            k.extend(kubectl_flags.iter().copied());
            ctx.kubectl(&k);
            let mut r = vec!["rollback", "deployment/web-r"];
            r.extend(ours.iter().copied());
            let out = rollouts(&ctx, &r).await.code(0);
            assert!(out.stdout.contains("roll back"), "{}", out.stdout);
            if !ours.contains(&"--no-wait") {
                assert!(out.stderr.contains("successfully rolled out"), "{}", out.stderr);
                assert!(out.stdout.contains("available again, as revision"), "{}", out.stdout);
            }
            let now = same("a rollback").await;
            if ours == ["--to-revision", "1"] {
                // kubectl replaces the Deployment's annotations with the revision's: the
                // annotation added after revision 1 is gone, its change cause is back.
                assert!(!now.annotations.contains_key("team"), "{:?}", now.annotations);
                assert_eq!(now.annotations["kubernetes.io/change-cause"], "create web:1");
            }
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_dry_run_and_nothing_to_do() {
    with_namespace("history", |ctx| async move {
        let api: Api<Deployment> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        api.create(&PostParams::default(), &deployment("web-r", "r", json!({})))
            .await
            .unwrap();
        wait_rolled_out(&ctx, "web-r").await;
        ctx.kubectl(&["set", "image", "deployment/web-r", "app=example/web:2", "-n", &ctx.ns]);
        ctx.kubectl(&["annotate", "--overwrite", "deployment/web-r", "-n", &ctx.ns,
            "kubernetes.io/change-cause=image web:2"]);
        ctx.kubectl(&["set", "env", "deployment/web-r", "MODE-", "-n", &ctx.ns]);
        wait_rolled_out(&ctx, "web-r").await;

        let h = rollouts(&ctx, &["rollout", "history", "deployment/web-r"]).await.code(0);
        let lines: Vec<&str> = h.stdout.lines().collect();
        assert!(lines[0].starts_with("REVISION"), "{}", h.stdout);
        assert!(lines[1].starts_with("3 ") && lines[1].contains('*'), "{}", h.stdout);
        assert!(lines[3].starts_with("1 ") && lines[3].contains("create web:1"), "{}", h.stdout);
        let j = rollouts(&ctx, &["rollout", "history", "deployment/web-r", "-o", "json"]).await.code(0);
        let revs = j.json();
        assert_eq!(revs.as_array().unwrap().len(), 3);
        assert_eq!(revs[1]["images"], json!(["app=example/web:2"]));
        assert_eq!(revs[0]["current"], json!(true));
        let one = rollouts(&ctx, &["rollout", "history", "deployment/web-r", "--revision", "1"]).await.code(0);
        assert!(one.stdout.contains("image: example/web:1") && one.stdout.contains("MODE"), "{}", one.stdout);
        let none = rollouts(&ctx, &["rollout", "history", "deployment/web-r", "--revision", "9"]).await.code(2);
        assert!(none.stderr.contains("--revision") && none.stderr.contains("3, 2, 1"), "{}", none.stderr);

        // Dry run: the diff of the two templates, nothing changed.
        let rv = api.get("web-r").await.unwrap().metadata.resource_version;
        let dry = rollouts(&ctx, &["rollback", "deployment/web-r", "--to-revision", "1", "--dry-run"]).await.code(0);
        assert!(dry.stdout.contains("~ spec.template.spec.containers[app].image: example/web:2 -> example/web:1"), "{}", dry.stdout);
        assert!(dry.stdout.contains("+ spec.template.spec.containers[app].env[MODE]"), "{}", dry.stdout);
        assert!(dry.stdout.contains("metadata.annotations.kubernetes.io/change-cause: \"image web:2\" -> \"create web:1\""), "{}", dry.stdout);
        assert!(dry.stdout.contains("nothing was changed"), "{}", dry.stdout);
        assert_eq!(api.get("web-r").await.unwrap().metadata.resource_version, rv);
        let dj = rollouts(&ctx, &["rollback", "deployment/web-r", "--dry-run", "-o", "json"]).await.code(0);
        assert_eq!(dj.json()["result"], "dry-run");
        assert_eq!(dj.json()["toRevision"], 2);
        assert_eq!(dj.json()["fromRevision"], 3);

        // Already at the revision: nothing to do, exit 0, nothing changed.
        let skip = rollouts(&ctx, &["rollback", "deployment/web-r", "--to-revision", "3"]).await.code(0);
        assert!(skip.stdout.contains("nothing to do"), "{}", skip.stdout);
        assert_eq!(api.get("web-r").await.unwrap().metadata.resource_version, rv);

        // Bad input: an unknown revision names the ones that exist; a missing Deployment is
        // exit 1 with its namespace.
        let bad = rollouts(&ctx, &["rollback", "deployment/web-r", "--to-revision", "7"]).await.code(2);
        assert!(bad.stderr.contains("has no revision 7; its revisions are 3, 2, 1"), "{}", bad.stderr);
        let missing = rollouts(&ctx, &["rollback", "deployment/nope"]).await.code(1);
        assert!(missing.stderr.contains(&format!("Deployment nope not found in namespace {}", ctx.ns)), "{}", missing.stderr);

        // A paused Deployment is refused, as kubectl refuses it.
        ctx.kubectl(&["rollout", "pause", "deployment/web-r", "-n", &ctx.ns]);
        let paused = rollouts(&ctx, &["rollback", "deployment/web-r"]).await.code(2);
        assert!(paused.stderr.contains("is paused; resume it first"), "{}", paused.stderr);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rollback_that_never_becomes_available_exits_1() {
    with_namespace("rollback-fail", |ctx| async move {
        let api: Api<Deployment> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        // Revision 1 cannot be scheduled (no node has the label); revision 2 can.
        let d = deployment("web-r", "r", json!({}));
        let mut v = serde_json::to_value(&d).unwrap();
        v["spec"]["template"]["spec"]["nodeSelector"] = json!({"disk": "none-has-it"});
        api.create(&PostParams::default(), &serde_json::from_value(v).unwrap())
            .await
            .unwrap();
        ctx.kubectl(&[
            "patch",
            "deployment/web-r",
            "-n",
            &ctx.ns,
            "--type=json",
            "-p",
            r#"[{"op":"remove","path":"/spec/template/spec/nodeSelector"}]"#,
        ]);
        wait_rolled_out(&ctx, "web-r").await;

        let out = rollouts(&ctx, &["rollback", "deployment/web-r", "--timeout", "2s"])
            .await
            .code(1);
        assert!(
            out.stderr
                .contains("did not become available within --timeout 2s"),
            "{}",
            out.stderr
        );
        // The rolled-back template is the unschedulable one, as kubectl's undo would leave it
        // (the progress deadline itself is the controller's timing; its rule is unit-tested in
        // workload::status).
        let d = api.get("web-r").await.unwrap();
        assert!(d.spec.template.spec.unwrap().node_selector.is_some());
    })
    .await;
}
