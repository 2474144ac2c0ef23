//! One kind's objects in a namespace, kept current from a watch and from the responses to the
//! driver's own writes, so a round reads them without asking the API server; the newest
//! resourceVersion of each object wins, so neither a late watch event nor an old list takes
//! the driver back to a state it has already moved past.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Resource, ResourceExt};
use serde::de::DeserializeOwned;
use tokio::sync::Notify;

/// Whether resourceVersion `offered` is newer than `held`. resourceVersions are etcd revisions
/// (increasing integers) on every Kubernetes API server; one that is not an integer is taken as
/// newer, so an unusual server costs extra rounds, never a stale read.
pub fn newer(held: Option<&str>, offered: Option<&str>) -> bool {
    match (
        held.and_then(|h| h.parse::<u64>().ok()),
        offered.and_then(|o| o.parse::<u64>().ok()),
    ) {
        (Some(h), Some(o)) => o > h,
        _ => true,
    }
}

/// The objects held, and what a relist (the watch's initial list, or one after the watch fell
/// too far behind) has delivered so far.
struct State<K> {
    objects: BTreeMap<String, K>,
    /// The resourceVersion of each object seen deleted: older copies of it are not taken back.
    deleted: BTreeMap<String, Option<String>>,
    /// A relist in progress, and the objects the driver wrote meanwhile (kept over the list).
    relist: Option<(BTreeMap<String, K>, BTreeSet<String>)>,
    synced: Synced,
}

#[derive(Clone)]
enum Synced {
    Pending,
    Yes,
    /// The first list failed (no permission, no such kind): rounds cannot be served.
    Failed(crate::error::Error),
}

struct Shared<K> {
    state: Mutex<State<K>>,
    synced: Notify,
    task: Mutex<Option<tokio::task::AbortHandle>>,
}

impl<K> Drop for Shared<K> {
    fn drop(&mut self) {
        if let Ok(mut t) = self.task.lock()
            && let Some(t) = t.take()
        {
            t.abort();
        }
    }
}

/// A mirror of the objects a watch selects; cheap to clone (all clones share it), its watch
/// stops when the last clone is dropped.
pub struct Mirror<K> {
    shared: Arc<Shared<K>>,
}

impl<K> Clone for Mirror<K> {
    fn clone(&self) -> Self {
        Mirror {
            shared: self.shared.clone(),
        }
    }
}

/// What a kind that is not installed (404 on the first list) means for a mirror.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfMissing {
    /// The kind is optional (AnalysisRuns before `install`): no objects.
    Empty,
    Fail,
}

