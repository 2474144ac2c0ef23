//! Serde types for the input formats, with validation that names the field at fault, and the
//! CRDs generated from them.

pub mod analysis;
pub mod crd;
pub mod rollout;
pub mod schema;
pub mod time;
pub mod yaml;
