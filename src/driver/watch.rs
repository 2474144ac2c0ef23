//! The driver's watches of its subject: a change to a Rollout, or to a flag rollout's
//! ConfigMap, wakes the loop.

use std::sync::{Arc, Mutex};

use futures::StreamExt;
use k8s_openapi::api::core::v1::ConfigMap;
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Client};
use tokio::sync::Notify;

use super::latest::Latest;
use crate::spec::rollout::Rollout;

/// Wakes the driver (`notify`) on any change to the Rollout, except the driver's own status
/// writes (`own` holds the resourceVersion it last wrote); every copy of the Rollout it
/// receives is offered to `latest`. What the Rollout drives is watched by `kube::watched`.
pub fn spawn_rollout_watcher(
    client: &Client,
    ns: &str,
    name: &str,
    own: Arc<Mutex<Option<String>>>,
    latest: Arc<Latest<Rollout>>,
    notify: Arc<Notify>,
) {
    let ro_api: Api<Rollout> = Api::namespaced(client.clone(), ns);
    let cfg = watcher::Config::default().fields(&format!("metadata.name={name}"));
    tokio::spawn(async move {
        let mut s = watcher(ro_api, cfg).default_backoff().boxed();
        while let Some(ev) = s.next().await {
            if let Ok(watcher::Event::Apply(ro) | watcher::Event::InitApply(ro)) = &ev {
                latest.offer(ro.clone());
            }
            if let Ok(watcher::Event::Apply(ro)) = &ev {
                let mine = own.lock().ok().and_then(|g| g.clone());
                if mine.is_some() && ro.metadata.resource_version == mine {
                    continue;
                }
            }
            notify.notify_one();
        }
    });
}

/// Wakes the driver on any change to the ConfigMap `name`, except the driver's own writes of
/// its record (`own`).
pub fn spawn_configmap_watcher(
    client: &Client,
    ns: &str,
    name: &str,
    own: Arc<Mutex<Option<String>>>,
) -> Arc<Notify> {
    let notify = Arc::new(Notify::new());
    let api: Api<ConfigMap> = Api::namespaced(client.clone(), ns);
    let n = notify.clone();
    let cfg = watcher::Config::default().fields(&format!("metadata.name={name}"));
    tokio::spawn(async move {
        let mut s = watcher(api, cfg).default_backoff().boxed();
        while let Some(ev) = s.next().await {
            if let Ok(watcher::Event::Apply(cm)) = &ev {
                let mine = own.lock().ok().and_then(|g| g.clone());
                if mine.is_some() && cm.metadata.resource_version == mine {
                    continue;
                }
            }
            n.notify_one();
        }
    });
    notify
}
