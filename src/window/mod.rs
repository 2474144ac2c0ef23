//! Argo CD sync windows: parsing (cron, durations, globs, time zones), evaluation with
//! `CanSync`'s rules at an explicit instant, the next change, a calendar, and a linter.
//! Pure: no clock, no IO.

pub mod cron;
pub mod eval;
pub mod glob;
pub mod lint;
pub mod project;
pub mod schema;

pub use eval::{Evaluation, Reason, calendar, evaluate, matching};
pub use project::{Kind, Project, Target, Window, parse_project, project_from_value};

#[cfg(test)]
mod fuzz {
    use proptest::prelude::*;

    use super::cron::Schedule;
    use super::glob::Glob;
    use crate::duration::GoDuration;

    fn window_yaml(schedule: &str, duration: &str, tz: &str, app: &str) -> String {
        let q = |s: &str| serde_json::to_string(s).unwrap();
        format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: p\nspec:\n  syncWindows:\n  - kind: allow\n    schedule: {}\n    duration: {}\n    timeZone: {}\n    applications: [{}]\n",
            q(schedule),
            q(duration),
            q(tz),
            q(app)
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn cron_parser_never_panics(s in "\\PC{0,40}", t in "[0-9*/,\\- a-zA-Z?]{0,30}") {
            let _ = Schedule::parse(&s);
            if let Ok(schedule) = Schedule::parse(&t) {
                let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
                let _ = schedule.next_after(start);
            }
        }

        #[test]
        fn duration_parser_never_panics(s in "\\PC{0,30}", t in "[-+0-9.hmsuµn]{0,20}") {
            let _ = GoDuration::parse(&s);
            let _ = GoDuration::parse(&t);
        }

        #[test]
        fn glob_parser_never_panics(p in "[a-z*?\\[\\]{},!\\\\-]{0,16}", text in "[a-z-]{0,16}") {
            if let Ok(g) = Glob::parse(&p) {
                let _ = g.matches(&text);
            }
        }

        #[test]
        fn bad_windows_are_errors_that_name_the_field(
            schedule in "\\PC{0,20}", duration in "\\PC{0,8}", tz in "\\PC{0,12}", app in "\\PC{0,8}"
        ) {
            match super::parse_project(&window_yaml(&schedule, &duration, &tz, &app)) {
                Ok(project) => {
                    let at = chrono::DateTime::parse_from_rfc3339("2026-11-27T15:00:00Z").unwrap().to_utc();
                    let windows: Vec<_> = project.windows.iter().collect();
                    let _ = super::evaluate(&windows, at, false);
                }
                Err(e) => {
                    let message = e.to_string();
                    prop_assert!(message.contains("spec.syncWindows[0]."), "{}", message);
                }
            }
        }
    }
}
