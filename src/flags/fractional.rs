//! flagd's `fractional` operator: a targeting key hashed into weighted buckets.
//!
//! As flagd evaluates it (`core/pkg/evaluator/fractional.go`; the same in flagd-core): the value
//! bucketed is the first argument when it is a string, else `$flagd.flagKey + targetingKey`;
//! murmur3 x86_32 with seed 0 over its UTF-8 bytes; `bucket = (hash * totalWeight) >> 32`
//! with integer weights (negative ones count as 0, the sum at most 2^31 - 1); the first
//! variant whose running weight exceeds the bucket wins. A bucket is `[variant]` (weight 1) or
//! `[variant, weight]`.

use serde_json::Value;

use crate::error::Error;
use crate::flags::logic::js_truthy;
use crate::flags::{js, murmur3};

/// The largest total weight flagd accepts (Go's `math.MaxInt32`).
pub const MAX_TOTAL_WEIGHT: u64 = 2_147_483_647;

/// One weighted bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    pub variant: Value,
    pub weight: u64,
}

/// The arguments after evaluation; `Null` where flagd-core answers null (the flag's default).
pub fn evaluate(args: &[Value], data: &Value) -> Value {
    let (bucket_by, buckets) = match args.first() {
        None => return Value::Null,
        Some(Value::String(s)) => (s.clone(), &args[1..]),
        Some(_) => {
            let key = data.get("targetingKey").unwrap_or(&Value::Null);
            let flag_key = data
                .get("$flagd")
                .and_then(|p| p.get("flagKey"))
                .map(js::to_string)
                .unwrap_or_else(|| "undefined".to_string());
            match default_bucket_by(&flag_key, key) {
                Some(by) => (by, args),
                None => return Value::Null,
            }
        }
    };
    match parse_buckets(buckets) {
        Ok(buckets) => pick(&buckets, murmur3::murmur3_32(bucket_by.as_bytes(), 0))
            .cloned()
            .unwrap_or(Value::Null),
        Err(_) => Value::Null,
    }
}

/// What flagd buckets by without an explicit first argument: the flag's key then the
/// targeting key as text; `None` when the targeting key is falsy (flagd answers null).
pub fn default_bucket_by(flag_key: &str, targeting_key: &Value) -> Option<String> {
    if !js_truthy(targeting_key) {
        return None;
    }
    let mut by = String::with_capacity(flag_key.len() + 24);
    by.push_str(flag_key);
    match targeting_key {
        Value::String(s) => by.push_str(s),
        other => by.push_str(&js::to_string(other)),
    }
    Some(by)
}

/// The variant a hash falls in, or `None` when the weights sum to 0.
pub fn pick(buckets: &[Bucket], hash: u32) -> Option<&Value> {
    let total: u64 = buckets.iter().map(|b| b.weight).sum();
    let bucket = (u64::from(hash) * total) >> 32;
    let mut end = 0u64;
    for b in buckets {
        end += b.weight;
        if bucket < end {
            return Some(&b.variant);
        }
    }
    None
}

