//! flagd's flag-definition document (`flags`, `$evaluators`, `metadata`, `$schema`) read
//! into typed flags, every problem an input error naming its field path.

use serde_json::{Map, Value};

use crate::error::Error;
use crate::flags::logic::{self, CompileOptions, Rule};

/// The `$schema` a new document gets: flagd's published schema for providers.
pub const SCHEMA_URL: &str = "https://flagd.dev/schema/v0/flags.json";

const TOP_LEVEL: &[&str] = &["$schema", "flags", "$evaluators", "metadata"];
const FLAG_FIELDS: &[&str] = &[
    "state",
    "variants",
    "defaultVariant",
    "targeting",
    "metadata",
];

/// A flag's `state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Enabled,
    Disabled,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Enabled => "ENABLED",
            State::Disabled => "DISABLED",
        }
    }
}

/// One flag, with `$ref`s in its targeting resolved.
#[derive(Debug, Clone)]
pub struct Flag {
    pub key: String,
    pub state: State,
    pub variants: Map<String, Value>,
    pub default_variant: Option<String>,
    /// The rule, `None` when absent or `{}` (flagd: no targeting, reason STATIC).
    pub targeting: Option<Value>,
    pub metadata: Map<String, Value>,
}

/// A whole flag document.
#[derive(Debug, Clone)]
pub struct FlagSet {
    pub flags: Vec<Flag>,
    pub metadata: Map<String, Value>,
}

impl FlagSet {
    pub fn get(&self, key: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.key == key)
    }

    /// The flag named `key`, or an input error listing the flags there are.
    pub fn require(&self, key: &str) -> Result<&Flag, Error> {
        self.get(key).ok_or_else(|| {
            let names: Vec<&str> = self.flags.iter().map(|f| f.key.as_str()).collect();
            Error::field(
                format!("flags.{key}"),
                if names.is_empty() {
                    "no such flag (the document has no flags)".to_string()
                } else {
                    format!("no such flag (flags: {})", names.join(", "))
                },
            )
        })
    }
}

/// A new, empty document.
pub fn empty_document() -> Value {
    let mut doc = Map::new();
    doc.insert("$schema".into(), Value::String(SCHEMA_URL.into()));
    doc.insert("flags".into(), Value::Object(Map::new()));
    Value::Object(doc)
}

/// Parses the text of a flag document (JSON).
pub fn parse_text(text: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|e| Error::Input {
        location: crate::error::Location {
            line: Some(e.line()),
            ..Default::default()
        },
        message: format!("not a flagd flag document: invalid JSON: {e}"),
    })
}

/// Reads a document into typed flags.
pub fn parse(doc: &Value) -> Result<FlagSet, Error> {
    let Value::Object(top) = doc else {
        return Err(Error::field(
            "(document)",
            "expected a JSON object with `flags`",
        ));
    };
    for key in top.keys() {
        if !TOP_LEVEL.contains(&key.as_str()) {
            let hint = crate::spec::schema::did_you_mean(key, TOP_LEVEL.iter().copied())
                .map(|m| format!("; did you mean {m}?"))
                .unwrap_or_default();
            return Err(Error::field(
                key,
                format!("unknown field (expected {}){hint}", TOP_LEVEL.join(", ")),
            ));
        }
    }
    if let Some(schema) = top.get("$schema")
        && !schema.is_string()
    {
        return Err(Error::field("$schema", "expected a string (a URL)"));
    }
    let evaluators = match top.get("$evaluators") {
        None => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => {
            return Err(Error::field(
                "$evaluators",
                "expected an object of named rules",
            ));
        }
    };
    let metadata = metadata(top.get("metadata"), "metadata")?;
    let flags = match top.get("flags") {
        Some(Value::Object(flags)) => flags,
        Some(Value::Array(_)) => {
            return Err(Error::field(
                "flags",
                "expected an object of flags by name (the array form is for the flagd daemon \
                 only, which providers do not read)",
            ));
        }
        Some(_) => return Err(Error::field("flags", "expected an object of flags by name")),
        None => {
            return Err(Error::field(
                "flags",
                "missing (an object of flags by name)",
            ));
        }
    };
    let flags = flags
        .iter()
        .map(|(key, value)| parse_flag(key, value, &evaluators))
        .collect::<Result<_, _>>()?;
    Ok(FlagSet { flags, metadata })
}

