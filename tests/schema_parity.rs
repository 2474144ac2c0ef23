//! Our schema validation (src/spec/schema.rs) side by side with kube-apiserver's own validation
//! of custom resources (tests/harness/crd-validation, built by
//! scripts/build-harness crd-validation and exported by scripts/test as
//! CRD_VALIDATION_HARNESS), on Argo Rollouts' vendored CRDs: for the examples and for
//! generated careless edits of them (fields misspelt, inserted, removed, values of every type),
//! both must accept the same manifests, and an unknown field we name must be one the API server
//! names. `KR_PROPTEST_CASES` sets the number of generated manifests per kind (default 256).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

use kubectl_rollouts::spec::schema::{self, Kind};
use kubectl_rollouts::spec::yaml::Node;

struct Harness {
    _child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

/// The API server's answer: unknown field paths and validation errors.
#[derive(Debug, serde::Deserialize)]
struct Answer {
    unknown: Vec<String>,
    errors: Vec<String>,
}

impl Harness {
    fn start() -> Harness {
        let bin = std::env::var("CRD_VALIDATION_HARNESS").unwrap_or_else(|_| {
            panic!(
                "CRD_VALIDATION_HARNESS is not set: run `export CRD_VALIDATION_HARNESS=$(scripts/build-harness crd-validation)` \
                 (scripts/test does this)"
            )
        });
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/argo-crds");
        let mut child = Command::new(bin)
            .arg(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the harness starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Harness {
            _child: child,
            stdin,
            stdout,
        }
    }

    fn ask(&mut self, kind: Kind, doc: &Value) -> Answer {
        let crd = match kind {
            Kind::AnalysisTemplate => "analysis-template-crd.yaml",
            Kind::ClusterAnalysisTemplate => "cluster-analysis-template-crd.yaml",
            Kind::Rollout => "rollout-crd.yaml",
        };
        let line = serde_json::to_string(&json!({"crd": crd, "doc": doc})).unwrap();
        writeln!(self.stdin, "{line}").unwrap();
        let mut answer = String::new();
        self.stdout.read_line(&mut answer).unwrap();
        serde_json::from_str(&answer).unwrap_or_else(|e| panic!("harness answer {answer:?}: {e}"))
    }
}

fn harness() -> &'static Mutex<Harness> {
    static H: std::sync::OnceLock<Mutex<Harness>> = std::sync::OnceLock::new();
    H.get_or_init(|| Mutex::new(Harness::start()))
}

/// Compares one manifest; returns whether both accepted it.
fn compare(kind: Kind, doc: &Value) -> Result<bool, String> {
    let theirs = harness().lock().unwrap().ask(kind, doc);
    let ours = schema::validate(&Node::from_json(doc), &[kind]);
    let they_accept = theirs.unknown.is_empty() && theirs.errors.is_empty();
    match (&ours, they_accept) {
        (Ok(_), true) => Ok(true),
        (Err(e), false) => {
            let msg = e.to_string();
            if msg.contains("unknown field") {
                let path = msg.split(": ").next().unwrap_or_default();
                if !theirs.unknown.iter().any(|u| u == path) {
                    return Err(format!(
                        "we name {path} unknown, the API server names {:?}\n{doc}",
                        theirs.unknown
                    ));
                }
            }
            Ok(false)
        }
        (Ok(_), false) => Err(format!(
            "we accept, the API server refuses: {theirs:?}\n{doc}"
        )),
        (Err(e), true) => Err(format!("we refuse ({e}), the API server accepts\n{doc}")),
    }
}

fn example(file: &str) -> Value {
    let path = format!("{}/examples/{file}", env!("CARGO_MANIFEST_DIR"));
    serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn seeds() -> Vec<(Kind, Value)> {
    [
        "canary/rollout.yaml",
        "canary/rollout-with-analysis.yaml",
        "canary/rollout-analysis.yaml",
        "bluegreen/rollout.yaml",
        "analysis/canary-success-rate.yaml",
        "analysis/error-budget-gate.yaml",
        "analysis/bluegreen-smoke-test.yaml",
    ]
    .iter()
    .map(|f| {
        let doc = example(f);
        let kind = match doc["kind"].as_str() {
            Some("Rollout") => Kind::Rollout,
            Some("ClusterAnalysisTemplate") => Kind::ClusterAnalysisTemplate,
            _ => Kind::AnalysisTemplate,
        };
        (kind, doc)
    })
    .collect()
}

/// Values of every JSON type, and the ones careless YAML produces.
fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!(true)),
        Just(json!("yes")),
        Just(json!("true")),
        Just(json!("30")),
        Just(json!(30)),
        Just(json!(30.0)),
        Just(json!(2.5)),
        Just(json!(-1)),
        Just(json!(2147483648i64)),
        Just(json!("")),
        Just(json!("x")),
        Just(json!("1Gi")),
        Just(json!("2026-01-02T03:04:05Z")),
        Just(json!([])),
        Just(json!(["x"])),
        Just(json!({})),
        Just(json!({"name": "x"})),
    ]
}

