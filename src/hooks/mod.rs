//! Argo CD sync hooks without Argo CD (pure): which manifests are hooks of which phases, their
//! waves and delete policies (`annotations`), reading a directory of them (`load`), and the order
//! gitops-engine runs them in (`order`). The adapter that runs a phase is `crate::kube::hooks`.

pub mod annotations;
pub mod health;
pub mod load;
pub mod order;

use std::fmt;

use serde::Serialize;

pub use load::load_dir;
pub use order::{kind_order, ordered};

/// A short id for one operation, unique per start second and process: the label value of its
/// objects and the suffix of generated names (lowercase base 36, e.g. `t6c1qz-2n9`).
pub fn operation_id(now: chrono::DateTime<chrono::Utc>, process: u32) -> String {
    format!(
        "{}-{}",
        base36(now.timestamp().max(0) as u64),
        base36(u64::from(process))
    )
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A sync phase, in the order Argo CD runs them (SyncFail only when the sync failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Phase {
    PreSync,
    Sync,
    PostSync,
    SyncFail,
}

impl Phase {
    pub const ALL: [Phase; 4] = [
        Phase::PreSync,
        Phase::Sync,
        Phase::PostSync,
        Phase::SyncFail,
    ];

    /// The name as Argo CD spells it in `argocd.argoproj.io/hook`.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::PreSync => "PreSync",
            Phase::Sync => "Sync",
            Phase::PostSync => "PostSync",
            Phase::SyncFail => "SyncFail",
        }
    }

    /// Parses a phase name exactly as Argo CD spells it (case matters, as in Argo CD).
    pub fn parse(text: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When a hook object is deleted (`argocd.argoproj.io/hook-delete-policy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum DeletePolicy {
    /// Deleted once the operation succeeded.
    HookSucceeded,
    /// Deleted once the operation failed.
    HookFailed,
    /// An existing object of the same name is deleted (and gone) before the hook is created.
    BeforeHookCreation,
}

impl DeletePolicy {
    pub const ALL: [DeletePolicy; 3] = [
        DeletePolicy::HookSucceeded,
        DeletePolicy::HookFailed,
        DeletePolicy::BeforeHookCreation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeletePolicy::HookSucceeded => "HookSucceeded",
            DeletePolicy::HookFailed => "HookFailed",
            DeletePolicy::BeforeHookCreation => "BeforeHookCreation",
        }
    }

    pub fn parse(text: &str) -> Option<DeletePolicy> {
        DeletePolicy::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

impl fmt::Display for DeletePolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which annotation a hook's phases, wave or policies came from (shown by `hooks list`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Source {
    /// `argocd.argoproj.io/...`
    #[serde(rename = "argocd")]
    Argo,
    /// `helm.sh/hook...`, honoured by Argo CD when the Argo CD annotation is absent.
    #[serde(rename = "helm")]
    Helm,
    /// Neither: the default.
    #[serde(rename = "default")]
    Default,
}

/// One hook manifest of a `--hooks` directory.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hook {
    /// The file it was read from, as the directory was given plus the file name.
    pub file: String,
    /// The document's index in its file (1-based) and the line it starts at.
    pub document: usize,
    pub line: usize,
    /// The phases it runs in, in Argo CD's phase order; empty for a `Skip` hook.
    pub phases: Vec<Phase>,
    /// `argocd.argoproj.io/hook: Skip`: Argo CD neither applies nor runs it.
    pub skip: bool,
    pub phases_from: Source,
    pub wave: i32,
    pub wave_from: Source,
    pub api_version: String,
    pub kind: String,
    pub name: Option<String>,
    pub generate_name: Option<String>,
    pub namespace: Option<String>,
    /// Deduplicated, in the order HookSucceeded, HookFailed, BeforeHookCreation.
    pub delete_policies: Vec<DeletePolicy>,
    pub policies_from: Source,
    /// The whole object as written, to be created as it is (plus labels of the operation).
    #[serde(skip)]
    pub manifest: serde_json::Value,
}

impl Hook {
    /// `Kind/name`, or `Kind/generateName*` for a hook named at each operation.
    pub fn display_name(&self) -> String {
        match (&self.name, &self.generate_name) {
            (Some(n), _) => format!("{}/{n}", self.kind),
            (None, Some(g)) => format!("{}/{g}*", self.kind),
            (None, None) => format!("{}/?", self.kind),
        }
    }

    /// The name the sort compares: `metadata.name`, else `metadata.generateName`.
    pub fn sort_name(&self) -> &str {
        self.name
            .as_deref()
            .or(self.generate_name.as_deref())
            .unwrap_or("")
    }

    /// The object name for one operation: `metadata.name`, or for a hook with only
    /// `metadata.generateName` that prefix plus the phase and the operation id, lowercased (Argo
    /// CD's rule, with our operation id in place of its revision and start time), so each
    /// operation creates a fresh object and a resumed one finds its own.
    pub fn object_name(&self, phase: Phase, operation: &str) -> String {
        match (&self.name, &self.generate_name) {
            (Some(n), _) => n.clone(),
            (None, Some(g)) => format!("{g}{}-{}", phase.as_str(), operation).to_lowercase(),
            (None, None) => String::new(),
        }
    }

    pub fn has_policy(&self, policy: DeletePolicy) -> bool {
        self.delete_policies.contains(&policy)
    }

    /// The API group of `apiVersion` ("" for the core group).
    pub fn group(&self) -> &str {
        self.api_version
            .split_once('/')
            .map(|(g, _)| g)
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_are_short_lowercase_and_differ_by_time_and_process() {
        let t = chrono::DateTime::from_timestamp(1_764_640_000, 0).unwrap();
        let id = operation_id(t, 4242);
        assert_eq!(id, "t6mcxs-39u");
        assert_ne!(id, operation_id(t + chrono::Duration::seconds(1), 4242));
        assert_ne!(id, operation_id(t, 4243));
    }

    #[test]
    fn phases_and_policies_are_spelt_as_argo_cd_spells_them() {
        assert_eq!(
            Phase::ALL.map(|p| p.to_string()),
            ["PreSync", "Sync", "PostSync", "SyncFail"]
        );
        assert_eq!(Phase::parse("presync"), None);
        assert_eq!(
            DeletePolicy::parse("HookFailed"),
            Some(DeletePolicy::HookFailed)
        );
    }
}
