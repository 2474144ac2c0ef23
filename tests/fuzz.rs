//! A bounded fuzz run of every reader of untrusted text: manifests (AnalysisTemplate, the schema
//! validator, AppProject, kustomization, hook directories, flag files), the cron, duration,
//! glob and expression parsers, the Prometheus response parser, and the command line (every
//! numeric and duration flag). Each target must answer with a value or an error, never panic;
//! at the command line every refusal is exit 2.
//!
//! `scripts/test` runs it with the default case count (`KR_PROPTEST_CASES`, default 256 per
//! target); run longer by hand, e.g. `KR_PROPTEST_CASES=20000 cargo test --release --test fuzz`.
//! Inputs that once crashed a target are kept in `REGRESSIONS` below and run every time.

use proptest::prelude::*;
use proptest::test_runner::Config;

use kubectl_rollouts::analysis::expr::{Condition, Value};
use kubectl_rollouts::analysis::prometheus::parse_response;
use kubectl_rollouts::duration::GoDuration;
use kubectl_rollouts::spec::analysis::template_from_yaml;
use kubectl_rollouts::spec::schema::{self, Kind};
use kubectl_rollouts::spec::yaml;

fn config() -> Config {
    let cases = std::env::var("KR_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    Config {
        cases,
        // Shrinking a failure is worth it; a passing run does not pay for it.
        max_shrink_iters: 2_000,
        failure_persistence: None,
        ..Config::default()
    }
}

