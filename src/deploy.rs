//! The stages of `deploy` and what a failure in each means (pure): window check, PreSync hooks,
//! set image (with the Sync hooks), wait, smoke, analysis, PostSync hooks. A failure before the image is set changes
//! nothing in the workload; a failure after it rolls the workload back to the revision that was
//! live before. SyncFail hooks run after any failure.

use serde::Serialize;

/// One stage of a deploy, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Window,
    PreSync,
    SetImage,
    Sync,
    Wait,
    Smoke,
    Analysis,
    PostSync,
    Rollback,
    SyncFail,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Window => "window",
            Stage::PreSync => "pre-sync",
            Stage::SetImage => "set-image",
            Stage::Sync => "sync",
            Stage::Wait => "wait",
            Stage::Smoke => "smoke",
            Stage::Analysis => "analysis",
            Stage::PostSync => "post-sync",
            Stage::Rollback => "rollback",
            Stage::SyncFail => "sync-fail",
        }
    }

    /// Whether the workload has been changed by the time this stage runs, so that a failure
    /// here must roll it back.
    pub fn after_image_set(self) -> bool {
        matches!(
            self,
            Stage::Sync | Stage::Wait | Stage::Smoke | Stage::Analysis | Stage::PostSync
        )
    }
}

/// How a stage ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Result {
    Passed,
    Failed,
    Skipped,
}

/// One row of the deploy's report.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StageReport {
    pub stage: Stage,
    pub result: Result,
    pub seconds: f64,
    pub message: String,
}

/// What to do after a stage failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// Roll back to the revision live before, wait for it, then run the SyncFail hooks.
    RollBack,
    /// Nothing was changed in the workload: only the SyncFail hooks.
    SyncFailOnly,
}

pub fn recovery(failed: Stage) -> Recovery {
    if failed.after_image_set() {
        Recovery::RollBack
    } else {
        Recovery::SyncFailOnly
    }
}

/// The step summary: a Markdown table of stages with their results and durations.
pub fn markdown(target: &str, ok: bool, stages: &[StageReport]) -> String {
    let rows: Vec<Vec<String>> = stages
        .iter()
        .map(|s| {
            vec![
                s.stage.name().to_string(),
                match s.result {
                    Result::Passed => "passed".into(),
                    Result::Failed => "failed".into(),
                    Result::Skipped => "skipped".into(),
                },
                format!("{:.1} s", s.seconds),
                s.message.clone(),
            ]
        })
        .collect();
    format!(
        "### Deploy `{target}`: {}\n\n{}",
        if ok { "succeeded" } else { "failed" },
        crate::output::gha::markdown_table(&["stage", "result", "duration", "details"], &rows)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_after_the_image_was_set_roll_back_and_earlier_ones_change_nothing() {
        for s in [Stage::Window, Stage::PreSync, Stage::SetImage] {
            assert_eq!(recovery(s), Recovery::SyncFailOnly, "{s:?}");
        }
        for s in [
            Stage::Sync,
            Stage::Wait,
            Stage::Smoke,
            Stage::Analysis,
            Stage::PostSync,
        ] {
            assert_eq!(recovery(s), Recovery::RollBack, "{s:?}");
        }
    }

    #[test]
    fn the_summary_is_one_table_row_per_stage() {
        let md = markdown(
            "deployment/web",
            false,
            &[StageReport {
                stage: Stage::Smoke,
                result: Result::Failed,
                seconds: 4.04,
                message: "1 of 5 | failed".into(),
            }],
        );
        assert!(
            md.starts_with("### Deploy `deployment/web`: failed"),
            "{md}"
        );
        assert!(
            md.contains("| smoke | failed | 4.0 s | 1 of 5 \\| failed |"),
            "{md}"
        );
    }
}
