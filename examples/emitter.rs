//! Metrics emitter for the cluster tests.
//!
//! Simulates HTTP traffic for a set of services and exposes it on `/metrics`
//! in the Prometheus text format:
//!
//! * `http_requests_total{service,status}` (status `200` or `500`)
//! * `http_request_duration_seconds_bucket{service,le}`, `_sum`, `_count`
//!
//! Counters advance deterministically with wall-clock time: every tick adds
//! `rps * elapsed` requests, carrying fractions over, and the error share is
//! carried the same way, so PromQL rate ratios match the configured ratio.
//!
//! Control API (JSON):
//!
//! * `GET /config`: all services and routes
//! * `PUT|POST /services/{name}` `{"rps":..,"error_ratio":..,"latency_ms":..}`
//!   (any field may be left out: it keeps its value, or the default)
//! * `DELETE /services/{name}`
//! * `PUT|POST /routes/{name}`
//!   `{"namespace":..,"stable_service":..,"canary_service":..,"canary_ingress":..,"rps":..}`:
//!   the route's `rps` is split between the stable and the canary service by
//!   the weight of the canary Ingress, following ingress-nginx: when the
//!   Ingress has `nginx.ingress.kubernetes.io/canary: "true"`, the canary gets
//!   `canary-weight` / `canary-weight-total` (default 100) of it. The Ingress is
//!   polled every 250 ms through the kubeconfig.
//! * `DELETE /routes/{name}`
//! * `GET /healthz`
//!
//! Run: `cargo run --example emitter -- --listen 127.0.0.1:0 --addr-file F`.
//! The bound address is printed as the first line on stdout.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Parser;
use k8s_openapi::api::networking::v1::Ingress;
use kube::{Api, Client};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const TICK: Duration = Duration::from_millis(100);
const POLL: Duration = Duration::from_millis(250);
/// Upper bounds of the latency histogram, in seconds (Prometheus' defaults).
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Latency multipliers cycled through request by request: mean 1.0, so the
/// mean latency is `latency_ms` and the spread is +-45%.
const SPREAD: [f64; 10] = [0.55, 0.65, 0.75, 0.85, 0.95, 1.05, 1.15, 1.25, 1.35, 1.45];
const CANARY: &str = "nginx.ingress.kubernetes.io/canary";
const CANARY_WEIGHT: &str = "nginx.ingress.kubernetes.io/canary-weight";
const CANARY_WEIGHT_TOTAL: &str = "nginx.ingress.kubernetes.io/canary-weight-total";

#[derive(Parser, Debug)]
#[command(about = "Simulated HTTP metrics for the kubectl-rollouts cluster tests")]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: String,
    /// Write the bound address (host:port) to this file once listening.
    #[arg(long)]
    addr_file: Option<PathBuf>,
    /// Kubeconfig used to read canary Ingresses (default: KUBECONFIG / inferred).
    #[arg(long)]
    kubeconfig: Option<PathBuf>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default)]
struct ServiceConfig {
    rps: f64,
    error_ratio: f64,
    latency_ms: f64,
}

#[derive(Deserialize, Debug, Default)]
struct ServicePatch {
    rps: Option<f64>,
    error_ratio: Option<f64>,
    latency_ms: Option<f64>,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
struct RouteConfig {
    namespace: String,
    stable_service: String,
    canary_service: String,
    canary_ingress: String,
    rps: f64,
    /// Canary share observed on the Ingress, 0..=1 (output only).
    #[serde(default)]
    canary_share: f64,
    /// Last error reading the Ingress, if any (output only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_error: Option<String>,
}

#[derive(Default, Debug)]
struct Series {
    /// Fraction of a request not emitted yet.
    carry_requests: f64,
    /// Fraction of an error not emitted yet.
    carry_errors: f64,
    ok: u64,
    errors: u64,
    buckets: [u64; BUCKETS.len()],
    sum_seconds: f64,
    count: u64,
    next_spread: usize,
}

#[derive(Default, Debug)]
struct Service {
    config: ServiceConfig,
    series: Series,
}

#[derive(Default)]
struct State {
    services: BTreeMap<String, Service>,
    routes: BTreeMap<String, RouteConfig>,
}

type Shared = Arc<Mutex<State>>;

fn default_service() -> ServiceConfig {
    ServiceConfig {
        rps: 0.0,
        error_ratio: 0.0,
        latency_ms: 20.0,
    }
}

impl State {
    fn ensure_service(&mut self, name: &str) -> &mut Service {
        self.services
            .entry(name.to_string())
            .or_insert_with(|| Service {
                config: default_service(),
                series: Series::default(),
            })
    }

