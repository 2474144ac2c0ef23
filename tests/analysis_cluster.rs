//! AnalysisRuns in a real cluster (kube-apiserver of `scripts/cluster`), measured against its
//! real Prometheus scraping the metrics emitter: the interface the rollout driver uses
//! (`analysis::cluster::{start, step, get}`). Each test runs in its own namespace.

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use kube::Client;
use kube::api::{Api, DynamicObject, PostParams};
use kubectl_rollouts::analysis::build::RolloutContext;
use kubectl_rollouts::analysis::cluster::resource;
use kubectl_rollouts::analysis::cluster::{self as run, Stepped};
use kubectl_rollouts::analysis::measure::Addresses;
use kubectl_rollouts::spec::analysis::{
    AnalysisRun, AnalysisRunArgument, AnalysisTemplateRef, Phase, RolloutAnalysis,
};
use support::cluster::{Ctx, Env, emitter_put, eventually, prom_query, suffix, with_namespace};

/// The tests' clock (the library reads it only through `clock::now`).
fn now() -> DateTime<Utc> {
    kubectl_rollouts::clock::now()
}

fn permissive_crd(kind: &str, plural: &str) -> serde_json::Value {
    serde_json::json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": format!("{plural}.argoproj.io")},
        "spec": {
            "group": "argoproj.io",
            "names": {"kind": kind, "plural": plural, "singular": kind.to_lowercase()},
            "scope": "Namespaced",
            "versions": [{"name": "v1alpha1", "served": true, "storage": true,
                "subresources": {"status": {}},
                "schema": {"openAPIV3Schema": {"type": "object",
                    "x-kubernetes-preserve-unknown-fields": true}}}]
        }
    })
}

/// Installs the CRDs these tests need unless they exist (`install` owns the real ones).
async fn ensure_crds(client: &Client) {
    use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    for (kind, plural) in [
        ("Rollout", "rollouts"),
        ("AnalysisTemplate", "analysistemplates"),
        ("AnalysisRun", "analysisruns"),
    ] {
        let crd: CustomResourceDefinition =
            serde_json::from_value(permissive_crd(kind, plural)).unwrap();
        match crds.create(&PostParams::default(), &crd).await {
            Ok(_) => {}
            Err(kube::Error::Api(s)) if s.code == 409 => {}
            Err(e) => panic!("creating CRD {plural}: {e}"),
        }
    }
    eventually(
        "the analysis kinds to be served",
        Duration::from_secs(10),
        || async {
            for kind in ["AnalysisRun", "AnalysisTemplate", "Rollout"] {
                let api: Api<DynamicObject> =
                    Api::namespaced_with(client.clone(), "default", &resource(kind));
                api.list(&Default::default())
                    .await
                    .map_err(|e| format!("{kind}: {e}"))?;
            }
            Ok(())
        },
    )
    .await;
}

async fn create(client: &Client, ns: &str, kind: &str, object: serde_json::Value) -> DynamicObject {
    let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), ns, &resource(kind));
    let object: DynamicObject = serde_json::from_value(object).unwrap();
    api.create(&PostParams::default(), &object).await.unwrap()
}

async fn set_service(env: &Env, service: &str, rps: f64, error_ratio: f64) {
    emitter_put(
        env,
        &format!("/services/{service}"),
        serde_json::json!({"rps": rps, "error_ratio": error_ratio, "latency_ms": 5}),
    )
    .await;
}

/// Waits until Prometheus has two scrapes of the service, so rate() answers.
async fn wait_for_rate(env: &Env, service: &str) {
    let query = format!("count(rate(http_requests_total{{service=\"{service}\"}}[1m]))");
    eventually(
        &format!("a rate for {service}"),
        Duration::from_secs(30),
        || async {
            match prom_query(env, &query).await? {
                Some(_) => Ok(()),
                None => Err("no samples yet".to_string()),
            }
        },
    )
    .await;
}

/// Puts the fast success-rate template (interval 1 s, `edit` applied) and a Rollout into the
/// test namespace; returns the Rollout JSON and the step's analysis.
async fn setup(
    ctx: &Ctx,
    service: &str,
    edit: impl Fn(String) -> String,
) -> (serde_json::Value, RolloutAnalysis) {
    ensure_crds(&ctx.client).await;
    let template = edit(
        include_str!("../examples/analysis/canary-success-rate.yaml")
            .replace("interval: 30s", "interval: 1s")
            .replace(
                "http://prometheus.monitoring.svc:9090",
                &ctx.env.prometheus_url,
            ),
    );
    let mut template: serde_json::Value = serde_saphyr::from_str(&template).unwrap();
    template["metadata"]["namespace"] = ctx.ns.clone().into();
    create(&ctx.client, &ctx.ns, "AnalysisTemplate", template).await;
    let rollout = create(
        &ctx.client,
        &ctx.ns,
        "Rollout",
        serde_json::json!({"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
            "metadata": {"name": "web", "namespace": ctx.ns}, "spec": {}}),
    )
    .await;
    let analysis = RolloutAnalysis {
        templates: vec![AnalysisTemplateRef {
            template_name: "canary-success-rate".into(),
            cluster_scope: false,
        }],
        args: vec![AnalysisRunArgument {
            name: "service-name".into(),
            value: Some(service.into()),
            value_from: None,
        }],
        ..Default::default()
    };
    (serde_json::to_value(rollout).unwrap(), analysis)
}

