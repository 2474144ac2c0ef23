//! Watches that receive their initial objects in the watch itself (the API server's streaming
//! lists, `sendInitialEvents`): one request where a list and a watch are two. The initial
//! objects are as recent as a consistent list's (no `resourceVersion`: what the API server
//! holds when the watch starts, so a change this process just wrote is in it), not the watch
//! cache's whatever-it-has (`resourceVersion=0`, kube's streaming lists). Where the API server
//! refuses them (the `WatchList` feature off, or a server older than 1.27), they fall back to
//! kube's list and watch, and the process remembers not to ask again.

use std::fmt::Debug;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures::stream::BoxStream;
use futures::{StreamExt, TryStreamExt, stream};
use kube::api::{WatchEvent, WatchParams};
use kube::runtime::watcher as kw;
use kube::{Api, Resource, ResourceExt};
use serde::de::DeserializeOwned;

/// Set once an API server has refused a streaming list: later watches of this process list.
static REFUSED: AtomicBool = AtomicBool::new(false);

/// The bookmark annotation that ends a watch's initial events.
const INITIAL_EVENTS_END: &str = "k8s.io/initial-events-end";

/// The watch timeout kube's watcher uses, and the margin after which a silent watch is taken
/// for a dead connection.
const TIMEOUT_SECS: u32 = 290;
const IDLE_MARGIN: Duration = Duration::from_secs(5);

type Events<K> = BoxStream<'static, kube::Result<WatchEvent<K>>>;

