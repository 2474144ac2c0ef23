//! Deploy windows in a drive: Argo CD's sync windows evaluated for the Rollout's application at
//! each instant the driver asks, turned into the engine's [`Hold`] (pure; the driver supplies
//! `now`).

use chrono::{DateTime, SecondsFormat, Utc};

use crate::engine::Hold;
use crate::window::{Project, Target, Window, evaluate, matching};

/// The windows that apply to the rollout's application, from one AppProject.
#[derive(Debug, Clone)]
pub struct WindowGate {
    /// Where the project came from, for messages (`project.yaml`, `AppProject argocd/web`).
    pub source: String,
    pub project: String,
    pub target: Target,
    pub windows: Vec<Window>,
    pub manual: bool,
}

impl WindowGate {
    pub fn new(source: String, project: &Project, target: Target, manual: bool) -> Self {
        let windows = matching(&project.windows, &target)
            .into_iter()
            .cloned()
            .collect();
        WindowGate {
            source,
            project: project.name.clone(),
            target,
            windows,
            manual,
        }
    }

    /// `None` when a sync is allowed at `at`; else why not and when that changes.
    pub fn hold_at(&self, at: DateTime<Utc>) -> Option<Hold> {
        let windows: Vec<&Window> = self.windows.iter().collect();
        let e = evaluate(&windows, at, self.manual);
        if e.allowed {
            return None;
        }
        let which: Vec<String> = e
            .reason
            .windows()
            .iter()
            .filter_map(|i| windows.iter().find(|w| w.index == *i))
            .map(|w| w.label())
            .collect();
        let decided = if which.is_empty() {
            e.reason.describe().to_string()
        } else {
            format!("{}: {}", e.reason.describe(), which.join(", "))
        };
        let until = e.next_change.as_ref().filter(|c| c.allowed).map(|c| c.at);
        let opens = match until {
            Some(t) => format!("opens at {}", t.to_rfc3339_opts(SecondsFormat::Secs, true)),
            None => "does not open within 366 days".to_string(),
        };
        Some(Hold {
            message: format!(
                "sync windows of project {} ({}) block {} now ({decided}); {opens}",
                self.project,
                self.source,
                self.describe_target()
            ),
            until,
        })
    }

    fn describe_target(&self) -> String {
        let t = &self.target;
        let mut parts = Vec::new();
        if let Some(a) = &t.app {
            parts.push(format!("application {a}"));
        }
        if let Some(n) = &t.namespace {
            parts.push(format!("namespace {n}"));
        }
        if let Some(c) = &t.cluster {
            parts.push(format!("cluster {c}"));
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::window::parse_project;

    fn gate(windows: &str) -> WindowGate {
        let text = format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {{name: web}}\nspec:\n  syncWindows:\n{windows}"
        );
        let project = parse_project(&text).unwrap();
        let target = Target {
            app: Some("web".into()),
            namespace: Some("prod".into()),
            cluster: None,
        };
        WindowGate::new("project.yaml".into(), &project, target, false)
    }

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn a_deny_window_holds_until_it_ends_and_names_itself() {
        let g =
            gate("  - {kind: deny, schedule: '0 15 * * 5', duration: 2h, applications: ['*']}\n");
        // Friday 2026-11-27 15:30 UTC: inside the Friday-afternoon freeze.
        let hold = g.hold_at(t("2026-11-27T15:30:00Z")).expect("held");
        assert_eq!(hold.until, Some(t("2026-11-27T17:00:00Z")));
        assert!(
            hold.message.contains("deny \"0 15 * * 5\" for 2h"),
            "{}",
            hold.message
        );
        assert!(hold.message.contains("application web"), "{}", hold.message);
        assert!(
            hold.message.contains("opens at 2026-11-27T17:00:00Z"),
            "{}",
            hold.message
        );
        assert_eq!(g.hold_at(t("2026-11-27T17:00:01Z")), None);
        assert_eq!(g.hold_at(t("2026-11-27T14:59:00Z")), None);
    }

    #[test]
    fn windows_for_other_applications_do_not_hold() {
        let g = gate(
            "  - {kind: deny, schedule: '* * * * *', duration: 1h, applications: ['billing-*']}\n",
        );
        assert_eq!(g.hold_at(t("2026-11-27T15:30:00Z")), None);
    }

    #[test]
    fn a_window_across_a_dst_change_holds_by_its_own_clock() {
        // Europe/Berlin leaves summer time on 2026-10-25 at 03:00 local (01:00 UTC). A deny
        // window from 01:00 local for 4h: 23:00 UTC (the 24th) to 02:00 UTC after the change.
        let g = gate(
            "  - {kind: deny, schedule: '0 1 25 10 *', duration: 4h, timeZone: Europe/Berlin, applications: ['*']}\n",
        );
        let hold = g
            .hold_at(t("2026-10-25T01:30:00Z"))
            .expect("held across the change");
        assert_eq!(hold.until, Some(t("2026-10-25T03:00:00Z")));
        assert_eq!(g.hold_at(t("2026-10-25T03:00:01Z")), None);
    }
}
