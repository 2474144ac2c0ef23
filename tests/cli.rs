//! The binary as a user runs it: exit codes, output, errors, kubectl plugin conventions.

mod support;

use support::{BIN, Cmd, repo, seed_project};

#[test]
fn version_prints_the_package_version() {
    let run = Cmd::new(["version"]).run().code(0);
    assert_eq!(
        run.stdout.trim(),
        format!("kubectl-rollouts {}", env!("CARGO_PKG_VERSION"))
    );
}

fn path_with_binary() -> String {
    let bin_dir = std::path::Path::new(BIN).parent().unwrap();
    let completions = repo().join("completions");
    format!(
        "{}:{}:{}",
        bin_dir.display(),
        completions.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
fn kubectl_runs_it_as_a_plugin() {
    let out = std::process::Command::new("kubectl")
        .args(["rollouts", "version"])
        .env("PATH", path_with_binary())
        .output()
        .expect("kubectl is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("kubectl-rollouts {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn kubectl_completes_the_plugin_through_kubectl_complete_rollouts() {
    let out = std::process::Command::new("kubectl")
        .args(["__complete", "rollouts", "window", "ch"])
        .env("PATH", path_with_binary())
        .output()
        .expect("kubectl is installed");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.lines().any(|l| l.starts_with("check")), "{stdout}");
}

#[test]
fn rollback_and_history_name_the_kinds_they_support_before_any_cluster_is_asked() {
    for (args, want) in [
        (
            vec!["rollback", "statefulset/db"],
            "kind \"statefulset\" is not supported; expected deployment/NAME or rollout/NAME",
        ),
        (vec!["rollback", "deployment/"], "has no name"),
        (vec!["rollback", "web"], "names no kind"),
        (
            vec!["rollout", "history", "daemonset/x"],
            "kind \"daemonset\" is not supported",
        ),
        (
            vec!["rollback", "deployment/web", "--timeout", "soon"],
            "'--timeout <DURATION>': invalid duration",
        ),
    ] {
        let run = Cmd::new(&args)
            .env("KUBECONFIG", "/nonexistent/kubeconfig")
            .run()
            .code(2);
        assert!(run.stderr.contains(want), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    Cmd::new(["rollback", "deployment/web", "--to-revision", "-1"])
        .run()
        .code(2);
}

#[test]
fn usage_errors_exit_2() {
    Cmd::new(["window", "check"]).run().code(2);
    Cmd::new(["no-such-command"]).run().code(2);
    Cmd::new(["-o", "xml", "version"]).run().code(2);
}

#[test]
fn completion_prints_a_script_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = Cmd::new(["completion", shell]).run().code(0);
        assert!(run.stdout.contains("kubectl-rollouts"), "{shell}");
    }
}

// ----- window check on the seed's AppProject -----

fn check(at: &str, extra: &[&str]) -> support::Run {
    let project = seed_project();
    let mut args = vec![
        "window",
        "check",
        "--project",
        project.to_str().unwrap(),
        "--at",
        at,
        "-o",
        "json",
    ];
    args.extend_from_slice(extra);
    Cmd::new(args).run()
}

#[test]
fn window_check_exits_0_when_allowed_and_1_when_blocked() {
    let open = check("2026-11-23T10:00:00Z", &[]).code(0);
    let v = open.json();
    assert_eq!(v["allowed"], true);
    assert_eq!(v["reason"]["rule"], "active-allow");
    assert_eq!(v["next_change"]["at"], "2026-11-27T14:00:00Z");

    let friday = check("2026-11-27T15:00:00Z", &[]).code(1);
    let v = friday.json();
    assert_eq!(v["allowed"], false);
    assert_eq!(v["reason"]["rule"], "active-deny");
    assert_eq!(v["reason"]["windows"], serde_json::json!([1]));
    assert_eq!(v["next_change"]["at"], "2026-11-28T00:00:00Z");

    // The seed's "always allow manual syncs" window does not open a deny window.
    check("2026-11-27T15:00:00Z", &["--manual"]).code(1);
    check("2026-12-24T12:00:00Z", &["--app", "tr-web"]).code(1);
}

#[test]
fn window_check_table_names_the_deciding_window_and_the_next_change() {
    let project = seed_project();
    let run = Cmd::new([
        "window",
        "check",
        "--project",
        project.to_str().unwrap(),
        "--at",
        "2026-11-27T15:00:00Z",
    ])
    .run()
    .code(1);
    assert!(run.stdout.contains("BLOCKED"), "{}", run.stdout);
    assert!(
        run.stdout.contains("#1 (deny \"0 14 * * 5\" for 10h)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("2026-11-28T00:00:00Z becomes allowed (in 9h0m0s)"),
        "{}",
        run.stdout
    );
    // The lint findings come as warnings on stderr.
    assert!(run.stderr.contains("warning: window #3"), "{}", run.stderr);
}

#[test]
fn window_check_matches_applications_by_glob() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("project.yaml");
    std::fs::write(
        &file,
        "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p}\nspec:\n  syncWindows:\n  - {kind: deny, schedule: '0 0 * * *', duration: 24h, applications: ['tr-*']}\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let at = "2026-11-23T10:00:00Z";
    Cmd::new([
        "window",
        "check",
        "--project",
        f,
        "--at",
        at,
        "--app",
        "tr-web",
    ])
    .run()
    .code(1);
    let run = Cmd::new([
        "window",
        "check",
        "--project",
        f,
        "--at",
        at,
        "--app",
        "billing",
        "-o",
        "json",
    ])
    .run()
    .code(0);
    assert_eq!(run.json()["reason"]["rule"], "no-matching-windows");
}

#[test]
fn window_errors_name_the_file_and_field_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.yaml");
    std::fs::write(
        &file,
        "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p}\nspec:\n  syncWindows:\n  - kind: allow\n    schedule: '0 9 * * *'\n    duration: 7h\n  - kind: deny\n    schedule: '0 25 * * *'\n    duration: 1h\n",
    )
    .unwrap();
    let run = Cmd::new(["window", "check", "--project", file.to_str().unwrap()])
        .run()
        .code(2);
    assert!(
        run.stderr.contains(
            "bad.yaml: spec.syncWindows[1].schedule: hour field \"25\": 25 is above the maximum 23"
        ),
        "{}",
        run.stderr
    );

    std::fs::write(
        &file,
        "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nspec:\n  syncWindows: [\n",
    )
    .unwrap();
    let run = Cmd::new(["window", "check", "--project", file.to_str().unwrap()])
        .run()
        .code(2);
    assert!(
        run.stderr.contains("bad.yaml:4: unclosed bracket '['"),
        "{}",
        run.stderr
    );

    let missing = dir.path().join("missing.yaml");
    let run = Cmd::new(["window", "check", "--project", missing.to_str().unwrap()])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains(&format!("--project: {}: cannot read", missing.display())),
        "{}",
        run.stderr
    );

    let project = seed_project();
    let run = Cmd::new([
        "window",
        "check",
        "--project",
        project.to_str().unwrap(),
        "--at",
        "friday",
    ])
    .run()
    .code(2);
    assert!(
        run.stderr
            .contains("--at: \"friday\" is not an RFC 3339 time"),
        "{}",
        run.stderr
    );
}

#[test]
fn window_next_lists_the_coming_periods() {
    let project = seed_project();
    let run = Cmd::new([
        "window",
        "next",
        "--project",
        project.to_str().unwrap(),
        "--at",
        "2026-11-27T00:00:00Z",
        "--days",
        "48h",
        "-o",
        "json",
    ])
    .run()
    .code(0);
    let periods = run.json();
    let states: Vec<(String, bool)> = periods
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["from"].as_str().unwrap().to_string(),
                p["allowed"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        vec![
            ("2026-11-27T00:00:00Z".to_string(), true),
            ("2026-11-27T14:00:00Z".to_string(), false),
            ("2026-11-28T00:00:00Z".to_string(), true),
        ]
    );
}

#[test]
fn window_lint_explains_the_seed_project() {
    let project = seed_project();
    let run = Cmd::new([
        "window",
        "lint",
        "--project",
        project.to_str().unwrap(),
        "-o",
        "json",
    ])
    .run()
    .code(1);
    let rules: Vec<String> = run
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        rules,
        vec!["always-active-allow", "manual-allow-does-not-override-deny"]
    );
}

#[test]
fn github_actions_gets_outputs_a_summary_and_error_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("output");
    let summary = dir.path().join("summary.md");
    let project = seed_project();
    Cmd::new([
        "window",
        "check",
        "--project",
        project.to_str().unwrap(),
        "--at",
        "2026-11-27T15:00:00Z",
    ])
    .env("GITHUB_ACTIONS", "true")
    .env("GITHUB_OUTPUT", &output)
    .env("GITHUB_STEP_SUMMARY", &summary)
    .run()
    .code(1);
    let outputs = std::fs::read_to_string(&output).unwrap();
    assert!(outputs.contains("allowed=false\n"), "{outputs}");
    assert!(
        outputs.contains("next-change=2026-11-28T00:00:00Z\n"),
        "{outputs}"
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("### Sync window: closed"), "{md}");

    let run = Cmd::new(["window", "check", "--project", "/nonexistent/p.yaml"])
        .env("GITHUB_ACTIONS", "true")
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("::error::--project: /nonexistent/p.yaml: cannot read"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.is_empty(),
        "annotations stay off stdout: {}",
        run.stdout
    );
}

mod arbitrary_windows {
    use super::support::Cmd;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Whatever a window says, the binary answers 0 or 1, or exits 2 naming the window
        /// and field; it never panics.
        #[test]
        fn any_window_is_an_answer_or_a_clear_error(
            schedule in "[0-9*/,a-z -]{0,16}", duration in "[0-9hms.]{0,5}", tz in "(UTC|Europe/Berlin|Mars/Base|)"
        ) {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("p.yaml");
            let q = |s: &str| serde_json::to_string(s).unwrap();
            std::fs::write(&file, format!(
                "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {{name: p}}\nspec:\n  syncWindows:\n  - kind: deny\n    schedule: {}\n    duration: {}\n    timeZone: {}\n    applications: ['*']\n",
                q(&schedule), q(&duration), q(&tz)
            )).unwrap();
            let run = Cmd::new(["window", "check", "--project", file.to_str().unwrap(), "--at", "2026-11-27T15:00:00Z"]).run();
            prop_assert!(matches!(run.code, 0..=2), "exit {}: {}", run.code, run.stderr);
            if run.code == 2 {
                prop_assert!(run.stderr.contains("p.yaml: spec.syncWindows[0]."), "{}", run.stderr);
            }
            prop_assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        }
    }
}

