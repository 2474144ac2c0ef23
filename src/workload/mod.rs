//! Deployments and Rollouts as revisioned workloads: which kind a `KIND/NAME` names, their
//! revision history, kubectl's and Argo's undo rule, a readable diff of two pod templates, and
//! kubectl's rollout-status rule. Pure: Kubernetes types in, data out, no API calls.

pub mod diff;
pub mod history;
pub mod live;
pub mod status;
pub mod undo;

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::PodTemplateSpec;
use serde_json::Value;

use crate::error::Error;

/// The two kinds of workload whose revisions this tool rolls back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Deployment,
    Rollout,
}

/// Annotations kubectl keeps from the Deployment instead of copying them from the ReplicaSet
/// when it rolls back (kubectl's `annotationsToSkip`).
pub const DEPLOYMENT_ANNOTATIONS_TO_SKIP: [&str; 6] = [
    "kubectl.kubernetes.io/last-applied-configuration",
    "deployment.kubernetes.io/revision",
    "deployment.kubernetes.io/revision-history",
    "deployment.kubernetes.io/desired-replicas",
    "deployment.kubernetes.io/max-replicas",
    "deprecated.deployment.rollback.to",
];

/// The annotation where a change's reason is recorded (`kubectl rollout history` shows it).
pub const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

impl Kind {
    /// The annotation on a ReplicaSet that carries its revision number.
    pub fn revision_annotation(self) -> &'static str {
        match self {
            Kind::Deployment => "deployment.kubernetes.io/revision",
            Kind::Rollout => "rollout.argoproj.io/revision",
        }
    }

    /// The label that pins a ReplicaSet's pods to its revision.
    pub fn hash_label(self) -> &'static str {
        match self {
            Kind::Deployment => "pod-template-hash",
            Kind::Rollout => crate::engine::hash::POD_TEMPLATE_HASH_LABEL,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Deployment => "deployment",
            Kind::Rollout => "rollout",
        }
    }
}

/// A workload named on the command line as `KIND/NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub kind: Kind,
    pub name: String,
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.kind.as_str(), self.name)
    }
}

/// Parses `deployment/NAME` or `rollout/NAME` (with kubectl's other spellings of the kinds:
/// `deploy`, `deployments`, `deployment.apps`, `ro`, `rollouts`, `rollouts.argoproj.io`).
/// `what` names the argument in the error.
pub fn parse_target(what: &str, s: &str) -> Result<Target, Error> {
    let expected = "expected deployment/NAME or rollout/NAME";
    let Some((kind, name)) = s.split_once('/') else {
        return Err(Error::flag(
            what,
            format!("{s:?} names no kind; {expected}"),
        ));
    };
    let kind = match kind.to_ascii_lowercase().as_str() {
        "deployment" | "deployments" | "deploy" | "deployment.apps" | "deployments.apps" => {
            Kind::Deployment
        }
        "rollout" | "rollouts" | "ro" | "rollout.argoproj.io" | "rollouts.argoproj.io" => {
            Kind::Rollout
        }
        other => {
            return Err(Error::flag(
                what,
                format!("kind {other:?} is not supported; {expected}"),
            ));
        }
    };
    if name.is_empty() {
        return Err(Error::flag(what, format!("{s:?} has no name; {expected}")));
    }
    if !is_dns_subdomain(name) {
        return Err(Error::flag(
            what,
            format!(
                "{name:?} is not a valid object name (lowercase letters, digits, '-' and '.', \
                 starting and ending with a letter or digit, at most 253 characters)"
            ),
        ));
    }
    Ok(Target {
        kind,
        name: name.to_string(),
    })
}

fn is_dns_subdomain(s: &str) -> bool {
    let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.';
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    s.len() <= 253
        && s.chars().all(ok_char)
        && s.chars().next().is_some_and(alnum)
        && s.chars().last().is_some_and(alnum)
}

/// A pod template as JSON without the revision's hash label, with empty and null values removed,
/// so that two templates compare as the API server's semantic equality compares them (nil and
/// empty maps and lists are equal).
pub fn canonical_template(template: &PodTemplateSpec, hash_label: &str) -> Value {
    let mut t = template.clone();
    if let Some(labels) = t.metadata.as_mut().and_then(|m| m.labels.as_mut()) {
        labels.remove(hash_label);
    }
    let mut v = serde_json::to_value(&t).unwrap_or(Value::Null);
    prune(&mut v);
    v
}

