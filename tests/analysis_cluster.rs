//! AnalysisRuns in a real cluster (kube-apiserver of `scripts/cluster`), measured against its
//! real Prometheus scraping the metrics emitter: the interface the rollout driver uses
//! (`analysis::run::{start, step, get}`).
//!
//! Needs `KUBECONFIG`, `PROMETHEUS_URL` and `EMITTER_URL` from `eval "$(scripts/cluster env)"`
//! (`scripts/test` sets them); fails, never skips, without them.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::Utc;
use kube::Client;
use kube::api::{Api, DynamicObject, PostParams};
use kubectl_rollouts::analysis::build::RolloutContext;
use kubectl_rollouts::analysis::cluster::resource;
use kubectl_rollouts::analysis::measure::Addresses;
use kubectl_rollouts::analysis::run::{self, Stepped};
use kubectl_rollouts::spec::analysis::{
    AnalysisRun, AnalysisRunArgument, AnalysisTemplateRef, Phase, RolloutAnalysis,
};

struct Env {
    prometheus: String,
    emitter: String,
}

fn env() -> Env {
    let get = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!(
                "{name} is not set: start the test cluster and run eval \"$(scripts/cluster env)\""
            )
        })
    };
    get("KUBECONFIG");
    Env {
        prometheus: get("PROMETHEUS_URL"),
        emitter: get("EMITTER_URL"),
    }
}

async fn client() -> Client {
    Client::try_default()
        .await
        .expect("a client from KUBECONFIG")
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
    // Wait until the kinds are served.
    for _ in 0..100 {
        let api: Api<DynamicObject> =
            Api::namespaced_with(client.clone(), "default", &resource("AnalysisRun"));
        let rollouts: Api<DynamicObject> =
            Api::namespaced_with(client.clone(), "default", &resource("Rollout"));
        if api.list(&Default::default()).await.is_ok()
            && rollouts.list(&Default::default()).await.is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the analysis CRDs were not served after 10 s");
}

async fn namespace(client: &Client, prefix: &str) -> String {
    use k8s_openapi::api::core::v1::Namespace;
    let name = format!(
        "{prefix}-{}",
        std::process::id() as u64 * 1000 + rand_suffix()
    );
    let ns: Namespace =
        serde_json::from_value(serde_json::json!({"metadata": {"name": name}})).unwrap();
    Api::<Namespace>::all(client.clone())
        .create(&PostParams::default(), &ns)
        .await
        .unwrap();
    name
}

/// Deletes a test namespace (its runs, templates and the Rollout go with it).
async fn cleanup(client: &Client, ns: &str) {
    use k8s_openapi::api::core::v1::Namespace;
    let _ = Api::<Namespace>::all(client.clone())
        .delete(ns, &Default::default())
        .await;
}

fn rand_suffix() -> u64 {
    (Utc::now().timestamp_subsec_nanos() % 1000) as u64
}

async fn create(client: &Client, ns: &str, kind: &str, object: serde_json::Value) -> DynamicObject {
    let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), ns, &resource(kind));
    let object: DynamicObject = serde_json::from_value(object).unwrap();
    api.create(&PostParams::default(), &object).await.unwrap()
}

async fn set_service(env: &Env, service: &str, rps: f64, error_ratio: f64) {
    let client = kubectl_rollouts::http::http_client(Duration::from_secs(5), false).unwrap();
    let response = client
        .put(format!("{}/services/{service}", env.emitter))
        .body(
            serde_json::json!({"rps": rps, "error_ratio": error_ratio, "latency_ms": 5})
                .to_string(),
        )
        .send()
        .await
        .expect("the emitter answers");
    assert!(response.status().is_success(), "{}", response.status());
}

