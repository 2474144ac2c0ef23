//! Rollouts driven on Argo Rollouts' own CRDs (vendored, unmodified) instead of ours: every
//! status we write is accepted, a Rollout Argo's controller made Healthy is taken over without a
//! new canary, and a status the API server refuses stops the driver with nothing changed.
//! A binary of its own: it swaps the cluster-wide CRDs and puts ours back at the end, so it must
//! not run beside the other driver tests (cargo runs test binaries one after another).

mod support;

use std::time::Duration;

use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Api;
use kube::api::{DeleteParams, ListParams, Patch, PatchParams, PostParams};
use kubectl_rollouts::spec::rollout::Rollout;
use serde_json::{Value, json};
use support::drive::*;
use support::*;

const KINDS: [&str; 5] = [
    "rollouts",
    "analysisruns",
    "analysistemplates",
    "clusteranalysistemplates",
    "experiments",
];

fn argo_crd(kind: &str) -> CustomResourceDefinition {
    let file = repo().join(format!(
        "tests/fixtures/argo-rollouts-crds/{}-crd.yaml",
        match kind {
            "rollouts" => "rollout",
            "analysisruns" => "analysis-run",
            "analysistemplates" => "analysis-template",
            "clusteranalysistemplates" => "cluster-analysis-template",
            _ => "experiment",
        }
    ));
    serde_saphyr::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap()
}

async fn delete_crds(crds: &Api<CustomResourceDefinition>) {
    for kind in KINDS {
        let name = format!("{kind}.argoproj.io");
        let _ = crds.delete(&name, &DeleteParams::default()).await;
        eventually(
            &format!("CRD {name} deleted"),
            Duration::from_secs(60),
            || async {
                match crds.get_opt(&name).await {
                    Ok(None) => Ok(()),
                    other => Err(format!("{:?}", other.map(|c| c.map(|c| c.metadata.name)))),
                }
            },
        )
        .await;
    }
}

async fn established(crds: &Api<CustomResourceDefinition>, name: &str) {
    eventually(
        &format!("CRD {name} established"),
        Duration::from_secs(60),
        || async {
            let c = crds.get(name).await.map_err(|e| e.to_string())?;
            let ok = c
                .status
                .and_then(|s| s.conditions)
                .unwrap_or_default()
                .iter()
                .any(|c| c.type_ == "Established" && c.status == "True");
            if ok { Ok(()) } else { Err("not yet".into()) }
        },
    )
    .await;
}

async fn replica_sets(ctx: &Ctx, app: &str) -> Vec<ReplicaSet> {
    Api::<ReplicaSet>::namespaced(ctx.client.clone(), &ctx.ns)
        .list(&ListParams::default().labels(&format!("app={app}")))
        .await
        .unwrap()
        .items
}

