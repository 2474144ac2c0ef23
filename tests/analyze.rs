//! `analyze -f FILE --prometheus URL` against a real Prometheus scraping a metrics fixture.
//! No cluster is involved. Each test uses its own service name, so they share one Prometheus;
//! the error-budget templates hard-code `tr-web`, so the budget-spent case gets its own.

mod support;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use support::prometheus::Stack;

/// The binary under test. `KUBECTL_ROLLOUTS_BIN` overrides Cargo's path, for worktrees that
/// share one target directory (where `target/debug/kubectl-rollouts` is whoever built last).
fn bin() -> String {
    std::env::var("KUBECTL_ROLLOUTS_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_kubectl-rollouts").to_string())
}

fn shared() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(Stack::start)
}

fn example(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/analysis")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn analyze(file: &Path, prometheus: &str, extra: &[&str]) -> Run {
    let output = Command::new(bin())
        .arg("analyze")
        .arg("-f")
        .arg(file)
        .arg("--prometheus")
        .arg(prometheus)
        .args(extra)
        .env_remove("PROMETHEUS_URL")
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    eprintln!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    );
    run
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The seed's success-rate template with a test-sized schedule: 1 s apart, 3 measurements.
fn fast_success_rate() -> String {
    example("canary-success-rate.yaml")
        .replace("interval: 30s", "interval: 1s")
        .replace("count: 5", "count: 3")
}

/// A one-metric template around a query and conditions.
fn template(query: &str, conditions: &str) -> String {
    format!(
        "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: t\nspec:\n  metrics:\n  - name: probe\n    consecutiveErrorLimit: 0\n{conditions}    provider:\n      prometheus:\n        query: '{query}'\n"
    )
}

#[test]
fn error_budget_gate_passes_with_budget_left() {
    let stack = shared();
    stack.emitter.set("tr-web", 50.0, 0.0);
    stack.wait_for_rate("tr-web");
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "budget.yaml", &example("error-budget-gate.yaml"));
    let run = analyze(&file, &stack.url, &[]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains(
        "error-budget-remaining #1: value [1], success: result[0] > 0.2 => Successful (1 > 0.2)"
    ));
    assert!(run.stdout.contains("analysis Successful"));
}

#[test]
fn error_budget_gate_fails_when_the_budget_is_spent() {
    // Its own Prometheus: the 30-day window would otherwise remember the healthy tr-web.
    let stack = Stack::start();
    stack.emitter.set("tr-web", 50.0, 0.01);
    stack.wait_for_rate("tr-web");
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "budget.yaml", &example("error-budget-gate.yaml"));
    let run = analyze(&file, &stack.url, &[]);
    assert_eq!(run.code, 1);
    // 1% errors against a 0.1% budget: 1 - 0.01/0.001 = -9 remaining.
    assert!(
        run.stdout.contains("=> Failed (-9") || run.stdout.contains("=> Failed (-8.99"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("analysis Failed: error-budget-remaining: -")
    );
    assert!(run.stderr.contains(" <= 0.2, "));
    assert!(run.stderr.contains("1 of 1 failed, failureLimit 0"));
}

#[test]
fn success_rate_passes_with_healthy_traffic() {
    let stack = shared();
    stack.emitter.set("healthy", 20.0, 0.0);
    stack.wait_for_rate("healthy");
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "sr.yaml", &fast_success_rate());
    let run = analyze(&file, &stack.url, &["--arg", "service-name=healthy"]);
    assert_eq!(run.code, 0);
    for n in 1..=3 {
        assert!(
            run.stdout
                .contains(&format!("success-rate #{n}: value [1]"))
        );
    }
    assert!(
        run.stdout
            .contains("analysis Successful: success-rate: 3 of 3 successful")
    );
}

