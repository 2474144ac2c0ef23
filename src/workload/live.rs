//! Which ReplicaSet is a Rollout's live revision when none carries the template's hash, as
//! Argo's controller finds it (`FindNewReplicaSet`): the newest whose template equals the
//! Rollout's once the API server's defaults are applied (pure; the adapter fetches the
//! defaults).

use k8s_openapi::api::core::v1::PodTemplateSpec;

use crate::engine::POD_TEMPLATE_HASH_LABEL;
use crate::spec::rollout::PodTemplateMetadata;

/// A ReplicaSet as far as matching goes: its hash, its template as stored, and the ephemeral
/// metadata its pods were given (not part of the revision).
pub struct Candidate {
    pub hash: String,
    pub template: PodTemplateSpec,
    pub ephemeral: Option<PodTemplateMetadata>,
}

/// Whether some candidate could match `template`, so that asking for the defaults is worth a
/// request: not when one carries the template's own hash, and not when none runs the same
/// images (defaults never change an image, so an image update matches no old revision).
pub fn worth_defaulting(candidates: &[Candidate], template: &PodTemplateSpec, hash: &str) -> bool {
    let images = super::images(template);
    !candidates.iter().any(|c| c.hash == hash)
        && candidates
            .iter()
            .any(|c| super::images(&c.template) == images)
}

/// The newest candidate (last given) whose template, without its ephemeral metadata, equals
/// `defaulted`.
pub fn live_revision(candidates: &[Candidate], defaulted: &PodTemplateSpec) -> Option<String> {
    candidates
        .iter()
        .rev()
        .find(|c| super::same_template(&without_ephemeral(c), defaulted, POD_TEMPLATE_HASH_LABEL))
        .map(|c| c.hash.clone())
}

fn without_ephemeral(c: &Candidate) -> PodTemplateSpec {
    let mut t = c.template.clone();
    if let (Some(e), Some(meta)) = (&c.ephemeral, t.metadata.as_mut()) {
        for (map, keys) in [
            (&mut meta.labels, &e.labels),
            (&mut meta.annotations, &e.annotations),
        ] {
            if let Some(map) = map {
                for k in keys.keys() {
                    map.remove(k);
                }
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(image: &str, labels: serde_json::Value) -> PodTemplateSpec {
        serde_json::from_value(serde_json::json!({
            "metadata": {"labels": labels},
            "spec": {"containers": [{"name": "web", "image": image,
                "imagePullPolicy": "IfNotPresent"}]}
        }))
        .unwrap()
    }

    fn candidate(hash: &str, image: &str, ephemeral: Option<PodTemplateMetadata>) -> Candidate {
        let mut labels = serde_json::json!({"app": "web", "rollouts-pod-template-hash": hash});
        if let Some(e) = &ephemeral {
            for (k, v) in &e.labels {
                labels[k] = v.clone().into();
            }
        }
        Candidate {
            hash: hash.into(),
            template: template(image, labels),
            ephemeral,
        }
    }

    #[test]
    fn the_newest_equal_template_is_live_without_its_hash_label_or_ephemeral_labels() {
        let role = PodTemplateMetadata {
            labels: [("role".to_string(), "active".to_string())].into(),
            ..Default::default()
        };
        let rss = [
            candidate("aaa", "web:1", None),
            candidate("bbb", "web:2", None),
            candidate("ccc", "web:1", Some(role)),
        ];
        let desired = template("web:1", serde_json::json!({"app": "web"}));
        assert_eq!(live_revision(&rss, &desired).as_deref(), Some("ccc"));
        let other = template("web:3", serde_json::json!({"app": "web"}));
        assert_eq!(live_revision(&rss, &other), None);
    }

    #[test]
    fn defaults_are_asked_for_only_when_a_revision_could_match() {
        let rss = [candidate("aaa", "web:1", None)];
        let same = template("web:1", serde_json::json!({"app": "web"}));
        assert!(worth_defaulting(&rss, &same, "zzz"));
        assert!(
            !worth_defaulting(&rss, &same, "aaa"),
            "our own hash is there"
        );
        let update = template("web:2", serde_json::json!({"app": "web"}));
        assert!(!worth_defaulting(&rss, &update, "zzz"), "an image update");
        assert!(!worth_defaulting(&[], &same, "zzz"));
    }
}
