//! `window check|next|lint`.
use crate::cli::{GlobalArgs, WindowCheckArgs, WindowNextArgs, WindowProjectArgs};
use crate::error::{Error, ExitCode};
use crate::output::Context;

pub fn check(_a: WindowCheckArgs, _g: &GlobalArgs, _c: &Context) -> anyhow::Result<ExitCode> {
    Err(Error::NotImplemented("window check").into())
}
pub fn next(_a: WindowNextArgs, _g: &GlobalArgs, _c: &Context) -> anyhow::Result<ExitCode> {
    Err(Error::NotImplemented("window next").into())
}
pub fn lint(_a: WindowProjectArgs, _g: &GlobalArgs, _c: &Context) -> anyhow::Result<ExitCode> {
    Err(Error::NotImplemented("window lint").into())
}
