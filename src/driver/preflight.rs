//! Checks before a drive changes anything: the Rollout validates, the Services and Ingress it
//! names exist, its analysis builds, and no Argo Rollouts controller would fight the driver.

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::core::v1::Pod;
use kube::api::ListParams;
use kube::{Api, Client};

use crate::error::Error;
use crate::kube::classify;
use crate::spec::rollout::{Plan, Rollout};

/// Validates the Rollout and refuses to race an Argo Rollouts controller.
/// `prometheus` is the driver's `--prometheus`, for checking every analysis gets an address.
pub async fn preflight(
    client: &Client,
    ro: &Rollout,
    force: bool,
    prometheus: Option<&str>,
) -> anyhow::Result<Plan> {
    let ns = ro.metadata.namespace.as_deref().unwrap_or("default");
    let name = ro.metadata.name.as_deref().unwrap_or_default();
    let plan = ro.plan()?;
    if !force && let Some(found) = argo_controller(client).await? {
        return Err(Error::Input {
            location: Default::default(),
            message: format!(
                "an Argo Rollouts controller is running ({found}); it would fight this driver over \
                 Rollout {name}. Use --force to drive anyway"
            ),
        }
        .into());
    }
    check_references(client, ns, &plan).await?;
    let hash = super::input_for(ro, plan.clone())?.pod_hash;
    let addresses = crate::analysis::measure::Addresses::for_driver(prometheus);
    crate::analysis::cluster::check(client, ro, &plan, &hash, &addresses).await?;
    Ok(plan)
}

/// An object the Rollout's strategy names and needs to exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The field that names it (`spec.strategy.canary.stableService`).
    pub field: String,
    /// `Service` or `Ingress`.
    pub kind: &'static str,
    pub name: String,
}

/// The Services and the Ingress the plan names (pure).
pub fn references(plan: &Plan) -> Vec<Reference> {
    let mut out: Vec<Reference> = plan
        .services()
        .into_iter()
        .map(|(field, svc)| Reference {
            field: format!("{}.{field}", plan.path()),
            kind: "Service",
            name: svc.to_string(),
        })
        .collect();
    if let Some(ing) = plan.stable_ingress() {
        out.push(Reference {
            field: "spec.strategy.canary.trafficRouting.nginx.stableIngress".into(),
            kind: "Ingress",
            name: ing.to_string(),
        });
    }
    out
}

/// The error for a reference that is not there.
pub fn not_found(r: &Reference, ns: &str) -> Error {
    Error::field(
        r.field.clone(),
        format!("{} {} not found in namespace {ns}", r.kind, r.name),
    )
}

/// The Services and Ingress the Rollout names exist, before anything changes.
async fn check_references(client: &Client, ns: &str, plan: &Plan) -> anyhow::Result<()> {
    for r in references(plan) {
        let found = match r.kind {
            "Service" => Api::<k8s_openapi::api::core::v1::Service>::namespaced(client.clone(), ns)
                .get_opt(&r.name)
                .await
                .map(|o| o.is_some()),
            _ => Api::<k8s_openapi::api::networking::v1::Ingress>::namespaced(client.clone(), ns)
                .get_opt(&r.name)
                .await
                .map(|o| o.is_some()),
        }
        .map_err(|e| classify(e, format!("reading {} {}", r.kind, r.name)))?;
        if !found {
            return Err(not_found(&r, ns).into());
        }
    }
    Ok(())
}

