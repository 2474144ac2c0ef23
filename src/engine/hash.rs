//! Stable hashes over canonical JSON: the pod-template hash that names ReplicaSets, and the
//! steps hash that tells when the steps changed. FNV-1a 64 over JSON with sorted keys,
//! encoded with Kubernetes' "safe" alphabet (no vowels, no look-alikes). Never `DefaultHasher`:
//! these names must be the same on every machine and every version.

use serde_json::Value;

/// The label that pins pods, ReplicaSets and Services to one revision.
pub const POD_TEMPLATE_HASH_LABEL: &str = "rollouts-pod-template-hash";

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
const SAFE_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// FNV-1a, 64 bits.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(FNV_PRIME)
    })
}

/// JSON with object keys sorted at every level and no whitespace.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                write_canonical(&map[k.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Ten characters of the safe alphabet from a 64-bit hash.
pub fn safe_encode(mut h: u64) -> String {
    let mut s = String::with_capacity(10);
    for _ in 0..10 {
        s.push(SAFE_ALPHABET[(h % SAFE_ALPHABET.len() as u64) as usize] as char);
        h /= SAFE_ALPHABET.len() as u64;
    }
    s
}

/// The hash of a pod template, ignoring the hash label itself (it is added to the copy the
/// ReplicaSet carries) and null fields (absent and null mean the same to the API server).
pub fn pod_template_hash(template: &Value) -> String {
    let mut t = strip_nulls(template);
    if let Some(labels) = t
        .pointer_mut("/metadata/labels")
        .and_then(Value::as_object_mut)
    {
        labels.remove(POD_TEMPLATE_HASH_LABEL);
    }
    safe_encode(fnv1a64(canonical_json(&t).as_bytes()))
}

/// The hash of anything else (the steps), same algorithm.
pub fn value_hash(value: &Value) -> String {
    safe_encode(fnv1a64(canonical_json(&strip_nulls(value)).as_bytes()))
}

fn strip_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), strip_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(strip_nulls).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fnv_matches_the_published_test_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v = json!({"b": 1, "a": {"d": [true, null], "c": "x"}});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":"x","d":[true,null]},"b":1}"#
        );
    }

    #[test]
    fn pod_template_hash_is_pinned() {
        let t = json!({"metadata": {"labels": {"app": "tr-web"}},
                       "spec": {"containers": [{"name": "tr-web", "image": "kainlite/tr:v1.2.0"}]}});
        let h = pod_template_hash(&t);
        assert_eq!(h.len(), 10);
        // Golden value: changing it renames every ReplicaSet this tool ever created.
        assert_eq!(h, "bc5hf6tp8j");
    }

    #[test]
    fn the_hash_ignores_key_order_nulls_and_the_hash_label() {
        let a = json!({"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "c", "image": "i"}]}});
        let b = json!({"spec": {"containers": [{"image": "i", "name": "c", "args": null}]},
                       "metadata": {"labels": {"rollouts-pod-template-hash": "zzz", "app": "x"}}});
        assert_eq!(pod_template_hash(&a), pod_template_hash(&b));
        let c = json!({"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "c", "image": "j"}]}});
        assert_ne!(pod_template_hash(&a), pod_template_hash(&c));
    }
}
