//! Serde types for the input formats, their CRD generation and validation with field paths.

pub mod crd;
pub mod rollout;
pub mod time;
