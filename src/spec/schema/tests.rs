use serde_json::{Map, Value, json};

use super::*;
use crate::spec::yaml;

const FILES: &[(&str, Kind)] = &[
    ("analysis-template", Kind::AnalysisTemplate),
    ("cluster-analysis-template", Kind::ClusterAnalysisTemplate),
    ("rollout", Kind::Rollout),
];

fn root() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A schema node with only the keywords the validator reads, checking that every keyword in
/// it is either read or knowingly ignored.
fn compact(schema: &Value, path: &str) -> Value {
    let Value::Object(map) = schema else {
        panic!("{path}: a schema must be an object")
    };
    let mut out = Map::new();
    for (k, v) in map {
        assert!(
            HANDLED.contains(&k.as_str()) || IGNORED.contains(&k.as_str()),
            "{path}: the vendored schema uses {k:?}, which the validator does not know"
        );
        if !HANDLED.contains(&k.as_str()) {
            continue;
        }
        let v = match k.as_str() {
            "properties" => Value::Object(
                v.as_object()
                    .unwrap()
                    .iter()
                    .map(|(name, s)| (name.clone(), compact(s, &format!("{path}.{name}"))))
                    .collect(),
            ),
            "items" => compact(v, &format!("{path}[]")),
            "additionalProperties" if v.is_object() => compact(v, &format!("{path}{{}}")),
            _ => v.clone(),
        };
        out.insert(k.clone(), v);
    }
    Value::Object(out)
}

fn vendored(file: &str) -> Value {
    let path = root().join(format!("tests/fixtures/argo-crds/{file}-crd.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! { max_nodes: 2_000_000, max_depth: 512 },
    };
    let crd: Value = serde_saphyr::from_str_with_options(&text, options).unwrap();
    let versions = crd["spec"]["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 1, "{file}: one version");
    assert_eq!(versions[0]["name"], "v1alpha1");
    versions[0]["schema"]["openAPIV3Schema"].clone()
}

#[test]
fn the_embedded_schemas_are_the_vendored_crds_without_descriptions() {
    let update = std::env::var_os("UPDATE_GENERATED").is_some();
    for (file, _) in FILES {
        let want = serde_json::to_string(&compact(&vendored(file), file)).unwrap() + "\n";
        let path = root().join(format!("src/spec/schemas/{file}.json"));
        if update {
            std::fs::write(&path, &want).unwrap();
            continue;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} is stale; regenerate with UPDATE_GENERATED=1 cargo test --lib spec::schema",
            path.display()
        );
    }
}

/// The smallest value `schema` accepts: required fields only, empty lists and maps.
fn minimal(schema: &Schema) -> Value {
    if schema.int_or_string {
        return json!(1);
    }
    if let Some(allowed) = &schema.allowed {
        return allowed[0].clone();
    }
    match schema.ty.as_deref() {
        Some("object") => Value::Object(
            schema
                .required
                .iter()
                .map(|r| (r.clone(), minimal(&schema.properties[r])))
                .collect(),
        ),
        Some("array") => json!([]),
        Some("string") if schema.pattern.is_some() => json!("1"),
        Some("string") if schema.format.as_deref() == Some("date-time") => {
            json!("2026-01-02T03:04:05Z")
        }
        Some("string") => json!("x"),
        Some("integer") | Some("number") => json!(1),
        Some("boolean") => json!(true),
        _ => json!({}),
    }
}

/// Every field path of `schema`, each with the smallest value holding that field.
fn paths(schema: &Schema, path: &str, out: &mut Vec<(String, Value)>) {
    match schema.ty.as_deref() {
        Some("object") => {
            for (name, prop) in &schema.properties {
                let mut sub = Vec::new();
                paths(prop, &join(path, name), &mut sub);
                sub.insert(0, (join(path, name), minimal(prop)));
                for (p, v) in sub {
                    let mut obj = minimal(schema);
                    obj[name.as_str()] = v;
                    out.push((p, obj));
                }
            }
            if let Some(Additional::Schema(s)) = &schema.additional_properties {
                let mut sub = Vec::new();
                paths(s, &format!("{path}.KEY"), &mut sub);
                sub.insert(0, (format!("{path}.KEY"), minimal(s)));
                for (p, v) in sub {
                    out.push((p, json!({ "KEY": v })));
                }
            }
        }
        Some("array") => {
            if let Some(item) = &schema.items {
                let mut sub = Vec::new();
                paths(item, &format!("{path}[0]"), &mut sub);
                for (p, v) in sub {
                    out.push((p, json!([v])));
                }
            }
        }
        _ => {}
    }
}

/// Documents of `kind`, one per field path of its schema (metadata aside).
fn documents(kind: Kind) -> Vec<(String, Value)> {
    let spec = &kind.schema().properties["spec"];
    let mut out = vec![("spec".to_string(), minimal(spec))];
    paths(spec, "spec", &mut out);
    out.into_iter()
        .map(|(p, spec)| {
            let doc = json!({
                "apiVersion": API_VERSION,
                "kind": kind.name(),
                "metadata": {"name": "n", "labels": {"a": "b"}},
                "spec": spec,
            });
            (p, doc)
        })
        .collect()
}

#[test]
fn every_field_path_in_argos_schemas_is_accepted() {
    for (file, kind) in FILES {
        let docs = documents(*kind);
        assert!(docs.len() > 100, "{file}: only {} paths", docs.len());
        for (path, doc) in &docs {
            let node = Node::from_json(doc);
            if let Err(e) = validate(&node, &[*kind]) {
                panic!("{file}: {path} refused: {e}\n{doc}");
            }
        }
    }
}

#[test]
fn the_analysis_template_reader_accepts_every_argo_field_or_says_it_is_not_supported() {
    let mut supported = 0;
    let mut unsupported = std::collections::BTreeSet::new();
    // Each path's document on top of a template this tool reads, so that what is supported is
    // read through and what is not is named.
    let seed: Value = serde_saphyr::from_str(TEMPLATE).unwrap();
    let docs = documents(Kind::AnalysisTemplate);
    let mut other = Vec::new();
    for (path, doc) in &docs {
        let mut doc = doc.clone();
        merge(&mut doc, &seed);
        let text = serde_saphyr::to_string(&doc).unwrap();
        match crate::spec::analysis::template_from_yaml(&text) {
            Ok(_) => supported += 1,
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    !msg.contains("unknown field") && !msg.contains("expected true or false"),
                    "{path}: Argo accepts it, the reader says: {msg}"
                );
                if msg.contains("not supported") {
                    // The first unsupported field of the path, e.g. spec.metrics[0].provider.web.
                    unsupported.insert(msg.split(": ").next().unwrap_or_default().to_string());
                } else {
                    other.push(format!("{path}: {msg}"));
                }
            }
        }
    }
    eprintln!(
        "{} paths: {supported} read, {} not supported ({} distinct fields), {} refused by a later check",
        docs.len(),
        docs.len() - supported - other.len(),
        unsupported.len(),
        other.len()
    );
    for o in &other {
        eprintln!("  {o}");
    }
    assert!(
        supported > 10,
        "only {supported} of {} paths read",
        docs.len()
    );
    assert!(
        unsupported.iter().any(|p| p.contains("provider.web")),
        "{unsupported:?}"
    );
}

