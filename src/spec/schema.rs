//! Strict validation of manifests against Argo Rollouts' own published CRD schemas, as the API
//! server does with `kubectl apply --validate=strict`: every field Argo's schema has is
//! accepted, nothing else is. An unknown field, a value of the wrong type (`insecure: "yes"`,
//! `timeout: "30"`, `query: 5`), a missing required field, a duplicate list-map key, a wrong
//! `apiVersion` or `kind` is an error naming the file, line and field path, with a did-you-mean
//! for a misspelt field.
//!
//! The schemas are `openAPIV3Schema` of `manifests/crds/*-crd.yaml` at the tag recorded in
//! `tests/fixtures/argo-crds/SOURCE` (vendored verbatim by `scripts/vendor-argo-crds`), without
//! their descriptions, in `src/spec/schemas/`; a test fails when those drift from the vendored
//! YAML (`UPDATE_GENERATED=1 cargo test --lib spec::schema` rewrites them). `metadata` is
//! checked against Kubernetes' ObjectMeta, as the API server does.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::yaml::{Node, NodeValue};
use crate::error::{Error, Location};

/// The API group and version of every kind here.
pub const API_VERSION: &str = "argoproj.io/v1alpha1";

/// The keywords of a structural schema this validator reads; [`IGNORED`] lists the ones it
/// leaves alone, and why. A test fails if the vendored schemas use any other.
#[cfg(test)]
const HANDLED: &[&str] = &[
    "type",
    "properties",
    "items",
    "additionalProperties",
    "required",
    "enum",
    "format",
    "pattern",
    "x-kubernetes-int-or-string",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-list-type",
    "x-kubernetes-list-map-keys",
];

/// `description`: text. `default`: the API server fills it in, it accepts the field either
/// way. `anyOf`: only ever `[integer, string]` beside `x-kubernetes-int-or-string`, which says
/// the same. `x-kubernetes-map-type`: server-side apply's merge strategy. `x-kubernetes-
/// validations`: CEL rules comparing with the stored object (`self == oldSelf`), which a file
/// has no old version for.
#[cfg(test)]
const IGNORED: &[&str] = &[
    "description",
    "default",
    "anyOf",
    "x-kubernetes-map-type",
    "x-kubernetes-validations",
];

/// One node of a structural schema.
#[derive(Debug, Default, Deserialize)]
pub struct Schema {
    #[serde(rename = "type")]
    ty: Option<String>,
    #[serde(default)]
    properties: BTreeMap<String, Schema>,
    items: Option<Box<Schema>>,
    #[serde(rename = "additionalProperties")]
    additional_properties: Option<Additional>,
    #[serde(default)]
    required: Vec<String>,
    #[serde(rename = "enum")]
    allowed: Option<Vec<serde_json::Value>>,
    format: Option<String>,
    pattern: Option<String>,
    #[serde(rename = "x-kubernetes-int-or-string", default)]
    int_or_string: bool,
    #[serde(rename = "x-kubernetes-preserve-unknown-fields", default)]
    preserve_unknown: bool,
    #[serde(rename = "x-kubernetes-list-type")]
    list_type: Option<String>,
    #[serde(rename = "x-kubernetes-list-map-keys", default)]
    list_map_keys: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Additional {
    Allowed(bool),
    Schema(Box<Schema>),
}

/// The kinds whose schemas are vendored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    AnalysisTemplate,
    ClusterAnalysisTemplate,
    Rollout,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::AnalysisTemplate => "AnalysisTemplate",
            Kind::ClusterAnalysisTemplate => "ClusterAnalysisTemplate",
            Kind::Rollout => "Rollout",
        }
    }

    fn from_name(name: &str) -> Option<Kind> {
        [
            Kind::AnalysisTemplate,
            Kind::ClusterAnalysisTemplate,
            Kind::Rollout,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }

    /// The compact schema file (the same file name as Argo's CRD, minus `-crd.yaml`).
    fn text(self) -> &'static str {
        match self {
            Kind::AnalysisTemplate => include_str!("schemas/analysis-template.json"),
            Kind::ClusterAnalysisTemplate => {
                include_str!("schemas/cluster-analysis-template.json")
            }
            Kind::Rollout => include_str!("schemas/rollout.json"),
        }
    }

    pub fn schema(self) -> &'static Schema {
        static CELLS: [OnceLock<Schema>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        CELLS[self as usize].get_or_init(|| {
            serde_json::from_str(self.text()).expect("the vendored schema is well-formed")
        })
    }
}