fn context(rollout: &serde_json::Value) -> RolloutContext<'_> {
    RolloutContext {
        rollout,
        stable_hash: None,
        latest_hash: None,
    }
}

/// Drives a run like the rollout driver: step, sleep until the next measurement, repeat;
/// stops after `max_measurements` (a crash) or when the run finishes.
async fn drive(
    client: &Client,
    mut run: AnalysisRun,
    addresses: &Addresses,
    max_measurements: usize,
) -> (AnalysisRun, Option<Stepped>) {
    let mut taken = 0;
    loop {
        let stepped = run::step(client, &run, addresses, now()).await.unwrap();
        taken += stepped.taken.len();
        run = stepped.run.clone();
        if stepped.phase.is_completed() {
            return (run, Some(stepped));
        }
        if taken >= max_measurements {
            return (run, None);
        }
        if let Some(next) = stepped.next_at {
            let wait = (next - now()).to_std().unwrap_or_default();
            tokio::time::sleep(wait).await;
        }
    }
}

fn labels() -> BTreeMap<String, String> {
    BTreeMap::from([("rollout-type".to_string(), "Step".to_string())])
}

#[tokio::test]
async fn a_run_resumed_after_a_driver_crash_continues_the_count() {
    with_namespace("analysis", |ctx| async move {
        let service = format!("ar-healthy-{}", suffix());
        set_service(ctx.env, &service, 50.0, 0.0).await;
        let (rollout, analysis) = setup(&ctx, &service, |t| t).await;
        wait_for_rate(ctx.env, &service).await;
        let rc = context(&rollout);
        let addresses = Addresses::default();
        let path = "spec.strategy.canary.steps[2].analysis";
        let run = run::start(&ctx.client, "web-abc-2", path, &analysis, &rc, labels())
            .await
            .unwrap();
        let owner = &run.metadata.owner_references.as_ref().unwrap()[0];
        assert_eq!(
            (owner.kind.as_str(), owner.name.as_str()),
            ("Rollout", "web")
        );
        // The first driver takes 2 of 5 measurements, then dies.
        let (_, finished) = drive(&ctx.client, run, &addresses, 2).await;
        assert!(finished.is_none());
        // A new driver finds the run by name (start returns the existing one) and continues.
        let resumed = run::start(&ctx.client, "web-abc-2", path, &analysis, &rc, labels())
            .await
            .unwrap();
        let result = &resumed.status.as_ref().unwrap().metric_results[0];
        assert_eq!(result.count, 2, "the stored count survives the crash");
        let (run, finished) = drive(&ctx.client, resumed, &addresses, usize::MAX).await;
        let finished = finished.unwrap();
        assert_eq!(finished.phase, Phase::Successful, "{}", finished.message);
        let status = run.status.unwrap();
        assert_eq!(status.phase, Phase::Successful);
        let result = &status.metric_results[0];
        assert_eq!((result.count, result.successful), (5, 5));
        assert_eq!(result.measurements.len(), 5);
        // Stored in the cluster too, in Argo's layout.
        let stored = run::get(&ctx.client, &ctx.ns, "web-abc-2").await.unwrap();
        assert_eq!(
            stored.status.unwrap().metric_results[0].measurements[4].value,
            "[1]"
        );
    })
    .await;
}

#[tokio::test]
async fn ten_percent_errors_fail_the_run_with_the_reason() {
    with_namespace("analysis", |ctx| async move {
        let service = format!("ar-sick-{}", suffix());
        set_service(ctx.env, &service, 50.0, 0.1).await;
        let (rollout, analysis) = setup(&ctx, &service, |t| t).await;
        wait_for_rate(ctx.env, &service).await;
        let rc = context(&rollout);
        let run = run::start(&ctx.client, "web-def-2", "a", &analysis, &rc, labels())
            .await
            .unwrap();
        let (run, finished) = drive(&ctx.client, run, &Addresses::default(), usize::MAX).await;
        let finished = finished.unwrap();
        assert_eq!(finished.phase, Phase::Failed);
        assert!(
            finished.message.starts_with("success-rate: 0.9")
                || finished.message.starts_with("success-rate: 0.89"),
            "{}",
            finished.message
        );
        assert!(
            finished
                .message
                .ends_with("< 0.99, 3 of 3 failed, failureLimit 2"),
            "{}",
            finished.message
        );
        assert_eq!(run.status.unwrap().message, finished.message);
    })
    .await;
}

