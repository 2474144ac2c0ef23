//! The no-cluster commands against hostile and careless input (issue 17): bounded memory,
//! exit codes that keep the verdict, server text that cannot inject lines or escapes, and
//! malformed flags that are not echoed. The real binary against servers on 127.0.0.1 that
//! answer endless bodies, huge bodies and workflow commands. Memory is measured as the
//! child's peak RSS by GNU time (`/usr/bin/time -v`), never by timing.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

/// The binary under test (`KUBECTL_ROLLOUTS_BIN` for worktrees sharing a target directory).
fn bin() -> String {
    std::env::var("KUBECTL_ROLLOUTS_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_kubectl-rollouts").to_string())
}

/// What the server sends after the status line and headers.
#[derive(Clone)]
enum Body {
    /// A body with a Content-Length.
    Fixed(Vec<u8>),
    /// `prefix`, then `fill` forever (until the client goes), no length, chunked.
    Endless { prefix: Vec<u8>, fill: u8 },
    /// `size` bytes of `fill` in 64 KiB chunks, then `tail`, chunked.
    Large {
        size: usize,
        fill: u8,
        tail: Vec<u8>,
    },
}

struct Server {
    addr: SocketAddr,
}

impl Server {
    /// Answers every request with `status` and `body`, one thread per connection.
    fn start(status: u16, body: Body) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let body = Arc::new(body);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let body = body.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, status, &body);
                });
            }
        });
        Server { addr }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

fn serve(stream: TcpStream, status: u16, body: &Body) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stream);
    let head = |extra: &str| {
        format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\nconnection: close\r\n{extra}\r\n"
        )
    };
    let chunk = |out: &mut dyn Write, data: &[u8]| -> std::io::Result<()> {
        write!(out, "{:x}\r\n", data.len())?;
        out.write_all(data)?;
        out.write_all(b"\r\n")
    };
    match body {
        Body::Fixed(data) => {
            out.write_all(head(&format!("content-length: {}\r\n", data.len())).as_bytes())?;
            out.write_all(data)?;
        }
        Body::Endless { prefix, fill } => {
            out.write_all(head("transfer-encoding: chunked\r\n").as_bytes())?;
            chunk(&mut out, prefix)?;
            let block = vec![*fill; 1 << 16];
            loop {
                chunk(&mut out, &block)?;
            }
        }
        Body::Large { size, fill, tail } => {
            out.write_all(head("transfer-encoding: chunked\r\n").as_bytes())?;
            let block = vec![*fill; 1 << 16];
            let mut left = *size;
            while left > 0 {
                let n = left.min(block.len());
                chunk(&mut out, &block[..n])?;
                left -= n;
            }
            chunk(&mut out, tail)?;
            out.write_all(b"0\r\n\r\n")?;
        }
    }
    out.flush()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    /// Peak resident set size of the binary, in MiB.
    max_rss_mib: f64,
}

/// Runs the binary under GNU time with a clean environment for GitHub Actions and proxies.
fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    run_in(args, env, |c| c)
}

fn run_in(
    args: &[&str],
    env: &[(&str, &str)],
    tweak: impl FnOnce(&mut Command) -> &mut Command,
) -> Run {
    let time = Path::new("/usr/bin/time");
    assert!(
        time.exists(),
        "these tests measure peak memory with GNU time: install it (Debian package `time`)"
    );
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("time.txt");
    let mut cmd = Command::new(time);
    cmd.arg("-v").arg("-o").arg(&report).arg(bin()).args(args);
    for var in [
        "GITHUB_ACTIONS",
        "GITHUB_STEP_SUMMARY",
        "GITHUB_OUTPUT",
        "PROMETHEUS_URL",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "KUBECONFIG",
    ] {
        cmd.env_remove(var);
        cmd.env_remove(var.to_ascii_lowercase());
    }
    cmd.env("NO_COLOR", "1").stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    tweak(&mut cmd);
    let out = cmd.output().unwrap();
    let text = std::fs::read_to_string(&report).unwrap_or_default();
    let max_rss_mib = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or_else(|| panic!("no peak RSS in GNU time's report:\n{text}"));
    let run = Run {
        code: exit_code(&text, out.status.code()),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        max_rss_mib,
    };
    eprintln!(
        "$ kubectl-rollouts {}\n--- exit {}, peak RSS {:.1} MiB\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        run.code,
        run.max_rss_mib,
        run.stdout,
        run.stderr
    );
    run
}

/// GNU time exits with the command's code; a command killed by a signal shows in its report.
fn exit_code(report: &str, code: Option<i32>) -> i32 {
    if report.contains("Command terminated by signal") {
        return -1;
    }
    code.unwrap_or(-1)
}