fn parse_flag(key: &str, value: &Value, evaluators: &Map<String, Value>) -> Result<Flag, Error> {
    let path = format!("flags.{key}");
    if key.is_empty() {
        return Err(Error::field("flags", "a flag name must not be empty"));
    }
    let Value::Object(obj) = value else {
        return Err(Error::field(
            &path,
            "expected an object (state, variants, ...)",
        ));
    };
    for field in obj.keys() {
        if !FLAG_FIELDS.contains(&field.as_str()) {
            let hint = crate::spec::schema::did_you_mean(field, FLAG_FIELDS.iter().copied())
                .map(|m| format!("; did you mean {path}.{m}?"))
                .unwrap_or_default();
            return Err(Error::field(
                format!("{path}.{field}"),
                format!("unknown field (expected {}){hint}", FLAG_FIELDS.join(", ")),
            ));
        }
    }
    let state = match obj.get("state") {
        Some(Value::String(s)) if s == "ENABLED" => State::Enabled,
        Some(Value::String(s)) if s == "DISABLED" => State::Disabled,
        Some(other) => {
            return Err(Error::field(
                format!("{path}.state"),
                format!("expected \"ENABLED\" or \"DISABLED\", got {other}"),
            ));
        }
        None => {
            return Err(Error::field(
                format!("{path}.state"),
                "missing (\"ENABLED\" or \"DISABLED\")",
            ));
        }
    };
    let variants = match obj.get("variants") {
        Some(Value::Object(v)) if !v.is_empty() => v.clone(),
        Some(Value::Object(_)) => {
            return Err(Error::field(
                format!("{path}.variants"),
                "needs at least one variant",
            ));
        }
        Some(_) => {
            return Err(Error::field(
                format!("{path}.variants"),
                "expected an object of variant name to value",
            ));
        }
        None => return Err(Error::field(format!("{path}.variants"), "missing")),
    };
    check_variant_types(&variants, &path)?;
    let default_variant = match obj.get("defaultVariant") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => {
            if !variants.contains_key(name) {
                return Err(Error::field(
                    format!("{path}.defaultVariant"),
                    format!(
                        "{name:?} is not one of the variants ({})",
                        names(&variants).join(", ")
                    ),
                ));
            }
            Some(name.clone())
        }
        Some(other) => {
            return Err(Error::field(
                format!("{path}.defaultVariant"),
                format!("expected a variant name or null, got {other}"),
            ));
        }
    };
    let targeting = match obj.get("targeting") {
        None => None,
        Some(Value::Object(m)) if m.is_empty() => None,
        Some(rule @ Value::Object(_)) => Some(resolve_refs(
            rule,
            evaluators,
            &format!("{path}.targeting"),
            &mut Vec::new(),
        )?),
        Some(_) => {
            return Err(Error::field(
                format!("{path}.targeting"),
                "expected a rule object",
            ));
        }
    };
    Ok(Flag {
        key: key.to_string(),
        state,
        variants,
        default_variant,
        targeting,
        metadata: metadata(obj.get("metadata"), &format!("{path}.metadata"))?,
    })
}

