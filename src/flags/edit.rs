//! Changes to a flag document: enable (for everyone or a percentage of targeting keys),
//! disable (the kill switch), weighted variants. Each edits only the one flag it names, in
//! place, so other flags, unknown-to-us formatting choices and key order stay as they were.

use serde_json::{Map, Value, json};

use crate::error::Error;
use crate::flags::fractional::MAX_TOTAL_WEIGHT;
use crate::flags::model::{self, Flag};

/// A share of targeting keys, in hundredths of a percent (0..=10000).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(u32);

impl Percent {
    pub const FULL: Percent = Percent(10_000);

    pub fn from_basis_points(bp: u32) -> Option<Percent> {
        (bp <= 10_000).then_some(Percent(bp))
    }

    pub fn basis_points(self) -> u32 {
        self.0
    }

    /// `25`, `2.5`, `0.25`: 0 to 100 with at most two decimals.
    pub fn parse(text: &str) -> Result<Percent, String> {
        let bad =
            || format!("{text:?} is not a percentage: expected 0 to 100, at most two decimals");
        let t = text.trim().trim_end_matches('%');
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        if int.is_empty()
            || frac.len() > 2
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || int.len() > 3
        {
            return Err(bad());
        }
        let whole: u32 = int.parse().map_err(|_| bad())?;
        let hundredths: u32 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
        Percent::from_basis_points(whole * 100 + hundredths).ok_or_else(bad)
    }
}

impl std::fmt::Display for Percent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        if frac == 0 {
            write!(f, "{whole}%")
        } else if frac % 10 == 0 {
            write!(f, "{whole}.{}%", frac / 10)
        } else {
            write!(f, "{whole}.{frac:02}%")
        }
    }
}

/// What a change did, for the message to the user.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub flag: String,
    pub created: bool,
    pub summary: String,
}

/// `enable NAME [--percentage P]`: a boolean flag on for P% of targeting keys (a `fractional`
/// rule), or for everyone; a missing flag is created with variants `on`/`off`. A non-boolean
/// flag can only be switched back on (state ENABLED), its targeting left as it is.
pub fn enable(
    doc: &mut Value,
    name: &str,
    percent: Option<Percent>,
    replace_targeting: bool,
) -> Result<Outcome, Error> {
    let set = model::parse(doc)?;
    let created = set.get(name).is_none();
    if created {
        flags_mut(doc)?.insert(
            name.to_string(),
            json!({"state": "DISABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off"}),
        );
    }
    let set = model::parse(doc)?;
    let flag = set.require(name)?;
    let path = format!("flags.{name}");
    let Some((on, off)) = flag.on_off() else {
        if percent.is_some() {
            return Err(Error::flag(
                "--percentage",
                format!(
                    "flag {name:?} is not a boolean flag with a true and a false variant (variants: {}); give weights with `flags set {name} --variant V=W`",
                    flag.variant_names().join(", ")
                ),
            ));
        }
        set_field(flag_mut(doc, name)?, "state", json!("ENABLED"));
        return Ok(Outcome {
            flag: name.into(),
            created,
            summary: "enabled (targeting unchanged)".into(),
        });
    };
    let percent = percent.unwrap_or(Percent::FULL);
    let existing = rollout_shape(flag, &on, &off);
    if flag.targeting.is_some() && existing.is_none() && !replace_targeting {
        return Err(Error::field(
            format!("{path}.targeting"),
            "is a custom rule, not a percentage of on/off; `enable` would replace it (pass --replace-targeting to do so)",
        ));
    }
    let obj = flag_mut(doc, name)?;
    set_field(obj, "state", json!("ENABLED"));
    if percent == Percent::FULL {
        set_field(obj, "defaultVariant", json!(on));
        obj.shift_remove("targeting");
        return Ok(Outcome {
            flag: name.into(),
            created,
            summary: format!("on for everyone (variant {on:?})"),
        });
    }
    set_field(obj, "defaultVariant", json!(off));
    let shape = existing.unwrap_or(Shape {
        bucket_by: None,
        on_first: true,
        on_percent: Percent(0),
    });
    set_field(obj, "targeting", shape.with_percent(percent, &on, &off));
    Ok(Outcome {
        flag: name.into(),
        created,
        summary: format!("on for {percent} of targeting keys (variant {on:?}, else {off:?})"),
    })
}

