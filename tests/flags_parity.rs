//! Our flag evaluation side by side with flagd's own JavaScript evaluator
//! (`@openfeature/flagd-core`): the same flag files, many generated contexts, the same variant,
//! value and reason.

mod support;

use std::sync::Mutex;

use kubectl_rollouts::flags::edit::{self, Percent};
use kubectl_rollouts::flags::{Compiled, model, murmur3};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use support::flagd::FlagdCore;

const PARITY: &str = include_str!("fixtures/flags/parity.flagd.json");
const SEED: &str = include_str!("../examples/flags/flags.flagd.json");

/// Our answer in flagd-core's shape: the application default (null here) where we give none.
fn ours(doc: &Value, flag: &str, context: &Value) -> Value {
    ours_many(doc, flag, std::slice::from_ref(context)).remove(0)
}

/// Our answers for many contexts, the document parsed and the flag compiled once.
fn ours_many(doc: &Value, flag: &str, contexts: &[Value]) -> Vec<Value> {
    let set = model::parse(doc).expect("the document parses");
    let compiled = Compiled::new(set.require(flag).unwrap()).expect("the flag compiles");
    contexts
        .iter()
        .map(|context| {
            let ctx: Map<String, Value> = context.as_object().cloned().unwrap_or_default();
            let r = compiled.evaluate(&ctx, 0);
            json!({"variant": r.variant, "value": r.value, "reason": r.reason.as_str()})
        })
        .collect()
}

fn theirs(answer: &Value) -> Value {
    json!({"variant": answer["variant"], "value": answer["value"], "reason": answer["reason"]})
}

/// Deterministic contexts: splitmix64 over an index, so a failure names a reproducible case.
fn contexts(n: usize, seed: u64) -> Vec<Value> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let pick = |r: u64, xs: &[Value]| xs[(r % xs.len() as u64) as usize].clone();
    let domains = ["faas.com", "example.org", "beta.io"];
    let versions = [
        json!("1.4.2"),
        json!("v2.0.0"),
        json!("2.0.0-rc.1"),
        json!("0.9.3"),
        json!("1.2"),
        json!("1"),
        json!("banana"),
        json!("01.2.3"),
        json!("1.9.9+build.7"),
        json!(2),
        json!(null),
    ];
    (0..n)
        .map(|i| {
            let mut ctx = Map::new();
            let r = next();
            if r % 10 != 0 {
                let len = (next() % 24) as usize;
                let key: String = (0..len)
                    .map(|_| char::from(b' ' + (next() % 95) as u8))
                    .collect();
                ctx.insert("targetingKey".into(), json!(format!("{key}{i}")));
            }
            let local: String = (0..(1 + next() % 8))
                .map(|_| char::from(b'a' + (next() % 26) as u8))
                .collect();
            let local = if next() % 5 == 0 {
                format!("beta{local}")
            } else {
                local
            };
            ctx.insert(
                "email".into(),
                json!(format!("{local}@{}", domains[(next() % 3) as usize])),
            );
            if next() % 4 != 0 {
                ctx.insert(
                    "tier".into(),
                    pick(
                        next(),
                        &[
                            json!("premium"),
                            json!("gold"),
                            json!("free"),
                            json!("other"),
                        ],
                    ),
                );
            }
            ctx.insert("version".into(), pick(next(), &versions));
            ctx.insert(
                "age".into(),
                pick(next(), &[json!(42), json!("42"), json!(41), json!(null)]),
            );
            if next() % 3 == 0 {
                ctx.insert(
                    "pick".into(),
                    pick(next(), &[json!("on"), json!("off"), json!("nope")]),
                );
            }
            Value::Object(ctx)
        })
        .collect()
}