/// Kubernetes' ObjectMeta as the API server validates `metadata` (its field names and types).
fn object_meta() -> &'static Schema {
    static META: OnceLock<Schema> = OnceLock::new();
    META.get_or_init(|| {
        let strings =
            serde_json::json!({"type": "object", "additionalProperties": {"type": "string"}});
        let string = serde_json::json!({"type": "string"});
        let int = serde_json::json!({"type": "integer", "format": "int64"});
        serde_json::from_value(serde_json::json!({
            "type": "object",
            "properties": {
                "name": string, "generateName": string, "namespace": string,
                "selfLink": string, "uid": string, "resourceVersion": string,
                "generation": int, "creationTimestamp": string, "deletionTimestamp": string,
                "deletionGracePeriodSeconds": int,
                "labels": strings, "annotations": strings,
                "finalizers": {"type": "array", "items": string},
                "ownerReferences": {"type": "array", "items": {
                    "type": "object",
                    "required": ["apiVersion", "kind", "name", "uid"],
                    "properties": {
                        "apiVersion": string, "kind": string, "name": string, "uid": string,
                        "controller": {"type": "boolean"},
                        "blockOwnerDeletion": {"type": "boolean"}
                    }
                }},
                "managedFields": {"type": "array", "items": {
                    "type": "object", "x-kubernetes-preserve-unknown-fields": true
                }}
            }
        }))
        .expect("a well-formed ObjectMeta schema")
    })
}

/// Checks a whole manifest: `apiVersion`, `kind` (one of `kinds`), `metadata` and the rest
/// against the kind's schema. Returns the kind found.
pub fn validate(doc: &Node, kinds: &[Kind]) -> Result<Kind, Error> {
    let NodeValue::Map(_) = &doc.value else {
        return Err(at(
            doc.line,
            "",
            format!(
                "expected a manifest (a mapping), got {}",
                doc.value.describe()
            ),
        ));
    };
    let expected = kinds
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(" or ");
    let api_version = match doc.get("apiVersion") {
        Some(Node {
            value: NodeValue::String(s),
            ..
        }) => s.as_str(),
        Some(n) => {
            return Err(at(
                n.line,
                "apiVersion",
                format!("expected {API_VERSION}, got {}", n.value.describe()),
            ));
        }
        None => {
            return Err(at(
                doc.line,
                "apiVersion",
                format!("required ({API_VERSION})"),
            ));
        }
    };
    let kind = match doc.get("kind") {
        Some(Node {
            value: NodeValue::String(s),
            line,
        }) => match Kind::from_name(s).filter(|k| kinds.contains(k)) {
            Some(k) => k,
            None => {
                return Err(at(*line, "kind", format!("expected {expected}, got {s:?}")));
            }
        },
        Some(n) => {
            return Err(at(
                n.line,
                "kind",
                format!("expected {expected}, got {}", n.value.describe()),
            ));
        }
        None => return Err(at(doc.line, "kind", format!("required ({expected})"))),
    };
    if api_version != API_VERSION {
        let line = doc.get("apiVersion").and_then(|n| n.line);
        return Err(at(
            line,
            "apiVersion",
            format!(
                "expected {API_VERSION} for a {}, got {api_version:?}",
                kind.name()
            ),
        ));
    }
    check(kind.schema(), doc, "")?;
    Ok(kind)
}

