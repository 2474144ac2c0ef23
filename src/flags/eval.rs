//! Evaluating one flag for one evaluation context, with flagd's reasons: STATIC (no
//! targeting), TARGETING_MATCH, DEFAULT (targeting gave null), DISABLED, ERROR.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::Error;
use crate::flags::logic::{Rule, Scope};
use crate::flags::model::{Flag, State};
use crate::flags::{fractional, js, murmur3};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reason {
    Static,
    TargetingMatch,
    Default,
    Disabled,
    Error,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Static => "STATIC",
            Reason::TargetingMatch => "TARGETING_MATCH",
            Reason::Default => "DEFAULT",
            Reason::Disabled => "DISABLED",
            Reason::Error => "ERROR",
        }
    }
}

/// What an evaluation resolved to. `variant` and `value` are `None` where flagd leaves the
/// application's own default: a disabled flag, an error, no default variant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolution {
    pub variant: Option<String>,
    pub value: Option<Value>,
    pub reason: Reason,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A flag ready to evaluate many times: its targeting compiled once.
#[derive(Debug, Clone)]
pub struct Compiled<'a> {
    flag: &'a Flag,
    rule: Option<Rule>,
    /// The buckets when the rule is a plain written-out `fractional` (the usual percentage
    /// flag): evaluated without building the rule's data, with the same answers.
    fractional: Option<Vec<fractional::Bucket>>,
}

impl<'a> Compiled<'a> {
    pub fn new(flag: &'a Flag) -> Result<Self, Error> {
        let rule = flag.compile()?;
        Ok(Compiled {
            flag,
            fractional: rule.as_ref().and_then(Rule::literal_fractional),
            rule,
        })
    }

    /// Evaluates for `context` (its `targetingKey` included) at `now_unix` seconds, the value
    /// of `$flagd.timestamp`.
    pub fn evaluate(&self, context: &Map<String, Value>, now_unix: i64) -> Resolution {
        let flag = self.flag;
        if flag.state == State::Disabled {
            return Resolution {
                variant: None,
                value: None,
                reason: Reason::Disabled,
                error: None,
            };
        }
        let Some(rule) = &self.rule else {
            return self.resolved(flag.default_variant.clone(), Reason::Static);
        };
        if let Some(buckets) = &self.fractional {
            let key = context.get("targetingKey").unwrap_or(&Value::Null);
            let picked = fractional::default_bucket_by(&flag.key, key).and_then(|by| {
                fractional::pick(buckets, murmur3::murmur3_32(by.as_bytes(), 0)).cloned()
            });
            return match picked {
                None | Some(Value::Null) => {
                    self.resolved(flag.default_variant.clone(), Reason::Default)
                }
                Some(v) => self.resolved(Some(js::to_string(&v)), Reason::TargetingMatch),
            };
        }
        let mut data = context.clone();
        let mut props = Map::new();
        props.insert("flagKey".into(), Value::String(flag.key.clone()));
        props.insert("timestamp".into(), Value::from(now_unix));
        data.insert("$flagd".into(), Value::Object(props));
        let data = Value::Object(data);
        match rule.eval(&Scope { data: &data }) {
            Err(e) => error(format!("targeting failed: {e}")),
            Ok(Value::Null) => self.resolved(flag.default_variant.clone(), Reason::Default),
            // flagd-core takes the rule's result as a variant name by its text.
            Ok(result) => self.resolved(Some(js::to_string(&result)), Reason::TargetingMatch),
        }
    }

    fn resolved(&self, variant: Option<String>, reason: Reason) -> Resolution {
        let Some(name) = variant else {
            // No default variant: the application's default, reason DEFAULT.
            return Resolution {
                variant: None,
                value: None,
                reason: Reason::Default,
                error: None,
            };
        };
        match self.flag.variants.get(&name) {
            Some(value) => Resolution {
                variant: Some(name),
                value: Some(value.clone()),
                reason,
                error: None,
            },
            None => error(format!(
                "the targeting chose variant {name:?}, which flag {:?} does not have ({})",
                self.flag.key,
                self.flag.variant_names().join(", ")
            )),
        }
    }
}

fn error(message: String) -> Resolution {
    Resolution {
        variant: None,
        value: None,
        reason: Reason::Error,
        error: Some(message),
    }
}

