//! Test support shared by the integration test binaries.

pub mod prometheus;
