//! The rollout commands' command-line behaviour that needs no cluster.

use std::process::Command;

fn bin() -> String {
    std::env::var("KUBECTL_ROLLOUTS_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_kubectl-rollouts").to_string())
}

fn run(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(bin())
        .args(args)
        .env("KUBECONFIG", "/nonexistent/kubeconfig")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn install_print_prints_the_committed_crds() {
    let (code, stdout, _) = run(&["install", "--print"]);
    assert_eq!(code, 0);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crds");
    for file in [
        "rollout",
        "analysistemplate",
        "clusteranalysistemplate",
        "analysisrun",
        "experiment",
    ] {
        let want = std::fs::read_to_string(dir.join(format!("{file}.yaml"))).unwrap();
        assert!(stdout.contains(&want), "{file}.yaml is in the output");
    }
    assert_eq!(stdout.matches("---\n").count(), 5);
}

#[test]
fn a_bad_image_flag_is_a_usage_error_before_anything_is_contacted() {
    let (code, _, stderr) = run(&["rollout", "run", "web", "--image", "no-equals-sign"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("--image: \"no-equals-sign\" is not CONTAINER=IMAGE"),
        "{stderr}"
    );
}

#[test]
fn a_container_given_twice_is_a_usage_error() {
    let args = [
        "rollout", "run", "web", "--image", "web=a:1", "--image", "web=a:2",
    ];
    let (code, _, stderr) = run(&args);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("--image: container \"web\" is given twice"),
        "{stderr}"
    );
}

#[test]
fn a_bad_timeout_is_a_usage_error() {
    let (code, _, stderr) = run(&["rollout", "run", "web", "--timeout", "soon"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--timeout"), "{stderr}");
}

#[test]
fn an_unreachable_cluster_exits_4() {
    let (code, _, stderr) = run(&[
        "--kubeconfig",
        "/nonexistent/kubeconfig",
        "rollout",
        "get",
        "web",
    ]);
    // A kubeconfig that cannot be read is bad input (2); see the next assertion for 4.
    assert_eq!(code, 2, "{stderr}");
    let dir = tempfile::tempdir().unwrap();
    let kc = dir.path().join("kubeconfig");
    std::fs::write(
        &kc,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: \"http://127.0.0.1:1\"}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user: {}\n",
    )
    .unwrap();
    let (code, _, stderr) = run(&[
        "--kubeconfig",
        kc.to_str().unwrap(),
        "rollout",
        "get",
        "web",
    ]);
    assert_eq!(code, 4, "{stderr}");
}

fn example(path: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(path)
        .display()
        .to_string()
}

#[test]
fn lint_passes_a_complete_set_of_manifests_without_a_cluster() {
    let (rollout, services, templates) = (
        example("canary/rollout-with-analysis.yaml"),
        example("canary/services.yaml"),
        example("analysis"),
    );
    let (code, stdout, stderr) = run(&[
        "rollout", "lint", "-f", &rollout, "-f", &services, "-f", &templates,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("ok: 1 Rollout, 2 Services, 1 Ingress, 3 AnalysisTemplates checked"),
        "{stdout}"
    );
    let (code, stdout, _) = run(&[
        "rollout", "lint", "-o", "json", "-f", &rollout, "-f", &services, "-f", &templates,
    ]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    // Blue-green: activeService, previewService and both promotion analyses.
    let (code, stdout, stderr) = run(&[
        "rollout",
        "lint",
        "-f",
        &example("bluegreen/rollout.yaml"),
        "-f",
        &example("bluegreen/services.yaml"),
        "-f",
        &templates,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("ok: 1 Rollout, 2 Services, 3 AnalysisTemplates checked"),
        "{stdout}"
    );
    assert_eq!(report["errors"], serde_json::json!([]));
    assert!(
        report["objects"]
            .as_array()
            .unwrap()
            .contains(&"Rollout default/tr-web".into())
    );
}

#[test]
fn lint_refuses_what_rollout_run_refuses_naming_file_line_and_field() {
    let services = example("canary/services.yaml");
    let templates = example("analysis");
    // The seed's Rollout: its second analysis step passes no service-name (docs/rollouts.md).
    let seed = example("canary/rollout-analysis.yaml");
    let (code, _, stderr) = run(&[
        "rollout", "lint", "-f", &seed, "-f", &services, "-f", &templates,
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!(
            "{seed}:4: spec.strategy.canary.steps[5].analysis.args: argument \"service-name\" has no value"
        )),
        "{stderr}"
    );
    // Without its Services, Ingress and templates, every missing reference is named at once.
    let rollout = example("canary/rollout-with-analysis.yaml");
    let (code, _, stderr) = run(&["rollout", "lint", "-f", &rollout]);
    assert_eq!(code, 2);
    for want in [
        "spec.strategy.canary.canaryService: Service tr-web-canary not found in namespace default",
        "spec.strategy.canary.stableService: Service tr-web-stable not found in namespace default",
        "spec.strategy.canary.trafficRouting.nginx.stableIngress: Ingress tr-web-ingress not found",
        "steps[2].analysis.templates[0].templateName: AnalysisTemplate \"canary-success-rate\" not found",
    ] {
        assert!(stderr.contains(want), "{want}: {stderr}");
    }
    let (code, _, stderr) = run(&["rollout", "lint", "-f", &rollout, "-f", &services]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("steps[2].analysis.templates[0].templateName: AnalysisTemplate \"canary-success-rate\" not found"),
        "{stderr}"
    );
    // -n moves objects without a namespace, on both sides.
    let (code, _, stderr) = run(&[
        "-n", "prod", "rollout", "lint", "-f", &rollout, "-f", &services, "-f", &templates,
    ]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn lint_names_a_broken_file_and_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("bad.yaml", "apiVersion: v1\nkind: [\n", "bad.yaml"),
        (
            "kind.yaml",
            "apiVersion: argoproj.io/v1alpha1\nmetadata: {name: x}\n",
            "kind: missing",
        ),
        (
            "api.yaml",
            "apiVersion: argoproj.io/v1\nkind: Rollout\nmetadata: {name: x}\n",
            "apiVersion: a Rollout is argoproj.io/v1alpha1, not argoproj.io/v1",
        ),
        (
            "strategy.yaml",
            "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: x}\nspec:\n  strategy:\n    canary:\n      steps: [{setWeight: 120}]\n",
            "strategy.yaml:1: spec.",
        ),
    ];
    for (name, text, want) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let (code, _, stderr) = run(&["rollout", "lint", "-f", path.to_str().unwrap()]);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(stderr.contains(want), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let (code, _, stderr) = run(&["rollout", "lint", "-f", "/nonexistent/ro.yaml"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--filename: /nonexistent/ro.yaml: cannot read"),
        "{stderr}"
    );
}