/// The buckets of evaluated arguments, or why flagd would not use them.
pub fn parse_buckets(values: &[Value]) -> Result<Vec<Bucket>, String> {
    let mut total = 0f64;
    let buckets = values
        .iter()
        .map(|entry| {
            let Value::Array(items) = entry else {
                return Err("a bucket must be an array [variant, weight]".to_string());
            };
            if items.is_empty() || items.len() > 2 {
                return Err(format!(
                    "a bucket must be [variant] or [variant, weight], got {} elements",
                    items.len()
                ));
            }
            let variant = match &items[0] {
                v @ (Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null) => {
                    v.clone()
                }
                _ => return Err("a bucket's variant must be a string, number or boolean".into()),
            };
            let weight = match items.get(1) {
                None => 1.0,
                Some(Value::Number(n)) => {
                    let w = n.as_f64().unwrap_or(f64::NAN);
                    if !w.is_finite() || w.fract() != 0.0 {
                        return Err(format!("a bucket's weight must be an integer, got {n}"));
                    }
                    w.max(0.0)
                }
                Some(other) => {
                    return Err(format!("a bucket's weight must be an integer, got {other}"));
                }
            };
            total += weight;
            Ok(Bucket {
                variant,
                weight: weight as u64,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if total > MAX_TOTAL_WEIGHT as f64 {
        return Err(format!(
            "the weights sum to {}, more than flagd's maximum {MAX_TOTAL_WEIGHT}",
            js::number_to_string(total)
        ));
    }
    Ok(buckets)
}

/// Compile-time checks of a `fractional` whose buckets are written out: what flagd would
/// silently evaluate to the default is an error here, naming the bucket.
pub fn check_literal(data: &Value, path: &str, variants: &[String]) -> Result<(), Error> {
    let Value::Array(args) = data else {
        return Ok(());
    };
    let start = usize::from(matches!(args.first(), Some(Value::String(_))));
    let literal: Vec<(usize, &Value)> = args
        .iter()
        .enumerate()
        .skip(start)
        .filter(|(_, v)| is_literal_bucket(v))
        .collect();
    for (i, entry) in &literal {
        if let Err(message) = parse_buckets(std::slice::from_ref(*entry)) {
            return Err(Error::field(format!("{path}[{i}]"), message));
        }
        if let Some(Value::String(name)) = entry.get(0)
            && !variants.is_empty()
            && !variants.iter().any(|v| v == name)
        {
            return Err(Error::field(
                format!("{path}[{i}][0]"),
                format!(
                    "variant {name:?} is not one of the flag's variants ({})",
                    variants.join(", ")
                ),
            ));
        }
    }
    if literal.len() == args.len() - start {
        let entries: Vec<Value> = literal.iter().map(|(_, v)| (*v).clone()).collect();
        parse_buckets(&entries).map_err(|message| Error::field(path, message))?;
    }
    Ok(())
}

/// A bucket written as data: an array (or anything that is not a rule object).
fn is_literal_bucket(value: &Value) -> bool {
    match value {
        Value::Object(_) => false,
        Value::Array(items) => items
            .iter()
            .all(|v| !matches!(v, Value::Object(m) if !m.is_empty())),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn data(flag: &str, key: &str) -> Value {
        json!({"targetingKey": key, "$flagd": {"flagKey": flag, "timestamp": 0}})
    }

    /// flagd's published vectors (`TestFractionalEvaluation` in core/pkg/evaluator): flag
    /// `headerColor`, four equal buckets, bucketed by `$flagd.flagKey` + email.
    #[test]
    fn flagd_published_header_color_vectors() {
        let buckets = [
            json!(["red", 25]),
            json!(["blue", 25]),
            json!(["green", 25]),
            json!(["yellow", 25]),
        ];
        for (email, want) in [
            ("rachel@faas.com", "blue"),
            ("monica@faas.com", "yellow"),
            ("joey@faas.com", "red"),
            ("ross@faas.com", "blue"),
        ] {
            let mut explicit = vec![json!(format!("headerColor{email}"))];
            explicit.extend(buckets.iter().cloned());
            assert_eq!(evaluate(&explicit, &data("x", "y")), json!(want), "{email}");
            // Without a bucketing value: the flag key and the targeting key, the same bytes.
            assert_eq!(
                evaluate(&buckets, &data("headerColor", email)),
                json!(want),
                "{email}"
            );
        }
    }

    #[test]
    fn without_a_bucketing_value_the_flag_key_and_targeting_key_are_hashed() {
        let args = [json!(["on", 50]), json!(["off", 50])];
        let got = evaluate(&args, &data("my-flag", "user-1"));
        let hash = murmur3::murmur3_32(b"my-flaguser-1", 0);
        let want = if (u64::from(hash) * 100) >> 32 < 50 {
            "on"
        } else {
            "off"
        };
        assert_eq!(got, json!(want));
    }

    #[test]
    fn no_targeting_key_is_null() {
        let args = [json!(["on", 50]), json!(["off", 50])];
        let no_key = json!({"$flagd": {"flagKey": "f"}});
        assert_eq!(evaluate(&args, &no_key), Value::Null);
        assert_eq!(evaluate(&args, &data("f", "")), Value::Null);
    }

    #[test]
    fn bucket_boundaries_use_the_high_bits() {
        let buckets = [
            Bucket {
                variant: json!("a"),
                weight: 1,
            },
            Bucket {
                variant: json!("b"),
                weight: 1,
            },
        ];
        assert_eq!(pick(&buckets, 0), Some(&json!("a")));
        assert_eq!(pick(&buckets, 0x7fff_ffff), Some(&json!("a")));
        assert_eq!(pick(&buckets, 0x8000_0000), Some(&json!("b")));
        assert_eq!(pick(&buckets, u32::MAX), Some(&json!("b")));
        let zero = [Bucket {
            variant: json!("a"),
            weight: 0,
        }];
        assert_eq!(pick(&zero, 5), None);
    }

    #[test]
    fn weights_are_validated_as_flagd_does() {
        assert!(parse_buckets(&[json!(["a", 1.5])]).is_err());
        assert!(parse_buckets(&[json!(["a", "1"])]).is_err());
        assert!(parse_buckets(&[json!([])]).is_err());
        assert!(parse_buckets(&[json!(["a", 1, 2])]).is_err());
        assert!(parse_buckets(&[json!([["a"], 1])]).is_err());
        assert!(parse_buckets(&[json!(["a", 2_147_483_647u64]), json!(["b", 1])]).is_err());
        let clamped = parse_buckets(&[json!(["a", -5]), json!(["b"])]).unwrap();
        assert_eq!(clamped[0].weight, 0);
        assert_eq!(clamped[1].weight, 1);
        assert_eq!(parse_buckets(&[json!(["a", 2.0])]).unwrap()[0].weight, 2);
    }

    #[test]
    fn literal_buckets_are_checked_when_compiling() {
        let variants = ["on".to_string(), "off".to_string()];
        let err = check_literal(&json!([["on", 50], ["of", 50]]), "t.fractional", &variants)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t.fractional[1][0]: variant \"of\""),
            "{err}"
        );
        let err = check_literal(&json!(["k", ["on", 0.5]]), "t.fractional", &variants)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t.fractional[1]: a bucket's weight must be an integer"),
            "{err}"
        );
        assert!(check_literal(&json!([{"var": "k"}, ["on", 1]]), "t", &variants).is_ok());
    }
}