const TEMPLATE: &str = "apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: t
spec:
  args:
  - name: service
  metrics:
  - name: m
    interval: 1m
    count: 3
    failureLimit: 1
    successCondition: result[0] < 0.01 && len(result) > 0
    provider:
      prometheus:
        address: http://prom:9090
        query: sum(rate(x{service=\"{{args.service}}\"}[5m]))
        timeout: 30
        headers:
        - key: X-Scope
          value: a
";

/// Scalars, keys and structure a careless or hostile author writes.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\"yes\"".to_string()),
        Just("yes".to_string()),
        Just("~".to_string()),
        Just("''".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        Just("-1".to_string()),
        Just("99999999999999999999999".to_string()),
        Just("1e400".to_string()),
        Just(".nan".to_string()),
        Just("\"{{args.service}}\"".to_string()),
        Just("\"{{args.\"".to_string()),
        Just("*alias".to_string()),
        Just("&a x".to_string()),
        Just("!!binary aGk=".to_string()),
        "[ -~]{0,12}".prop_map(|s| format!("{s:?}")),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
    ]
}

/// The template with one line replaced, inserted or removed, or its text cut.
fn mutated_template() -> impl Strategy<Value = String> {
    let lines: Vec<String> = TEMPLATE.lines().map(String::from).collect();
    let n = lines.len();
    (
        0..n,
        0..4u8,
        scalar(),
        "[a-zA-Z_ -]{0,14}",
        0..TEMPLATE.len(),
    )
        .prop_map(move |(i, op, value, key, cut)| {
            let mut l = lines.clone();
            let indent: String = l[i]
                .chars()
                .take_while(|c| *c == ' ' || *c == '-')
                .collect();
            match op {
                0 => {
                    let k = l[i].split(':').next().unwrap_or("").to_string();
                    l[i] = format!("{k}: {value}");
                }
                1 => l.insert(i, format!("{indent}{key}: {value}")),
                2 => {
                    l.remove(i);
                }
                _ => {
                    let mut end = cut;
                    while !TEMPLATE.is_char_boundary(end) {
                        end -= 1;
                    }
                    return TEMPLATE[..end].to_string();
                }
            }
            l.join("\n") + "\n"
        })
}

/// Text that parses as YAML in strange ways.
fn yaml_noise() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~\n\t]{0,200}",
        proptest::collection::vec(
            prop_oneof![
                Just("a: "),
                Just("- "),
                Just("\n"),
                Just("  "),
                Just("{"),
                Just("}"),
                Just("["),
                Just("]"),
                Just(","),
                Just("&x "),
                Just("*x"),
                Just("<<: *x\n"),
                Just("---\n"),
                Just("? "),
                Just("!!str "),
                Just("\""),
                Just("'"),
                Just("spec: "),
                Just("kind: AnalysisTemplate\n"),
                Just("apiVersion: argoproj.io/v1alpha1\n"),
            ],
            0..60
        )
        .prop_map(|parts| parts.concat()),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_template_reader_never_panics_on_a_mutated_template(text in mutated_template()) {
        let _ = template_from_yaml(&text);
    }

    #[test]
    fn the_template_reader_never_panics_on_yaml_noise(text in yaml_noise()) {
        let _ = template_from_yaml(&text);
    }

    #[test]
    fn the_schema_validator_never_panics_on_any_kind(text in prop_oneof![mutated_template(), yaml_noise()]) {
        if let Ok(node) = yaml::node(&text) {
            for kind in [Kind::AnalysisTemplate, Kind::ClusterAnalysisTemplate, Kind::Rollout] {
                let _ = schema::validate(&node, &[kind]);
            }
        }
    }

    #[test]
    fn the_other_manifest_readers_never_panic(text in yaml_noise()) {
        let _ = kubectl_rollouts::window::project::parse_project(&text);
        let _ = kubectl_rollouts::gitops::kustomization::Kustomization::parse(&text, "k.yaml");
        let _ = kubectl_rollouts::hooks::load::parse_file("h.yaml", &text);
    }

    #[test]
    fn durations_never_panic(text in prop_oneof![
        "[0-9.+-]{0,8}(ns|us|µs|ms|s|m|h){0,3}[0-9.]{0,6}(h|m|s)?",
        "[ -~]{0,24}",
        Just("9223372036854775807ns".to_string()),
        Just("2562047h47m16.854775808s".to_string()),
    ]) {
        let _ = GoDuration::parse(&text);
    }

    #[test]
    fn cron_schedules_never_panic(fields in proptest::collection::vec(
        prop_oneof![
            Just("*".to_string()),
            Just("*/0".to_string()),
            "[0-9]{1,9}",
            // Steps up to and past 2^32 (they once overflowed the minute arithmetic).
            "[0-9]{1,3}(-[0-9]{1,3})?/[0-9]{1,11}",
            "[0-9,]{1,12}",
            "(MON|sun|JAN|dec|L|W|#|\\?)",
            "[ -~]{0,6}",
        ],
        0..7,
    )) {
        let spec = fields.join(" ");
        if let Ok(s) = kubectl_rollouts::window::cron::Schedule::parse(&spec) {
            let t = chrono::NaiveDate::from_ymd_opt(2026, 2, 28).unwrap().and_hms_opt(23, 59, 0).unwrap();
            let _ = s.next_after(t);
        }
    }

    #[test]
    fn globs_never_panic(pattern in "[a-c*?\\[\\]{},!\\\\-]{0,10}", text in "[a-c-]{0,16}") {
        if let Ok(g) = kubectl_rollouts::window::glob::Glob::parse(&pattern) {
            let _ = g.matches(&text);
        }
        if let Ok(g) = kubectl_rollouts::gitops::tag_glob::TagGlob::parse(&pattern) {
            let _ = g.matches(&text);
        }
    }

    #[test]
    fn conditions_never_panic(source in prop_oneof![
        "[ -~]{0,60}",
        proptest::collection::vec(prop_oneof![
            Just("result"), Just("[0]"), Just("[-1]"), Just("[99]"), Just(" && "), Just(" || "),
            Just(" < "), Just(" == "), Just(" + "), Just(" / "), Just(" % "), Just("0"), Just("1e308"),
            Just("("), Just(")"), Just("!"), Just("len("), Just("isNaN("), Just("\"s\""), Just("-"),
            Just(" ? "), Just(" : "), Just("nil"), Just("true"), Just("all(result, {# > 0})"),
            Just("9223372036854775807"), Just("."), Just(","),
        ], 0..24).prop_map(|p| p.concat()),
    ], values in proptest::collection::vec(any::<f64>(), 0..4)) {
        if let Ok(c) = Condition::parse(&source) {
            let _ = c.evaluate(&Value::list(&values));
            let _ = c.evaluate(&Value::Num(f64::NAN));
        }
    }

    #[test]
    fn prometheus_answers_never_panic(status in prop_oneof![Just(200u16), Just(400), Just(503), 100u16..600], body in prop_oneof![
        "[ -~]{0,80}",
        proptest::collection::vec(prop_oneof![
            Just("{\"status\":\"success\",\"data\":{\"resultType\":\""),
            Just("vector"), Just("matrix"), Just("scalar"), Just("string"),
            Just("\",\"result\":"), Just("[{\"metric\":{},\"value\":[1,\"0.5\"]}]"),
            Just("[{\"values\":[[1,\"NaN\"],[2,\"+Inf\"]]}]"), Just("[1,\"x\"]"), Just("[]"),
            Just("null"), Just("}}"), Just("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"e\"}"),
            Just("[1e999,\"1\"]"), Just("\"1\""),
        ], 0..8).prop_map(|p| p.concat()),
    ]) {
        let _ = parse_response(status, &body);
    }

    #[test]
    fn numeric_and_duration_flags_are_a_value_or_a_usage_error(
        flag in prop_oneof![
            Just("--count"), Just("--retries"), Just("--concurrency"), Just("--timeout"), Just("--interval"),
        ],
        value in prop_oneof![
            "-?[0-9]{1,25}",
            "[0-9.]{1,8}(ns|us|ms|s|m|h)",
            "[ -~]{0,12}",
            Just("18446744073709551616".to_string()),
        ],
    ) {
        use clap::Parser;
        let arg = format!("{flag}={value}");
        match kubectl_rollouts::cli::Cli::try_parse_from(["kubectl-rollouts", "smoke", "http://127.0.0.1:1/", &arg]) {
            Ok(cli) => {
                let kubectl_rollouts::cli::Command::Smoke(args) = cli.command else { unreachable!() };
                // What clap accepted, the prober's settings accept too.
                prop_assert!(kubectl_rollouts::smoke::Settings::from_args(&args).is_ok(), "{arg}");
            }
            Err(e) => prop_assert_eq!(e.exit_code(), 2, "{}", e),
        }
    }
}