/// Adds what `seed` has and `doc` lacks (lists: item by item).
fn merge(doc: &mut Value, seed: &Value) {
    match (doc, seed) {
        (Value::Object(d), Value::Object(s)) => {
            for (k, v) in s {
                match d.get_mut(k) {
                    Some(have) => merge(have, v),
                    None => {
                        d.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(d), Value::Array(s)) => {
            if d.is_empty() {
                d.extend(s.iter().cloned());
            } else {
                for (have, v) in d.iter_mut().zip(s) {
                    merge(have, v);
                }
            }
        }
        _ => {}
    }
}

fn error_of(kind: Kind, text: &str) -> String {
    let node = yaml::node(text).unwrap();
    validate(&node, &[kind])
        .unwrap_err()
        .in_file("t.yaml")
        .to_string()
}

const TEMPLATE: &str = "apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: t
spec:
  metrics:
  - name: m
    provider:
      prometheus:
        address: http://p
        query: up
";

macro_rules! refused {
    ($($name:ident: ($from:expr, $to:expr) => $want:expr;)*) => {$(
        #[test]
        fn $name() {
            let text = TEMPLATE.replacen($from, $to, 1);
            assert_ne!(text, TEMPLATE, "the replacement applies");
            let err = error_of(Kind::AnalysisTemplate, &text);
            assert_eq!(err, $want);
        }
    )*};
}

refused! {
    a_misspelt_field_names_the_field_it_meant:
        ("        query: up", "        query: up\n        adress: http://q")
        => "t.yaml:12: spec.metrics[0].provider.prometheus.adress: unknown field; did you mean spec.metrics[0].provider.prometheus.address?";
    a_case_slip_is_found:
        ("    provider:", "    successcondition: 'true'\n    provider:")
        => "t.yaml:8: spec.metrics[0].successcondition: unknown field; did you mean spec.metrics[0].successCondition?";
    a_snake_case_field_is_found:
        ("    provider:", "    failure_limit: 2\n    provider:")
        => "t.yaml:8: spec.metrics[0].failure_limit: unknown field; did you mean spec.metrics[0].failureLimit?";
    a_quoted_boolean_is_a_string:
        ("        query: up", "        query: up\n        insecure: \"yes\"")
        => "t.yaml:12: spec.metrics[0].provider.prometheus.insecure: expected true or false (without quotes; a quoted value is a string), got the string \"yes\"";
    a_quoted_true_is_a_string_too:
        ("        query: up", "        query: up\n        insecure: \"true\"")
        => "t.yaml:12: spec.metrics[0].provider.prometheus.insecure: expected true or false (without quotes; a quoted value is a string), got the string \"true\"";
    a_quoted_number_is_not_an_integer:
        ("        query: up", "        query: up\n        timeout: \"30\"")
        => "t.yaml:12: spec.metrics[0].provider.prometheus.timeout: expected an integer (without quotes), got the string \"30\"";
    a_number_is_not_a_query:
        ("        query: up", "        query: 5")
        => "t.yaml:11: spec.metrics[0].provider.prometheus.query: expected a string (quote it to make it a string), got the number 5";
    a_wrong_api_version_is_named:
        ("argoproj.io/v1alpha1", "argoproj.io/v1")
        => "t.yaml:1: apiVersion: expected argoproj.io/v1alpha1 for a AnalysisTemplate, got \"argoproj.io/v1\"";
    a_wrong_kind_is_named:
        ("kind: AnalysisTemplate", "kind: Rollout")
        => "t.yaml:2: kind: expected AnalysisTemplate, got \"Rollout\"";
    a_spec_of_the_wrong_type_is_named:
        ("spec:\n", "spec: []\nx:\n")
        => "t.yaml:5: spec: expected a mapping, got a list";
    a_missing_required_field_is_named:
        ("  - name: m\n    provider:", "  - provider:")
        => "t.yaml:7: spec.metrics[0].name: required";
    an_unknown_metadata_field_is_named:
        ("  name: t", "  name: t\n  lables: {a: b}")
        => "t.yaml:5: metadata.lables: unknown field; did you mean metadata.labels?";
}

#[test]
fn a_null_field_is_as_if_absent_as_the_api_server_prunes_it() {
    let text = TEMPLATE.replacen(
        "        query: up",
        "        query: up\n        insecure:",
        1,
    );
    let node = yaml::node(&text).unwrap();
    assert_eq!(
        validate(&node, &[Kind::AnalysisTemplate]).unwrap(),
        Kind::AnalysisTemplate
    );
}

#[test]
fn placeholders_are_accepted_where_argo_takes_an_int_or_string() {
    let text = TEMPLATE.replacen(
        "    provider:",
        "    count: \"{{args.n}}\"\n    provider:",
        1,
    );
    let node = yaml::node(&text).unwrap();
    assert!(validate(&node, &[Kind::AnalysisTemplate]).is_ok());
}

#[test]
fn the_examples_are_valid() {
    let dir = root().join("examples");
    let mut seen = 0;
    for entry in walk(&dir) {
        let text = std::fs::read_to_string(&entry).unwrap();
        for doc in text.split("\n---") {
            let Ok(node) = yaml::node(doc) else { continue };
            let Some(Node {
                value: NodeValue::String(kind),
                ..
            }) = node.get("kind")
            else {
                continue;
            };
            let Some(kind) = Kind::from_name(kind) else {
                continue;
            };
            if let Err(e) = validate(&node, &[kind]) {
                panic!("{}: {e}", entry.display());
            }
            seen += 1;
        }
    }
    assert!(seen >= 5, "only {seen} example manifests");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
    out
}

#[test]
fn did_you_mean_prefers_the_same_name_in_another_spelling() {
    let known = ["syncWindows", "sourceRepos", "address", "templateName"];
    assert_eq!(
        did_you_mean("sync_windows", known.iter().copied()),
        Some("syncWindows")
    );
    assert_eq!(
        did_you_mean("syncWindows ", known.iter().copied()),
        Some("syncWindows")
    );
    assert_eq!(
        did_you_mean("adress", known.iter().copied()),
        Some("address")
    );
    assert_eq!(
        did_you_mean("template", known.iter().copied()),
        Some("templateName")
    );
    assert_eq!(did_you_mean("zzz", known.iter().copied()), None);
}

#[test]
fn the_rollout_reader_accepts_every_argo_field_or_says_it_is_not_supported() {
    // Each path's document on top of the canary example, so what is supported reads through.
    let example = |file: &str| -> Value {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        serde_saphyr::from_str(&text).unwrap()
    };
    let (canary, blue_green) = (
        example("examples/canary/rollout.yaml"),
        example("examples/bluegreen/rollout.yaml"),
    );
    let docs = documents(Kind::Rollout);
    let (mut read, mut not_supported, mut other) = (0, 0, Vec::new());
    for (path, doc) in &docs {
        let mut doc = doc.clone();
        let seed = if path.contains("blueGreen") {
            &blue_green
        } else {
            &canary
        };
        merge(&mut doc, seed);
        let outcome = serde_json::from_value::<crate::spec::rollout::Rollout>(doc.clone())
            .map_err(|e| e.to_string())
            .and_then(|r| r.spec.validate().map_err(|e| e.to_string()));
        match outcome {
            Ok(_) => read += 1,
            Err(msg) => {
                assert!(
                    !msg.contains("unknown field"),
                    "{path}: Argo accepts it, the reader says: {msg}"
                );
                if msg.contains("not supported") {
                    not_supported += 1;
                } else {
                    other.push(format!("{path}: {msg}"));
                }
            }
        }
    }
    eprintln!(
        "{} Rollout paths: {read} read, {not_supported} not supported, {} refused by a later check",
        docs.len(),
        other.len()
    );
    for o in other.iter().take(20) {
        eprintln!("  {o}");
    }
    assert!(read > 50, "only {read} of {} paths read", docs.len());
}
