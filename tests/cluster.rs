//! Tests against the real loopback cluster of `scripts/cluster` (etcd,
//! kube-apiserver, controller-manager, scheduler, kwok nodes) and Prometheus
//! scraping the metrics emitter. See `tests/support/mod.rs` and docs/cluster.md.

mod support;

use std::time::Duration;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::api::networking::v1::Ingress;
use kube::Api;
use kube::api::{ListParams, Patch, PatchParams, PostParams};
use serde_json::json;
use support::*;

fn deployment(name: &str, image: &str, replicas: i32) -> Deployment {
    serde_json::from_value(json!({
        "metadata": { "name": name },
        "spec": {
            "replicas": replicas,
            "selector": { "matchLabels": { "app": name } },
            "template": {
                "metadata": { "labels": { "app": name } },
                "spec": { "containers": [ { "name": "app", "image": image } ] }
            }
        }
    }))
    .unwrap()
}

/// Waits until the Deployment finished rolling out its current template.
async fn wait_rolled_out(api: &Api<Deployment>, name: &str, replicas: i32) -> Deployment {
    eventually(
        &format!("deployment {name} rolled out with {replicas} available replicas"),
        Duration::from_secs(90),
        || async {
            let d = api.get(name).await.map_err(|e| e.to_string())?;
            let st = d.status.clone().unwrap_or_default();
            let available = st.conditions.iter().flatten().any(|c| {
                c.type_.as_deref() == Some("Available") && c.status.as_deref() == Some("True")
            });
            let done = st.observed_generation == d.metadata.generation
                && st.updated_replicas == Some(replicas)
                && st.available_replicas == Some(replicas)
                && st.replicas == Some(replicas)
                && available;
            if done { Ok(d) } else { Err(format!("{st:?}")) }
        },
    )
    .await
}

fn image_of(d: &Deployment) -> String {
    d.spec.template.spec.as_ref().unwrap().containers[0]
        .image
        .clone()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deployment_becomes_available_updates_and_undoes() {
    with_namespace("deploy", |ctx| async move {
        let api: Api<Deployment> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        api.create(
            &PostParams::default(),
            &deployment("web", "example/web:1", 4),
        )
        .await
        .unwrap();
        wait_rolled_out(&api, "web", 4).await;

        let pods: Api<Pod> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        let list = pods
            .list(&ListParams::default().labels("app=web"))
            .await
            .unwrap();
        assert_eq!(list.items.len(), 4);
        for p in &list.items {
            let st = p.status.as_ref().unwrap();
            assert_eq!(
                st.phase.as_deref(),
                Some("Running"),
                "pod {:?}",
                p.metadata.name
            );
            assert!(
                p.spec
                    .as_ref()
                    .unwrap()
                    .node_name
                    .as_deref()
                    .unwrap_or("")
                    .starts_with("kwok-node-")
            );
        }

        let patch = json!({ "spec": { "template": { "spec": {
            "containers": [ { "name": "app", "image": "example/web:2" } ] } } } });
        api.patch("web", &PatchParams::default(), &Patch::Strategic(&patch))
            .await
            .unwrap();
        let d = wait_rolled_out(&api, "web", 4).await;
        assert_eq!(image_of(&d), "example/web:2");

        let rs_api: Api<ReplicaSet> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        let rss = rs_api
            .list(&ListParams::default().labels("app=web"))
            .await
            .unwrap();
        assert_eq!(rss.items.len(), 2, "two ReplicaSets after one update");
        let revision = |rs: &ReplicaSet| {
            rs.metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("deployment.kubernetes.io/revision").cloned())
                .unwrap_or_default()
        };
        let new_rs = rss
            .items
            .iter()
            .find(|rs| {
                rs.spec
                    .template
                    .as_ref()
                    .unwrap()
                    .spec
                    .as_ref()
                    .unwrap()
                    .containers[0]
                    .image
                    .as_deref()
                    == Some("example/web:2")
            })
            .expect("a ReplicaSet with the new image");
        assert_eq!(revision(new_rs), "2");
        assert_eq!(new_rs.status.as_ref().unwrap().ready_replicas, Some(4));

        ctx.kubectl(&["rollout", "undo", "deployment/web", "-n", &ctx.ns]);
        let d = eventually(
            "undo to reach the spec",
            Duration::from_secs(30),
            || async {
                let d = api.get("web").await.map_err(|e| e.to_string())?;
                if image_of(&d) == "example/web:1" {
                    Ok(d)
                } else {
                    Err(image_of(&d))
                }
            },
        )
        .await;
        assert_eq!(image_of(&d), "example/web:1");
        wait_rolled_out(&api, "web", 4).await;
        let rss = rs_api
            .list(&ListParams::default().labels("app=web"))
            .await
            .unwrap();
        assert_eq!(rss.items.len(), 2, "undo reuses the first ReplicaSet");
        assert!(
            rss.items.iter().any(|rs| revision(rs) == "3"),
            "undone ReplicaSet gets revision 3"
        );
    })
    .await;
}

