//! Reading YAML documents with errors as `FILE:LINE: message` (the file is added by the caller
//! with `Error::in_file`), in the user's words rather than the parser's, and as a tree of
//! [`Node`]s that remember their line, for validating against a schema.

use serde::de::DeserializeOwned;

use crate::error::{Error, Location};

/// How every manifest is read: YAML 1.2 booleans only (`yes`, `on` and quoted `"true"` are
/// not a boolean), duplicate keys refused.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! { strict_booleans: true }
}

/// Deserializes one YAML document.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_saphyr::from_str_with_options(text, options()).map_err(error)
}

/// The parser's message in the user's words: what is wrong with the document, not which API
/// to call instead.
fn plain(message: &str) -> String {
    let m = message.trim();
    if m.starts_with("multiple YAML documents detected") {
        return "the file holds more than one YAML document (separated by ---); expected exactly one"
            .into();
    }
    if let Some(rest) = m.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        return format!("duplicate key {key:?}: a key may appear only once in a mapping");
    }
    if m.starts_with("cannot deserialize null into") {
        return "a value is required here, got nothing (null)".into();
    }
    if m == "invalid i64" || m == "invalid u64" || m == "invalid i32" || m == "invalid u32" {
        return "expected a whole number".into();
    }
    if m.starts_with("invalid boolean") {
        return "expected true or false (yes, no, on, off and quoted values are not booleans)"
            .into();
    }
    if m == "expected string scalar" {
        return "expected a string, got a list or a mapping".into();
    }
    if let Some(breach) = m.strip_prefix("budget breached: ") {
        let what = match breach.split([' ', '{']).next().unwrap_or_default() {
            "Depth" => "nested too deeply",
            "Nodes" => "too large (too many values)",
            "Documents" => "made of too many documents",
            "Aliases" | "Anchors" => "using too many anchors and aliases",
            "Events" => "too large",
            _ => "too large or too complex",
        };
        let limit = breach
            .split(|c: char| !c.is_ascii_digit())
            .rfind(|d| !d.is_empty())
            .map(|d| {
                format!(
                    " (limit {})",
                    d.parse::<u64>().map_or(0, |n| n.saturating_sub(1))
                )
            })
            .unwrap_or_default();
        return format!("the document is {what} to read{limit}");
    }
    if let Some(rest) = m.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return format!("required field {field} is missing");
    }
    m.to_string()
}

/// A YAML error as `line N: message`.
pub fn error(e: serde_saphyr::Error) -> Error {
    let line = e.location().map(|l| l.line() as usize).filter(|l| *l > 0);
    let text = e.without_snippet().to_string();
    let mut message = text.trim().strip_prefix("error: ").unwrap_or(text.trim());
    if let Some(rest) = message.strip_prefix("line ")
        && let Some((_, after)) = rest.split_once(": ")
        && line.is_some()
    {
        message = after;
    }
    if let Some(i) = message.rfind(" at line ")
        && line.is_some()
    {
        message = &message[..i];
    }
    Error::Input {
        location: Location {
            line,
            ..Default::default()
        },
        message: plain(message),
    }
}

/// A YAML (or JSON) value with the line it starts on, as schema validation sees it. Mapping keys
/// keep their own line, so an unknown field is reported where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub line: Option<usize>,
    pub value: NodeValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    String(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Option<usize>, Node)>),
}

impl NodeValue {
    /// What the value is, for messages: `the string "yes"`, `the number 5`, `a list`.
    pub fn describe(&self) -> String {
        match self {
            NodeValue::Null => "null".into(),
            NodeValue::Bool(b) => format!("the boolean {b}"),
            NodeValue::Int(n) => format!("the number {n}"),
            NodeValue::Float(f) => format!("the number {f}"),
            NodeValue::String(s) => {
                let shown: String = s.chars().take(60).collect();
                let more = if shown.len() < s.len() { "..." } else { "" };
                format!("the string {shown:?}{more}")
            }
            NodeValue::Seq(_) => "a list".into(),
            NodeValue::Map(_) => "a mapping".into(),
        }
    }
}

impl Node {
    /// A JSON value (from the API server) as a tree without lines.
    pub fn from_json(value: &serde_json::Value) -> Node {
        use serde_json::Value;
        let value = match value {
            Value::Null => NodeValue::Null,
            Value::Bool(b) => NodeValue::Bool(*b),
            Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => NodeValue::Int(i.into()),
                (None, Some(u), _) => NodeValue::Int(u.into()),
                (_, _, f) => NodeValue::Float(f.unwrap_or(f64::NAN)),
            },
            Value::String(s) => NodeValue::String(s.clone()),
            Value::Array(items) => NodeValue::Seq(items.iter().map(Node::from_json).collect()),
            Value::Object(map) => NodeValue::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), None, Node::from_json(v)))
                    .collect(),
            ),
        };
        Node { line: None, value }
    }

    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            NodeValue::Map(entries) => entries.iter().find(|(k, ..)| k == key).map(|(.., v)| v),
            _ => None,
        }
    }
}