#[tokio::test]
async fn prometheus_unreachable_errors_out_after_the_consecutive_error_limit() {
    with_namespace("analysis", |ctx| async move {
        // Errors are retried every 10 s (Argo's DefaultErrorRetryInterval); a limit of 1 keeps
        // the test at two errors.
        let (rollout, analysis) = setup(&ctx, "ar-down", |t| {
            t.replace(
                "failureLimit: 2",
                "failureLimit: 2\n    consecutiveErrorLimit: 1",
            )
        })
        .await;
        let rc = context(&rollout);
        let run = run::start(&ctx.client, "web-ghi-2", "a", &analysis, &rc, labels())
            .await
            .unwrap();
        let down = Addresses {
            override_address: Some("http://127.0.0.1:9".into()),
            fallback: None,
            ..Addresses::default()
        };
        let (run, finished) = drive(&ctx.client, run, &down, usize::MAX).await;
        let finished = finished.unwrap();
        assert_eq!(finished.phase, Phase::Error);
        assert!(
            finished
                .message
                .contains("2 consecutive errors, consecutiveErrorLimit 1"),
            "{}",
            finished.message
        );
        assert!(
            finished.message.contains("is unreachable"),
            "{}",
            finished.message
        );
        let result = &run.status.unwrap().metric_results[0];
        assert_eq!((result.error, result.count), (2, 0));
        let m = &result.measurements;
        let gap = m[1].started_at.unwrap() - m[0].finished_at.unwrap();
        assert!(gap.num_milliseconds() >= 10_000, "retried after {gap}");
    })
    .await;
}

/// From the moment the emitter turns the service to 10% errors to the run's Failed phase,
/// against the bound `initialDelay + (failureLimit + 1) x interval + scrape interval + 1 s`
/// (0 + 3 x 1 s + 1 s + 1 s = 5 s for the seed template at a 1 s interval).
#[tokio::test]
async fn detection_latency_of_ten_percent_errors_is_within_the_bound() {
    with_namespace("analysis", |ctx| async move {
        // A fresh service: the 2m rate window would remember an earlier run's errors.
        let service = format!("ar-latency-{}", suffix());
        set_service(ctx.env, &service, 50.0, 0.0).await;
        // count 5 could end before the change is seen; measure up to 60 times.
        let (rollout, analysis) =
            setup(&ctx, &service, |t| t.replace("count: 5", "count: 60")).await;
        wait_for_rate(ctx.env, &service).await;
        let rc = context(&rollout);
        let run = run::start(&ctx.client, "web-lat-2", "a", &analysis, &rc, labels())
            .await
            .unwrap();
        let addresses = Addresses::default();
        let (run, finished) = drive(&ctx.client, run, &addresses, 2).await;
        assert!(finished.is_none());
        set_service(ctx.env, &service, 50.0, 0.1).await;
        let changed = std::time::Instant::now();
        let (run, finished) = drive(&ctx.client, run, &addresses, usize::MAX).await;
        let latency = changed.elapsed();
        let finished = finished.unwrap();
        assert_eq!(finished.phase, Phase::Failed, "{}", finished.message);
        // The figure is printed, not asserted (wall time on 2 shared cores is not a test);
        // what is asserted is the count: after the change became visible the run failed
        // within failureLimit + 1 = 3 measurements, plus up to 2 while Prometheus's rate
        // window caught up (scrape interval + the 1 s measurement interval).
        let taken_after_change = run.status.as_ref().unwrap().metric_results[0].count - 2;
        eprintln!(
            "detection latency: {:.2} s (bound 5 s), {taken_after_change} measurements after the change: {}",
            latency.as_secs_f64(),
            finished.message
        );
        assert!(
            (3..=5).contains(&taken_after_change),
            "{taken_after_change} measurements after the change"
        );
    })
    .await;
}

