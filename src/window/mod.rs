//! Argo CD sync windows: parsing (cron, durations, globs, time zones), evaluation with
//! `CanSync`'s rules at an explicit instant, the next change, a calendar, and a linter.
//! Pure: no clock, no IO.

pub mod cron;
pub mod eval;
pub mod glob;
pub mod lint;
pub mod project;

pub use eval::{Evaluation, Reason, calendar, evaluate, matching};
pub use project::{Kind, Project, Target, Window, parse_project, project_from_value};
