//! Writes the Rollout's status through the status subresource as a JSON merge patch of only
//! what changed, guarded by the resourceVersion that was read: a `promote` or `abort` written
//! meanwhile makes the write fail with a conflict instead of being overwritten.

use kube::api::{Patch, PatchParams};
use kube::{Api, Client};
use serde_json::{Map, Value};

use super::{FIELD_MANAGER, classify, is_conflict};
use crate::spec::rollout::{Rollout, RolloutStatus};

/// A JSON merge patch (RFC 7386) that turns `old` into `new`; None when they are equal.
pub fn merge_diff(old: &Value, new: &Value) -> Option<Value> {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            let mut patch = Map::new();
            for (k, nv) in n {
                match o.get(k) {
                    Some(ov) if ov == nv => {}
                    Some(ov @ Value::Object(_)) if nv.is_object() => {
                        if let Some(p) = merge_diff(ov, nv) {
                            patch.insert(k.clone(), p);
                        }
                    }
                    _ => {
                        patch.insert(k.clone(), nv.clone());
                    }
                }
            }
            for k in o.keys() {
                if !n.contains_key(k) {
                    patch.insert(k.clone(), Value::Null);
                }
            }
            (!patch.is_empty()).then_some(Value::Object(patch))
        }
        (o, n) if o == n => None,
        (_, n) => Some(n.clone()),
    }
}

/// Whether `new` differs from `old` only in what it reports of the cluster, not in what was
/// decided (pure): the replica counts and the canary's traffic weights. A round that changes
/// nothing else leaves them for the next write (see `driver`): a scale reports its pods in
/// several updates, and a weight written to the Ingress is recorded with the step it completes,
/// instead of a write apiece.
pub fn only_observations_differ(old: &RolloutStatus, new: &RolloutStatus) -> bool {
    // Compared as written: times are recorded to the second, so two statuses whose times differ
    // below it are the same status.
    let written = |s: &RolloutStatus| serde_json::to_value(s).ok();
    let decided = |s: &RolloutStatus| {
        let mut d = RolloutStatus {
            replicas: None,
            updated_replicas: None,
            ready_replicas: None,
            available_replicas: None,
            ..s.clone()
        };
        d.canary.weights = None;
        written(&d)
    };
    written(old) != written(new) && decided(old) == decided(new)
}

/// Outcome of a status write.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Unchanged,
    /// Written; the Rollout's new resourceVersion.
    Written(Option<String>),
    /// Someone else changed the Rollout since it was read; observe again.
    Conflict,
}

/// Writes the status; with the Rollout as the API server returned it when written.
pub async fn write(
    client: &Client,
    rollout: &Rollout,
    new: &RolloutStatus,
) -> anyhow::Result<(Written, Option<Rollout>)> {
    let old = serde_json::to_value(rollout.status.clone().unwrap_or_default())?;
    let new_v = serde_json::to_value(new)?;
    let Some(diff) = merge_diff(&old, &new_v) else {
        return Ok((Written::Unchanged, None));
    };
    tracing::debug!(patch = %diff, "status write");
    let patch = serde_json::json!({
        "metadata": {"resourceVersion": rollout.metadata.resource_version},
        "status": diff,
    });
    let ns = rollout.metadata.namespace.as_deref().unwrap_or("default");
    let name = rollout.metadata.name.as_deref().unwrap_or_default();
    let api: Api<Rollout> = Api::namespaced(client.clone(), ns);
    match api
        .patch_status(
            name,
            &PatchParams::apply(FIELD_MANAGER),
            &Patch::Merge(&patch),
        )
        .await
    {
        Ok(ro) => Ok((
            Written::Written(ro.metadata.resource_version.clone()),
            Some(ro),
        )),
        Err(e) if is_conflict(&e) => Ok((Written::Conflict, None)),
        // Refused by the CRD's schema: stop before anything changes (the driver writes the
        // status first), and say which CRD refused what.
        Err(kube::Error::Api(s)) if s.code == 422 => Err(crate::error::Error::Api(format!(
            "the API server refused the status of Rollout {ns}/{name}: {}; nothing was changed. \
             The Rollout CRD in the cluster (`kubectl get crd rollouts.argoproj.io -o yaml`) \
             validates status differently from what this version writes",
            s.message
        ))
        .into()),
        Err(e) => Err(classify(e, format!("writing the status of Rollout {name}"))),
    }
}

/// Records an intent the way Argo's CLI does: a merge patch of the status. Returns the Rollout
/// as written, which a driver started after it must begin from.
pub async fn patch_intent(
    client: &Client,
    ns: &str,
    name: &str,
    status_patch: Value,
) -> anyhow::Result<Rollout> {
    let api: Api<Rollout> = Api::namespaced(client.clone(), ns);
    let patch = serde_json::json!({ "status": status_patch });
    api.patch_status(
        name,
        &PatchParams::apply(FIELD_MANAGER),
        &Patch::Merge(&patch),
    )
    .await
    .map_err(|e| classify(e, format!("updating Rollout {name}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_change_of_replica_counts_or_weights_alone_is_told_apart() {
        let old = RolloutStatus {
            replicas: Some(5),
            available_replicas: Some(5),
            current_step_index: Some(1),
            ..RolloutStatus::default()
        };
        let counts = RolloutStatus {
            replicas: Some(6),
            updated_replicas: Some(1),
            ..old.clone()
        };
        assert!(only_observations_differ(&old, &counts));
        assert!(!only_observations_differ(&old, &old), "no change at all");
        let step = RolloutStatus {
            current_step_index: Some(2),
            ..counts.clone()
        };
        assert!(!only_observations_differ(&old, &step));
        let mut weighted = counts.clone();
        weighted.canary.weights = serde_json::from_value(
            json!({"canary": {"weight": 20, "podTemplateHash": "b", "serviceName": "c"},
                   "stable": {"weight": 80, "podTemplateHash": "a", "serviceName": "s"}}),
        )
        .unwrap();
        assert!(
            only_observations_differ(&old, &weighted),
            "the weights set are observed"
        );
        let at = |nanos| {
            chrono::DateTime::from_timestamp(1_700_000_000, nanos)
                .unwrap()
                .with_timezone(&chrono::Utc)
        };
        let timed = |s: &RolloutStatus, nanos| RolloutStatus {
            aborted_at: Some(at(nanos)),
            ..s.clone()
        };
        assert!(
            only_observations_differ(&timed(&old, 1), &timed(&counts, 2)),
            "times that differ below the second they are written to are the same"
        );
    }

    #[test]
    fn merge_diff_sets_changes_and_nulls_removed_keys() {
        let old = json!({"a": 1, "b": {"c": 2, "d": 3}, "gone": [1]});
        let new = json!({"a": 1, "b": {"c": 5, "d": 3}, "added": true});
        assert_eq!(
            merge_diff(&old, &new),
            Some(json!({"b": {"c": 5}, "gone": null, "added": true}))
        );
        assert_eq!(merge_diff(&new, &new), None);
    }

    #[test]
    fn cleared_pause_conditions_become_null() {
        let old =
            json!({"pauseConditions": [{"reason": "CanaryPauseStep"}], "controllerPause": true});
        let new = json!({"currentStepIndex": 2});
        assert_eq!(
            merge_diff(&old, &new),
            Some(json!({"pauseConditions": null, "controllerPause": null, "currentStepIndex": 2}))
        );
    }
}