async fn wait_ratio(env: &Env, query: &str, want: f64, tolerance: f64, timeout: Duration) -> f64 {
    eventually(
        &format!("`{query}` to be {want}±{tolerance}"),
        timeout,
        || async {
            match prom_query(env, query).await? {
                Some(v) if (v - want).abs() <= tolerance => Ok(v),
                other => Err(format!("{other:?}")),
            }
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prometheus_scrapes_emitter_error_ratio() {
    with_namespace("prom", |ctx| async move {
        let svc = format!("svc-{}", ctx.ns);
        emitter_put(ctx.env, &format!("/services/{svc}"),
            json!({ "rps": 200, "error_ratio": 0.05, "latency_ms": 20 })).await;
        let success = |range: &str| {
            format!(
                "sum(rate(http_requests_total{{service=\"{svc}\",status!~\"5..\"}}[{range}])) \
                 / sum(rate(http_requests_total{{service=\"{svc}\"}}[{range}]))"
            )
        };
        let v = wait_ratio(ctx.env, &success("1m"), 0.95, 0.01, Duration::from_secs(60)).await;
        eprintln!("success ratio at error_ratio 0.05: {v}");

        emitter_put(ctx.env, &format!("/services/{svc}"), json!({ "error_ratio": 0.2 })).await;
        let v = wait_ratio(ctx.env, &success("10s"), 0.8, 0.01, Duration::from_secs(60)).await;
        eprintln!("success ratio at error_ratio 0.2: {v}");

        // latency histogram is scraped too
        let p50 = prom_query(
            ctx.env,
            &format!("histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket{{service=\"{svc}\"}}[1m])))"),
        )
        .await
        .unwrap()
        .expect("a latency quantile");
        assert!(p50 > 0.01 && p50 <= 0.025, "p50 latency {p50} for 20 ms");
        emitter_delete(ctx.env, &format!("/services/{svc}")).await;
    })
    .await;
}

fn ingress(name: &str, service: &str, annotations: serde_json::Value) -> Ingress {
    serde_json::from_value(json!({
        "metadata": { "name": name, "annotations": annotations },
        "spec": {
            "ingressClassName": "nginx",
            "rules": [ { "host": "app.example", "http": { "paths": [ {
                "path": "/", "pathType": "Prefix",
                "backend": { "service": { "name": service, "port": { "number": 80 } } }
            } ] } } ]
        }
    }))
    .unwrap()
}

/// Canary share of the requests the emitter adds over one measuring window.
/// Asserts the canary share measured over 2 s is `want`, within 4 standard deviations of a
/// binomial sample of that many requests (a fixed ±0.02 failed about one run in fourteen at
/// 2,000 requests, and more often when the machine is loaded and fewer requests are sent).
async fn assert_canary_share(env: &Env, stable: &str, canary: &str, want: f64) {
    let (share, n) = measured_canary_share(env, stable, canary).await;
    let bound = 4.0 * (want * (1.0 - want) / n).sqrt() + 0.002;
    assert!(
        (share - want).abs() <= bound,
        "canary share {share} of {n} requests, want {want} +- {bound:.3}"
    );
}

async fn measured_canary_share(env: &Env, stable: &str, canary: &str) -> (f64, f64) {
    let (s0, c0) = (
        emitter_requests(env, stable).await,
        emitter_requests(env, canary).await,
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (s1, c1) = (
        emitter_requests(env, stable).await,
        emitter_requests(env, canary).await,
    );
    let (ds, dc) = (s1 - s0, c1 - c0);
    assert!(
        ds + dc > 500.0,
        "route sends traffic: stable +{ds}, canary +{dc}"
    );
    (dc / (ds + dc), ds + dc)
}

async fn wait_route_share(env: &Env, route: &str, want: f64) {
    eventually(
        &format!("emitter route {route} to see canary share {want}"),
        Duration::from_secs(20),
        || async {
            let text = emitter_get(env, &format!("/routes/{route}")).await?;
            let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            match v["canary_share"].as_f64() {
                Some(s) if (s - want).abs() < 1e-9 => Ok(()),
                _ => Err(text),
            }
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn canary_ingress_weight_moves_emitter_traffic() {
    with_namespace("canary", |ctx| async move {
        let api: Api<Ingress> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        api.create(&PostParams::default(), &ingress("app", "app-stable", json!({})))
            .await
            .unwrap();
        api.create(
            &PostParams::default(),
            &ingress(
                "app-canary",
                "app-canary",
                json!({
                    "nginx.ingress.kubernetes.io/canary": "true",
                    "nginx.ingress.kubernetes.io/canary-weight": "30"
                }),
            ),
        )
        .await
        .unwrap();
        let route = format!("route-{}", ctx.ns);
        let stable = format!("{route}-stable");
        let canary = format!("{route}-canary");
        emitter_put(ctx.env, &format!("/routes/{route}"), json!({
            "namespace": ctx.ns, "stable_service": stable, "canary_service": canary,
            "canary_ingress": "app-canary", "rps": 1000
        }))
        .await;
        wait_route_share(ctx.env, &route, 0.3).await;
        assert_canary_share(ctx.env, &stable, &canary, 0.3).await;

        // Prometheus sees the same split.
        let q = format!(
            "sum(rate(http_requests_total{{service=\"{canary}\"}}[5s])) / \
             (sum(rate(http_requests_total{{service=\"{canary}\"}}[5s])) + sum(rate(http_requests_total{{service=\"{stable}\"}}[5s])))"
        );
        let v = wait_ratio(ctx.env, &q, 0.3, 0.02, Duration::from_secs(30)).await;
        eprintln!("prometheus canary share: {v}");

        // Moving the weight moves the traffic.
        let patch = json!({ "metadata": { "annotations": {
            "nginx.ingress.kubernetes.io/canary-weight": "60" } } });
        api.patch("app-canary", &PatchParams::default(), &Patch::Merge(&patch))
            .await
            .unwrap();
        wait_route_share(ctx.env, &route, 0.6).await;
        assert_canary_share(ctx.env, &stable, &canary, 0.6).await;

        // Without the canary annotation everything goes to stable.
        let patch = json!({ "metadata": { "annotations": {
            "nginx.ingress.kubernetes.io/canary": "false" } } });
        api.patch("app-canary", &PatchParams::default(), &Patch::Merge(&patch))
            .await
            .unwrap();
        wait_route_share(ctx.env, &route, 0.0).await;

        emitter_delete(ctx.env, &format!("/routes/{route}")).await;
        emitter_delete(ctx.env, &format!("/services/{stable}")).await;
        emitter_delete(ctx.env, &format!("/services/{canary}")).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_account_token_is_limited_by_its_role() {
    with_namespace("rbac", |ctx| async move {
        let other = format!("rbac-other-{}", suffix());
        create_namespace(&ctx.client, &other).await;
        let manifest = format!(
            r#"apiVersion: v1
kind: ServiceAccount
metadata: {{name: reader, namespace: {ns}}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {{name: pod-reader, namespace: {ns}}}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {{name: reader, namespace: {ns}}}
roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}}
subjects:
- {{kind: ServiceAccount, name: reader, namespace: {ns}}}
"#,
            ns = ctx.ns
        );
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), manifest).unwrap();
        ctx.kubectl(&["apply", "-f", file.path().to_str().unwrap()]);

        let out = std::process::Command::new(repo_root().join("scripts/cluster"))
            .args(["token", &ctx.ns, "reader"])
            .output()
            .expect("scripts/cluster token");
        assert!(
            out.status.success(),
            "scripts/cluster token: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let kubeconfig = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let reader = client_for(std::path::Path::new(&kubeconfig)).await;

        let own: Api<Pod> = Api::namespaced(reader.clone(), &ctx.ns);
        let pods = eventually(
            "the RoleBinding to take effect",
            Duration::from_secs(10),
            || async {
                own.list(&ListParams::default())
                    .await
                    .map_err(|e| e.to_string())
            },
        )
        .await;
        assert!(pods.items.is_empty());

        let theirs: Api<Pod> = Api::namespaced(reader.clone(), &other);
        match theirs.list(&ListParams::default()).await {
            Err(kube::Error::Api(s)) => assert_eq!(s.code, 403, "{s:?}"),
            other => panic!("listing pods in {other:?} should be forbidden"),
        }
        let deployments: Api<Deployment> = Api::namespaced(reader, &ctx.ns);
        match deployments.list(&ListParams::default()).await {
            Err(kube::Error::Api(s)) => assert_eq!(s.code, 403, "{s:?}"),
            other => panic!("listing deployments should be forbidden: {other:?}"),
        }
        delete_namespace(&ctx.client, &other).await;
    })
    .await;
}

/// kube/streaming.rs against the real API server: a watch starts with the objects there are,
/// including one written just before (a consistent read), and when it ends (its timeout, 1 s
/// here) it is resumed from where it was, without listing again, so a later change arrives.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_streaming_watch_starts_with_its_objects_and_resumes_without_listing_again() {
    use futures::StreamExt;
    use k8s_openapi::api::core::v1::ConfigMap;
    use kube::ResourceExt;
    use kube::runtime::watcher::{Config, Event};

    with_namespace("stream", |ctx| async move {
        let api: Api<ConfigMap> = Api::namespaced(ctx.client.clone(), &ctx.ns);
        let cm = |name: &str| -> ConfigMap {
            serde_json::from_value(
                json!({"metadata": {"name": name, "labels": {"kr-test": "stream"}},
                "data": {"k": "v"}}),
            )
            .unwrap()
        };
        api.create(&PostParams::default(), &cm("a")).await.unwrap();
        // The selector keeps out the namespace's own kube-root-ca.crt.
        let config = Config::default().labels("kr-test=stream").timeout(1);
        let mut events = kubectl_rollouts::kube::streaming::watcher(api.clone(), config);
        let mut next = async || {
            tokio::time::timeout(Duration::from_secs(20), events.next())
                .await
                .expect("an event within 20 s")
                .expect("the stream goes on")
                .expect("no watch error")
        };
        assert!(matches!(next().await, Event::Init));
        let mut initial = Vec::new();
        loop {
            match next().await {
                Event::InitApply(o) => initial.push(o.name_any()),
                Event::InitDone => break,
                other => panic!("{other:?} before InitDone"),
            }
        }
        assert_eq!(initial, ["a"]);
        // Past the watch's timeout: the next change comes through a resumed watch.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        api.create(&PostParams::default(), &cm("b")).await.unwrap();
        match next().await {
            Event::Apply(o) => assert_eq!(o.name_any(), "b"),
            other => panic!("{other:?}: a resumed watch delivers the change, and no relist"),
        }
    })
    .await;
}
