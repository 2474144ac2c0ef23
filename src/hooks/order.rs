//! The order hooks run in, as gitops-engine sorts sync tasks (`pkg/sync/sync_tasks.go`): phase,
//! then wave, then kind (Helm's install order), then name.

use std::cmp::Ordering;

use super::{Hook, Phase};

/// gitops-engine's `kindOrder` (from Helm's `kind_sorter.go`): kinds earlier in the list are
/// created first; every other kind (custom resources, Workflows) comes after all of them.
pub const KIND_ORDER: [&str; 35] = [
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
];

/// A kind's rank as gitops-engine computes it: negative for the listed kinds (index minus the
/// list's length), 0 (last) for any other kind.
pub fn kind_order(kind: &str) -> i32 {
    KIND_ORDER
        .iter()
        .position(|k| *k == kind)
        .map(|i| i as i32 - KIND_ORDER.len() as i32)
        .unwrap_or(0)
}

/// gitops-engine's comparison of two tasks of the same phase: wave, kind, name. Ties it leaves
/// to Go's unstable sort (two unlisted kinds with one name) are broken by kind, then file.
pub fn compare(a: &Hook, b: &Hook) -> Ordering {
    a.wave
        .cmp(&b.wave)
        .then_with(|| kind_order(&a.kind).cmp(&kind_order(&b.kind)))
        .then_with(|| a.sort_name().cmp(b.sort_name()))
        .then_with(|| a.kind.cmp(&b.kind))
        .then_with(|| (&a.file, a.document).cmp(&(&b.file, b.document)))
}

/// The hooks of one phase in the order they run (a wave starts when the lower one is done).
pub fn ordered(hooks: &[Hook], phase: Phase) -> Vec<&Hook> {
    let mut out: Vec<&Hook> = hooks.iter().filter(|h| h.phases.contains(&phase)).collect();
    out.sort_by(|a, b| compare(a, b));
    out
}

/// The waves of one phase, lowest first, each with its hooks in order.
pub fn waves(hooks: &[Hook], phase: Phase) -> Vec<(i32, Vec<&Hook>)> {
    let mut out: Vec<(i32, Vec<&Hook>)> = Vec::new();
    for h in ordered(hooks, phase) {
        match out.last_mut() {
            Some((w, list)) if *w == h.wave => list.push(h),
            _ => out.push((h.wave, vec![h])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hooks::{DeletePolicy, Source};

    fn hook(kind: &str, name: &str, phases: &[Phase], wave: i32) -> Hook {
        Hook {
            file: format!("{name}.yaml"),
            document: 1,
            line: 1,
            phases: phases.to_vec(),
            skip: false,
            phases_from: Source::Argo,
            wave,
            wave_from: Source::Argo,
            api_version: "v1".into(),
            kind: kind.into(),
            name: Some(name.into()),
            generate_name: None,
            namespace: None,
            delete_policies: vec![DeletePolicy::BeforeHookCreation],
            policies_from: Source::Default,
            manifest: serde_json::Value::Null,
        }
    }

    fn names(list: &[&Hook]) -> Vec<String> {
        list.iter().map(|h| h.display_name()).collect()
    }

    #[test]
    fn kind_ranks_match_gitops_engine() {
        assert_eq!(kind_order("Namespace"), -35);
        assert_eq!(kind_order("ConfigMap"), -26);
        assert_eq!(kind_order("Pod"), -11);
        assert_eq!(kind_order("Job"), -5);
        assert_eq!(kind_order("APIService"), -1);
        assert_eq!(kind_order("Workflow"), 0);
        assert_eq!(kind_order("job"), 0, "kinds are case-sensitive");
    }

    #[test]
    fn a_phase_runs_by_wave_then_kind_then_name() {
        use Phase::*;
        let hooks = vec![
            hook("Job", "b-migrate", &[PreSync], 0),
            hook("Job", "a-backup", &[PreSync], 0),
            hook("Workflow", "a-flow", &[PreSync], 0),
            hook("ConfigMap", "z-config", &[PreSync], 0),
            hook("Job", "seed", &[PreSync], -1),
            hook("Pod", "check", &[PreSync], 2),
            hook("Job", "notify", &[SyncFail], -5),
            hook("Job", "smoke", &[PostSync, PreSync], 1),
        ];
        assert_eq!(
            names(&ordered(&hooks, PreSync)),
            [
                "Job/seed",
                "ConfigMap/z-config",
                "Job/a-backup",
                "Job/b-migrate",
                "Workflow/a-flow",
                "Job/smoke",
                "Pod/check",
            ]
        );
        assert_eq!(names(&ordered(&hooks, PostSync)), ["Job/smoke"]);
        assert_eq!(names(&ordered(&hooks, SyncFail)), ["Job/notify"]);
        assert!(ordered(&hooks, Sync).is_empty());
        let w = waves(&hooks, PreSync);
        assert_eq!(
            w.iter().map(|(w, l)| (*w, l.len())).collect::<Vec<_>>(),
            [(-1, 1), (0, 4), (1, 1), (2, 1)]
        );
    }

    #[test]
    fn generate_name_hooks_sort_by_their_prefix() {
        let mut g = hook("Job", "", &[Phase::PreSync], 0);
        g.name = None;
        g.generate_name = Some("m-".into());
        let hooks = vec![hook("Job", "z", &[Phase::PreSync], 0), g];
        assert_eq!(
            names(&ordered(&hooks, Phase::PreSync)),
            ["Job/m-*", "Job/z"]
        );
        assert_eq!(
            hooks[1].object_name(Phase::PreSync, "Op-1"),
            "m-presync-op-1",
            "Argo CD lowercases the generated name"
        );
        assert_eq!(hooks[0].object_name(Phase::PreSync, "op-1"), "z");
    }

    #[test]
    fn a_skip_hook_runs_in_no_phase() {
        let mut s = hook("Job", "skipped", &[], 0);
        s.skip = true;
        for p in Phase::ALL {
            assert!(ordered(std::slice::from_ref(&s), p).is_empty());
        }
    }
}