/// Every object and list in `doc` by path (as a list of steps).
fn nodes(doc: &Value, at: Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match doc {
        Value::Object(map) => {
            out.push(at.clone());
            for (k, v) in map {
                let mut p = at.clone();
                p.push(Step::Key(k.clone()));
                nodes(v, p, out);
            }
        }
        Value::Array(items) => {
            out.push(at.clone());
            for (i, v) in items.iter().enumerate() {
                let mut p = at.clone();
                p.push(Step::Index(i));
                nodes(v, p, out);
            }
        }
        _ => out.push(at),
    }
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn at_mut<'a>(doc: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(doc, |v, s| match s {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

/// A careless edit of `seed`: a key misspelt, a key added, a key removed, a value replaced.
fn edit(seed: &Value, pick: usize, op: u8, value: Value, typo: usize) -> Value {
    let mut doc = seed.clone();
    let mut all = Vec::new();
    nodes(&doc, Vec::new(), &mut all);
    // apiVersion and kind stay: the API server routes by them, and they are checked apart.
    all.retain(|p| !matches!(p.first(), Some(Step::Key(k)) if k == "apiVersion" || k == "kind"));
    let path = &all[pick % all.len()];
    let root = path.is_empty();
    let target = at_mut(&mut doc, path);
    if root && let Value::Object(map) = target {
        // Edits at the root leave apiVersion and kind alone.
        let (a, k) = (map.remove("apiVersion"), map.remove("kind"));
        let mut edited = Value::Object(std::mem::take(map));
        edit_node(&mut edited, op, value, typo);
        let mut out = serde_json::Map::new();
        out.insert("apiVersion".into(), a.unwrap_or_default());
        out.insert("kind".into(), k.unwrap_or_default());
        if let Value::Object(rest) = edited {
            out.extend(rest);
        }
        return Value::Object(out);
    }
    edit_node(target, op, value, typo);
    doc
}

fn edit_node(target: &mut Value, op: u8, value: Value, typo: usize) {
    match (op, target) {
        (0, Value::Object(map)) if !map.is_empty() => {
            // Misspell a key: drop, double or swap a letter, or change its case.
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = &keys[typo % keys.len()];
            let mut chars: Vec<char> = key.chars().collect();
            let i = typo % chars.len().max(1);
            match typo % 4 {
                0 if chars.len() > 1 => {
                    chars.remove(i);
                }
                1 => chars.insert(i, chars[i]),
                2 if i + 1 < chars.len() => chars.swap(i, i + 1),
                _ => chars[i] = chars[i].to_ascii_lowercase(),
            }
            let new: String = chars.into_iter().collect();
            if let Some(v) = map.remove(key) {
                map.insert(new, v);
            }
        }
        (1, Value::Object(map)) => {
            map.insert(["extra", "status", "name", "spec"][typo % 4].into(), value);
        }
        (2, Value::Object(map)) if !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            map.remove(&keys[typo % keys.len()]);
        }
        (_, target) => *target = value,
    }
}

#[test]
fn the_examples_are_judged_alike() {
    for (kind, doc) in seeds() {
        let ours = schema::validate(&Node::from_json(&doc), &[kind]).map_err(|e| e.to_string());
        assert_eq!(compare(kind, &doc), Ok(true), "{ours:?}\n{doc}");
    }
}

