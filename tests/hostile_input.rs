//! Hostile and careless input at the command line, class by class: numeric flags out of range,
//! URLs that would be quietly rewritten, timeouts too short to mean anything, and secrets in
//! URLs and headers, which must never reach stdout, stderr or the GitHub Actions files. Each
//! case asserts the exit code, that no panic or signal happened, and what the message names.
//! Servers are small HTTP/1.1 listeners on 127.0.0.1 started here; no cluster, no Prometheus.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use support::{Cmd, Run};

/// A password and a header value that must not appear in any output.
const PASSWORD: &str = "hunter2pass";
const HEADER_SECRET: &str = "tok-hunter2-header";

/// The headers of every request the server saw (names lower-cased).
type Seen = Arc<Mutex<Vec<Vec<(String, String)>>>>;

/// Answers every request with `status` and `body` after `delay`, recording its headers.
fn serve(status: u16, body: &'static str, delay: Duration) -> (u16, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Seen = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let log = log.clone();
            // A connection per thread: one that never sends its request blocks no other.
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut headers = Vec::new();
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                    let l = line.trim_end().to_string();
                    line.clear();
                    if l.is_empty() {
                        break;
                    }
                    if let Some((k, v)) = l.split_once(':') {
                        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                    }
                }
                log.lock().unwrap().push(headers);
                std::thread::sleep(delay);
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    (port, seen)
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// No panic text, no signal: the exit code is one the interface documents.
fn sane(run: &Run) {
    assert!(
        [0, 1, 2, 3, 4].contains(&run.code),
        "exit code {} (killed by a signal?)\n{}",
        run.code,
        run.stderr
    );
    for text in [&run.stdout, &run.stderr] {
        assert!(
            !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
            "panic text:\n{text}"
        );
    }
}