impl<K> Mirror<K>
where
    K: Resource + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
{
    /// Starts watching what `config` selects through `api`; `notify` is woken whenever a watch
    /// event changes what the mirror holds (not for copies it already has, such as the
    /// driver's own writes it was offered). `what` names the objects in errors ("ReplicaSets").
    pub fn spawn(
        api: Api<K>,
        config: watcher::Config,
        notify: Arc<Notify>,
        what: &str,
        if_missing: IfMissing,
    ) -> Self {
        let mirror = Mirror::empty();
        let weak = Arc::downgrade(&mirror.shared);
        let what = what.to_string();
        let task = tokio::spawn(async move {
            let mut events = super::streaming::watcher(api, config)
                .default_backoff()
                .boxed();
            while let Some(event) = events.next().await {
                let Some(shared) = weak.upgrade() else { break };
                let mirror = Mirror { shared };
                match event {
                    Ok(event) => {
                        if mirror.apply_event(event) {
                            notify.notify_one();
                        }
                    }
                    Err(e) if !mirror.is_synced() => {
                        mirror.fail(first_list_error(e, &what, if_missing));
                        break;
                    }
                    // After the first list the watcher retries with a backoff and lists again.
                    Err(e) => tracing::debug!("watching {what}: {e}"),
                }
            }
        });
        if let Ok(mut t) = mirror.shared.task.lock() {
            *t = Some(task.abort_handle());
        }
        mirror
    }

    /// Holding nothing, not yet synced, with no watch.
    fn empty() -> Self {
        Mirror {
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    objects: BTreeMap::new(),
                    deleted: BTreeMap::new(),
                    relist: None,
                    synced: Synced::Pending,
                }),
                synced: Notify::new(),
                task: Mutex::new(None),
            }),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut State<K>) -> R) -> R {
        let mut state = self
            .shared
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut state)
    }

    fn is_synced(&self) -> bool {
        self.with(|s| matches!(s.synced, Synced::Yes))
    }

    fn fail(&self, outcome: Option<crate::error::Error>) {
        self.with(|s| {
            s.synced = match outcome {
                Some(e) => Synced::Failed(e),
                None => Synced::Yes,
            }
        });
        self.shared.synced.notify_waiters();
    }

    /// Waits for the first list; its error (no permission to list or watch, say) is the
    /// round's.
    pub async fn synced(&self) -> anyhow::Result<()> {
        loop {
            let waiting = self.shared.synced.notified();
            tokio::pin!(waiting);
            waiting.as_mut().enable();
            match self.with(|s| s.synced.clone()) {
                Synced::Yes => return Ok(()),
                Synced::Failed(e) => return Err(e.into()),
                Synced::Pending => waiting.await,
            }
        }
    }

    /// Takes a copy of an object the driver wrote (the API server's response), unless a newer
    /// one is held. True when it replaced what was held.
    pub fn offer(&self, obj: K) -> bool {
        self.with(|s| {
            let name = obj.name_any();
            if let Some((_, written)) = s.relist.as_mut() {
                written.insert(name.clone());
            }
            s.take(name, obj)
        })
    }

    /// Forgets an object the driver deleted; older copies of it are not taken back.
    pub fn forget(&self, name: &str) {
        self.with(|s| {
            let rv = s.objects.remove(name).and_then(|o| o.resource_version());
            s.deleted.insert(name.to_string(), rv);
        })
    }

    pub fn get(&self, name: &str) -> Option<K> {
        self.with(|s| s.objects.get(name).cloned())
    }

    /// Every object held, by name.
    pub fn list(&self) -> Vec<K> {
        self.with(|s| s.objects.values().cloned().collect())
    }

    /// Applies a watch event; true when it changed what is held.
    fn apply_event(&self, event: watcher::Event<K>) -> bool {
        let first_sync = !self.is_synced();
        let changed = self.with(|s| match event {
            watcher::Event::Init => {
                s.relist = Some((BTreeMap::new(), BTreeSet::new()));
                false
            }
            watcher::Event::InitApply(obj) => {
                if let Some((listed, _)) = s.relist.as_mut() {
                    listed.insert(obj.name_any(), obj);
                }
                false
            }
            watcher::Event::InitDone => {
                let Some((listed, written)) = s.relist.take() else {
                    return false;
                };
                let before: Vec<(String, Option<String>)> = s
                    .objects
                    .iter()
                    .map(|(n, o)| (n.clone(), o.resource_version()))
                    .collect();
                let mut kept: BTreeMap<String, K> = s
                    .objects
                    .iter()
                    .filter(|(n, _)| written.contains(*n))
                    .map(|(n, o)| (n.clone(), o.clone()))
                    .collect();
                for (name, obj) in listed {
                    let keep_ours = kept.get(&name).is_some_and(|held| {
                        !newer(
                            held.resource_version().as_deref(),
                            obj.resource_version().as_deref(),
                        )
                    });
                    if !keep_ours {
                        kept.insert(name, obj);
                    }
                }
                s.objects = kept;
                s.synced = Synced::Yes;
                let after: Vec<(String, Option<String>)> = s
                    .objects
                    .iter()
                    .map(|(n, o)| (n.clone(), o.resource_version()))
                    .collect();
                before != after
            }
            watcher::Event::Apply(obj) => s.take(obj.name_any(), obj),
            watcher::Event::Delete(obj) => {
                let name = obj.name_any();
                let rv = obj.resource_version();
                let gone = s
                    .objects
                    .get(&name)
                    .is_some_and(|held| !newer(rv.as_deref(), held.resource_version().as_deref()));
                if gone {
                    s.objects.remove(&name);
                }
                s.deleted.insert(name, rv);
                gone
            }
        });
        if first_sync && self.is_synced() {
            self.shared.synced.notify_waiters();
        }
        changed
    }
}

impl<K: Resource> State<K> {
    fn take(&mut self, name: String, obj: K) -> bool {
        let rv = obj.meta().resource_version.clone();
        if let Some(gone_at) = self.deleted.get(&name)
            && !newer(gone_at.as_deref(), rv.as_deref())
        {
            return false;
        }
        let held_is_newer = self
            .objects
            .get(&name)
            .is_some_and(|held| !newer(held.meta().resource_version.as_deref(), rv.as_deref()));
        if held_is_newer {
            return false;
        }
        self.deleted.remove(&name);
        self.objects.insert(name, obj);
        true
    }
}

