//! Reading a manifest's hook annotations with gitops-engine's rules (`pkg/sync/hook`,
//! `pkg/sync/syncwaves`, `pkg/sync/resource/annotations.go`): comma lists, Argo CD's annotation
//! first and Helm's as the fallback. Where gitops-engine silently drops a value it does not know
//! (a misspelt phase, an unparsable wave) this is an input error instead.

use std::collections::BTreeMap;

use super::{DeletePolicy, Phase, Source};
use crate::error::Error;

pub const HOOK: &str = "argocd.argoproj.io/hook";
pub const DELETE_POLICY: &str = "argocd.argoproj.io/hook-delete-policy";
pub const SYNC_WAVE: &str = "argocd.argoproj.io/sync-wave";
pub const HELM_HOOK: &str = "helm.sh/hook";
pub const HELM_DELETE_POLICY: &str = "helm.sh/hook-delete-policy";
pub const HELM_WEIGHT: &str = "helm.sh/hook-weight";

/// What the annotations make of a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Classified {
    /// No hook annotation (or Helm's `crd-install`): an ordinary resource.
    NotAHook,
    Hook(HookAnnotations),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookAnnotations {
    /// In phase order, deduplicated; empty when `skip`.
    pub phases: Vec<Phase>,
    pub skip: bool,
    pub phases_from: Source,
    pub wave: i32,
    pub wave_from: Source,
    pub delete_policies: Vec<DeletePolicy>,
    pub policies_from: Source,
}

/// The Helm hook types Argo CD runs, and the phase it runs each in.
const HELM_TYPES: [(&str, Phase); 4] = [
    ("pre-install", Phase::PreSync),
    ("pre-upgrade", Phase::PreSync),
    ("post-install", Phase::PostSync),
    ("post-upgrade", Phase::PostSync),
];

/// Helm hook types that exist in Helm but that Argo CD never runs.
const HELM_IGNORED: [&str; 8] = [
    "pre-delete",
    "post-delete",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
    "test-failure",
    "crd-install",
];

const HELM_POLICIES: [(&str, DeletePolicy); 3] = [
    ("hook-succeeded", DeletePolicy::HookSucceeded),
    ("hook-failed", DeletePolicy::HookFailed),
    ("before-hook-creation", DeletePolicy::BeforeHookCreation),
];

fn field(key: &str) -> String {
    format!("metadata.annotations.{key}")
}

