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
