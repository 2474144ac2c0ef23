//! Argo Rollouts' own controller (built from its Go module, run by scripts/argo-controller as a
//! `--namespaced --instance-id argo` controller of the test's namespace) and this driver on the
//! same Rollout, handed from one to the other by Argo's instance-ID label: the driver refuses a
//! Rollout Argo's controller drives, takes over one Argo made Healthy without a canary of the
//! unchanged template, and Argo's controller adopts what the driver made and reads its promote.

mod support;

use std::process::Command;
use std::time::Duration;

use k8s_openapi::api::apps::v1::ReplicaSet;
use kube::Api;
use kube::api::{ListParams, PostParams};
use kubectl_rollouts::spec::rollout::Rollout;
use serde_json::{Value, json};
use support::drive::*;
use support::*;

const INSTANCE: &str = "argo-rollouts.argoproj.io/controller-instance-id";

/// Argo's controller for one namespace; stopped when dropped.
struct Controller {
    ns: String,
    env: &'static Env,
}

impl Controller {
    fn script(env: &Env, args: &[&str]) -> std::process::Output {
        Command::new(repo().join("scripts/argo-controller"))
            .env("KUBECONFIG", &env.kubeconfig)
            .args(args)
            .output()
            .expect("running scripts/argo-controller")
    }

    fn start(ctx: &Ctx, instance: &str) -> Controller {
        let out = Self::script(ctx.env, &["start", &ctx.ns, "--instance-id", instance]);
        assert!(
            out.status.success(),
            "scripts/argo-controller start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Controller {
            ns: ctx.ns.clone(),
            env: ctx.env,
        }
    }

    fn log(&self) -> String {
        let out = Self::script(self.env, &["log", &self.ns]);
        let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
        std::fs::read_to_string(path).unwrap_or_default()
    }
}

impl Drop for Controller {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let log = self.log();
            let tail: Vec<&str> = log.lines().rev().take(60).collect();
            eprintln!("===== Argo controller log (last 60 lines, newest first) =====");
            for l in tail {
                eprintln!("{l}");
            }
        }
        let _ = Self::script(self.env, &["stop", &self.ns]);
    }
}

/// The shared canary Rollout, for Argo's controller started with `--instance-id argo`.
fn rollout(name: &str) -> Value {
    let mut ro = canary_rollout(name);
    ro["metadata"]["labels"] = json!({INSTANCE: "argo"});
    ro
}

async fn replica_sets(ctx: &Ctx) -> Vec<ReplicaSet> {
    Api::<ReplicaSet>::namespaced(ctx.client.clone(), &ctx.ns)
        .list(&ListParams::default().labels("app=web"))
        .await
        .unwrap()
        .items
}

fn image(rs: &ReplicaSet) -> String {
    let pod = rs.spec.template.as_ref().unwrap();
    pod.spec.as_ref().unwrap().containers[0]
        .image
        .clone()
        .unwrap_or_default()
}

fn canary_weight(ctx: &Ctx) -> String {
    ctx.kubectl(&[
        "get",
        "ingress",
        "web-web-ingress-canary",
        "-n",
        &ctx.ns,
        "-o",
        "jsonpath={.metadata.annotations.nginx\\.ingress\\.kubernetes\\.io/canary-weight}",
    ])
}

/// Waits until the Rollout's status satisfies `ok` (Argo's controller works on its own time).
async fn status_until(
    ctx: &Ctx,
    what: &str,
    ok: impl Fn(&kubectl_rollouts::spec::rollout::RolloutStatus) -> bool,
) -> kubectl_rollouts::spec::rollout::RolloutStatus {
    let rollouts: Api<Rollout> = Api::namespaced(ctx.client.clone(), &ctx.ns);
    eventually(what, Duration::from_secs(90), || async {
        let st = rollouts
            .get("web")
            .await
            .unwrap()
            .status
            .unwrap_or_default();
        if ok(&st) {
            Ok(st)
        } else {
            Err(format!(
                "phase {:?} step {:?} stable {:?} current {:?} message {:?}",
                st.phase, st.current_step_index, st.stable_rs, st.current_pod_hash, st.message
            ))
        }
    })
    .await
}

fn label(ctx: &Ctx, value: Option<&str>) {
    let arg = match value {
        Some(v) => format!("{INSTANCE}={v}"),
        None => format!("{INSTANCE}-"),
    };
    ctx.kubectl(&[
        "label",
        "rollout",
        "web",
        "-n",
        &ctx.ns,
        "--overwrite",
        &arg,
    ]);
}

