//! kubectl-rollouts: progressive delivery driven from the client.
//!
//! The pure core (`window`, and later `engine` and `analysis`) decides from its inputs and an
//! explicit `now`; the shell (`commands`, `kube`, `smoke`) talks to the world and renders.

pub mod analysis;
pub mod cli;
pub mod client;
pub mod clock;
pub mod commands;
pub mod duration;
pub mod error;
pub mod generated;
pub mod http;
pub mod output;
pub mod smoke;
pub mod spec;
pub mod window;

pub use error::{Error, ExitCode, Result};
