#![allow(dead_code)]
//! Harness for the cluster tests: finds (or starts) the loopback cluster of
//! `scripts/cluster`, gives each test its own namespace, and dumps that
//! namespace's objects when a test fails.
//!
//! The tests read `KUBECONFIG`, `PROMETHEUS_URL` and `EMITTER_URL` (set by
//! `scripts/test`). When one is missing they run `scripts/cluster up` (which
//! returns at once when the cluster already runs) and read `scripts/cluster env`.
//! They never skip: a cluster that cannot start fails the tests with the reason.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::Namespace;
use kube::api::{DeleteParams, PostParams};
use kube::{Api, Client};
use serde_json::Value;

pub struct Env {
    pub kubeconfig: PathBuf,
    pub prometheus_url: String,
    pub emitter_url: String,
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn env_from_vars() -> Option<Env> {
    Some(Env {
        kubeconfig: std::env::var_os("KUBECONFIG").map(PathBuf::from)?,
        prometheus_url: std::env::var("PROMETHEUS_URL").ok()?,
        emitter_url: std::env::var("EMITTER_URL").ok()?,
    })
}

fn env_from_script() -> Result<Env, String> {
    let script = repo_root().join("scripts/cluster");
    let up = Command::new(&script)
        .arg("up")
        .status()
        .map_err(|e| format!("running {} up: {e}", script.display()))?;
    if !up.success() {
        return Err(format!(
            "`scripts/cluster up` failed ({up}); see its output above"
        ));
    }
    let out = Command::new(&script)
        .arg("env")
        .output()
        .map_err(|e| format!("running {} env: {e}", script.display()))?;
    if !out.status.success() {
        return Err(format!(
            "`scripts/cluster env` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let get = |key: &str| {
        text.lines()
            .filter_map(|l| l.strip_prefix("export "))
            .filter_map(|l| l.split_once('='))
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.trim().to_string())
            .ok_or_else(|| format!("`scripts/cluster env` printed no {key}: {text}"))
    };
    Ok(Env {
        kubeconfig: PathBuf::from(get("KUBECONFIG")?),
        prometheus_url: get("PROMETHEUS_URL")?,
        emitter_url: get("EMITTER_URL")?,
    })
}

/// The cluster's coordinates; starts the cluster when the environment lacks them.
pub fn env() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| match env_from_vars() {
        Some(e) => e,
        None => env_from_script().unwrap_or_else(|e| panic!("cluster not available: {e}")),
    })
}

pub async fn client_for(kubeconfig: &Path) -> Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let kc = kube::config::Kubeconfig::read_from(kubeconfig)
        .unwrap_or_else(|e| panic!("reading kubeconfig {}: {e}", kubeconfig.display()));
    let config =
        kube::Config::from_custom_kubeconfig(kc, &kube::config::KubeConfigOptions::default())
            .await
            .unwrap_or_else(|e| panic!("kubeconfig {}: {e}", kubeconfig.display()));
    Client::try_from(config).expect("kube client")
}

/// A short random-enough suffix for names (no extra dependencies).
pub fn suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut x = nanos
        ^ (u64::from(std::process::id()) << 32)
        ^ COUNTER
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    // splitmix64 finaliser
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    format!("{:08x}", x as u32)
}

/// What a test body gets.
#[derive(Clone)]
pub struct Ctx {
    pub ns: String,
    pub client: Client,
    pub env: &'static Env,
}

impl Ctx {
    /// Runs kubectl against the test cluster; panics with its output on failure.
    pub fn kubectl(&self, args: &[&str]) -> String {
        kubectl(self.env, args)
    }
}

