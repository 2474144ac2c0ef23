//! Analysis: Argo Rollouts' AnalysisTemplates and AnalysisRuns, run from the client.
//!
//! Pure (no IO, no clock): `expr` (condition expressions), `judge` (verdicts, metric and run
//! phases, scheduling), `build` (an AnalysisRun from a Rollout's analysis and its templates).
//! Shell: `prometheus` (the provider), `measure` (take one measurement), `cluster` (every
//! read and write of analysis objects: templates, a Rollout's check, AnalysisRuns). See docs/analysis.md.

pub mod build;
pub mod cluster;
pub mod expr;
pub mod judge;
pub mod measure;
pub mod prometheus;