/// flagd's schema types a flag by its variants: all booleans, strings, numbers or objects.
fn check_variant_types(variants: &Map<String, Value>, path: &str) -> Result<(), Error> {
    let kind = |v: &Value| match v {
        Value::Bool(_) => "boolean",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        Value::Null => "null",
    };
    let mut first: Option<(&str, &str)> = None;
    for (name, value) in variants {
        if name.is_empty() {
            return Err(Error::field(
                format!("{path}.variants"),
                "a variant name must not be empty",
            ));
        }
        let k = kind(value);
        if matches!(k, "array" | "null") {
            return Err(Error::field(
                format!("{path}.variants.{name}"),
                format!("a variant is a boolean, string, number or object, not {k}"),
            ));
        }
        match first {
            None => first = Some((name, k)),
            Some((first_name, first_kind)) if first_kind != k => {
                return Err(Error::field(
                    format!("{path}.variants.{name}"),
                    format!(
                        "is a {k} but {first_name:?} is a {first_kind}: a flag's variants all have one type"
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn metadata(value: Option<&Value>, path: &str) -> Result<Map<String, Value>, Error> {
    match value {
        None => Ok(Map::new()),
        Some(Value::Object(m)) => {
            for (k, v) in m {
                if !matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_)) {
                    return Err(Error::field(
                        format!("{path}.{k}"),
                        "metadata values are strings, numbers or booleans",
                    ));
                }
            }
            Ok(m.clone())
        }
        Some(_) => Err(Error::field(path, "expected an object")),
    }
}

fn names(variants: &Map<String, Value>) -> Vec<&str> {
    variants.keys().map(String::as_str).collect()
}

/// Replaces every `{"$ref": "name"}` with the named `$evaluators` rule, as flagd does before
/// it reads the flags; a ref to nothing or a cycle is an error.
fn resolve_refs(
    value: &Value,
    evaluators: &Map<String, Value>,
    path: &str,
    stack: &mut Vec<String>,
) -> Result<Value, Error> {
    match value {
        Value::Object(map) if map.len() == 1 && map.contains_key("$ref") => {
            let Some(Value::String(name)) = map.get("$ref") else {
                return Err(Error::field(
                    format!("{path}.$ref"),
                    "expected the name of an evaluator",
                ));
            };
            let Some(rule) = evaluators.get(name) else {
                let known: Vec<&str> = evaluators.keys().map(String::as_str).collect();
                return Err(Error::field(
                    format!("{path}.$ref"),
                    format!(
                        "{name:?} names no rule in $evaluators ({})",
                        if known.is_empty() {
                            "there are none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                ));
            };
            if stack.contains(name) {
                return Err(Error::field(
                    format!("$evaluators.{name}"),
                    format!("refers to itself through {}", stack.join(" -> ")),
                ));
            }
            stack.push(name.clone());
            let resolved = resolve_refs(rule, evaluators, &format!("$evaluators.{name}"), stack);
            stack.pop();
            resolved
        }
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                out.insert(
                    k.clone(),
                    resolve_refs(v, evaluators, &format!("{path}.{k}"), stack)?,
                );
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => Ok(Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| resolve_refs(v, evaluators, &format!("{path}[{i}]"), stack))
                .collect::<Result<_, _>>()?,
        )),
        other => Ok(other.clone()),
    }
}

impl Flag {
    /// The variant names, in document order.
    pub fn variant_names(&self) -> Vec<String> {
        self.variants.keys().cloned().collect()
    }

    /// Compiles the targeting rule (`None`: no targeting).
    pub fn compile(&self) -> Result<Option<Rule>, Error> {
        let Some(rule) = &self.targeting else {
            return Ok(None);
        };
        let variants = self.variant_names();
        logic::compile(
            rule,
            &format!("flags.{}.targeting", self.key),
            &CompileOptions {
                variants: &variants,
            },
        )
        .map(Some)
    }

    /// For a boolean flag, the names of its `true` and `false` variants (the first of each).
    pub fn on_off(&self) -> Option<(String, String)> {
        let find = |want: bool| {
            self.variants
                .iter()
                .find(|(_, v)| v.as_bool() == Some(want))
                .map(|(k, _)| k.clone())
        };
        Some((find(true)?, find(false)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(doc: Value) -> String {
        parse(&doc).expect_err("an error").to_string()
    }

    #[test]
    fn reads_flags_with_refs_resolved() {
        let set = parse(&json!({
            "$schema": SCHEMA_URL,
            "$evaluators": {"staff": {"in": ["@faas.com", {"var": "email"}]}},
            "flags": {
                "f": {"state": "ENABLED", "variants": {"on": true, "off": false},
                      "defaultVariant": "off", "targeting": {"if": [{"$ref": "staff"}, "on", null]}}
            }
        }))
        .unwrap();
        let f = set.require("f").unwrap();
        assert_eq!(
            f.targeting,
            Some(json!({"if": [{"in": ["@faas.com", {"var": "email"}]}, "on", null]}))
        );
        assert_eq!(f.on_off(), Some(("on".into(), "off".into())));
    }

    #[test]
    fn empty_targeting_is_no_targeting() {
        let set = parse(
            &json!({"flags": {"f": {"state": "ENABLED", "variants": {"a": 1}, "targeting": {}}}}),
        )
        .unwrap();
        assert!(set.flags[0].targeting.is_none());
    }

    #[test]
    fn mistakes_name_their_field() {
        let flag = |f: Value| json!({"flags": {"f": f}});
        assert!(err(json!({"flag": {}})).starts_with("flag: unknown field"));
        assert!(err(json!({})).starts_with("flags: missing"));
        assert!(err(flag(json!({"variants": {"a": 1}}))).starts_with("flags.f.state: missing"));
        assert!(
            err(flag(json!({"state": "ON", "variants": {"a": 1}})))
                .starts_with("flags.f.state: expected \"ENABLED\" or \"DISABLED\"")
        );
        assert!(
            err(flag(
                json!({"state": "ENABLED", "variants": {"a": 1}, "defaultVariant": "b"})
            ))
            .starts_with("flags.f.defaultVariant: \"b\" is not one of the variants (a)")
        );
        assert!(
            err(flag(
                json!({"state": "ENABLED", "variants": {"a": 1, "b": "x"}})
            ))
            .starts_with("flags.f.variants.b: is a string but \"a\" is a number")
        );
        assert!(
            err(flag(
                json!({"state": "ENABLED", "variants": {"a": 1}, "percent": 5})
            ))
            .starts_with("flags.f.percent: unknown field")
        );
        assert!(err(json!({"flags": []})).starts_with("flags: expected an object"));
    }

    #[test]
    fn a_ref_to_nothing_or_a_cycle_is_an_error() {
        let msg = err(
            json!({"flags": {"f": {"state": "ENABLED", "variants": {"a": 1},
            "targeting": {"if": [{"$ref": "nope"}, "a", null]}}}}),
        );
        assert!(
            msg.starts_with("flags.f.targeting.if[0].$ref: \"nope\" names no rule"),
            "{msg}"
        );
        let msg = err(json!({"$evaluators": {"x": {"and": [{"$ref": "x"}]}},
            "flags": {"f": {"state": "ENABLED", "variants": {"a": 1}, "targeting": {"$ref": "x"}}}}));
        assert!(msg.contains("refers to itself"), "{msg}");
    }
}
