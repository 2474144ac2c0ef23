//! `smoke` end to end: the real binary against HTTP(S) servers this test starts on 127.0.0.1.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// A request as the server saw it (header names lower-cased).
#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    headers: BTreeMap<String, String>,
}

/// What the server answers: status, body, and how long it waits before answering.
struct Reply {
    status: u16,
    body: String,
    delay: Duration,
}

fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        body: body.to_string(),
        delay: Duration::ZERO,
    }
}

type Handler = Arc<dyn Fn(&Request, usize) -> Reply + Send + Sync>;

/// An HTTP/1.1 server on 127.0.0.1:0 in its own thread; it answers every request with the
/// handler's reply (given the request and how many came before it) and closes the connection.
struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Request>>>,
    tls: bool,
}

impl Server {
    fn start(handler: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static) -> Self {
        Self::spawn(Arc::new(handler), None)
    }

    fn start_tls(
        tls: Arc<rustls::ServerConfig>,
        handler: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        Self::spawn(Arc::new(handler), Some(tls))
    }

    fn spawn(handler: Handler, tls: Option<Arc<rustls::ServerConfig>>) -> Self {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        std_listener.set_nonblocking(true).unwrap();
        let addr = std_listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        let is_tls = tls.is_some();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
                let count = Arc::new(AtomicUsize::new(0));
                let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let (handler, seen, count, acceptor) = (
                        handler.clone(),
                        seen.clone(),
                        count.clone(),
                        acceptor.clone(),
                    );
                    tokio::spawn(async move {
                        match acceptor {
                            Some(acceptor) => {
                                // A client that rejects the certificate ends the handshake.
                                if let Ok(stream) = acceptor.accept(stream).await {
                                    serve(stream, handler, seen, count).await;
                                }
                            }
                            None => serve(stream, handler, seen, count).await,
                        }
                    });
                }
            });
        });
        Server {
            addr,
            requests,
            tls: is_tls,
        }
    }

    fn url(&self, path: &str) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}{path}", self.addr)
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    handler: Handler,
    seen: Arc<Mutex<Vec<Request>>>,
    count: Arc<AtomicUsize>,
) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or("").split(' ');
    let method = first.next().unwrap_or("").to_string();
    let path = first.next().unwrap_or("").to_string();
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let request = Request {
        method,
        path,
        headers,
    };
    let n = count.fetch_add(1, Ordering::SeqCst);
    let reply = handler(&request, n);
    seen.lock().unwrap().push(request);
    tokio::time::sleep(reply.delay).await;
    // Status 0 sends the body alone: not HTTP.
    let response = if reply.status == 0 {
        reply.body
    } else {
        format!(
            "HTTP/1.1 {} Status\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
            reply.status,
            reply.body.len(),
            reply.body
        )
    };
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// A port on which nothing listens.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn smoke_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubectl-rollouts"));
    cmd.arg("smoke").args(args);
    for var in [
        "GITHUB_ACTIONS",
        "GITHUB_STEP_SUMMARY",
        "GITHUB_OUTPUT",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
    ] {
        cmd.env_remove(var);
        cmd.env_remove(var.to_ascii_lowercase());
    }
    cmd.env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    eprintln!(
        "$ smoke {}\n--- exit {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        run.code,
        run.stdout,
        run.stderr
    );
    run
}

fn smoke(args: &[&str]) -> Run {
    smoke_with_env(args, &[])
}

