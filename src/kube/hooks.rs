//! Runs one sync phase's hooks in a namespace, as Argo CD's gitops-engine does: wave by wave (a
//! wave starts when every hook of the lower one is done), BeforeHookCreation deleting an
//! existing object first, each hook's state read by `crate::hooks::health`, HookSucceeded and
//! HookFailed deleting at the end. Decisions are in `crate::hooks`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::Pod;
use kube::api::{
    ApiResource, DeleteParams, DynamicObject, GroupVersionKind, ListParams, LogParams, Patch,
    PatchParams,
};
use kube::discovery::{self, Scope};
use kube::{Api, Client};
use serde_json::Value;

use super::{FIELD_MANAGER, classify, is_not_found};
use crate::error::{Error, Location};
use crate::hooks::health::{self, State};
use crate::hooks::order::waves;
use crate::hooks::{DeletePolicy, Hook, Phase};

/// The label on every object an operation creates, with the operation id as its value.
pub const OPERATION_LABEL: &str = "kubectl-rollouts/hook-operation";
/// The label with the phase (lowercase) the object was created for.
pub const PHASE_LABEL: &str = "kubectl-rollouts/hook-phase";
/// The annotation naming the workload the operation is for (`--for deployment/NAME`).
pub const FOR_ANNOTATION: &str = "kubectl-rollouts/hook-for";

/// How often a running hook is read again.
const POLL: Duration = Duration::from_millis(250);
/// The most of a failed pod's log that is kept.
const LOG_LINES: i64 = 40;
const LOG_BYTES: i64 = 8 * 1024;

/// How one phase is run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Give up on hooks still running after this long (they are reported failed, left as they are).
    pub timeout: Option<Duration>,
    /// The operation id (`crate::hooks::operation_id`): label value and generated-name suffix.
    pub operation: String,
    /// The workload the operation is for, as `deployment/NAME`, recorded on each object.
    pub for_workload: Option<String>,
    /// Delete HookSucceeded/HookFailed hooks when the phase ends (the phase is the whole
    /// operation, as with `hooks run`). `deploy` may set false and call `delete_after_operation`
    /// once the whole operation's result is known, which is when Argo CD deletes them.
    pub delete_at_phase_end: bool,
}

impl RunOptions {
    pub fn new(operation: impl Into<String>) -> Self {
        RunOptions {
            timeout: None,
            operation: operation.into(),
            for_workload: None,
            delete_at_phase_end: true,
        }
    }
}

/// What became of one hook.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HookResult {
    /// `Kind/name` as created.
    pub hook: String,
    pub ok: bool,
    pub message: String,
    /// The tail of the failed pod's log, where the cluster has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<String>,
    #[serde(serialize_with = "seconds")]
    pub duration: Duration,
    pub file: String,
    pub wave: i32,
    pub api_version: String,
    pub kind: String,
    /// The object's name (generated for a generateName hook).
    pub name: String,
    pub delete_policies: Vec<DeletePolicy>,
    /// Whether the object was created (a hook that failed to apply was not).
    pub created: bool,
    /// Whether this run deleted it afterwards (HookSucceeded, HookFailed).
    pub deleted: bool,
}

fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1000.0).round() / 1000.0)
}

/// The results of one phase, in run order; hooks of waves after a failed one are not run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PhaseOutcome {
    pub phase: Phase,
    pub results: Vec<HookResult>,
}

impl PhaseOutcome {
    /// The first hook that failed.
    pub fn failed(&self) -> Option<&HookResult> {
        self.results.iter().find(|r| !r.ok)
    }
}

struct Running<'a> {
    hook: &'a Hook,
    api: Api<DynamicObject>,
    name: String,
    started: Instant,
    result: Option<HookResult>,
    created: bool,
}