fn usage_error(args: &[&str], names: &[&str]) {
    let run = Cmd::new(args).run();
    sane(&run);
    let run = run.code(2);
    for n in names {
        assert!(
            run.stderr.contains(n),
            "{args:?}: stderr does not name {n:?}:\n{}",
            run.stderr
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Numeric flags: a documented range, checked up front

#[test]
fn a_huge_smoke_concurrency_is_a_usage_error_not_a_panic() {
    usage_error(
        &[
            "smoke",
            "http://127.0.0.1:1/",
            "--concurrency",
            "18446744073709551615",
        ],
        &["--concurrency", "1 to 256"],
    );
}

#[test]
fn counts_retries_and_revisions_out_of_range_name_the_flag_and_the_range() {
    usage_error(
        &["smoke", "http://127.0.0.1:1/", "--count", "0"],
        &["--count", "1 to 10000"],
    );
    usage_error(
        &["smoke", "http://127.0.0.1:1/", "--count", "4294967296"],
        &["--count", "1 to 10000"],
    );
    usage_error(
        &["smoke", "http://127.0.0.1:1/", "--retries=-1"],
        &["--retries", "0 to 100"],
    );
    usage_error(
        &[
            "rollback",
            "deployment/web",
            "--to-revision",
            "9223372036854775808",
        ],
        &["--to-revision", "0 to 9223372036854775807"],
    );
    usage_error(
        &["rollout", "history", "deployment/web", "--revision", "0"],
        &["--revision", "1 to 9223372036854775807"],
    );
    usage_error(
        &[
            "deploy",
            "deployment/web",
            "--image",
            "a=b",
            "--smoke-count",
            "100000",
        ],
        &["--smoke-count", "1 to 10000"],
    );
}

#[test]
fn durations_out_of_range_name_the_flag_and_the_range() {
    usage_error(
        &["smoke", "http://127.0.0.1:1/", "--timeout", "1ns"],
        &["--timeout", "1ms to 1h"],
    );
    usage_error(
        &["smoke", "http://127.0.0.1:1/", "--interval", "2562047h"],
        &["--interval", "0s to 1h"],
    );
    usage_error(
        &[
            "rollout",
            "run",
            "web",
            "--timeout",
            "2562047h47m16.854775807s",
        ],
        &["--timeout", "1s to 8760h"],
    );
    usage_error(
        &["hooks", "run", "--phase", "Sync", "dir", "--timeout", "0s"],
        &["--timeout", "1s to 8760h"],
    );
    usage_error(
        &[
            "flags",
            "set",
            "f",
            "--file",
            "x.json",
            "--variant",
            "a=18446744073709551615",
        ],
        &["--variant", "0 to 2147483647"],
    );
}

#[test]
fn every_flag_states_its_range_in_the_help() {
    let run = Cmd::new(["smoke", "--help"]).run().code(0);
    for range in [
        "1 to 10000",
        "1 to 256",
        "0 to 100",
        "1ms to 1h",
        "0s to 1h",
    ] {
        assert!(run.stdout.contains(range), "smoke --help lacks {range}");
    }
}

// ---------------------------------------------------------------------------------------------
// Small lies

#[test]
fn a_url_without_a_host_is_refused_not_rewritten() {
    for url in ["http:///127.0.0.1:1/", "http:127.0.0.1:1", "https:///x"] {
        usage_error(&["smoke", url, "--count", "1"], &["URL", "no host"]);
    }
}

#[test]
fn a_response_slower_than_the_timeout_is_a_timeout() {
    // The server answers after 30 ms; a 5 ms timeout cannot have been met, whatever the timer
    // granularity.
    let (port, _) = serve(200, "ok", Duration::from_millis(30));
    let run = Cmd::new([
        "smoke",
        &format!("http://127.0.0.1:{port}/"),
        "--count",
        "1",
        "--timeout",
        "5ms",
        "-o",
        "json",
    ])
    .run();
    sane(&run);
    let run = run.code(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["attempts"][0]["reason"], "timeout", "{}", run.stdout);
    assert!(run.stderr.contains("more than --timeout"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Secrets: never printed

/// Runs with GitHub Actions on, returning the run and the contents of its step summary and
/// outputs files.
fn under_actions(args: &[&str]) -> (Run, String) {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let output = dir.path().join("output.txt");
    let log = args.iter().find_map(|a| a.strip_prefix("LOG="));
    let args: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !a.starts_with("LOG="))
        .collect();
    let mut cmd = Cmd::new(&args);
    if let Some(filter) = log {
        cmd = cmd.env("KUBECTL_ROLLOUTS_LOG", filter);
    }
    let run = cmd
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &output)
        .env("NO_COLOR", "1")
        .env_remove("PROMETHEUS_URL")
        .run();
    let files = [summary, output]
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    (run, files)
}

fn no_secret(what: &str, run: &Run, files: &str) {
    sane(run);
    for secret in [PASSWORD, HEADER_SECRET] {
        for (name, text) in [
            ("stdout", &run.stdout),
            ("stderr", &run.stderr),
            ("GitHub Actions files", &files.to_string()),
        ] {
            assert!(
                !text.contains(secret),
                "{what}: {secret} appears on {name}:\n{text}"
            );
        }
    }
}

const OUTPUTS: &[&[&str]] = &[
    &[],
    &["-o", "json"],
    &["-o", "yaml"],
    &["-o", "wide"],
    &["-vvv"],
    // Every crate's trace logs (reqwest, hyper), as KUBECTL_ROLLOUTS_LOG allows.
    &["-vvv", "LOG=trace"],
];

#[test]
fn smoke_never_prints_the_password_of_a_url_in_any_output() {
    let (port, seen) = serve(500, "boom", Duration::ZERO);
    let url = format!("http://alice:{PASSWORD}@127.0.0.1:{port}/health");
    for extra in OUTPUTS {
        let mut args = vec!["smoke", &url, "--count", "1"];
        args.extend_from_slice(extra);
        let (run, files) = under_actions(&args);
        no_secret(&format!("smoke {extra:?}"), &run, &files);
        let run = run.code(1);
        assert!(
            run.stderr.contains("REDACTED@127.0.0.1"),
            "the URL is still shown, masked: {}",
            run.stderr
        );
    }
    // The credentials were still sent: redaction is for output only.
    let seen = seen.lock().unwrap();
    assert!(
        seen.iter().all(|h| h
            .iter()
            .any(|(k, v)| k == "authorization" && v.starts_with("Basic "))),
        "{seen:?}"
    );
    // An unreachable URL's error is masked as well.
    let url = format!("http://alice:{PASSWORD}@127.0.0.1:{}/", closed_port());
    let (run, files) = under_actions(&["smoke", &url, "--count", "1"]);
    no_secret("smoke unreachable", &run, &files);
    run.code(4);
}

const VECTOR: &str = r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"0.5"]}]}}"#;