#[test]
fn every_attempt_answered_200_passes() {
    let server = Server::start(|_, _| reply(200, "ok"));
    let url = server.url("/healthz");
    let run = smoke(&[&url, "--count", "3", "--interval", "10ms"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("/healthz [1/3] 200"),
        "per-attempt lines"
    );
    assert!(run.stderr.contains("[3/3] 200"));
    assert!(run.stdout.contains("3/3 (100%)"), "summary table");
    assert!(run.stdout.contains("P50"));
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn a_server_error_fails_the_smoke_test() {
    let server = Server::start(|_, _| reply(500, "boom"));
    let run = smoke(&[&server.url("/"), "--count", "2", "--interval", "0s"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("FAIL unexpected status: got 500, expected 200")
    );
    assert!(run.stdout.contains("0/2 (0%)"));
    assert!(run.stdout.contains("unexpected status x2"));
}

#[test]
fn a_response_slower_than_the_timeout_fails_but_is_not_unreachable() {
    let server = Server::start(|_, _| Reply {
        delay: Duration::from_secs(3),
        ..reply(200, "late")
    });
    let run = smoke(&[&server.url("/"), "--count", "1", "--timeout", "200ms"]);
    assert_eq!(run.code, 1, "the server accepted the connection: exit 1");
    assert!(run.stderr.contains("FAIL timeout"));
}

#[test]
fn an_answer_that_is_not_http_fails_but_is_not_unreachable() {
    let server = Server::start(|_, _| reply(0, "SSH-2.0-OpenSSH_9.6\r\n"));
    let run = smoke(&[&server.url("/"), "--count", "1"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("FAIL request failed"));
}

#[test]
fn a_refused_connection_is_unreachable() {
    let url = format!("http://127.0.0.1:{}/healthz", closed_port());
    let run = smoke(&[&url, "--count", "2", "--interval", "0s"]);
    assert_eq!(run.code, 4);
    assert!(run.stderr.contains("FAIL connection refused"));
    assert!(run.stderr.contains("unreachable"));
}

#[test]
fn a_connection_not_accepted_within_the_timeout_is_unreachable() {
    // A listener with a backlog of 1 that never accepts: once its queue is full, the kernel
    // drops further SYNs and connecting hangs.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let listener = rt.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        socket.listen(1).unwrap()
    });
    let addr = listener.local_addr().unwrap();
    let mut queued = Vec::new();
    for _ in 0..16 {
        match std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            Ok(stream) => queued.push(stream),
            Err(_) => break,
        }
    }
    let url = format!("http://{addr}/");
    let run = smoke(&[&url, "--count", "1", "--timeout", "300ms"]);
    assert_eq!(run.code, 4);
    assert!(run.stderr.contains("FAIL connect timeout"));
    drop(queued);
}

#[test]
fn a_name_that_does_not_resolve_is_unreachable() {
    // `.invalid` never resolves (RFC 6761).
    let run = smoke(&["http://smoke-test.invalid/", "--count", "1"]);
    assert_eq!(run.code, 4);
    assert!(run.stderr.contains("FAIL DNS lookup failed"));
}

#[test]
fn one_reachable_url_makes_a_refused_one_a_failure_not_unreachable() {
    let server = Server::start(|_, _| reply(200, "ok"));
    let refused = format!("http://127.0.0.1:{}/", closed_port());
    let run = smoke(&[&server.url("/"), &refused, "--count", "1"]);
    assert_eq!(run.code, 1);
}

#[test]
fn body_contains_checks_the_response_body() {
    let server = Server::start(|_, _| reply(200, r#"{"status":"ready"}"#));
    let url = server.url("/");
    let pass = smoke(&[&url, "--count", "1", "--body-contains", "\"ready\""]);
    assert_eq!(pass.code, 0);
    let fail = smoke(&[&url, "--count", "1", "--body-contains", "healthy"]);
    assert_eq!(fail.code, 1);
    assert!(fail.stderr.contains("FAIL body missing text"));
}

#[test]
fn headers_and_method_are_sent_as_given() {
    let server = Server::start(|req, _| {
        let ok = req.method == "POST"
            && req.headers.get("authorization").map(String::as_str) == Some("Bearer t0k3n")
            && req.headers.get("x-smoke").map(String::as_str) == Some("a:b");
        reply(if ok { 200 } else { 400 }, "")
    });
    let run = smoke(&[
        &server.url("/hook"),
        "--count",
        "1",
        "--method",
        "post",
        "-H",
        "Authorization: Bearer t0k3n",
        "--header",
        "X-Smoke:a:b",
    ]);
    assert_eq!(run.code, 0);
    let seen = server.requests();
    assert_eq!(seen[0].path, "/hook");
    assert!(seen[0].headers["user-agent"].starts_with("kubectl-rollouts/"));
}

#[test]
fn expect_takes_classes_ranges_and_lists() {
    let server = Server::start(|_, _| reply(204, ""));
    let url = server.url("/");
    for (expect, code) in [
        ("2xx", 0),
        ("200-299", 0),
        ("200,204", 0),
        ("200", 1),
        ("300-399", 1),
    ] {
        let run = smoke(&[&url, "--count", "1", "--expect", expect]);
        assert_eq!(run.code, code, "--expect {expect}");
    }
}

#[test]
fn redirects_are_not_followed() {
    let server = Server::start(|_, _| reply(301, ""));
    let run = smoke(&[&server.url("/"), "--count", "1", "--expect", "301"]);
    assert_eq!(run.code, 0);
}

#[test]
fn retries_recover_from_one_transient_failure() {
    let flaky = |_: &Request, n: usize| reply(if n == 0 { 503 } else { 200 }, "");
    let server = Server::start(flaky);
    let url = server.url("/");
    let run = smoke(&[&url, "--count", "2", "--interval", "0s", "--retries", "1"]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("[1/2] 503"));
    assert!(run.stderr.contains("(retrying)"));
    assert!(run.stderr.contains("[1/2 retry 1] 200"));
    assert!(run.stdout.contains("2/2 (100%)"));
    assert_eq!(server.requests().len(), 3);

    let without = Server::start(flaky);
    let run = smoke(&[&without.url("/"), "--count", "2", "--interval", "0s"]);
    assert_eq!(run.code, 1, "no retries unless asked");
    assert_eq!(without.requests().len(), 2);
}

/// A CA, and a server config with a certificate for 127.0.0.1 and localhost that it signed.
fn tls_setup(dir: &std::path::Path) -> (std::path::PathBuf, Arc<rustls::ServerConfig>) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "kubectl-rollouts test CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let leaf_key = KeyPair::generate().unwrap();
    let leaf_params =
        CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &issuer).unwrap();

    let ca_path = dir.join("ca.pem");
    std::fs::write(&ca_path, ca_cert.pem()).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![leaf.der().clone()], key)
    .unwrap();
    (ca_path, Arc::new(config))
}

