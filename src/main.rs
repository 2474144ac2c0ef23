//! The binary: parse, dispatch, map errors to exit codes. Everything else is in the library.

use std::io::IsTerminal;

use clap::Parser;
use kubectl_rollouts::cli::Cli;
use kubectl_rollouts::{commands, error::exit_code_of, output};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    init_logging(cli.global.verbose);
    let ctx = output::Context::from_env(
        &cli.global,
        std::io::stdout().is_terminal(),
        std::io::stderr().is_terminal(),
    );
    match commands::run(cli, &ctx) {
        Ok(code) => code.into(),
        Err(err) => {
            // Output goes through `output::write_stdout`, which stops writing when the reader
            // has gone and lets the command finish with its verdict. A broken pipe that still
            // ends a command means it did not finish: not a success.
            if is_broken_pipe(&err) {
                return exit_code_of(&err).into();
            }
            ctx.error(&format!("{err:#}"));
            exit_code_of(&err).into()
        }
    }
}

fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("KUBECTL_ROLLOUTS_LOG")
        .unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new(format!("kubectl_rollouts={level}"))
        });
    // Escape codes only for a person at a terminal: logs piped to a file or a CI log stay
    // plain text, and NO_COLOR is honoured.
    use std::io::IsTerminal;
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    tracing_subscriber::fmt()
        .with_ansi(ansi)
        .with_env_filter(filter)
        .with_writer(|| kubectl_rollouts::redact::Stderr)
        .with_target(false)
        .init();
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