/// No panic, no abort, no allocation failure in what the command printed.
#[track_caller]
fn assert_no_crash(run: &Run) {
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "memory allocation",
        "SIGABRT",
        "stack overflow",
    ] {
        assert!(
            !run.stderr.contains(bad),
            "{bad:?} in stderr:\n{}",
            run.stderr
        );
    }
    assert!(run.code >= 0, "killed by a signal");
}

/// How much the binary holds doing nothing in particular (a run that reads nothing large).
fn baseline_rss() -> f64 {
    static BASE: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *BASE.get_or_init(|| run(&["window", "check", "--help"], &[]).max_rss_mib)
}

/// Memory held beyond the baseline stays under `mib`.
#[track_caller]
fn assert_rss_under(run: &Run, mib: f64) {
    let base = baseline_rss();
    assert!(
        run.max_rss_mib < base + mib,
        "peak RSS {:.1} MiB, more than {mib} MiB over the baseline {base:.1} MiB",
        run.max_rss_mib
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A one-measurement template: the first Error measurement ends the run.
fn template(address: Option<&str>) -> String {
    let address = address
        .map(|a| format!("\n        address: {a}"))
        .unwrap_or_default();
    format!(
        r#"apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: hostile
spec:
  args:
  - name: service
    value: web
  metrics:
  - name: rate
    count: 1
    consecutiveErrorLimit: 0
    successCondition: result[0] >= 0.5
    provider:
      prometheus:{address}
        query: sum(rate(x{{service="{{{{args.service}}}}"}}[1m]))
"#
    )
}

fn ok_answer() -> Body {
    Body::Fixed(
        br#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"0.9"]}]}}"#
            .to_vec(),
    )
}

// --- Memory --------------------------------------------------------------------------------

#[test]
fn an_endless_prometheus_answer_is_cut_at_the_limit_and_fails_the_gate() {
    let server = Server::start(
        200,
        Body::Endless {
            prefix: br#"{"status":"success","data":{"resultType":"vector","result":["#.to_vec(),
            fill: b' ',
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "t.yaml", &template(None));
    let r = run(
        &[
            "analyze",
            "-f",
            file.to_str().unwrap(),
            "--prometheus",
            &server.url(),
        ],
        &[],
    );
    assert_no_crash(&r);
    assert_eq!(r.code, 1, "an Error measurement fails the gate");
    assert!(r.stdout.contains("16 MiB limit"), "the limit is named");
    assert_rss_under(&r, 64.0);

    // A Content-Length above the limit is refused before the body is read.
    let mut big = br#"{"status":"success","data":{"resultType":"vector","result":["#.to_vec();
    big.resize((16 << 20) + 1, b' ');
    let server = Server::start(200, Body::Fixed(big));
    let url = server.url();
    let r = run(
        &[
            "analyze",
            "-f",
            file.to_str().unwrap(),
            "--prometheus",
            &url,
        ],
        &[],
    );
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("16 MiB limit"));
    assert_rss_under(&r, 24.0);
}

#[test]
fn body_contains_streams_a_huge_body_and_finds_the_text_at_its_end() {
    let size = 64 << 20;
    let server = Server::start(
        200,
        Body::Large {
            size,
            fill: b'x',
            tail: b"<p>status: ready</p>".to_vec(),
        },
    );
    let url = server.url();
    let found = run(
        &[
            "smoke",
            &url,
            "--count",
            "1",
            "--body-contains",
            "status: ready",
        ],
        &[],
    );
    assert_no_crash(&found);
    assert_eq!(found.code, 0);
    assert_rss_under(&found, 48.0);
    let missing = run(
        &[
            "smoke",
            &url,
            "--count",
            "1",
            "--body-contains",
            "status: gone",
        ],
        &[],
    );
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("body missing text"));
    assert_rss_under(&missing, 48.0);
}

#[test]
fn every_file_we_read_is_capped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let template = write(dir.path(), "t.yaml", &template(Some("http://127.0.0.1:9")));
    let zero = "/dev/zero";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["window", "check", "--project", zero, "--app", "a"],
            "--project",
        ),
        (vec!["analyze", "-f", zero], zero),
        (
            vec!["smoke", "http://127.0.0.1:9", "--cacert", zero],
            "--cacert",
        ),
        (
            vec!["image", "pick", "--strategy", "semver", "--tags-file", zero],
            "--tags-file",
        ),
        (vec!["flags", "list", "--file", zero], "--file"),
        (
            vec!["--kubeconfig", zero, "rollout", "list"],
            "--kubeconfig",
        ),
        (
            vec![
                "rollout",
                "lint",
                "-f",
                template.to_str().unwrap(),
                "-f",
                zero,
            ],
            zero,
        ),
    ];
    for (args, names) in cases {
        let r = run(&args, &[]);
        assert_no_crash(&r);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains(names), "{args:?} names {names}");
        assert!(r.stderr.contains(zero), "{args:?} names the file");
        assert!(
            r.stderr.contains("16 MiB limit"),
            "{args:?} names the limit"
        );
        assert_rss_under(&r, 48.0);
    }
}

