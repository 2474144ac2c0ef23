//! `rollout lint -f FILE...`: checks Rollouts with the AnalysisTemplates,
//! ClusterAnalysisTemplates, Services and Ingresses given with them, offline, the way
//! `rollout run` checks them against the cluster before it changes anything: the same
//! validation of each Rollout (`Rollout::plan`), the same references (`preflight::references`)
//! and the same analysis check (`cluster::check_analysis`), with the files standing in for the
//! cluster. Exit 0 when everything holds, 2 with every problem named by file, line and field.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::analysis::cluster::{check_analysis, parsed_analyses, template_not_found};
use crate::analysis::measure::Addresses;
use crate::cli::{GlobalArgs, LintArgs};
use crate::driver::preflight::{not_found, references};
use crate::error::{Error, ExitCode, Location};
use crate::output::{Context, Style};
use crate::spec::analysis::{AnalysisTemplate, validate_template};
use crate::spec::rollout::Rollout;

/// One YAML document of an input file.
#[derive(Debug, Clone)]
pub struct Doc {
    pub file: String,
    /// The line the document starts on, when known.
    pub line: Option<usize>,
    pub value: Value,
}

/// What was checked and what is wrong.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// `Rollout default/web`, `Service default/web-stable`, ...
    pub objects: Vec<String>,
    /// Documents of other kinds, which lint does not check: `FILE:LINE: Deployment x`.
    pub skipped: Vec<String>,
    pub errors: Vec<String>,
}

pub fn run(args: LintArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut docs = Vec::new();
    for path in &args.filename {
        for file in expand(path)? {
            docs.extend(read_docs(&file)?);
        }
    }
    let namespace = global.namespace.as_deref().unwrap_or("default");
    let report = lint(&docs, namespace);
    for s in &report.skipped {
        ctx.warning(&format!("{s}: not a kind lint checks (skipped)"));
    }
    if ctx.is_structured() {
        ctx.print_data(&report)?;
    }
    if report.errors.is_empty() {
        if !ctx.is_structured() {
            ctx.println(&ctx.paint(&format!("ok: {}", summary(&report.objects)), Style::Green))?;
        }
        return Ok(ExitCode::Ok);
    }
    for e in &report.errors {
        ctx.error(e);
    }
    Ok(ExitCode::Usage)
}

/// `2 Rollouts, 1 AnalysisTemplate, 3 Services`.
fn summary(objects: &[String]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for o in objects {
        let kind = o.split(' ').next().unwrap_or_default();
        match counts.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((kind, 1)),
        }
    }
    if counts.is_empty() {
        return "nothing to check".into();
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(k, n)| {
            let plural = if *n == 1 {
                ""
            } else if k.ends_with('s') {
                "es"
            } else {
                "s"
            };
            format!("{n} {k}{plural}")
        })
        .collect();
    format!("{} checked", parts.join(", "))
}