/// `disable NAME`: the kill switch. State DISABLED: every provider answers reason DISABLED
/// and the application's own default, at once, whatever the targeting.
pub fn disable(doc: &mut Value, name: &str) -> Result<Outcome, Error> {
    let set = model::parse(doc)?;
    set.require(name)?;
    set_field(flag_mut(doc, name)?, "state", json!("DISABLED"));
    Ok(Outcome {
        flag: name.into(),
        created: false,
        summary: "disabled for everyone (reason DISABLED, the application's default)".into(),
    })
}

/// `set NAME --variant V=W ...`: targeting keys split across variants by weight.
pub fn set_weights(
    doc: &mut Value,
    name: &str,
    weights: &[(String, u64)],
    replace_targeting: bool,
) -> Result<Outcome, Error> {
    let set = model::parse(doc)?;
    let flag = set.require(name)?;
    if weights.is_empty() {
        return Err(Error::flag("--variant", "give at least one VARIANT=WEIGHT"));
    }
    for (variant, _) in weights {
        if !flag.variants.contains_key(variant) {
            return Err(Error::flag(
                "--variant",
                format!(
                    "{variant:?} is not a variant of flag {name:?} (variants: {})",
                    flag.variant_names().join(", ")
                ),
            ));
        }
    }
    // Saturating: weights from a caller other than the CLI may be as large as they like.
    let total = weights.iter().fold(0u64, |t, (_, w)| t.saturating_add(*w));
    if total == 0 || total > MAX_TOTAL_WEIGHT {
        return Err(Error::flag(
            "--variant",
            format!("the weights sum to {total}; expected 1 to {MAX_TOTAL_WEIGHT}"),
        ));
    }
    let bucket_by = match &flag.targeting {
        None => None,
        Some(t) => match top_level_fractional(t) {
            Some((bucket_by, _)) => bucket_by.cloned(),
            None if replace_targeting => None,
            None => {
                return Err(Error::field(
                    format!("flags.{name}.targeting"),
                    "is a custom rule, not a fractional split; `set` would replace it (pass --replace-targeting to do so)",
                ));
            }
        },
    };
    let mut args: Vec<Value> = bucket_by.into_iter().collect();
    args.extend(weights.iter().map(|(v, w)| json!([v, w])));
    set_field(
        flag_mut(doc, name)?,
        "targeting",
        json!({"fractional": args}),
    );
    let split: Vec<String> = weights.iter().map(|(v, w)| format!("{v}={w}")).collect();
    Ok(Outcome {
        flag: name.into(),
        created: false,
        summary: format!("split by weight {}", split.join(" ")),
    })
}

/// A boolean flag's percentage rollout as this tool writes it: a top-level `fractional` of
/// the on and off variants (an explicit bucketing value kept).
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub bucket_by: Option<Value>,
    /// Whether `on` is the first bucket (the low hashes).
    pub on_first: bool,
    pub on_percent: Percent,
}

impl Shape {
    /// The same rule with another percentage. The bucket order is kept, so raising the
    /// percentage only adds keys: a key is on when `hash / 2^32 < P/100` (on first) or
    /// `>= 1 - P/100` (off first), whatever the weights' scale.
    fn with_percent(&self, percent: Percent, on: &str, off: &str) -> Value {
        let bp = percent.basis_points();
        let (on_w, off_w, scale) = if bp.is_multiple_of(100) {
            (bp / 100, 100 - bp / 100, 100)
        } else {
            (bp, 10_000 - bp, 10_000)
        };
        debug_assert_eq!(on_w + off_w, scale);
        let mut args: Vec<Value> = self.bucket_by.clone().into_iter().collect();
        if self.on_first {
            args.push(json!([on, on_w]));
            args.push(json!([off, off_w]));
        } else {
            args.push(json!([off, off_w]));
            args.push(json!([on, on_w]));
        }
        json!({"fractional": args})
    }
}

