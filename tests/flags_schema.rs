//! What `flags` writes validates against flagd's published JSON schema (flags.json and
//! targeting.json of the Go module github.com/open-feature/flagd-schemas, installed by
//! `scripts/flagd-deps`), and keeps what it did not touch.

mod support;

use std::path::Path;

use jsonschema::{Registry, Validator};
use serde_json::{Value, json};
use support::Cmd;
use support::flagd::deps;

fn read_json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// flagd's provider schema (`flags.json`, which `$ref`s `targeting.json`), offline.
fn validator() -> Validator {
    let dir = &deps().schema_dir;
    let flags = read_json(&dir.join("flags.json"));
    let targeting = read_json(&dir.join("targeting.json"));
    let registry = Registry::new()
        .add("https://flagd.dev/schema/v0/flags.json", flags.clone())
        .unwrap()
        .add("https://flagd.dev/schema/v0/targeting.json", targeting)
        .unwrap()
        .prepare()
        .unwrap();
    jsonschema::options()
        .with_registry(&registry)
        .build(&json!({"$ref": "https://flagd.dev/schema/v0/flags.json"}))
        .expect("flagd's schema compiles")
}

fn assert_valid(v: &Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} is not valid flagd: {errors:#?}\n{doc:#}"
    );
}

#[test]
fn the_example_and_fixture_files_are_valid_flagd() {
    let v = validator();
    for file in [
        "examples/flags/flags.flagd.json",
        "tests/fixtures/flags/parity.flagd.json",
    ] {
        assert_valid(&v, &read_json(&support::repo().join(file)), file);
    }
}

#[test]
fn the_schema_rejects_what_flagd_rejects() {
    // The validator is not vacuous: a wrong state and a mixed-type flag fail it.
    let v = validator();
    let bad_state = json!({"flags": {"f": {"state": "ON", "variants": {"on": true}}}});
    assert!(!v.is_valid(&bad_state));
    let mixed = json!({"flags": {"f": {"state": "ENABLED", "variants": {"a": true, "b": "x"}}}});
    assert!(!v.is_valid(&mixed));
}

fn run_ok(args: &[&str]) {
    Cmd::new(args).run().code(0);
}

#[test]
fn every_write_validates_and_leaves_other_flags_byte_for_byte() {
    let v = validator();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flags.flagd.json");
    std::fs::copy(
        support::repo().join("tests/fixtures/flags/parity.flagd.json"),
        &file,
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let untouched = |doc: &Value| {
        let mut d = doc.clone();
        let flags = d["flags"].as_object_mut().unwrap();
        for name in ["rollout10", "headerColor", "new_flag"] {
            flags.shift_remove(name);
        }
        d
    };
    let original = read_json(&file);
    let steps: &[&[&str]] = &[
        &[
            "flags",
            "enable",
            "rollout10",
            "--percentage",
            "25",
            "--file",
            f,
        ],
        &[
            "flags",
            "enable",
            "rollout10",
            "--percentage",
            "2.5",
            "--file",
            f,
        ],
        &["flags", "disable", "rollout10", "--file", f],
        &["flags", "enable", "rollout10", "--file", f],
        &[
            "flags",
            "enable",
            "new_flag",
            "--percentage",
            "10",
            "--file",
            f,
        ],
        &[
            "flags",
            "set",
            "headerColor",
            "--variant",
            "red=1",
            "--variant",
            "blue=3",
            "--replace-targeting",
            "--file",
            f,
        ],
    ];
    for step in steps {
        run_ok(step);
        let doc = read_json(&file);
        assert_valid(&v, &doc, &step.join(" "));
        // Every other flag, $evaluators and metadata: equal and in the same order.
        assert_eq!(
            serde_json::to_string(&untouched(&doc)).unwrap(),
            serde_json::to_string(&untouched(&original)).unwrap(),
            "after {step:?}"
        );
    }
    let doc = read_json(&file);
    let keys: Vec<&String> = doc["flags"].as_object().unwrap().keys().collect();
    assert_eq!(keys.first().map(|s| s.as_str()), Some("headerColor"));
    assert_eq!(
        keys.last().map(|s| s.as_str()),
        Some("new_flag"),
        "a new flag goes last"
    );
    assert_eq!(
        doc["flags"]["headerColor"]["targeting"],
        json!({"fractional": [["red", 1], ["blue", 3]]})
    );
}

#[test]
fn percentages_written_for_any_share_validate() {
    let v = validator();
    for bp in (0..=10_000).step_by(37) {
        let mut doc = kubectl_rollouts::flags::model::empty_document();
        kubectl_rollouts::flags::edit::enable(
            &mut doc,
            "f",
            kubectl_rollouts::flags::Percent::from_basis_points(bp),
            false,
        )
        .unwrap();
        assert_valid(&v, &doc, &format!("{bp} basis points"));
    }
}
