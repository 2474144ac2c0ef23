//! Reading a `--hooks` directory: every `*.yaml`, `*.yml` and `*.json` file in it (not its
//! subdirectories, as an Argo CD directory application without `recurse`), each possibly
//! multi-document, into `Hook`s. Errors name the file, line and field.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use serde_saphyr::Spanned;

use super::annotations::{self, Classified};
use super::{Hook, Phase};
use crate::error::{Error, Location};

/// The parts of a document whose lines errors point at.
#[derive(Deserialize)]
struct Head {
    #[serde(rename = "apiVersion")]
    api_version: Option<Spanned<Value>>,
    kind: Option<Spanned<Value>>,
    metadata: Option<Spanned<Meta>>,
}

#[derive(Deserialize)]
struct Meta {
    name: Option<Spanned<Value>>,
    #[serde(rename = "generateName")]
    generate_name: Option<Spanned<Value>>,
    namespace: Option<Spanned<Value>>,
    annotations: Option<BTreeMap<String, Spanned<Value>>>,
}

fn line_of<T>(s: &Spanned<T>) -> Option<usize> {
    Some(s.referenced.line() as usize).filter(|l| *l > 0)
}

fn input(file: &str, line: Option<usize>, field: &str, message: impl Into<String>) -> Error {
    Error::Input {
        location: Location {
            file: Some(file.to_string()),
            line,
            field: Some(field.to_string()),
        },
        message: message.into(),
    }
}

/// The files of a directory that are read, sorted by name.
pub fn manifest_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| Error::Input {
        location: Location {
            file: Some(shown.clone()),
            ..Location::default()
        },
        message: format!("cannot read the hooks directory: {e}"),
    })?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::Input {
            location: Location {
                file: Some(shown.clone()),
                ..Location::default()
            },
            message: format!("cannot read the hooks directory: {e}"),
        })?;
        let path = entry.path();
        let is_manifest = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"));
        if is_manifest && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Every hook in the directory, in file order. A manifest that is not a hook, an unknown phase
/// or policy, a bad wave, a missing kind, apiVersion or name, or two hooks that would be the same
/// object: an input error (exit 2) naming the file, line and field.
pub fn load_dir(dir: &Path) -> Result<Vec<Hook>, Error> {
    let mut hooks = Vec::new();
    for path in manifest_files(dir)? {
        let shown = path.display().to_string();
        let text = crate::files::read_to_string(&path).map_err(|e| Error::Input {
            location: Location {
                file: Some(shown.clone()),
                ..Location::default()
            },
            message: e.to_string(),
        })?;
        hooks.extend(parse_file(&shown, &text)?);
    }
    check_duplicates(&hooks)?;
    Ok(hooks)
}

/// The hooks of one file's text (`file` is only for the messages).
pub fn parse_file(file: &str, text: &str) -> Result<Vec<Hook>, Error> {
    let docs: Vec<Value> =
        serde_saphyr::from_multiple(text).map_err(|e| crate::spec::yaml::error(e).in_file(file))?;
    let heads: Vec<Spanned<Head>> =
        serde_saphyr::from_multiple(text).map_err(|e| crate::spec::yaml::error(e).in_file(file))?;
    let mut out = Vec::new();
    for (i, (doc, head)) in docs.into_iter().zip(heads).enumerate() {
        out.push(parse_doc(file, i + 1, doc, head)?);
    }
    Ok(out)
}

fn string_field(
    file: &str,
    doc_line: Option<usize>,
    value: Option<&Spanned<Value>>,
    field: &str,
) -> Result<Option<String>, Error> {
    match value {
        None => Ok(None),
        Some(s) => match &s.value {
            Value::String(v) if !v.is_empty() => Ok(Some(v.clone())),
            Value::Null => Ok(None),
            other => Err(input(
                file,
                line_of(s).or(doc_line),
                field,
                format!("expected a non-empty string, got {other}"),
            )),
        },
    }
}

