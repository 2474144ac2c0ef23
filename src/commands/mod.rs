//! One module per subcommand: read inputs, call the core, render. `run` dispatches.

pub mod analyze;
pub mod complete;
pub mod completion;
pub mod smoke;
pub mod window;

use crate::cli::{Cli, Command, RolloutCommand, WindowCommand};
use crate::error::{Error, ExitCode};
use crate::output::Context;

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli, ctx: &Context) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Version => {
            ctx.println(&format!("kubectl-rollouts {}", env!("CARGO_PKG_VERSION")))?;
            Ok(ExitCode::Ok)
        }
        Command::Completion(args) => completion::run(args),
        Command::Complete(args) => complete::run(args, ctx),
        Command::Window(WindowCommand::Check(args)) => window::check(args, &cli.global, ctx),
        Command::Window(WindowCommand::Next(args)) => window::next(args, &cli.global, ctx),
        Command::Window(WindowCommand::Lint(args)) => window::lint_command(args, &cli.global, ctx),
        Command::Smoke(args) => smoke::run(args, ctx),
        Command::Rollout(RolloutCommand::Get(_)) => not_yet("rollout get"),
        Command::Rollout(RolloutCommand::List(_)) => not_yet("rollout list"),
        Command::Rollout(RolloutCommand::Run(_)) => not_yet("rollout run"),
        Command::Rollout(RolloutCommand::Promote(_)) | Command::Promote(_) => {
            not_yet("rollout promote")
        }
        Command::Rollout(RolloutCommand::Abort(_)) | Command::Abort(_) => not_yet("rollout abort"),
        Command::Rollout(RolloutCommand::Retry(_)) => not_yet("rollout retry"),
        Command::Rollback(_) => not_yet("rollback"),
        Command::Deploy(_) => not_yet("deploy"),
        Command::Analyze(args) => analyze::run(args, &cli.global, ctx),
        Command::Install(_) => not_yet("install"),
    }
}

fn not_yet(what: &'static str) -> anyhow::Result<ExitCode> {
    Err(Error::NotImplemented(what).into())
}
