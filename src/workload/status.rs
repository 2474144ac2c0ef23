//! Where a Deployment's rollout stands, by the rule of `kubectl rollout status`: waiting for
//! the controller to see the spec, for replicas to be updated, for old ones to go, for updated
//! ones to be available; done; or failed by its progress deadline.

use k8s_openapi::api::apps::v1::Deployment;

/// The state of a Deployment's rollout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Still rolling out; the message says what it waits for.
    Waiting(String),
    /// The current template is fully rolled out and available.
    Done(String),
    /// The controller gave up (`ProgressDeadlineExceeded`).
    Failed(String),
}

/// Replica counts for a progress bar: (updated and available, desired).
pub fn counts(d: &Deployment) -> (i32, i32) {
    let desired = d.spec.replicas.unwrap_or(1);
    let st = d.status.clone().unwrap_or_default();
    let ready = st
        .available_replicas
        .unwrap_or(0)
        .min(st.updated_replicas.unwrap_or(0));
    (ready, desired)
}

/// kubectl's rollout-status rule for one observation of the Deployment.
pub fn progress(d: &Deployment) -> Progress {
    let name = d.metadata.name.as_deref().unwrap_or("");
    let st = d.status.clone().unwrap_or_default();
    let generation = d.metadata.generation.unwrap_or(0);
    if generation > st.observed_generation.unwrap_or(0) {
        return Progress::Waiting("waiting for the deployment spec update to be observed".into());
    }
    let deadline_exceeded = st.conditions.iter().flatten().any(|c| {
        c.type_.as_deref() == Some("Progressing")
            && c.reason.as_deref() == Some("ProgressDeadlineExceeded")
    });
    if deadline_exceeded {
        let seconds = d.spec.progress_deadline_seconds.unwrap_or(600);
        return Progress::Failed(format!(
            "deployment {name:?} exceeded its progress deadline ({seconds}s)"
        ));
    }
    let updated = st.updated_replicas.unwrap_or(0);
    let replicas = st.replicas.unwrap_or(0);
    let available = st.available_replicas.unwrap_or(0);
    if let Some(want) = d.spec.replicas
        && updated < want
    {
        return Progress::Waiting(format!(
            "{updated} out of {want} new replicas have been updated"
        ));
    }
    if replicas > updated {
        return Progress::Waiting(format!(
            "{} old replicas are pending termination",
            replicas - updated
        ));
    }
    if available < updated {
        return Progress::Waiting(format!(
            "{available} of {updated} updated replicas are available"
        ));
    }
    Progress::Done(format!("deployment {name:?} successfully rolled out"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deployment(generation: i64, status: serde_json::Value) -> Deployment {
        serde_json::from_value(json!({
            "metadata": {"name": "web", "generation": generation},
            "spec": {"replicas": 4, "selector": {}, "template": {}},
            "status": status
        }))
        .unwrap()
    }

    #[test]
    fn follows_kubectl_rollout_status_in_its_order() {
        let cases = [
            (3, json!({"observedGeneration": 2}), "observed"),
            (
                3,
                json!({"observedGeneration": 3, "updatedReplicas": 1, "replicas": 5}),
                "1 out of 4 new",
            ),
            (
                3,
                json!({"observedGeneration": 3, "updatedReplicas": 4, "replicas": 6}),
                "2 old replicas",
            ),
            (
                3,
                json!({"observedGeneration": 3, "updatedReplicas": 4, "replicas": 4,
                        "availableReplicas": 3}),
                "3 of 4 updated",
            ),
        ];
        for (g, st, want) in cases {
            match progress(&deployment(g, st.clone())) {
                Progress::Waiting(m) => assert!(m.contains(want), "{st}: {m}"),
                other => panic!("{st}: {other:?}"),
            }
        }
        let done = deployment(
            3,
            json!({"observedGeneration": 3, "updatedReplicas": 4,
            "replicas": 4, "availableReplicas": 4}),
        );
        assert!(matches!(progress(&done), Progress::Done(_)));
        assert_eq!(counts(&done), (4, 4));
    }

    #[test]
    fn a_passed_progress_deadline_is_a_failure() {
        let d = deployment(
            3,
            json!({"observedGeneration": 3, "updatedReplicas": 1,
            "conditions": [{"type": "Progressing", "status": "False",
                            "reason": "ProgressDeadlineExceeded"}]}),
        );
        assert_eq!(
            progress(&d),
            Progress::Failed("deployment \"web\" exceeded its progress deadline (600s)".into())
        );
    }
}
