//! Watches that receive their initial objects in the watch itself (the API server's streaming
//! lists, `sendInitialEvents`): one request where a list and a watch are two. Where the API
//! server refuses them (the `WatchList` feature off, or a server older than 1.27), they fall
//! back to a list and a watch, and the process remembers not to ask again.

use std::fmt::Debug;
use std::sync::atomic::{AtomicBool, Ordering};

use futures::stream::BoxStream;
use futures::{StreamExt, stream};
use kube::runtime::watcher as kw;
use kube::{Api, Resource};
use serde::de::DeserializeOwned;

/// Set once an API server has refused a streaming list: later watches of this process list.
static REFUSED: AtomicBool = AtomicBool::new(false);

/// The events of `config`'s watch through `api`, as `kube::runtime::watcher` gives them
/// (an `Init`, the objects, `InitDone`, then changes, relisting after a desync), starting with
/// a streaming list where the server offers one.
pub fn watcher<K>(api: Api<K>, config: kw::Config) -> BoxStream<'static, kw::Result<kw::Event<K>>>
where
    K: Resource + Clone + DeserializeOwned + Debug + Send + 'static,
{
    if REFUSED.load(Ordering::Relaxed) {
        return kw::watcher(api, config).boxed();
    }
    let start = async move {
        let mut streamed = kw::watcher(api.clone(), config.clone().streaming_lists()).boxed();
        match streamed.next().await {
            Some(Err(kw::Error::WatchStartFailed(kube::Error::Api(status))))
                if refuses_streaming(status.code) =>
            {
                tracing::debug!(
                    "the API server refused a streaming list ({}); listing and watching instead",
                    status.message
                );
                REFUSED.store(true, Ordering::Relaxed);
                kw::watcher(api, config).boxed()
            }
            first => stream::iter(first).chain(streamed).boxed(),
        }
    };
    stream::once(start).flatten().boxed()
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
