//! Checks before a drive changes anything: the Rollout validates, the Services and Ingress it
//! names exist, its analysis builds, and no Argo Rollouts controller would fight the driver.

use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::core::v1::Pod;
use kube::api::ListParams;
use kube::{Api, Client};

use crate::error::Error;
use crate::kube::classify;
use crate::kube::watched::Watched;
use crate::spec::rollout::{Plan, Rollout};

/// Validates the Rollout and refuses to race an Argo Rollouts controller.
/// `prometheus` is the driver's `--prometheus`, for checking every analysis gets an address.
/// With the mirrors of the drive that follows (`watched`), the Services and Ingress are looked
/// up in them instead of read.
pub async fn preflight(
    client: &Client,
    ro: &Rollout,
    force: bool,
    prometheus: Option<&str>,
    watched: Option<&mut Watched>,
) -> anyhow::Result<Plan> {
    let ns = ro.metadata.namespace.as_deref().unwrap_or("default");
    let name = ro.metadata.name.as_deref().unwrap_or_default();
    let plan = ro.plan()?;
    let hash = super::input_for(ro, plan.clone())?.pod_hash;
    let addresses = crate::analysis::measure::Addresses::for_driver(prometheus);
    // The checks are independent reads: one round trip of time for all of them.
    let controller = async {
        if force {
            Ok(None)
        } else {
            argo_controller_of(client, ro).await
        }
    };
    let (found, (), ()) = futures::try_join!(
        controller,
        check_references(client, ns, &plan, watched),
        async {
            crate::analysis::cluster::check(client, ro, &plan, &hash, &addresses)
                .await
                .map_err(anyhow::Error::from)
        },
    )?;
    if let Some(found) = found {
        return Err(Error::Input {
            location: Default::default(),
            message: format!(
                "an Argo Rollouts controller is running ({found}); it would fight this driver over \
                 Rollout {name}. Use --force to drive anyway"
            ),
        }
        .into());
    }
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
async fn check_references(
    client: &Client,
    ns: &str,
    plan: &Plan,
    watched: Option<&mut Watched>,
) -> anyhow::Result<()> {
    let refs = references(plan);
    if let Some(watched) = watched {
        for r in &refs {
            let found = match r.kind {
                "Service" => watched.service(&r.name).await?.is_some(),
                _ => watched.ingress(&r.name).await?.is_some(),
            };
            if !found {
                return Err(not_found(r, ns).into());
            }
        }
        return Ok(());
    }
    let reads = refs.iter().map(|r| async move {
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
        anyhow::Ok((r, found))
    });
    // All read at once; the first missing one (in the plan's order) is the error.
    for (r, found) in futures::future::try_join_all(reads).await? {
        if !found {
            return Err(not_found(r, ns).into());
        }
    }
    Ok(())
}

/// The label Argo's controllers are told apart by (`--instance-id`): a controller with an
/// instance ID drives only the Rollouts labelled with it, one without only the unlabelled ones.
pub const INSTANCE_ID_LABEL: &str = "argo-rollouts.argoproj.io/controller-instance-id";

/// The Argo Rollouts controller that drives `ro`, if one runs (found as `argo_controller` finds it).
pub async fn argo_controller_of(client: &Client, ro: &Rollout) -> anyhow::Result<Option<String>> {
    let ns = ro.metadata.namespace.as_deref().unwrap_or("default");
    let instance = ro
        .metadata
        .labels
        .as_ref()
        .and_then(|l| l.get(INSTANCE_ID_LABEL))
        .map(String::as_str);
    argo_controller(client, ns, instance).await
}

/// A running Argo Rollouts controller that would drive a Rollout in `ns` with the instance-ID
/// label `instance`, if any: a pod labelled app.kubernetes.io/name=argo-rollouts in any
/// namespace that has not ended (Argo's manifests and Helm chart label the controller's pods
/// so), or a live leader-election Lease ([`argo_lease_covers`]).
async fn argo_controller(
    client: &Client,
    ns: &str,
    instance: Option<&str>,
) -> anyhow::Result<Option<String>> {
    let pods = first_listed(
        Api::<Pod>::all(client.clone()),
        ListParams::default()
            .labels("app.kubernetes.io/name=argo-rollouts")
            .fields("status.phase!=Succeeded,status.phase!=Failed"),
        |p| {
            let home = p.metadata.namespace.as_deref().unwrap_or_default();
            p.spec
                .as_ref()
                .is_none_or(|spec| pod_covers(spec, home, ns, instance))
                .then(|| {
                    format!(
                        "pod {home}/{}",
                        p.metadata.name.as_deref().unwrap_or_default()
                    )
                })
        },
    );
    // A controller run any other way (a local process, pods labelled otherwise) still holds
    // its leader-election Lease while it works; only the Lease of `instance` can cover the
    // Rollout, so only that name is listed.
    let now = crate::clock::now();
    let leases = first_listed(
        Api::<Lease>::all(client.clone()),
        ListParams::default().fields(&format!("metadata.name={}", argo_lease_name(instance))),
        |lease| {
            (live_argo_lease(lease, now) && argo_lease_covers(lease, ns, instance)).then(|| {
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
            })
        },
    );
    // Both lists at once; a pod, if found, is named.
    let (p, l) = futures::try_join!(pods, leases)?;
    Ok(p.or(l))
}

/// The first object of a cluster-wide list that `found` names. Not allowed to list: we cannot
/// tell, and do not block on it.
async fn first_listed<K>(
    api: Api<K>,
    params: ListParams,
    found: impl Fn(&K) -> Option<String>,
) -> anyhow::Result<Option<String>>
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug,
{
    match api.list(&params).await {
        Ok(l) => Ok(l.items.iter().find_map(found)),
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

/// Whether an Argo controller running as `pod` in namespace `home` drives a Rollout in `ns`
/// with instance ID `instance`, from its containers' command lines: `--instance-id` must be the
/// Rollout's, and a `--namespaced` controller drives only its own namespace.
pub fn pod_covers(
    pod: &k8s_openapi::api::core::v1::PodSpec,
    home: &str,
    ns: &str,
    instance: Option<&str>,
) -> bool {
    let args: Vec<&str> = pod
        .containers
        .iter()
        .flat_map(|c| c.command.iter().flatten().chain(c.args.iter().flatten()))
        .map(String::as_str)
        .collect();
    args_cover(&args, home, ns, instance)
}

/// [`pod_covers`] on the controller's arguments (pflag's `--flag value` and `--flag=value`).
pub fn args_cover(args: &[&str], home: &str, ns: &str, instance: Option<&str>) -> bool {
    let mut id = None;
    let mut namespaced = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "--instance-id" => id = it.next().copied(),
            "--namespaced" | "--namespaced=true" => namespaced = true,
            "--namespaced=false" => namespaced = false,
            _ => {
                if let Some(v) = a.strip_prefix("--instance-id=") {
                    id = Some(v);
                }
            }
        }
    }
    id.filter(|i| !i.is_empty()) == instance.filter(|i| !i.is_empty())
        && (!namespaced || home == ns)
}

/// The name of the leader-election Lease of Argo's controller with instance ID `instance`.
pub fn argo_lease_name(instance: Option<&str>) -> String {
    const NAME: &str = "argo-rollouts-controller-lock";
    match instance.filter(|i| !i.is_empty()) {
        Some(id) => format!("{NAME}-{id}"),
        None => NAME.to_string(),
    }
}

/// Whether the controller holding `lease` drives a Rollout in `ns` labelled with instance ID
/// `instance`. The Lease's name carries the controller's `--instance-id` (Argo's
/// `argo-rollouts-controller-lock-<id>`), which must be the Rollout's. Its namespace is Argo's
/// leader-election namespace (`POD_NAMESPACE`, else `argo-rollouts`): a controller there is taken
/// as cluster-wide, one elsewhere as a `--namespaced` controller of that namespace, as Argo's
/// namespaced install runs it. A Lease says nothing more, so this is the rule documented in
/// docs/rollouts.md ("Beside Argo's controller").
pub fn argo_lease_covers(lease: &Lease, ns: &str, instance: Option<&str>) -> bool {
    const NAME: &str = "argo-rollouts-controller-lock";
    let name = lease.metadata.name.as_deref().unwrap_or_default();
    let lease_instance = name
        .strip_prefix(NAME)
        .and_then(|rest| rest.strip_prefix('-'));
    if lease_instance != instance.filter(|i| !i.is_empty()) {
        return false;
    }
    let lease_ns = lease.metadata.namespace.as_deref().unwrap_or_default();
    lease_ns == "argo-rollouts" || lease_ns == ns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lease(name: &str, holder: &str, renewed: &str, secs: i32) -> Lease {
        lease_in("argo-rollouts", name, holder, renewed, secs)
    }

    fn lease_in(ns: &str, name: &str, holder: &str, renewed: &str, secs: i32) -> Lease {
        serde_json::from_value(serde_json::json!({
            "metadata": {"name": name, "namespace": ns},
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

    #[test]
    fn a_lease_covers_the_rollouts_of_its_instance_and_namespace() {
        let at = "2026-12-02T10:00:00Z";
        let cluster = lease("argo-rollouts-controller-lock", "c", at, 15);
        assert!(argo_lease_covers(&cluster, "shop", None));
        assert!(
            argo_lease_covers(&cluster, "shop", Some("")),
            "empty label = none"
        );
        assert!(
            !argo_lease_covers(&cluster, "shop", Some("blue")),
            "a labelled Rollout is not the default controller's"
        );
        let blue = lease("argo-rollouts-controller-lock-blue", "c", at, 15);
        assert!(argo_lease_covers(&blue, "shop", Some("blue")));
        assert!(!argo_lease_covers(&blue, "shop", None));
        assert!(!argo_lease_covers(&blue, "shop", Some("green")));
        let namespaced = lease_in("team-a", "argo-rollouts-controller-lock", "c", at, 15);
        assert!(argo_lease_covers(&namespaced, "team-a", None));
        assert!(
            !argo_lease_covers(&namespaced, "team-b", None),
            "a namespaced controller elsewhere does not drive this Rollout"
        );
    }

    #[test]
    fn the_lease_listed_is_the_one_that_covers_the_rollout() {
        let at = "2026-12-01T10:00:00Z";
        for instance in [None, Some(""), Some("blue")] {
            let named = lease(&argo_lease_name(instance), "c", at, 15);
            assert!(argo_lease_covers(&named, "shop", instance), "{instance:?}");
        }
        assert_eq!(
            argo_lease_name(Some("blue")),
            "argo-rollouts-controller-lock-blue"
        );
    }

    #[test]
    fn a_controllers_arguments_say_which_rollouts_it_drives() {
        assert!(args_cover(
            &["/bin/rollouts-controller"],
            "argo-rollouts",
            "shop",
            None
        ));
        assert!(!args_cover(&[], "argo-rollouts", "shop", Some("blue")));
        assert!(args_cover(
            &["--instance-id", "blue"],
            "x",
            "shop",
            Some("blue")
        ));
        assert!(args_cover(
            &["--instance-id=blue"],
            "x",
            "shop",
            Some("blue")
        ));
        assert!(!args_cover(&["--instance-id=blue"], "x", "shop", None));
        assert!(args_cover(&["--namespaced"], "shop", "shop", None));
        assert!(!args_cover(&["--namespaced"], "team-a", "shop", None));
        assert!(args_cover(&["--namespaced=false"], "team-a", "shop", None));
    }
}