/// Waits until Prometheus has two scrapes of the service, so rate() answers.
async fn wait_for_rate(env: &Env, service: &str) {
    let client = kubectl_rollouts::http::http_client(Duration::from_secs(5), false).unwrap();
    let query = format!("count(rate(http_requests_total{{service=\"{service}\"}}[1m]))");
    for _ in 0..100 {
        let mut url = reqwest::Url::parse(&format!("{}/api/v1/query", env.prometheus)).unwrap();
        url.query_pairs_mut().append_pair("query", &query);
        if let Ok(r) = client.get(url).send().await
            && r.text().await.is_ok_and(|b| b.contains("\"value\""))
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    panic!("no rate for {service} after 30 s");
}

/// Sets up a namespace with a Rollout and the fast success-rate template; returns the
/// namespace, the Rollout JSON and the step's analysis.
async fn setup(
    client: &Client,
    env: &Env,
    service: &str,
) -> (String, serde_json::Value, RolloutAnalysis) {
    setup_with(client, env, service, |t| t).await
}

/// As `setup`, with the template text edited first.
async fn setup_with(
    client: &Client,
    env: &Env,
    service: &str,
    edit: impl Fn(String) -> String,
) -> (String, serde_json::Value, RolloutAnalysis) {
    ensure_crds(client).await;
    let ns = namespace(client, "analysis").await;
    let template = edit(
        include_str!("../examples/analysis/canary-success-rate.yaml")
            .replace("interval: 30s", "interval: 1s")
            .replace("http://prometheus.monitoring.svc:9090", &env.prometheus),
    );
    let mut template: serde_json::Value = serde_saphyr::from_str(&template).unwrap();
    template["metadata"]["namespace"] = ns.clone().into();
    create(client, &ns, "AnalysisTemplate", template).await;
    let rollout = create(
        client,
        &ns,
        "Rollout",
        serde_json::json!({"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
            "metadata": {"name": "web", "namespace": ns}, "spec": {}}),
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
    (ns, serde_json::to_value(rollout).unwrap(), analysis)
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
        let stepped = run::step(client, &run, addresses, Utc::now())
            .await
            .unwrap();
        taken += stepped.taken.len();
        run = stepped.run.clone();
        if stepped.phase.is_completed() {
            return (run, Some(stepped));
        }
        if taken >= max_measurements {
            return (run, None);
        }
        if let Some(next) = stepped.next_at {
            let wait = (next - Utc::now()).to_std().unwrap_or_default();
            tokio::time::sleep(wait).await;
        }
    }
}

fn labels() -> BTreeMap<String, String> {
    BTreeMap::from([("rollout-type".to_string(), "Step".to_string())])
}

#[tokio::test]
async fn a_run_resumed_after_a_driver_crash_continues_the_count() {
    let env = env();
    let client = client().await;
    set_service(&env, "ar-healthy", 50.0, 0.0).await;
    let (ns, rollout, analysis) = setup(&client, &env, "ar-healthy").await;
    wait_for_rate(&env, "ar-healthy").await;
    let ctx = RolloutContext {
        rollout: &rollout,
        stable_hash: None,
        latest_hash: None,
    };
    let addresses = Addresses::default();
    let path = "spec.strategy.canary.steps[2].analysis";
    let run = run::start(&client, "web-abc-2", path, &analysis, &ctx, labels())
        .await
        .unwrap();
    assert_eq!(
        run.metadata.owner_references.as_ref().unwrap()[0].name,
        "web"
    );
    // The first driver takes 2 of 5 measurements, then dies.
    let (_, finished) = drive(&client, run, &addresses, 2).await;
    assert!(finished.is_none());
    // A new driver finds the run by name (start returns the existing one) and continues.
    let resumed = run::start(&client, "web-abc-2", path, &analysis, &ctx, labels())
        .await
        .unwrap();
    let result = &resumed.status.as_ref().unwrap().metric_results[0];
    assert_eq!(result.count, 2, "the stored count survives the crash");
    let (run, finished) = drive(&client, resumed, &addresses, usize::MAX).await;
    let finished = finished.unwrap();
    assert_eq!(finished.phase, Phase::Successful, "{}", finished.message);
    let status = run.status.unwrap();
    assert_eq!(status.phase, Phase::Successful);
    let result = &status.metric_results[0];
    assert_eq!((result.count, result.successful), (5, 5));
    assert_eq!(result.measurements.len(), 5);
    // Stored in the cluster too, in Argo's layout.
    let stored = run::get(&client, &ns, "web-abc-2").await.unwrap();
    assert_eq!(
        stored.status.unwrap().metric_results[0].measurements[4].value,
        "[1]"
    );
}

#[tokio::test]
async fn ten_percent_errors_fail_the_run_with_the_reason() {
    let env = env();
    let client = client().await;
    set_service(&env, "ar-sick", 50.0, 0.1).await;
    let (ns, rollout, analysis) = setup(&client, &env, "ar-sick").await;
    wait_for_rate(&env, "ar-sick").await;
    let ctx = RolloutContext {
        rollout: &rollout,
        stable_hash: None,
        latest_hash: None,
    };
    let run = run::start(&client, "web-def-2", "a", &analysis, &ctx, labels())
        .await
        .unwrap();
    let (run, finished) = drive(&client, run, &Addresses::default(), usize::MAX).await;
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
    cleanup(&client, &ns).await;
}

#[tokio::test]
async fn prometheus_unreachable_errors_out_after_the_consecutive_error_limit() {
    let env = env();
    let client = client().await;
    // Errors are retried every 10 s (Argo's DefaultErrorRetryInterval); a limit of 1 keeps the
    // test at two errors.
    let (ns, rollout, analysis) = setup_with(&client, &env, "ar-down", |t| {
        t.replace(
            "failureLimit: 2",
            "failureLimit: 2\n    consecutiveErrorLimit: 1",
        )
    })
    .await;
    let ctx = RolloutContext {
        rollout: &rollout,
        stable_hash: None,
        latest_hash: None,
    };
    let run = run::start(&client, "web-ghi-2", "a", &analysis, &ctx, labels())
        .await
        .unwrap();
    let down = Addresses {
        override_address: Some("http://127.0.0.1:9".into()),
        fallback: None,
    };
    let (run, finished) = drive(&client, run, &down, usize::MAX).await;
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
    cleanup(&client, &ns).await;
}

/// From the moment the emitter turns the service to 10% errors to the run's Failed phase,
/// against the bound `initialDelay + (failureLimit + 1) x interval + scrape interval + 1 s`
/// (0 + 3 x 1 s + 1 s + 1 s = 5 s for the seed template at a 1 s interval).
#[tokio::test]
async fn detection_latency_of_ten_percent_errors_is_within_the_bound() {
    let env = env();
    let client = client().await;
    // A fresh service each time: the 2m rate window would remember an earlier run's errors.
    let service = format!("ar-latency-{}", Utc::now().timestamp_millis());
    set_service(&env, &service, 50.0, 0.0).await;
    let (ns, rollout, analysis) = setup(&client, &env, &service).await;
    wait_for_rate(&env, &service).await;
    let ctx = RolloutContext {
        rollout: &rollout,
        stable_hash: None,
        latest_hash: None,
    };
    // count 5 is not enough to see a late change; the template allows a longer run.
    let mut run = run::start(&client, "web-lat-2", "a", &analysis, &ctx, labels())
        .await
        .unwrap();
    run.spec.metrics[0].count = Some(kubectl_rollouts::spec::analysis::IntOrString::Int(60));
    let addresses = Addresses::default();
    let (run, finished) = drive(&client, run, &addresses, 2).await;
    assert!(finished.is_none());
    set_service(&env, &service, 50.0, 0.1).await;
    let changed = std::time::Instant::now();
    let (_, finished) = drive(&client, run, &addresses, usize::MAX).await;
    let latency = changed.elapsed();
    let finished = finished.unwrap();
    assert_eq!(finished.phase, Phase::Failed, "{}", finished.message);
    eprintln!(
        "detection latency: {:.2} s (bound 5 s): {}",
        latency.as_secs_f64(),
        finished.message
    );
    assert!(latency <= Duration::from_secs(5), "{latency:?}");
    cleanup(&client, &ns).await;
}
