//! Serde types for the input formats, with validation that names the field at fault.

pub mod analysis;
