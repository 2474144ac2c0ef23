//! Where a flag document lives: a key of a ConfigMap (what flagd and its providers mount or
//! watch) or a local file. Reads, and read-modify-write updates that never lose a concurrent
//! writer's change: a ConfigMap is replaced with the resourceVersion it was read at, and a
//! conflict is retried on fresh data. A driver that watches the ConfigMap hands its mirror to
//! the store, which then reads from it and offers it every write.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, PostParams};
use serde_json::Value;

use crate::error::Error;
use crate::flags::model;
use crate::kube::mirror::Mirror;
use crate::kube::{FIELD_MANAGER, classify, is_conflict, is_not_found};

/// The default ConfigMap key, the file name flagd's examples use.
pub const DEFAULT_KEY: &str = "flags.flagd.json";

/// How many times a conflicting update is retried on fresh data before giving up.
const MAX_ATTEMPTS: u32 = 50;

#[allow(clippy::large_enum_variant)] // one per command; boxing buys nothing
pub enum Store {
    File(PathBuf),
    ConfigMap {
        api: Api<ConfigMap>,
        name: String,
        key: String,
        namespace: String,
        /// The ConfigMap as a watch keeps it: read instead of the API server (but after a
        /// conflict), and offered every write.
        mirror: Option<Mirror<ConfigMap>>,
    },
}

/// A document as read, with what is needed to write it back.
pub struct Loaded {
    pub doc: Value,
    /// The ConfigMap's annotations (empty for a file).
    pub annotations: BTreeMap<String, String>,
    pub resource_version: Option<String>,
    /// The ConfigMap's uid (None for a file): what AnalysisRuns of a flag rollout are owned by.
    pub uid: Option<String>,
}

/// What a successful update wrote.
pub struct Written<T> {
    pub value: T,
    pub resource_version: Option<String>,
    /// How many attempts it took (more than 1: another writer came in between).
    pub attempts: u32,
}

/// What an update closure may change besides the document.
pub struct Change<'a> {
    pub doc: &'a mut Value,
    pub annotations: &'a mut BTreeMap<String, String>,
}

impl Store {
    pub fn file(path: PathBuf) -> Store {
        Store::File(path)
    }

    pub fn configmap(client: kube::Client, namespace: &str, name: &str, key: &str) -> Store {
        Store::ConfigMap {
            api: Api::namespaced(client, namespace),
            name: name.to_string(),
            key: key.to_string(),
            namespace: namespace.to_string(),
            mirror: None,
        }
    }

    /// Reads the ConfigMap from `mirror` (a watch of it) from now on; a file has none.
    pub fn mirrored(&mut self, with: Mirror<ConfigMap>) {
        if let Store::ConfigMap { mirror, .. } = self {
            *mirror = Some(with);
        }
    }

    /// The ConfigMap (None for a file or when there is none): from the mirror, or with `fresh`
    /// (or no mirror) from the API server, the copy read then offered to the mirror.
    async fn current(&self, fresh: bool) -> anyhow::Result<Option<ConfigMap>> {
        let Store::ConfigMap {
            api,
            name,
            namespace,
            mirror,
            ..
        } = self
        else {
            return Ok(None);
        };
        if let (Some(m), false) = (mirror, fresh) {
            m.synced().await?;
            return Ok(m.get(name));
        }
        let cm = api
            .get_opt(name)
            .await
            .map_err(|e| classify(e, format!("reading configmap {namespace}/{name}")))?;
        if let (Some(m), Some(cm)) = (mirror, &cm) {
            m.offer(cm.clone());
        }
        Ok(cm)
    }

    /// Gives the mirror, if any, a ConfigMap as the API server returned it from a write.
    fn wrote(&self, cm: &ConfigMap) {
        if let Store::ConfigMap {
            mirror: Some(m), ..
        } = self
        {
            m.offer(cm.clone());
        }
    }

    /// "configmap NS/NAME key KEY" or the file's path, for messages.
    pub fn describe(&self) -> String {
        match self {
            Store::File(p) => p.display().to_string(),
            Store::ConfigMap {
                name,
                key,
                namespace,
                ..
            } => format!("configmap {namespace}/{name} key {key}"),
        }
    }

