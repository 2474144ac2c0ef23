//! flagd's `sem_ver` operator: `[version, operator, version]` with `=`, `!=`, `<`, `<=`, `>`,
//! `>=`, `^` (same major) and `~` (same major and minor). As flagd-core reads versions: a
//! leading `v`/`V` is dropped, `1` and `1.2` mean `1.0.0` and `1.2.0`, build metadata does not
//! count; anything else that is not a semantic version makes the rule null.

use std::cmp::Ordering;

use semver::Version;
use serde_json::Value;

use crate::error::Error;
use crate::flags::js;

pub const OPERATORS: &[&str] = &["=", "!=", "<", "<=", ">", ">=", "^", "~"];

/// node-semver's limits: 256 characters, components up to 2^53 - 1.
const MAX_LENGTH: usize = 256;
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The evaluated `[version, operator, version]`: a boolean, or null when it cannot compare.
pub fn evaluate(args: &[Value]) -> Value {
    let [a, op, b] = args else {
        return Value::Null;
    };
    let (Some(a), Some(b)) = (parse(&js::to_string(a)), parse(&js::to_string(b))) else {
        return Value::Null;
    };
    let order = precedence(&a, &b);
    let result = match js::to_string(op).as_str() {
        "=" => order == Ordering::Equal,
        "!=" => order != Ordering::Equal,
        "<" => order == Ordering::Less,
        "<=" => order != Ordering::Greater,
        ">" => order == Ordering::Greater,
        ">=" => order != Ordering::Less,
        "^" => a.major == b.major,
        "~" => a.major == b.major && a.minor == b.minor,
        _ => return Value::Null,
    };
    Value::Bool(result)
}

/// A version as flagd-core normalises it, or `None`.
pub fn parse(raw: &str) -> Option<Version> {
    let text = raw
        .strip_prefix('v')
        .or_else(|| raw.strip_prefix('V'))
        .unwrap_or(raw);
    if text.encode_utf16().count() > MAX_LENGTH {
        return None;
    }
    let trimmed = text.trim();
    let trimmed = trimmed.strip_prefix('v').unwrap_or(trimmed);
    if let Ok(v) = Version::parse(trimmed) {
        return safe(v);
    }
    // Partial versions: "1" and "1.2" (at most 16 digits a part, as node-semver coerces).
    let parts: Vec<&str> = text.split('.').collect();
    let partial = parts.len() <= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 16 && p.bytes().all(|b| b.is_ascii_digit()));
    if !partial {
        return None;
    }
    let minor = parts.get(1).copied().unwrap_or("0");
    Version::parse(&format!("{}.{minor}.0", parts[0]))
        .ok()
        .and_then(safe)
}

fn safe(v: Version) -> Option<Version> {
    (v.major <= MAX_SAFE_INTEGER && v.minor <= MAX_SAFE_INTEGER && v.patch <= MAX_SAFE_INTEGER)
        .then_some(v)
}

/// Semantic-version precedence: build metadata is ignored.
fn precedence(a: &Version, b: &Version) -> Ordering {
    (a.major, a.minor, a.patch, &a.pre).cmp(&(b.major, b.minor, b.patch, &b.pre))
}

/// Compile-time checks of literal arguments: an unknown operator or a literal version that
/// does not parse is an error naming it (flagd would evaluate the rule to null).
pub fn check_literal(data: &Value, path: &str) -> Result<(), Error> {
    let Value::Array(args) = data else {
        return Ok(());
    };
    if let Some(Value::String(op)) = args.get(1)
        && !OPERATORS.contains(&op.as_str())
    {
        return Err(Error::field(
            format!("{path}[1]"),
            format!(
                "unknown sem_ver operator {op:?} (expected one of {})",
                OPERATORS.join(" ")
            ),
        ));
    }
    for i in [0, 2] {
        if let Some(Value::String(v)) = args.get(i)
            && parse(v).is_none()
        {
            return Err(Error::field(
                format!("{path}[{i}]"),
                format!("{v:?} is not a semantic version (e.g. 1.2.3, v1.2.3-rc.1, 1.2)"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sv(a: &str, op: &str, b: &str) -> Value {
        evaluate(&[json!(a), json!(op), json!(b)])
    }

    #[test]
    fn compares_by_precedence() {
        let t = json!(true);
        let f = json!(false);
        assert_eq!(sv("1.2.3", "=", "1.2.3+build.5"), t);
        assert_eq!(sv("v1.2.3", "=", "1.2.3"), t);
        assert_eq!(sv("1.2.3-alpha", "<", "1.2.3"), t);
        assert_eq!(sv("1.2.3-alpha.2", "<", "1.2.3-alpha.10"), t);
        assert_eq!(sv("1.2.3-alpha.10", "<", "1.2.3-beta"), t);
        assert_eq!(sv("1.2.3-1", "<", "1.2.3-a"), t);
        assert_eq!(sv("2.0.0", ">=", "1.9.9"), t);
        assert_eq!(sv("1.2", "=", "1.2.0"), t);
        assert_eq!(sv("1", "<", "1.0.1"), t);
        assert_eq!(sv("1.5.0", "^", "1.0.0"), t);
        assert_eq!(sv("2.0.0", "^", "1.0.0"), f);
        assert_eq!(sv("1.2.9", "~", "1.2.0"), t);
        assert_eq!(sv("1.3.0", "~", "1.2.0"), f);
        assert_eq!(sv("1.0.0", "!=", "1.0.1"), t);
    }

    #[test]
    fn what_cannot_compare_is_null() {
        assert_eq!(sv("not-a-version", "=", "1.0.0"), Value::Null);
        assert_eq!(sv("2.0.0.0", "=", "1.0.0"), Value::Null);
        assert_eq!(sv("01.2.3", "=", "1.2.3"), Value::Null);
        assert_eq!(sv("1.0.0", "<>", "1.0.0"), Value::Null);
        assert_eq!(evaluate(&[json!("1.0.0"), json!("=")]), Value::Null);
        // A number is read as its JavaScript text: 1.2 is "1.2", i.e. 1.2.0.
        assert_eq!(
            evaluate(&[json!(1.2), json!("="), json!("1.2.0")]),
            json!(true)
        );
    }

    #[test]
    fn literal_mistakes_are_input_errors() {
        let err = check_literal(&json!(["1.0.0", "=>", "2.0.0"]), "t.sem_ver").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("t.sem_ver[1]: unknown sem_ver operator")
        );
        let err = check_literal(&json!([{"var": "v"}, ">=", "one"]), "t.sem_ver").unwrap_err();
        assert!(err.to_string().starts_with("t.sem_ver[2]: \"one\""));
        assert!(check_literal(&json!([{"var": "v"}, ">=", "1.2"]), "t").is_ok());
    }
}
