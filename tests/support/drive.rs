//! Running the real binary against the loopback cluster the way the rollout tests do: a
//! command in the test's namespace, its exit code and output, the CRDs, and the analysis
//! helpers (templates, emitted traffic, the Rollout's AnalysisRuns).

use std::process::Stdio;
use std::time::Duration;

use kube::Api;
use kube::api::ListParams;
use serde_json::{Value, json};
use tokio::process::{Child, Command};
use tokio::sync::OnceCell;

use super::cluster::*;

/// The binary under test; `KUBECTL_ROLLOUTS_BIN` points elsewhere when a target directory
/// shared with other checkouts may be rebuilt while the tests run.
pub fn bin() -> String {
    std::env::var("KUBECTL_ROLLOUTS_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_kubectl-rollouts").to_string())
}

/// The binary as a command against the test cluster and namespace.
pub fn cli(ctx: &Ctx, args: &[&str]) -> Command {
    let mut c = Command::new(bin());
    c.env("KUBECONFIG", &ctx.env.kubeconfig)
        .env("KUBECTL_ROLLOUTS_LEASE_SECONDS", "3")
        .env_remove("GITHUB_ACTIONS")
        .args(["-n", &ctx.ns])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    c
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub async fn wait(child: Child) -> Out {
    let o = tokio::time::timeout(Duration::from_secs(120), child.wait_with_output())
        .await
        .expect("the command finished within 120 s")
        .expect("running kubectl-rollouts");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

pub async fn run(ctx: &Ctx, args: &[&str]) -> Out {
    wait(cli(ctx, args).spawn().unwrap()).await
}

#[track_caller]
pub fn expect(out: &Out, code: i32) {
    assert_eq!(
        out.code, code,
        "exit code\nstdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
}

pub static CRDS: OnceCell<()> = OnceCell::const_new();

pub async fn install(ctx: &Ctx) {
    CRDS.get_or_init(|| async {
        let out = run(ctx, &["install"]).await;
        expect(&out, 0);
    })
    .await;
}

pub fn success_rate_template(address: Option<&str>, count: u32, extra: &str) -> Value {
    let text = include_str!("../../examples/analysis/canary-success-rate.yaml")
        .replace("interval: 30s", "interval: 1s")
        .replace("count: 5", &format!("count: {count}{extra}"))
        .replace("[2m]", "[5s]");
    let text = match address {
        Some(a) => text.replace("http://prometheus.monitoring.svc:9090", a),
        None => text.replace(
            "        address: http://prometheus.monitoring.svc:9090\n",
            "",
        ),
    };
    serde_saphyr::from_str(&text).unwrap()
}

pub fn apply_objects(ctx: &Ctx, items: Vec<Value>) {
    let list = json!({"apiVersion": "v1", "kind": "List", "items": items});
    let file = std::env::temp_dir().join(format!("kr-{}-{}.json", ctx.ns, suffix()));
    std::fs::write(&file, list.to_string()).unwrap();
    ctx.kubectl(&["apply", "-n", &ctx.ns, "-f", file.to_str().unwrap()]);
}

/// An emitter service with steady traffic, known to Prometheus (rate() answers).
pub async fn emit(ctx: &Ctx, service: &str, error_ratio: f64) {
    emitter_put(
        ctx.env,
        &format!("/services/{service}"),
        json!({"rps": 50, "error_ratio": error_ratio, "latency_ms": 5}),
    )
    .await;
}

pub async fn wait_for_rate(ctx: &Ctx, service: &str) {
    let query = format!("count(rate(http_requests_total{{service=\"{service}\"}}[5s]))");
    eventually(
        &format!("a rate for {service}"),
        Duration::from_secs(30),
        || async {
            match prom_query(ctx.env, &query).await? {
                Some(_) => Ok(()),
                None => Err("no samples yet".to_string()),
            }
        },
    )
    .await;
}

/// The driver with the shared Prometheus as its default address.
pub fn driver(ctx: &Ctx, args: &[&str]) -> Command {
    let mut c = cli(ctx, args);
    c.env("PROMETHEUS_URL", &ctx.env.prometheus_url);
    c
}

/// The Rollout's AnalysisRuns as JSON, by name.
pub async fn analysis_runs(ctx: &Ctx) -> std::collections::BTreeMap<String, Value> {
    let api: Api<kube::api::DynamicObject> = Api::namespaced_with(
        ctx.client.clone(),
        &ctx.ns,
        &kubectl_rollouts::analysis::cluster::resource("AnalysisRun"),
    );
    api.list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|o| {
            (
                o.metadata.name.clone().unwrap_or_default(),
                serde_json::to_value(o).unwrap(),
            )
        })
        .collect()
}

/// (phase, measurements taken) of a run's first metric.
pub fn run_progress(run: &Value) -> (String, usize) {
    let st = &run["status"];
    let n = st["metricResults"][0]["measurements"]
        .as_array()
        .map_or(0, |m| m.len());
    (st["phase"].as_str().unwrap_or("").to_string(), n)
}

/// A canary Rollout `name` (2 replicas of example/web:1, `setWeight: 50` then an indefinite
/// pause, nginx traffic routing over `<name>-stable`/`<name>-canary` and `<name>-ingress`).
pub fn canary_rollout(name: &str) -> Value {
    json!({
        "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": name},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "web", "image": "example/web:1",
                    "ports": [{"containerPort": 8080}]}]}},
            "strategy": {"canary": {
                "canaryService": format!("{name}-canary"), "stableService": format!("{name}-stable"),
                "scaleDownDelaySeconds": 1,
                "trafficRouting": {"nginx": {"stableIngress": format!("{name}-ingress")}},
                "steps": [{"setWeight": 50}, {"pause": {}}]}}
        }
    })
}

/// The Services and Ingress [`canary_rollout`] names.
pub fn canary_objects(name: &str) -> Vec<Value> {
    let svc = |n: String| {
        json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": n},
            "spec": {"selector": {"app": name}, "ports": [{"port": 80}]}})
    };
    vec![
        svc(format!("{name}-stable")),
        svc(format!("{name}-canary")),
        json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": {"name": format!("{name}-ingress")},
            "spec": {"ingressClassName": "nginx", "rules": [{"host": "web.example.com", "http": {"paths": [
                {"path": "/", "pathType": "Prefix", "backend": {"service": {
                    "name": format!("{name}-stable"), "port": {"number": 80}}}}]}}]}}),
    ]
}
