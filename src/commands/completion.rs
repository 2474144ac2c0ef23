//! `completion SHELL`: prints a completion script generated from the clap definitions.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionArgs};
use crate::error::ExitCode;

pub fn run(args: CompletionArgs) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    write(args.shell, &mut out);
    Ok(ExitCode::Ok)
}

/// Writes the completion script for `shell` (also used to generate `completions/`).
pub fn write(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "kubectl-rollouts", out);
}