fn parse_doc(file: &str, document: usize, doc: Value, head: Spanned<Head>) -> Result<Hook, Error> {
    let doc_line = line_of(&head);
    let head = head.value;
    if !doc.is_object() {
        return Err(input(
            file,
            doc_line,
            "document",
            "expected a Kubernetes object (a mapping with apiVersion, kind and metadata)",
        ));
    }
    let api_version = string_field(file, doc_line, head.api_version.as_ref(), "apiVersion")?
        .ok_or_else(|| {
            input(
                file,
                doc_line,
                "apiVersion",
                "missing; every manifest needs one",
            )
        })?;
    let kind = string_field(file, doc_line, head.kind.as_ref(), "kind")?
        .ok_or_else(|| input(file, doc_line, "kind", "missing; every manifest needs one"))?;
    let meta_line = head.metadata.as_ref().and_then(line_of).or(doc_line);
    let meta = head.metadata.map(|m| m.value);
    let (name, generate_name, namespace, raw_annotations) = match &meta {
        None => (None, None, None, BTreeMap::new()),
        Some(m) => (
            string_field(file, meta_line, m.name.as_ref(), "metadata.name")?,
            string_field(
                file,
                meta_line,
                m.generate_name.as_ref(),
                "metadata.generateName",
            )?,
            string_field(file, meta_line, m.namespace.as_ref(), "metadata.namespace")?,
            m.annotations.clone().unwrap_or_default(),
        ),
    };
    if name.is_none() && generate_name.is_none() {
        return Err(input(
            file,
            meta_line,
            "metadata.name",
            "missing; a hook needs metadata.name or metadata.generateName",
        ));
    }
    let mut annotations = BTreeMap::new();
    let mut lines = BTreeMap::new();
    for (key, value) in raw_annotations {
        let line = line_of(&value).or(meta_line);
        match value.value {
            Value::String(s) => {
                annotations.insert(key.clone(), s);
                lines.insert(key, line);
            }
            other => {
                return Err(input(
                    file,
                    line,
                    &format!("metadata.annotations.{key}"),
                    format!(
                        "annotation values must be strings, got {other}; quote it (\"{}\")",
                        other.to_string().trim_matches('"')
                    ),
                ));
            }
        }
    }
    let shown = match (&name, &generate_name) {
        (Some(n), _) => format!("{kind}/{n}"),
        (None, Some(g)) => format!("{kind}/{g}*"),
        _ => kind.clone(),
    };
    let classified = annotations::classify(&annotations).map_err(|e| match e {
        Error::Input {
            mut location,
            message,
        } => {
            location.file = Some(file.to_string());
            location.line = location
                .field
                .as_deref()
                .and_then(|f| f.strip_prefix("metadata.annotations."))
                .and_then(|k| lines.get(k).copied().flatten())
                .or(meta_line);
            Error::Input {
                location,
                message: format!("{shown}: {message}"),
            }
        }
        other => other,
    })?;
    let a = match classified {
        Classified::Hook(a) => a,
        Classified::NotAHook => {
            return Err(input(
                file,
                doc_line,
                &format!("metadata.annotations.{}", annotations::HOOK),
                format!(
                    "{shown} is not a hook (no {} annotation); a hooks directory holds only hooks \
                     ({}, or Skip), since only they are run; Argo CD would apply this manifest as \
                     an ordinary resource in the Sync phase",
                    annotations::HOOK,
                    Phase::ALL.map(|p| p.as_str()).join(", "),
                ),
            ));
        }
    };
    Ok(Hook {
        file: file.to_string(),
        document,
        line: doc_line.unwrap_or(1),
        phases: a.phases,
        skip: a.skip,
        phases_from: a.phases_from,
        wave: a.wave,
        wave_from: a.wave_from,
        api_version,
        kind,
        name,
        generate_name,
        namespace,
        delete_policies: a.delete_policies,
        policies_from: a.policies_from,
        manifest: doc,
    })
}

