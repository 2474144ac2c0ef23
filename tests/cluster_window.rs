//! `window check --project NAME` reads an Argo CD AppProject from the real cluster.

mod support;

use std::time::Duration;

use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn window_check_reads_an_app_project_from_the_cluster_like_the_file() {
    with_namespace("window", |ctx| async move {
        let crd = repo_root().join("tests/fixtures/appproject-crd.yaml");
        ctx.kubectl(&["apply", "--server-side", "-f", crd.to_str().unwrap()]);
        ctx.kubectl(&[
            "wait",
            "--for=condition=Established",
            "--timeout=60s",
            "crd/appprojects.argoproj.io",
        ]);
        let project = seed_project();
        // The seed's manifest, unchanged but for its namespace (each test has its own).
        let text = std::fs::read_to_string(&project)
            .unwrap()
            .replace("namespace: argocd", &format!("namespace: {}", ctx.ns));
        let dir = tempfile::tempdir().unwrap();
        let manifest = dir.path().join("argocd-project.yaml");
        std::fs::write(&manifest, text).unwrap();
        // The CRD is served a moment after it is Established; retry the create briefly.
        eventually("AppProject created", Duration::from_secs(30), || {
            let kubeconfig = ctx.env.kubeconfig.clone();
            let manifest = manifest.clone();
            async move {
                let out = std::process::Command::new("kubectl")
                    .arg("--kubeconfig")
                    .arg(&kubeconfig)
                    .arg("apply")
                    .arg("-f")
                    .arg(&manifest)
                    .output()
                    .map_err(|e| e.to_string())?;
                if out.status.success() {
                    Ok(())
                } else {
                    Err(String::from_utf8_lossy(&out.stderr).into_owned())
                }
            }
        })
        .await;

        let kubeconfig = ctx.env.kubeconfig.to_str().unwrap().to_string();
        for (at, code) in [
            ("2026-11-23T10:00:00Z", 0),
            ("2026-11-27T15:00:00Z", 1),
            ("2026-12-24T12:00:00Z", 1),
        ] {
            let from_cluster = Cmd::new([
                "window",
                "check",
                "--project",
                "production",
                "--argocd-namespace",
                &ctx.ns,
                "--kubeconfig",
                &kubeconfig,
                "--at",
                at,
                "-o",
                "json",
            ])
            .run()
            .code(code);
            let from_file = Cmd::new([
                "window",
                "check",
                "--project",
                project.to_str().unwrap(),
                "--at",
                at,
                "-o",
                "json",
            ])
            .run()
            .code(code);
            let (mut a, mut b) = (from_cluster.json(), from_file.json());
            assert_eq!(a["source"], format!("AppProject {}/production", ctx.ns));
            a.as_object_mut().unwrap().remove("source");
            b.as_object_mut().unwrap().remove("source");
            assert_eq!(
                a, b,
                "same answer from the cluster as from the file at {at}"
            );
        }

        // A name that is neither a file nor an AppProject: exit 2, naming both.
        let run = Cmd::new([
            "window",
            "check",
            "--project",
            "staging",
            "--argocd-namespace",
            &ctx.ns,
            "--kubeconfig",
            &kubeconfig,
        ])
        .run()
        .code(2);
        assert!(
            run.stderr.contains("no AppProject \"staging\""),
            "{}",
            run.stderr
        );
    })
    .await;
}

#[test]
fn an_unreachable_cluster_is_exit_4() {
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(
        &kubeconfig,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user: {token: x}\n",
    )
    .unwrap();
    let run = Cmd::new([
        "window",
        "check",
        "--project",
        "production",
        "--kubeconfig",
        kubeconfig.to_str().unwrap(),
    ])
    .run()
    .code(4);
    assert!(
        run.stderr.contains("cannot reach the cluster"),
        "{}",
        run.stderr
    );
}

/// A refusal from the API (403) is exit 1 with the server's reason, not "unreachable" (exit 4).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forbidden_read_is_exit_1_naming_the_refusal() {
    with_namespace("forbidden", |ctx| async move {
        ctx.kubectl(&["create", "serviceaccount", "nobody", "-n", &ctx.ns]);
        let out = std::process::Command::new(repo_root().join("scripts/cluster"))
            .args(["token", &ctx.ns, "nobody"])
            .output()
            .expect("scripts/cluster token");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let kubeconfig = String::from_utf8_lossy(&out.stdout).trim().to_string();
        for args in [
            vec![
                "window",
                "check",
                "--project",
                "production",
                "--argocd-namespace",
                &ctx.ns,
            ],
            vec!["analyze", "canary-success-rate", "-n", &ctx.ns],
            vec!["rollout", "get", "tr-web", "-n", &ctx.ns],
        ] {
            let mut args = args.clone();
            args.extend(["--kubeconfig", &kubeconfig]);
            let run = Cmd::new(&args).run();
            assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
            assert!(run.stderr.contains("forbidden"), "{args:?}: {}", run.stderr);
        }
    })
    .await;
}
