//! Checks before a drive changes anything: the Rollout validates, the Services and Ingress it
//! names exist, its analysis builds, and no Argo Rollouts controller would fight the driver.

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Pod;
use kube::api::ListParams;
use kube::{Api, Client};

use crate::error::Error;
use crate::kube::classify;
use crate::spec::rollout::{Plan, Rollout};

/// Validates the Rollout and refuses to race an Argo Rollouts controller.
pub async fn preflight(client: &Client, ro: &Rollout, force: bool) -> anyhow::Result<Plan> {
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
    crate::analysis::cluster::check(client, ro, &plan, &hash).await?;
    Ok(plan)
}

/// The Services and Ingress the Rollout names exist, before anything changes.
async fn check_references(client: &Client, ns: &str, plan: &Plan) -> anyhow::Result<()> {
    let services: Api<k8s_openapi::api::core::v1::Service> = Api::namespaced(client.clone(), ns);
    for (field, svc) in plan.services() {
        let found = services
            .get_opt(svc)
            .await
            .map_err(|e| classify(e, format!("reading Service {svc}")))?;
        if found.is_none() {
            return Err(Error::field(
                format!("{}.{field}", plan.path()),
                format!("Service {svc} not found in namespace {ns}"),
            )
            .into());
        }
    }
    if let Some(ing) = plan.stable_ingress() {
        let ingresses: Api<k8s_openapi::api::networking::v1::Ingress> =
            Api::namespaced(client.clone(), ns);
        let found = ingresses
            .get_opt(ing)
            .await
            .map_err(|e| classify(e, format!("reading Ingress {ing}")))?;
        if found.is_none() {
            return Err(Error::field(
                "spec.strategy.canary.trafficRouting.nginx.stableIngress",
                format!("Ingress {ing} not found in namespace {ns}"),
            )
            .into());
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
    match pods
        .list(&ListParams::default().labels("app.kubernetes.io/name=argo-rollouts"))
        .await
    {
        Ok(l) => Ok(l.items.into_iter().next().map(|p| {
            format!(
                "pod {}/{}",
                p.metadata.namespace.unwrap_or_default(),
                p.metadata.name.unwrap_or_default()
            )
        })),
        Err(kube::Error::Api(s)) if s.code == 403 => Ok(None),
        Err(e) => Err(classify(e, "looking for an Argo Rollouts controller")),
    }
}