/// The path of the first mapping key `key` in `node` (on `line`, when known), e.g.
/// `spec.metrics[0].provider.web`.
pub fn path_of_key(node: &Node, key: &str, line: Option<usize>) -> Option<String> {
    fn walk(node: &Node, key: &str, line: Option<usize>, path: &str) -> Option<String> {
        match &node.value {
            NodeValue::Map(entries) => {
                for (k, l, v) in entries {
                    let here = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    if k == key && (line.is_none() || *l == line) {
                        return Some(here);
                    }
                    if let Some(found) = walk(v, key, line, &here) {
                        return Some(found);
                    }
                }
                None
            }
            NodeValue::Seq(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, v)| walk(v, key, line, &format!("{path}[{i}]"))),
            _ => None,
        }
    }
    walk(node, key, line, "")
}

/// The path of the deepest mapping whose first key is on `line`.
fn path_of_line(node: &Node, line: usize) -> Option<String> {
    fn walk(node: &Node, line: usize, path: &str, best: &mut Option<String>) {
        match &node.value {
            NodeValue::Map(entries) => {
                if entries.first().is_some_and(|(_, l, _)| *l == Some(line)) {
                    *best = Some(path.to_string());
                }
                for (k, _, v) in entries {
                    let here = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(v, line, &here, best);
                }
            }
            NodeValue::Seq(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, line, &format!("{path}[{i}]"), best);
                }
            }
            _ => {}
        }
    }
    let mut best = None;
    walk(node, line, "", &mut best);
    best
}

/// A typed reader's refusal of a field that the schema accepted: the field exists in Argo
/// Rollouts, but this tool does not implement it. Named by its path in `node`.
pub fn unsupported(error: Error, node: &Node) -> Error {
    let Error::Input { location, message } = &error else {
        return error;
    };
    if let Some(field) = message.strip_prefix("required field ")
        && let Some(field) = field.strip_suffix(" is missing")
    {
        let parent = location.line.and_then(|l| path_of_line(node, l));
        return Error::Input {
            location: Location {
                field: Some(match parent {
                    Some(p) if !p.is_empty() => format!("{p}.{field}"),
                    _ => field.to_string(),
                }),
                ..location.clone()
            },
            message: "required by kubectl-rollouts".into(),
        };
    }
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return error;
    };
    let Some((key, _)) = rest.split_once('`') else {
        return error;
    };
    let path = path_of_key(node, key, location.line)
        .or_else(|| path_of_key(node, key, None))
        .unwrap_or_else(|| key.to_string());
    let supported = message
        .split_once(", expected ")
        .map(|(_, list)| format!(" (supported here: {})", list.replace('`', "")))
        .unwrap_or_default();
    Error::Input {
        location: Location {
            field: Some(path),
            ..location.clone()
        },
        message: format!("not supported by kubectl-rollouts{supported}"),
    }
}

/// A typed reader's message for the value at `path` (already checked against Argo's schema),
/// in the user's words: an unknown field there is one Argo has and this tool does not
/// implement (`path.field: not supported by kubectl-rollouts`).
pub fn unsupported_in(message: &str, path: &str) -> Error {
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((key, tail)) = rest.split_once('`')
    {
        let supported = tail
            .split_once(", expected ")
            .map(|(_, list)| format!(" (supported here: {})", list.replace('`', "")))
            .unwrap_or_default();
        return Error::field(
            format!("{path}.{key}"),
            format!("not supported by kubectl-rollouts{supported}"),
        );
    }
    if let Some(rest) = message.strip_prefix("missing field `")
        && let Some((key, _)) = rest.split_once('`')
    {
        return Error::field(format!("{path}.{key}"), "required by kubectl-rollouts");
    }
    let message = message.split(" at line ").next().unwrap_or(message);
    Error::field(path, plain(message))
}

/// Parses one YAML document into a [`Node`] tree.
pub fn node(text: &str) -> Result<Node, Error> {
    let spanned: serde_saphyr::Spanned<NodeValue> =
        serde_saphyr::from_str_with_options(text, options()).map_err(error)?;
    Ok(from_spanned(spanned))
}

fn line_of<T>(s: &serde_saphyr::Spanned<T>) -> Option<usize> {
    Some(s.referenced.line() as usize).filter(|l| *l > 0)
}

fn from_spanned(s: serde_saphyr::Spanned<NodeValue>) -> Node {
    Node {
        line: line_of(&s),
        value: s.value,
    }
}

