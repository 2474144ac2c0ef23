//! A real Prometheus for tests, scraping a tiny in-process `/metrics` fixture every second.
//!
//! The fixture exposes `http_requests_total{service,status}` counters that grow at a chosen
//! request rate and error ratio per service (changeable while the test runs), so `rate()`
//! queries see exactly those numbers. Prometheus runs from `/usr/bin/prometheus` with a temp
//! storage dir; it is killed when the `Stack` is dropped, or when the test process exits.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const PROMETHEUS_BIN: &str = "/usr/bin/prometheus";

#[derive(Debug, Clone, Copy)]
struct Service {
    rps: f64,
    error_ratio: f64,
    ok: f64,
    errors: f64,
    since: Instant,
}

impl Service {
    fn advance(&mut self, now: Instant) {
        let secs = now.duration_since(self.since).as_secs_f64();
        self.ok += self.rps * (1.0 - self.error_ratio) * secs;
        self.errors += self.rps * self.error_ratio * secs;
        self.since = now;
    }
}

/// The `/metrics` fixture.
#[derive(Clone)]
pub struct Emitter {
    pub address: String,
    services: Arc<Mutex<BTreeMap<String, Service>>>,
}

impl Emitter {
    pub fn start() -> Emitter {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the metrics fixture");
        let address = listener.local_addr().unwrap().to_string();
        let services: Arc<Mutex<BTreeMap<String, Service>>> = Arc::default();
        let shared = services.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let body = render(&shared);
                let _ = respond(stream, &body);
            }
        });
        Emitter { address, services }
    }

    /// Sets a service's request rate and error ratio from now on.
    pub fn set(&self, service: &str, rps: f64, error_ratio: f64) {
        let now = Instant::now();
        let mut services = self.services.lock().unwrap();
        let entry = services.entry(service.to_string()).or_insert(Service {
            rps,
            error_ratio,
            ok: 0.0,
            errors: 0.0,
            since: now,
        });
        entry.advance(now);
        entry.rps = rps;
        entry.error_ratio = error_ratio;
    }
}

fn render(services: &Mutex<BTreeMap<String, Service>>) -> String {
    let now = Instant::now();
    let mut out = String::from("# TYPE http_requests_total counter\n");
    for (name, s) in services.lock().unwrap().iter_mut() {
        s.advance(now);
        out.push_str(&format!(
            "http_requests_total{{service=\"{name}\",status=\"200\"}} {}\n",
            s.ok
        ));
        out.push_str(&format!(
            "http_requests_total{{service=\"{name}\",status=\"500\"}} {}\n",
            s.errors
        ));
    }
    out
}

fn respond(mut stream: TcpStream, body: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    let mut buf = [0u8; 4096];
    let _ = stream.read(&mut buf)?;
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Prometheus plus its fixture.
pub struct Stack {
    pub emitter: Emitter,
    pub url: String,
    child: Child,
    _dir: tempfile::TempDir,
}

impl Stack {
    /// Starts Prometheus (1 s scrape interval) against a new fixture and waits until it is
    /// ready. Fails the test, with what to do, when Prometheus is not installed.
    pub fn start() -> Stack {
        assert!(
            std::path::Path::new(PROMETHEUS_BIN).exists(),
            "{PROMETHEUS_BIN} is missing: run scripts/deps first (it installs Debian's prometheus package)"
        );
        let emitter = Emitter::start();
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("prometheus.yml");
        std::fs::write(
            &config,
            format!(
                "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n- job_name: emitter\n  static_configs:\n  - targets: ['{}']\n",
                emitter.address
            ),
        )
        .unwrap();
        let port = free_port();
        let listen = format!("127.0.0.1:{port}");
        // A shell watchdog kills Prometheus when this test process goes away, even if the
        // Stack is never dropped (statics are not).
        let script = r#"prometheus_bin=$1; shift; "$prometheus_bin" "$@" & child=$!
trap 'kill $child 2>/dev/null; exit 0' TERM INT
while kill -0 "$WATCH" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.5; done
kill $child 2>/dev/null; wait $child"#;
        let child = Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg("sh")
            .arg(PROMETHEUS_BIN)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("data").display()
            ))
            .arg(format!("--web.listen-address={listen}"))
            .arg("--log.level=warn")
            .env("WATCH", std::process::id().to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start prometheus");
        let stack = Stack {
            emitter,
            url: format!("http://{listen}"),
            child,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if http_get(&listen, "/-/ready").is_some_and(|b| b.contains("Ready")) {
                return stack;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("Prometheus at {listen} did not become ready within 30 s");
    }

    /// Waits until Prometheus has at least two scrapes of `service`, so `rate()` answers.
    pub fn wait_for_rate(&self, service: &str) {
        let query = format!("count(rate(http_requests_total{{service=\"{service}\"}}[1m]))");
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.query(&query).is_some_and(|b| b.contains("\"value\"")) {
                return;
            }
            std::thread::sleep(Duration::from_millis(300));
        }
        panic!("no rate for service {service} after 30 s");
    }

    /// Runs an instant query, returning the raw JSON body.
    pub fn query(&self, promql: &str) -> Option<String> {
        let host = self.url.trim_start_matches("http://");
        http_get(
            host,
            &format!("/api/v1/query?query={}", percent_encode(promql)),
        )
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A minimal HTTP GET over std, so the harness needs no async runtime.
pub fn http_get(host: &str, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(host).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    let status_line = head.lines().next()?;
    status_line.contains(" 200 ").then(|| body.to_string())
}
