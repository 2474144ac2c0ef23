//! `completion SHELL`: prints a completion script generated from the clap definitions.

use std::io::Write as _;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionArgs};
use crate::error::ExitCode;

pub fn run(args: CompletionArgs) -> anyhow::Result<ExitCode> {
    let mut script = Vec::new();
    write(args.shell, &mut script);
    crate::output::write_stdout(|out| out.write_all(&script))?;
    Ok(ExitCode::Ok)
}

/// Writes the completion script for `shell` (also used to generate `completions/`).
pub fn write(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "kubectl-rollouts", out);
}