pub fn kubectl(env: &Env, args: &[&str]) -> String {
    let out = Command::new("kubectl")
        .env("KUBECONFIG", &env.kubeconfig)
        .args(args)
        .output()
        .expect("running kubectl");
    assert!(
        out.status.success(),
        "kubectl {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub async fn create_namespace(client: &Client, name: &str) {
    let api: Api<Namespace> = Api::all(client.clone());
    let ns: Namespace = serde_json::from_value(serde_json::json!({
        "metadata": { "name": name, "labels": { "kubectl-rollouts/test": "true" } }
    }))
    .unwrap();
    api.create(&PostParams::default(), &ns)
        .await
        .unwrap_or_else(|e| panic!("creating namespace {name}: {e}"));
}

pub async fn delete_namespace(client: &Client, name: &str) {
    let api: Api<Namespace> = Api::all(client.clone());
    if let Err(e) = api.delete(name, &DeleteParams::default()).await {
        eprintln!("warning: deleting namespace {name}: {e}");
    }
}

fn dump_namespace(env: &Env, ns: &str) {
    let out = Command::new("kubectl")
        .env("KUBECONFIG", &env.kubeconfig)
        .args([
            "get",
            "all,ingress,serviceaccounts,roles,rolebindings,events",
            "-n",
            ns,
            "-o",
            "yaml",
        ])
        .output();
    match out {
        Ok(o) => eprintln!(
            "===== objects in namespace {ns} =====\n{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => eprintln!("could not dump namespace {ns}: {e}"),
    }
}

/// Runs `body` in a fresh namespace `<prefix>-<random>`; deletes it afterwards,
/// and dumps its objects to stderr first when the body fails.
pub async fn with_namespace<F, Fut>(prefix: &str, body: F)
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let env = env();
    let client = client_for(&env.kubeconfig).await;
    let ns = format!("{prefix}-{}", suffix());
    create_namespace(&client, &ns).await;
    let ctx = Ctx {
        ns: ns.clone(),
        client: client.clone(),
        env,
    };
    let result = tokio::spawn(body(ctx)).await;
    if result.is_err() {
        dump_namespace(env, &ns);
    }
    delete_namespace(&client, &ns).await;
    if let Err(e) = result {
        match e.try_into_panic() {
            Ok(payload) => std::panic::resume_unwind(payload),
            Err(e) => panic!("test body did not finish: {e}"),
        }
    }
}

/// Polls `check` every 200 ms until it returns `Some`, or panics after `timeout`
/// with `what` and the last state `check` reported through `last`.
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        match check().await {
            Ok(v) => return v,
            Err(last) => {
                if Instant::now() > deadline {
                    panic!("timed out after {timeout:?} waiting for {what}; last: {last}");
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("http client")
}

/// Evaluates an instant PromQL query; `Ok(None)` when the result is empty.
pub async fn prom_query(env: &Env, query: &str) -> Result<Option<f64>, String> {
    let url = format!(
        "{}/api/v1/query?query={}",
        env.prometheus_url,
        percent_encode(query)
    );
    let v: Value = http()
        .get(&url)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    if v["status"] != "success" {
        return Err(format!("prometheus: {v}"));
    }
    let result = &v["data"]["result"];
    let Some(first) = result.as_array().and_then(|a| a.first()) else {
        return Ok(None);
    };
    let s = first["value"][1]
        .as_str()
        .ok_or_else(|| format!("unexpected result {v}"))?;
    s.parse::<f64>().map(Some).map_err(|e| e.to_string())
}

/// Sends JSON to the emitter's control API.
pub async fn emitter_put(env: &Env, path: &str, body: Value) -> Value {
    let resp = http()
        .put(format!("{}{path}", env.emitter_url))
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("emitter PUT {path}: {e}"));
    let status = resp.status();
    let v: Value = resp.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "emitter PUT {path}: {status} {v}");
    v
}

pub async fn emitter_delete(env: &Env, path: &str) {
    let _ = http()
        .delete(format!("{}{path}", env.emitter_url))
        .send()
        .await;
}

pub async fn emitter_get(env: &Env, path: &str) -> Result<String, String> {
    http()
        .get(format!("{}{path}", env.emitter_url))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())
}

/// Total `http_requests_total` of one service on the emitter's /metrics.
pub async fn emitter_requests(env: &Env, service: &str) -> f64 {
    let text = emitter_get(env, "/metrics")
        .await
        .expect("emitter /metrics");
    let needle = format!("http_requests_total{{service=\"{service}\",");
    text.lines()
        .filter(|l| l.starts_with(&needle))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

/// One request the API server's audit log recorded (scripts/cluster writes one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audited {
    pub verb: String,
    pub resource: String,
    pub name: String,
    pub user_agent: String,
}

/// The requests on objects in namespace `ns` that the audit log holds, one per audit ID
/// (a watch is logged when its response starts and again when it ends). A request is logged
/// as its response completes, so one still running may be missing.
pub fn audited(ns: &str) -> Vec<Audited> {
    let out = std::process::Command::new(repo_root().join("scripts/cluster"))
        .arg("audit-log")
        .output()
        .expect("running scripts/cluster audit-log");
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut seen = std::collections::BTreeSet::new();
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|e| e["objectRef"]["namespace"].as_str() == Some(ns))
        .filter(|e| seen.insert(e["auditID"].as_str().unwrap_or_default().to_string()))
        .map(|e| {
            let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
            Audited {
                verb: s(&e["verb"]),
                resource: s(&e["objectRef"]["resource"]),
                name: s(&e["objectRef"]["name"]),
                user_agent: s(&e["userAgent"]),
            }
        })
        .collect()
}
