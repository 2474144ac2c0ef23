//! What the driver loop drives: a thing whose progress is a step machine's status (a Rollout,
//! a feature flag). A subject reads one round's input, records the status, applies the
//! actions and says what wakes the loop; the loop itself knows no strategy and no object kind.

use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

use crate::engine::{Action, Input, Observed};
use crate::kube::status::Written;
use crate::spec::analysis::AnalysisRun;
use crate::spec::rollout::{Plan, RolloutStatus};

/// One round's view of the subject, read from the cluster.
pub struct Round {
    pub input: Input<Plan>,
    /// The status as recorded, with the intents other processes added.
    pub status: RolloutStatus,
    pub observed: Observed,
    /// The AnalysisRuns the subject owns, as read this round.
    pub runs: Vec<AnalysisRun>,
}

// The driver runs on one thread and never needs these futures to be Send.
#[allow(async_fn_in_trait)]
pub trait Subject {
    /// For messages: "Rollout web", "flag new_search_ui (configmap prod/app-flags)".
    fn describe(&self) -> String;
    fn name(&self) -> &str;
    fn namespace(&self) -> &str;
    /// The key of the driver's Lease (`lease::lease_name` of it).
    fn lease_key(&self) -> String;
    /// The command that goes on from an indefinite pause.
    fn promote_command(&self) -> String;
    /// Watches that wake the loop on a change, except the driver's own status writes (`own`
    /// holds the resourceVersion it last wrote).
    fn spawn_watchers(&mut self, own: Arc<Mutex<Option<String>>>) -> Arc<Notify>;
    async fn observe(&mut self) -> anyhow::Result<Round>;
    /// The driver waited (for another driver's Lease): what the command read before is old,
    /// so the next round reads everything from the server.
    fn waited(&mut self) {}
    /// Records the status of the round last observed.
    async fn write_status(&mut self, status: &RolloutStatus) -> anyhow::Result<Written>;
    /// Applies the actions of the round last observed, in order.
    async fn apply(&mut self, actions: &[Action]) -> anyhow::Result<()>;
    /// The AnalysisRuns the subject owns, read again (after the actions touched them).
    async fn runs(&self) -> anyhow::Result<Vec<AnalysisRun>>;
    /// A run as the driver last wrote it (its measurements), for what the subject holds.
    fn ran(&mut self, _run: &AnalysisRun) {}
}
