//! `install [--print]`: the CRDs this tool needs. CRDs already in the cluster that this tool
//! did not install (Argo Rollouts' own) are used as they are.

use std::time::Duration;

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Api;
use kube::api::{Patch, PatchParams};

use crate::cli::{GlobalArgs, InstallArgs};
use crate::error::ExitCode;
use crate::kube::{FIELD_MANAGER, classify, connect};
use crate::output::Context;
use crate::spec::crd;

pub fn run(args: InstallArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    if args.print {
        ctx.print(&crd::to_yaml()?)?;
        return Ok(ExitCode::Ok);
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let (client, _) = connect(global).await?;
        let api: Api<CustomResourceDefinition> = Api::all(client);
        let mut names = Vec::new();
        for c in crd::all() {
            let name = c.metadata.name.clone().unwrap_or_default();
            let existing = api
                .get_opt(&name)
                .await
                .map_err(|e| classify(e, format!("reading CRD {name}")))?;
            if let Some(e) = existing
                && !crd::is_ours(&e)
            {
                eprintln!("{name}: already installed (not by kubectl-rollouts); using it as it is");
                continue;
            }
            api.patch(
                &name,
                &PatchParams::apply(FIELD_MANAGER).force(),
                &Patch::Apply(&c),
            )
            .await
            .map_err(|e| classify(e, format!("applying CRD {name}")))?;
            eprintln!("{name}: applied");
            names.push(name);
        }
        // Wait until the API serves them, so a following `kubectl apply` works.
        for name in names {
            let mut established = false;
            for _ in 0..100 {
                let c = api
                    .get(&name)
                    .await
                    .map_err(|e| classify(e, format!("reading CRD {name}")))?;
                established = c
                    .status
                    .and_then(|s| s.conditions)
                    .unwrap_or_default()
                    .iter()
                    .any(|c| c.type_ == "Established" && c.status == "True");
                if established {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            if !established {
                anyhow::bail!(
                    "CRD {name} was applied but is not Established after 10 s; see `kubectl describe crd {name}`"
                );
            }
        }
        Ok(ExitCode::Ok)
    })
}
