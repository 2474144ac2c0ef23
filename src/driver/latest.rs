//! The newest copy of the driven object the driver has seen, from its watch and from the
//! responses to its own writes, so a round reads it without a request to the API server.

use std::sync::Mutex;

use kube::Resource;

use crate::kube::mirror::newer;

/// Only a newer copy replaces the one held, so the driver never goes back to an older state.
pub struct Latest<T>(Mutex<Option<T>>);

impl<T: Resource + Clone> Default for Latest<T> {
    fn default() -> Self {
        Latest(Mutex::new(None))
    }
}

impl<T: Resource + Clone> Latest<T> {
    /// Keeps `obj` unless the copy held is newer.
    pub fn offer(&self, obj: T) {
        if let Ok(mut held) = self.0.lock() {
            let keep = held.as_ref().is_some_and(|h| {
                !newer(
                    h.meta().resource_version.as_deref(),
                    obj.meta().resource_version.as_deref(),
                )
            });
            if !keep {
                *held = Some(obj);
            }
        }
    }

    pub fn get(&self) -> Option<T> {
        self.0.lock().ok().and_then(|h| h.clone())
    }

    /// Forgets the copy (after a conflict: the next round reads the object from the server).
    pub fn clear(&self) {
        if let Ok(mut held) = self.0.lock() {
            *held = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::ConfigMap;

    fn cm(rv: &str, v: &str) -> ConfigMap {
        serde_json::from_value(serde_json::json!({
            "metadata": {"name": "x", "resourceVersion": rv}, "data": {"v": v}
        }))
        .unwrap()
    }

    #[test]
    fn only_a_newer_copy_replaces_the_one_held() {
        let l = Latest::default();
        assert!(l.get().is_none());
        l.offer(cm("10", "a"));
        l.offer(cm("9", "older"));
        assert_eq!(l.get().unwrap().data.unwrap()["v"], "a");
        l.offer(cm("10", "same"));
        assert_eq!(
            l.get().unwrap().data.unwrap()["v"],
            "a",
            "equal is not newer"
        );
        l.offer(cm("11", "b"));
        assert_eq!(l.get().unwrap().data.unwrap()["v"], "b");
        l.offer(cm("not-a-number", "c"));
        assert_eq!(l.get().unwrap().data.unwrap()["v"], "c");
        l.clear();
        assert!(l.get().is_none());
    }
}
