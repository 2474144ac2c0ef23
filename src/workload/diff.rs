//! A readable diff of two pod templates (what a rollback would change): leaves compared by
//! path, lists of named things (containers, env, ports, volumes) matched by name, so the lines
//! read `containers[app].image: web:3 -> web:2` and `containers[app].env[MODE]: removed`.

use serde::Serialize;
use serde_json::Value;

/// One changed leaf.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
}

/// The changes from `before` to `after`, in the order of the fields' names. A named list item
/// (a container, an env var) present on one side only is one change with the whole item.
/// `prefix` starts every path (e.g. `spec.template`).
pub fn diff(prefix: &str, before: &Value, after: &Value) -> Vec<Change> {
    let (mut old, mut new) = (Flat::default(), Flat::default());
    flatten(prefix, before, &mut old);
    flatten(prefix, after, &mut new);
    let under = |path: &str, items: &[(String, Value)]| {
        items.iter().any(|(p, _)| {
            path == p
                || path
                    .strip_prefix(p.as_str())
                    .is_some_and(|r| r.starts_with(['.', '[']))
        })
    };
    let gone: Vec<(String, Value)> = old
        .items
        .iter()
        .filter(|(p, _)| !new.items.iter().any(|(q, _)| q == p))
        .cloned()
        .collect();
    let came: Vec<(String, Value)> = new
        .items
        .iter()
        .filter(|(p, _)| !old.items.iter().any(|(q, _)| q == p))
        .cloned()
        .collect();
    let outermost = |items: &[(String, Value)]| -> Vec<(String, Value)> {
        items
            .iter()
            .filter(|(p, _)| {
                !items.iter().any(|(q, _)| {
                    q != p
                        && p.strip_prefix(q.as_str())
                            .is_some_and(|r| r.starts_with(['.', '[']))
                })
            })
            .cloned()
            .collect()
    };
    let mut out: Vec<Change> = Vec::new();
    for (path, value) in outermost(&gone) {
        out.push(Change {
            path,
            before: Some(value),
            after: None,
        });
    }
    for (path, value) in outermost(&came) {
        out.push(Change {
            path,
            before: None,
            after: Some(value),
        });
    }
    for (path, value) in &old.leaves {
        if under(path, &gone) {
            continue;
        }
        match new.leaves.iter().find(|(p, _)| p == path) {
            Some((_, v)) if v == value => {}
            Some((_, v)) => out.push(Change {
                path: path.clone(),
                before: Some(value.clone()),
                after: Some(v.clone()),
            }),
            None => out.push(Change {
                path: path.clone(),
                before: Some(value.clone()),
                after: None,
            }),
        }
    }
    for (path, value) in &new.leaves {
        if !under(path, &came) && !old.leaves.iter().any(|(p, _)| p == path) {
            out.push(Change {
                path: path.clone(),
                before: None,
                after: Some(value.clone()),
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// A document's leaves by path, and its named list items by path.
#[derive(Default)]
struct Flat {
    leaves: Vec<(String, Value)>,
    items: Vec<(String, Value)>,
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// The key a list item is matched by: its `name`, else (ports) `containerPort`, else none.
fn item_key(v: &Value) -> Option<String> {
    let o = v.as_object()?;
    o.get("name")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| o.get("containerPort").map(|p| p.to_string()))
        .or_else(|| {
            o.get("mountPath")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
}

fn flatten(path: &str, v: &Value, out: &mut Flat) {
    match v {
        Value::Object(map) if !map.is_empty() => {
            for (k, value) in map {
                flatten(&join(path, k), value, out);
            }
        }
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            let keys: Vec<Option<String>> = items.iter().map(item_key).collect();
            let unique = keys.iter().all(Option::is_some)
                && keys.iter().collect::<std::collections::HashSet<_>>().len() == keys.len();
            for (i, item) in items.iter().enumerate() {
                let item_path = match (&keys[i], unique) {
                    (Some(k), true) => {
                        let p = format!("{path}[{k}]");
                        out.items.push((p.clone(), item.clone()));
                        p
                    }
                    _ => format!("{path}[{i}]"),
                };
                flatten(&item_path, item, out);
            }
        }
        Value::Null => {}
        Value::Object(_) => {}
        Value::Array(a) if a.is_empty() => {}
        leaf => out.leaves.push((path.to_string(), leaf.clone())),
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) if !s.is_empty() && !s.contains(['\n', ' ', '"']) => s.clone(),
        other => other.to_string(),
    }
}

/// `~ path: a -> b`, `- path: a (removed)`, `+ path: b (added)`: one line per change.
pub fn render(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| match (&c.before, &c.after) {
            (Some(b), Some(a)) => format!("~ {}: {} -> {}", c.path, show(b), show(a)),
            (Some(b), None) => format!("- {}: {} (removed)", c.path, show(b)),
            (None, Some(a)) => format!("+ {}: {} (added)", c.path, show(a)),
            (None, None) => format!("  {}", c.path),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn images_env_and_labels_read_by_name() {
        let before = json!({
            "metadata": {"labels": {"app": "web", "track": "canary"}},
            "spec": {"containers": [
                {"name": "app", "image": "web:3", "env": [
                    {"name": "MODE", "value": "fast"}, {"name": "LOG", "value": "debug"}]},
                {"name": "sidecar", "image": "proxy:1"}
            ]}
        });
        let after = json!({
            "metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [
                {"name": "sidecar", "image": "proxy:1"},
                {"name": "app", "image": "web:2", "env": [{"name": "LOG", "value": "info"}],
                 "args": ["--port", "80"]}
            ]}
        });
        let lines = render(&diff("spec.template", &before, &after));
        assert_eq!(
            lines,
            [
                "- spec.template.metadata.labels.track: canary (removed)",
                "+ spec.template.spec.containers[app].args: [\"--port\",\"80\"] (added)",
                "~ spec.template.spec.containers[app].env[LOG].value: debug -> info",
                "- spec.template.spec.containers[app].env[MODE]: {\"name\":\"MODE\",\"value\":\"fast\"} (removed)",
                "~ spec.template.spec.containers[app].image: web:3 -> web:2",
            ]
        );
    }

    #[test]
    fn equal_templates_have_no_changes_and_unnamed_lists_go_by_index() {
        let t = json!({"spec": {"tolerations": [{"key": "a"}, {"key": "b"}]}});
        assert!(diff("", &t, &t).is_empty());
        let u = json!({"spec": {"tolerations": [{"key": "a"}, {"key": "c"}]}});
        assert_eq!(
            render(&diff("", &t, &u)),
            ["~ spec.tolerations[1].key: b -> c"]
        );
    }
}
