//! Strict validation of an AppProject against Argo CD's published CRD schema
//! (`appproject-crd.yaml`, unchanged), as the apiserver validates with strict field validation
//! (`kubectl apply --validate=strict`): every field Argo CD accepts is accepted, an unknown or
//! mistyped key is an error naming its path, with a did-you-mean; a value of the wrong type is
//! an error. `null` is accepted where a value may be absent (the apiserver prunes it).

use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::error::Error;

const CRD: &str = include_str!("appproject-crd.yaml");

/// The only version Argo CD serves.
pub const API_VERSION: &str = "argoproj.io/v1alpha1";

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let crd: Value = crate::spec::yaml::from_str(CRD).expect("the embedded CRD is YAML");
        let mut schema = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"].clone();
        // The apiserver checks `metadata` as an ObjectMeta whatever the CRD says.
        schema["properties"]["metadata"] = object_meta();
        schema
    })
}

/// The fields of a Kubernetes ObjectMeta, as the apiserver reads them.
fn object_meta() -> Value {
    let string = json!({"type": "string"});
    let strings = json!({"type": "object", "additionalProperties": {"type": "string"}});
    let anything = json!({"x-kubernetes-preserve-unknown-fields": true});
    json!({
        "type": "object",
        "properties": {
            "name": string,
            "generateName": string,
            "namespace": string,
            "selfLink": string,
            "uid": string,
            "resourceVersion": string,
            "generation": {"type": "integer", "format": "int64"},
            "creationTimestamp": string,
            "deletionTimestamp": string,
            "deletionGracePeriodSeconds": {"type": "integer", "format": "int64"},
            "labels": strings,
            "annotations": strings,
            "ownerReferences": {"type": "array", "items": anything},
            "finalizers": {"type": "array", "items": string},
            "managedFields": {"type": "array", "items": anything},
        }
    })
}