async fn body(ctx: Ctx) {
    let rollouts: Api<Rollout> = Api::namespaced(ctx.client.clone(), &ctx.ns);

    // A canary from first revision through a paused step to promotion, on Argo's CRDs.
    apply_objects(&ctx, canary_objects("web"));
    rollouts
        .create(
            &PostParams::default(),
            &serde_json::from_value(canary_rollout("web")).unwrap(),
        )
        .await
        .unwrap();
    expect(
        &run(&ctx, &["rollout", "run", "web", "--timeout", "60s"]).await,
        0,
    );
    let st = rollouts.get("web").await.unwrap().status.unwrap();
    assert_eq!(st.phase.as_deref(), Some("Healthy"), "{st:?}");
    assert!(
        st.conditions.iter().all(|c| c.message.is_some()),
        "{:?}",
        st.conditions
    );
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
    let st = rollouts.get("web").await.unwrap().status.unwrap();
    assert_eq!(
        (st.phase.as_deref(), st.current_step_index),
        (Some("Paused"), Some(1))
    );
    expect(&run(&ctx, &["promote", "web"]).await, 0);
    expect(
        &run(&ctx, &["rollout", "run", "web", "--timeout", "60s"]).await,
        0,
    );
    let st = rollouts.get("web").await.unwrap().status.unwrap();
    assert_eq!(st.phase.as_deref(), Some("Healthy"));
    assert_eq!(st.stable_rs, st.current_pod_hash);

    // A Rollout Argo's controller made Healthy: its ReplicaSet carries Argo's hash (not ours)
    // and its status names it. Taking it over changes nothing: no canary of an identical copy.
    apply_objects(&ctx, canary_objects("argo"));
    let created = rollouts
        .create(
            &PostParams::default(),
            &serde_json::from_value(canary_rollout("argo")).unwrap(),
        )
        .await
        .unwrap();
    let argo_hash = "6d9f7b8c4d";
    let mut template = created.spec.template.clone().unwrap();
    template
        .metadata
        .get_or_insert_with(Default::default)
        .labels
        .get_or_insert_with(Default::default)
        .insert("rollouts-pod-template-hash".into(), argo_hash.into());
    let rs: ReplicaSet = serde_json::from_value(json!({
        "metadata": {"name": format!("argo-{argo_hash}"),
            "labels": {"app": "argo", "rollouts-pod-template-hash": argo_hash},
            "annotations": {"rollout.argoproj.io/revision": "1"},
            "ownerReferences": [{"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
                "name": "argo", "uid": created.metadata.uid, "controller": true,
                "blockOwnerDeletion": true}]},
        "spec": {"replicas": 2,
            "selector": {"matchLabels": {"app": "argo", "rollouts-pod-template-hash": argo_hash}},
            "template": template}
    }))
    .unwrap();
    Api::<ReplicaSet>::namespaced(ctx.client.clone(), &ctx.ns)
        .create(&PostParams::default(), &rs)
        .await
        .unwrap();
    for svc in ["argo-stable", "argo-canary"] {
        ctx.kubectl(&[
            "patch",
            "svc",
            svc,
            "-n",
            &ctx.ns,
            "--type",
            "merge",
            "-p",
            &json!({"spec": {"selector": {"rollouts-pod-template-hash": argo_hash}}}).to_string(),
        ]);
    }
    let status = json!({"status": {"stableRS": argo_hash, "currentPodHash": argo_hash,
        "currentStepIndex": 2, "phase": "Healthy", "observedGeneration": "1"}});
    rollouts
        .patch_status("argo", &PatchParams::default(), &Patch::Merge(&status))
        .await
        .unwrap();
    eventually(
        "Argo's ReplicaSet available",
        Duration::from_secs(60),
        || async {
            let rss = replica_sets(&ctx, "argo").await;
            let available = rss[0].status.as_ref().and_then(|s| s.available_replicas);
            if available == Some(2) {
                Ok(())
            } else {
                Err(format!("{available:?}"))
            }
        },
    )
    .await;
    expect(
        &run(&ctx, &["rollout", "run", "argo", "--timeout", "60s"]).await,
        0,
    );
    let rss = replica_sets(&ctx, "argo").await;
    assert_eq!(
        rss.len(),
        1,
        "no new ReplicaSet for the same template: {rss:?}"
    );
    let st = rollouts.get("argo").await.unwrap().status.unwrap();
    assert_eq!(st.current_pod_hash.as_deref(), Some(argo_hash));
    assert_eq!(st.stable_rs.as_deref(), Some(argo_hash));

    // A CRD whose status schema wants a field we never write: the driver stops at its first
    // status write, before it changes anything, and a rerun is no first revision either.
    let crds: Api<CustomResourceDefinition> = Api::all(ctx.client.clone());
    let patch = json!([{"op": "add",
        "path": "/spec/versions/0/schema/openAPIV3Schema/properties/status/required",
        "value": ["neverWritten"]}]);
    crds.patch(
        "rollouts.argoproj.io",
        &PatchParams::default(),
        &Patch::<Value>::Json(serde_json::from_value(patch).unwrap()),
    )
    .await
    .unwrap();
    let before: Vec<_> = replica_sets(&ctx, "web")
        .await
        .into_iter()
        .map(|r| r.metadata.name)
        .collect();
    let weight = || {
        ctx.kubectl(&[
            "get",
            "ingress",
            "web-web-ingress-canary",
            "-n",
            &ctx.ns,
            "-o",
            "jsonpath={.metadata.annotations.nginx\\.ingress\\.kubernetes\\.io/canary-weight}",
        ])
    };
    let weight_before = weight();
    let out = run(
        &ctx,
        &[
            "rollout",
            "run",
            "web",
            "--image",
            "web=example/web:3",
            "--timeout",
            "30s",
        ],
    )
    .await;
    expect(&out, 1);
    assert!(out.stderr.contains("refused the status"), "{}", out.stderr);
    let after: Vec<_> = replica_sets(&ctx, "web")
        .await
        .into_iter()
        .map(|r| r.metadata.name)
        .collect();
    assert_eq!(before, after, "no ReplicaSet created or removed");
    assert_eq!(weight(), weight_before, "traffic unchanged");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rollouts_run_on_argos_own_crds() {
    let env = env();
    let client = client_for(&env.kubeconfig).await;
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    delete_crds(&crds).await;
    for kind in KINDS {
        let crd = argo_crd(kind);
        let name = crd.metadata.name.clone().unwrap();
        crds.patch(
            &name,
            &PatchParams::apply("kr-test").force(),
            &Patch::Apply(&crd),
        )
        .await
        .unwrap();
        established(&crds, &name).await;
    }
    let result = tokio::spawn(async { with_namespace("ro-argocrd", body).await }).await;
    // The suite's CRDs back, whatever happened: ours, or Argo's when the whole suite runs on
    // them (KR_ARGO_CRDS=1 scripts/test).
    delete_crds(&crds).await;
    let which = if std::env::var("KR_ARGO_CRDS").as_deref() == Ok("1") {
        "argo"
    } else {
        "ours"
    };
    let out = std::process::Command::new(repo().join("scripts/use-crds"))
        .env("KUBECONFIG", &env.kubeconfig)
        .env("BIN", bin())
        .arg(which)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if let Err(e) = result {
        std::panic::resume_unwind(e.into_panic());
    }
}
