//! `flags` as a user runs it on a file: output, exit codes, and bad input named.

mod support;

use serde_json::{Value, json};
use support::{Cmd, repo};

fn seed_copy() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flags.flagd.json");
    std::fs::copy(repo().join("examples/flags/flags.flagd.json"), &file).unwrap();
    let f = file.to_str().unwrap().to_string();
    (dir, f)
}

fn flags(args: &[&str]) -> Cmd {
    let mut all = vec!["flags"];
    all.extend_from_slice(args);
    Cmd::new(all)
}

#[test]
fn list_shows_the_seed_flags_with_their_percentages() {
    let (_dir, f) = seed_copy();
    let run = flags(&["list", "--file", &f]).run().code(0);
    let lines: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        lines[0],
        ["NAME", "STATE", "DEFAULT", "ROLLOUT", "VARIANTS"]
    );
    assert_eq!(
        lines[1][..5],
        ["new_search_ui", "DISABLED", "off", "off", "(disabled)"]
    );
    assert_eq!(lines[2][..4], ["dark_mode", "ENABLED", "on", "100%"]);
    assert_eq!(
        lines[3][..4],
        ["experimental_editor", "ENABLED", "off", "10%"]
    );
    let json = flags(&["list", "--file", &f, "-o", "json"])
        .run()
        .code(0)
        .json();
    assert_eq!(json[2]["percentage"], json!(10.0));
}

#[test]
fn eval_prints_variant_value_and_reason() {
    let (_dir, f) = seed_copy();
    let run = flags(&[
        "eval",
        "dark_mode",
        "--key",
        "u1",
        "--file",
        &f,
        "-o",
        "json",
    ])
    .run()
    .code(0);
    assert_eq!(
        run.json(),
        json!({"flag": "dark_mode", "key": "u1", "variant": "on", "value": true, "reason": "STATIC"})
    );
    let table = flags(&["eval", "new_search_ui", "--key", "u1", "--file", &f])
        .run()
        .code(0);
    assert!(table.stdout.contains("DISABLED"), "{}", table.stdout);
    // No key: a fractional flag falls back to its default variant.
    let r = flags(&["eval", "experimental_editor", "--file", &f, "-o", "json"])
        .run()
        .code(0)
        .json();
    assert_eq!(
        (r["variant"].as_str(), r["reason"].as_str()),
        (Some("off"), Some("DEFAULT"))
    );
}

#[test]
fn the_same_user_always_gets_the_same_answer_and_raising_the_percentage_keeps_them() {
    let (_dir, f) = seed_copy();
    let on_at = |p: &str| -> Vec<bool> {
        flags(&["enable", "new_search_ui", "--percentage", p, "--file", &f])
            .run()
            .code(0);
        (0..30)
            .map(|i| {
                let key = format!("user-{i}");
                let a = flags(&[
                    "eval",
                    "new_search_ui",
                    "--key",
                    &key,
                    "--file",
                    &f,
                    "-o",
                    "json",
                ])
                .run()
                .code(0)
                .json();
                let b = flags(&[
                    "eval",
                    "new_search_ui",
                    "--key",
                    &key,
                    "--file",
                    &f,
                    "-o",
                    "json",
                ])
                .run()
                .code(0)
                .json();
                assert_eq!(a, b, "{key} twice");
                a["value"] == json!(true)
            })
            .collect()
    };
    let at25 = on_at("25");
    let at50 = on_at("50");
    assert!(
        at25.iter().zip(&at50).all(|(a, b)| !a || *b),
        "{at25:?} -> {at50:?}"
    );
    assert!(at50.iter().filter(|x| **x).count() > at25.iter().filter(|x| **x).count());
    assert!(on_at("100").iter().all(|x| *x));
}

#[test]
fn an_evaluation_error_is_exit_1_with_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.json");
    std::fs::write(
        &file,
        json!({"flags": {"f": {"state": "ENABLED", "variants": {"on": true},
            "targeting": {"==": [{"var": "o"}, 1]}}}})
        .to_string(),
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let run = flags(&[
        "eval",
        "f",
        "--file",
        f,
        "--context",
        r#"{"o": [1]}"#,
        "-o",
        "json",
    ])
    .run()
    .code(1);
    assert_eq!(run.json()["reason"], "ERROR");
    assert!(run.stderr.contains("flags.f.targeting"), "{}", run.stderr);
}