/// Two hooks that would be one object (same group, kind and name or generateName) are refused:
/// Argo CD would apply one over the other.
fn check_duplicates(hooks: &[Hook]) -> Result<(), Error> {
    let mut seen: BTreeMap<(String, String, String), &Hook> = BTreeMap::new();
    for h in hooks.iter().filter(|h| !h.skip) {
        let key = (
            h.group().to_string(),
            h.kind.clone(),
            h.sort_name().to_string(),
        );
        if let Some(first) = seen.get(&key) {
            return Err(input(
                &h.file,
                Some(h.line),
                if h.name.is_some() {
                    "metadata.name"
                } else {
                    "metadata.generateName"
                },
                format!(
                    "{} is also defined in {}:{}; each hook must be a distinct object",
                    h.display_name(),
                    first.file,
                    first.line
                ),
            ));
        }
        seen.insert(key, h);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hooks::{DeletePolicy, Source};

    const SEED_MIGRATION: &str = r#"
apiVersion: batch/v1
kind: Job
metadata:
  name: tr-web-migrate
  annotations:
    argocd.argoproj.io/hook: PreSync
    argocd.argoproj.io/hook-delete-policy: HookSucceeded
spec:
  template:
    spec:
      containers:
      - name: migrate
        image: kainlite/tr:v1.2.0
        command: ["/app/bin/tr"]
        args: ["eval", "Tr.Release.migrate()"]
        envFrom:
        - secretRef:
            name: tr-web-env
      restartPolicy: Never
  backoffLimit: 3
"#;

    fn err(text: &str) -> String {
        parse_file("hooks/x.yaml", text)
            .expect_err("invalid")
            .to_string()
    }

    #[test]
    fn the_seed_migration_job_is_a_presync_hook() {
        let hooks = parse_file("hooks/migrate.yaml", SEED_MIGRATION).unwrap();
        assert_eq!(hooks.len(), 1);
        let h = &hooks[0];
        assert_eq!(h.kind, "Job");
        assert_eq!(h.api_version, "batch/v1");
        assert_eq!(h.group(), "batch");
        assert_eq!(h.name.as_deref(), Some("tr-web-migrate"));
        assert_eq!(h.phases, vec![Phase::PreSync]);
        assert_eq!(h.delete_policies, vec![DeletePolicy::HookSucceeded]);
        assert_eq!(h.policies_from, Source::Argo);
        assert_eq!(h.manifest["spec"]["backoffLimit"], 3);
        assert_eq!(h.line, 2);
    }

    #[test]
    fn multi_document_files_and_json_are_read() {
        let text = format!(
            "{SEED_MIGRATION}---\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  generateName: \
             check-\n  annotations:\n    argocd.argoproj.io/hook: PostSync\n    \
             argocd.argoproj.io/sync-wave: \"2\"\n"
        );
        let hooks = parse_file("a.yaml", &text).unwrap();
        assert_eq!(hooks.len(), 2);
        assert_eq!(hooks[1].generate_name.as_deref(), Some("check-"));
        assert_eq!(hooks[1].wave, 2);
        assert_eq!(hooks[1].document, 2);
        let json = r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c",
            "annotations":{"argocd.argoproj.io/hook":"SyncFail"}}}"#;
        let hooks = parse_file("c.json", json).unwrap();
        assert_eq!(hooks[0].phases, vec![Phase::SyncFail]);
    }

    #[test]
    fn a_manifest_without_the_hook_annotation_is_refused_naming_the_file() {
        let e = err("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n");
        assert!(
            e.starts_with("hooks/x.yaml:1: metadata.annotations.argocd.argoproj.io/hook: "),
            "{e}"
        );
        assert!(e.contains("ConfigMap/plain is not a hook"), "{e}");
    }

    #[test]
    fn bad_annotations_point_at_their_line() {
        let text = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: m\n  annotations:\n    \
                    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/sync-wave: high\n";
        let e = err(text);
        assert!(
            e.starts_with(
                "hooks/x.yaml:7: metadata.annotations.argocd.argoproj.io/sync-wave: Job/m: "
            ),
            "{e}"
        );
        let text = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: m\n  annotations:\n    \
                    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/sync-wave: 1\n";
        let e = err(text);
        assert!(e.contains(":7: ") && e.contains("must be strings"), "{e}");
        let text = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: m\n  annotations:\n    \
                    argocd.argoproj.io/hook: PreSynk\n";
        let e = err(text);
        assert!(
            e.contains(":6: ") && e.contains("unknown hook phase \"PreSynk\""),
            "{e}"
        );
    }

    #[test]
    fn kind_api_version_and_name_are_required() {
        let ann = "  annotations:\n    argocd.argoproj.io/hook: PreSync\n";
        let e = err(&format!("kind: Job\nmetadata:\n  name: m\n{ann}"));
        assert!(e.contains("apiVersion: missing"), "{e}");
        let e = err(&format!("apiVersion: v1\nmetadata:\n  name: m\n{ann}"));
        assert!(e.contains("kind: missing"), "{e}");
        let e = err(&format!("apiVersion: v1\nkind: Pod\nmetadata:\n{ann}"));
        assert!(
            e.contains(
                "metadata.name: missing; a hook needs metadata.name or metadata.generateName"
            ),
            "{e}"
        );
        let e = err("- a\n- b\n");
        assert!(e.starts_with("hooks/x.yaml:"), "{e}");
        let e = err("apiVersion: v1\nkind: [Job\n");
        assert!(e.starts_with("hooks/x.yaml:"), "{e}");
    }

    #[test]
    fn a_directory_is_read_in_file_order_and_duplicates_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write("b.yml", SEED_MIGRATION);
        write(
            "a.json",
            r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c",
            "annotations":{"argocd.argoproj.io/hook":"Skip"}}}"#,
        );
        write("README.md", "not a manifest");
        std::fs::create_dir(dir.path().join("nested")).unwrap();
        write("nested/ignored.yaml", "not: read");
        let hooks = load_dir(dir.path()).unwrap();
        assert_eq!(
            hooks.iter().map(|h| h.display_name()).collect::<Vec<_>>(),
            ["ConfigMap/c", "Job/tr-web-migrate"]
        );
        assert!(hooks[0].skip);
        write("c.yaml", SEED_MIGRATION);
        let e = load_dir(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains("c.yaml:2: metadata.name: Job/tr-web-migrate is also defined in"),
            "{e}"
        );
        let e = load_dir(&dir.path().join("missing")).unwrap_err();
        assert!(
            e.to_string().contains("cannot read the hooks directory"),
            "{e}"
        );
        assert_eq!(e.exit_code(), crate::ExitCode::Usage);
    }
}
