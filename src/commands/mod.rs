//! One module per subcommand: read inputs, call the core, render. `run` dispatches.

pub mod analyze;
pub mod complete;
pub mod completion;
pub mod deploy;
pub mod flag_rollout;
pub mod flags;
pub mod gitops;
pub mod history;
pub mod hooks;
pub mod image;
pub mod install;
pub mod lint;
pub mod plan;
pub mod rollback;
pub mod rollout;
pub mod smoke;
pub mod window;

use crate::cli::{Cli, Command, HooksCommand, ImageCommand, RolloutCommand, WindowCommand};
use crate::error::ExitCode;
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
        Command::Flags(command) => flags::run(command, &cli.global, ctx),
        Command::Rollout(RolloutCommand::Get(args)) => rollout::get(args, &cli.global, ctx),
        Command::Rollout(RolloutCommand::List(args)) => rollout::list(args, &cli.global, ctx),
        Command::Rollout(RolloutCommand::Run(args)) => rollout::run(args, &cli.global, ctx),
        Command::Rollout(RolloutCommand::Plan(args)) => plan::run(args, &cli.global, ctx),
        Command::Rollout(RolloutCommand::Promote(args)) | Command::Promote(args) => {
            rollout::promote(args, &cli.global, ctx)
        }
        Command::Rollout(RolloutCommand::Abort(args)) | Command::Abort(args) => {
            rollout::abort(args, &cli.global, ctx)
        }
        Command::Rollout(RolloutCommand::Retry(args)) => rollout::retry(args, &cli.global, ctx),
        Command::Rollout(RolloutCommand::History(args)) => history::run(args, &cli.global, ctx),
        Command::Rollout(RolloutCommand::Lint(args)) => lint::run(args, &cli.global, ctx),
        Command::Rollback(args) if args.gitops.is_some() || args.last => {
            gitops::rollback(args, ctx)
        }
        Command::Rollback(args) => rollback::run(args, &cli.global, ctx),
        Command::Deploy(args) => deploy::run(args, &cli.global, ctx),
        Command::Image(ImageCommand::Set(args)) => image::set(args, ctx),
        Command::Image(ImageCommand::Pick(args)) => image::pick(args, ctx),
        Command::PromoteImage(args) => gitops::promote(args, ctx),
        Command::Analyze(args) => analyze::run(args, &cli.global, ctx),
        Command::Hooks(HooksCommand::List(args)) => hooks::list(args, ctx),
        Command::Hooks(HooksCommand::Run(args)) => hooks::run(args, &cli.global, ctx),
        Command::Install(args) => install::run(args, &cli.global, ctx),
    }
}