#[test]
fn bad_input_is_exit_2_naming_the_flag_file_or_field() {
    let (_dir, f) = seed_copy();
    let dir = tempfile::tempdir().unwrap();
    let unsupported = dir.path().join("unsupported.json");
    std::fs::write(
        &unsupported,
        json!({"flags": {"f": {"state": "ENABLED", "variants": {"a": 1, "b": 2},
            "targeting": {"if": [{"<": [{"var": "age"}, 18]}, "a", "b"]}}}})
        .to_string(),
    )
    .unwrap();
    let u = unsupported.to_str().unwrap();
    let not_json = dir.path().join("broken.json");
    std::fs::write(&not_json, "{\n  \"flags\": {,\n}").unwrap();
    let b = not_json.to_str().unwrap();
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["list"],
            "--configmap: give --configmap NAME or --file FILE".into(),
        ),
        (
            vec!["eval", "nope", "--file", &f],
            format!(
                "{f}: flags.nope: no such flag (flags: new_search_ui, dark_mode, experimental_editor)"
            ),
        ),
        (
            vec!["eval", "f", "--file", u],
            format!("{u}: flags.f.targeting.if[0].<: operator \"<\" is not supported"),
        ),
        (
            vec!["list", "--file", b],
            format!("{b}:2: not a flagd flag document: invalid JSON"),
        ),
        (
            vec!["enable", "dark_mode", "--percentage", "150", "--file", &f],
            "--percentage: \"150\" is not a percentage".into(),
        ),
        (
            vec!["set", "dark_mode", "--variant", "on", "--file", &f],
            "--variant: \"on\" is not VARIANT=WEIGHT".into(),
        ),
        (
            vec!["set", "dark_mode", "--variant", "on=-1", "--file", &f],
            "the weight must be an integer from 0 to 2147483647".into(),
        ),
        (
            vec!["set", "dark_mode", "--variant", "maybe=1", "--file", &f],
            "--variant: \"maybe\" is not a variant of flag \"dark_mode\"".into(),
        ),
        (
            vec!["eval", "dark_mode", "--context", "[1]", "--file", &f],
            "--context: expected a JSON object".into(),
        ),
        (
            vec!["eval", "dark_mode", "--context", "{", "--file", &f],
            "--context: not JSON".into(),
        ),
        (
            vec!["disable", "nope", "--file", &f],
            "flags.nope: no such flag".into(),
        ),
        (
            vec!["list", "--file", "/nonexistent/flags.json"],
            "--file: /nonexistent/flags.json: cannot read".into(),
        ),
    ];
    for (args, want) in cases {
        let run = flags(&args).run().code(2);
        assert!(
            run.stderr.contains(&want),
            "{args:?}: want {want:?} in\n{}",
            run.stderr
        );
    }
    // Nothing was written by the refused commands.
    assert_eq!(
        std::fs::read_to_string(&f).unwrap(),
        std::fs::read_to_string(repo().join("examples/flags/flags.flagd.json")).unwrap()
    );
}

#[test]
fn writes_report_what_they_did_as_json() {
    let (_dir, f) = seed_copy();
    let r = flags(&[
        "enable",
        "brand_new",
        "--percentage",
        "5",
        "--file",
        &f,
        "-o",
        "json",
    ])
    .run()
    .code(0)
    .json();
    assert_eq!(r["created"], json!(true));
    assert_eq!(r["flag"], "brand_new");
    assert!(r["change"].as_str().unwrap().contains("5%"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
    assert_eq!(
        doc["flags"]["brand_new"]["targeting"],
        json!({"fractional": [["on", 5], ["off", 95]]})
    );
}

#[test]
fn under_github_actions_eval_sets_step_outputs() {
    let (dir, f) = seed_copy();
    let out = dir.path().join("out");
    std::fs::write(&out, "").unwrap();
    flags(&["eval", "dark_mode", "--key", "u", "--file", &f])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_OUTPUT", &out)
        .run()
        .code(0);
    let text = std::fs::read_to_string(&out).unwrap();
    for want in ["variant", "on", "reason", "STATIC", "value", "true"] {
        assert!(text.contains(want), "{want} in {text}");
    }
}
