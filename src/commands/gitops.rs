//! `promote-image` and `rollback --gitops COMMIT|--last`: GitOps changes as commits on a new
//! branch, pushed for review.

use crate::cli::{PromoteImageArgs, RollbackArgs};
use crate::error::{Error, ExitCode};
use crate::output::Context;

pub fn promote(_args: PromoteImageArgs, _ctx: &Context) -> anyhow::Result<ExitCode> {
    Err(Error::NotImplemented("promote-image").into())
}

pub fn rollback(_args: RollbackArgs, _ctx: &Context) -> anyhow::Result<ExitCode> {
    Err(Error::NotImplemented("rollback --gitops").into())
}