/// Compares every context; returns our answers.
fn assert_same(doc: &Value, core: &mut FlagdCore, flag: &str, ctxs: &[Value]) -> Vec<Value> {
    let answers = core.eval_many(flag, ctxs);
    let mine = ours_many(doc, flag, ctxs);
    for ((ctx, answer), ours) in ctxs.iter().zip(&answers).zip(&mine) {
        assert_eq!(ours, &theirs(answer), "flag {flag}, context {ctx}");
    }
    mine
}

#[test]
fn every_flag_of_the_parity_file_agrees_with_flagd_core_on_many_contexts() {
    let doc: Value = serde_json::from_str(PARITY).unwrap();
    let mut core = FlagdCore::start();
    core.load(PARITY);
    let ctxs = contexts(600, 1);
    let mut compared = 0;
    let mut reasons = std::collections::BTreeSet::new();
    for flag in doc["flags"].as_object().unwrap().keys() {
        let mine = assert_same(&doc, &mut core, flag, &ctxs);
        compared += mine.len();
        for r in &mine {
            reasons.insert(r["reason"].as_str().unwrap().to_string());
        }
    }
    // The file exercises every reason.
    for r in ["STATIC", "TARGETING_MATCH", "DEFAULT", "DISABLED", "ERROR"] {
        assert!(reasons.contains(r), "no case gave {r}: {reasons:?}");
    }
    eprintln!("compared {compared} evaluations with flagd-core");
}

#[test]
fn the_seed_flags_agree_with_flagd_core() {
    let doc: Value = serde_json::from_str(SEED).unwrap();
    let mut core = FlagdCore::start();
    core.load(SEED);
    let ctxs = contexts(2000, 2);
    for flag in ["new_search_ui", "dark_mode", "experimental_editor"] {
        assert_same(&doc, &mut core, flag, &ctxs);
    }
}

#[test]
fn flagd_published_header_color_vectors_through_both_evaluators() {
    let doc: Value = serde_json::from_str(PARITY).unwrap();
    let mut core = FlagdCore::start();
    core.load(PARITY);
    let cases = [
        ("rachel@faas.com", "blue"),
        ("monica@faas.com", "yellow"),
        ("joey@faas.com", "red"),
        ("ross@faas.com", "blue"),
    ];
    let ctxs: Vec<Value> = cases.iter().map(|(e, _)| json!({"email": e})).collect();
    let answers = core.eval_many("headerColor", &ctxs);
    for ((email, want), (ctx, answer)) in cases.iter().zip(ctxs.iter().zip(&answers)) {
        assert_eq!(answer["variant"], json!(want), "flagd-core, {email}");
        assert_eq!(
            ours(&doc, "headerColor", ctx)["variant"],
            json!(want),
            "ours, {email}"
        );
    }
}

#[test]
fn percentages_written_by_enable_evaluate_the_same_in_flagd_core_and_only_add_keys() {
    let seed: Value = serde_json::from_str(SEED).unwrap();
    let mut core = FlagdCore::start();
    let keys: Vec<Value> = (0..3000)
        .map(|i| json!({"targetingKey": format!("user-{i}")}))
        .collect();
    let mut previous: Option<Vec<bool>> = None;
    for p in ["0", "1", "2.5", "5", "25", "33.33", "50", "99.99", "100"] {
        let mut doc = seed.clone();
        edit::enable(
            &mut doc,
            "new_search_ui",
            Some(Percent::parse(p).unwrap()),
            false,
        )
        .unwrap();
        core.load(&doc.to_string());
        let mine = assert_same(&doc, &mut core, "new_search_ui", &keys);
        let on: Vec<bool> = mine.iter().map(|a| a["value"] == json!(true)).collect();
        let share = on.iter().filter(|x| **x).count() as f64 / keys.len() as f64 * 100.0;
        let want: f64 = p.parse().unwrap();
        assert!(
            (share - want).abs() < 2.5,
            "{p}%: {share:.2}% of keys are on"
        );
        if let Some(prev) = &previous {
            for (i, (was, is)) in prev.iter().zip(&on).enumerate() {
                assert!(!was || *is, "user-{i} was on below {p}% and is off at {p}%");
            }
        }
        previous = Some(on);
    }
}

