//! kubectl-rollouts: progressive delivery driven from the client.
//!
//! The pure core (`window`, `engine`, `traffic`, `analysis`'s judging) decides from its inputs
//! and an explicit `now`; the shell (`commands`, `kube`, `client`, `smoke`) talks to the world
//! and renders.

pub mod analysis;
pub mod cli;
pub mod client;
pub mod clock;
pub mod commands;
pub mod deploy;
pub mod driver;
pub mod duration;
pub mod engine;
pub mod error;
pub mod files;
pub mod flags;
pub mod generated;
pub mod gitops;
pub mod hooks;
pub mod http;
pub mod kube;
pub mod limits;
pub mod output;
pub mod redact;
pub mod smoke;
pub mod spec;
pub mod traffic;
pub mod window;
pub mod workload;

pub use error::{Error, ExitCode, Result};
