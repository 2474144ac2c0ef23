//! A workload's revisions, read from the ReplicaSets it owns: number, ReplicaSet, images,
//! change cause, creation time, and which one is the current template (as `kubectl rollout
//! history` and `kubectl argo rollouts` number them).

use chrono::{DateTime, Utc};
use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::api::core::v1::PodTemplateSpec;
use serde::Serialize;

use super::{CHANGE_CAUSE, Kind, images, same_template};

/// One revision of a workload.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Revision {
    pub revision: i64,
    pub replica_set: String,
    /// `CONTAINER=IMAGE`, init containers first.
    pub images: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_cause: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    /// The workload's template is this revision's.
    pub current: bool,
    /// Pods of this revision that are ready now.
    pub ready_replicas: i32,
    /// The ReplicaSet's pod-template hash label.
    #[serde(skip)]
    pub hash: Option<String>,
    #[serde(skip)]
    pub template: PodTemplateSpec,
}

/// The revision number of a ReplicaSet: 0 when it carries none, as kubectl reads it; `None`
/// when the annotation is not a number (kubectl skips such ReplicaSets).
pub fn revision_of(kind: Kind, rs: &ReplicaSet) -> Option<i64> {
    match rs
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(kind.revision_annotation()))
    {
        None => Some(0),
        Some(v) => v.parse().ok(),
    }
}

/// The revisions of a workload whose template is `current`, newest first.
pub fn revisions(kind: Kind, current: &PodTemplateSpec, rss: &[ReplicaSet]) -> Vec<Revision> {
    let mut out: Vec<Revision> = rss
        .iter()
        .filter_map(|rs| {
            let revision = revision_of(kind, rs)?;
            let template = rs.spec.template.clone().unwrap_or_default();
            Some(Revision {
                revision,
                replica_set: rs.metadata.name.clone().unwrap_or_default(),
                images: images(&template)
                    .into_iter()
                    .map(|(c, i)| format!("{c}={i}"))
                    .collect(),
                change_cause: rs
                    .metadata
                    .annotations
                    .as_ref()
                    .and_then(|a| a.get(CHANGE_CAUSE))
                    .cloned(),
                created: rs
                    .metadata
                    .creation_timestamp
                    .as_ref()
                    .and_then(|t| DateTime::from_timestamp(t.0.as_second(), 0)),
                current: same_template(&template, current, kind.hash_label()),
                ready_replicas: rs
                    .status
                    .as_ref()
                    .and_then(|s| s.ready_replicas)
                    .unwrap_or(0),
                hash: template
                    .metadata
                    .as_ref()
                    .and_then(|m| m.labels.as_ref())
                    .and_then(|l| l.get(kind.hash_label()))
                    .cloned(),
                template,
            })
        })
        .collect();
    out.sort_by(|a, b| b.revision.cmp(&a.revision).then(b.created.cmp(&a.created)));
    out
}

/// The revisions of a Rollout, its current one being the ReplicaSet of `status.currentPodHash`
/// when there is one: a ReplicaSet's stored template carries the API server's defaults, so a
/// template comparison cannot tell a Rollout's revision from an identical copy of it.
pub fn rollout_revisions(
    template: &PodTemplateSpec,
    current_hash: Option<&str>,
    rss: &[ReplicaSet],
) -> Vec<Revision> {
    let mut revs = revisions(Kind::Rollout, template, rss);
    if let Some(h) = current_hash
        && revs.iter().any(|r| r.hash.as_deref() == Some(h))
    {
        for r in &mut revs {
            r.current = r.hash.as_deref() == Some(h);
        }
    }
    revs
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// A ReplicaSet of revision `rev` running `image`, as the Deployment controller writes it.
    pub fn rs(kind: Kind, rev: Option<&str>, image: &str, cause: Option<&str>) -> ReplicaSet {
        let mut annotations = serde_json::Map::new();
        if let Some(r) = rev {
            annotations.insert(kind.revision_annotation().into(), json!(r));
        }
        if let Some(c) = cause {
            annotations.insert(CHANGE_CAUSE.into(), json!(c));
        }
        let hash = format!("h{}", image.replace([':', '/', '.'], ""));
        serde_json::from_value(json!({
            "metadata": {"name": format!("web-{hash}"), "annotations": annotations,
                          "creationTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {
                "metadata": {"labels": {"app": "web", kind.hash_label(): hash}},
                "spec": {"containers": [{"name": "app", "image": image}]}}},
            "status": {"replicas": 1, "readyReplicas": 1}
        }))
        .unwrap()
    }

    pub fn template(image: &str) -> PodTemplateSpec {
        serde_json::from_value(json!({
            "metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "app", "image": image}]}
        }))
        .unwrap()
    }

    #[test]
    fn revisions_are_newest_first_with_the_current_one_marked() {
        let k = Kind::Deployment;
        let rss = [
            rs(k, Some("1"), "web:1", None),
            rs(k, Some("3"), "web:3", Some("deploy web:3")),
            rs(k, Some("2"), "web:2", None),
        ];
        let revs = revisions(k, &template("web:2"), &rss);
        let numbers: Vec<i64> = revs.iter().map(|r| r.revision).collect();
        assert_eq!(numbers, [3, 2, 1]);
        assert_eq!(revs[0].change_cause.as_deref(), Some("deploy web:3"));
        assert_eq!(revs[0].images, ["app=web:3"]);
        assert_eq!(
            revs.iter()
                .filter(|r| r.current)
                .map(|r| r.revision)
                .collect::<Vec<_>>(),
            [2]
        );
    }

    #[test]
    fn a_rollouts_current_revision_is_the_one_of_its_current_pod_hash() {
        let k = Kind::Rollout;
        // Two ReplicaSets with the same template (an undo re-created the revision).
        let mut a = rs(k, Some("1"), "web:1", None);
        let mut b = rs(k, Some("3"), "web:1", None);
        for (r, h) in [(&mut a, "aaa"), (&mut b, "bbb")] {
            r.spec
                .template
                .as_mut()
                .unwrap()
                .metadata
                .as_mut()
                .unwrap()
                .labels
                .as_mut()
                .unwrap()
                .insert(k.hash_label().into(), h.into());
        }
        let revs = rollout_revisions(&template("web:1"), Some("bbb"), &[a, b]);
        let current: Vec<i64> = revs
            .iter()
            .filter(|r| r.current)
            .map(|r| r.revision)
            .collect();
        assert_eq!(current, [3]);
    }

    #[test]
    fn a_missing_revision_is_zero_and_a_malformed_one_is_skipped_as_kubectl_does() {
        let k = Kind::Rollout;
        let rss = [rs(k, None, "web:1", None), rs(k, Some("x"), "web:2", None)];
        let revs = revisions(k, &template("web:1"), &rss);
        assert_eq!(revs.len(), 1);
        assert_eq!(revs[0].revision, 0);
    }
}