    /// Reads the document; a missing ConfigMap, key or file is an input error.
    pub async fn read(&self) -> anyhow::Result<Loaded> {
        self.read_at(false).await
    }

    /// [`Store::read`] from the API server even with a mirror (after a conflict: the mirror
    /// may not have the change yet).
    pub async fn read_fresh(&self) -> anyhow::Result<Loaded> {
        self.read_at(true).await
    }

    async fn read_at(&self, fresh: bool) -> anyhow::Result<Loaded> {
        match self {
            Store::File(path) => {
                let text = crate::files::read_to_string(path)
                    .map_err(|e| Error::flag("--file", format!("{}: {e}", path.display())))?;
                Ok(Loaded {
                    doc: parse(&text, &self.describe())?,
                    annotations: BTreeMap::new(),
                    resource_version: None,
                    uid: None,
                })
            }
            Store::ConfigMap {
                name,
                key,
                namespace,
                ..
            } => {
                let cm = self.current(fresh).await?.ok_or_else(|| {
                    Error::flag(
                        "--configmap",
                        format!("no ConfigMap {name:?} in namespace {namespace:?}"),
                    )
                })?;
                let text = cm.data.as_ref().and_then(|d| d.get(key)).ok_or_else(|| {
                    Error::flag(
                        "--configmap-key",
                        format!("ConfigMap {namespace}/{name} has no key {key:?}"),
                    )
                })?;
                Ok(Loaded {
                    doc: parse(text, &self.describe())?,
                    annotations: cm.metadata.annotations.clone().unwrap_or_default(),
                    resource_version: cm.metadata.resource_version.clone(),
                    uid: cm.metadata.uid.clone(),
                })
            }
        }
    }

    /// Reads, applies `change`, validates the result and writes it back; on a ConfigMap a
    /// conflicting write by someone else is retried from a fresh read. A missing ConfigMap,
    /// key or file starts from an empty document and is created.
    pub async fn update<T>(
        &self,
        mut change: impl FnMut(Change<'_>) -> Result<T, Error>,
    ) -> anyhow::Result<Written<T>> {
        match self {
            Store::File(path) => {
                let mut doc = match crate::files::read_to_string(path) {
                    Ok(text) => parse(&text, &self.describe())?,
                    Err(e) if e.is_not_found() => model::empty_document(),
                    Err(e) => {
                        return Err(
                            Error::flag("--file", format!("{}: {e}", path.display())).into()
                        );
                    }
                };
                let mut annotations = BTreeMap::new();
                let value = change(Change {
                    doc: &mut doc,
                    annotations: &mut annotations,
                })?;
                model::parse(&doc).map_err(|e| e.in_file(self.describe()))?;
                write_file(path, &render(&doc))?;
                Ok(Written {
                    value,
                    resource_version: None,
                    attempts: 1,
                })
            }
            Store::ConfigMap {
                api,
                name,
                key,
                namespace,
                ..
            } => {
                let what = format!("configmap {namespace}/{name}");
                for attempt in 1..=MAX_ATTEMPTS {
                    // The mirror's copy first; after a conflict, the API server's.
                    let existing = self.current(attempt > 1).await?;
                    let mut cm = existing.clone().unwrap_or_else(|| ConfigMap {
                        metadata: kube::api::ObjectMeta {
                            name: Some(name.clone()),
                            namespace: Some(namespace.clone()),
                            ..Default::default()
                        },
                        ..Default::default()
                    });
                    let mut doc = match cm.data.as_ref().and_then(|d| d.get(key)) {
                        Some(text) => parse(text, &self.describe())?,
                        None => model::empty_document(),
                    };
                    let mut annotations = cm.metadata.annotations.clone().unwrap_or_default();
                    let value = change(Change {
                        doc: &mut doc,
                        annotations: &mut annotations,
                    })?;
                    model::parse(&doc).map_err(|e| e.in_file(self.describe()))?;
                    cm.data
                        .get_or_insert_with(BTreeMap::new)
                        .insert(key.clone(), render(&doc));
                    cm.metadata.annotations = (!annotations.is_empty()).then_some(annotations);
                    let params = PostParams {
                        field_manager: Some(FIELD_MANAGER.to_string()),
                        ..Default::default()
                    };
                    let result = if existing.is_some() {
                        api.replace(name, &params, &cm).await
                    } else {
                        api.create(&params, &cm).await
                    };
                    match result {
                        Ok(written) => {
                            self.wrote(&written);
                            return Ok(Written {
                                value,
                                resource_version: written.metadata.resource_version,
                                attempts: attempt,
                            });
                        }
                        // Someone wrote in between (409), or deleted it (404): read again.
                        Err(e) if is_conflict(&e) || is_not_found(&e) => {
                            tracing::info!("{what}: changed while updating, retrying ({attempt})");
                            let jitter = u64::from(attempt.min(10)) * 5 + u64::from(attempt % 7);
                            tokio::time::sleep(Duration::from_millis(jitter)).await;
                        }
                        Err(e) => return Err(classify(e, format!("writing {what}"))),
                    }
                }
                Err(Error::Api(format!(
                    "{what}: still conflicting after {MAX_ATTEMPTS} attempts; other writers keep changing it"
                ))
                .into())
            }
        }
    }
}

impl Store {
    /// Sets one annotation of the ConfigMap if it is still at `resource_version` (the document
    /// is not rewritten). `Ok(None)`: someone changed it since; read again.
    pub async fn set_annotation_at(
        &self,
        resource_version: &str,
        annotation: &str,
        value: &str,
    ) -> anyhow::Result<Option<String>> {
        let Store::ConfigMap {
            api,
            name,
            namespace,
            ..
        } = self
        else {
            return Err(Error::flag("--file", "a file has no annotations; use --configmap").into());
        };
        let patch = serde_json::json!({
            "metadata": {
                "resourceVersion": resource_version,
                "annotations": { annotation: value },
            }
        });
        let params = kube::api::PatchParams {
            field_manager: Some(FIELD_MANAGER.to_string()),
            ..Default::default()
        };
        match api
            .patch(name, &params, &kube::api::Patch::Merge(&patch))
            .await
        {
            Ok(cm) => {
                self.wrote(&cm);
                Ok(cm.metadata.resource_version)
            }
            Err(e) if is_conflict(&e) => Ok(None),
            Err(e) => Err(classify(
                e,
                format!("writing annotation {annotation} of configmap {namespace}/{name}"),
            )),
        }
    }