/// A file, `-` (stdin), or a directory's `*.yaml`, `*.yml` and `*.json` files in name order.
fn expand(path: &Path) -> Result<Vec<PathBuf>, Error> {
    if path.as_os_str() == "-" || !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let shown = path.display().to_string();
    let cannot =
        |e: std::io::Error| Error::flag("--filename", format!("{shown}: cannot read: {e}"));
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(cannot)? {
        let p = entry.map_err(cannot)?.path();
        let manifest = p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"));
        if manifest && p.is_file() {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}

/// Every document of a file, with the line each starts on; empty documents are dropped.
fn read_docs(path: &Path) -> Result<Vec<Doc>, Error> {
    let (file, text) = if path.as_os_str() == "-" {
        let text = crate::files::read_stdin_to_string()
            .map_err(|e| Error::flag("--filename", format!("stdin: {e}")))?;
        ("stdin".to_string(), text)
    } else {
        let shown = path.display().to_string();
        let text = crate::files::read_to_string(path)
            .map_err(|e| Error::flag("--filename", format!("{shown}: {e}")))?;
        (shown, text)
    };
    parse_docs(&file, &text)
}

/// The documents of one file's text (`file` is for messages).
pub fn parse_docs(file: &str, text: &str) -> Result<Vec<Doc>, Error> {
    let docs: Vec<serde_saphyr::Spanned<Value>> =
        serde_saphyr::from_multiple(text).map_err(|e| crate::spec::yaml::error(e).in_file(file))?;
    Ok(docs
        .into_iter()
        .filter(|d| !d.value.is_null())
        .map(|d| Doc {
            file: file.to_string(),
            line: Some(d.referenced.line() as usize).filter(|l| *l > 0),
            value: d.value,
        })
        .collect())
}

/// The error `e` placed at the document: its file and line, keeping the field path.
fn at(doc: &Doc, e: Error) -> String {
    match e {
        Error::Input { location, message } => Error::Input {
            location: Location {
                file: Some(doc.file.clone()),
                line: location.line.or(doc.line),
                field: location.field,
            },
            message,
        }
        .to_string(),
        other => format!("{}: {other}", place(doc)),
    }
}

fn place(doc: &Doc) -> String {
    match doc.line {
        Some(l) => format!("{}:{l}", doc.file),
        None => doc.file.clone(),
    }
}

/// The objects read, by kind.
#[derive(Default)]
struct Objects<'a> {
    rollouts: Vec<(&'a Doc, Rollout)>,
    templates: Vec<(&'a Doc, String, AnalysisTemplate)>,
    cluster_templates: Vec<(&'a Doc, AnalysisTemplate)>,
    services: BTreeSet<(String, String)>,
    ingresses: BTreeSet<(String, String)>,
    /// Templates given but refused (reported at their own file): `(namespace or "", name)`;
    /// a reference to one is not "not found" as well.
    broken_templates: BTreeSet<(String, String)>,
}

/// Checks the documents together; objects without a namespace are in `namespace` (`-n`, else
/// `default`), as `kubectl apply -f` would place them.
pub fn lint(docs: &[Doc], namespace: &str) -> Report {
    let mut report = Report::default();
    let mut objects = Objects::default();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for doc in docs {
        let str_at = |p: &str| doc.value.pointer(p).and_then(Value::as_str).unwrap_or("");
        let (api_version, kind, name) = (
            str_at("/apiVersion"),
            str_at("/kind"),
            str_at("/metadata/name"),
        );
        if kind.is_empty() || api_version.is_empty() {
            report.errors.push(at(
                doc,
                Error::field(
                    if kind.is_empty() {
                        "kind"
                    } else {
                        "apiVersion"
                    },
                    "missing; every manifest needs apiVersion and kind",
                ),
            ));
            continue;
        }
        let expected = match kind {
            "Rollout" | "AnalysisTemplate" | "ClusterAnalysisTemplate" => "argoproj.io/v1alpha1",
            "Service" => "v1",
            "Ingress" => "networking.k8s.io/v1",
            _ => {
                report
                    .skipped
                    .push(format!("{}: {kind} {name}", place(doc)));
                continue;
            }
        };
        if api_version != expected {
            report.errors.push(at(
                doc,
                Error::field(
                    "apiVersion",
                    format!("a {kind} is {expected}, not {api_version}"),
                ),
            ));
            continue;
        }
        if name.is_empty() {
            report.errors.push(at(
                doc,
                Error::field("metadata.name", format!("a {kind} needs a name")),
            ));
            continue;
        }
        let ns = match str_at("/metadata/namespace") {
            "" => namespace,
            ns => ns,
        };
        let id = if kind == "ClusterAnalysisTemplate" {
            format!("{kind} {name}")
        } else {
            format!("{kind} {ns}/{name}")
        };
        if !seen.insert(id.clone()) {
            report.errors.push(at(
                doc,
                Error::field("metadata.name", format!("{id} is given twice")),
            ));
            continue;
        }
        let parsed = match kind {
            "Rollout" => serde_json::from_value::<Rollout>(doc.value.clone())
                .map(|mut ro| {
                    ro.metadata.namespace = Some(ns.to_string());
                    objects.rollouts.push((doc, ro));
                })
                .map_err(|e| Error::field("Rollout", e.to_string())),
            "AnalysisTemplate" | "ClusterAnalysisTemplate" => {
                serde_json::from_value::<AnalysisTemplate>(doc.value.clone())
                    .map_err(|e| Error::field(kind, e.to_string()))
                    .and_then(|t| validate_template(&t.spec).map(|()| t))
                    .map(|t| {
                        if kind == "AnalysisTemplate" {
                            objects.templates.push((doc, ns.to_string(), t));
                        } else {
                            objects.cluster_templates.push((doc, t));
                        }
                    })
            }
            "Service" => {
                objects.services.insert((ns.to_string(), name.to_string()));
                Ok(())
            }
            _ => {
                objects.ingresses.insert((ns.to_string(), name.to_string()));
                Ok(())
            }
        };
        match parsed {
            Ok(()) => report.objects.push(id),
            Err(e) => {
                match kind {
                    "AnalysisTemplate" => objects
                        .broken_templates
                        .insert((ns.to_string(), name.to_string())),
                    "ClusterAnalysisTemplate" => objects
                        .broken_templates
                        .insert((String::new(), name.to_string())),
                    _ => false,
                };
                report.errors.push(at(doc, e));
            }
        }
    }
    for (doc, ro) in &objects.rollouts {
        for e in check_rollout(ro, &objects) {
            report.errors.push(at(doc, e));
        }
    }
    report
}

/// What `rollout run` checks before it changes anything, with the files as the cluster:
/// every problem, where `rollout run` stops at the first.
fn check_rollout(ro: &Rollout, objects: &Objects<'_>) -> Vec<Error> {
    let ns = ro.metadata.namespace.as_deref().unwrap_or("default");
    let plan = match ro.plan() {
        Ok(p) => p,
        Err(e) => return vec![e],
    };
    let mut errors = Vec::new();
    for r in references(&plan) {
        let set = match r.kind {
            "Service" => &objects.services,
            _ => &objects.ingresses,
        };
        if !set.contains(&(ns.to_string(), r.name.clone())) {
            errors.push(not_found(&r, ns));
        }
    }
    let hash = match crate::driver::input_for(ro, plan.clone()) {
        Ok(input) => input.pod_hash,
        Err(e) => {
            errors.push(Error::field("spec.template", format!("{e:#}")));
            return errors;
        }
    };
    let analyses = match parsed_analyses(&plan) {
        Ok(a) => a,
        Err(e) => {
            errors.push(e);
            return errors;
        }
    };
    for (kind, path, analysis) in analyses {
        let mut templates = Vec::new();
        for (i, t) in analysis.templates.iter().enumerate() {
            let found = if t.cluster_scope {
                objects
                    .cluster_templates
                    .iter()
                    .find(|(_, c)| c.metadata.name.as_deref() == Some(&t.template_name))
                    .map(|(_, c)| c)
            } else {
                objects
                    .templates
                    .iter()
                    .find(|(_, tns, c)| {
                        tns == ns && c.metadata.name.as_deref() == Some(&t.template_name)
                    })
                    .map(|(_, _, c)| c)
            };
            let scope = if t.cluster_scope { "" } else { ns };
            let broken = objects
                .broken_templates
                .contains(&(scope.to_string(), t.template_name.clone()));
            match found {
                Some(c) => templates.push(c.clone()),
                None if broken => {}
                None => errors.push(template_not_found(&path, i, t, ns)),
            }
        }
        // An analysis whose templates are all there is built as the run would be, and its
        // addresses checked as `rollout run` checks them; one left out may come from
        // PROMETHEUS_URL when it runs.
        if templates.len() == analysis.templates.len() {
            let later = Addresses {
                fallback: Some("$PROMETHEUS_URL".into()),
                ..Addresses::default()
            };
            if let Err(e) = check_analysis(ro, &hash, (kind, &path), &analysis, &templates)
                .and_then(|run| later.check_run(&path, &run))
            {
                errors.push(e);
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVICES: &str = "
apiVersion: v1
kind: Service
metadata: {name: web-stable}
---
apiVersion: v1
kind: Service
metadata: {name: web-canary}
";

    const TEMPLATE: &str = "
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: success-rate}
spec:
  args:
  - name: service-name
  metrics:
  - name: success-rate
    count: 1
    successCondition: result[0] >= 0.99
    provider:
      prometheus:
        address: http://prometheus:9090
        query: sum(rate(x{service=\"{{args.service-name}}\"}[1m]))
";

    fn rollout(analysis_args: &str, template: &str) -> String {
        format!(
            "
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {{name: web}}
spec:
  replicas: 2
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers: [{{name: web, image: nginx:1.27}}]
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      steps:
      - setWeight: 20
      - analysis:
          templates: [{{templateName: {template}}}]
          args: {analysis_args}
"
        )
    }

    fn check(files: &[(&str, &str)]) -> Report {
        let mut docs = Vec::new();
        for (name, text) in files {
            docs.extend(parse_docs(name, text).unwrap());
        }
        lint(&docs, "default")
    }

    const ARGS: &str = "[{name: service-name, value: web}]";

    #[test]
    fn a_complete_set_of_manifests_is_clean() {
        let r = check(&[
            ("ro.yaml", &rollout(ARGS, "success-rate")),
            ("svc.yaml", SERVICES),
            ("t.yaml", TEMPLATE),
        ]);
        assert_eq!(r.errors, Vec::<String>::new());
        assert_eq!(
            summary(&r.objects),
            "1 Rollout, 2 Services, 1 AnalysisTemplate checked"
        );
    }

    #[test]
    fn a_missing_service_is_named_with_file_line_and_field() {
        let only_stable = "apiVersion: v1\nkind: Service\nmetadata: {name: web-stable}\n";
        let r = check(&[
            ("ro.yaml", &rollout(ARGS, "success-rate")),
            ("svc.yaml", only_stable),
            ("t.yaml", TEMPLATE),
        ]);
        assert_eq!(
            r.errors,
            [
                "ro.yaml:2: spec.strategy.canary.canaryService: Service web-canary not found in namespace default"
            ]
        );
    }

    #[test]
    fn a_missing_template_and_a_missing_argument_are_errors() {
        let r = check(&[("ro.yaml", &rollout(ARGS, "nope")), ("svc.yaml", SERVICES)]);
        assert_eq!(r.errors.len(), 1);
        assert!(
            r.errors[0]
                .contains("spec.strategy.canary.steps[1].analysis.templates[0].templateName")
                && r.errors[0].contains("AnalysisTemplate \"nope\" not found"),
            "{:?}",
            r.errors
        );
        let r = check(&[
            ("ro.yaml", &rollout("[]", "success-rate")),
            ("svc.yaml", SERVICES),
            ("t.yaml", TEMPLATE),
        ]);
        assert_eq!(r.errors.len(), 1);
        assert!(
            r.errors[0].contains("argument \"service-name\" has no value"),
            "{:?}",
            r.errors
        );
    }

    #[test]
    fn a_cluster_scoped_reference_needs_a_cluster_analysis_template() {
        let ro = rollout(ARGS, "success-rate").replace(
            "templateName: success-rate}",
            "templateName: success-rate, clusterScope: true}",
        );
        let r = check(&[
            ("ro.yaml", &ro),
            ("svc.yaml", SERVICES),
            ("t.yaml", TEMPLATE),
        ]);
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert!(
            r.errors[0].contains("ClusterAnalysisTemplate \"success-rate\" not found"),
            "{:?}",
            r.errors
        );
        let cluster = TEMPLATE.replace("kind: AnalysisTemplate", "kind: ClusterAnalysisTemplate");
        let r = check(&[
            ("ro.yaml", &ro),
            ("svc.yaml", SERVICES),
            ("t.yaml", &cluster),
        ]);
        assert_eq!(r.errors, Vec::<String>::new());
    }

    #[test]
    fn a_malformed_template_address_is_named_at_the_template_once() {
        // The template's own reader refuses the literal address (issue 14), at its file; the
        // Rollout's reference to it is not reported as missing as well.
        let bad = TEMPLATE.replace("http://prometheus:9090", "prometheus:9090 x");
        let r = check(&[
            ("ro.yaml", &rollout(ARGS, "success-rate")),
            ("svc.yaml", SERVICES),
            ("t.yaml", &bad),
        ]);
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert!(
            r.errors[0].starts_with("t.yaml:2: spec.metrics[0].provider.prometheus.address:"),
            "{:?}",
            r.errors
        );
    }

    #[test]
    fn objects_meet_only_in_the_same_namespace() {
        let elsewhere = SERVICES.replace("metadata: {", "metadata: {namespace: other, ");
        let r = check(&[
            ("ro.yaml", &rollout(ARGS, "success-rate")),
            ("svc.yaml", &elsewhere),
            ("t.yaml", TEMPLATE),
        ]);
        assert!(
            r.errors[0].contains("not found in namespace default"),
            "{:?}",
            r.errors
        );
    }

    #[test]
    fn other_kinds_are_skipped_and_bad_heads_are_errors() {
        let r = check(&[(
            "x.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\nkind: Service\nmetadata: {name: s}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n",
        )]);
        assert_eq!(r.skipped, ["x.yaml:1: ConfigMap c"]);
        assert_eq!(
            r.errors,
            [
                "x.yaml:5: apiVersion: missing; every manifest needs apiVersion and kind",
                "x.yaml:12: metadata.name: Service default/s is given twice"
            ]
        );
    }

    #[test]
    fn an_invalid_template_is_an_error_even_when_unused() {
        let bad = TEMPLATE.replace("result[0] >= 0.99", "result[0] >=");
        let r = check(&[("t.yaml", &bad)]);
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert!(
            r.errors[0].starts_with("t.yaml:2: spec.metrics[0]"),
            "{:?}",
            r.errors
        );
    }
}
