//! The blue-green driver against the real loopback cluster and Prometheus: each test in its
//! own namespace, running the real binary as a user or a CI job would.

mod support;

use std::time::Duration;

use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::api::coordination::v1::Lease;
use kube::Api;
use kube::api::{ListParams, PostParams};
use kubectl_rollouts::spec::rollout::Rollout;
use serde_json::{Value, json};
use support::drive::*;
use support::*;

/// A blue-green Rollout of the seed's shape: 4 replicas, active and preview Services, manual
/// promotion, short delays; `extra` is merged into `strategy.blueGreen`.
fn rollout(extra: Value) -> Value {
    let mut bg = json!({
        "activeService": "web-active",
        "previewService": "web-preview",
        "autoPromotionEnabled": false,
        "scaleDownDelaySeconds": 1,
        "abortScaleDownDelaySeconds": 1,
    });
    for (k, v) in extra.as_object().unwrap() {
        bg[k] = v.clone();
    }
    json!({
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
            "strategy": {"blueGreen": bg}
        }
    })
}

fn services(active: &str, preview: &str) -> Vec<Value> {
    [active, preview]
        .into_iter()
        .map(|name| {
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name},
                   "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}})
        })
        .collect()
}

/// The Services, the Rollout, and its first revision driven to Healthy.
async fn setup(ctx: &Ctx, rollout: Value) {
    install(ctx).await;
    apply_objects(ctx, services("web-active", "web-preview"));
    create(ctx, rollout).await;
    expect(
        &run(ctx, &["rollout", "run", "web", "--timeout", "60s"]).await,
        0,
    );
}

async fn create(ctx: &Ctx, rollout: Value) {
    let api: Api<Rollout> = Api::namespaced(ctx.client.clone(), &ctx.ns);
    let ro: Rollout = serde_json::from_value(rollout).unwrap();
    api.create(&PostParams::default(), &ro).await.unwrap();
}

async fn get(ctx: &Ctx, name: &str) -> Rollout {
    Api::<Rollout>::namespaced(ctx.client.clone(), &ctx.ns)
        .get(name)
        .await
        .unwrap()
}

/// The hash a Service's selector is pinned to ("" when none).
fn selector(ctx: &Ctx, svc: &str) -> String {
    ctx.kubectl(&[
        "get",
        "svc",
        svc,
        "-n",
        &ctx.ns,
        "-o",
        "jsonpath={.spec.selector.rollouts-pod-template-hash}",
    ])
}

/// hash -> spec.replicas of every ReplicaSet of the app.
async fn scales(ctx: &Ctx, app: &str) -> Vec<(String, i32)> {
    let api: Api<ReplicaSet> = Api::namespaced(ctx.client.clone(), &ctx.ns);
    let mut v: Vec<_> = api
        .list(&ListParams::default().labels(&format!("app={app}")))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|rs| {
            (
                rs.metadata.labels.unwrap_or_default()["rollouts-pod-template-hash"].clone(),
                rs.spec.replicas.unwrap_or(0),
            )
        })
        .collect();
    v.sort();
    v
}

/// (stable, current) hashes.
async fn hashes(ctx: &Ctx, name: &str) -> (String, String) {
    let st = get(ctx, name).await.status.unwrap_or_default();
    (
        st.stable_rs.unwrap_or_default(),
        st.current_pod_hash.unwrap_or_default(),
    )
}

async fn wait_until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    eventually(what, Duration::from_secs(60), &mut check).await
}

/// Argo Rollouts' own `v1alpha1.Rollout` type (tests/harness/argo-rollouts-types) decodes the
/// Rollout as stored with unknown fields refused, and re-encodes every status field we wrote
/// to the same value: Argo's tools read what this driver records.
async fn argo_reads(ctx: &Ctx, name: &str) {
    use std::io::{BufRead, Write};
    let ro = get(ctx, name).await;
    let bin = std::env::var("ARGO_TYPES_HARNESS").unwrap_or_else(|_| {
        let out = std::process::Command::new(repo_root().join("scripts/build-harness"))
            .arg("argo-rollouts-types")
            .output()
            .expect("building the Argo types harness");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    });
    let mut child = std::process::Command::new(bin)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("running the Argo types harness");
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{}", serde_json::to_string(&ro).unwrap()).unwrap();
    drop(stdin);
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.wait();
    let answer: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(
        answer["ok"],
        json!(true),
        "Argo's types refuse it: {answer}"
    );
    let ours = serde_json::to_value(ro.status.unwrap()).unwrap();
    same_in(&ours, &answer["status"], "status");
}