/// True when the two templates are the same revision (kubectl's `equalIgnoreHash`).
pub fn same_template(a: &PodTemplateSpec, b: &PodTemplateSpec, hash_label: &str) -> bool {
    canonical_template(a, hash_label) == canonical_template(b, hash_label)
}

fn prune(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for value in map.values_mut() {
                prune(value);
            }
            map.retain(|_, value| !is_empty(value));
        }
        Value::Array(items) => items.iter_mut().for_each(prune),
        _ => {}
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// The containers of a template as `(name, image)`, init containers first as Kubernetes runs
/// them.
pub fn images(template: &PodTemplateSpec) -> Vec<(String, String)> {
    let Some(spec) = &template.spec else {
        return Vec::new();
    };
    spec.init_containers
        .iter()
        .flatten()
        .chain(spec.containers.iter())
        .map(|c| (c.name.clone(), c.image.clone().unwrap_or_default()))
        .collect()
}

/// `CONTAINER=IMAGE` flags (repeatable), each naming a container once.
pub fn parse_images(flag: &str, raw: &[String]) -> Result<Vec<(String, String)>, Error> {
    let mut out: Vec<(String, String)> = Vec::new();
    for s in raw {
        let (c, i) = s
            .split_once('=')
            .filter(|(c, i)| !c.is_empty() && !i.is_empty())
            .ok_or_else(|| Error::flag(flag, format!("{s:?} is not CONTAINER=IMAGE")))?;
        if i.chars().any(char::is_whitespace) {
            return Err(Error::flag(flag, format!("{s:?}: an image has no spaces")));
        }
        if out.iter().any(|(seen, _)| seen == c) {
            return Err(Error::flag(flag, format!("container {c:?} is given twice")));
        }
        out.push((c.to_string(), i.to_string()));
    }
    Ok(out)
}

/// An object's annotations, or none.
pub fn annotations_of(annotations: &Option<BTreeMap<String, String>>) -> BTreeMap<String, String> {
    annotations.clone().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_kind_slash_name_in_kubectls_spellings() {
        for s in [
            "deployment/web",
            "deploy/web",
            "deployments.apps/web",
            "Deployment/web",
        ] {
            assert_eq!(
                parse_target("TARGET", s).unwrap().kind,
                Kind::Deployment,
                "{s}"
            );
        }
        for s in ["rollout/web", "ro/web", "rollouts.argoproj.io/web"] {
            assert_eq!(
                parse_target("TARGET", s).unwrap().kind,
                Kind::Rollout,
                "{s}"
            );
        }
    }

    #[test]
    fn unsupported_kinds_and_missing_names_are_named_in_the_error() {
        let e = parse_target("KIND/NAME", "statefulset/db")
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"statefulset\" is not supported"), "{e}");
        assert!(e.contains("deployment/NAME or rollout/NAME"), "{e}");
        let e = parse_target("KIND/NAME", "deployment/")
            .unwrap_err()
            .to_string();
        assert!(e.contains("has no name"), "{e}");
        let e = parse_target("KIND/NAME", "web").unwrap_err().to_string();
        assert!(e.contains("names no kind"), "{e}");
        let e = parse_target("KIND/NAME", "deployment/Web_1")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a valid object name"), "{e}");
    }

    #[test]
    fn templates_compare_without_the_hash_label_and_empty_values() {
        let a: PodTemplateSpec = serde_json::from_value(serde_json::json!({
            "metadata": {"labels": {"app": "web", "pod-template-hash": "abc"}, "annotations": {}},
            "spec": {"containers": [{"name": "app", "image": "web:1", "env": []}]}
        }))
        .unwrap();
        let b: PodTemplateSpec = serde_json::from_value(serde_json::json!({
            "metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "app", "image": "web:1"}]}
        }))
        .unwrap();
        assert!(same_template(&a, &b, "pod-template-hash"));
        let mut c = b.clone();
        c.spec.as_mut().unwrap().containers[0].image = Some("web:2".into());
        assert!(!same_template(&a, &c, "pod-template-hash"));
    }
}
