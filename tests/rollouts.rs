//! The canary driver against the real loopback cluster: each test in its own namespace,
//! running the real binary as a user or a CI job would.

mod support;

use std::time::Duration;

use chrono::{Datelike, Timelike};

use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::networking::v1::Ingress;
use kube::Api;
use kube::api::{ListParams, PostParams};
use kubectl_rollouts::spec::rollout::Rollout;
use serde_json::{Value, json};
use support::drive::*;
use support::*;

/// The seed's shape: 4 replicas, stable/canary Services, an nginx Ingress to stable.
fn rollout(steps: Value, routed: bool, extra: Value) -> Value {
    let mut canary = json!({
        "canaryService": "web-canary",
        "stableService": "web-stable",
        "scaleDownDelaySeconds": 1,
        "abortScaleDownDelaySeconds": 1,
        "steps": steps,
    });
    if routed {
        canary["trafficRouting"] = json!({"nginx": {"stableIngress": "web-ingress"}});
    }
    let mut r = json!({
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Rollout",
        "metadata": {"name": "web"},
        "spec": {
            "replicas": 4,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "web", "image": "example/web:1"}]}
            },
            "strategy": {"canary": canary}
        }
    });
    if let (Some(spec), Some(extra)) = (r["spec"].as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            spec.insert(k.clone(), v.clone());
        }
    }
    r
}

async fn setup(ctx: &Ctx, rollout: Value) {
    install(ctx).await;
    let objects = json!({"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web-stable"},
         "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web-canary"},
         "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web-ingress"},
         "spec": {"ingressClassName": "nginx", "rules": [{"host": "web.example.com", "http": {"paths": [
            {"path": "/", "pathType": "Prefix",
             "backend": {"service": {"name": "web-stable", "port": {"number": 80}}}}]}}]}},
    ]});
    let file = std::env::temp_dir().join(format!("kr-{}.json", ctx.ns));
    std::fs::write(&file, objects.to_string()).unwrap();
    ctx.kubectl(&["apply", "-n", &ctx.ns, "-f", file.to_str().unwrap()]);
    let api: Api<Rollout> = Api::namespaced(ctx.client.clone(), &ctx.ns);
    let ro: Rollout = serde_json::from_value(rollout).unwrap();
    api.create(&PostParams::default(), &ro).await.unwrap();
    // The first revision becomes stable at once.
    expect(
        &run(ctx, &["rollout", "run", "web", "--timeout", "60s"]).await,
        0,
    );
}

async fn get(ctx: &Ctx) -> Rollout {
    Api::<Rollout>::namespaced(ctx.client.clone(), &ctx.ns)
        .get("web")
        .await
        .unwrap()
}

async fn replica_sets(ctx: &Ctx) -> Vec<(String, i32)> {
    let api: Api<ReplicaSet> = Api::namespaced(ctx.client.clone(), &ctx.ns);
    let mut v: Vec<_> = api
        .list(&ListParams::default().labels("app=web"))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|rs| {
            (
                rs.metadata.name.unwrap_or_default(),
                rs.spec.replicas.unwrap_or(0),
            )
        })
        .collect();
    v.sort();
    v
}

async fn canary_weight(ctx: &Ctx) -> Option<String> {
    let api: Api<Ingress> = Api::namespaced(ctx.client.clone(), &ctx.ns);
    api.get_opt("web-web-ingress-canary")
        .await
        .unwrap()
        .and_then(|i| i.metadata.annotations)
        .and_then(|a| a.get("nginx.ingress.kubernetes.io/canary-weight").cloned())
}

async fn phase(ctx: &Ctx) -> (String, i32) {
    let st = get(ctx).await.status.unwrap_or_default();
    (
        st.phase.unwrap_or_default(),
        st.current_step_index.unwrap_or(-1),
    )
}

async fn wait_for_phase(ctx: &Ctx, want: &str, step: i32) {
    eventually(
        &format!("phase {want} at step {step}"),
        Duration::from_secs(60),
        || async {
            let p = phase(ctx).await;
            if p == (want.to_string(), step) {
                Ok(())
            } else {
                Err(format!("{p:?}"))
            }
        },
    )
    .await
}

fn hashes(ro: &Rollout) -> (String, String) {
    let st = ro.status.clone().unwrap_or_default();
    (
        st.stable_rs.unwrap_or_default(),
        st.current_pod_hash.unwrap_or_default(),
    )
}

