//! Feature flags in flagd's flag-definition format: the document model, evaluation
//! bit-compatible with flagd (JSONLogic subset, `fractional` with murmur3, `sem_ver`, ...), and
//! the edits `flags enable|disable|set` make, and a progressive rollout's plan and record. Pure: no clock, no cluster, no files.

pub mod edit;
pub mod eval;
pub mod fractional;
pub mod js;
pub mod logic;
pub mod model;
pub mod murmur3;
pub mod rollout;
pub mod sem_ver;

pub use edit::Percent;
pub use eval::{Compiled, Reason, Resolution};
pub use model::{Flag, FlagSet, State};