/// Every value in `ours` is in `theirs` at the same path.
#[track_caller]
fn same_in(ours: &Value, theirs: &Value, path: &str) {
    match ours {
        Value::Object(m) => {
            for (k, v) in m {
                same_in(v, &theirs[k], &format!("{path}.{k}"));
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                same_in(v, &theirs[i], &format!("{path}[{i}]"));
            }
        }
        // Go's omitempty leaves out zero values.
        Value::Number(n) if n.as_f64() == Some(0.0) && theirs.is_null() => {}
        Value::Bool(false) if theirs.is_null() => {}
        _ => assert_eq!(ours, theirs, "{path} as Argo's type reads it"),
    }
}

/// The end state of a promotion to `hash`: stable and both Services on it, the old side at 0.
async fn assert_promoted_to(ctx: &Ctx, name: &str, app: &str, hash: &str) {
    let ro = get(ctx, name).await;
    let st = ro.status.clone().unwrap();
    assert_eq!(st.stable_rs.as_deref(), Some(hash));
    assert_eq!(st.phase.as_deref(), Some("Healthy"), "{st:?}");
    assert_eq!(st.blue_green.active_selector.as_deref(), Some(hash));
    for (h, replicas) in scales(ctx, app).await {
        assert_eq!(replicas, if h == hash { 4 } else { 0 }, "{h}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manual_promotion_switches_active_and_scales_the_old_side_down_after_the_delay() {
    with_namespace("bg-manual", |ctx| async move {
        setup(
            &ctx,
            rollout(json!({"previewReplicaCount": 2, "scaleDownDelaySeconds": 4})),
        )
        .await;
        let (v1, _) = hashes(&ctx, "web").await;
        assert_eq!(
            selector(&ctx, "web-active"),
            v1,
            "the first revision is active at once"
        );
        assert_eq!(selector(&ctx, "web-preview"), v1);
        let out = run(
            &ctx,
            &["rollout", "run", "web", "--image", "web=example/web:2"],
        )
        .await;
        expect(&out, 3);
        let cmd = format!("kubectl rollouts promote web -n {}", ctx.ns);
        assert!(out.stderr.contains(&cmd), "prints {cmd}:\n{}", out.stderr);
        let (stable, v2) = hashes(&ctx, "web").await;
        assert_eq!(stable, v1);
        assert_eq!(
            selector(&ctx, "web-preview"),
            v2,
            "preview on the new revision"
        );
        assert_eq!(selector(&ctx, "web-active"), v1, "active stays");
        let mut want = vec![(v1.clone(), 4), (v2.clone(), 2)];
        want.sort();
        assert_eq!(scales(&ctx, "web").await, want, "previewReplicaCount");
        let st = get(&ctx, "web").await.status.unwrap();
        assert_eq!(st.phase.as_deref(), Some("Paused"));
        assert_eq!(st.pause_conditions[0].reason, "BlueGreenPause");
        assert_eq!(st.blue_green.active_selector.as_deref(), Some(v1.as_str()));
        assert_eq!(st.blue_green.preview_selector.as_deref(), Some(v2.as_str()));
        argo_reads(&ctx, "web").await;
        // `get` shows which revision is active and which is preview; `list` its strategy.
        let g = run(&ctx, &["rollout", "get", "web"]).await;
        expect(&g, 0);
        assert!(
            g.stdout.contains("Strategy:       BlueGreen"),
            "{}",
            g.stdout
        );
        assert!(g.stdout.contains("example/web:2 (preview)"), "{}", g.stdout);
        assert!(
            g.stdout.contains("example/web:1 (stable, active)"),
            "{}",
            g.stdout
        );
        let l = run(&ctx, &["rollout", "list"]).await;
        assert!(l.stdout.contains("BlueGreen"), "{}", l.stdout);
        // promote from another process; the driver switches and waits out the delay.
        expect(
            &run(&ctx, &["rollout", "promote", "web", "--no-wait"]).await,
            0,
        );
        let driver = cli(&ctx, &["rollout", "run", "web"]).spawn().unwrap();
        wait_until("active on the new revision", || async {
            let s = selector(&ctx, "web-active");
            if s == v2 { Ok(()) } else { Err(s) }
        })
        .await;
        let old = scales(&ctx, "web").await;
        assert!(old.contains(&(v1.clone(), 4)), "old side still up: {old:?}");
        assert!(
            old.contains(&(v2.clone(), 4)),
            "new side at full size: {old:?}"
        );
        expect(&wait(driver).await, 0);
        assert_promoted_to(&ctx, "web", "web", &v2).await;
        assert_eq!(selector(&ctx, "web-preview"), v2);
        argo_reads(&ctx, "web").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_promotion_seconds_promotes_on_its_own_after_the_delay() {
    with_namespace("bg-auto", |ctx| async move {
        setup(
            &ctx,
            rollout(json!({"autoPromotionEnabled": true, "autoPromotionSeconds": 3})),
        )
        .await;
        let started = std::time::Instant::now();
        let out = run(
            &ctx,
            &["rollout", "run", "web", "--image", "web=example/web:2"],
        )
        .await;
        expect(&out, 0);
        assert!(
            started.elapsed() >= Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        assert!(out.stderr.contains("promotes in"), "{}", out.stderr);
        let (stable, current) = hashes(&ctx, "web").await;
        assert_promoted_to(&ctx, "web", "web", &current).await;
        assert_eq!(stable, current);
    })
    .await;
}

/// The seed's smoke test, fast: the preview's success rate, two measurements 1 s apart.
fn smoke_template() -> Value {
    let text = include_str!("../examples/analysis/bluegreen-smoke-test.yaml")
        .replace("interval: 10s", "interval: 1s")
        .replace("count: 3", "count: 2")
        .replace("[1m]", "[5s]")
        .replace(
            "        address: http://prometheus.monitoring.svc:9090\n",
            "",
        );
    serde_saphyr::from_str(&text).unwrap()
}

fn analysis(template: &str, service: &str) -> Value {
    json!({"templates": [{"templateName": template}],
           "args": [{"name": "service-name", "value": service}]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pre_promotion_analysis_failing_aborts_without_a_switch_and_passing_gates_the_pause() {
    with_namespace("bg-pre", |ctx| async move {
        let preview = format!("{}-preview", ctx.ns);
        emit(&ctx, &preview, 0.5).await;
        install(&ctx).await;
        apply_objects(&ctx, vec![smoke_template()]);
        setup(
            &ctx,
            rollout(json!({"prePromotionAnalysis": analysis("bluegreen-smoke-test", &preview)})),
        )
        .await;
        let (v1, _) = hashes(&ctx, "web").await;
        wait_for_rate(&ctx, &preview).await;
        let out = wait(
            driver(
                &ctx,
                &["rollout", "run", "web", "--image", "web=example/web:2"],
            )
            .spawn()
            .unwrap(),
        )
        .await;
        expect(&out, 1);
        assert!(
            out.stderr
                .contains("Blue/green pre-promotion analysis phase error/failed"),
            "{}",
            out.stderr
        );
        let st = get(&ctx, "web").await.status.unwrap();
        assert!(st.abort);
        assert_eq!(st.phase.as_deref(), Some("Degraded"));
        assert_eq!(selector(&ctx, "web-active"), v1, "never switched");
        assert_eq!(st.stable_rs.as_deref(), Some(v1.as_str()));
        let pre = st.blue_green.pre_promotion_analysis_run_status.unwrap();
        assert_eq!(pre.status, "Failed");
        argo_reads(&ctx, "web").await;
        let runs = analysis_runs(&ctx).await;
        assert_eq!(
            runs[&pre.name]["metadata"]["labels"]["rollout-type"],
            "PrePromotion"
        );
        // Healthy traffic, retry: the analysis runs again, passes, and the rollout pauses.
        emit(&ctx, &preview, 0.0).await;
        tokio::time::sleep(Duration::from_secs(6)).await;
        let out = wait(driver(&ctx, &["rollout", "retry", "web"]).spawn().unwrap()).await;
        expect(&out, 3);
        let st = get(&ctx, "web").await.status.unwrap();
        assert_eq!(
            st.blue_green
                .pre_promotion_analysis_run_status
                .map(|a| a.status),
            Some("Successful".into())
        );
        assert_eq!(st.pause_conditions[0].reason, "BlueGreenPause");
        assert_eq!(selector(&ctx, "web-active"), v1);
        expect(&run(&ctx, &["promote", "web"]).await, 0);
        let (_, v2) = hashes(&ctx, "web").await;
        assert_promoted_to(&ctx, "web", "web", &v2).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_post_promotion_analysis_switches_active_back() {
    with_namespace("bg-post", |ctx| async move {
        let active = format!("{}-active", ctx.ns);
        emit(&ctx, &active, 0.5).await;
        install(&ctx).await;
        // Three measurements, none may fail.
        let mut template = success_rate_template(None, 3, "");
        template["spec"]["metrics"][0]["failureLimit"] = json!(0);
        apply_objects(&ctx, vec![template]);
        setup(
            &ctx,
            rollout(json!({
                "autoPromotionEnabled": true,
                "abortScaleDownDelaySeconds": 3,
                "postPromotionAnalysis": analysis("canary-success-rate", &active)
            })),
        )
        .await;
        let (v1, _) = hashes(&ctx, "web").await;
        wait_for_rate(&ctx, &active).await;
        let out = wait(
            driver(
                &ctx,
                &["rollout", "run", "web", "--image", "web=example/web:2"],
            )
            .spawn()
            .unwrap(),
        )
        .await;
        expect(&out, 1);
        assert!(
            out.stderr
                .contains("Blue/green post-promotion analysis phase error/failed"),
            "{}",
            out.stderr
        );
        // The progress showed the switch to the new revision before the analysis.
        let (_, v2) = hashes(&ctx, "web").await;
        assert!(
            out.stderr.contains(&format!("active {v2} preview {v2}")),
            "{}",
            out.stderr
        );
        let st = get(&ctx, "web").await.status.unwrap();
        assert!(st.abort);
        assert_eq!(st.stable_rs.as_deref(), Some(v1.as_str()));
        assert_eq!(selector(&ctx, "web-active"), v1, "switched back");
        assert_eq!(st.blue_green.active_selector.as_deref(), Some(v1.as_str()));
        let post = st.blue_green.post_promotion_analysis_run_status.unwrap();
        assert_eq!(post.status, "Failed");
        argo_reads(&ctx, "web").await;
        // The old side never went down; the new one after abortScaleDownDelaySeconds.
        let s = scales(&ctx, "web").await;
        assert!(s.contains(&(v1.clone(), 4)), "{s:?}");
        assert!(s.contains(&(v2.clone(), 0)), "{s:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abort_points_active_back_and_retry_pauses_again() {
    with_namespace("bg-abort", |ctx| async move {
        setup(&ctx, rollout(json!({}))).await;
        let (v1, _) = hashes(&ctx, "web").await;
        expect(
            &run(
                &ctx,
                &["rollout", "run", "web", "--image", "web=example/web:2"],
            )
            .await,
            3,
        );
        let (_, v2) = hashes(&ctx, "web").await;
        let out = run(&ctx, &["abort", "web"]).await;
        expect(&out, 0);
        let st = get(&ctx, "web").await.status.unwrap();
        assert!(st.abort);
        assert_eq!(st.phase.as_deref(), Some("Degraded"));
        assert_eq!(selector(&ctx, "web-active"), v1);
        assert_eq!(scales(&ctx, "web").await, {
            let mut v = vec![(v1.clone(), 4), (v2.clone(), 0)];
            v.sort();
            v
        });
        expect(&run(&ctx, &["rollout", "retry", "web"]).await, 3);
        let st = get(&ctx, "web").await.status.unwrap();
        assert!(!st.abort && st.aborted_at.is_none());
        assert_eq!(st.pause_conditions[0].reason, "BlueGreenPause");
        assert!(scales(&ctx, "web").await.contains(&(v2.clone(), 4)));
        expect(&run(&ctx, &["promote", "web", "--full"]).await, 0);
        assert_promoted_to(&ctx, "web", "web", &v2).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_driver_killed_after_every_transition_converges_when_rerun() {
    with_namespace("bg-crash", |ctx| async move {
        setup(&ctx, rollout(json!({"autoPromotionEnabled": true}))).await;
        let api: Api<Rollout> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        let mut image_set = false;
        let mut kills = 0;
        for round in 0..30 {
            let mut args = vec!["rollout", "run", "web", "--wait-for-lease"];
            if !image_set {
                args.extend(["--image", "web=example/web:2"]);
            }
            image_set = true;
            let before = api.get("web").await.unwrap().metadata.resource_version;
            let mut child = cli(&ctx, &args).spawn().unwrap();
            // SIGKILL right after the driver records its next transition.
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
            kills += 1;
        }
        assert!(kills >= 2, "killed after {kills} transitions");
        expect(
            &run(&ctx, &["rollout", "run", "web", "--wait-for-lease"]).await,
            0,
        );
        let (stable, current) = hashes(&ctx, "web").await;
        assert_eq!(stable, current);
        assert_promoted_to(&ctx, "web", "web", &current).await;
        assert_eq!(
            scales(&ctx, "web").await.len(),
            2,
            "one ReplicaSet per revision"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_driver_fails_naming_the_holder() {
    with_namespace("bg-lease", |ctx| async move {
        setup(
            &ctx,
            rollout(json!({"autoPromotionEnabled": true, "autoPromotionSeconds": 60})),
        )
        .await;
        let first = cli(
            &ctx,
            &["rollout", "run", "web", "--image", "web=example/web:2"],
        )
        .spawn()
        .unwrap();
        wait_until("paused before the switch", || async {
            let p = get(&ctx, "web").await.status.unwrap_or_default().phase;
            if p.as_deref() == Some("Paused") {
                Ok(())
            } else {
                Err(format!("{p:?}"))
            }
        })
        .await;
        let second = run(&ctx, &["rollout", "run", "web"]).await;
        expect(&second, 1);
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
            second.stderr.contains("is being driven by") && second.stderr.contains(&holder),
            "names {holder}: {}",
            second.stderr
        );
        // promote from a third process: recorded, and the first driver acts on it.
        let p = run(&ctx, &["promote", "web"]).await;
        expect(&p, 0);
        assert!(p.stderr.contains("will act on it"), "{}", p.stderr);
        expect(&wait(first).await, 0);
        let (_, v2) = hashes(&ctx, "web").await;
        assert_promoted_to(&ctx, "web", "web", &v2).await;
    })
    .await;
}

/// A template change whose pods cannot be scheduled until the test labels the nodes.
async fn unschedulable_update(ctx: &Ctx, image: &str) {
    let api: Api<Rollout> = Api::namespaced(ctx.client.clone(), &ctx.ns);
    let mut ro = api.get("web").await.unwrap();
    let spec = ro.spec.template.as_mut().unwrap().spec.as_mut().unwrap();
    spec.containers[0].image = Some(image.into());
    spec.node_selector = Some([(format!("kr-{}", ctx.ns), "true".to_string())].into());
    api.replace("web", &PostParams::default(), &ro)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_switches_at_once_by_default_and_after_the_pods_with_the_annotation() {
    with_namespace("bg-preview", |ctx| async move {
        setup(&ctx, rollout(json!({}))).await;
        let (v1, _) = hashes(&ctx, "web").await;
        // Argo's order: the preview Service points at the new revision before its pods exist.
        unschedulable_update(&ctx, "example/web:2").await;
        let out = run(&ctx, &["rollout", "run", "web", "--timeout", "3s"]).await;
        expect(&out, 1);
        let (_, v2) = hashes(&ctx, "web").await;
        assert_ne!(v1, v2);
        assert_eq!(selector(&ctx, "web-preview"), v2, "default: at once");
        // Opted in: the preview stays where it is until the new pods are available.
        ctx.kubectl(&[
            "annotate",
            "rollout",
            "web",
            "-n",
            &ctx.ns,
            "rollouts.kubectl-rollouts.io/preview-after-available=true",
        ]);
        unschedulable_update(&ctx, "example/web:3").await;
        let out = run(&ctx, &["rollout", "run", "web", "--timeout", "3s"]).await;
        expect(&out, 1);
        let (_, v3) = hashes(&ctx, "web").await;
        assert_ne!(v3, v2);
        assert_eq!(
            selector(&ctx, "web-preview"),
            v2,
            "opt-in: not before the pods"
        );
        let label = format!("kr-{}=true", ctx.ns);
        ctx.kubectl(&["label", "nodes", "--all", &label]);
        let out = run(&ctx, &["rollout", "run", "web", "--timeout", "60s"]).await;
        ctx.kubectl(&["label", "nodes", "--all", &format!("kr-{}-", ctx.ns)]);
        expect(&out, 3);
        assert_eq!(selector(&ctx, "web-preview"), v3, "opt-in: once available");
        assert_eq!(selector(&ctx, "web-active"), v1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seeds_blue_green_manifest_runs_as_written() {
    with_namespace("bg-seed", |ctx| async move {
        // The seed's Services and analysis are cluster-wide names in the shared Prometheus.
        emit(&ctx, "tr-web-preview", 0.0).await;
        emit(&ctx, "tr-web-active", 0.0).await;
        install(&ctx).await;
        let repo = env!("CARGO_MANIFEST_DIR");
        for f in [
            "examples/bluegreen/services.yaml",
            "examples/bluegreen/rollout.yaml",
        ] {
            ctx.kubectl(&["apply", "-n", &ctx.ns, "-f", &format!("{repo}/{f}")]);
        }
        // The seed's templates by name, measuring fast.
        let mut post = success_rate_template(None, 2, "");
        post["metadata"]["name"] = json!("canary-success-rate");
        apply_objects(&ctx, vec![smoke_template(), post]);
        wait_for_rate(&ctx, "tr-web-preview").await;
        wait_for_rate(&ctx, "tr-web-active").await;
        let name = "tr-web-bluegreen";
        expect(
            &run(&ctx, &["rollout", "run", name, "--timeout", "60s"]).await,
            0,
        );
        let (v1, _) = hashes(&ctx, name).await;
        assert_eq!(selector(&ctx, "tr-web-active"), v1);
        let out = wait(
            driver(
                &ctx,
                &[
                    "rollout",
                    "run",
                    name,
                    "--image",
                    "tr-web=kainlite/tr:v1.3.0",
                ],
            )
            .spawn()
            .unwrap(),
        )
        .await;
        // autoPromotionEnabled: false: after the smoke test, a person promotes.
        expect(&out, 3);
        let st = get(&ctx, name).await.status.unwrap();
        assert_eq!(
            st.blue_green
                .pre_promotion_analysis_run_status
                .map(|a| a.status),
            Some("Successful".into())
        );
        let (_, v2) = hashes(&ctx, name).await;
        assert_eq!(selector(&ctx, "tr-web-preview"), v2);
        assert_eq!(selector(&ctx, "tr-web-active"), v1);
        argo_reads(&ctx, name).await;
        expect(&run(&ctx, &["promote", name, "--no-wait"]).await, 0);
        // The post-promotion analysis passes and the new revision becomes stable; the old
        // one waits out the seed's 30 s scaleDownDelaySeconds (not waited for here).
        let d = driver(&ctx, &["rollout", "run", name]).spawn().unwrap();
        wait_until("stable on the new revision", || async {
            let st = get(&ctx, name).await.status.unwrap_or_default();
            match st.stable_rs {
                Some(s) if s == v2 => Ok(()),
                other => Err(format!("{other:?} {:?}", st.message)),
            }
        })
        .await;
        drop(d);
        assert_eq!(selector(&ctx, "tr-web-active"), v2);
        let st = get(&ctx, name).await.status.unwrap();
        assert_eq!(
            st.blue_green
                .post_promotion_analysis_run_status
                .map(|a| a.status),
            Some("Successful".into())
        );
        let s = scales(&ctx, "tr-web").await;
        assert!(s.contains(&(v1.clone(), 4)), "the delay is 30 s: {s:?}");
    })
    .await;
}
