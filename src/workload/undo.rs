//! The undo rule of `kubectl rollout undo` (Deployments) and `kubectl argo rollouts undo`
//! (Rollouts): which revision is the target, when there is nothing to do, and the template and
//! annotations the workload gets.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::api::core::v1::PodTemplateSpec;
use serde_json::{Value, json};

use super::history::revision_of;
use super::{DEPLOYMENT_ANNOTATIONS_TO_SKIP, Kind, Target, same_template};
use crate::error::Error;

/// What an undo does.
#[derive(Debug, Clone, PartialEq)]
pub enum Undo {
    /// The workload's template already is the target revision's (kubectl's "skipped rollback").
    Skip {
        revision: i64,
    },
    Apply(Box<Plan>),
}

/// The change an undo makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The target revision and its ReplicaSet.
    pub revision: i64,
    pub replica_set: String,
    /// The revision the workload's template is now, when one matches it.
    pub from: Option<i64>,
    /// The target's template without the hash label.
    pub template: PodTemplateSpec,
    /// The workload's annotations afterwards (Deployments; Argo's undo leaves a Rollout's
    /// annotations alone).
    pub annotations: Option<BTreeMap<String, String>>,
}

/// The workload as it is now.
pub struct Current<'a> {
    pub target: &'a Target,
    pub template: &'a PodTemplateSpec,
    pub annotations: &'a BTreeMap<String, String>,
    pub paused: bool,
    /// A Rollout's `status.currentPodHash`: its revision is the ReplicaSet with that hash (a
    /// stored template carries the API server's defaults, so templates alone cannot tell).
    pub current_hash: Option<&'a str>,
}

