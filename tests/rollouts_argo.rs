//! `rollout run` refuses to race an Argo Rollouts controller. A binary of its own: the fake
//! controller is visible cluster-wide, so it must not run beside the other driver tests (cargo
//! runs test binaries one after another).

mod support;

use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Pod;
use kube::Api;
use kube::api::{DeleteParams, PostParams};
use serde_json::json;
use support::*;

fn bin() -> String {
    std::env::var("KUBECTL_ROLLOUTS_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_kubectl-rollouts").to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_refuses_while_an_argo_rollouts_controller_runs_unless_forced() {
    with_namespace("ro-argo", |ctx| async move {
        let run = |args: &[&str]| {
            let o = std::process::Command::new(bin())
                .env("KUBECONFIG", &ctx.env.kubeconfig)
                .args(["-n", &ctx.ns])
                .args(args)
                .output()
                .unwrap();
            (
                o.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        };
        assert_eq!(run(&["install"]).0, 0);
        let rollout = json!({
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "web"},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "web", "image": "example/web:1"}]}},
                "strategy": {"canary": {"steps": [{"setWeight": 50}]}}}
        });
        let file = std::env::temp_dir().join(format!("kr-{}.json", ctx.ns));
        std::fs::write(&file, rollout.to_string()).unwrap();
        ctx.kubectl(&["apply", "-n", &ctx.ns, "-f", file.to_str().unwrap()]);
        // Argo's manifests and Helm chart label the controller's pods so.
        let pods: Api<Pod> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        let argo: Pod = serde_json::from_value(json!({
            "metadata": {"name": "argo-rollouts-0", "labels": {"app.kubernetes.io/name": "argo-rollouts"}},
            "spec": {"containers": [{"name": "c", "image": "argo"}]}
        }))
        .unwrap();
        pods.create(&PostParams::default(), &argo).await.unwrap();

        let (code, stderr) = run(&["rollout", "run", "web"]);
        assert_eq!(code, 2, "{stderr}");
        let named = format!("pod {}/argo-rollouts-0", ctx.ns);
        assert!(stderr.contains(&named), "names {named}: {stderr}");
        assert!(stderr.contains("--force"), "{stderr}");
        let (code, stderr) = run(&["rollout", "run", "web", "--force"]);
        assert_eq!(code, 0, "{stderr}");

        pods.delete("argo-rollouts-0", &DeleteParams::default().grace_period(0))
            .await
            .unwrap();
        eventually(
            "the fake controller gone",
            Duration::from_secs(30),
            || async {
                match pods.get_opt("argo-rollouts-0").await {
                    Ok(None) => Ok(()),
                    other => Err(format!("{other:?}")),
                }
            },
        )
        .await;

        // A Deployment of Argo's scaled to zero (how a team turns it off to move to this
        // driver) runs no controller.
        let deployments: Api<Deployment> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        let off: Deployment = serde_json::from_value(json!({
            "metadata": {"name": "argo-rollouts"},
            "spec": {"replicas": 0, "selector": {"matchLabels": {"app.kubernetes.io/name": "argo-rollouts"}},
                "template": {"metadata": {"labels": {"app.kubernetes.io/name": "argo-rollouts"}},
                    "spec": {"containers": [{"name": "c", "image": "argo"}]}}}
        }))
        .unwrap();
        deployments
            .create(&PostParams::default(), &off)
            .await
            .unwrap();
        let (code, stderr) = run(&["rollout", "run", "web"]);
        assert_eq!(code, 0, "{stderr}");

        // A controller run as a local process has no Deployment or pod to see, but it holds its
        // leader-election Lease while it works.
        let leases: Api<k8s_openapi::api::coordination::v1::Lease> =
            Api::namespaced(ctx.client.clone(), &ctx.ns);
        let renewed = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let lease = serde_json::from_value(json!({
            "metadata": {"name": "argo-rollouts-controller-lock"},
            "spec": {"holderIdentity": "laptop-controller", "leaseDurationSeconds": 300,
                "renewTime": renewed}
        }))
        .unwrap();
        leases.create(&PostParams::default(), &lease).await.unwrap();
        let (code, stderr) = run(&["rollout", "run", "web"]);
        assert_eq!(code, 2, "{stderr}");
        let named = format!(
            "Lease {}/argo-rollouts-controller-lock held by laptop-controller",
            ctx.ns
        );
        assert!(stderr.contains(&named), "names {named}: {stderr}");
        leases
            .delete("argo-rollouts-controller-lock", &DeleteParams::default())
            .await
            .unwrap();
    })
    .await;
}