/// The evaluation context flagd's providers send: the given attributes and `targetingKey`.
pub fn context(targeting_key: Option<&str>, attributes: Map<String, Value>) -> Map<String, Value> {
    let mut ctx = attributes;
    if let Some(key) = targeting_key {
        ctx.insert("targetingKey".into(), Value::String(key.to_string()));
    }
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::model::parse;
    use serde_json::json;

    fn eval(doc: Value, key: Option<&str>, attrs: Value) -> Resolution {
        let set = parse(&doc).unwrap();
        let compiled = Compiled::new(&set.flags[0]).unwrap();
        let attrs = attrs.as_object().cloned().unwrap_or_default();
        compiled.evaluate(&context(key, attrs), 1_700_000_000)
    }

    fn flag(f: Value) -> Value {
        json!({"flags": {"f": f}})
    }

    #[test]
    fn the_fractional_fast_path_answers_as_the_general_one() {
        let buckets = [
            json!([["on", 10], ["off", 90]]),
            json!([["on", 0], ["off", 0]]),
            json!([["a", 1], ["b", 2], ["c", 3], [null, 4]]),
            json!([["a"], ["b", 1.5]]),
            json!([["a", 60000], ["b", 40000]]),
        ];
        let keys = [
            json!("user-1"),
            json!(""),
            json!(42),
            json!(true),
            json!(null),
            json!(0),
        ];
        let mut checked = 0;
        for b in buckets {
            let variants = if b.to_string().contains("\"on\"") {
                json!({"on": true, "off": false})
            } else {
                json!({"a": "A", "b": "B", "c": "C", "off": "OFF"})
            };
            let doc = flag(json!({"state": "ENABLED", "variants": variants,
                "defaultVariant": "off", "targeting": {"fractional": b}}));
            // The compiler refuses some written-out buckets flagd would ignore; those never
            // reach an evaluation.
            let Ok(set) = parse(&doc) else { continue };
            let Ok(fast) = Compiled::new(&set.flags[0]) else {
                continue;
            };
            assert!(fast.fractional.is_some(), "{b}: the fast path applies");
            checked += 1;
            let mut general = fast.clone();
            general.fractional = None;
            let extra = (0..300).map(|i| json!(format!("k{i}")));
            for key in keys.iter().cloned().chain(extra) {
                let mut ctx = Map::new();
                ctx.insert("targetingKey".into(), key.clone());
                assert_eq!(
                    fast.evaluate(&ctx, 1),
                    general.evaluate(&ctx, 1),
                    "{b} key {key}"
                );
            }
        }
        assert!(checked >= 3, "only {checked} bucket sets compiled");
    }

    #[test]
    fn no_targeting_is_static() {
        let r = eval(
            flag(
                json!({"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on"}),
            ),
            None,
            json!({}),
        );
        assert_eq!(
            (r.variant.as_deref(), r.value, r.reason),
            (Some("on"), Some(json!(true)), Reason::Static)
        );
    }

    #[test]
    fn disabled_is_disabled_whatever_the_targeting() {
        let r = eval(
            flag(
                json!({"state": "DISABLED", "variants": {"on": true}, "defaultVariant": "on",
                "targeting": {"if": [true, "on", null]}}),
            ),
            Some("u"),
            json!({}),
        );
        assert_eq!(
            (r.variant, r.value, r.reason),
            (None, None, Reason::Disabled)
        );
    }

    #[test]
    fn a_match_and_a_null_result() {
        let doc = flag(
            json!({"state": "ENABLED", "variants": {"on": true, "off": false},
            "defaultVariant": "off", "targeting": {"if": [{"ends_with": [{"var": "email"}, "@faas.com"]}, "on", null]}}),
        );
        let hit = eval(doc.clone(), None, json!({"email": "ross@faas.com"}));
        assert_eq!(
            (hit.variant.as_deref(), hit.reason),
            (Some("on"), Reason::TargetingMatch)
        );
        let miss = eval(doc, None, json!({"email": "ross@x.org"}));
        assert_eq!(
            (miss.variant.as_deref(), miss.reason),
            (Some("off"), Reason::Default)
        );
    }

    #[test]
    fn flagd_properties_are_in_the_context() {
        let doc = flag(
            json!({"state": "ENABLED", "variants": {"f": "key", "t": "time"},
            "targeting": {"if": [{"==": [{"var": "$flagd.timestamp"}, 1_700_000_000]},
                                 {"if": [{"==": [{"var": "$flagd.flagKey"}, "f"]}, "f", "t"]}, null]}}),
        );
        assert_eq!(eval(doc, None, json!({})).variant.as_deref(), Some("f"));
    }

    #[test]
    fn a_boolean_result_names_the_variant_true() {
        let doc = flag(
            json!({"state": "ENABLED", "variants": {"true": 1, "false": 0},
            "targeting": {"in": ["b", ["a", "b"]]}}),
        );
        assert_eq!(eval(doc, None, json!({})).value, Some(json!(1)));
    }

    #[test]
    fn an_unknown_variant_or_a_failing_rule_is_an_error() {
        let doc = flag(json!({"state": "ENABLED", "variants": {"on": true},
            "targeting": {"var": "pick"}}));
        let r = eval(doc.clone(), None, json!({"pick": "nope"}));
        assert_eq!(r.reason, Reason::Error);
        assert!(r.error.unwrap().contains("variant \"nope\""));
        let doc = flag(json!({"state": "ENABLED", "variants": {"on": true},
            "targeting": {"==": [{"var": "o"}, 1]}}));
        let r = eval(doc, None, json!({"o": [1]}));
        assert_eq!(r.reason, Reason::Error);
        assert!(r.error.unwrap().contains("flags.f.targeting"));
    }

    #[test]
    fn no_default_variant_leaves_the_application_default() {
        let doc =
            flag(json!({"state": "ENABLED", "variants": {"on": true}, "defaultVariant": null}));
        let r = eval(doc, None, json!({}));
        assert_eq!(
            (r.variant, r.value, r.reason),
            (None, None, Reason::Default)
        );
    }
}