fn template(dir: &Path, address: &str) -> String {
    let path = dir.join("template.yaml");
    std::fs::write(
        &path,
        format!(
            "apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: secret-test
spec:
  metrics:
  - name: error-rate
    count: 1
    successCondition: result[0] < 0.1
    provider:
      prometheus:
        address: {address}
        query: up
        headers:
        - key: X-Api-Key
          value: {HEADER_SECRET}
"
        ),
    )
    .unwrap();
    path.display().to_string()
}

#[test]
fn analyze_never_prints_a_prometheus_password_or_header_value_in_any_output() {
    let (port, seen) = serve(200, VECTOR, Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let file = template(
        dir.path(),
        &format!("http://alice:{PASSWORD}@127.0.0.1:{port}"),
    );
    let mut outputs: Vec<Vec<&str>> = OUTPUTS.iter().map(|o| o.to_vec()).collect();
    outputs.push(vec!["--explain"]);
    for extra in &outputs {
        let mut args = vec!["analyze", "-f", &file];
        args.extend_from_slice(extra);
        let (run, files) = under_actions(&args);
        no_secret(&format!("analyze {extra:?}"), &run, &files);
        run.code(1);
    }
    {
        let seen = seen.lock().unwrap();
        assert!(
            seen.iter().all(|h| h
                .iter()
                .any(|(k, v)| k == "x-api-key" && v == HEADER_SECRET)),
            "the header was still sent: {seen:?}"
        );
    }
    // A credential given as an argument that fills a header is masked in the run's args.
    let templated = std::fs::read_to_string(&file)
        .unwrap()
        .replace(
            &format!("value: {HEADER_SECRET}"),
            "value: \"{{args.key}}\"",
        )
        .replace("spec:\n", "spec:\n  args:\n  - name: key\n");
    let with_arg = dir.path().join("with-arg.yaml");
    std::fs::write(&with_arg, templated).unwrap();
    let arg = format!("key={HEADER_SECRET}");
    for extra in OUTPUTS {
        let mut args = vec!["analyze", "-f", with_arg.to_str().unwrap(), "--arg", &arg];
        args.extend_from_slice(extra);
        let (run, files) = under_actions(&args);
        no_secret(&format!("analyze --arg {extra:?}"), &run, &files);
        run.code(1);
    }
    // The same through --prometheus, and with Prometheus unreachable (exit 4).
    let address = format!("http://alice:{PASSWORD}@127.0.0.1:{}", closed_port());
    for extra in OUTPUTS {
        let mut args = vec!["analyze", "-f", &file, "--prometheus", &address];
        args.extend_from_slice(extra);
        let (run, files) = under_actions(&args);
        no_secret(&format!("analyze unreachable {extra:?}"), &run, &files);
        run.code(4);
    }
}

// ---------------------------------------------------------------------------------------------
// Manifests: validated against Argo's own schema, nothing silently ignored

fn analyze_file(text: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    std::fs::write(&path, text).unwrap();
    let run = Cmd::new([
        "analyze",
        "-f",
        path.to_str().unwrap(),
        "--prometheus",
        "http://127.0.0.1:1",
    ])
    .env_remove("PROMETHEUS_URL")
    .run();
    sane(&run);
    run
}

const GOOD: &str = "apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: t
spec:
  metrics:
  - name: m
    successCondition: result[0] < 1
    provider:
      prometheus:
        query: up
";

#[test]
fn mistyped_and_unknown_template_fields_are_refused_with_file_line_and_path() {
    for (from, to, want) in [
        (
            "        query: up",
            "        query: up\n        insecure: \"yes\"",
            "t.yaml:12: spec.metrics[0].provider.prometheus.insecure: expected true or false",
        ),
        (
            "        query: up",
            "        query: up\n        insecure: on",
            "t.yaml:12: spec.metrics[0].provider.prometheus.insecure: expected true or false",
        ),
        (
            "        query: up",
            "        query: up\n        timeout: \"30\"",
            "t.yaml:12: spec.metrics[0].provider.prometheus.timeout: expected an integer",
        ),
        (
            "        query: up",
            "        query: 5",
            "t.yaml:11: spec.metrics[0].provider.prometheus.query: expected a string",
        ),
        (
            "    successCondition",
            "    sucessCondition",
            "t.yaml:8: spec.metrics[0].sucessCondition: unknown field; did you mean spec.metrics[0].successCondition?",
        ),
        (
            "kind: AnalysisTemplate",
            "kind: AnalysisTemplat",
            "t.yaml:2: kind: expected AnalysisTemplate or ClusterAnalysisTemplate, got \"AnalysisTemplat\"",
        ),
        (
            "argoproj.io/v1alpha1",
            "argoproj.io/v1beta1",
            "t.yaml:1: apiVersion: expected argoproj.io/v1alpha1",
        ),
        (
            "spec:\n",
            "spec: 5\nx:\n",
            "t.yaml:5: spec: expected a mapping, got the number 5",
        ),
        (
            "      prometheus:",
            "      web: {url: http://x}\n      prometheus:",
            "t.yaml:10: spec.metrics[0].provider.web: not supported by kubectl-rollouts",
        ),
        (
            "  name: t",
            "  name: t\n  name: u",
            "duplicate key \"name\"",
        ),
    ] {
        let text = GOOD.replacen(from, to, 1);
        assert_ne!(text, GOOD);
        let run = analyze_file(&text).code(2);
        assert!(
            run.stderr.contains(want),
            "{to:?}: want {want:?}, got\n{}",
            run.stderr
        );
        for jargon in ["DuplicateKeyPolicy", "Option<", "from_str", "`"] {
            assert!(
                !run.stderr.contains(jargon),
                "library words in\n{}",
                run.stderr
            );
        }
    }
}

#[test]
fn two_documents_in_a_template_file_are_refused_in_plain_words() {
    let run = analyze_file(&format!("{GOOD}---\n{GOOD}")).code(2);
    assert!(
        run.stderr.contains("more than one YAML document"),
        "{}",
        run.stderr
    );
}

#[test]
fn kustomization_and_flag_file_typos_get_a_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("kustomization.yaml"),
        "resourcez:\n- a.yaml\nimages:\n- name: app\n  newtagg: v1\n",
    )
    .unwrap();
    let run = Cmd::new([
        "image",
        "set",
        "--kustomization",
        dir.path().to_str().unwrap(),
        "--dry-run",
        "app=app:v2",
    ])
    .run();
    sane(&run);
    let run = run.code(2);
    assert!(
        run.stderr
            .contains("kustomization.yaml:1: resourcez: unknown kustomization field")
            && run.stderr.contains("did you mean resources?"),
        "{}",
        run.stderr
    );
    let flags = dir.path().join("flags.json");
    std::fs::write(
        &flags,
        r#"{"flags": {"f": {"stat": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on"}}}"#,
    )
    .unwrap();
    let run = Cmd::new(["flags", "list", "--file", flags.to_str().unwrap()]).run();
    sane(&run);
    let run = run.code(2);
    assert!(
        run.stderr.contains("flags.f.stat: unknown field")
            && run.stderr.contains("did you mean flags.f.state?"),
        "{}",
        run.stderr
    );
}