impl<'de> serde::Deserialize<'de> for NodeValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = NodeValue;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<NodeValue, E> {
                Ok(NodeValue::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<NodeValue, E> {
                Ok(NodeValue::Int(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<NodeValue, E> {
                Ok(NodeValue::Int(v.into()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<NodeValue, E> {
                Ok(NodeValue::Int(v))
            }
            fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<NodeValue, E> {
                i128::try_from(v)
                    .map(NodeValue::Int)
                    .map_err(|_| E::custom("number too large"))
            }
            fn visit_f64<E>(self, v: f64) -> Result<NodeValue, E> {
                Ok(NodeValue::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<NodeValue, E> {
                Ok(NodeValue::String(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<NodeValue, E> {
                Ok(NodeValue::String(v))
            }
            fn visit_unit<E>(self) -> Result<NodeValue, E> {
                Ok(NodeValue::Null)
            }
            fn visit_none<E>(self) -> Result<NodeValue, E> {
                Ok(NodeValue::Null)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<NodeValue, D::Error> {
                <NodeValue as serde::Deserialize>::deserialize(d)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<NodeValue, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<serde_saphyr::Spanned<NodeValue>>()? {
                    items.push(from_spanned(item));
                }
                Ok(NodeValue::Seq(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<NodeValue, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<serde_saphyr::Spanned<NodeValue>>()? {
                    let line = line_of(&key);
                    // JSON keys are strings; a YAML scalar key becomes its text, as
                    // kubectl's YAML-to-JSON conversion does.
                    let name = match key.value {
                        NodeValue::String(s) => s,
                        NodeValue::Int(n) => n.to_string(),
                        NodeValue::Float(f) => f.to_string(),
                        NodeValue::Bool(b) => b.to_string(),
                        NodeValue::Null => "null".to_string(),
                        NodeValue::Seq(_) | NodeValue::Map(_) => {
                            return Err(serde::de::Error::custom(
                                "a mapping key must be a plain value, not a list or a mapping",
                            ));
                        }
                    };
                    let value = map.next_value::<serde_saphyr::Spanned<NodeValue>>()?;
                    entries.push((name, line, from_spanned(value)));
                }
                Ok(NodeValue::Map(entries))
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        name: String,
        #[serde(default)]
        count: Option<i64>,
        #[serde(default)]
        insecure: Option<bool>,
    }

    macro_rules! plain_errors {
        ($($name:ident: $text:expr => $want:expr;)*) => {$(
            #[test]
            fn $name() {
                let err = from_str::<Doc>($text).unwrap_err().in_file("f.yaml").to_string();
                assert_eq!(err, $want);
                for jargon in ["from_str", "Option<", "DuplicateKeyPolicy", "budget", "i64"] {
                    assert!(!err.contains(jargon), "{err}");
                }
            }
        )*};
    }

    plain_errors! {
        two_documents_are_named_as_such:
            "name: a\n---\nname: b\n"
            => "f.yaml:3: the file holds more than one YAML document (separated by ---); expected exactly one";
        a_duplicate_key_is_named:
            "name: a\nname: b\n"
            => "f.yaml:2: duplicate key \"name\": a key may appear only once in a mapping";
        an_empty_value_is_named:
            "name:\n"
            => "f.yaml:1: a value is required here, got nothing (null)";
        a_number_too_large_is_named:
            "name: a\ncount: 99999999999999999999999\n"
            => "f.yaml:2: expected a whole number";
        yes_is_not_a_boolean:
            "name: a\ninsecure: yes\n"
            => "f.yaml:2: expected true or false (yes, no, on, off and quoted values are not booleans)";
        a_quoted_yes_is_not_a_boolean:
            "name: a\ninsecure: \"yes\"\n"
            => "f.yaml:2: expected true or false (yes, no, on, off and quoted values are not booleans)";
        a_missing_field_is_named:
            "count: 1\n"
            => "f.yaml:1: required field name is missing";
    }

    #[test]
    fn a_huge_document_is_too_large_not_a_budget() {
        let text = format!("name: a\nitems: [{}]\n", "1,".repeat(300_000));
        let err = node(&text).unwrap_err().to_string();
        assert!(err.contains("the document is too large"), "{err}");
        assert!(!err.contains("budget") && !err.contains("Nodes"), "{err}");
    }

    #[test]
    fn nodes_remember_the_lines_of_keys_and_values() {
        let n = node("a:\n  b: [1, x]\n  c: true\n").unwrap();
        let a = n.get("a").unwrap();
        let NodeValue::Map(entries) = &a.value else {
            panic!()
        };
        assert_eq!(entries[0].1, Some(2));
        assert_eq!(entries[1].1, Some(3));
        assert_eq!(a.get("c").unwrap().value, NodeValue::Bool(true));
        assert_eq!(path_of_key(&n, "c", None).as_deref(), Some("a.c"));
    }
}