/// Asserts the end state of a completed canary to v2: one ReplicaSet per revision, the
/// old one scaled down, the canary Ingress at weight 0, both Services on the new stable.
async fn assert_promoted(ctx: &Ctx) {
    let ro = get(ctx).await;
    let (stable, current) = hashes(&ro);
    assert_eq!(stable, current, "stable is the new revision");
    let st = ro.status.clone().unwrap();
    assert_eq!(st.phase.as_deref(), Some("Healthy"));
    let rss = replica_sets(ctx).await;
    assert_eq!(rss.len(), 2, "one ReplicaSet per revision: {rss:?}");
    for (name, replicas) in &rss {
        let want = if name.ends_with(&stable) { 4 } else { 0 };
        assert_eq!(*replicas, want, "{name} in {rss:?}");
    }
    assert_eq!(canary_weight(ctx).await.as_deref(), Some("0"));
    for svc in ["web-stable", "web-canary"] {
        let sel = ctx.kubectl(&[
            "get",
            "svc",
            svc,
            "-n",
            &ctx.ns,
            "-o",
            "jsonpath={.spec.selector.rollouts-pod-template-hash}",
        ]);
        assert_eq!(sel, stable, "Service {svc} selector");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_rollout_runs_end_to_end() {
    with_namespace("ro-seed", |ctx| async move {
        let steps = json!([
            {"setWeight": 5}, {"pause": {"duration": "1s"}},
            {"setWeight": 20}, {"pause": {"duration": 1}},
            {"setWeight": 50}, {"pause": {"duration": "1s"}},
            {"setWeight": 100}
        ]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        let (stable1, _) = hashes(&get(&ctx).await);
        let out = run(
            &ctx,
            &[
                "rollout",
                "run",
                "web",
                "--image",
                "web=example/web:2",
                "--timeout",
                "90s",
            ],
        )
        .await;
        expect(&out, 0);
        for w in [
            "weight 5",
            "weight 20",
            "weight 50",
            "weight 100",
            "Healthy",
        ] {
            assert!(
                out.stderr.contains(w),
                "progress shows {w}:\n{}",
                out.stderr
            );
        }
        assert_promoted(&ctx).await;
        assert_ne!(hashes(&get(&ctx).await).0, stable1);
        // `get` and `list` show it.
        let g = run(&ctx, &["rollout", "get", "web"]).await;
        expect(&g, 0);
        assert!(
            g.stdout.contains("Status:         ✔ Healthy"),
            "{}",
            g.stdout
        );
        assert!(g.stdout.contains("example/web:2 (stable)"), "{}", g.stdout);
        let l = run(&ctx, &["rollout", "list"]).await;
        assert!(
            l.stdout.contains("web    Canary     Healthy   7/7"),
            "{}",
            l.stdout
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_indefinite_pause_waits_for_a_promote_from_another_process() {
    with_namespace("ro-pause", |ctx| async move {
        let steps = json!([{"setWeight": 50}, {"pause": {}}, {"setWeight": 75}, {"pause": {}}]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        let out = run(
            &ctx,
            &["rollout", "run", "web", "--image", "web=example/web:2"],
        )
        .await;
        expect(&out, 3);
        let cmd = format!("kubectl rollouts promote web -n {}", ctx.ns);
        assert!(out.stderr.contains(&cmd), "prints {cmd}:\n{}", out.stderr);
        assert_eq!(canary_weight(&ctx).await.as_deref(), Some("50"));
        assert_eq!(phase(&ctx).await, ("Paused".into(), 1));
        // promote drives on to the next pause.
        expect(&run(&ctx, &["promote", "web"]).await, 3);
        assert_eq!(phase(&ctx).await, ("Paused".into(), 3));
        assert_eq!(canary_weight(&ctx).await.as_deref(), Some("75"));
        // --no-wait records only; a later run goes on.
        expect(
            &run(&ctx, &["rollout", "promote", "web", "--no-wait"]).await,
            0,
        );
        expect(&run(&ctx, &["rollout", "run", "web"]).await, 0);
        assert_promoted(&ctx).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promote_full_skips_the_remaining_steps() {
    with_namespace("ro-full", |ctx| async move {
        let steps = json!([{"setWeight": 25}, {"pause": {}}, {"setWeight": 50}, {"pause": {"duration": "1h"}}]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        expect(&run(&ctx, &["rollout", "run", "web", "--image", "web=example/web:2"]).await, 3);
        expect(&run(&ctx, &["rollout", "promote", "web", "--full"]).await, 0);
        assert_promoted(&ctx).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abort_while_running_then_retry() {
    with_namespace("ro-abort", |ctx| async move {
        let steps = json!([{"setWeight": 50}, {"pause": {"duration": "60s"}}, {"setWeight": 100}]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        let (stable1, _) = hashes(&get(&ctx).await);
        let driver = cli(
            &ctx,
            &["rollout", "run", "web", "--image", "web=example/web:2"],
        )
        .spawn()
        .unwrap();
        wait_for_phase(&ctx, "Paused", 1).await;
        let started = std::time::Instant::now();
        expect(&run(&ctx, &["abort", "web", "--no-wait"]).await, 0);
        let out = wait(driver).await;
        expect(&out, 1);
        assert!(out.stderr.contains("RolloutAborted"), "{}", out.stderr);
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "{:?}",
            started.elapsed()
        );
        let ro = get(&ctx).await;
        let st = ro.status.clone().unwrap();
        assert_eq!(st.phase.as_deref(), Some("Degraded"));
        assert!(st.abort);
        assert_eq!(st.stable_rs.as_deref(), Some(stable1.as_str()));
        assert_eq!(canary_weight(&ctx).await.as_deref(), Some("0"));
        let rss = replica_sets(&ctx).await;
        for (name, replicas) in &rss {
            let want = if name.ends_with(&stable1) { 4 } else { 0 };
            assert_eq!(*replicas, want, "{rss:?}");
        }
        // retry restarts the steps; it drives on to the timed pause, then we promote fully.
        let driver = cli(&ctx, &["rollout", "retry", "web"]).spawn().unwrap();
        wait_for_phase(&ctx, "Paused", 1).await;
        assert_eq!(canary_weight(&ctx).await.as_deref(), Some("50"));
        expect(
            &run(&ctx, &["promote", "web", "--full", "--no-wait"]).await,
            0,
        );
        expect(&wait(driver).await, 0);
        assert_promoted(&ctx).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_change_during_a_canary_starts_a_new_canary() {
    with_namespace("ro-image", |ctx| async move {
        let steps = json!([{"setWeight": 50}, {"pause": {}}]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        expect(
            &run(
                &ctx,
                &["rollout", "run", "web", "--image", "web=example/web:2"],
            )
            .await,
            3,
        );
        let (_, v2) = hashes(&get(&ctx).await);
        expect(
            &run(
                &ctx,
                &["rollout", "run", "web", "--image", "web=example/web:3"],
            )
            .await,
            3,
        );
        let (_, v3) = hashes(&get(&ctx).await);
        assert_ne!(v2, v3);
        assert_eq!(phase(&ctx).await, ("Paused".into(), 1));
        let sel = ctx.kubectl(&[
            "get",
            "svc",
            "web-canary",
            "-n",
            &ctx.ns,
            "-o",
            "jsonpath={.spec.selector.rollouts-pod-template-hash}",
        ]);
        assert_eq!(sel, v3);
        expect(&run(&ctx, &["promote", "web"]).await, 0);
        assert_eq!(replica_sets(&ctx).await.len(), 3);
        let ro = get(&ctx).await;
        assert_eq!(hashes(&ro), (v3.clone(), v3));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rollout_without_traffic_routing_splits_by_replicas() {
    with_namespace("ro-basic", |ctx| async move {
        let steps = json!([{"setWeight": 25}, {"pause": {}}]);
        setup(&ctx, rollout(steps, false, json!({}))).await;
        expect(
            &run(
                &ctx,
                &["rollout", "run", "web", "--image", "web=example/web:2"],
            )
            .await,
            3,
        );
        let ro = get(&ctx).await;
        let (stable, canary) = hashes(&ro);
        let rss = replica_sets(&ctx).await;
        let count = |h: &str| rss.iter().find(|(n, _)| n.ends_with(h)).unwrap().1;
        assert_eq!(
            (count(&stable), count(&canary)),
            (3, 1),
            "25% of 4 by replicas"
        );
        assert_eq!(canary_weight(&ctx).await, None, "no Ingress touched");
        expect(&run(&ctx, &["promote", "web"]).await, 0);
        let rss = replica_sets(&ctx).await;
        let count = |h: &str| rss.iter().find(|(n, _)| n.ends_with(h)).unwrap().1;
        assert_eq!((count(&stable), count(&canary)), (0, 4));
    })
    .await;
}

/// The kubeconfig `scripts/cluster ARGS` prints (`token NS SA`, `without-watch-list`).
fn cluster_kubeconfig(args: &[&str]) -> String {
    let out = std::process::Command::new(repo().join("scripts/cluster"))
        .args(args)
        .output()
        .expect("running scripts/cluster");
    assert!(
        out.status.success(),
        "scripts/cluster {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Before Kubernetes 1.32 (or with the WatchList feature off) an API server refuses a watch
/// that asks for its initial events; the driver's mirrors then list and watch. Driven through
/// a second API server of the test cluster with WatchList off (`scripts/cluster
/// without-watch-list`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_server_without_streaming_lists_is_listed_and_watched() {
    with_namespace("ro-nostream", |ctx| async move {
        let steps = json!([{"setWeight": 50}, {"setWeight": 100}]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        let kubeconfig = cluster_kubeconfig(&["without-watch-list"]);
        let out = wait(
            cli(
                &ctx,
                &[
                    "rollout",
                    "run",
                    "web",
                    "--image",
                    "web=example/web:2",
                    "-vv",
                ],
            )
            .env("KUBECONFIG", &kubeconfig)
            .spawn()
            .unwrap(),
        )
        .await;
        expect(&out, 0);
        assert!(
            out.stderr.contains("refused a streaming list"),
            "the second API server refused: {}",
            out.stderr
        );
        assert_promoted(&ctx).await;
    })
    .await;
}

/// examples/rbac/rollouts-driver.yaml is what a drive needs in its namespace: a ServiceAccount
/// bound to it drives a canary; without `watch` on Services the drive stops before changing
/// anything, naming the kind.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_documented_role_is_enough_to_drive_and_a_missing_watch_is_named() {
    with_namespace("ro-rbac", |ctx| async move {
        let steps = json!([{"setWeight": 50}, {"setWeight": 100}]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        let role = repo().join("examples/rbac/rollouts-driver.yaml");
        ctx.kubectl(&["apply", "-n", &ctx.ns, "-f", role.to_str().unwrap()]);
        let kubeconfig = cluster_kubeconfig(&["token", &ctx.ns, "rollouts-driver"]);
        let as_driver = |image: &'static str| {
            let mut c = cli(&ctx, &["rollout", "run", "web", "--image", image]);
            c.env("KUBECONFIG", &kubeconfig);
            c
        };
        let out = wait(as_driver("web=example/web:2").spawn().unwrap()).await;
        expect(&out, 0);
        assert_promoted(&ctx).await;

        let text = std::fs::read_to_string(&role).unwrap();
        let no_watch = text.replace(
            "resources: [services]\n    verbs: [get, list, watch, patch]",
            "resources: [services]\n    verbs: [get, list, patch]",
        );
        assert_ne!(no_watch, text, "the Role grants watch on Services");
        let file = std::env::temp_dir().join(format!("kr-{}-role.yaml", ctx.ns));
        std::fs::write(&file, no_watch).unwrap();
        ctx.kubectl(&["apply", "-n", &ctx.ns, "-f", file.to_str().unwrap()]);
        let who = format!("system:serviceaccount:{}:rollouts-driver", ctx.ns);
        eventually(
            "the narrower Role in effect",
            Duration::from_secs(10),
            || async {
                let can = std::process::Command::new("kubectl")
                    .env("KUBECONFIG", &ctx.env.kubeconfig)
                    .args([
                        "auth", "can-i", "watch", "services", "-n", &ctx.ns, "--as", &who,
                    ])
                    .output()
                    .unwrap();
                match String::from_utf8_lossy(&can.stdout).trim() {
                    "no" => Ok(()),
                    other => Err(other.to_string()),
                }
            },
        )
        .await;
        let out = wait(as_driver("web=example/web:3").spawn().unwrap()).await;
        expect(&out, 1);
        assert!(
            out.stderr.contains("watching Services") && out.stderr.contains("forbidden"),
            "{}",
            out.stderr
        );
        let ro = serde_json::to_value(get(&ctx).await).unwrap();
        assert_eq!(
            ro["spec"]["template"]["spec"]["containers"][0]["image"], "example/web:2",
            "nothing changed"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_driver_fails_naming_the_holder_and_takes_over_after_a_crash() {
    with_namespace("ro-lease", |ctx| async move {
        let steps = json!([{"setWeight": 50}, {"pause": {"duration": "60s"}}]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        let mut first = cli(
            &ctx,
            &["rollout", "run", "web", "--image", "web=example/web:2"],
        )
        .spawn()
        .unwrap();
        wait_for_phase(&ctx, "Paused", 1).await;
        let second = run(&ctx, &["rollout", "run", "web"]).await;
        expect(&second, 1);
        assert!(
            second.stderr.contains("is being driven by"),
            "{}",
            second.stderr
        );
        let leases: Api<Lease> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        let holder = leases
            .get("web-rollouts-driver")
            .await
            .unwrap()
            .spec
            .unwrap()
            .holder_identity
            .unwrap();
        assert!(
            second.stderr.contains(&holder),
            "names {holder}: {}",
            second.stderr
        );
        // SIGKILL: the Lease is not released; a waiting driver takes over once it expires.
        first.start_kill().unwrap();
        let _ = first.wait().await;
        let started = std::time::Instant::now();
        let third = cli(
            &ctx,
            &[
                "rollout",
                "run",
                "web",
                "--wait-for-lease",
                "--timeout",
                "4s",
            ],
        )
        .spawn()
        .unwrap();
        let out = wait(third).await;
        // It drove (the pause has 50 s left, so it times out, leaving things as they are).
        expect(&out, 1);
        assert!(out.stderr.contains("timed out"), "{}", out.stderr);
        assert!(
            started.elapsed() >= Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(phase(&ctx).await, ("Paused".into(), 1));
        assert_eq!(canary_weight(&ctx).await.as_deref(), Some("50"));
        // Released on exit: a new driver starts at once.
        expect(&run(&ctx, &["promote", "web", "--full"]).await, 0);
        assert_promoted(&ctx).await;
    })
    .await;
}

/// A holder whose clock runs behind ours writes renewTimes that look expired to us; it is
/// alive because it keeps renewing, and must not be taken over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lease_that_looks_expired_but_keeps_being_renewed_is_not_taken() {
    with_namespace("ro-skew", |ctx| async move {
        let steps = json!([{"setWeight": 50}]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        let leases: Api<Lease> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        let past = "2020-01-01T00:00:00.000000Z";
        let lease: Lease = serde_json::from_value(json!({
            "metadata": {"name": "web-rollouts-driver"},
            "spec": {"holderIdentity": "slow-clock-host-1-abcdef", "leaseDurationSeconds": 3,
                     "acquireTime": past, "renewTime": past, "leaseTransitions": 0}
        }))
        .unwrap();
        leases.create(&PostParams::default(), &lease).await.unwrap();
        // The "holder" renews every 200 ms (its renewTime stays in our past).
        let renewer = {
            let leases = leases.clone();
            tokio::spawn(async move {
                for i in 0u64.. {
                    let patch = json!({"metadata": {"annotations": {"renewals": i.to_string()}}});
                    let _ = leases
                        .patch(
                            "web-rollouts-driver",
                            &kube::api::PatchParams::default(),
                            &kube::api::Patch::Merge(&patch),
                        )
                        .await;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            })
        };
        let out = run(
            &ctx,
            &["rollout", "run", "web", "--image", "web=example/web:2"],
        )
        .await;
        renewer.abort();
        expect(&out, 1);
        assert!(
            out.stderr.contains("slow-clock-host-1-abcdef"),
            "names the live holder: {}",
            out.stderr
        );
        let held = leases.get("web-rollouts-driver").await.unwrap();
        assert_eq!(
            held.spec.unwrap().holder_identity.as_deref(),
            Some("slow-clock-host-1-abcdef")
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_driver_killed_at_every_transition_converges_when_rerun() {
    with_namespace("ro-crash", |ctx| async move {
        let steps = json!([
            {"setWeight": 25}, {"pause": {"duration": "1s"}},
            {"setWeight": 50}, {"pause": {"duration": "1s"}},
            {"setWeight": 100}
        ]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        let api: Api<Rollout> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        let mut image_set = false;
        for round in 0..30 {
            let args: Vec<&str> = if image_set {
                vec!["rollout", "run", "web", "--wait-for-lease"]
            } else {
                vec![
                    "rollout",
                    "run",
                    "web",
                    "--wait-for-lease",
                    "--image",
                    "web=example/web:2",
                ]
            };
            image_set = true;
            let before = api.get("web").await.unwrap().metadata.resource_version;
            let mut child = cli(&ctx, &args).spawn().unwrap();
            // Kill right after the driver records its next transition.
            let mut done = None;
            let deadline = std::time::Instant::now() + Duration::from_secs(30);
            loop {
                if let Ok(Some(status)) = child.try_wait() {
                    done = Some(status.code());
                    break;
                }
                let now = api.get("web").await.unwrap().metadata.resource_version;
                if now != before {
                    break;
                }
                assert!(
                    std::time::Instant::now() < deadline,
                    "no transition in round {round}"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            if let Some(code) = done {
                assert_eq!(code, Some(0), "finished in round {round}");
                break;
            }
            child.start_kill().unwrap();
            let _ = child.wait().await;
        }
        expect(
            &run(&ctx, &["rollout", "run", "web", "--wait-for-lease"]).await,
            0,
        );
        assert_promoted(&ctx).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pods_not_available_in_time_degrade_and_with_abort_roll_back() {
    with_namespace("ro-deadline", |ctx| async move {
        let steps = json!([{"setWeight": 50}, {"pause": {}}]);
        setup(
            &ctx,
            rollout(steps, true, json!({"progressDeadlineSeconds": 2})),
        )
        .await;
        // A node selector no node matches: the canary pods never become available.
        let api: Api<Rollout> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        let mut ro = api.get("web").await.unwrap();
        let spec = ro.spec.template.as_mut().unwrap().spec.as_mut().unwrap();
        spec.node_selector = Some([("nowhere".to_string(), "true".to_string())].into());
        api.replace("web", &PostParams::default(), &ro)
            .await
            .unwrap();
        let out = run(&ctx, &["rollout", "run", "web"]).await;
        expect(&out, 1);
        assert!(
            out.stderr.contains("ProgressDeadlineExceeded"),
            "{}",
            out.stderr
        );
        assert_eq!(phase(&ctx).await.0, "Degraded");
        assert!(!get(&ctx).await.status.unwrap().abort);
        // With progressDeadlineAbort the canary is aborted.
        let mut ro = api.get("web").await.unwrap();
        ro.spec.progress_deadline_abort = Some(true);
        api.replace("web", &PostParams::default(), &ro)
            .await
            .unwrap();
        let out = run(&ctx, &["rollout", "run", "web"]).await;
        expect(&out, 1);
        assert!(out.stderr.contains("RolloutAborted"), "{}", out.stderr);
        assert!(get(&ctx).await.status.unwrap().abort);
    })
    .await;
}

/// A missing template, a missing argument, a bad condition: exit 2 naming the field, before
/// anything changes (no image set, no ReplicaSet, no AnalysisRun).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_analysis_is_refused_before_anything_changes() {
    with_namespace("ro-invalid", |ctx| async move {
        let steps = json!([{"setWeight": 50}]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        apply_objects(&ctx, vec![success_rate_template(None, 3, "")]);
        let mut bad_condition = success_rate_template(None, 3, "");
        bad_condition["metadata"]["name"] = "bad-condition".into();
        bad_condition["spec"]["metrics"][0]["successCondition"] = "result[0] >= ".into();
        apply_objects(&ctx, vec![bad_condition]);
        let api: Api<Rollout> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        let before = replica_sets(&ctx).await;
        for (analysis, want) in [
            (
                json!({"templates": [{"templateName": "x"}]}),
                "spec.strategy.canary.steps[1].analysis.templates[0].templateName: AnalysisTemplate \"x\" not found",
            ),
            (
                json!({"templates": [{"templateName": "canary-success-rate"}]}),
                "spec.strategy.canary.steps[1].analysis.args: argument \"service-name\" has no value",
            ),
            (
                json!({"templates": [{"templateName": "bad-condition"}],
                       "args": [{"name": "service-name", "value": "s"}]}),
                "spec.strategy.canary.steps[1].analysis.templates: analysistemplate/bad-condition: \
                 spec.metrics[0].successCondition: metric \"success-rate\": column 14",
            ),
        ] {
            let mut ro = api.get("web").await.unwrap();
            let canary = ro.spec.strategy.canary.as_mut().unwrap();
            canary.steps.truncate(1);
            canary
                .steps
                .push(serde_json::from_value(json!({"analysis": analysis})).unwrap());
            api.replace("web", &PostParams::default(), &ro)
                .await
                .unwrap();
            let out = run(
                &ctx,
                &["rollout", "run", "web", "--image", "web=example/web:2"],
            )
            .await;
            expect(&out, 2);
            assert!(out.stderr.contains(want), "{want}\n{}", out.stderr);
            assert_eq!(replica_sets(&ctx).await, before);
            assert!(analysis_runs(&ctx).await.is_empty());
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_the_driver_without_changing_traffic_and_releases_the_lease() {
    with_namespace("ro-sigterm", |ctx| async move {
        let steps = json!([{"setWeight": 50}, {"pause": {"duration": "60s"}}]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        let child = cli(
            &ctx,
            &["rollout", "run", "web", "--image", "web=example/web:2"],
        )
        .spawn()
        .unwrap();
        wait_for_phase(&ctx, "Paused", 1).await;
        let pid = child.id().unwrap().to_string();
        let killed = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        let out = wait(child).await;
        expect(&out, 1);
        assert!(out.stderr.contains("terminated"), "{}", out.stderr);
        assert_eq!(phase(&ctx).await, ("Paused".into(), 1));
        assert_eq!(canary_weight(&ctx).await.as_deref(), Some("50"));
        let leases: Api<Lease> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        assert!(
            leases
                .get_opt("web-rollouts-driver")
                .await
                .unwrap()
                .is_none()
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_github_actions_steps_are_grouped_and_outputs_written() {
    with_namespace("ro-gha", |ctx| async move {
        let steps = json!([{"setWeight": 50}, {"setWeight": 100}]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        let summary = dir.path().join("summary");
        let mut c = cli(
            &ctx,
            &["rollout", "run", "web", "--image", "web=example/web:2"],
        );
        c.env("GITHUB_ACTIONS", "true")
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_STEP_SUMMARY", &summary);
        let out = wait(c.spawn().unwrap()).await;
        expect(&out, 0);
        // Workflow commands go to stderr, out of the way of data on stdout.
        assert!(
            out.stderr.contains("::group::web step 0/2 setWeight 50"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("::endgroup::"), "{}", out.stderr);
        let (stable, canary) = hashes(&get(&ctx).await);
        let outputs = std::fs::read_to_string(&output).unwrap();
        assert_eq!(
            outputs,
            format!("phase=Healthy\nstable-hash={stable}\ncanary-hash={canary}\n")
        );
        let md = std::fs::read_to_string(&summary).unwrap();
        assert!(md.contains("| time | transition |"), "{md}");
        assert!(md.contains("Healthy"), "{md}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_service_is_named_before_anything_changes() {
    with_namespace("ro-missing", |ctx| async move {
        let steps = json!([{"setWeight": 50}]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        let api: Api<Rollout> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        let mut ro = api.get("web").await.unwrap();
        ro.spec.strategy.canary.as_mut().unwrap().canary_service = Some("nope".into());
        api.replace("web", &PostParams::default(), &ro)
            .await
            .unwrap();
        let before = replica_sets(&ctx).await;
        let out = run(
            &ctx,
            &["rollout", "run", "web", "--image", "web=example/web:2"],
        )
        .await;
        expect(&out, 2);
        let want = format!(
            "spec.strategy.canary.canaryService: Service nope not found in namespace {}",
            ctx.ns
        );
        assert!(out.stderr.contains(&want), "{}", out.stderr);
        assert_eq!(replica_sets(&ctx).await, before);
        let image = ctx.kubectl(&[
            "get",
            "rollout",
            "web",
            "-n",
            &ctx.ns,
            "-o",
            "jsonpath={.spec.template.spec.containers[0].image}",
        ]);
        assert_eq!(image, "example/web:1", "--image is not applied either");
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Analysis steps and background analysis against the real Prometheus and metrics emitter.

/// The seed's canary-success-rate template, made fast: interval 1 s, `count`, a 5 s rate
/// window; `address`: None drops the address so the driver's PROMETHEUS_URL is used.
/// The seed names a canary-latency template without showing it: p95 under 500 ms.
fn latency_template() -> Value {
    json!({
        "apiVersion": "argoproj.io/v1alpha1", "kind": "AnalysisTemplate",
        "metadata": {"name": "canary-latency"},
        "spec": {"args": [{"name": "service-name"}, {"name": "canary-hash"}, {"name": "rollout-name"}],
            "metrics": [{
            "name": "latency-p95", "interval": "1s", "count": 3,
            "successCondition": "result[0] < 0.5",
            "provider": {"prometheus": {"query":
                "histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket{service=\"{{args.service-name}}\"}[5s])) by (le))"}}
        }]}
    })
}

fn service_arg(service: &str) -> Value {
    json!([{"name": "service-name", "value": service}])
}

/// Waits until the run whose name ends with `suffix` has `n` measurements.
async fn wait_for_measurements(ctx: &Ctx, suffix: &str, n: usize) -> String {
    eventually(
        &format!("{n} measurements of run *{suffix}"),
        Duration::from_secs(60),
        || async {
            let runs = analysis_runs(ctx).await;
            let (name, run) = runs
                .iter()
                .find(|(k, _)| k.ends_with(suffix))
                .ok_or_else(|| format!("no run yet: {:?}", runs.keys()))?;
            let (phase, taken) = run_progress(run);
            if taken >= n {
                Ok(name.clone())
            } else {
                Err(format!("{phase} with {taken}"))
            }
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_healthy_canary_passes_every_analysis_step_and_is_promoted() {
    with_namespace("ro-an-ok", |ctx| async move {
        let service = format!("{}-canary", ctx.ns);
        emit(&ctx, &service, 0.0).await;
        install(&ctx).await;
        apply_objects(
            &ctx,
            vec![success_rate_template(None, 3, ""), latency_template()],
        );
        // The seed's shape with short pauses; the first analysis combines two templates.
        let steps = json!([
            {"setWeight": 5}, {"pause": {"duration": 1}},
            {"analysis": {"templates": [{"templateName": "canary-success-rate"},
                                        {"templateName": "canary-latency"}],
                          "args": [
                              {"name": "service-name", "value": service},
                              {"name": "canary-hash", "valueFrom": {"podTemplateHashValue": "Latest"}},
                              {"name": "rollout-name", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                          ]}},
            {"setWeight": 20}, {"pause": {"duration": "1s"}},
            {"analysis": {"templates": [{"templateName": "canary-success-rate"}],
                          "args": service_arg(&service)}},
            {"setWeight": 50}, {"pause": {"duration": 1}},
        ]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        wait_for_rate(&ctx, &service).await;
        let out = wait(
            driver(
                &ctx,
                &[
                    "rollout",
                    "run",
                    "web",
                    "--image",
                    "web=example/web:2",
                    "--timeout",
                    "90s",
                ],
            )
            .spawn()
            .unwrap(),
        )
        .await;
        expect(&out, 0);
        assert_promoted(&ctx).await;
        let runs = analysis_runs(&ctx).await;
        assert_eq!(runs.len(), 2, "{:?}", runs.keys());
        for (name, run) in &runs {
            assert_eq!(run_progress(run), ("Successful".to_string(), 3), "{name}");
        }
        let combined = runs.values().find(|r| {
            r["status"]["metricResults"]
                .as_array()
                .map_or(0, |m| m.len())
                == 2
        });
        let combined = combined.expect("one run has both templates' metrics");
        let arg = |name: &str| {
            combined["spec"]["args"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["name"] == name)
                .map(|a| a["value"].clone())
        };
        let (stable, _) = hashes(&get(&ctx).await);
        assert_eq!(arg("canary-hash"), Some(json!(stable)), "podTemplateHashValue: Latest");
        assert_eq!(arg("rollout-name"), Some(json!("web")), "fieldRef metadata.name");
        // Every measurement is explained on the progress lines.
        assert!(out.stderr.contains("success-rate #3:"), "{}", out.stderr);
        assert!(out.stderr.contains("latency-p95 #1:"), "{}", out.stderr);
        assert!(
            out.stderr
                .contains("success: result[0] >= 0.99 => Successful"),
            "{}",
            out.stderr
        );
        // `rollout get` shows the runs in the tree, and their measurements in JSON.
        let tree = run(&ctx, &["rollout", "get", "web"]).await;
        expect(&tree, 0);
        assert_eq!(
            tree.stdout.matches("AnalysisRun  ✔ Successful").count(),
            2,
            "{}",
            tree.stdout
        );
        let json_out = run(&ctx, &["rollout", "get", "web", "-o", "json"]).await;
        expect(&json_out, 0);
        let v: Value = serde_json::from_str(&json_out.stdout).unwrap();
        let runs = v["revisions"][0]["analysisRuns"].as_array().unwrap();
        assert_eq!(runs.len(), 2, "{v}");
        let m = &runs[0]["metricResults"][0]["measurements"];
        assert_eq!(m.as_array().map(|a| a.len()), Some(3), "{v}");
        assert_eq!(m[0]["phase"], "Successful");
    })
    .await;
}

/// One failing canary: 10% errors from the emitter once the step's analysis has measured
/// twice. Returns (change -> run Failed, change -> canary Ingress weight 0).
async fn detect_failure_once(ctx: &Ctx) -> (Duration, Duration) {
    let service = format!("{}-canary", ctx.ns);
    emit(ctx, &service, 0.0).await;
    install(ctx).await;
    apply_objects(ctx, vec![success_rate_template(None, 60, "")]);
    let steps = json!([
        {"setWeight": 20},
        {"analysis": {"templates": [{"templateName": "canary-success-rate"}],
                      "args": service_arg(&service)}},
        {"setWeight": 50},
    ]);
    setup(ctx, rollout(steps, true, json!({}))).await;
    wait_for_rate(ctx, &service).await;
    let child = driver(
        ctx,
        &[
            "rollout",
            "run",
            "web",
            "--image",
            "web=example/web:2",
            "--timeout",
            "90s",
        ],
    )
    .spawn()
    .unwrap();
    let run_name = wait_for_measurements(ctx, "-1", 2).await;
    assert_eq!(canary_weight(ctx).await.as_deref(), Some("20"));
    emit(ctx, &service, 0.1).await;
    let changed = std::time::Instant::now();
    let mut failed_after = None;
    let weight_zero_after = loop {
        if failed_after.is_none() {
            let runs = analysis_runs(ctx).await;
            if run_progress(&runs[&run_name]).0 == "Failed" {
                failed_after = Some(changed.elapsed());
            }
        }
        if canary_weight(ctx).await.as_deref() == Some("0") {
            break changed.elapsed();
        }
        assert!(
            changed.elapsed() < Duration::from_secs(30),
            "no abort within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let out = wait(child).await;
    expect(&out, 1);
    let ro = get(ctx).await;
    let st = ro.status.unwrap();
    assert!(st.abort);
    let message = st.message.unwrap_or_default();
    assert!(
        message.contains(&format!("AnalysisRun {run_name} Failed: success-rate: "))
            && message.contains("failureLimit 2"),
        "{message}"
    );
    (failed_after.unwrap_or(weight_zero_after), weight_zero_after)
}

/// The emitter turns the canary's error rate to 10% mid-analysis: the run fails after
/// failureLimit + 1 failed measurements and the rollout aborts with traffic back to stable. The
/// time it takes is printed against the bound `initialDelay + (failureLimit + 1) x interval +
/// scrape interval + 1 s` = 5 s but not asserted: wall-clock bounds fail on a loaded machine;
/// bench/analysis-latency.sh (`KR_DETECTION_RUNS` repeats it) reports the figure.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_percent_errors_abort_the_canary_within_the_detection_bound() {
    let runs: usize = std::env::var("KR_DETECTION_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let bound = Duration::from_secs(5);
    for i in 0..runs {
        let (tx, rx) = tokio::sync::oneshot::channel();
        with_namespace("ro-an-bad", |ctx| async move {
            let _ = tx.send(detect_failure_once(&ctx).await);
        })
        .await;
        let (failed, weight_zero) = rx.await.unwrap();
        eprintln!(
            "detection run {}: change -> run Failed {:.2} s, change -> canary weight 0 {:.2} s (bound {} s)",
            i + 1,
            failed.as_secs_f64(),
            weight_zero.as_secs_f64(),
            bound.as_secs()
        );
    }
}

/// Prometheus stopped mid-analysis: the measurements are Errors, the run ends in Error after
/// `consecutiveErrorLimit`, and the rollout aborts; it is never promoted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prometheus_stopped_mid_analysis_aborts_after_the_error_limit_never_promotes() {
    with_namespace("ro-an-prom", |ctx| async move {
        let service = format!("{}-canary", ctx.ns);
        let svc = service.clone();
        let stack = tokio::task::spawn_blocking(move || {
            let s = support::prometheus::Stack::start();
            s.emitter.set(&svc, 50.0, 0.0);
            s.wait_for_rate(&svc);
            s
        })
        .await
        .unwrap();
        install(&ctx).await;
        apply_objects(
            &ctx,
            vec![success_rate_template(
                Some(&stack.url),
                60,
                "\n    consecutiveErrorLimit: 1",
            )],
        );
        let steps = json!([
            {"setWeight": 20},
            {"analysis": {"templates": [{"templateName": "canary-success-rate"}],
                          "args": service_arg(&service)}},
            {"setWeight": 100},
        ]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        let stable = hashes(&get(&ctx).await).0;
        let child = driver(
            &ctx,
            &[
                "rollout",
                "run",
                "web",
                "--image",
                "web=example/web:2",
                "--timeout",
                "90s",
            ],
        )
        .spawn()
        .unwrap();
        let run_name = wait_for_measurements(&ctx, "-1", 2).await;
        drop(stack);
        let out = wait(child).await;
        expect(&out, 1);
        let runs = analysis_runs(&ctx).await;
        let run = &runs[&run_name];
        assert_eq!(run["status"]["phase"], "Error", "{run}");
        let measurements = run["status"]["metricResults"][0]["measurements"]
            .as_array()
            .unwrap();
        let errors = measurements
            .iter()
            .filter(|m| m["phase"] == "Error")
            .count();
        assert_eq!(
            errors, 2,
            "consecutiveErrorLimit 1: the second error ends it"
        );
        let ro = get(&ctx).await;
        assert_eq!(hashes(&ro).0, stable, "never promoted");
        let st = ro.status.unwrap();
        assert!(st.abort);
        assert_eq!(canary_weight(&ctx).await.as_deref(), Some("0"));
        assert!(out.stderr.contains("=> Error"), "{}", out.stderr);
    })
    .await;
}

/// SIGKILL of the driver during a 5-measurement analysis: the rerun resumes the stored run
/// and takes only the measurements still missing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_driver_killed_mid_analysis_resumes_the_count() {
    with_namespace("ro-an-crash", |ctx| async move {
        let service = format!("{}-canary", ctx.ns);
        emit(&ctx, &service, 0.0).await;
        install(&ctx).await;
        apply_objects(&ctx, vec![success_rate_template(None, 5, "")]);
        let steps = json!([
            {"setWeight": 20},
            {"analysis": {"templates": [{"templateName": "canary-success-rate"}],
                          "args": service_arg(&service)}},
            {"setWeight": 50},
        ]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        wait_for_rate(&ctx, &service).await;
        let mut child = driver(
            &ctx,
            &[
                "rollout",
                "run",
                "web",
                "--image",
                "web=example/web:2",
                "--timeout",
                "90s",
            ],
        )
        .spawn()
        .unwrap();
        let run_name = wait_for_measurements(&ctx, "-1", 2).await;
        child.start_kill().unwrap();
        let _ = child.wait().await;
        let before = analysis_runs(&ctx).await[&run_name].clone();
        let (phase, taken) = run_progress(&before);
        assert_eq!(phase, "Running");
        assert!((2..5).contains(&taken), "{taken}");
        let out = wait(
            driver(
                &ctx,
                &[
                    "rollout",
                    "run",
                    "web",
                    "--wait-for-lease",
                    "--timeout",
                    "90s",
                ],
            )
            .spawn()
            .unwrap(),
        )
        .await;
        expect(&out, 0);
        let after = analysis_runs(&ctx).await[&run_name].clone();
        assert_eq!(run_progress(&after), ("Successful".to_string(), 5));
        let first =
            |r: &Value| r["status"]["metricResults"][0]["measurements"][0]["startedAt"].clone();
        assert_eq!(
            first(&before),
            first(&after),
            "the stored measurements were kept"
        );
        let resumed = out.stderr.matches("success-rate #").count();
        assert_eq!(resumed, 5 - taken, "{}", out.stderr);
        assert_promoted(&ctx).await;
    })
    .await;
}

/// Background analysis from step 1 fails while the canary waits in a pause: the rollout
/// aborts mid-steps, naming the background run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_background_analysis_aborts_mid_steps() {
    with_namespace("ro-an-bg", |ctx| async move {
        let service = format!("{}-canary", ctx.ns);
        emit(&ctx, &service, 0.0).await;
        install(&ctx).await;
        apply_objects(&ctx, vec![success_rate_template(None, 60, "")]);
        let steps = json!([
            {"setWeight": 20}, {"pause": {"duration": 1}},
            {"setWeight": 40}, {"pause": {"duration": 60}},
            {"setWeight": 60},
        ]);
        let mut r = rollout(steps, true, json!({}));
        r["spec"]["strategy"]["canary"]["analysis"] = json!({
            "templates": [{"templateName": "canary-success-rate"}],
            "args": service_arg(&service),
            "startingStep": 1,
        });
        setup(&ctx, r).await;
        wait_for_rate(&ctx, &service).await;
        let child = driver(
            &ctx,
            &[
                "rollout",
                "run",
                "web",
                "--image",
                "web=example/web:2",
                "--timeout",
                "90s",
            ],
        )
        .spawn()
        .unwrap();
        let run_name = wait_for_measurements(&ctx, "-background", 2).await;
        wait_for_phase(&ctx, "Paused", 3).await;
        emit(&ctx, &service, 0.1).await;
        let out = wait(child).await;
        expect(&out, 1);
        let st = get(&ctx).await.status.unwrap();
        assert!(st.abort);
        let message = st.message.unwrap_or_default();
        assert!(
            message.contains(&format!("AnalysisRun {run_name} Failed")),
            "{message}"
        );
        assert_eq!(canary_weight(&ctx).await.as_deref(), Some("0"));
        assert_eq!(
            run_progress(&analysis_runs(&ctx).await[&run_name]).0,
            "Failed"
        );
    })
    .await;
}

/// `run --prometheus URL` queries that Prometheus whatever the templates' addresses say: the
/// seed's template, address unchanged (it does not resolve here), passes through it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_prometheus_flag_overrides_the_templates_address() {
    with_namespace("ro-an-prom", |ctx| async move {
        let service = format!("{}-canary", ctx.ns);
        emit(&ctx, &service, 0.0).await;
        install(&ctx).await;
        // One measurement: Argo's validation wants count >= failureLimit + consecutiveSuccessLimit.
        let mut template =
            success_rate_template(Some("http://prometheus.monitoring.svc:9090"), 1, "");
        template["spec"]["metrics"][0]["failureLimit"] = 0.into();
        apply_objects(&ctx, vec![template]);
        let steps = json!([
            {"setWeight": 20},
            {"analysis": {"templates": [{"templateName": "canary-success-rate"}],
                          "args": service_arg(&service)}},
        ]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        wait_for_rate(&ctx, &service).await;
        let prometheus = ctx.env.prometheus_url.clone();
        let out = run(
            &ctx,
            &[
                "rollout",
                "run",
                "web",
                "--image",
                "web=example/web:2",
                "--timeout",
                "60s",
                "--prometheus",
                &prometheus,
            ],
        )
        .await;
        expect(&out, 0);
        assert!(out.stderr.contains("=> Successful"), "{}", out.stderr);
        assert_promoted(&ctx).await;

        let bad = run(
            &ctx,
            &["rollout", "run", "web", "--prometheus", "localhost:9090"],
        )
        .await;
        expect(&bad, 2);
        // The value is not echoed (an address can carry credentials); the flag and the
        // expected shape are named.
        assert!(
            bad.stderr.contains("--prometheus:")
                && bad.stderr.contains("expected an http:// or https:// URL"),
            "{}",
            bad.stderr
        );
    })
    .await;
}

/// Neither condition matches: the run is Inconclusive and the rollout pauses
/// (`InconclusiveAnalysisRun`, exit 3) until a promote lets it go on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inconclusive_analysis_pauses_until_promoted() {
    with_namespace("ro-an-inc", |ctx| async move {
        let service = format!("{}-canary", ctx.ns);
        emit(&ctx, &service, 0.0).await;
        install(&ctx).await;
        let mut template = success_rate_template(None, 1, "");
        // One measurement: Argo's validation wants count >= failureLimit + consecutiveSuccessLimit.
        template["spec"]["metrics"][0]["failureLimit"] = 0.into();
        template["spec"]["metrics"][0]["successCondition"] = "result[0] > 2".into();
        template["spec"]["metrics"][0]["failureCondition"] = "result[0] < 0".into();
        apply_objects(&ctx, vec![template]);
        let steps = json!([
            {"setWeight": 20},
            {"analysis": {"templates": [{"templateName": "canary-success-rate"}],
                          "args": service_arg(&service)}},
            {"setWeight": 50},
        ]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        wait_for_rate(&ctx, &service).await;
        let out = wait(
            driver(
                &ctx,
                &[
                    "rollout",
                    "run",
                    "web",
                    "--image",
                    "web=example/web:2",
                    "--timeout",
                    "60s",
                ],
            )
            .spawn()
            .unwrap(),
        )
        .await;
        expect(&out, 3);
        let st = get(&ctx).await.status.unwrap();
        assert_eq!(st.pause_conditions[0].reason, "InconclusiveAnalysisRun");
        assert_eq!(st.current_step_index, Some(1));
        assert!(out.stderr.contains("=> Inconclusive"), "{}", out.stderr);
        let out = wait(driver(&ctx, &["promote", "web"]).spawn().unwrap()).await;
        expect(&out, 0);
        assert_promoted(&ctx).await;
    })
    .await;
}

/// `abort` while an analysis step measures terminates its run; `retry` deletes it and runs
/// the analysis again from the first measurement.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abort_terminates_the_analysis_and_retry_runs_it_again() {
    with_namespace("ro-an-retry", |ctx| async move {
        let service = format!("{}-canary", ctx.ns);
        emit(&ctx, &service, 0.0).await;
        install(&ctx).await;
        apply_objects(&ctx, vec![success_rate_template(None, 60, "")]);
        let steps = json!([
            {"setWeight": 20},
            {"analysis": {"templates": [{"templateName": "canary-success-rate"}],
                          "args": service_arg(&service)}},
            {"setWeight": 50},
        ]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        wait_for_rate(&ctx, &service).await;
        let child = driver(
            &ctx,
            &[
                "rollout",
                "run",
                "web",
                "--image",
                "web=example/web:2",
                "--timeout",
                "90s",
            ],
        )
        .spawn()
        .unwrap();
        let run_name = wait_for_measurements(&ctx, "-1", 2).await;
        expect(&run(&ctx, &["abort", "web", "--no-wait"]).await, 0);
        let out = wait(child).await;
        expect(&out, 1);
        let (phase, taken) = run_progress(&analysis_runs(&ctx).await[&run_name]);
        assert_eq!(phase, "Successful", "terminated, nothing failed");
        assert!(taken < 60);
        assert_eq!(
            analysis_runs(&ctx).await[&run_name]["spec"]["terminate"],
            true
        );
        // A shorter analysis for the second attempt: templates are read when a run starts.
        apply_objects(&ctx, vec![success_rate_template(None, 2, "")]);
        let out = wait(driver(&ctx, &["rollout", "retry", "web"]).spawn().unwrap()).await;
        expect(&out, 0);
        assert_promoted(&ctx).await;
        let again = &analysis_runs(&ctx).await[&run_name];
        assert_eq!(run_progress(again), ("Successful".to_string(), 2));
        assert_ne!(again["spec"]["terminate"], true);
    })
    .await;
}

fn image_of(ro: &Rollout) -> String {
    ro.spec
        .template
        .as_ref()
        .unwrap()
        .spec
        .as_ref()
        .unwrap()
        .containers[0]
        .image
        .clone()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rollback_rollout_is_argos_undo_driven_through_the_steps() {
    with_namespace("ro-undo", |ctx| async move {
        let steps = json!([{"setWeight": 50}]);
        setup(&ctx, rollout(steps, false, json!({}))).await;
        expect(
            &run(
                &ctx,
                &["rollout", "run", "web", "--image", "web=example/web:2"],
            )
            .await,
            0,
        );
        assert_eq!(image_of(&get(&ctx).await), "example/web:2");
        let dry = run(&ctx, &["rollback", "rollout/web", "--dry-run"]).await;
        expect(&dry, 0);
        assert!(
            dry.stdout.contains("example/web:2 -> example/web:1"),
            "{}",
            dry.stdout
        );
        assert_eq!(
            image_of(&get(&ctx).await),
            "example/web:2",
            "a dry run changes nothing"
        );
        let out = run(&ctx, &["rollback", "rollout/web", "--timeout", "60s"]).await;
        expect(&out, 0);
        let ro = get(&ctx).await;
        assert_eq!(image_of(&ro), "example/web:1");
        let st = ro.status.clone().unwrap();
        assert_eq!(st.phase.as_deref(), Some("Healthy"), "{st:?}");
        // Argo's undo: the template goes back to revision 1's, whose ReplicaSet is the live
        // revision again (found by its template, stored with the API server's defaults).
        let rss = replica_sets(&ctx).await;
        assert_eq!(rss.len(), 2, "revision 1's ReplicaSet is reused: {rss:?}");
        let h = run(&ctx, &["rollout", "history", "rollout/web", "-o", "json"]).await;
        expect(&h, 0);
        let revs: Value = serde_json::from_str(&h.stdout).unwrap();
        let current: Vec<&Value> = revs
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["current"] == json!(true))
            .collect();
        assert_eq!(current.len(), 1, "{revs}");
        assert_eq!(current[0]["images"], json!(["web=example/web:1"]));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deploy_rollout_hands_the_wait_to_the_step_machine_and_rolls_back_on_a_failed_smoke() {
    with_namespace("ro-deploy", |ctx| async move {
        let steps = json!([{"setWeight": 50}]);
        setup(&ctx, rollout(steps, false, json!({}))).await;
        let healthz = format!("{}/healthz", ctx.env.emitter_url);
        let ok = run(
            &ctx,
            &[
                "deploy",
                "rollout/web",
                "--image",
                "web=example/web:2",
                "--smoke",
                &healthz,
                "--smoke-count",
                "1",
                "-o",
                "json",
            ],
        )
        .await;
        expect(&ok, 0);
        assert_eq!(image_of(&get(&ctx).await), "example/web:2");
        let nope = format!("{}/no-such-page", ctx.env.emitter_url);
        let bad = run(
            &ctx,
            &[
                "deploy",
                "rollout/web",
                "--image",
                "web=example/web:3",
                "--smoke",
                &nope,
                "--smoke-count",
                "1",
                "-o",
                "json",
            ],
        )
        .await;
        expect(&bad, 1);
        let report: Value = serde_json::from_str(&bad.stdout).unwrap();
        assert_eq!(report["failedStage"], "smoke", "{}", bad.stderr);
        let rollback = report["stages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["stage"] == "rollback")
            .cloned();
        assert_eq!(
            rollback.map(|s| s["result"].clone()),
            Some(json!("passed")),
            "{}",
            bad.stderr
        );
        let ro = get(&ctx).await;
        assert_eq!(
            image_of(&ro),
            "example/web:2",
            "back on the revision live before"
        );
        assert_eq!(ro.status.unwrap().phase.as_deref(), Some("Healthy"));
    })
    .await;
}

/// Argo's own kubectl plugin (built by `scripts/build-harness argo-rollouts-plugin`).
fn argo_plugin() -> String {
    std::env::var("ARGO_ROLLOUTS_PLUGIN").unwrap_or_else(|_| {
        panic!(
            "ARGO_ROLLOUTS_PLUGIN is not set: run `export ARGO_ROLLOUTS_PLUGIN=$(scripts/build-harness argo-rollouts-plugin)` (scripts/test does)"
        )
    })
}

/// Argo's plugin on our CRDs: without the Experiment CRD it waits forever for it.
async fn argo(ctx: &Ctx, args: &[&str]) -> Out {
    let child = tokio::process::Command::new(argo_plugin())
        .env("KUBECONFIG", &ctx.env.kubeconfig)
        .args(args)
        .args(["-n", &ctx.ns])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let o = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .expect("Argo's plugin answered within 30 s (it hangs without the Experiment CRD)")
        .unwrap();
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn argos_own_plugin_reads_a_rollout_this_tool_drives() {
    with_namespace("ro-argoplugin", |ctx| async move {
        let steps = json!([{"setWeight": 50}, {"pause": {}}]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        let out = run(
            &ctx,
            &[
                "rollout",
                "run",
                "web",
                "--image",
                "web=example/web:2",
                "--timeout",
                "60s",
            ],
        )
        .await;
        expect(&out, 3);
        let get = argo(&ctx, &["get", "rollout", "web"]).await;
        assert_eq!(get.code, 0, "{}{}", get.stdout, get.stderr);
        for want in ["Paused", "CanaryPauseStep", "1/2", "example/web:2"] {
            assert!(get.stdout.contains(want), "{want:?} in\n{}", get.stdout);
        }
        let field = |name: &str| {
            get.stdout
                .lines()
                .find_map(|l| l.trim().strip_prefix(name).map(|v| v.trim().to_string()))
        };
        assert_eq!(field("SetWeight:").as_deref(), Some("50"), "{}", get.stdout);
        assert_eq!(
            field("ActualWeight:").as_deref(),
            Some("50"),
            "{}",
            get.stdout
        );
        let status = argo(&ctx, &["status", "web", "--timeout", "5s"]).await;
        assert!(
            status.stdout.contains("Paused"),
            "{}{}",
            status.stdout,
            status.stderr
        );
        // Promoted with Argo's own plugin, driven on by ours.
        let promote = argo(&ctx, &["promote", "web"]).await;
        assert_eq!(promote.code, 0, "{}{}", promote.stdout, promote.stderr);
        expect(
            &run(&ctx, &["rollout", "run", "web", "--timeout", "60s"]).await,
            0,
        );
        let get = argo(&ctx, &["get", "rollout", "web"]).await;
        assert!(get.stdout.contains("Healthy"), "{}", get.stdout);
        assert_promoted(&ctx).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rollback_within_the_rollback_window_skips_the_steps() {
    with_namespace("ro-window", |ctx| async move {
        let steps = json!([{"setWeight": 50}, {"pause": {}}]);
        setup(
            &ctx,
            rollout(steps, true, json!({"rollbackWindow": {"revisions": 3}})),
        )
        .await;
        // Argo orders revisions by creationTimestamp, to the second.
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let args = ["rollout", "run", "web", "--image", "web=example/web:2"];
        expect(&run(&ctx, &args).await, 3);
        expect(&run(&ctx, &["promote", "web"]).await, 0);
        expect(
            &run(&ctx, &["rollout", "run", "web", "--timeout", "60s"]).await,
            0,
        );
        // Back to revision 1: within the window, so no pause at setWeight 50 (exit 0, not 3).
        let out = run(&ctx, &["rollback", "rollout/web", "--timeout", "60s"]).await;
        expect(&out, 0);
        let ro = get(&ctx).await;
        assert_eq!(image_of(&ro), "example/web:1");
        let st = ro.status.clone().unwrap();
        assert_eq!(st.phase.as_deref(), Some("Healthy"), "{st:?}");
        assert_eq!(
            replica_sets(&ctx).await.len(),
            2,
            "revision 1's ReplicaSet again"
        );
    })
    .await;
}

/// An AppProject file with one deny window for the application `web`.
fn deny_project(ctx: &Ctx, schedule: &str, duration: &str) -> String {
    let file = std::env::temp_dir().join(format!("kr-{}-project.yaml", ctx.ns));
    std::fs::write(
        &file,
        format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {{name: shop}}\nspec:\n  syncWindows:\n  - kind: deny\n    schedule: '{schedule}'\n    duration: {duration}\n    timeZone: UTC\n    applications: [web]\n"
        ),
    )
    .unwrap();
    file.to_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_start_blocked_by_a_deploy_window_changes_nothing() {
    with_namespace("ro-winblock", |ctx| async move {
        setup(&ctx, rollout(json!([{"setWeight": 50}]), true, json!({}))).await;
        let project = deny_project(&ctx, "* * * * *", "1h");
        let args = [
            "rollout",
            "run",
            "web",
            "--image",
            "web=example/web:2",
            "--window-project",
            &project,
            "--app",
            "web",
        ];
        let out = run(&ctx, &args).await;
        expect(&out, 1);
        assert!(out.stderr.contains("not started"), "{}", out.stderr);
        assert!(
            out.stderr.contains("deny \"* * * * *\" for 1h"),
            "{}",
            out.stderr
        );
        assert_eq!(
            image_of(&get(&ctx).await),
            "example/web:1",
            "nothing written"
        );
        assert_eq!(replica_sets(&ctx).await.len(), 1);
        // Another application is not held by it.
        let args = [
            "rollout",
            "run",
            "web",
            "--image",
            "web=example/web:2",
            "--window-project",
            &project,
            "--app",
            "billing",
            "--timeout",
            "60s",
        ];
        expect(&run(&ctx, &args).await, 0);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::disallowed_methods)] // the window is placed relative to the real clock
async fn a_deploy_window_that_opens_mid_rollout_holds_it_and_lets_it_go_when_it_ends() {
    with_namespace("ro-winhold", |ctx| async move {
        // A deny window from the next whole minute (at least 15 s away) for 20 s; the timed
        // pause after setWeight 25 ends 5 s into it, so setWeight 75 is held.
        let now = chrono::Utc::now();
        let mut start = now.with_second(0).unwrap().with_nanosecond(0).unwrap()
            + chrono::TimeDelta::minutes(1);
        if (start - now).num_seconds() < 15 {
            start += chrono::TimeDelta::minutes(1);
        }
        let pause = (start - now).num_seconds() + 5;
        let steps = json!([{"setWeight": 25}, {"pause": {"duration": pause}}, {"setWeight": 75}, {"pause": {}}]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        let schedule = format!(
            "{} {} {} {} *",
            start.minute(),
            start.hour(),
            start.day(),
            start.month()
        );
        let project = deny_project(&ctx, &schedule, "20s");
        let args = [
            "rollout", "run", "web", "--image", "web=example/web:2", "--window-project",
            &project, "--app", "web", "--timeout", "150s",
        ];
        let child = driver(&ctx, &args).spawn().unwrap();
        eventually("held by the window", Duration::from_secs(100), || async {
            let st = get(&ctx).await.status.unwrap_or_default();
            let held = st
                .pause_conditions
                .iter()
                .any(|p| p.reason == "SyncWindowBlocked");
            if held && st.current_step_index == Some(2) {
                Ok(st)
            } else {
                Err(format!("{:?} {:?}", st.current_step_index, st.pause_conditions))
            }
        })
        .await;
        assert_eq!(canary_weight(&ctx).await.as_deref(), Some("25"), "traffic unchanged");
        let message = get(&ctx).await.status.unwrap().message.unwrap_or_default();
        assert!(message.contains("SyncWindowBlocked"), "{message}");
        let out = wait(child).await;
        expect(&out, 3);
        assert_eq!(canary_weight(&ctx).await.as_deref(), Some("75"));
        assert!(
            chrono::Utc::now() >= start + chrono::TimeDelta::seconds(20),
            "released only after the window ended"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rollout_plan_lays_out_the_steps_and_says_where_a_window_would_hold_them() {
    with_namespace("ro-plan", |ctx| async move {
        let steps = json!([
            {"setWeight": 20}, {"pause": {"duration": "60s"}}, {"setWeight": 50},
            {"analysis": {"templates": [{"templateName": "canary-success-rate"}],
                "args": [{"name": "service-name", "value": "web"}]}},
            {"setWeight": 80}, {"pause": {}}
        ]);
        apply_objects(&ctx, vec![success_rate_template(None, 4, "")]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        // Friday 2026-11-27, 14:00:30 UTC.
        let at = "2026-11-27T14:00:30Z";
        let out = run(&ctx, &["rollout", "plan", "web", "--at", at, "-o", "json"]).await;
        expect(&out, 0);
        let plan: Value = serde_json::from_str(&out.stdout).unwrap();
        let starts: Vec<&str> = plan["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["start"].as_str().unwrap())
            .collect();
        // The analysis measures 4 times 1 s apart: 3 s.
        assert_eq!(
            starts,
            [
                "2026-11-27T14:00:30Z",
                "2026-11-27T14:00:30Z",
                "2026-11-27T14:01:30Z",
                "2026-11-27T14:01:30Z",
                "2026-11-27T14:01:33Z",
                "2026-11-27T14:01:33Z",
                "2026-11-27T14:01:33Z"
            ],
            "{}",
            out.stdout
        );
        assert_eq!(plan["fits"], json!(true));
        assert_eq!(plan["needsPromote"], json!(true));
        assert_eq!(plan["finish"], json!("2026-11-27T14:01:33Z"));
        assert_eq!(
            image_of(&get(&ctx).await),
            "example/web:1",
            "nothing changed"
        );
        // A deny window from 14:01 for an hour: setWeight 50 would be held until 15:01.
        let project = deny_project(&ctx, "1 14 * * 5", "1h");
        let args = [
            "rollout",
            "plan",
            "web",
            "--at",
            at,
            "--window-project",
            &project,
            "--app",
            "web",
            "--image",
            "web=example/web:2",
        ];
        let out = run(&ctx, &args).await;
        expect(&out, 1);
        assert!(
            out.stdout.contains("held: sync windows of project shop"),
            "{}",
            out.stdout
        );
        assert!(out.stdout.contains("it would be HELD"), "{}", out.stdout);
        let mut json_args = args.to_vec();
        json_args.extend(["-o", "json"]);
        let plan: Value = serde_json::from_str(&run(&ctx, &json_args).await.stdout).unwrap();
        assert_eq!(plan["steps"][2]["heldUntil"], json!("2026-11-27T15:01:00Z"));
        assert_eq!(
            plan["steps"][0].get("heldUntil"),
            None,
            "setWeight 20 starts before it"
        );
        // Bad input is exit 2.
        let out = run(&ctx, &["rollout", "plan", "web", "--image", "nope=x:1"]).await;
        expect(&out, 2);
        assert!(
            out.stderr.contains("no container \"nope\""),
            "{}",
            out.stderr
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_intent_recorded_with_no_driver_says_it_waits_for_one() {
    with_namespace("ro-intent", |ctx| async move {
        let steps = json!([{"setWeight": 50}, {"pause": {}}]);
        setup(&ctx, rollout(steps, true, json!({}))).await;
        let args = ["rollout", "run", "web", "--image", "web=example/web:2"];
        expect(&run(&ctx, &args).await, 3);
        let out = run(&ctx, &["promote", "web", "--no-wait"]).await;
        expect(&out, 0);
        assert!(
            out.stderr.contains("no driver is running"),
            "{}",
            out.stderr
        );
        let message = get(&ctx).await.status.unwrap().message.unwrap_or_default();
        assert!(
            message.contains("promoted recorded; waiting for a driver"),
            "{message}"
        );
        let shown = run(&ctx, &["rollout", "get", "web"]).await;
        assert!(
            shown.stdout.contains("waiting for a driver"),
            "{}",
            shown.stdout
        );
        // A driver acts on it and the message is its own again.
        expect(
            &run(&ctx, &["rollout", "run", "web", "--timeout", "60s"]).await,
            0,
        );
        let message = get(&ctx).await.status.unwrap().message.unwrap_or_default();
        assert!(!message.contains("waiting for a driver"), "{message}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vv_traces_each_round_and_what_each_wait_waited_for() {
    with_namespace("ro-trace", |ctx| async move {
        setup(&ctx, rollout(json!([{"setWeight": 50}]), true, json!({}))).await;
        let args = [
            "-vv",
            "rollout",
            "run",
            "web",
            "--image",
            "web=example/web:2",
            "--timeout",
            "60s",
        ];
        let out = run(&ctx, &args).await;
        expect(&out, 0);
        assert!(
            !out.stderr.contains('\x1b'),
            "no escape codes off a terminal: {}",
            out.stderr
        );
        let rounds: Vec<&str> = out
            .stderr
            .lines()
            .filter(|l| l.contains(" round "))
            .collect();
        assert!(rounds.len() >= 2, "{}", out.stderr);
        for field in [
            "observe_ms=",
            "decide_ms=",
            "status_ms=",
            "apply_ms=",
            "actions=",
        ] {
            assert!(rounds[0].contains(field), "{field} in {}", rounds[0]);
        }
        // A wait and what woke it, each action before it is applied, each status patch.
        for (line, with) in [
            (" wait ", "woken_by=\"watch\""),
            (" apply ", "action=CreateReplicaSet"),
            ("status write", "currentPodHash"),
        ] {
            assert!(
                out.stderr
                    .lines()
                    .any(|l| l.contains(line) && l.contains(with)),
                "{line} with {with}: {}",
                out.stderr
            );
        }
    })
    .await;
}