#[test]
fn careless_edits_are_judged_alike() {
    let cases = std::env::var("KR_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256u32);
    let mut runner = TestRunner::new(Config {
        cases: cases * 2,
        failure_persistence: None,
        ..Config::default()
    });
    let seeds = seeds();
    let (accepted, refused) = (
        std::sync::atomic::AtomicUsize::new(0),
        std::sync::atomic::AtomicUsize::new(0),
    );
    runner
        .run(
            &(
                0..seeds.len(),
                any::<usize>(),
                0..4u8,
                value(),
                any::<usize>(),
            ),
            |(s, pick, op, value, typo)| {
                let (kind, seed) = &seeds[s];
                let doc = edit(seed, pick, op, value, typo);
                match compare(*kind, &doc) {
                    Ok(true) => accepted.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                    Ok(false) => refused.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                    Err(e) => return Err(TestCaseError::fail(e)),
                };
                Ok(())
            },
        )
        .unwrap();
    eprintln!(
        "agreement with kube-apiserver on {} edits: {} accepted by both, {} refused by both",
        accepted.load(std::sync::atomic::Ordering::Relaxed)
            + refused.load(std::sync::atomic::Ordering::Relaxed),
        accepted.into_inner(),
        refused.into_inner()
    );
}

/// The smallest value a (compact, JSON) schema accepts: required fields only.
fn minimal(schema: &Value) -> Value {
    if schema["x-kubernetes-int-or-string"] == json!(true) {
        return json!(1);
    }
    if let Some(first) = schema["enum"].as_array().and_then(|a| a.first()) {
        return first.clone();
    }
    match schema["type"].as_str() {
        Some("object") => Value::Object(
            schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str())
                .map(|r| (r.to_string(), minimal(&schema["properties"][r])))
                .collect(),
        ),
        Some("array") => json!([]),
        Some("string") if schema.get("pattern").is_some() => json!("1"),
        Some("string") if schema["format"] == "date-time" => json!("2026-01-02T03:04:05Z"),
        Some("string") => json!("x"),
        Some("integer") | Some("number") => json!(1),
        Some("boolean") => json!(true),
        _ => json!({}),
    }
}

/// Every field path of `schema` with the smallest value holding it.
fn paths(schema: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match schema["type"].as_str() {
        Some("object") => {
            for (name, prop) in schema["properties"].as_object().into_iter().flatten() {
                let here = format!("{path}.{name}");
                let mut sub = vec![(here.clone(), minimal(prop))];
                paths(prop, &here, &mut sub);
                for (p, v) in sub {
                    let mut obj = minimal(schema);
                    obj[name.as_str()] = v;
                    out.push((p, obj));
                }
            }
            if schema["additionalProperties"].is_object() {
                let add = &schema["additionalProperties"];
                let here = format!("{path}.KEY");
                let mut sub = vec![(here.clone(), minimal(add))];
                paths(add, &here, &mut sub);
                for (p, v) in sub {
                    out.push((p, json!({ "KEY": v })));
                }
            }
        }
        Some("array") => {
            let mut sub = Vec::new();
            paths(&schema["items"], &format!("{path}[0]"), &mut sub);
            for (p, v) in sub {
                out.push((p, json!([v])));
            }
        }
        _ => {}
    }
}

#[test]
fn every_field_path_of_argos_schemas_is_accepted_by_both() {
    for (file, kind) in [
        ("analysis-template", Kind::AnalysisTemplate),
        ("rollout", Kind::Rollout),
    ] {
        let path = format!(
            "{}/src/spec/schemas/{file}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let spec = &schema["properties"]["spec"];
        let mut docs = vec![("spec".to_string(), minimal(spec))];
        paths(spec, "spec", &mut docs);
        for (p, spec) in &docs {
            let doc = json!({
                "apiVersion": "argoproj.io/v1alpha1",
                "kind": kind.name(),
                "metadata": {"name": "n"},
                "spec": spec,
            });
            assert_eq!(compare(kind, &doc), Ok(true), "{file}: {p}");
        }
        eprintln!("{file}: {} field paths accepted by both", docs.len());
    }
}