#[test]
fn tls_with_a_private_ca_needs_cacert_or_insecure() {
    let dir = tempfile::tempdir().unwrap();
    let (ca_path, config) = tls_setup(dir.path());
    let server = Server::start_tls(config, |_, _| reply(200, "ok"));
    let url = server.url("/healthz");

    let untrusted = smoke(&[&url, "--count", "1"]);
    assert_eq!(untrusted.code, 1, "the server was reached: not unreachable");
    assert!(untrusted.stderr.contains("FAIL TLS error"));

    let ca = ca_path.to_str().unwrap();
    let trusted = smoke(&[&url, "--count", "1", "--cacert", ca]);
    assert_eq!(trusted.code, 0);

    let insecure = smoke(&[&url, "--count", "1", "--insecure"]);
    assert_eq!(insecure.code, 0);
}

#[test]
fn json_output_has_every_attempt_and_the_summary() {
    let server = Server::start(|_, n| reply(if n == 1 { 500 } else { 200 }, ""));
    let run = smoke(&[
        &server.url("/"),
        "--count",
        "3",
        "--interval",
        "0s",
        "-o",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["outcome"], "failed");
    assert_eq!(report["passed"], false);
    assert_eq!(report["attempts"].as_array().unwrap().len(), 3);
    assert_eq!(report["attempts"][1]["status"], 500);
    assert_eq!(report["attempts"][1]["reason"], "unexpectedStatus");
    assert_eq!(summary_reason(&report), "unexpectedStatus");
    let summary = &report["summary"][0];
    assert_eq!(summary["attempts"], 3);
    assert_eq!(summary["passed"], 2);
    assert_eq!(summary["successRatio"], 0.667);
    assert!(summary["latencyMs"]["p90"].is_number());

    let yaml = smoke(&[&server.url("/"), "--count", "1", "-o", "yaml"]);
    assert!(yaml.stdout.starts_with("outcome:"), "{}", yaml.stdout);
    assert!(yaml.stdout.ends_with('\n'));
}

#[test]
fn github_actions_gets_annotations_a_summary_and_outputs() {
    let server = Server::start(|_, _| reply(503, ""));
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let output = dir.path().join("output");
    let run = smoke_with_env(
        &[&server.url("/healthz"), "--count", "2", "--interval", "0s"],
        &[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
            ("GITHUB_OUTPUT", output.to_str().unwrap()),
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("::error::http://127.0.0.1:"),
        "annotation on stderr, where it cannot mix with data"
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("### Smoke test failed"), "{md}");
    assert!(
        md.contains("| URL | Passed | p50 | p90 | max | Failures |"),
        "{md}"
    );
    assert!(md.contains("| 0/2 (0%) |"), "{md}");
    let outputs = std::fs::read_to_string(&output).unwrap();
    assert!(outputs.contains("passed=false\n"), "{outputs}");
    assert!(outputs.contains("success-ratio=0\n"), "{outputs}");
}

#[test]
fn bad_flags_exit_2_naming_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let not_pem = dir.path().join("not.pem");
    std::fs::write(&not_pem, "hello\n").unwrap();
    let missing = dir.path().join("missing.pem");
    let bad_pem = dir.path().join("bad.pem");
    std::fs::write(
        &bad_pem,
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let url = "http://127.0.0.1:9/";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["not a url"], "URL"),
        (vec!["ftp://example.com/"], "URL"),
        (vec![url, "--count", "0"], "--count"),
        (vec![url, "--interval", "2x"], "--interval"),
        (vec![url, "--timeout", "0s"], "--timeout"),
        (vec![url, "--expect", "ok"], "--expect"),
        (vec![url, "--expect", "299-200"], "--expect"),
        (vec![url, "-H", "no-colon"], "--header"),
        (vec![url, "--method", "GE T"], "--method"),
        (vec![url, "--concurrency", "0"], "--concurrency"),
        (vec![url, "--cacert", missing.to_str().unwrap()], "--cacert"),
        (vec![url, "--cacert", not_pem.to_str().unwrap()], "--cacert"),
        (vec![url, "--cacert", bad_pem.to_str().unwrap()], "--cacert"),
    ];
    for (args, flag) in cases {
        let run = smoke(&args);
        assert_eq!(run.code, 2, "{args:?}");
        // Ours (`error: --flag: why`) or clap's range and format checks
        // (`error: invalid value 'X' for '--flag <N>': why`).
        assert!(
            run.stderr.contains(&format!("error: {flag}: "))
                || run.stderr.contains(&format!("for '{flag} <")),
            "{args:?} should name {flag}: {}",
            run.stderr
        );
    }
}