/// Decides an undo to `to_revision` (`None` or 0: the previous revision, i.e. the second
/// highest number, as kubectl picks it).
pub fn plan(
    current: &Current,
    rss: &[ReplicaSet],
    to_revision: Option<i64>,
) -> Result<Undo, Error> {
    let kind = current.target.kind;
    let to = to_revision.filter(|&r| r != 0);
    let mut numbered: Vec<(i64, &ReplicaSet)> = rss
        .iter()
        .filter_map(|rs| revision_of(kind, rs).map(|r| (r, rs)))
        .collect();
    numbered.sort_by_key(|(r, _)| std::cmp::Reverse(*r));
    let existing = || {
        let mut all: Vec<String> = numbered.iter().map(|(r, _)| r.to_string()).collect();
        all.dedup();
        if all.is_empty() {
            "it has none".to_string()
        } else {
            format!("its revisions are {}", all.join(", "))
        }
    };
    let (revision, rs) = match to {
        Some(n) if n < 0 => {
            return Err(Error::flag(
                "--to-revision",
                format!("{n} is not a revision number"),
            ));
        }
        Some(n) => *numbered.iter().find(|(r, _)| *r == n).ok_or_else(|| {
            Error::flag(
                "--to-revision",
                format!("{} has no revision {n}; {}", current.target, existing()),
            )
        })?,
        None => *numbered.get(1).ok_or_else(|| Error::Input {
            location: Default::default(),
            message: format!(
                "{} has no earlier revision to roll back to; {}",
                current.target,
                existing()
            ),
        })?,
    };
    if current.paused {
        let resume = match kind {
            Kind::Deployment => format!("kubectl rollout resume {}", current.target),
            Kind::Rollout => format!("kubectl rollouts promote {}", current.target.name),
        };
        return Err(Error::Input {
            location: Default::default(),
            message: format!(
                "{} is paused; resume it first with `{resume}` and try again",
                current.target
            ),
        });
    }
    let mut template = rs.spec.template.clone().unwrap_or_default();
    let hash_of = |rs: &ReplicaSet| {
        rs.spec
            .template
            .as_ref()
            .and_then(|t| t.metadata.as_ref())
            .and_then(|m| m.labels.as_ref())
            .and_then(|l| l.get(kind.hash_label()))
            .cloned()
    };
    let is_current = |rs: &ReplicaSet| match current.current_hash {
        Some(h)
            if numbered
                .iter()
                .any(|(_, r)| hash_of(r).as_deref() == Some(h)) =>
        {
            hash_of(rs).as_deref() == Some(h)
        }
        _ => rs
            .spec
            .template
            .as_ref()
            .is_some_and(|t| same_template(t, current.template, kind.hash_label())),
    };
    if is_current(rs) {
        return Ok(Undo::Skip { revision });
    }
    if let Some(labels) = template.metadata.as_mut().and_then(|m| m.labels.as_mut()) {
        labels.remove(kind.hash_label());
    }
    let from = numbered
        .iter()
        .find(|(_, rs)| is_current(rs))
        .map(|(r, _)| *r);
    let annotations = (kind == Kind::Deployment).then(|| {
        let mut out: BTreeMap<String, String> = current
            .annotations
            .iter()
            .filter(|(k, _)| DEPLOYMENT_ANNOTATIONS_TO_SKIP.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (k, v) in rs.metadata.annotations.iter().flatten() {
            if !DEPLOYMENT_ANNOTATIONS_TO_SKIP.contains(&k.as_str()) {
                out.insert(k.clone(), v.clone());
            }
        }
        out
    });
    Ok(Undo::Apply(Box::new(Plan {
        revision,
        replica_set: rs.metadata.name.clone().unwrap_or_default(),
        from,
        template,
        annotations,
    })))
}

impl Plan {
    /// The JSON patch that makes the change, guarded by the generation that was read, so a
    /// spec changed in between is refused instead of overwritten (status writes do not count).
    pub fn json_patch(&self, generation: Option<i64>) -> Value {
        let mut ops = Vec::new();
        if let Some(g) = generation {
            ops.push(json!({"op": "test", "path": "/metadata/generation", "value": g}));
        }
        ops.push(json!({"op": "replace", "path": "/spec/template", "value": self.template}));
        if let Some(a) = &self.annotations {
            ops.push(json!({"op": "add", "path": "/metadata/annotations", "value": a}));
        }
        Value::Array(ops)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::history::tests::{rs, template};

    fn target(kind: Kind) -> Target {
        Target {
            kind,
            name: "web".into(),
        }
    }

    fn history(kind: Kind) -> Vec<ReplicaSet> {
        vec![
            rs(kind, Some("1"), "web:1", Some("first")),
            rs(kind, Some("2"), "web:2", None),
            rs(kind, Some("3"), "web:3", Some("third")),
        ]
    }

    fn current<'a>(
        t: &'a Target,
        tpl: &'a PodTemplateSpec,
        a: &'a BTreeMap<String, String>,
    ) -> Current<'a> {
        Current {
            target: t,
            template: tpl,
            annotations: a,
            paused: false,
            current_hash: None,
        }
    }

    #[test]
    fn the_default_target_is_the_second_highest_revision() {
        let t = target(Kind::Deployment);
        let tpl = template("web:3");
        let ann = BTreeMap::new();
        let Undo::Apply(p) = plan(&current(&t, &tpl, &ann), &history(t.kind), None).unwrap() else {
            panic!("expected a change")
        };
        assert_eq!((p.revision, p.from), (2, Some(3)));
        assert_eq!(
            crate::workload::images(&p.template),
            [("app".into(), "web:2".into())]
        );
        let labels = p
            .template
            .metadata
            .as_ref()
            .unwrap()
            .labels
            .as_ref()
            .unwrap();
        assert!(!labels.contains_key("pod-template-hash"), "{labels:?}");
        // Revision 0 means the previous one, as in kubectl.
        assert_eq!(
            plan(&current(&t, &tpl, &ann), &history(t.kind), Some(0)).unwrap(),
            Undo::Apply(p)
        );
    }

    #[test]
    fn annotations_are_kept_or_copied_as_kubectl_does() {
        let t = target(Kind::Deployment);
        let tpl = template("web:3");
        let ann = BTreeMap::from([
            (
                "deployment.kubernetes.io/revision".to_string(),
                "3".to_string(),
            ),
            (
                "kubectl.kubernetes.io/last-applied-configuration".into(),
                "{}".into(),
            ),
            ("kubernetes.io/change-cause".into(), "third".into()),
            ("team".into(), "payments".into()),
        ]);
        let mut rss = history(t.kind);
        rss[0].metadata.annotations.as_mut().unwrap().insert(
            "deployment.kubernetes.io/revision-history".into(),
            "4,6".into(),
        );
        let Undo::Apply(p) = plan(&current(&t, &tpl, &ann), &rss, Some(1)).unwrap() else {
            panic!()
        };
        let a = p.annotations.unwrap();
        assert_eq!(
            a["deployment.kubernetes.io/revision"], "3",
            "kept from the Deployment"
        );
        assert_eq!(a["kubectl.kubernetes.io/last-applied-configuration"], "{}");
        assert_eq!(
            a["kubernetes.io/change-cause"], "first",
            "copied from the ReplicaSet"
        );
        assert!(
            !a.contains_key("team"),
            "the Deployment's other annotations are replaced"
        );
        assert!(
            !a.contains_key("deployment.kubernetes.io/revision-history"),
            "skipped"
        );
    }

    #[test]
    fn a_rollouts_annotations_are_left_alone_as_argo_does() {
        let t = target(Kind::Rollout);
        let tpl = template("web:3");
        let ann = BTreeMap::new();
        let Undo::Apply(p) = plan(&current(&t, &tpl, &ann), &history(t.kind), None).unwrap() else {
            panic!()
        };
        assert_eq!(p.annotations, None);
        let patch = p.json_patch(Some(42));
        assert_eq!(patch.as_array().unwrap().len(), 2);
        assert_eq!(patch[0]["op"], "test");
    }

    #[test]
    fn already_at_the_target_is_nothing_to_do() {
        let t = target(Kind::Deployment);
        let tpl = template("web:2");
        let ann = BTreeMap::new();
        assert_eq!(
            plan(&current(&t, &tpl, &ann), &history(t.kind), Some(2)).unwrap(),
            Undo::Skip { revision: 2 }
        );
    }

    #[test]
    fn unknown_revisions_name_the_ones_that_exist() {
        let t = target(Kind::Deployment);
        let tpl = template("web:3");
        let ann = BTreeMap::new();
        let e = plan(&current(&t, &tpl, &ann), &history(t.kind), Some(7)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--to-revision: deployment/web has no revision 7; its revisions are 3, 2, 1"
        );
        let e = plan(&current(&t, &tpl, &ann), &history(t.kind)[..1], None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "deployment/web has no earlier revision to roll back to; its revisions are 1"
        );
    }

    #[test]
    fn a_paused_workload_is_refused_with_how_to_resume() {
        let t = target(Kind::Deployment);
        let tpl = template("web:3");
        let ann = BTreeMap::new();
        let mut c = current(&t, &tpl, &ann);
        c.paused = true;
        let e = plan(&c, &history(t.kind), None).unwrap_err().to_string();
        assert!(e.contains("kubectl rollout resume deployment/web"), "{e}");
    }
}