    /// Advances every service by `dt` seconds of traffic.
    fn advance(&mut self, dt: f64) {
        let mut offered: BTreeMap<String, f64> = self
            .services
            .iter()
            .map(|(k, s)| (k.clone(), s.config.rps))
            .collect();
        for r in self.routes.values() {
            let canary = r.rps * r.canary_share;
            *offered.entry(r.stable_service.clone()).or_default() += r.rps - canary;
            *offered.entry(r.canary_service.clone()).or_default() += canary;
        }
        for (name, rps) in offered {
            let svc = self.ensure_service(&name);
            let cfg = svc.config.clone();
            let s = &mut svc.series;
            s.carry_requests += rps.max(0.0) * dt;
            let n = s.carry_requests.floor();
            s.carry_requests -= n;
            let n = n as u64;
            s.carry_errors += n as f64 * cfg.error_ratio.clamp(0.0, 1.0);
            let e = s.carry_errors.floor().min(n as f64);
            s.carry_errors -= e;
            let e = e as u64;
            s.errors += e;
            s.ok += n - e;
            for _ in 0..n {
                let secs = cfg.latency_ms.max(0.0) / 1000.0 * SPREAD[s.next_spread];
                s.next_spread = (s.next_spread + 1) % SPREAD.len();
                s.sum_seconds += secs;
                s.count += 1;
                if let Some(i) = BUCKETS.iter().position(|b| secs <= *b) {
                    s.buckets[i] += 1;
                }
            }
        }
    }