#[test]
fn ascii_keys_hash_the_same_and_non_ascii_keys_hash_as_utf8_like_flagd() {
    let mut core = FlagdCore::start();
    let texts = [
        "",
        "a",
        "headerColorrachel@faas.com",
        "user-123456789",
        "~!@#$%^&*()",
    ];
    let answers = core.ask_many(
        &texts
            .iter()
            .map(|t| json!({"op": "hash", "text": t}))
            .collect::<Vec<_>>(),
    );
    for (t, a) in texts.iter().zip(&answers) {
        assert_eq!(
            a["hash"],
            json!(murmur3::murmur3_32(t.as_bytes(), 0)),
            "{t:?}"
        );
    }
    // flagd (Go, twmb/murmur3) hashes UTF-8 bytes; flagd-core's imurmurhash hashes UTF-16 code
    // units, so the JavaScript evaluator buckets non-ASCII keys differently from the daemon.
    // We follow the daemon: "zoë" is the bytes 7a 6f c3 ab.
    let answer = core.ask_many(&[json!({"op": "hash", "text": "zoë"})]);
    let ours = murmur3::murmur3_32("zoë".as_bytes(), 0);
    assert_eq!(ours, murmur3::murmur3_32(&[0x7a, 0x6f, 0xc3, 0xab], 0));
    assert_ne!(
        answer[0]["hash"],
        json!(ours),
        "flagd-core hashes UTF-16, not UTF-8"
    );
}

static CORE: Mutex<Option<FlagdCore>> = Mutex::new(None);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any targeting key (any printable ASCII) and any percentage: flagd-core and we agree.
    #[test]
    fn any_key_and_percentage_agree_with_flagd_core(
        keys in proptest::collection::vec("[ -~]{1,40}", 1..30),
        bp in 0u32..=10_000,
    ) {
        let mut doc = model::empty_document();
        edit::enable(&mut doc, "f", Some(Percent::from_basis_points(bp).unwrap()), false).unwrap();
        let mut guard = CORE.lock().unwrap_or_else(|e| e.into_inner());
        let core = guard.get_or_insert_with(FlagdCore::start);
        core.load(&doc.to_string());
        let ctxs: Vec<Value> = keys.iter().map(|k| json!({"targetingKey": k})).collect();
        let answers = core.eval_many("f", &ctxs);
        let mine = ours_many(&doc, "f", &ctxs);
        for (answer, ours) in answers.iter().zip(&mine) {
            prop_assert_eq!(ours, &theirs(answer));
        }
    }
}

#[test]
fn the_cli_evaluates_what_flagd_core_evaluates() {
    let file = support::repo().join("tests/fixtures/flags/parity.flagd.json");
    let mut core = FlagdCore::start();
    core.load(PARITY);
    let ctxs = contexts(12, 3);
    for flag in [
        "headerColor",
        "staffOrPremium",
        "versionGate",
        "killSwitched",
    ] {
        let answers = core.eval_many(flag, &ctxs);
        for (ctx, answer) in ctxs.iter().zip(&answers) {
            let mut attrs = ctx.as_object().unwrap().clone();
            let key = attrs.remove("targetingKey");
            let mut args = vec![
                "flags".to_string(),
                "eval".into(),
                flag.into(),
                "--file".into(),
                file.display().to_string(),
                "--context".into(),
                Value::Object(attrs).to_string(),
                "-o".into(),
                "json".into(),
            ];
            if let Some(Value::String(k)) = key {
                args.extend(["--key".to_string(), k]);
            }
            let run = support::Cmd::new(&args).run().code(0);
            let got = run.json();
            assert_eq!(
                json!({"variant": got["variant"], "value": got["value"], "reason": got["reason"]}),
                theirs(answer),
                "flags eval {flag} with {ctx}"
            );
        }
    }
}