#[test]
fn urls_are_probed_concurrently_when_asked() {
    // Each server answers 200 only while the other one has a request in flight too, so a
    // sequential prober gets 500s: the test fails if --concurrency is ignored.
    use std::sync::atomic::AtomicBool;
    let a_seen = Arc::new(AtomicBool::new(false));
    let b_seen = Arc::new(AtomicBool::new(false));
    let rendezvous = |me: Arc<AtomicBool>, other: Arc<AtomicBool>| {
        move |_: &Request, _: usize| {
            me.store(true, Ordering::SeqCst);
            let deadline = std::time::Instant::now() + Duration::from_secs(3);
            while !other.load(Ordering::SeqCst) && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
            if other.load(Ordering::SeqCst) {
                reply(200, "")
            } else {
                reply(500, "alone")
            }
        }
    };
    let a = Server::start(rendezvous(a_seen.clone(), b_seen.clone()));
    let b = Server::start(rendezvous(b_seen.clone(), a_seen.clone()));
    let run = smoke(&[
        &a.url("/a"),
        &b.url("/b"),
        "--count",
        "2",
        "--interval",
        "0s",
        "--concurrency",
        "2",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(a.requests().len(), 2);
    assert_eq!(b.requests().len(), 2);
    let table: Vec<&str> = run.stdout.lines().collect();
    assert!(table[1].contains("/a"), "rows in the order of the URLs");
    assert!(table[2].contains("/b"));
}

fn summary_reason(report: &serde_json::Value) -> &str {
    report["summary"][0]["failures"][0]["reason"]
        .as_str()
        .unwrap()
}