    /// Read-modify-write of one annotation, retried on fresh data when another writer comes
    /// in between. `change` gets the current value and returns the new one.
    pub async fn update_annotation<T>(
        &self,
        annotation: &str,
        mut change: impl FnMut(Option<&str>) -> Result<(String, T), Error>,
    ) -> anyhow::Result<T> {
        for attempt in 1..=MAX_ATTEMPTS {
            let loaded = self.read_at(attempt > 1).await?;
            let (value, out) = change(loaded.annotations.get(annotation).map(String::as_str))?;
            let rv = loaded.resource_version.unwrap_or_default();
            if self
                .set_annotation_at(&rv, annotation, &value)
                .await?
                .is_some()
            {
                return Ok(out);
            }
            tracing::info!(
                "{}: changed while updating, retrying ({attempt})",
                self.describe()
            );
            tokio::time::sleep(Duration::from_millis(u64::from(attempt.min(10)) * 5)).await;
        }
        Err(Error::Api(format!(
            "{}: still conflicting after {MAX_ATTEMPTS} attempts; other writers keep changing it",
            self.describe()
        ))
        .into())
    }
}

fn parse(text: &str, source: &str) -> Result<Value, Error> {
    model::parse_text(text).map_err(|e| e.in_file(source))
}

/// The text written: pretty JSON (two spaces) ending in a newline, keys in document order.
pub fn render(doc: &Value) -> String {
    let mut text = serde_json::to_string_pretty(doc).expect("a JSON value serialises");
    text.push('\n');
    text
}

/// Writes through a temporary file in the same directory and a rename, so a reader (flagd
/// watching the file) never sees half a document.
fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "flags".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::flag("--file", format!("cannot write {}: {e}", path.display()))
        })?;
    Ok(())
}