/// The percentage a boolean flag is on for, when its targeting is a plain on/off split (or
/// absent: 100% or 0% by the default variant). `None` for custom rules.
pub fn rollout_shape(flag: &Flag, on: &str, off: &str) -> Option<Shape> {
    let Some(targeting) = &flag.targeting else {
        let bp = if flag.default_variant.as_deref() == Some(on) {
            10_000
        } else {
            0
        };
        return Some(Shape {
            bucket_by: None,
            on_first: true,
            on_percent: Percent(bp),
        });
    };
    let (bucket_by, buckets) = top_level_fractional(targeting)?;
    let mut weights = Vec::new();
    for b in buckets {
        let items = b.as_array()?;
        let name = items.first()?.as_str()?;
        let weight = match items.get(1) {
            None => 1,
            Some(w) => w.as_u64()?,
        };
        weights.push((name, weight));
    }
    let [(first, w1), (second, w2)] = weights[..] else {
        return None;
    };
    let (on_first, on_w) = match (first, second) {
        (a, b) if a == on && b == off => (true, w1),
        (a, b) if a == off && b == on => (false, w2),
        _ => return None,
    };
    let total = w1 + w2;
    if total == 0 || (on_w * 10_000) % total != 0 {
        return None;
    }
    Some(Shape {
        bucket_by: bucket_by.cloned(),
        on_first,
        on_percent: Percent((on_w * 10_000 / total) as u32),
    })
}

/// `{"fractional": [bucketBy?, buckets...]}` at the top of a rule.
fn top_level_fractional(rule: &Value) -> Option<(Option<&Value>, &[Value])> {
    let obj = rule.as_object()?;
    if obj.len() != 1 {
        return None;
    }
    let args = obj.get("fractional")?.as_array()?;
    match args.first() {
        Some(first) if !first.is_array() => Some((Some(first), &args[1..])),
        _ => Some((None, &args[..])),
    }
}

fn flags_mut(doc: &mut Value) -> Result<&mut Map<String, Value>, Error> {
    doc.get_mut("flags")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| Error::field("flags", "expected an object of flags by name"))
}

fn flag_mut<'a>(doc: &'a mut Value, name: &str) -> Result<&'a mut Map<String, Value>, Error> {
    flags_mut(doc)?
        .get_mut(name)
        .and_then(Value::as_object_mut)
        .ok_or_else(|| Error::field(format!("flags.{name}"), "no such flag"))
}

