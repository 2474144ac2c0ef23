//! The driver's watch of its Rollout: a change to it wakes the loop (a flag rollout's
//! ConfigMap is mirrored, kube/mirror.rs).

use std::sync::{Arc, Mutex};

use futures::StreamExt;
use kube::api::{WatchEvent, WatchParams};
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Client};
use tokio::sync::Notify;

use super::latest::Latest;
use crate::spec::rollout::Rollout;

/// Wakes the driver (`notify`) on any change to the Rollout, except the driver's own status
/// writes (`own` holds the resourceVersion it last wrote); every copy of the Rollout it
/// receives is offered to `latest`. What the Rollout drives is watched by `kube::watched`.
/// The watch starts from `since`, the resourceVersion of the Rollout as the command read it, so
/// it needs no list; once that watch ends (the server's timeout, or `since` too old to resume
/// from) a list-and-watch follows.
pub fn spawn_rollout_watcher(
    client: &Client,
    ns: &str,
    name: &str,
    since: Option<String>,
    own: Arc<Mutex<Option<String>>>,
    latest: Arc<Latest<Rollout>>,
    notify: Arc<Notify>,
) {
    let ro_api: Api<Rollout> = Api::namespaced(client.clone(), ns);
    let fields = format!("metadata.name={name}");
    // A copy of the Rollout (`None`: any other event) wakes the driver unless it is the
    // driver's own status write.
    let seen = move |ro: Option<&Rollout>| {
        if let Some(ro) = ro {
            latest.offer(ro.clone());
            let mine = own.lock().ok().and_then(|g| g.clone());
            if mine.is_some() && ro.metadata.resource_version == mine {
                return;
            }
        }
        notify.notify_one();
    };
    tokio::spawn(async move {
        if let Some(since) = since {
            let params = WatchParams::default().fields(&fields);
            if let Ok(events) = ro_api.watch(&params, &since).await {
                let mut events = events.boxed();
                while let Some(Ok(event)) = events.next().await {
                    match event {
                        WatchEvent::Added(ro) | WatchEvent::Modified(ro) => seen(Some(&ro)),
                        WatchEvent::Deleted(_) => seen(None),
                        WatchEvent::Bookmark(_) => {}
                        // 410 Gone: `since` is too old; list and watch instead.
                        WatchEvent::Error(_) => break,
                    }
                }
            }
        }
        let cfg = watcher::Config::default().fields(&fields);
        let mut s = crate::kube::streaming::watcher(ro_api, cfg)
            .default_backoff()
            .boxed();
        while let Some(ev) = s.next().await {
            match &ev {
                Ok(watcher::Event::Apply(ro) | watcher::Event::InitApply(ro)) => seen(Some(ro)),
                _ => seen(None),
            }
        }
    });
}