    fn render_metrics(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        out.push_str("# HELP http_requests_total Simulated HTTP requests.\n");
        out.push_str("# TYPE http_requests_total counter\n");
        for (name, svc) in &self.services {
            let s = &svc.series;
            let _ = writeln!(
                out,
                "http_requests_total{{service=\"{name}\",status=\"200\"}} {}",
                s.ok
            );
            let _ = writeln!(
                out,
                "http_requests_total{{service=\"{name}\",status=\"500\"}} {}",
                s.errors
            );
        }
        out.push_str("# HELP http_request_duration_seconds Simulated request latency.\n");
        out.push_str("# TYPE http_request_duration_seconds histogram\n");
        for (name, svc) in &self.services {
            let s = &svc.series;
            let mut cumulative = 0;
            for (i, b) in BUCKETS.iter().enumerate() {
                cumulative += s.buckets[i];
                let _ = writeln!(
                    out,
                    "http_request_duration_seconds_bucket{{service=\"{name}\",le=\"{b}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "http_request_duration_seconds_bucket{{service=\"{name}\",le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "http_request_duration_seconds_sum{{service=\"{name}\"}} {}",
                s.sum_seconds
            );
            let _ = writeln!(
                out,
                "http_request_duration_seconds_count{{service=\"{name}\"}} {}",
                s.count
            );
        }
        out
    }

    fn config_json(&self) -> serde_json::Value {
        let services: BTreeMap<&String, &ServiceConfig> =
            self.services.iter().map(|(k, v)| (k, &v.config)).collect();
        serde_json::json!({ "services": services, "routes": self.routes })
    }
}

/// Share of the traffic that ingress-nginx sends to a canary Ingress.
fn canary_share(ing: &Ingress) -> f64 {
    let Some(ann) = ing.metadata.annotations.as_ref() else {
        return 0.0;
    };
    if ann.get(CANARY).map(|v| v.trim()) != Some("true") {
        return 0.0;
    }
    let weight: f64 = ann
        .get(CANARY_WEIGHT)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0);
    let total: f64 = ann
        .get(CANARY_WEIGHT_TOTAL)
        .and_then(|v| v.trim().parse().ok())
        .filter(|t: &f64| *t > 0.0)
        .unwrap_or(100.0);
    (weight / total).clamp(0.0, 1.0)
}

async fn kube_client(kubeconfig: Option<PathBuf>) -> Result<Client> {
    let config = match kubeconfig {
        Some(path) => {
            let kc = kube::config::Kubeconfig::read_from(&path)
                .with_context(|| format!("reading kubeconfig {}", path.display()))?;
            kube::Config::from_custom_kubeconfig(kc, &kube::config::KubeConfigOptions::default())
                .await?
        }
        None => kube::Config::infer().await?,
    };
    Ok(Client::try_from(config)?)
}

async fn poll_routes(state: Shared, kubeconfig: Option<PathBuf>) {
    let mut client: Option<Client> = None;
    loop {
        tokio::time::sleep(POLL).await;
        let routes: Vec<(String, RouteConfig)> = {
            let st = state.lock().unwrap();
            st.routes
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        if routes.is_empty() {
            continue;
        }
        if client.is_none() {
            match kube_client(kubeconfig.clone()).await {
                Ok(c) => client = Some(c),
                Err(e) => {
                    let msg = format!("no Kubernetes client: {e:#}");
                    let mut st = state.lock().unwrap();
                    for r in st.routes.values_mut() {
                        r.last_error = Some(msg.clone());
                    }
                    continue;
                }
            }
        }
        let c = client.clone().expect("client set above");
        for (name, route) in routes {
            let api: Api<Ingress> = Api::namespaced(c.clone(), &route.namespace);
            let (share, err) = match api.get_opt(&route.canary_ingress).await {
                Ok(Some(ing)) => (canary_share(&ing), None),
                Ok(None) => (0.0, None),
                Err(e) => (route.canary_share, Some(e.to_string())),
            };
            let mut st = state.lock().unwrap();
            if let Some(r) = st.routes.get_mut(&name) {
                r.canary_share = share;
                r.last_error = err;
            }
        }
    }
}

async fn tick(state: Shared) {
    let mut last = Instant::now();
    let mut interval = tokio::time::interval(TICK);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        let now = Instant::now();
        let dt = now.duration_since(last).as_secs_f64();
        last = now;
        state.lock().unwrap().advance(dt);
    }
}

struct Response {
    status: u16,
    content_type: &'static str,
    body: String,
}

fn json(status: u16, v: serde_json::Value) -> Response {
    Response {
        status,
        content_type: "application/json",
        body: v.to_string(),
    }
}

fn error(status: u16, msg: impl Into<String>) -> Response {
    json(status, serde_json::json!({ "error": msg.into() }))
}

fn handle(state: &Shared, method: &str, path: &str, body: &[u8]) -> Response {
    let path = path.split('?').next().unwrap_or(path);
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, parts.as_slice()) {
        ("GET", ["metrics"]) => Response {
            status: 200,
            content_type: "text/plain; version=0.0.4",
            body: state.lock().unwrap().render_metrics(),
        },
        ("GET", ["healthz"]) => Response {
            status: 200,
            content_type: "text/plain",
            body: "ok\n".into(),
        },
        ("GET", ["config"]) => json(200, state.lock().unwrap().config_json()),
        ("PUT" | "POST", ["services", name]) if !name.is_empty() => {
            let patch: ServicePatch = if body.is_empty() {
                ServicePatch::default()
            } else {
                match serde_json::from_slice(body) {
                    Ok(p) => p,
                    Err(e) => return error(400, format!("bad service JSON: {e}")),
                }
            };
            let mut st = state.lock().unwrap();
            let svc = st.ensure_service(name);
            if let Some(v) = patch.rps {
                svc.config.rps = v;
            }
            if let Some(v) = patch.error_ratio {
                svc.config.error_ratio = v;
            }
            if let Some(v) = patch.latency_ms {
                svc.config.latency_ms = v;
            }
            json(200, serde_json::to_value(&svc.config).unwrap_or_default())
        }
        ("GET", ["services", name]) => match state.lock().unwrap().services.get(*name) {
            Some(s) => json(200, serde_json::to_value(&s.config).unwrap_or_default()),
            None => error(404, "no such service"),
        },
        ("DELETE", ["services", name]) => {
            state.lock().unwrap().services.remove(*name);
            json(200, serde_json::json!({}))
        }
        ("PUT" | "POST", ["routes", name]) if !name.is_empty() => {
            let mut route: RouteConfig = match serde_json::from_slice(body) {
                Ok(r) => r,
                Err(e) => return error(400, format!("bad route JSON: {e}")),
            };
            let mut st = state.lock().unwrap();
            // Keep the observed share until the next poll.
            route.canary_share = st.routes.get(*name).map_or(0.0, |r| r.canary_share);
            route.last_error = None;
            st.ensure_service(&route.stable_service);
            st.ensure_service(&route.canary_service);
            st.routes.insert(name.to_string(), route.clone());
            json(200, serde_json::to_value(&route).unwrap_or_default())
        }
        ("GET", ["routes", name]) => match state.lock().unwrap().routes.get(*name) {
            Some(r) => json(200, serde_json::to_value(r).unwrap_or_default()),
            None => error(404, "no such route"),
        },
        ("DELETE", ["routes", name]) => {
            state.lock().unwrap().routes.remove(*name);
            json(200, serde_json::json!({}))
        }
        _ => error(404, format!("no handler for {method} {path}")),
    }
}

fn find_header_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4)
}

async fn serve_conn(mut stream: TcpStream, state: Shared) -> Result<()> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        if let Some(end) = find_header_end(&buf) {
            break end;
        }
        if buf.len() > 64 * 1024 {
            anyhow::bail!("request header too large");
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_string();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut words = request_line.split_whitespace();
    let method = words.next().unwrap_or_default().to_string();
    let path = words.next().unwrap_or("/").to_string();
    let content_length: usize = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    if content_length > 1024 * 1024 {
        anyhow::bail!("request body too large");
    }
    while buf.len() < header_end + content_length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let end = (header_end + content_length).min(buf.len());
    let body = &buf[header_end..end];
    let resp = handle(&state, &method, &path, body);
    let reason = match resp.status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        _ => "Error",
    };
    let out = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        resp.status,
        reason,
        resp.content_type,
        resp.body.len(),
        resp.body
    );
    stream.write_all(out.as_bytes()).await?;
    stream.shutdown().await.ok();
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let listener = TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("binding {}", args.listen))?;
    let addr = listener.local_addr()?;
    println!("{addr}");
    if let Some(f) = &args.addr_file {
        let tmp = f.with_extension("tmp");
        std::fs::write(&tmp, format!("{addr}\n"))?;
        std::fs::rename(&tmp, f)?;
    }
    let state: Shared = Arc::new(Mutex::new(State::default()));
    tokio::spawn(tick(state.clone()));
    tokio::spawn(poll_routes(state.clone(), args.kubeconfig.clone()));
    loop {
        let (stream, _) = listener.accept().await?;
        let st = state.clone();
        tokio::spawn(async move {
            if let Err(e) = serve_conn(stream, st).await {
                eprintln!("emitter: connection error: {e:#}");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(rps: f64, error_ratio: f64) -> Service {
        Service {
            config: ServiceConfig {
                rps,
                error_ratio,
                latency_ms: 20.0,
            },
            series: Series::default(),
        }
    }

    #[test]
    fn counters_follow_rate_and_error_ratio_exactly() {
        let mut st = State::default();
        st.services.insert("a".into(), service(100.0, 0.05));
        for _ in 0..100 {
            st.advance(0.1);
        }
        let s = &st.services["a"].series;
        assert_eq!(s.ok + s.errors, 1000);
        assert_eq!(s.errors, 50);
        assert_eq!(s.count, 1000);
        assert!((s.sum_seconds / s.count as f64 - 0.020).abs() < 1e-9);
    }

    #[test]
    fn fractional_rates_carry_over() {
        let mut st = State::default();
        st.services.insert("a".into(), service(3.0, 1.0 / 3.0));
        for _ in 0..100 {
            st.advance(0.1);
        }
        let s = &st.services["a"].series;
        assert_eq!(s.ok + s.errors, 30);
        assert_eq!(s.errors, 10);
    }

    #[test]
    fn routes_split_by_canary_share() {
        let mut st = State::default();
        st.routes.insert(
            "r".into(),
            RouteConfig {
                namespace: "ns".into(),
                stable_service: "s".into(),
                canary_service: "c".into(),
                canary_ingress: "i".into(),
                rps: 1000.0,
                canary_share: 0.3,
                last_error: None,
            },
        );
        st.advance(1.0);
        let total = |n: &str| st.services[n].series.ok + st.services[n].series.errors;
        assert_eq!(total("c"), 300);
        assert_eq!(total("s"), 700);
        let text = st.render_metrics();
        assert!(text.contains("http_requests_total{service=\"c\",status=\"200\"} 300"));
        assert!(text.contains("http_request_duration_seconds_count{service=\"s\"} 700"));
    }

    #[test]
    fn canary_share_follows_nginx_annotations() {
        let ing = |ann: &[(&str, &str)]| -> Ingress {
            serde_json::from_value(serde_json::json!({
                "metadata": { "name": "x", "annotations": ann.iter().cloned().collect::<BTreeMap<_, _>>() }
            }))
            .unwrap()
        };
        assert_eq!(canary_share(&ing(&[])), 0.0);
        assert_eq!(canary_share(&ing(&[(CANARY_WEIGHT, "30")])), 0.0);
        assert_eq!(
            canary_share(&ing(&[(CANARY, "true"), (CANARY_WEIGHT, "30")])),
            0.3
        );
        assert_eq!(
            canary_share(&ing(&[
                (CANARY, "true"),
                (CANARY_WEIGHT, "30"),
                (CANARY_WEIGHT_TOTAL, "1000")
            ])),
            0.03
        );
        assert_eq!(canary_share(&ing(&[(CANARY, "true")])), 0.0);
    }
}