/// Runs the hooks of `phase` in `ns`. A hook that fails (or is still running at the timeout)
/// ends the phase after its wave; the outcome says which. Errors are for bad input (a namespace
/// other than `ns`, a kind the cluster lacks: exit 2) and an unreachable cluster (exit 4).
pub async fn run_phase(
    client: &Client,
    ns: &str,
    hooks: &[Hook],
    phase: Phase,
    opts: &RunOptions,
    on_event: &mut dyn FnMut(&str),
) -> anyhow::Result<PhaseOutcome> {
    let plan = waves(hooks, phase);
    let mut outcome = PhaseOutcome {
        phase,
        results: Vec::new(),
    };
    if plan.is_empty() {
        on_event(&format!("{phase}: no hooks"));
        return Ok(outcome);
    }
    let mut apis: BTreeMap<(String, String), (ApiResource, bool)> = BTreeMap::new();
    for (_, list) in &plan {
        for h in list {
            if let Some(other) = h.namespace.as_deref().filter(|n| *n != ns) {
                return Err(Error::Input {
                    location: Location {
                        file: Some(h.file.clone()),
                        line: Some(h.line),
                        field: Some("metadata.namespace".into()),
                    },
                    message: format!(
                        "{} is for namespace {other}, but the hooks run in namespace {ns}; \
                         remove metadata.namespace or pass -n {other}",
                        h.display_name()
                    ),
                }
                .into());
            }
            let key = (h.api_version.clone(), h.kind.clone());
            if let std::collections::btree_map::Entry::Vacant(slot) = apis.entry(key) {
                slot.insert(resolve(client, h).await?);
            }
        }
    }
    let deadline = opts.timeout.map(|t| Instant::now() + t);
    let mut failed = false;
    for (wave, list) in &plan {
        if failed {
            break;
        }
        on_event(&format!(
            "{phase} wave {wave}: {}",
            list.iter()
                .map(|h| h.display_name())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let mut running = Vec::new();
        for h in list {
            let (ar, namespaced) = &apis[&(h.api_version.clone(), h.kind.clone())];
            let api: Api<DynamicObject> = if *namespaced {
                Api::namespaced_with(client.clone(), ns, ar)
            } else {
                Api::all_with(client.clone(), ar)
            };
            running.push(Running {
                hook: h,
                api,
                name: h.object_name(phase, &opts.operation),
                started: Instant::now(),
                result: None,
                created: false,
            });
        }
        // BeforeHookCreation: an existing object of the same name goes first, and is gone
        // before anything of this wave is created.
        for r in &running {
            if r.hook.has_policy(DeletePolicy::BeforeHookCreation) {
                delete_and_wait(&r.api, r.hook, &r.name, deadline, on_event).await?;
            }
        }
        for r in running.iter_mut() {
            r.started = Instant::now();
            let obj = object(r.hook, &r.name, ns, phase, opts);
            let params = PatchParams::apply(FIELD_MANAGER)
                .force()
                .validation_strict();
            match r.api.patch(&r.name, &params, &Patch::Apply(&obj)).await {
                Ok(_) => {
                    r.created = true;
                    on_event(&format!("created {}/{}", r.hook.kind, r.name));
                }
                Err(kube::Error::Api(s)) if s.code != 401 && s.code != 403 && s.code < 500 => {
                    let message = format!(
                        "{}/{} could not be created: {}",
                        r.hook.kind, r.name, s.message
                    );
                    on_event(&message);
                    r.result = Some(result(r, false, message, None));
                }
                Err(e) => {
                    return Err(classify(
                        e,
                        format!("creating {}/{} in {ns}", r.hook.kind, r.name),
                    ));
                }
            }
        }
        // Wait until every hook of the wave is done.
        loop {
            let mut pending = false;
            for r in running.iter_mut().filter(|r| r.result.is_none()) {
                let live = match r.api.get_opt(&r.name).await {
                    Ok(o) => o,
                    Err(e) => {
                        return Err(classify(e, format!("reading {}/{}", r.hook.kind, r.name)));
                    }
                };
                let Some(live) = live else {
                    let message =
                        format!("{}/{} was deleted before it completed", r.hook.kind, r.name);
                    on_event(&message);
                    r.result = Some(result(r, false, message, None));
                    continue;
                };
                let value = serde_json::to_value(&live)?;
                match health::state(r.hook.group(), &r.hook.kind, &value) {
                    State::Running(_) => pending = true,
                    State::Succeeded(m) => {
                        on_event(&format!("succeeded {}/{}: {m}", r.hook.kind, r.name));
                        r.result = Some(result(r, true, m, None));
                    }
                    State::Failed(m) => {
                        let (message, log) = failure_detail(client, ns, r.hook, &value, m).await;
                        on_event(&format!("FAILED {}/{}: {message}", r.hook.kind, r.name));
                        r.result = Some(result(r, false, message, log));
                    }
                }
            }
            if !pending {
                break;
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                let t = opts.timeout.unwrap_or_default();
                for r in running.iter_mut().filter(|r| r.result.is_none()) {
                    let message = format!(
                        "{}/{} still running after the timeout of {}s; left as it is",
                        r.hook.kind,
                        r.name,
                        t.as_secs_f64()
                    );
                    on_event(&message);
                    r.result = Some(result(r, false, message, None));
                }
                break;
            }
            tokio::time::sleep(POLL).await;
        }
        for r in running {
            let res = r.result.unwrap_or_else(|| HookResult {
                hook: format!("{}/{}", r.hook.kind, r.name),
                ok: false,
                message: "not run".into(),
                log: None,
                duration: Duration::ZERO,
                file: r.hook.file.clone(),
                wave: r.hook.wave,
                api_version: r.hook.api_version.clone(),
                kind: r.hook.kind.clone(),
                name: r.name.clone(),
                delete_policies: r.hook.delete_policies.clone(),
                created: false,
                deleted: false,
            });
            failed |= !res.ok;
            outcome.results.push(res);
        }
    }
    if opts.delete_at_phase_end {
        let ok = outcome.failed().is_none();
        delete_after_operation(client, ns, std::slice::from_mut(&mut outcome), ok, on_event)
            .await?;
    }
    Ok(outcome)
}

fn result(r: &Running<'_>, ok: bool, message: String, log: Option<String>) -> HookResult {
    HookResult {
        hook: format!("{}/{}", r.hook.kind, r.name),
        ok,
        message,
        log,
        duration: r.started.elapsed(),
        file: r.hook.file.clone(),
        wave: r.hook.wave,
        api_version: r.hook.api_version.clone(),
        kind: r.hook.kind.clone(),
        name: r.name.clone(),
        delete_policies: r.hook.delete_policies.clone(),
        created: r.created,
        deleted: false,
    }
}

/// Deletes the hooks whose policy says so once an operation ended (gitops-engine deletes
/// HookSucceeded hooks when the operation succeeded, HookFailed ones when it failed, whichever
/// hook it was that failed), with propagation Background so a Job's pods go too.
pub async fn delete_after_operation(
    client: &Client,
    ns: &str,
    outcomes: &mut [PhaseOutcome],
    succeeded: bool,
    on_event: &mut dyn FnMut(&str),
) -> anyhow::Result<()> {
    let policy = if succeeded {
        DeletePolicy::HookSucceeded
    } else {
        DeletePolicy::HookFailed
    };
    for outcome in outcomes.iter_mut() {
        for r in outcome.results.iter_mut() {
            if !r.created || r.deleted || !r.delete_policies.contains(&policy) {
                continue;
            }
            let (ar, namespaced) = resolve_kind(client, &r.api_version, &r.kind, &r.file).await?;
            let api: Api<DynamicObject> = if namespaced {
                Api::namespaced_with(client.clone(), ns, &ar)
            } else {
                Api::all_with(client.clone(), &ar)
            };
            match api.delete(&r.name, &DeleteParams::background()).await {
                Ok(_) => {}
                Err(e) if is_not_found(&e) => {}
                Err(e) => return Err(classify(e, format!("deleting {}", r.hook))),
            }
            r.deleted = true;
            on_event(&format!("deleted {} ({policy})", r.hook));
        }
    }
    Ok(())
}

async fn resolve(client: &Client, h: &Hook) -> anyhow::Result<(ApiResource, bool)> {
    resolve_kind(client, &h.api_version, &h.kind, &h.file).await
}

async fn resolve_kind(
    client: &Client,
    api_version: &str,
    kind: &str,
    file: &str,
) -> anyhow::Result<(ApiResource, bool)> {
    let (group, version) = match api_version.split_once('/') {
        Some((g, v)) => (g, v),
        None => ("", api_version),
    };
    let gvk = GroupVersionKind::gvk(group, version, kind);
    match discovery::pinned_kind(client, &gvk).await {
        Ok((ar, caps)) => Ok((ar, caps.scope == Scope::Namespaced)),
        Err(e) if is_not_found(&e) || matches!(e, kube::Error::Discovery(_)) => Err(Error::Input {
            location: Location {
                file: Some(file.to_string()),
                line: None,
                field: Some("kind".into()),
            },
            message: format!("the cluster has no kind {kind} in apiVersion {api_version}"),
        }
        .into()),
        Err(e) => Err(classify(e, format!("looking up {kind} ({api_version})"))),
    }
}

/// The object to create: the manifest with its name for this operation, the namespace, and the
/// operation's labels and annotation.
fn object(h: &Hook, name: &str, ns: &str, phase: Phase, opts: &RunOptions) -> Value {
    let mut obj = h.manifest.clone();
    let meta = &mut obj["metadata"];
    if let Some(m) = meta.as_object_mut() {
        m.remove("generateName");
        m.insert("name".into(), Value::String(name.to_string()));
        m.insert("namespace".into(), Value::String(ns.to_string()));
    }
    let labels = &mut meta["labels"];
    if !labels.is_object() {
        *labels = Value::Object(Default::default());
    }
    labels[OPERATION_LABEL] = Value::String(opts.operation.clone());
    labels[PHASE_LABEL] = Value::String(phase.as_str().to_lowercase());
    if let Some(w) = &opts.for_workload {
        let annotations = &mut meta["annotations"];
        if !annotations.is_object() {
            *annotations = Value::Object(Default::default());
        }
        annotations[FOR_ANNOTATION] = Value::String(w.clone());
    }
    obj
}

/// Deletes an existing object of the hook's name and waits until it is gone.
async fn delete_and_wait(
    api: &Api<DynamicObject>,
    h: &Hook,
    name: &str,
    deadline: Option<Instant>,
    on_event: &mut dyn FnMut(&str),
) -> anyhow::Result<()> {
    match api.delete(name, &DeleteParams::background()).await {
        Ok(_) => on_event(&format!(
            "deleting the existing {}/{name} first (BeforeHookCreation)",
            h.kind
        )),
        Err(e) if is_not_found(&e) => return Ok(()),
        Err(e) => return Err(classify(e, format!("deleting {}/{name}", h.kind))),
    }
    loop {
        match api.get_opt(name).await {
            Ok(None) => return Ok(()),
            Ok(Some(_)) => {}
            Err(e) => return Err(classify(e, format!("reading {}/{name}", h.kind))),
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(Error::Api(format!(
                "the existing {}/{name} was not gone before the timeout (BeforeHookCreation)",
                h.kind
            ))
            .into());
        }
        tokio::time::sleep(POLL).await;
    }
}

/// A failed Job's or Pod's message with its pod's status, and the log tail where the cluster
/// has one.
async fn failure_detail(
    client: &Client,
    ns: &str,
    h: &Hook,
    live: &Value,
    message: String,
) -> (String, Option<String>) {
    let pods: Api<Pod> = Api::namespaced(client.clone(), ns);
    let pod = match (h.group(), h.kind.as_str()) {
        ("", "Pod") => serde_json::from_value::<Pod>(live.clone()).ok(),
        ("batch", "Job") => {
            let uid = live["metadata"]["uid"].as_str().unwrap_or_default();
            let lp =
                ListParams::default().labels(&format!("batch.kubernetes.io/controller-uid={uid}"));
            match pods.list(&lp).await {
                Ok(list) => list
                    .items
                    .into_iter()
                    .filter(|p| {
                        p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Failed")
                    })
                    .max_by_key(|p| p.metadata.creation_timestamp.clone()),
                Err(e) => {
                    tracing::debug!("listing the pods of {}: {e}", h.display_name());
                    None
                }
            }
        }
        _ => None,
    };
    let Some(pod) = pod else {
        return (message, None);
    };
    let pod_name = pod.metadata.name.clone().unwrap_or_default();
    let summary = health::pod_summary(&serde_json::to_value(&pod).unwrap_or_default());
    let lp = LogParams {
        tail_lines: Some(LOG_LINES),
        limit_bytes: Some(LOG_BYTES),
        ..LogParams::default()
    };
    match pods.logs(&pod_name, &lp).await {
        Ok(log) if !log.trim().is_empty() => (format!("{message} ({summary})"), Some(log)),
        Ok(_) => (format!("{message} ({summary}; its log is empty)"), None),
        Err(e) => {
            let why = match &e {
                kube::Error::Api(s) => s.message.clone(),
                other => other.to_string(),
            };
            // The last clause says why (e.g. "connect: connection refused" from a node that
            // serves no logs, as kwok's fake nodes); the URL before it says nothing more.
            let short: String = why
                .rsplit_once(": dial ")
                .map(|(_, tail)| tail.rsplit(": ").next().unwrap_or(tail))
                .unwrap_or(&why)
                .chars()
                .take(160)
                .collect();
            (
                format!("{message} ({summary}; the cluster has no log for it: {short})"),
                None,
            )
        }
    }
}