/// The items of a comma-separated annotation, trimmed, without empty items or repeats (the
/// order of first appearance; gitops-engine's `GetAnnotationCSVs`).
pub fn csv(value: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Classifies a manifest by its annotations.
pub fn classify(annotations: &BTreeMap<String, String>) -> Result<Classified, Error> {
    let (phases, skip, phases_from) = if let Some(value) = annotations.get(HOOK) {
        let items = csv(value);
        if items.is_empty() {
            return Err(Error::field(
                field(HOOK),
                "is empty; expected PreSync, Sync, PostSync, SyncFail or Skip (a comma list)",
            ));
        }
        let mut phases = Vec::new();
        let mut skip = false;
        for item in &items {
            if *item == "Skip" {
                skip = true;
            } else if let Some(p) = Phase::parse(item) {
                phases.push(p);
            } else {
                return Err(Error::field(
                    field(HOOK),
                    format!(
                        "unknown hook phase {item:?}; expected PreSync, Sync, PostSync, SyncFail \
                         or Skip (a comma list, spelt as Argo CD spells them)"
                    ),
                ));
            }
        }
        // gitops-engine: Skip counts only when it is the only value.
        let skip = skip && phases.is_empty();
        (phases, skip, Source::Argo)
    } else if let Some(value) = annotations.get(HELM_HOOK) {
        // Helm marks CRDs with the same annotation; they are not hooks.
        if value == "crd-install" {
            return Ok(Classified::NotAHook);
        }
        let items = csv(value);
        if items.is_empty() {
            return Err(Error::field(
                field(HELM_HOOK),
                "is empty; expected pre-install, pre-upgrade, post-install or post-upgrade",
            ));
        }
        let mut phases = Vec::new();
        for item in items {
            match HELM_TYPES.iter().find(|(name, _)| *name == item) {
                Some((_, p)) => phases.push(*p),
                None if HELM_IGNORED.contains(&item) => {
                    return Err(Error::field(
                        field(HELM_HOOK),
                        format!(
                            "Argo CD does not run Helm {item:?} hooks; it runs pre-install and \
                             pre-upgrade as PreSync, post-install and post-upgrade as PostSync \
                             (or set {HOOK})"
                        ),
                    ));
                }
                None => {
                    return Err(Error::field(
                        field(HELM_HOOK),
                        format!(
                            "unknown Helm hook {item:?}; expected pre-install, pre-upgrade, \
                             post-install or post-upgrade"
                        ),
                    ));
                }
            }
        }
        (phases, false, Source::Helm)
    } else {
        return Ok(Classified::NotAHook);
    };
    let mut phases = phases;
    phases.sort();
    phases.dedup();

    let (wave, wave_from) = if let Some(v) = annotations.get(SYNC_WAVE) {
        (integer(SYNC_WAVE, v)?, Source::Argo)
    } else if let Some(v) = annotations.get(HELM_WEIGHT) {
        (integer(HELM_WEIGHT, v)?, Source::Helm)
    } else {
        (0, Source::Default)
    };

    let mut policies = Vec::new();
    let mut policies_from = Source::Default;
    if let Some(v) = annotations.get(DELETE_POLICY) {
        policies_from = Source::Argo;
        for item in csv(v) {
            policies.push(DeletePolicy::parse(item).ok_or_else(|| {
                Error::field(
                    field(DELETE_POLICY),
                    format!(
                        "unknown delete policy {item:?}; expected HookSucceeded, HookFailed or \
                         BeforeHookCreation (a comma list)"
                    ),
                )
            })?);
        }
    }
    // gitops-engine adds Helm's policies to Argo CD's.
    if let Some(v) = annotations.get(HELM_DELETE_POLICY) {
        if policies_from == Source::Default {
            policies_from = Source::Helm;
        }
        for item in csv(v) {
            let p = HELM_POLICIES
                .iter()
                .find(|(name, _)| *name == item)
                .map(|(_, p)| *p)
                .ok_or_else(|| {
                    Error::field(
                        field(HELM_DELETE_POLICY),
                        format!(
                            "unknown Helm delete policy {item:?}; expected hook-succeeded, \
                             hook-failed or before-hook-creation"
                        ),
                    )
                })?;
            policies.push(p);
        }
    }
    if policies.is_empty() {
        policies.push(DeletePolicy::BeforeHookCreation);
        policies_from = Source::Default;
    }
    policies.sort();
    policies.dedup();
    Ok(Classified::Hook(HookAnnotations {
        phases,
        skip,
        phases_from,
        wave,
        wave_from,
        delete_policies: policies,
        policies_from,
    }))
}

/// A wave as Go's `strconv.Atoi` reads it: optional sign, decimal digits, nothing else.
fn integer(key: &str, value: &str) -> Result<i32, Error> {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    let ok = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    match value.parse::<i32>() {
        Ok(n) if ok => Ok(n),
        _ => Err(Error::field(
            field(key),
            format!("expected an integer wave such as \"-1\", \"0\" or \"5\", got {value:?}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn hook(pairs: &[(&str, &str)]) -> HookAnnotations {
        match classify(&ann(pairs)).expect("valid") {
            Classified::Hook(h) => h,
            Classified::NotAHook => panic!("not a hook: {pairs:?}"),
        }
    }

    fn error(pairs: &[(&str, &str)]) -> String {
        classify(&ann(pairs)).expect_err("invalid").to_string()
    }

    #[test]
    fn a_manifest_without_hook_annotations_is_not_a_hook() {
        assert_eq!(classify(&ann(&[])).unwrap(), Classified::NotAHook);
        assert_eq!(
            classify(&ann(&[(SYNC_WAVE, "3"), (DELETE_POLICY, "HookSucceeded")])).unwrap(),
            Classified::NotAHook
        );
        assert_eq!(
            classify(&ann(&[(HELM_HOOK, "crd-install")])).unwrap(),
            Classified::NotAHook
        );
    }

    #[test]
    fn the_seed_migration_hook_is_presync_deleted_when_it_succeeded() {
        let h = hook(&[(HOOK, "PreSync"), (DELETE_POLICY, "HookSucceeded")]);
        assert_eq!(h.phases, vec![Phase::PreSync]);
        assert_eq!(h.delete_policies, vec![DeletePolicy::HookSucceeded]);
        assert_eq!((h.wave, h.wave_from), (0, Source::Default));
        assert!(!h.skip);
    }

    #[test]
    fn comma_lists_are_trimmed_deduplicated_and_in_phase_order() {
        let h = hook(&[(HOOK, " PostSync, PreSync ,PostSync,")]);
        assert_eq!(h.phases, vec![Phase::PreSync, Phase::PostSync]);
        let h = hook(&[
            (HOOK, "SyncFail"),
            (DELETE_POLICY, "BeforeHookCreation,HookFailed, HookFailed"),
        ]);
        assert_eq!(
            h.delete_policies,
            vec![DeletePolicy::HookFailed, DeletePolicy::BeforeHookCreation]
        );
    }

    #[test]
    fn the_default_delete_policy_is_before_hook_creation() {
        let h = hook(&[(HOOK, "Sync")]);
        assert_eq!(h.delete_policies, vec![DeletePolicy::BeforeHookCreation]);
        assert_eq!(h.policies_from, Source::Default);
        // An annotation with no items is the default too (gitops-engine drops empty items).
        let h = hook(&[(HOOK, "Sync"), (DELETE_POLICY, " , ")]);
        assert_eq!(h.delete_policies, vec![DeletePolicy::BeforeHookCreation]);
    }

    #[test]
    fn skip_alone_skips_and_skip_with_a_phase_is_ignored() {
        let h = hook(&[(HOOK, "Skip")]);
        assert!(h.skip);
        assert!(h.phases.is_empty());
        let h = hook(&[(HOOK, "Skip,PostSync")]);
        assert!(!h.skip);
        assert_eq!(h.phases, vec![Phase::PostSync]);
    }

    #[test]
    fn waves_are_go_integers() {
        for (text, want) in [("0", 0), ("5", 5), ("-1", -1), ("+2", 2), ("007", 7)] {
            assert_eq!(
                hook(&[(HOOK, "Sync"), (SYNC_WAVE, text)]).wave,
                want,
                "{text}"
            );
        }
        for bad in ["", " 1", "1.5", "one", "99999999999", "--1"] {
            let e = error(&[(HOOK, "Sync"), (SYNC_WAVE, bad)]);
            assert!(
                e.contains("metadata.annotations.argocd.argoproj.io/sync-wave")
                    && e.contains("expected an integer wave"),
                "{bad:?}: {e}"
            );
        }
    }

    #[test]
    fn unknown_phases_and_policies_are_errors_naming_the_annotation() {
        let e = error(&[(HOOK, "Presync")]);
        assert!(
            e.contains("metadata.annotations.argocd.argoproj.io/hook"),
            "{e}"
        );
        assert!(e.contains("unknown hook phase \"Presync\""), "{e}");
        let e = error(&[(HOOK, "")]);
        assert!(e.contains("is empty"), "{e}");
        let e = error(&[(HOOK, "PreSync"), (DELETE_POLICY, "OnSuccess")]);
        assert!(
            e.contains("argocd.argoproj.io/hook-delete-policy")
                && e.contains("unknown delete policy \"OnSuccess\""),
            "{e}"
        );
    }

    #[test]
    fn helm_hooks_map_to_argo_phases_when_argo_annotations_are_absent() {
        let h = hook(&[
            (HELM_HOOK, "pre-install,pre-upgrade"),
            (HELM_WEIGHT, "-5"),
            (HELM_DELETE_POLICY, "hook-succeeded"),
        ]);
        assert_eq!(h.phases, vec![Phase::PreSync]);
        assert_eq!(h.phases_from, Source::Helm);
        assert_eq!((h.wave, h.wave_from), (-5, Source::Helm));
        assert_eq!(h.delete_policies, vec![DeletePolicy::HookSucceeded]);
        let h = hook(&[(HELM_HOOK, "post-install")]);
        assert_eq!(h.phases, vec![Phase::PostSync]);
    }

    #[test]
    fn argo_annotations_win_over_helm_ones_but_policies_add_up() {
        let h = hook(&[
            (HOOK, "PostSync"),
            (HELM_HOOK, "pre-install"),
            (SYNC_WAVE, "2"),
            (HELM_WEIGHT, "9"),
            (DELETE_POLICY, "HookFailed"),
            (HELM_DELETE_POLICY, "hook-succeeded"),
        ]);
        assert_eq!(h.phases, vec![Phase::PostSync]);
        assert_eq!((h.wave, h.wave_from), (2, Source::Argo));
        assert_eq!(
            h.delete_policies,
            vec![DeletePolicy::HookSucceeded, DeletePolicy::HookFailed]
        );
        // Helm's weight is the wave of an Argo CD hook without a sync-wave.
        assert_eq!(hook(&[(HOOK, "Sync"), (HELM_WEIGHT, "4")]).wave, 4);
    }

    #[test]
    fn helm_hooks_argo_cd_does_not_run_are_errors() {
        let e = error(&[(HELM_HOOK, "test")]);
        assert!(
            e.contains("Argo CD does not run Helm \"test\" hooks"),
            "{e}"
        );
        let e = error(&[(HELM_HOOK, "pre-install,post-delete")]);
        assert!(e.contains("\"post-delete\""), "{e}");
        let e = error(&[(HELM_HOOK, "preinstall")]);
        assert!(e.contains("unknown Helm hook \"preinstall\""), "{e}");
        let e = error(&[(HELM_HOOK, "pre-install"), (HELM_DELETE_POLICY, "always")]);
        assert!(e.contains("helm.sh/hook-delete-policy"), "{e}");
    }
}