// --- Exit codes ----------------------------------------------------------------------------

#[test]
fn a_failed_smoke_into_a_closed_pipe_keeps_its_verdict() {
    let server = Server::start(500, Body::Fixed(b"down".to_vec()));
    let url = server.url();
    for format in ["json", "yaml", "table"] {
        // The reader of stdout is gone before anything is written: `... | head -c 0`.
        let args = [
            "smoke",
            &url,
            "--count",
            "2",
            "--interval",
            "0s",
            "-o",
            format,
        ];
        let r = run_in(&args, &[], |c| {
            let (reader, writer) = std::io::pipe().unwrap();
            drop(reader);
            c.stdout(writer)
        });
        assert_no_crash(&r);
        assert_eq!(r.code, 1, "-o {format}: the failed smoke still fails");
        assert!(r.stderr.contains("smoke failed"), "-o {format}");
    }
    // The same for a failed analysis and a closed window.
    let low = Server::start(
        200,
        Body::Fixed(
            br#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"0.1"]}]}}"#
                .to_vec(),
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "t.yaml", &template(Some(&low.url())));
    let project = write(
        dir.path(),
        "p.yaml",
        "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p}\nspec:\n  syncWindows:\n  - {kind: deny, schedule: '* * * * *', duration: 1h, applications: ['*']}\n",
    );
    for args in [
        vec!["analyze", "-f", file.to_str().unwrap(), "-o", "json"],
        vec![
            "window",
            "check",
            "--project",
            project.to_str().unwrap(),
            "--app",
            "a",
            "-o",
            "json",
        ],
    ] {
        let r = run_in(&args, &[], |c| {
            let (reader, writer) = std::io::pipe().unwrap();
            drop(reader);
            c.stdout(writer)
        });
        assert_no_crash(&r);
        assert_eq!(r.code, 1, "{args:?}: the verdict is kept");
    }
    let passing = Server::start(200, Body::Fixed(b"ok".to_vec()));
    let r = run_in(
        &["smoke", &passing.url(), "--count", "1", "-o", "json"],
        &[],
        |c| {
            let (reader, writer) = std::io::pipe().unwrap();
            drop(reader);
            c.stdout(writer)
        },
    );
    assert_eq!(r.code, 0, "a passing smoke still passes");
}

#[test]
fn a_malformed_prometheus_address_is_bad_input_at_once_and_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "t.yaml", &template(None));
    let f = file.to_str().unwrap();
    for bad in [
        "",
        "not a url",
        "file:///etc/passwd",
        "http://[::1",
        "http://user:SECRET-9f3@[::1",
        "ftp://user:SECRET-9f3@host",
        "http://",
    ] {
        let r = run(&["analyze", "-f", f, "--prometheus", bad], &[]);
        assert_no_crash(&r);
        assert_eq!(r.code, 2, "--prometheus {bad:?}");
        assert!(r.stderr.contains("--prometheus"), "{bad:?}: names the flag");
        assert!(
            r.stderr.contains("http:// or https://"),
            "{bad:?}: says the shape"
        );
        assert!(!r.stderr.contains("SECRET") && !r.stdout.contains("SECRET"));
        assert!(
            !r.stdout.contains("#1"),
            "{bad:?}: no measurement was taken"
        );
        let r = run(&["analyze", "-f", f], &[("PROMETHEUS_URL", bad)]);
        if bad.is_empty() {
            assert_eq!(r.code, 2, "an empty PROMETHEUS_URL and no template address");
            assert!(r.stderr.contains("PROMETHEUS_URL is set but empty"));
            assert!(
                r.stderr
                    .contains("spec.metrics[0].provider.prometheus.address")
            );
        } else {
            assert_eq!(r.code, 2, "PROMETHEUS_URL={bad:?}");
            assert!(r.stderr.contains("PROMETHEUS_URL"));
            assert!(!r.stderr.contains("SECRET"));
        }
    }
    let in_template = write(dir.path(), "bad.yaml", &template(Some("not-a-url")));
    let r = run(&["analyze", "-f", in_template.to_str().unwrap()], &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("spec.metrics[0].provider.prometheus.address")
    );
}