/// Checks an AppProject document: `apiVersion`, `kind`, then every field against the schema.
pub fn validate(doc: &Value) -> Result<(), Error> {
    let obj = doc
        .as_object()
        .ok_or_else(|| Error::field("(document)", "expected an AppProject object"))?;
    match obj.get("kind") {
        Some(Value::String(k)) if k == "AppProject" => {}
        Some(Value::String(other)) => {
            return Err(Error::field(
                "kind",
                format!("expected AppProject, found {other:?}"),
            ));
        }
        Some(other) => {
            return Err(Error::field(
                "kind",
                format!("expected the string AppProject, found {}", shown(other)),
            ));
        }
        None => return Err(Error::field("kind", "missing; expected AppProject")),
    }
    match obj.get("apiVersion") {
        Some(Value::String(v)) if v == API_VERSION => {}
        Some(Value::String(other)) => {
            return Err(Error::field(
                "apiVersion",
                format!(
                    "expected {API_VERSION} (the only version of AppProject Argo CD serves), found {other:?}"
                ),
            ));
        }
        Some(other) => {
            return Err(Error::field(
                "apiVersion",
                format!("expected the string {API_VERSION}, found {}", shown(other)),
            ));
        }
        None => {
            return Err(Error::field(
                "apiVersion",
                format!("missing; expected {API_VERSION}"),
            ));
        }
    }
    check(doc, schema(), "")
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn shown(v: &Value) -> String {
    let what = match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    let mut text = v.to_string();
    if text.chars().count() > 40 {
        text = text.chars().take(37).collect::<String>() + "...";
    }
    format!("{what} {text}")
}

fn check(v: &Value, s: &Value, path: &str) -> Result<(), Error> {
    if v.is_null() || s.get("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(true)) {
        return Ok(());
    }
    let here = if path.is_empty() { "(document)" } else { path };
    let wrong =
        |expected: &str| Error::field(here, format!("expected {expected}, found {}", shown(v)));
    match s.get("type").and_then(Value::as_str) {
        Some("object") => {
            let obj = v.as_object().ok_or_else(|| wrong("an object"))?;
            let props = s.get("properties").and_then(Value::as_object);
            for (key, value) in obj {
                let child = join(path, key);
                if let Some(p) = props.and_then(|p| p.get(key)) {
                    check(value, p, &child)?;
                } else if let Some(extra) = s.get("additionalProperties").filter(|a| a.is_object())
                {
                    check(value, extra, &child)?;
                } else {
                    let known: Vec<&str> = props
                        .map(|p| p.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    return Err(Error::field(child, unknown(key, path, &known)));
                }
            }
            for required in s
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if obj.get(required).is_none_or(Value::is_null) {
                    return Err(Error::field(
                        join(path, required),
                        "missing; Argo CD's AppProject schema requires it",
                    ));
                }
            }
            Ok(())
        }
        Some("array") => {
            let items = v.as_array().ok_or_else(|| wrong("a list"))?;
            if let Some(item) = s.get("items") {
                for (i, value) in items.iter().enumerate() {
                    check(value, item, &format!("{path}[{i}]"))?;
                }
            }
            Ok(())
        }
        Some("string") => {
            let text = v.as_str().ok_or_else(|| wrong("a string"))?;
            if let Some(max) = s.get("maxLength").and_then(Value::as_u64)
                && text.chars().count() as u64 > max
            {
                return Err(Error::field(
                    here,
                    format!(
                        "{} characters; Argo CD's AppProject schema allows at most {max}",
                        text.chars().count()
                    ),
                ));
            }
            Ok(())
        }
        Some("integer") => match v.as_i64() {
            Some(n)
                if s.get("format").and_then(Value::as_str) != Some("int32")
                    || i32::try_from(n).is_ok() =>
            {
                Ok(())
            }
            _ => Err(wrong("an integer")),
        },
        Some("boolean") => v
            .is_boolean()
            .then_some(())
            .ok_or_else(|| wrong("true or false")),
        Some("number") => v.is_number().then_some(()).ok_or_else(|| wrong("a number")),
        _ => Ok(()),
    }
}

/// The message for an unknown `key` under `path`, with the closest known field if any.
fn unknown(key: &str, path: &str, known: &[&str]) -> String {
    let place = if path.is_empty() {
        "an AppProject".to_string()
    } else {
        path.to_string()
    };
    match did_you_mean(key, known) {
        Some(close) => format!(
            "unknown field {key:?} (not in Argo CD's AppProject schema); did you mean {}?",
            join(path, close)
        ),
        None if known.is_empty() => format!("unknown field {key:?}; {place} takes no fields"),
        None => format!("unknown field {key:?}; {place} takes {}", known.join(", ")),
    }
}

/// The known field `key` was most likely meant as: the same letters ignoring case and
/// punctuation (`sync_windows`, `syncwindows`, `"syncWindows "`), else within a small edit
/// distance (`syncWindow`).
fn did_you_mean<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let k = squash(key);
    if let Some(same) = known.iter().find(|f| squash(f) == k) {
        return Some(same);
    }
    let limit = if k.chars().count() >= 6 { 2 } else { 1 };
    known
        .iter()
        .map(|f| (distance(&squash(f), &k), *f))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}

