//! Analysis objects in the cluster: reading AnalysisTemplates / ClusterAnalysisTemplates.
//! With `run`, the only analysis code that calls the Kubernetes API.

use kube::api::{Api, ApiResource, DynamicObject};

use crate::cli::GlobalArgs;
use crate::error::Error;
use crate::spec::analysis::{AnalysisTemplate, validate_template};

pub const GROUP: &str = "argoproj.io";
pub const VERSION: &str = "v1alpha1";

/// The API resource of an Argo kind (`AnalysisTemplate` -> `analysistemplates`).
pub fn resource(kind: &str) -> ApiResource {
    ApiResource {
        group: GROUP.into(),
        version: VERSION.into(),
        api_version: format!("{GROUP}/{VERSION}"),
        kind: kind.into(),
        plural: format!("{}s", kind.to_lowercase()),
    }
}

/// Maps API errors with the one rule of `client::kube_error`: a refusal (403, 422) is exit 1,
/// only a server that cannot be reached is exit 4. Callers handle 404 themselves.
pub fn unreachable(e: kube::Error) -> Error {
    crate::client::kube_error(e, "Kubernetes API")
}

/// `get_opt` that also reads a 404 for the kind itself (CRD not installed) as "not there".
pub async fn get_if_there(
    api: &Api<DynamicObject>,
    name: &str,
) -> Result<Option<DynamicObject>, Error> {
    match api.get_opt(name).await {
        Ok(found) => Ok(found),
        Err(kube::Error::Api(status)) if status.code == 404 => Ok(None),
        Err(e) => Err(unreachable(e)),
    }
}

/// Reads an AnalysisTemplate from the namespace, else a ClusterAnalysisTemplate of that name.
pub fn load_template(global: &GlobalArgs, name: &str) -> anyhow::Result<AnalysisTemplate> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let crate::client::Cluster { client, namespace } = crate::client::connect(global).await?;
        let namespaced: Api<DynamicObject> =
            Api::namespaced_with(client.clone(), &namespace, &resource("AnalysisTemplate"));
        let object = match get_if_there(&namespaced, name).await? {
            Some(o) => o,
            None => {
                let cluster: Api<DynamicObject> =
                    Api::all_with(client, &resource("ClusterAnalysisTemplate"));
                get_if_there(&cluster, name).await?.ok_or_else(|| {
                    Error::flag(
                        "TEMPLATE",
                        format!(
                            "no AnalysisTemplate {name:?} in namespace {namespace:?} and no ClusterAnalysisTemplate {name:?}"
                        ),
                    )
                })?
            }
        };
        from_object(object, name)
    })
}

/// Converts a fetched object into a template, with the object named in errors.
pub fn from_object(object: DynamicObject, name: &str) -> anyhow::Result<AnalysisTemplate> {
    let mut value = serde_json::to_value(&object)?;
    if let Some(map) = value.as_object_mut() {
        map.remove("status");
    }
    let template: AnalysisTemplate = serde_json::from_value(value).map_err(|e| Error::Input {
        location: Default::default(),
        message: format!("analysistemplate/{name}: {e}"),
    })?;
    validate_template(&template.spec).map_err(|e| e.in_file(format!("analysistemplate/{name}")))?;
    Ok(template)
}
