//! Flag documents in a ConfigMap of the real local cluster: the commands, the kill switch, and
//! concurrent writers that never lose an update.

mod support;

use k8s_openapi::api::core::v1::ConfigMap;
use kube::Api;
use kubectl_rollouts::kube::flag_store::Store;
use serde_json::{Value, json};
use support::*;

fn flags(ctx: &Ctx, args: &[&str]) -> Cmd {
    let mut all: Vec<String> = vec!["flags".into()];
    all.extend(args.iter().map(|s| s.to_string()));
    all.extend(["-n".into(), ctx.ns.clone()]);
    Cmd::new(all).env("KUBECONFIG", &ctx.env.kubeconfig)
}

async fn document(ctx: &Ctx, name: &str, key: &str) -> Value {
    let api: Api<ConfigMap> = Api::namespaced(ctx.client.clone(), &ctx.ns);
    let cm = api.get(name).await.unwrap();
    let text = cm.data.unwrap().remove(key).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flags_in_a_configmap_from_a_first_write_to_the_kill_switch() {
    with_namespace("flags", |ctx| async move {
        // Reading a ConfigMap that is not there names it.
        let run = flags(&ctx, &["list", "--configmap", "app-flags"])
            .run()
            .code(2);
        assert!(
            run.stderr
                .contains("--configmap: no ConfigMap \"app-flags\""),
            "{}",
            run.stderr
        );

        // The first write creates it, with flagd's default key.
        flags(
            &ctx,
            &[
                "enable",
                "new_search_ui",
                "--percentage",
                "25",
                "--configmap",
                "app-flags",
            ],
        )
        .run()
        .code(0);
        let doc = document(&ctx, "app-flags", "flags.flagd.json").await;
        assert_eq!(doc["$schema"], "https://flagd.dev/schema/v0/flags.json");
        assert_eq!(
            doc["flags"]["new_search_ui"]["targeting"],
            json!({"fractional": [["on", 25], ["off", 75]]})
        );

        let keys: Vec<String> = (0..400).map(|i| format!("user-{i}")).collect();
        let eval = |key: &str| {
            flags(
                &ctx,
                &[
                    "eval",
                    "new_search_ui",
                    "--key",
                    key,
                    "--configmap",
                    "app-flags",
                    "-o",
                    "json",
                ],
            )
            .run()
            .code(0)
            .json()
        };
        let on: Vec<&String> = keys
            .iter()
            .take(40)
            .filter(|k| eval(k)["value"] == json!(true))
            .collect();
        assert!(
            !on.is_empty() && on.len() < 40,
            "25% of 40 keys, got {}",
            on.len()
        );

        // The kill switch: off for everyone at once.
        flags(
            &ctx,
            &["disable", "new_search_ui", "--configmap", "app-flags"],
        )
        .run()
        .code(0);
        for key in on.iter().copied().chain(keys.iter().take(5)) {
            let r = eval(key);
            assert_eq!(
                (r["reason"].as_str(), &r["value"]),
                (Some("DISABLED"), &Value::Null),
                "{key}"
            );
        }
        let list = flags(&ctx, &["list", "--configmap", "app-flags", "-o", "json"])
            .run()
            .code(0)
            .json();
        assert_eq!(list[0]["state"], "DISABLED");

        // A custom key, beside the first one in the same ConfigMap.
        flags(
            &ctx,
            &[
                "enable",
                "beta",
                "--configmap",
                "app-flags",
                "--configmap-key",
                "beta.flagd.json",
            ],
        )
        .run()
        .code(0);
        let beta = document(&ctx, "app-flags", "beta.flagd.json").await;
        assert_eq!(beta["flags"]["beta"]["defaultVariant"], "on");
        let again = document(&ctx, "app-flags", "flags.flagd.json").await;
        assert_eq!(again, {
            let mut d = doc.clone();
            d["flags"]["new_search_ui"]["state"] = json!("DISABLED");
            d
        });
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_that_is_not_flagd_is_refused_naming_the_configmap() {
    with_namespace("flags-bad", |ctx| async move {
        ctx.kubectl(&[
            "create", "configmap", "bad", "-n", &ctx.ns,
            "--from-literal=flags.flagd.json={\"flags\": {\"f\": {\"state\": \"ON\", \"variants\": {\"a\": 1}}}}",
        ]);
        let run = flags(&ctx, &["enable", "f", "--configmap", "bad"]).run().code(2);
        assert!(
            run.stderr.contains(&format!("configmap {}/bad key flags.flagd.json: flags.f.state", ctx.ns)),
            "{}",
            run.stderr
        );
    })
    .await;
}

/// A second writer changes the ConfigMap between our read and our write: our write gets a
/// conflict, is redone on the fresh document, and both changes are there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflicting_write_is_retried_on_fresh_data() {
    with_namespace("flags-conflict", |ctx| async move {
        flags(&ctx, &["enable", "first", "--configmap", "app-flags"])
            .run()
            .code(0);
        let store = Store::configmap(ctx.client.clone(), &ctx.ns, "app-flags", "flags.flagd.json");
        let mut calls = 0;
        let written = store
            .update(|change| {
                calls += 1;
                if calls == 1 {
                    // Another process writes while we hold a stale copy.
                    flags(
                        &ctx,
                        &[
                            "enable",
                            "second",
                            "--percentage",
                            "5",
                            "--configmap",
                            "app-flags",
                        ],
                    )
                    .run()
                    .code(0);
                }
                kubectl_rollouts::flags::edit::enable(change.doc, "third", None, false)
            })
            .await
            .unwrap();
        assert_eq!(written.attempts, 2, "the first write conflicted");
        let doc = document(&ctx, "app-flags", "flags.flagd.json").await;
        let names: Vec<&String> = doc["flags"].as_object().unwrap().keys().collect();
        assert_eq!(names, ["first", "second", "third"]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_never_lose_an_update() {
    with_namespace("flags-race", |ctx| async move {
        let seed = repo_root().join("examples/flags/flags.flagd.json");
        ctx.kubectl(&[
            "create",
            "configmap",
            "app-flags",
            "-n",
            &ctx.ns,
            &format!("--from-file=flags.flagd.json={}", seed.display()),
        ]);
        let writers = 12;
        let handles: Vec<_> = (0..writers)
            .map(|i| {
                let cmd = if i % 3 == 0 {
                    flags(
                        &ctx,
                        &[
                            "disable",
                            "dark_mode",
                            "--configmap",
                            "app-flags",
                            "-o",
                            "json",
                        ],
                    )
                } else {
                    let name = format!("flag-{i}");
                    let p = i.to_string();
                    flags(
                        &ctx,
                        &[
                            "enable",
                            &name,
                            "--percentage",
                            &p,
                            "--configmap",
                            "app-flags",
                            "-o",
                            "json",
                        ],
                    )
                };
                std::thread::spawn(move || cmd.run().code(0).json())
            })
            .collect();
        let reports: Vec<Value> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let retried = reports
            .iter()
            .filter(|r| r["attempts"].as_u64() > Some(1))
            .count();
        eprintln!("{retried} of {writers} writers retried after a conflict");
        let doc = document(&ctx, "app-flags", "flags.flagd.json").await;
        for i in (0..writers).filter(|i| i % 3 != 0) {
            assert_eq!(
                doc["flags"][format!("flag-{i}")]["targeting"],
                json!({"fractional": [["on", i], ["off", 100 - i]]}),
                "flag-{i} was lost"
            );
        }
        assert_eq!(doc["flags"]["dark_mode"]["state"], "DISABLED");
        assert_eq!(
            doc["flags"]["experimental_editor"]["targeting"]["fractional"][0],
            json!(["on", 10])
        );
    })
    .await;
}