#[test]
fn a_kubeconfig_that_cannot_be_used_is_bad_input_naming_where_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(
        &kubeconfig,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user: {token: x}\n",
    )
    .unwrap();
    let k = kubeconfig.to_str().unwrap();
    let run = Cmd::new([
        "rollout",
        "get",
        "web",
        "--kubeconfig",
        k,
        "--context",
        "nosuch",
    ])
    .run()
    .code(2);
    assert!(
        run.stderr.contains("--context: no usable kubeconfig"),
        "{}",
        run.stderr
    );

    let run = Cmd::new(["rollout", "get", "web"])
        .env("KUBECONFIG", dir.path().join("missing"))
        .env("HOME", dir.path())
        .run()
        .code(2);
    assert!(
        run.stderr.contains("KUBECONFIG: no usable kubeconfig"),
        "{}",
        run.stderr
    );
}

#[test]
fn deploy_refuses_bad_flags_before_anything_is_asked_of_the_cluster() {
    for (args, want) in [
        (
            vec!["--image", "app"],
            "--image: \"app\" is not CONTAINER=IMAGE",
        ),
        (
            vec!["--image", "a=x:1", "--image", "a=x:2"],
            "container \"a\" is given twice",
        ),
        (
            vec!["--image", "a=x:1", "--smoke", "ftp://host/"],
            "--smoke: \"ftp://host/\": only http",
        ),
        (
            vec![
                "--image",
                "a=x:1",
                "--smoke",
                "http://h/",
                "--smoke-count",
                "0",
            ],
            "'--smoke-count <N>': expected a whole number from 1 to 10000",
        ),
        (
            vec![
                "--image",
                "a=x:1",
                "--smoke",
                "http://h/",
                "--smoke-interval",
                "2",
            ],
            "'--smoke-interval <DURATION>': invalid duration",
        ),
        (
            vec!["--image", "a=x:1", "--timeout", "0s"],
            "'--timeout <DURATION>': expected a duration from 1s to 8760h",
        ),
        (
            vec!["--image", "a=x:1", "--change-cause", " "],
            "--change-cause: must not be empty",
        ),
        (
            vec!["--image", "a=x:1", "--analysis", "/nonexistent/t.yaml"],
            "--analysis: /nonexistent/t.yaml: no such file",
        ),
    ] {
        let mut all = vec!["deploy", "deployment/web"];
        all.extend(args.iter().copied());
        let run = Cmd::new(&all)
            .env("KUBECONFIG", "/nonexistent/kubeconfig")
            .run();
        assert!(run.stderr.contains(want), "{all:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert_eq!(run.code, 2, "{all:?}: {}", run.stderr);
    }
}