/// Sets a field, keeping its place when it exists.
fn set_field(obj: &mut Map<String, Value>, key: &str, value: Value) {
    match obj.get_mut(key) {
        Some(slot) => *slot = value,
        None => {
            obj.insert(key.to_string(), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::eval::{Compiled, Reason, context};

    fn p(text: &str) -> Percent {
        Percent::parse(text).unwrap()
    }

    fn seed() -> Value {
        serde_json::from_str(include_str!("../../examples/flags/flags.flagd.json")).unwrap()
    }

    #[test]
    fn percentages_parse_and_print() {
        assert_eq!(p("25").basis_points(), 2500);
        assert_eq!(p("2.5").basis_points(), 250);
        assert_eq!(p("0.25").basis_points(), 25);
        assert_eq!(p("100%").basis_points(), 10_000);
        assert_eq!(p("2.5").to_string(), "2.5%");
        assert_eq!(p("0.25").to_string(), "0.25%");
        for bad in ["101", "-1", "1.234", "", "x", ".5", "1e2"] {
            assert!(Percent::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn enable_with_a_percentage_writes_a_fractional_rule() {
        let mut doc = seed();
        let out = enable(&mut doc, "new_search_ui", Some(p("25")), false).unwrap();
        assert!(out.summary.contains("25%"));
        assert_eq!(
            doc["flags"]["new_search_ui"],
            json!({"state": "ENABLED", "variants": {"on": true, "off": false},
                   "defaultVariant": "off",
                   "targeting": {"fractional": [["on", 25], ["off", 75]]}})
        );
        enable(&mut doc, "new_search_ui", Some(p("2.5")), false).unwrap();
        assert_eq!(
            doc["flags"]["new_search_ui"]["targeting"],
            json!({"fractional": [["on", 250], ["off", 9750]]})
        );
        enable(&mut doc, "new_search_ui", None, false).unwrap();
        assert_eq!(
            doc["flags"]["new_search_ui"],
            json!({"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on"})
        );
    }

    #[test]
    fn other_flags_and_key_order_are_untouched() {
        let mut doc = seed();
        let before = serde_json::to_string_pretty(&doc).unwrap();
        enable(&mut doc, "dark_mode", Some(p("50")), false).unwrap();
        enable(&mut doc, "dark_mode", None, false).unwrap();
        assert_eq!(serde_json::to_string_pretty(&doc).unwrap(), before);
        let keys: Vec<&String> = doc["flags"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["new_search_ui", "dark_mode", "experimental_editor"]);
    }

    #[test]
    fn the_kill_switch_turns_everyone_off_whatever_the_percentage() {
        let mut doc = seed();
        disable(&mut doc, "experimental_editor").unwrap();
        let set = model::parse(&doc).unwrap();
        let c = Compiled::new(set.require("experimental_editor").unwrap()).unwrap();
        for i in 0..200 {
            let r = c.evaluate(&context(Some(&format!("user-{i}")), Map::new()), 0);
            assert_eq!(r.reason, Reason::Disabled);
        }
        assert!(
            disable(&mut doc, "nope")
                .unwrap_err()
                .to_string()
                .contains("no such flag")
        );
    }

    #[test]
    fn enable_creates_a_missing_boolean_flag() {
        let mut doc = model::empty_document();
        let out = enable(&mut doc, "beta", Some(p("10")), false).unwrap();
        assert!(out.created);
        assert_eq!(
            doc["flags"]["beta"]["targeting"],
            json!({"fractional": [["on", 10], ["off", 90]]})
        );
    }

    #[test]
    fn custom_targeting_is_not_replaced_silently() {
        let mut doc = json!({"flags": {"f": {"state": "ENABLED", "variants": {"on": true, "off": false},
            "defaultVariant": "off", "targeting": {"if": [{"in": ["@faas.com", {"var": "email"}]}, "on", null]}}}});
        let err = enable(&mut doc, "f", Some(p("5")), false)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("flags.f.targeting: is a custom rule"),
            "{err}"
        );
        enable(&mut doc, "f", Some(p("5")), true).unwrap();
        assert_eq!(
            doc["flags"]["f"]["targeting"],
            json!({"fractional": [["on", 5], ["off", 95]]})
        );
    }

    #[test]
    fn an_existing_split_keeps_its_bucketing_value_and_order() {
        let mut doc = json!({"flags": {"f": {"state": "ENABLED", "variants": {"on": true, "off": false},
            "defaultVariant": "off", "targeting": {"fractional": [{"var": "email"}, ["off", 90], ["on", 10]]}}}});
        enable(&mut doc, "f", Some(p("30")), false).unwrap();
        assert_eq!(
            doc["flags"]["f"]["targeting"],
            json!({"fractional": [{"var": "email"}, ["off", 70], ["on", 30]]})
        );
        let set = model::parse(&doc).unwrap();
        let flag = set.require("f").unwrap();
        assert_eq!(
            rollout_shape(flag, "on", "off").unwrap().on_percent,
            p("30")
        );
    }

    #[test]
    fn percentage_needs_a_boolean_flag() {
        let mut doc =
            json!({"flags": {"c": {"state": "DISABLED", "variants": {"red": "r", "blue": "b"}}}});
        let err = enable(&mut doc, "c", Some(p("5")), false)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("--percentage: flag \"c\" is not a boolean flag"),
            "{err}"
        );
        enable(&mut doc, "c", None, false).unwrap();
        assert_eq!(doc["flags"]["c"]["state"], "ENABLED");
    }

    #[test]
    fn set_writes_weighted_variants() {
        let mut doc = json!({"flags": {"c": {"state": "ENABLED", "variants": {"red": "r", "blue": "b"}, "defaultVariant": "red"}}});
        set_weights(
            &mut doc,
            "c",
            &[("red".into(), 1), ("blue".into(), 3)],
            false,
        )
        .unwrap();
        assert_eq!(
            doc["flags"]["c"]["targeting"],
            json!({"fractional": [["red", 1], ["blue", 3]]})
        );
        let err = set_weights(&mut doc, "c", &[("green".into(), 1)], false)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("--variant: \"green\" is not a variant"),
            "{err}"
        );
        let err = set_weights(&mut doc, "c", &[("red".into(), 0)], false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("sum to 0"), "{err}");
    }
}