/// The error of a watch that never listed; `None` when the kind is optional and not installed.
fn first_list_error(
    e: watcher::Error,
    what: &str,
    if_missing: IfMissing,
) -> Option<crate::error::Error> {
    let api = match e {
        watcher::Error::InitialListFailed(e) | watcher::Error::WatchStartFailed(e) => e,
        watcher::Error::WatchFailed(e) => e,
        other => {
            return Some(crate::error::Error::Api(format!(
                "watching {what}: {}",
                crate::output::untrusted::escape(&other.to_string())
            )));
        }
    };
    if if_missing == IfMissing::Empty && super::is_not_found(&api) {
        return None;
    }
    Some(crate::client::kube_error(api, format!("watching {what}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::ConfigMap;

    fn cm(name: &str, rv: &str, v: &str) -> ConfigMap {
        serde_json::from_value(serde_json::json!({
            "metadata": {"name": name, "resourceVersion": rv}, "data": {"v": v}
        }))
        .unwrap()
    }

    fn held(m: &Mirror<ConfigMap>, name: &str) -> Option<String> {
        m.get(name).and_then(|c| c.data).map(|d| d["v"].clone())
    }

    /// A mirror with no watch behind it, fed by hand.
    fn mirror() -> Mirror<ConfigMap> {
        Mirror::empty()
    }

    #[test]
    fn resource_versions_order_as_integers() {
        assert!(newer(Some("9"), Some("10")));
        assert!(!newer(Some("10"), Some("9")));
        assert!(!newer(Some("10"), Some("10")));
        assert!(newer(None, Some("1")));
        assert!(newer(Some("10"), Some("not-a-number")));
    }

    #[test]
    fn the_newest_copy_wins_whoever_delivers_it() {
        let m = mirror();
        assert!(m.offer(cm("a", "10", "written")));
        assert!(
            !m.apply_event(watcher::Event::Apply(cm("a", "10", "event of our write"))),
            "the watch event of the driver's own write changes nothing and wakes no one"
        );
        assert!(!m.apply_event(watcher::Event::Apply(cm("a", "9", "late"))));
        assert_eq!(held(&m, "a").as_deref(), Some("written"));
        assert!(m.apply_event(watcher::Event::Apply(cm("a", "11", "theirs"))));
        assert!(!m.offer(cm("a", "10", "an older response")));
        assert_eq!(held(&m, "a").as_deref(), Some("theirs"));
    }

    #[test]
    fn a_deleted_object_is_not_taken_back_from_an_older_copy() {
        let m = mirror();
        m.offer(cm("a", "5", "x"));
        m.forget("a");
        assert!(m.get("a").is_none());
        assert!(!m.apply_event(watcher::Event::Apply(cm("a", "5", "x"))));
        assert!(m.get("a").is_none());
        assert!(
            m.offer(cm("a", "7", "made again")),
            "a newer object of that name is"
        );
        assert!(m.apply_event(watcher::Event::Delete(cm("a", "8", "made again"))));
        assert!(!m.apply_event(watcher::Event::Apply(cm("a", "7", "made again"))));
        assert!(m.list().is_empty());
    }

    #[test]
    fn a_relist_replaces_what_is_held_except_what_the_driver_wrote_meanwhile() {
        let m = mirror();
        assert!(!m.is_synced());
        m.apply_event(watcher::Event::Init);
        m.apply_event(watcher::Event::InitApply(cm("a", "3", "listed")));
        m.apply_event(watcher::Event::InitApply(cm("b", "4", "listed")));
        assert!(
            m.list().is_empty(),
            "nothing is served before the list ends"
        );
        m.offer(cm("c", "6", "created during the list"));
        m.offer(cm("b", "7", "patched during the list"));
        assert!(m.apply_event(watcher::Event::InitDone));
        assert!(m.is_synced());
        assert_eq!(held(&m, "a").as_deref(), Some("listed"));
        assert_eq!(held(&m, "b").as_deref(), Some("patched during the list"));
        assert_eq!(held(&m, "c").as_deref(), Some("created during the list"));
        // A relist after the watch fell behind drops what is gone.
        m.apply_event(watcher::Event::Init);
        m.apply_event(watcher::Event::InitApply(cm("a", "9", "relisted")));
        assert!(m.apply_event(watcher::Event::InitDone));
        assert_eq!(m.list().len(), 1);
        assert_eq!(held(&m, "a").as_deref(), Some("relisted"));
    }

    #[tokio::test]
    async fn a_first_list_that_fails_is_the_rounds_error() {
        let m = mirror();
        m.fail(Some(crate::error::Error::Api(
            "watching ReplicaSets: forbidden".into(),
        )));
        let e = m.synced().await.unwrap_err();
        assert!(e.to_string().contains("forbidden"), "{e}");
        let optional = mirror();
        optional.fail(None);
        optional.synced().await.unwrap();
        assert!(optional.list().is_empty());
    }
}