#[test]
fn success_rate_fails_with_ten_percent_errors_and_says_why() {
    let stack = shared();
    stack.emitter.set("sick", 20.0, 0.1);
    stack.wait_for_rate("sick");
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "sr.yaml", &fast_success_rate());
    let run = analyze(
        &file,
        &stack.url,
        &["--arg", "service-name=sick", "--explain"],
    );
    assert_eq!(run.code, 1);
    // e.g. "success-rate: 0.9 < 0.99, 3 of 3 failed, failureLimit 2"
    assert!(
        run.stderr.contains("analysis Failed: success-rate: 0.9")
            || run.stderr.contains("analysis Failed: success-rate: 0.89"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("< 0.99, 3 of 3 failed, failureLimit 2"));
    // --explain prints every measurement with its query, value, condition and verdict.
    assert!(run.stdout.contains("METRIC"));
    assert!(
        run.stdout
            .contains(r#"http_requests_total{service="sick", status!~"5.."}"#)
    );
    assert_eq!(
        run.stdout
            .matches("success: result[0] >= 0.99   Failed")
            .count(),
        3
    );
}

#[test]
fn json_output_is_an_analysis_run() {
    let stack = shared();
    stack.emitter.set("json", 20.0, 0.0);
    stack.wait_for_rate("json");
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "sr.yaml",
        &fast_success_rate().replace("count: 3", "count: 2"),
    );
    let run = analyze(
        &file,
        &stack.url,
        &["--arg", "service-name=json", "-o", "json"],
    );
    assert_eq!(run.code, 0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["kind"], "AnalysisRun");
    assert_eq!(v["status"]["phase"], "Successful");
    let result = &v["status"]["metricResults"][0];
    assert_eq!(result["name"], "success-rate");
    assert_eq!(result["count"], 2);
    assert_eq!(result["measurements"][0]["value"], "[1]");
    assert_eq!(
        v["spec"]["metrics"][0]["provider"]["prometheus"]["address"],
        stack.url.as_str()
    );
}

#[test]
fn unreachable_prometheus_exits_4() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "budget.yaml", &example("error-budget-gate.yaml"));
    let run = analyze(&file, "http://127.0.0.1:9", &[]);
    assert_eq!(run.code, 4);
    assert!(
        run.stderr
            .contains("Prometheus at http://127.0.0.1:9 is unreachable")
    );
}

#[test]
fn empty_result_with_an_index_is_an_error_measurement() {
    let stack = shared();
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "t.yaml",
        &template(
            r#"http_requests_total{service="nobody"}"#,
            "    successCondition: result[0] >= 0.99\n",
        ),
    );
    let run = analyze(&file, &stack.url, &[]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("value [], success: result[0] >= 0.99 => Error (successCondition: index out of range: 0 (array length 0))"));
    assert!(
        run.stderr
            .contains("analysis Error: probe: 1 consecutive errors")
    );
}

#[test]
fn empty_result_passes_only_when_the_condition_says_so() {
    let stack = shared();
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "t.yaml",
        &template(
            r#"http_requests_total{service="nobody"}"#,
            "    successCondition: len(result) == 0 || result[0] < 0.05\n",
        ),
    );
    let run = analyze(&file, &stack.url, &[]);
    assert_eq!(run.code, 0);
}

#[test]
fn nan_fails_a_success_condition() {
    let stack = shared();
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "t.yaml",
        &template(
            "vector(0) / vector(0)",
            "    successCondition: result[0] >= 0.99\n",
        ),
    );
    let run = analyze(&file, &stack.url, &[]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("value [NaN]"));
    assert!(run.stderr.contains("analysis Failed: probe: NaN < 0.99"));
}

#[test]
fn neither_condition_matching_is_inconclusive() {
    let stack = shared();
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "t.yaml",
        &template(
            "vector(0.95)",
            "    successCondition: result[0] >= 0.99\n    failureCondition: result[0] < 0.9\n",
        ),
    );
    let run = analyze(&file, &stack.url, &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains(
        "analysis Inconclusive: probe: neither condition matched: 0.95 < 0.99; 0.95 >= 0.9"
    ));
}

#[test]
fn query_errors_are_error_measurements_with_the_message() {
    let stack = shared();
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "t.yaml", &template("sum(", ""));
    let run = analyze(&file, &stack.url, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("=> Error (query failed (bad_data)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_bad_template_file_exits_2_naming_file_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "analysis.yaml",
        &example("canary-success-rate.yaml").replace("result[0] >= 0.99", "(result[0] >= 0.99"),
    );
    let run = analyze(&file, "http://127.0.0.1:9", &["--arg", "service-name=x"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(&format!(
        "{}: spec.metrics[0].successCondition: metric \"success-rate\": column 19: expected `)`",
        file.display()
    )));
}

#[test]
fn a_missing_argument_exits_2_before_any_query() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "sr.yaml", &example("canary-success-rate.yaml"));
    let run = analyze(&file, "http://127.0.0.1:9", &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("spec.args[0]: argument \"service-name\" has no value")
    );
}