fn at(line: Option<usize>, path: &str, message: impl Into<String>) -> Error {
    Error::Input {
        location: Location {
            line,
            field: (!path.is_empty()).then(|| path.to_string()),
            ..Location::default()
        },
        message: message.into(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Validates `node` at `path` against `schema`.
fn check(schema: &Schema, node: &Node, path: &str) -> Result<(), Error> {
    if node.value == NodeValue::Null {
        // The API server prunes a null of a field that is not nullable (none of Argo's are)
        // before validating: it is as if the field were absent.
        return Ok(());
    }
    let wrong = |expected: &str| {
        at(
            node.line,
            path,
            format!("expected {expected}, got {}", node.value.describe()),
        )
    };
    if schema.int_or_string {
        return match &node.value {
            NodeValue::Int(_) | NodeValue::String(_) => Ok(()),
            NodeValue::Float(f) if f.fract() == 0.0 => Ok(()),
            _ => Err(wrong("an integer or a string")),
        };
    }
    match schema.ty.as_deref() {
        Some("object") => {
            let NodeValue::Map(entries) = &node.value else {
                return Err(wrong("a mapping"));
            };
            check_object(schema, node, entries, path)?;
        }
        Some("array") => {
            let NodeValue::Seq(items) = &node.value else {
                return Err(wrong("a list"));
            };
            if let Some(item) = &schema.items {
                for (i, n) in items.iter().enumerate() {
                    // Only the null of a field is pruned; a null in a list is a value.
                    if n.value == NodeValue::Null && !item.preserve_unknown {
                        let expected = match item.ty.as_deref() {
                            _ if item.int_or_string => "an integer or a string",
                            Some("object") => "a mapping",
                            Some("array") => "a list",
                            Some("string") => "a string",
                            Some("integer") => "an integer",
                            Some("number") => "a number",
                            Some("boolean") => "true or false",
                            _ => "a value",
                        };
                        return Err(at(
                            n.line,
                            &format!("{path}[{i}]"),
                            format!("expected {expected}, got null"),
                        ));
                    }
                    check(item, n, &format!("{path}[{i}]"))?;
                }
            }
            check_list_type(schema, items, path)?;
        }
        Some("string") => {
            let NodeValue::String(s) = &node.value else {
                let hint = match &node.value {
                    NodeValue::Int(_) | NodeValue::Float(_) | NodeValue::Bool(_) => {
                        " (quote it to make it a string)"
                    }
                    _ => "",
                };
                return Err(wrong(&format!("a string{hint}")));
            };
            if let Some(pattern) = &schema.pattern {
                let re = regex::Regex::new(pattern).expect("the vendored patterns compile");
                if !re.is_match(s) {
                    return Err(at(
                        node.line,
                        path,
                        format!("{:?} does not match {pattern}", s),
                    ));
                }
            }
            if schema.format.as_deref() == Some("date-time")
                && chrono::DateTime::parse_from_rfc3339(s).is_err()
            {
                return Err(wrong("a time in RFC 3339 (e.g. 2026-01-02T15:04:05Z)"));
            }
        }
        Some("integer") => match &node.value {
            // `format: int32`/`int64` is not checked by the API server either (a value out of
            // range is refused when the object is read into its Go or Rust type).
            NodeValue::Int(_) => {}
            NodeValue::Float(f) if f.fract() == 0.0 => {}
            NodeValue::String(_) => return Err(wrong("an integer (without quotes)")),
            _ => return Err(wrong("an integer")),
        },
        Some("number") => match &node.value {
            NodeValue::Int(_) | NodeValue::Float(_) => {}
            NodeValue::String(_) => return Err(wrong("a number (without quotes)")),
            _ => return Err(wrong("a number")),
        },
        Some("boolean") => match &node.value {
            NodeValue::Bool(_) => {}
            NodeValue::String(_) => {
                return Err(wrong(
                    "true or false (without quotes; a quoted value is a string)",
                ));
            }
            _ => return Err(wrong("true or false")),
        },
        _ => {}
    }
    if let Some(allowed) = &schema.allowed {
        let as_json = to_json(node);
        if !allowed.contains(&as_json) {
            let list: Vec<String> = allowed.iter().map(|v| v.to_string()).collect();
            return Err(at(
                node.line,
                path,
                format!("expected one of {}, got {as_json}", list.join(", ")),
            ));
        }
    }
    Ok(())
}

fn check_object(
    schema: &Schema,
    node: &Node,
    entries: &[(String, Option<usize>, Node)],
    path: &str,
) -> Result<(), Error> {
    let root = path.is_empty();
    for (key, key_line, value) in entries {
        let here = join(path, key);
        if root && key == "metadata" {
            check(object_meta(), value, &here)?;
            continue;
        }
        if let Some(prop) = schema.properties.get(key) {
            check(prop, value, &here)?;
            continue;
        }
        match &schema.additional_properties {
            Some(Additional::Schema(s)) => {
                check(s, value, &here)?;
                continue;
            }
            Some(Additional::Allowed(true)) => continue,
            _ => {}
        }
        if schema.preserve_unknown {
            continue;
        }
        let message = match did_you_mean(key, schema.properties.keys().map(String::as_str)) {
            Some(m) => format!("unknown field; did you mean {}?", join(path, m)),
            None if schema.properties.is_empty() => "unknown field".to_string(),
            None => {
                let known: Vec<&str> = schema.properties.keys().map(String::as_str).collect();
                format!("unknown field (expected one of: {})", known.join(", "))
            }
        };
        return Err(at(key_line.or(value.line), &here, message));
    }
    for name in &schema.required {
        let present = entries
            .iter()
            .any(|(k, _, v)| k == name && v.value != NodeValue::Null);
        if !present {
            return Err(at(node.line, &join(path, name), "required"));
        }
    }
    Ok(())
}

/// `x-kubernetes-list-type: map` (entries unique by their key fields) and `set` (unique items).
fn check_list_type(schema: &Schema, items: &[Node], path: &str) -> Result<(), Error> {
    match schema.list_type.as_deref() {
        Some("map") => {
            let mut seen = Vec::new();
            for (i, n) in items.iter().enumerate() {
                let key: Vec<serde_json::Value> = schema
                    .list_map_keys
                    .iter()
                    .map(|k| n.get(k).map(to_json).unwrap_or(serde_json::Value::Null))
                    .collect();
                if seen.contains(&key) {
                    let shown: Vec<String> = schema
                        .list_map_keys
                        .iter()
                        .zip(&key)
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect();
                    return Err(at(
                        n.line,
                        &format!("{path}[{i}]"),
                        format!("duplicate entry with {}", shown.join(", ")),
                    ));
                }
                seen.push(key);
            }
        }
        Some("set") => {
            let mut seen = Vec::new();
            for (i, n) in items.iter().enumerate() {
                let v = to_json(n);
                if seen.contains(&v) {
                    return Err(at(
                        n.line,
                        &format!("{path}[{i}]"),
                        format!("duplicate value {v}"),
                    ));
                }
                seen.push(v);
            }
        }
        _ => {}
    }
    Ok(())
}

fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value;
    match &node.value {
        NodeValue::Null => Value::Null,
        NodeValue::Bool(b) => Value::Bool(*b),
        NodeValue::Int(n) => i64::try_from(*n)
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(n.to_string())),
        NodeValue::Float(f) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        NodeValue::String(s) => Value::String(s.clone()),
        NodeValue::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeValue::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, _, v)| (k.clone(), to_json(v)))
                .collect(),
        ),
    }
}

/// The known field `key` was most likely meant to be: the same ignoring case, `-`, `_` and
/// spaces, else one that starts with it, else the closest by edit distance (at most 2, or a
/// third of its length).
pub fn did_you_mean<'a>(
    key: &str,
    known: impl Iterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '-' | '_') && !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let k = norm(key);
    if let Some(exact) = known.clone().find(|c| norm(c) == k) {
        return Some(exact);
    }
    // `template` for `templateName`: a known name that starts with what was written.
    if k.chars().count() >= 4
        && let Some(longer) = known.clone().find(|c| norm(c).starts_with(&k))
    {
        return Some(longer);
    }
    let limit = (k.chars().count() / 3).max(2);
    known
        .map(|c| (levenshtein(&norm(c), &k), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests;