enum State<K> {
    /// Start a watch with its initial events (a relist).
    Start,
    /// Receiving the initial events, until the bookmark that ends them.
    Initial(Events<K>),
    /// Start a watch from a resourceVersion (after a watch ended).
    Resume(String),
    Watching(String, Events<K>),
    /// The API server refused streaming lists: kube's list and watch.
    Listing(BoxStream<'static, kw::Result<kw::Event<K>>>),
}

/// The events of `config`'s watch through `api`, as `kube::runtime::watcher` gives them
/// (an `Init`, the objects, `InitDone`, then changes, relisting after a desync), starting with
/// a streaming list where the server offers one. Only `config`'s selectors and timeout apply.
pub fn watcher<K>(api: Api<K>, config: kw::Config) -> BoxStream<'static, kw::Result<kw::Event<K>>>
where
    K: Resource + Clone + DeserializeOwned + Debug + Send + 'static,
{
    let start = if REFUSED.load(Ordering::Relaxed) {
        State::Listing(kw::watcher(api.clone(), config.clone()).boxed())
    } else {
        State::Start
    };
    stream::unfold(start, move |state| {
        let (api, config) = (api.clone(), config.clone());
        async move {
            let (item, next) = step(&api, &config, state).await;
            Some((item, next))
        }
    })
    .boxed()
}

fn params(config: &kw::Config, initial: bool) -> WatchParams {
    WatchParams {
        label_selector: config.label_selector.clone(),
        field_selector: config.field_selector.clone(),
        timeout: Some(config.timeout.unwrap_or(TIMEOUT_SECS)),
        bookmarks: true,
        send_initial_events: initial,
    }
}

/// The next event, or None when the watch ended or fell silent past its timeout.
async fn next<K>(
    events: &mut Events<K>,
    config: &kw::Config,
) -> Option<kube::Result<WatchEvent<K>>> {
    let idle = Duration::from_secs(u64::from(config.timeout.unwrap_or(TIMEOUT_SECS))) + IDLE_MARGIN;
    tokio::time::timeout(idle, events.next())
        .await
        .ok()
        .flatten()
}

/// One item of the stream and the state after it; states that produce nothing go on at once.
async fn step<K>(
    api: &Api<K>,
    config: &kw::Config,
    mut state: State<K>,
) -> (kw::Result<kw::Event<K>>, State<K>)
where
    K: Resource + Clone + DeserializeOwned + Debug + Send + 'static,
{
    loop {
        state = match state {
            State::Start => match api.watch(&params(config, true), "").await {
                Ok(events) => return (Ok(kw::Event::Init), State::Initial(events.boxed())),
                Err(kube::Error::Api(status)) if refuses_streaming(status.code) => {
                    tracing::debug!(
                        "the API server refused a streaming list ({}); listing and watching instead",
                        status.message
                    );
                    REFUSED.store(true, Ordering::Relaxed);
                    State::Listing(kw::watcher(api.clone(), config.clone()).boxed())
                }
                Err(e) => return (Err(kw::Error::WatchStartFailed(e)), State::Start),
            },
            State::Initial(mut events) => match next(&mut events, config).await {
                Some(Ok(WatchEvent::Added(obj) | WatchEvent::Modified(obj))) => {
                    return (Ok(kw::Event::InitApply(obj)), State::Initial(events));
                }
                Some(Ok(WatchEvent::Bookmark(b)))
                    if b.metadata.annotations.contains_key(INITIAL_EVENTS_END) =>
                {
                    let rv = b.metadata.resource_version;
                    return (Ok(kw::Event::InitDone), State::Watching(rv, events));
                }
                Some(Ok(WatchEvent::Bookmark(_) | WatchEvent::Deleted(_))) => {
                    State::Initial(events)
                }
                Some(Ok(WatchEvent::Error(e))) => {
                    let again = if e.code == 410 {
                        State::Start
                    } else {
                        State::Initial(events)
                    };
                    return (Err(kw::Error::WatchError(e)), again);
                }
                Some(Err(e)) => return (Err(kw::Error::WatchFailed(e)), State::Initial(events)),
                // Ended before its initial events did: start again.
                None => State::Start,
            },
            State::Resume(rv) => match api.watch(&params(config, false), &rv).await {
                Ok(events) => State::Watching(rv, events.boxed()),
                Err(e) => return (Err(kw::Error::WatchStartFailed(e)), State::Resume(rv)),
            },
            State::Watching(rv, mut events) => match next(&mut events, config).await {
                Some(Ok(WatchEvent::Added(obj) | WatchEvent::Modified(obj))) => {
                    let rv = obj.resource_version().unwrap_or(rv);
                    return (Ok(kw::Event::Apply(obj)), State::Watching(rv, events));
                }
                Some(Ok(WatchEvent::Deleted(obj))) => {
                    let rv = obj.resource_version().unwrap_or(rv);
                    return (Ok(kw::Event::Delete(obj)), State::Watching(rv, events));
                }
                Some(Ok(WatchEvent::Bookmark(b))) => {
                    State::Watching(b.metadata.resource_version, events)
                }
                Some(Ok(WatchEvent::Error(e))) => {
                    // 410 Gone: too far behind to resume; list again.
                    let again = if e.code == 410 {
                        State::Start
                    } else {
                        State::Watching(rv, events)
                    };
                    return (Err(kw::Error::WatchError(e)), again);
                }
                Some(Err(e)) => {
                    return (Err(kw::Error::WatchFailed(e)), State::Watching(rv, events));
                }
                None => State::Resume(rv),
            },
            State::Listing(mut events) => match events.try_next().await {
                Ok(Some(event)) => return (Ok(event), State::Listing(events)),
                Err(e) => return (Err(e), State::Listing(events)),
                // kube's watcher does not end.
                Ok(None) => State::Listing(kw::watcher(api.clone(), config.clone()).boxed()),
            },
        };
    }
}

/// Whether an API server's answer to a watch asking for its initial events says it does not
/// serve them: 422 (`sendInitialEvents` or `resourceVersionMatch` forbidden for a watch) or 400,
/// as opposed to 403 (not allowed to watch) or 404 (no such kind), which a list would get too.
pub fn refuses_streaming(code: u16) -> bool {
    matches!(code, 400 | 422)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_refusal_of_the_parameters_falls_back_to_listing() {
        assert!(refuses_streaming(422));
        assert!(refuses_streaming(400));
        for code in [401, 403, 404, 410, 429, 500, 503] {
            assert!(!refuses_streaming(code), "{code}");
        }
    }
}