#[test]
fn range_queries_return_every_sample() {
    let stack = shared();
    let dir = tempfile::tempdir().unwrap();
    let text = "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: t\nspec:\n  metrics:\n  - name: range\n    successCondition: len(result) == 6 && all(result, {# == 0.5})\n    provider:\n      prometheus:\n        query: vector(0.5)\n        rangeQuery:\n          start: now() - duration(\"5s\")\n          end: now()\n          step: 1s\n";
    let file = write(&dir, "t.yaml", text);
    let run = analyze(&file, &stack.url, &[]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("value [0.5,0.5,0.5,0.5,0.5,0.5]"));
}

#[test]
fn github_actions_gets_an_error_annotation_a_step_summary_and_outputs() {
    let stack = shared();
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "t.yaml",
        &template("vector(0.5)", "    successCondition: result[0] >= 0.99\n"),
    );
    let summary = dir.path().join("summary.md");
    let outputs = dir.path().join("outputs");
    let output = Command::new(bin())
        .args(["analyze", "-f"])
        .arg(&file)
        .args(["--prometheus", &stack.url])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    // Workflow commands go to stderr (the runner reads both), so stdout stays data.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("::error::analysis Failed: probe: 0.5 < 0.99"),
        "{stderr}"
    );
    let summary = std::fs::read_to_string(summary).unwrap();
    assert!(summary.contains("### Analysis Failed"));
    assert!(
        summary.contains(
            "| probe | 1 | `[0.5]` | `success: result[0] >= 0.99` | Failed | 0.5 < 0.99 |"
        ),
        "{summary}"
    );
    let outputs = std::fs::read_to_string(outputs).unwrap();
    assert!(outputs.contains("phase=Failed"), "{outputs}");
}

/// Issue 14: hundreds of kilobytes of condition (a long `&&` chain, a long sum, a chain of
/// indexes, deep parentheses, a wide array) exit 2 naming the field and the limit, with no
/// signal and no panic; nothing is queried (the Prometheus address is unreachable).
#[test]
fn long_and_deeply_nested_conditions_exit_2_naming_the_field_and_the_limit() {
    let shapes = [
        (
            vec!["result[0] > 0"; 30_000].join(" && "),
            "nested too deeply: more than 100 levels",
        ),
        (
            vec!["1"; 100_000].join(" + "),
            "nested too deeply: more than 100 levels",
        ),
        (
            format!("result{} > 0", "[0]".repeat(100_000)),
            "nested too deeply: more than 100 levels",
        ),
        (
            format!("{}1{} > 0", "(".repeat(100_000), ")".repeat(100_000)),
            "nested too deeply: more than 100 levels",
        ),
        (
            format!("{}true", "!".repeat(100_000)),
            "nested too deeply: more than 100 levels",
        ),
        (
            format!("len([{}]) > 0", vec!["1"; 30_000].join(", ")),
            "more than 10000 nodes",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (condition, limit) in shapes {
        let file = write(
            &dir,
            "long.yaml",
            &template(
                "vector(1)",
                &format!("    successCondition: '{condition}'\n"),
            ),
        );
        let output = Command::new(bin())
            .args(["analyze", "-f"])
            .arg(&file)
            .args(["--prometheus", "http://127.0.0.1:9"])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let head: String = condition.chars().take(20).collect();
        assert_eq!(output.status.code(), Some(2), "{head}...: {stderr}");
        assert!(
            stderr.contains("spec.metrics[0].successCondition") && stderr.contains(limit),
            "{head}...: {stderr}"
        );
        assert!(
            !stderr.contains("panicked") && !stderr.contains("overflow"),
            "{stderr}"
        );
    }
}

/// Issue 18: `interval: 0s` runs as in Argo, measurements back to back until `count`.
#[test]
fn a_zero_interval_takes_count_measurements_back_to_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "zero.yaml",
        &template(
            "vector(1)",
            "    interval: 0s\n    count: 3\n    successCondition: result[0] == 1\n",
        ),
    );
    let run = analyze(&file, &shared().url, &[]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("probe: 3 of 3 successful"),
        "{}",
        run.stdout
    );
}
