//! Sync-window configurations that likely do not do what their author meant, explained.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use super::eval::{HORIZON_DAYS, active_period, is_active, next_tick_after};
use super::project::{Kind, Window};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The window the finding is about.
    pub window: usize,
    /// A stable identifier of the rule.
    pub rule: &'static str,
    pub message: String,
}

/// Is the window active from `at` through the whole horizon?
fn always_active(w: &Window, at: DateTime<Utc>) -> bool {
    let horizon = at + TimeDelta::days(HORIZON_DAYS);
    is_active(w, at) && active_period(w, at, horizon).1.is_none()
}

fn list(indexes: &[usize]) -> String {
    indexes
        .iter()
        .map(|i| format!("#{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a project's windows; `at` anchors the year that is simulated.
pub fn lint(windows: &[Window], at: DateTime<Utc>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let never_fires = |w: &Window| next_tick_after(w, at).is_none();
    for w in windows {
        if never_fires(w) {
            findings.push(Finding {
                window: w.index,
                rule: "never-fires",
                message: format!(
                    "the schedule of window {} never fires (no date matches within five years); Argo CD then treats the window as always active, whatever its duration",
                    w.label()
                ),
            });
        } else if w.duration.to_chrono() <= TimeDelta::zero() {
            findings.push(Finding {
                window: w.index,
                rule: "never-active",
                message: format!(
                    "window {} has a duration of {} and is never active",
                    w.label(),
                    w.duration
                ),
            });
            continue;
        }
        if w.applications.is_empty() && w.namespaces.is_empty() && w.clusters.is_empty() {
            findings.push(Finding {
                window: w.index,
                rule: "no-selector",
                message: format!(
                    "window {} lists no applications, namespaces or clusters: it applies to no application (with or without andOperator), only to a project-wide check without --app",
                    w.label()
                ),
            });
        }
    }

    let allows: Vec<&Window> = windows.iter().filter(|w| w.kind == Kind::Allow).collect();
    let denies: Vec<&Window> = windows.iter().filter(|w| w.kind == Kind::Deny).collect();
    for w in &allows {
        if always_active(w, at) {
            let others: Vec<usize> = allows
                .iter()
                .filter(|o| o.index != w.index)
                .map(|o| o.index)
                .collect();
            let moot = if others.is_empty() {
                String::new()
            } else {
                format!(" every other allow window ({}) is moot, and", list(&others))
            };
            findings.push(Finding {
                window: w.index,
                rule: "always-active-allow",
                message: format!(
                    "window {} is always active:{moot} every sync (manual or automated) is allowed whenever no deny window is active",
                    w.label()
                ),
            });
        }
        let strict_denies: Vec<usize> = denies
            .iter()
            .filter(|d| !d.manual_sync)
            .map(|d| d.index)
            .collect();
        if w.manual_sync && !strict_denies.is_empty() {
            findings.push(Finding {
                window: w.index,
                rule: "manual-allow-does-not-override-deny",
                message: format!(
                    "manualSync on window {} does not let manual syncs through an active deny window ({}): Argo CD only honours manualSync on the active deny windows themselves",
                    w.label(),
                    list(&strict_denies)
                ),
            });
        }
    }
    for w in &denies {
        if always_active(w, at) {
            findings.push(Finding {
                window: w.index,
                rule: "always-active-deny",
                message: format!(
                    "window {} is always active: every sync it applies to is blocked{}",
                    w.label(),
                    if w.manual_sync {
                        " except manual ones"
                    } else {
                        ""
                    }
                ),
            });
        }
    }
    findings.sort_by_key(|f| f.window);
    findings
}
