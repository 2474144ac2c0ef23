//! `smoke URL...`.
use crate::cli::SmokeArgs;
use crate::error::{Error, ExitCode};
use crate::output::Context;

pub fn run(_args: SmokeArgs, _ctx: &Context) -> anyhow::Result<ExitCode> {
    Err(Error::NotImplemented("smoke").into())
}