#[test]
fn an_empty_prometheus_url_never_replaces_the_templates_address() {
    let server = Server::start(200, ok_answer());
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "t.yaml", &template(Some(&server.url())));
    let r = run(
        &["analyze", "-f", file.to_str().unwrap()],
        &[("PROMETHEUS_URL", "")],
    );
    assert_eq!(r.code, 0, "the template's address was queried");
    assert!(r.stdout.contains(&server.url()));
    assert!(r.stdout.contains("analysis Successful"));
}

// --- Security ------------------------------------------------------------------------------

/// A line of output that a GitHub Actions runner or a terminal would act on.
fn injected(text: &str) -> Option<&str> {
    text.lines().find(|l| {
        l.starts_with("::error::pwned")
            || l.starts_with("::add-mask::")
            || l.contains('\x1b')
            || l.contains('\u{202e}')
    })
}

#[test]
fn server_text_cannot_start_a_workflow_command_or_a_terminal_escape() {
    let hostile = "parse error\n::error::pwned\r\n::add-mask::pwned \u{1b}]0;pwned\u{7}\u{202e}";
    let api_error =
        serde_json::json!({"status": "error", "errorType": "bad_data", "error": hostile});
    let bodies = [
        (400, Body::Fixed(api_error.to_string().into_bytes())),
        (502, Body::Fixed(hostile.as_bytes().to_vec())),
        (
            200,
            Body::Fixed(
                serde_json::json!({"status":"success","data":{"resultType": hostile,"result":[]}})
                    .to_string()
                    .into_bytes(),
            ),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "t.yaml", &template(None));
    let summary = dir.path().join("summary.md");
    let output = dir.path().join("output.txt");
    for (status, body) in bodies {
        let server = Server::start(status, body);
        for explain in [false, true] {
            let mut args = vec!["analyze", "-f", file.to_str().unwrap(), "--prometheus"];
            let url = server.url();
            args.push(&url);
            if explain {
                args.push("--explain");
            }
            let r = run(
                &args,
                &[
                    ("GITHUB_ACTIONS", "true"),
                    ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
                    ("GITHUB_OUTPUT", output.to_str().unwrap()),
                ],
            );
            assert_eq!(r.code, 1, "HTTP {status}");
            assert!(
                r.stdout.contains("pwned") || r.stderr.contains("pwned"),
                "the text is shown"
            );
            assert_eq!(injected(&r.stdout), None, "stdout");
            assert_eq!(injected(&r.stderr), None, "stderr");
        }
    }
    let outputs = std::fs::read_to_string(&output).unwrap();
    assert_eq!(injected(&outputs), None, "$GITHUB_OUTPUT");
}

#[test]
fn malformed_secret_bearing_flags_are_not_echoed() {
    let server = Server::start(200, Body::Fixed(b"ok".to_vec()));
    let url = server.url();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "t.yaml", &template(Some(&url)));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["smoke", &url, "-H", "Bearer SECRET-77a1"], "--header"),
        (
            vec!["smoke", &url, "-H", "Authorization Bearer SECRET-77a1: x"],
            "--header",
        ),
        (
            vec!["smoke", &url, "-H", "ok: fine", "-H", "SECRET-77a1"],
            "2nd header",
        ),
        (
            vec![
                "analyze",
                "-f",
                file.to_str().unwrap(),
                "--arg",
                "SECRET-77a1",
            ],
            "--arg",
        ),
        (
            vec![
                "analyze",
                "-f",
                file.to_str().unwrap(),
                "--arg",
                "=SECRET-77a1",
            ],
            "--arg",
        ),
    ];
    for (args, names) in cases {
        let r = run(&args, &[]);
        assert_no_crash(&r);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains(names), "{args:?} names {names}");
        assert!(
            r.stderr.contains("expected NAME"),
            "{args:?} says the shape"
        );
        assert!(
            !r.stderr.contains("SECRET") && !r.stdout.contains("SECRET"),
            "{args:?} echoed the value"
        );
    }
}

// --- Cost per metric -----------------------------------------------------------------------

#[test]
fn one_http_client_serves_every_query_of_a_run() {
    use kubectl_rollouts::analysis::measure::{self, Addresses};
    use kubectl_rollouts::spec::analysis::{resolve_metrics, template_from_yaml};

    let server = Server::start(200, ok_answer());
    let t = template_from_yaml(&template(None)).unwrap();
    let values = [("service".to_string(), "web".to_string())].into();
    let metrics = resolve_metrics(&t.spec, &values).unwrap();
    let addresses = Addresses {
        override_address: Some(server.url()),
        ..Addresses::default()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for _ in 0..5 {
        let taken = runtime.block_on(measure::take(
            &metrics[0],
            &addresses,
            kubectl_rollouts::clock::now(),
        ));
        assert_eq!(taken.measurement.value, "[0.9]", "{:?}", taken.measurement);
    }
    assert_eq!(addresses.clients.built(), 1, "five queries, one client");
}