/// A running Argo Rollouts controller, if any: a Deployment named argo-rollouts, or pods
/// labelled app.kubernetes.io/name=argo-rollouts, in any namespace.
async fn argo_controller(client: &Client) -> anyhow::Result<Option<String>> {
    let deps: Api<Deployment> = Api::all(client.clone());
    let found = match deps
        .list(&ListParams::default().fields("metadata.name=argo-rollouts"))
        .await
    {
        Ok(l) => l.items.into_iter().next().map(|d| {
            format!(
                "Deployment {}/argo-rollouts",
                d.metadata.namespace.unwrap_or_default()
            )
        }),
        // Not allowed to list cluster-wide: we cannot tell; don't block on it.
        Err(kube::Error::Api(s)) if s.code == 403 => None,
        Err(e) => return Err(classify(e, "looking for an Argo Rollouts controller")),
    };
    if found.is_some() {
        return Ok(found);
    }
    let pods: Api<Pod> = Api::all(client.clone());
    let found = match pods
        .list(&ListParams::default().labels("app.kubernetes.io/name=argo-rollouts"))
        .await
    {
        Ok(l) => l.items.into_iter().next().map(|p| {
            format!(
                "pod {}/{}",
                p.metadata.namespace.unwrap_or_default(),
                p.metadata.name.unwrap_or_default()
            )
        }),
        Err(kube::Error::Api(s)) if s.code == 403 => None,
        Err(e) => return Err(classify(e, "looking for an Argo Rollouts controller")),
    };
    if found.is_some() {
        return Ok(found);
    }
    // A controller run any other way (a local process, another Deployment name) still holds
    // its leader-election Lease while it works.
    let leases: Api<Lease> = Api::all(client.clone());
    match leases.list(&ListParams::default()).await {
        Ok(l) => Ok(l
            .items
            .iter()
            .find(|lease| live_argo_lease(lease, crate::clock::now()))
            .map(|lease| {
                format!(
                    "Lease {}/{} held by {}",
                    lease.metadata.namespace.as_deref().unwrap_or_default(),
                    lease.metadata.name.as_deref().unwrap_or_default(),
                    lease
                        .spec
                        .as_ref()
                        .and_then(|s| s.holder_identity.as_deref())
                        .unwrap_or("?")
                )
            })),
        Err(kube::Error::Api(s)) if s.code == 403 => Ok(None),
        Err(e) => Err(classify(e, "looking for an Argo Rollouts controller")),
    }
}

/// Argo's controller's leader-election Lease (`argo-rollouts-controller-lock`, or with its
/// `-<instanceID>`), held and renewed within its duration at `now`.
pub fn live_argo_lease(lease: &Lease, now: chrono::DateTime<chrono::Utc>) -> bool {
    const NAME: &str = "argo-rollouts-controller-lock";
    let name = lease.metadata.name.as_deref().unwrap_or_default();
    if name != NAME && !name.starts_with(&format!("{NAME}-")) {
        return false;
    }
    let Some(spec) = &lease.spec else {
        return false;
    };
    if spec
        .holder_identity
        .as_deref()
        .unwrap_or_default()
        .is_empty()
    {
        return false;
    }
    let renewed = spec
        .renew_time
        .as_ref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t.0.to_string()).ok())
        .map(|t| t.with_timezone(&chrono::Utc));
    let duration = i64::from(spec.lease_duration_seconds.unwrap_or(15));
    renewed.is_some_and(|t| now < t + chrono::TimeDelta::seconds(duration))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lease(name: &str, holder: &str, renewed: &str, secs: i32) -> Lease {
        serde_json::from_value(serde_json::json!({
            "metadata": {"name": name, "namespace": "argo-rollouts"},
            "spec": {"holderIdentity": holder, "renewTime": renewed, "leaseDurationSeconds": secs}
        }))
        .unwrap()
    }

    fn t(s: &str) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn argos_leader_lease_counts_while_it_is_renewed() {
        let now = t("2026-12-02T10:00:10Z");
        let held = lease(
            "argo-rollouts-controller-lock",
            "ctrl-1",
            "2026-12-02T10:00:00.000000Z",
            15,
        );
        assert!(live_argo_lease(&held, now));
        assert!(
            !live_argo_lease(&held, t("2026-12-02T10:00:16Z")),
            "expired"
        );
        let instance = lease(
            "argo-rollouts-controller-lock-blue",
            "ctrl-1",
            "2026-12-02T10:00:00.000000Z",
            15,
        );
        assert!(live_argo_lease(&instance, now));
        let released = lease(
            "argo-rollouts-controller-lock",
            "",
            "2026-12-02T10:00:00.000000Z",
            15,
        );
        assert!(!live_argo_lease(&released, now));
        let other = lease(
            "argo-rollouts-controller-locksmith",
            "x",
            "2026-12-02T10:00:00.000000Z",
            15,
        );
        assert!(!live_argo_lease(&other, now));
    }
}