async fn body(ctx: Ctx) {
    install(&ctx).await;
    let controller = Controller::start(&ctx, "argo");
    let rollouts: Api<Rollout> = Api::namespaced(ctx.client.clone(), &ctx.ns);
    apply_objects(&ctx, canary_objects("web"));
    rollouts
        .create(
            &PostParams::default(),
            &serde_json::from_value(rollout("web")).unwrap(),
        )
        .await
        .unwrap();

    // Argo's controller makes the first revision Healthy.
    let argo = status_until(&ctx, "Argo's first revision Healthy", |st| {
        st.phase.as_deref() == Some("Healthy") && st.stable_rs.is_some()
    })
    .await;
    let argo_hash = argo.stable_rs.clone().unwrap();

    // While Argo's controller drives it, the driver refuses.
    let out = run(&ctx, &["rollout", "run", "web", "--timeout", "30s"]).await;
    expect(&out, 2);
    assert!(
        out.stderr.contains("Argo Rollouts controller is running")
            && out.stderr.contains("argo-rollouts-controller-lock-argo"),
        "{}",
        out.stderr
    );

    // Handed to the driver: the unchanged template is Argo's revision, no canary of a copy.
    label(&ctx, None);
    expect(
        &run(&ctx, &["rollout", "run", "web", "--timeout", "60s"]).await,
        0,
    );
    let rss = replica_sets(&ctx).await;
    assert_eq!(rss.len(), 1, "no second ReplicaSet: {rss:?}");
    let st = rollouts.get("web").await.unwrap().status.unwrap();
    assert_eq!(st.stable_rs.as_deref(), Some(argo_hash.as_str()));
    assert_eq!(st.current_pod_hash.as_deref(), Some(argo_hash.as_str()));

    // A new image through the driver's canary, paused at 50%, promoted.
    let out = run(
        &ctx,
        &[
            "rollout",
            "run",
            "web",
            "--image",
            "web=example/web:2",
            "--timeout",
            "60s",
        ],
    )
    .await;
    expect(&out, 3);
    assert_eq!(canary_weight(&ctx), "50");
    expect(&run(&ctx, &["promote", "web"]).await, 0);
    expect(
        &run(&ctx, &["rollout", "run", "web", "--timeout", "60s"]).await,
        0,
    );
    let ours = rollouts.get("web").await.unwrap().status.unwrap();
    assert_eq!(ours.phase.as_deref(), Some("Healthy"));
    let our_hash = ours.stable_rs.clone().unwrap();
    assert_ne!(our_hash, argo_hash);

    // Handed back: Argo's controller adopts the driver's revision as stable (no new
    // ReplicaSet for it) and runs the next image's canary to the pause.
    label(&ctx, Some("argo"));
    let out = run(&ctx, &["rollout", "run", "web", "--timeout", "30s"]).await;
    expect(&out, 2);
    ctx.kubectl(&[
        "patch",
        "rollout",
        "web",
        "-n",
        &ctx.ns,
        "--type",
        "json",
        "-p",
        r#"[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"example/web:3"}]"#,
    ]);
    let paused = status_until(&ctx, "Argo's canary paused at step 1", |st| {
        st.current_step_index == Some(1)
            && !st.pause_conditions.is_empty()
            && st.current_pod_hash.as_deref() != Some(our_hash.as_str())
    })
    .await;
    assert_eq!(paused.stable_rs.as_deref(), Some(our_hash.as_str()));
    let rss = replica_sets(&ctx).await;
    let twos = rss.iter().filter(|r| image(r) == "example/web:2").count();
    assert_eq!(twos, 1, "Argo adopted the driver's ReplicaSet: {rss:?}");
    eventually(
        "Argo's canary weight 50",
        Duration::from_secs(30),
        || async {
            match canary_weight(&ctx).as_str() {
                "50" => Ok(()),
                w => Err(w.to_string()),
            }
        },
    )
    .await;

    // The driver's promote is Argo's: its controller finishes the rollout.
    let out = run(&ctx, &["promote", "web"]).await;
    expect(&out, 0);
    assert!(
        out.stderr.contains("the Argo Rollouts controller") && out.stderr.contains("drives it"),
        "recorded for Argo's controller, no driver of ours started: {}",
        out.stderr
    );
    let done = status_until(&ctx, "Argo's rollout Healthy after our promote", |st| {
        st.phase.as_deref() == Some("Healthy") && st.stable_rs == st.current_pod_hash
    })
    .await;
    assert_ne!(done.stable_rs.as_deref(), Some(our_hash.as_str()));
    drop(controller);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rollout_handed_between_argos_controller_and_the_driver() {
    with_namespace("ro-argoctl", body).await;
}
