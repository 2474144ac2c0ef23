//! The CustomResourceDefinitions `install` applies: Rollout from its Rust types, and permissive
//! schemas for the analysis kinds (their types belong to the analysis engine).
//!
//! The generated YAML is committed under `crds/`; a test fails when it is stale
//! (`UPDATE_GENERATED=1 cargo test --lib spec::crd` rewrites it).

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::CustomResourceExt;

use super::rollout::Rollout;

/// The label marking CRDs this tool installed (others are left alone).
pub const MANAGED_BY: (&str, &str) = ("app.kubernetes.io/managed-by", "kubectl-rollouts");

/// The CRDs, in the order they are applied.
pub fn all() -> Vec<CustomResourceDefinition> {
    let mut crds = vec![
        Rollout::crd(),
        permissive("AnalysisTemplate", "analysistemplates", true, &[]),
        permissive(
            "ClusterAnalysisTemplate",
            "clusteranalysistemplates",
            false,
            &[],
        ),
        permissive("AnalysisRun", "analysisruns", true, &["ar"]),
        // Never written here, but Argo's plugin and controller wait for it before they read
        // anything: without it `kubectl argo rollouts get rollout` hangs on our CRDs.
        permissive("Experiment", "experiments", true, &["exp"]),
    ];
    for c in &mut crds {
        c.metadata
            .labels
            .get_or_insert_with(Default::default)
            .insert(MANAGED_BY.0.into(), MANAGED_BY.1.into());
    }
    crds
}

/// Whether a CRD in the cluster was installed by this tool.
pub fn is_ours(crd: &CustomResourceDefinition) -> bool {
    crd.metadata
        .labels
        .as_ref()
        .and_then(|l| l.get(MANAGED_BY.0))
        .is_some_and(|v| v == MANAGED_BY.1)
}

/// A CRD whose spec and status the API server keeps as they are. No status subresource, as
/// in Argo's own CRDs of these kinds: Argo's controller writes an AnalysisRun's status as part
/// of the object, which a status subresource would silently drop.
fn permissive(
    kind: &str,
    plural: &str,
    namespaced: bool,
    short: &[&str],
) -> CustomResourceDefinition {
    let value = serde_json::json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": format!("{plural}.argoproj.io")},
        "spec": {
            "group": "argoproj.io",
            "names": {
                "kind": kind,
                "listKind": format!("{kind}List"),
                "plural": plural,
                "singular": kind.to_lowercase(),
                "shortNames": short,
            },
            "scope": if namespaced { "Namespaced" } else { "Cluster" },
            "versions": [{
                "name": "v1alpha1",
                "served": true,
                "storage": true,
                "subresources": {},
                "schema": {"openAPIV3Schema": {
                    "type": "object",
                    "properties": {
                        "apiVersion": {"type": "string"},
                        "kind": {"type": "string"},
                        "metadata": {"type": "object"},
                        "spec": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                        "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
                    },
                    "required": ["spec"]
                }}
            }]
        }
    });
    serde_json::from_value(value).expect("a well-formed CRD")
}

/// The file under `crds/` a CRD is written to.
pub fn file_name(crd: &CustomResourceDefinition) -> String {
    format!(
        "{}.yaml",
        crd.spec.names.singular.as_deref().unwrap_or("crd")
    )
}

/// All CRDs as one multi-document YAML stream.
pub fn to_yaml() -> anyhow::Result<String> {
    let mut out = String::new();
    for crd in all() {
        out.push_str("---\n");
        out.push_str(&serde_saphyr::to_string(&crd)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subresources_are_argos() {
        // Argo Rollouts' published CRDs, vendored unmodified: where Argo's controller writes
        // status through a subresource and where as part of the object, ours must say the same.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/argo-rollouts-crds");
        for crd in all() {
            let singular = crd.spec.names.singular.clone().unwrap();
            let file = match singular.as_str() {
                "analysisrun" => "analysis-run",
                "analysistemplate" => "analysis-template",
                "clusteranalysistemplate" => "cluster-analysis-template",
                other => other,
            };
            let text = std::fs::read_to_string(dir.join(format!("{file}-crd.yaml"))).unwrap();
            let argo: CustomResourceDefinition = serde_saphyr::from_str(&text).unwrap();
            let has_status = |c: &CustomResourceDefinition| {
                c.spec.versions[0]
                    .subresources
                    .as_ref()
                    .is_some_and(|s| s.status.is_some())
            };
            assert_eq!(has_status(&crd), has_status(&argo), "{singular}");
        }
    }

    #[test]
    fn committed_crds_match_the_types() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crds");
        let update = std::env::var_os("UPDATE_GENERATED").is_some();
        for crd in all() {
            let path = dir.join(file_name(&crd));
            let want = serde_saphyr::to_string(&crd).unwrap();
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &want).unwrap();
                continue;
            }
            let have = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                have == want,
                "{} is stale; regenerate with UPDATE_GENERATED=1 cargo test --lib spec::crd",
                path.display()
            );
        }
    }

    #[test]
    fn the_rollout_crd_has_a_status_subresource_and_argo_names() {
        let crd = Rollout::crd();
        assert_eq!(crd.metadata.name.as_deref(), Some("rollouts.argoproj.io"));
        let v = &crd.spec.versions[0];
        assert!(v.subresources.as_ref().unwrap().status.is_some());
        assert_eq!(crd.spec.names.short_names, Some(vec!["ro".to_string()]));
    }
}