/// The real binary, for the properties at the process boundary.
const BIN: &str = env!("CARGO_BIN_EXE_kubectl-rollouts");

/// A process run: its exit code (None when killed by a signal) and its output.
fn run(args: &[&str], file: Option<&str>) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(BIN);
    for a in args {
        if *a == "FILE" {
            let path = dir.path().join("t.yaml");
            std::fs::write(&path, file.unwrap_or_default()).unwrap();
            cmd.arg(path);
        } else {
            cmd.arg(a);
        }
    }
    for v in ["GITHUB_ACTIONS", "PROMETHEUS_URL", "KUBECONFIG"] {
        cmd.env_remove(v);
    }
    let out = cmd.output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code(), text)
}

fn sane(code: Option<i32>, text: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        matches!(code, Some(0 | 1 | 2 | 4)),
        "exit {code:?} (None: a signal)\n{text}"
    );
    prop_assert!(!text.contains("panicked"), "{text}");
    Ok(())
}

proptest! {
    // Each case starts a process: a quarter of the in-process count.
    #![proptest_config(Config { cases: config().cases.div_ceil(4), ..config() })]

    #[test]
    fn analyze_of_a_mutated_template_exits_0_1_2_or_4(text in mutated_template()) {
        // Prometheus refuses connections: a valid template ends at its first query (exit 4).
        let (code, out) = run(&["analyze", "-f", "FILE", "--prometheus", "http://127.0.0.1:1"], Some(&text));
        sane(code, &out)?;
    }

    #[test]
    fn smoke_with_careless_flags_exits_0_1_2_or_4(
        url in prop_oneof![
            Just("http://127.0.0.1:1/".to_string()),
            Just("http:///127.0.0.1:1".to_string()),
            Just("http://u:p@127.0.0.1:1/".to_string()),
            Just("http://[::1".to_string()),
            Just("file:///etc/passwd".to_string()),
            "[ -~]{0,16}",
        ],
        flag in prop_oneof![Just("--timeout"), Just("--expect"), Just("--header"), Just("--method"), Just("--concurrency"), Just("--retries")],
        value in prop_oneof!["[ -~]{0,12}", "-?[0-9]{1,22}", "[0-9]{1,4}(ns|ms|s)"],
    ) {
        let arg = format!("{flag}={value}");
        // --retries is bounded by its range (at most 100 retries of a refused connection).
        let (code, out) = run(&["smoke", &url, "--count", "1", "--interval", "0s", &arg], None);
        sane(code, &out)?;
    }
}

/// Inputs that once made a target panic, kept so that they stay fixed.
const REGRESSIONS: &[(&str, &str)] = &[
    // `smoke --concurrency 18446744073709551615` panicked inside tokio's semaphore.
    ("flag", "--concurrency=18446744073709551615"),
    ("flag", "--count=0"),
    ("flag", "--timeout=1ns"),
    (
        "template",
        "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nspec:\n  metrics:\n  - name: m\n    provider:\n      prometheus: {query: up, insecure: \"yes\"}\n",
    ),
];

#[test]
fn inputs_that_once_crashed_stay_fixed() {
    use clap::Parser;
    for (target, input) in REGRESSIONS {
        match *target {
            "flag" => {
                let r = kubectl_rollouts::cli::Cli::try_parse_from([
                    "kubectl-rollouts",
                    "smoke",
                    "http://127.0.0.1:1/",
                    input,
                ]);
                assert_eq!(r.unwrap_err().exit_code(), 2, "{input}");
            }
            "template" => {
                let err = template_from_yaml(input).unwrap_err();
                assert_eq!(err.exit_code() as i32, 2, "{input}");
            }
            other => panic!("unknown target {other}"),
        }
    }
}

/// Found by `cron_schedules_never_panic`: a step near 2^32 overflows the minute arithmetic
/// (a panic in debug builds, a wrong schedule in release); fixed with 64-bit steps (issue 17).
#[test]
fn a_cron_step_near_two_to_the_32_stays_fixed() {
    let at = |h: u32, m: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    };
    // As robfig/cron: a step that large leaves only the start of the range (minute 1, or 0).
    let one = kubectl_rollouts::window::cron::Schedule::parse("1/4294967295 * * * *").unwrap();
    assert_eq!(one.next_after(at(0, 0)), Some(at(0, 1)));
    assert_eq!(
        one.next_after(at(0, 1)),
        Some(at(1, 1)),
        "not at minute 0 or 2"
    );
    let zero = kubectl_rollouts::window::cron::Schedule::parse("*/4294967295 * * * *").unwrap();
    assert_eq!(zero.next_after(at(0, 0)), Some(at(1, 0)));
}
