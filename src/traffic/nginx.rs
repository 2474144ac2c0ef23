//! The nginx canary Ingress, built from the stable one as Argo Rollouts builds it: the rules
//! whose backend is the stable Service, pointed at the canary Service, with TLS and the class
//! kept, and nginx's canary annotations carrying the weight.

use std::collections::BTreeMap;

use k8s_openapi::api::networking::v1::{Ingress, IngressRule, IngressSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

pub const PREFIX: &str = "nginx.ingress.kubernetes.io";
pub const CANARY: &str = "nginx.ingress.kubernetes.io/canary";
pub const CANARY_WEIGHT: &str = "nginx.ingress.kubernetes.io/canary-weight";

/// `<rollout>-<stableIngress>-canary`.
pub fn canary_ingress_name(rollout: &str, stable_ingress: &str) -> String {
    format!("{rollout}-{stable_ingress}-canary")
}

/// What the canary Ingress is made from.
#[derive(Debug, Clone)]
pub struct CanaryIngressSpec<'a> {
    pub rollout: &'a str,
    pub stable_service: &'a str,
    pub canary_service: &'a str,
    pub weight: i32,
    /// `additionalIngressAnnotations`: keys get the nginx prefix, as in Argo.
    pub additional: &'a BTreeMap<String, String>,
    /// `canaryIngressAnnotations`: copied as they are.
    pub canary_annotations: &'a BTreeMap<String, String>,
}

/// Builds the canary Ingress; an error names what is wrong with the stable Ingress.
pub fn canary_ingress(stable: &Ingress, spec: &CanaryIngressSpec<'_>) -> Result<Ingress, String> {
    let stable_name = stable.metadata.name.clone().unwrap_or_default();
    let stable_spec = stable.spec.clone().unwrap_or_default();
    let mut rules = Vec::new();
    for rule in stable_spec.rules.iter().flatten() {
        let Some(http) = &rule.http else { continue };
        let paths: Vec<_> = http
            .paths
            .iter()
            .filter(|p| {
                p.backend.service.as_ref().map(|s| s.name.as_str()) == Some(spec.stable_service)
            })
            .cloned()
            .map(|mut p| {
                if let Some(s) = p.backend.service.as_mut() {
                    s.name = spec.canary_service.to_string();
                }
                p
            })
            .collect();
        if paths.is_empty() {
            continue;
        }
        let mut http = http.clone();
        http.paths = paths;
        rules.push(IngressRule {
            host: rule.host.clone(),
            http: Some(http),
        });
    }
    if rules.is_empty() {
        return Err(format!(
            "Ingress {stable_name} has no rule with a backend to Service {}",
            spec.stable_service
        ));
    }
    let mut annotations = BTreeMap::new();
    annotations.insert(CANARY.to_string(), "true".to_string());
    annotations.insert(CANARY_WEIGHT.to_string(), spec.weight.to_string());
    for (k, v) in spec.additional {
        annotations.insert(format!("{PREFIX}/{k}"), v.clone());
    }
    for (k, v) in spec.canary_annotations {
        annotations.insert(k.clone(), v.clone());
    }
    // nginx reads the class from the annotation on older controllers; keep it too.
    if let Some(class) = stable
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("kubernetes.io/ingress.class"))
    {
        annotations.insert("kubernetes.io/ingress.class".to_string(), class.clone());
    }
    Ok(Ingress {
        metadata: ObjectMeta {
            name: Some(canary_ingress_name(spec.rollout, &stable_name)),
            namespace: stable.metadata.namespace.clone(),
            annotations: Some(annotations),
            ..ObjectMeta::default()
        },
        spec: Some(IngressSpec {
            ingress_class_name: stable_spec.ingress_class_name.clone(),
            tls: stable_spec.tls.clone(),
            rules: Some(rules),
            default_backend: None,
        }),
        status: None,
    })
}

/// The weight a canary Ingress carries (0 when the annotation is missing or not a number).
pub fn weight_of(ingress: &Ingress) -> i32 {
    ingress
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(CANARY_WEIGHT))
        .and_then(|w| w.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn stable() -> Ingress {
        serde_json::from_value(json!({
            "metadata": {"name": "tr-web-ingress", "namespace": "prod",
                         "annotations": {"kubernetes.io/ingress.class": "nginx", "other": "x"}},
            "spec": {
                "ingressClassName": "nginx",
                "tls": [{"hosts": ["tr.example.com"], "secretName": "tls"}],
                "rules": [
                    {"host": "tr.example.com", "http": {"paths": [
                        {"path": "/", "pathType": "Prefix",
                         "backend": {"service": {"name": "tr-web-stable", "port": {"number": 80}}}},
                        {"path": "/other", "pathType": "Prefix",
                         "backend": {"service": {"name": "unrelated", "port": {"number": 80}}}}
                    ]}},
                    {"host": "unrelated.example.com", "http": {"paths": [
                        {"path": "/", "pathType": "Prefix",
                         "backend": {"service": {"name": "unrelated", "port": {"number": 80}}}}
                    ]}}
                ]
            }
        }))
        .unwrap()
    }

    #[test]
    fn the_canary_ingress_copies_the_stable_rules_to_the_canary_service() {
        let additional = BTreeMap::from([("canary-by-header".to_string(), "X-Canary".to_string())]);
        let none = BTreeMap::new();
        let spec = CanaryIngressSpec {
            rollout: "tr-web",
            stable_service: "tr-web-stable",
            canary_service: "tr-web-canary",
            weight: 20,
            additional: &additional,
            canary_annotations: &none,
        };
        let c = canary_ingress(&stable(), &spec).unwrap();
        let got = serde_json::to_value(&c).unwrap();
        assert_eq!(
            got,
            json!({
                "apiVersion": "networking.k8s.io/v1",
                "kind": "Ingress",
                "metadata": {"name": "tr-web-tr-web-ingress-canary", "namespace": "prod",
                    "annotations": {
                        "kubernetes.io/ingress.class": "nginx",
                        "nginx.ingress.kubernetes.io/canary": "true",
                        "nginx.ingress.kubernetes.io/canary-by-header": "X-Canary",
                        "nginx.ingress.kubernetes.io/canary-weight": "20"}},
                "spec": {
                    "ingressClassName": "nginx",
                    "tls": [{"hosts": ["tr.example.com"], "secretName": "tls"}],
                    "rules": [{"host": "tr.example.com", "http": {"paths": [
                        {"path": "/", "pathType": "Prefix",
                         "backend": {"service": {"name": "tr-web-canary", "port": {"number": 80}}}}
                    ]}}]
                }
            })
        );
        assert_eq!(weight_of(&c), 20);
    }

    #[test]
    fn a_stable_ingress_without_the_stable_service_is_an_error() {
        let none = BTreeMap::new();
        let spec = CanaryIngressSpec {
            rollout: "r",
            stable_service: "missing",
            canary_service: "c",
            weight: 5,
            additional: &none,
            canary_annotations: &none,
        };
        let err = canary_ingress(&stable(), &spec).unwrap_err();
        assert_eq!(
            err,
            "Ingress tr-web-ingress has no rule with a backend to Service missing"
        );
    }
}