#[tokio::test]
async fn terminating_an_open_ended_run_finishes_it_successfully() {
    with_namespace("analysis", |ctx| async move {
        let service = format!("ar-bg-{}", suffix());
        set_service(ctx.env, &service, 50.0, 0.0).await;
        // Background analysis: an interval and no count, until the rollout ends it.
        let (rollout, analysis) = setup(&ctx, &service, |t| t.replace("    count: 5\n", "")).await;
        wait_for_rate(ctx.env, &service).await;
        let rc = context(&rollout);
        let run = run::start(&ctx.client, "web-bg", "a", &analysis, &rc, labels())
            .await
            .unwrap();
        let addresses = Addresses::default();
        let (run, finished) = drive(&ctx.client, run, &addresses, 2).await;
        assert!(finished.is_none(), "an open-ended run keeps running");
        let name = run.metadata.name.clone().unwrap();
        let run = run::terminate(&ctx.client, &ctx.ns, &name).await.unwrap();
        let stepped = run::step(&ctx.client, &run, &addresses, now())
            .await
            .unwrap();
        assert_eq!(stepped.phase, Phase::Successful, "{}", stepped.message);
        assert!(stepped.taken.is_empty());
        assert_eq!(stepped.run.status.unwrap().metric_results[0].count, 2);
    })
    .await;
}

#[tokio::test]
async fn secret_arguments_are_read_at_measurement_time_and_redacted() {
    with_namespace("analysis", |ctx| async move {
        ensure_crds(&ctx.client).await;
        use k8s_openapi::api::core::v1::Secret;
        let secret: Secret = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "prom", "namespace": ctx.ns},
            "stringData": {"level": "0.25"}
        }))
        .unwrap();
        Api::<Secret>::namespaced(ctx.client.clone(), &ctx.ns)
            .create(&PostParams::default(), &secret)
            .await
            .unwrap();
        let template = serde_json::json!({
            "apiVersion": "argoproj.io/v1alpha1", "kind": "AnalysisTemplate",
            "metadata": {"name": "secret-gate", "namespace": ctx.ns},
            "spec": {
                "args": [{"name": "level", "valueFrom": {"secretKeyRef": {"name": "prom", "key": "level"}}}],
                "metrics": [{"name": "gate", "successCondition": "result[0] >= 0.99",
                    "provider": {"prometheus": {"address": ctx.env.prometheus_url,
                        "query": "vector({{args.level}})"}}}]
            }
        });
        create(&ctx.client, &ctx.ns, "AnalysisTemplate", template).await;
        let rollout = create(
            &ctx.client,
            &ctx.ns,
            "Rollout",
            serde_json::json!({"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
                "metadata": {"name": "web", "namespace": ctx.ns}, "spec": {}}),
        )
        .await;
        let rollout = serde_json::to_value(rollout).unwrap();
        let analysis = RolloutAnalysis {
            templates: vec![AnalysisTemplateRef {
                template_name: "secret-gate".into(),
                cluster_scope: false,
            }],
            ..Default::default()
        };
        let run = run::start(&ctx.client, "web-sec", "a", &analysis, &context(&rollout), labels())
            .await
            .unwrap();
        // The run keeps the reference, not the value.
        let arg = serde_json::to_value(&run.spec.args[0]).unwrap();
        assert_eq!(arg["valueFrom"]["secretKeyRef"]["name"], "prom");
        assert!(arg.get("value").is_none(), "{arg}");
        let (_, finished) = drive(&ctx.client, run, &Addresses::default(), usize::MAX).await;
        let finished = finished.unwrap();
        assert_eq!(finished.phase, Phase::Failed);
        assert_eq!(finished.message, "gate: ***** < 0.99, 1 of 1 failed, failureLimit 0");
    })
    .await;
}

/// The binary under test (`KUBECTL_ROLLOUTS_BIN` for worktrees sharing a target directory).
fn bin() -> String {
    std::env::var("KUBECTL_ROLLOUTS_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_kubectl-rollouts").to_string())
}

#[tokio::test]
async fn analyze_reads_a_template_from_the_cluster_by_name() {
    with_namespace("analysis", |ctx| async move {
        ensure_crds(&ctx.client).await;
        let service = format!("ar-gate-{}", suffix());
        set_service(ctx.env, &service, 50.0, 0.0).await;
        let text =
            include_str!("../examples/analysis/error-budget-gate.yaml").replace("tr-web", &service);
        let mut template: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        template["metadata"]["namespace"] = ctx.ns.clone().into();
        create(&ctx.client, &ctx.ns, "AnalysisTemplate", template).await;
        wait_for_rate(ctx.env, &service).await;
        let analyze = |name: &str| {
            std::process::Command::new(bin())
                .args(["analyze", name, "-n", &ctx.ns])
                .args(["--prometheus", &ctx.env.prometheus_url])
                .env("KUBECONFIG", &ctx.env.kubeconfig)
                .env_remove("GITHUB_ACTIONS")
                .output()
                .unwrap()
        };
        let out = analyze("error-budget-gate");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{stdout}");
        assert!(stdout.contains("analysis Successful"), "{stdout}");
        let out = analyze("no-such-template");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("no AnalysisTemplate \"no-such-template\""),
            "{stderr}"
        );
    })
    .await;
}