/// Levenshtein distance (small strings: field names).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(yaml: &str) -> String {
        let doc: Value = crate::spec::yaml::from_str(yaml).unwrap();
        validate(&doc).unwrap_err().to_string()
    }

    const HEAD: &str = "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: p\n";

    #[test]
    fn mistyped_keys_are_errors_with_a_did_you_mean() {
        for key in [
            "syncwindows",
            "syncWindow",
            "sync_windows",
            "\"syncWindows \"",
            "SyncWindows",
        ] {
            let message = err(&format!("{HEAD}spec:\n  {key}:\n  - kind: deny\n"));
            assert!(
                message.contains("did you mean spec.syncWindows?"),
                "{key}: {message}"
            );
        }
        let message = err(&format!(
            "{HEAD}spec:\n  syncWindows:\n  - kind: deny\n    manualsync: true\n"
        ));
        assert!(
            message.starts_with("spec.syncWindows[0].manualsync: unknown field")
                && message.contains("did you mean spec.syncWindows[0].manualSync?"),
            "{message}"
        );
        let message = err(&format!(
            "{HEAD}spec:\n  syncWindows: []\n  frobnicate: 1\n"
        ));
        assert!(
            message.contains("spec.frobnicate: unknown field") && message.contains("syncWindows"),
            "{message}"
        );
        assert!(
            err("apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetdata: {}\n")
                .contains("did you mean metadata?")
        );
        assert!(err(&format!("{HEAD}  lables: {{}}\n")).contains("did you mean metadata.labels?"));
    }

    #[test]
    fn wrong_types_and_documents_are_errors() {
        for (yaml, expected) in [
            (
                format!("{HEAD}spec: [1]\n"),
                "spec: expected an object, found a list [1]",
            ),
            (
                format!("{HEAD}spec:\n  syncWindows:\n  - manualSync: \"yes\"\n"),
                "spec.syncWindows[0].manualSync: expected true or false, found a string \"yes\"",
            ),
            (
                format!("{HEAD}spec:\n  syncWindows:\n  - applications: tr-web\n"),
                "spec.syncWindows[0].applications: expected a list",
            ),
            (
                format!("{HEAD}spec:\n  syncWindows:\n  - duration: 5\n"),
                "spec.syncWindows[0].duration: expected a string, found a number 5",
            ),
            (
                format!("{HEAD}spec:\n  roles:\n  - policies: []\n"),
                "spec.roles[0].name: missing",
            ),
            (
                format!("{HEAD}spec:\n  description: {}\n", "x".repeat(256)),
                "256 characters; Argo CD's AppProject schema allows at most 255",
            ),
            (
                "apiVersion: argoproj.io/v1beta1\nkind: AppProject\n".to_string(),
                "apiVersion: expected argoproj.io/v1alpha1",
            ),
            ("kind: AppProject\n".to_string(), "apiVersion: missing"),
            (
                "apiVersion: argoproj.io/v1alpha1\nkind: Application\n".to_string(),
                "kind: expected AppProject, found \"Application\"",
            ),
            (
                format!("{HEAD}  labels:\n    a: 1\n"),
                "metadata.labels.a: expected a string",
            ),
        ] {
            let message = err(&yaml);
            assert!(
                message.contains(expected),
                "{message}\n  expected: {expected}"
            );
        }
    }

    #[test]
    fn every_field_argo_cd_accepts_is_accepted() {
        let doc: Value = crate::spec::yaml::from_str(&format!(
            "{HEAD}  namespace: argocd\n  labels: {{a: b}}\n  uid: x\n  generation: 3\n  managedFields: [{{manager: kubectl, fieldsV1: {{f:spec: {{}}}}}}]\n  creationTimestamp: null\nspec:\n  description: d\n  sourceRepos: ['*']\n  destinations: [{{server: '*', namespace: '*', name: in-cluster}}]\n  clusterResourceWhitelist: [{{group: '*', kind: '*'}}]\n  namespaceResourceBlacklist: [{{group: '', kind: ResourceQuota}}]\n  orphanedResources: {{warn: true, ignore: [{{group: apps, kind: Deployment, name: x}}]}}\n  roles: [{{name: ci, policies: ['p, proj:p:ci, applications, sync, p/*, allow'], groups: [g], jwtTokens: [{{iat: 1, exp: 2, id: i}}]}}]\n  syncWindows:\n  - {{kind: allow, schedule: '* * * * *', duration: 1h, applications: ['*'], namespaces: [ns], clusters: [cl], manualSync: true, timeZone: UTC, andOperator: false, description: d}}\n  signatureKeys: [{{keyID: ABC}}]\n  sourceNamespaces: [argocd]\n  permitOnlyProjectScopedClusters: false\n  destinationServiceAccounts: [{{server: s, namespace: ns, defaultServiceAccount: sa}}]\nstatus:\n  jwtTokensByRole:\n    ci:\n      items: [{{iat: 1}}]\n"
        ))
        .unwrap();
        validate(&doc).unwrap();
    }
}
