//! flagd's targeting rules: the JSONLogic subset flag files use (`if`, `==`, `in`, `var`,
//! `and`, `or`, `cat`) and flagd's own operators (`fractional`, `starts_with`, `ends_with`,
//! `sem_ver`), compiled once from JSON (errors name the rule's path) and evaluated against a
//! context with the semantics of flagd's JavaScript evaluator (json-logic-engine).

use serde_json::Value;

use crate::error::Error;
use crate::flags::{fractional, js, sem_ver};

/// The operators this tool evaluates; anything else in a rule is an error naming its path.
pub const SUPPORTED: &[&str] = &[
    "var",
    "if",
    "==",
    "in",
    "and",
    "or",
    "cat",
    "fractional",
    "starts_with",
    "ends_with",
    "sem_ver",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Var,
    If,
    Eq,
    In,
    And,
    Or,
    Cat,
    Fractional,
    StartsWith,
    EndsWith,
    SemVer,
}

impl Op {
    fn from_name(name: &str) -> Option<Op> {
        Some(match name {
            "var" => Op::Var,
            "if" => Op::If,
            "==" => Op::Eq,
            "in" => Op::In,
            "and" => Op::And,
            "or" => Op::Or,
            "cat" => Op::Cat,
            "fractional" => Op::Fractional,
            "starts_with" => Op::StartsWith,
            "ends_with" => Op::EndsWith,
            "sem_ver" => Op::SemVer,
            _ => return None,
        })
    }

    /// Lazy operators get their arguments unevaluated and must be given an array of them.
    fn is_lazy(self) -> bool {
        matches!(self, Op::If | Op::Eq | Op::And | Op::Or)
    }
}

/// A compiled rule: a literal, an array of rules, or an operator applied to arguments.
#[derive(Debug, Clone)]
pub struct Rule {
    node: Node,
    /// Where the rule is in the flag file, for error messages.
    path: String,
}

#[derive(Debug, Clone)]
enum Node {
    Literal(Value),
    Array(Vec<Rule>),
    Op { op: Op, args: Args },
}

#[derive(Debug, Clone)]
enum Args {
    /// An array of argument rules (or one literal, wrapped).
    List(Vec<Rule>),
    /// One rule whose result is the argument list (an array) or its only argument.
    Expr(Box<Rule>),
}

/// What a rule is evaluated against: the evaluation context with `targetingKey` and `$flagd`.
pub struct Scope<'a> {
    pub data: &'a Value,
}

/// A rule that failed while evaluating (flagd answers such a flag with reason ERROR).
#[derive(Debug, Clone, PartialEq)]
pub struct EvalError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// What the compiler checks literal `fractional` variants against.
pub struct CompileOptions<'a> {
    pub variants: &'a [String],
}

/// Compiles a targeting rule found at `path` (e.g. `flags.x.targeting`).
pub fn compile(value: &Value, path: &str, options: &CompileOptions) -> Result<Rule, Error> {
    let node = match value {
        Value::Array(items) => Node::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| compile(item, &format!("{path}[{i}]"), options))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) if map.is_empty() => Node::Literal(value.clone()),
        Value::Object(map) => {
            if map.len() > 1 {
                let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                return Err(Error::field(
                    path,
                    format!(
                        "a rule object must have exactly one key, its operator; found {}",
                        keys.join(", ")
                    ),
                ));
            }
            let (name, data) = map.iter().next().expect("one key");
            let op_path = format!("{path}.{name}");
            let op = Op::from_name(name).ok_or_else(|| {
                Error::field(
                    &op_path,
                    format!(
                        "operator {name:?} is not supported (supported: {})",
                        SUPPORTED.join(", ")
                    ),
                )
            })?;
            let args = match data {
                Value::Array(items) => Args::List(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| compile(item, &format!("{op_path}[{i}]"), options))
                        .collect::<Result<_, _>>()?,
                ),
                _ if op.is_lazy() => {
                    return Err(Error::field(
                        &op_path,
                        format!("`{name}` takes an array of arguments"),
                    ));
                }
                Value::Object(m) if !m.is_empty() => {
                    Args::Expr(Box::new(compile(data, &op_path, options)?))
                }
                _ => Args::List(vec![Rule {
                    node: Node::Literal(data.clone()),
                    path: format!("{op_path}[0]"),
                }]),
            };
            check_arity(op, name, &args, &op_path)?;
            if op == Op::Fractional {
                fractional::check_literal(data, &op_path, options.variants)?;
            }
            if op == Op::SemVer {
                sem_ver::check_literal(data, &op_path)?;
            }
            Node::Op { op, args }
        }
        scalar => Node::Literal(scalar.clone()),
    };
    Ok(Rule {
        node,
        path: path.to_string(),
    })
}

fn check_arity(op: Op, name: &str, args: &Args, path: &str) -> Result<(), Error> {
    let Args::List(list) = args else {
        return Ok(());
    };
    let n = list.len();
    let wanted = match op {
        Op::Eq if n < 2 => "2 or more arguments",
        Op::In | Op::StartsWith | Op::EndsWith if n != 2 => "2 arguments",
        Op::SemVer if n != 3 => "3 arguments: version, operator, version",
        Op::Var if n > 2 => "a path and an optional default",
        Op::Fractional if n == 0 => "at least one [variant, weight] bucket",
        _ => return Ok(()),
    };
    Err(Error::field(
        path,
        format!("`{name}` takes {wanted}, got {n}"),
    ))
}

impl Rule {
    /// Evaluates the rule; `Err` is a rule that fails at run time (flagd's reason ERROR).
    /// The value of a rule that is a literal (arrays of literals included).
    fn literal(&self) -> Option<Value> {
        match &self.node {
            Node::Literal(v) => Some(v.clone()),
            Node::Array(items) => items.iter().map(Rule::literal).collect::<Option<_>>(),
            Node::Op { .. } => None,
        }
    }

    /// When the whole rule is a `fractional` with its buckets written out and bucketed the
    /// default way (flagKey + targetingKey): the buckets, checked once, so an evaluation only
    /// hashes. `None` for any other rule (and for buckets flagd would not use).
    pub fn literal_fractional(&self) -> Option<Vec<fractional::Bucket>> {
        let Node::Op {
            op: Op::Fractional,
            args: Args::List(list),
        } = &self.node
        else {
            return None;
        };
        let values = list.iter().map(Rule::literal).collect::<Option<Vec<_>>>()?;
        // A first argument that is no bucket is the bucketing value: the general path.
        if !matches!(values.first(), Some(Value::Array(_))) {
            return None;
        }
        fractional::parse_buckets(&values).ok()
    }

    pub fn eval(&self, scope: &Scope) -> Result<Value, EvalError> {
        match &self.node {
            Node::Literal(v) => Ok(v.clone()),
            Node::Array(items) => Ok(Value::Array(
                items
                    .iter()
                    .map(|r| r.eval(scope))
                    .collect::<Result<_, _>>()?,
            )),
            Node::Op { op, args } => self.apply(*op, args, scope),
        }
    }

    fn error(&self, message: impl Into<String>) -> EvalError {
        EvalError {
            path: self.path.clone(),
            message: message.into(),
        }
    }

    fn apply(&self, op: Op, args: &Args, scope: &Scope) -> Result<Value, EvalError> {
        if op.is_lazy() {
            let Args::List(list) = args else {
                unreachable!("the compiler gives lazy operators an argument list")
            };
            return match op {
                Op::If => eval_if(list, scope),
                Op::And => eval_and_or(list, scope, false),
                Op::Or => eval_and_or(list, scope, true),
                Op::Eq => self.eval_eq(list, scope),
                _ => unreachable!("only if, and, or and == are lazy"),
            };
        }
        let values = evaluated_args(args, scope)?;
        Ok(match op {
            Op::Var => eval_var(&values, scope.data),
            Op::In => self.eval_in(&values)?,
            // As flagd-core's compiled rules do it: `'' + a + b`, so null is "null".
            Op::Cat => Value::String(values.iter().map(js::to_string).collect()),
            Op::StartsWith | Op::EndsWith => string_comparison(op, &values),
            Op::SemVer => sem_ver::evaluate(&values),
            Op::Fractional => fractional::evaluate(&values, scope.data),
            _ => unreachable!("lazy operators are handled above"),
        })
    }

    /// json-logic-engine's `==`: strings and nulls compare as they are; anything else
    /// compares as numbers, and arrays, objects and non-numeric strings are an error.
    fn eval_eq(&self, list: &[Rule], scope: &Scope) -> Result<Value, EvalError> {
        let mut prev = list[0].eval(scope)?;
        for rule in &list[1..] {
            let current = rule.eval(scope)?;
            if !self.loose_equal(&prev, &current)? {
                return Ok(Value::Bool(false));
            }
            prev = current;
        }
        Ok(Value::Bool(true))
    }

    fn loose_equal(&self, a: &Value, b: &Value) -> Result<bool, EvalError> {
        let stringy = |v: &Value| matches!(v, Value::String(_) | Value::Null);
        if stringy(a) && stringy(b) {
            return Ok(a == b);
        }
        match (js::to_number(a), js::to_number(b)) {
            (Some(x), Some(y)) => Ok(x == y),
            _ => Err(self.error(format!(
                "`==` cannot compare {} with {}: not numbers",
                short(a),
                short(b)
            ))),
        }
    }

    /// `in`: a substring of a string, or an element (strictly equal) of an array; a missing
    /// or empty haystack contains nothing.
    fn eval_in(&self, values: &[Value]) -> Result<Value, EvalError> {
        let item = values.first().unwrap_or(&Value::Null);
        let haystack = values.get(1).unwrap_or(&Value::Null);
        if !js_truthy(haystack) {
            return Ok(Value::Bool(false));
        }
        match haystack {
            Value::String(s) => Ok(Value::Bool(s.contains(&js::to_string(item)))),
            Value::Array(items) => Ok(Value::Bool(items.iter().any(|x| same_value_zero(x, item)))),
            other => Err(self.error(format!(
                "`in` needs an array or a string to look in, got {}",
                short(other)
            ))),
        }
    }
}

fn evaluated_args(args: &Args, scope: &Scope) -> Result<Vec<Value>, EvalError> {
    match args {
        Args::List(list) => list.iter().map(|r| r.eval(scope)).collect(),
        Args::Expr(rule) => Ok(match rule.eval(scope)? {
            Value::Array(items) => items,
            other => vec![other],
        }),
    }
}

fn eval_if(list: &[Rule], scope: &Scope) -> Result<Value, EvalError> {
    match list.len() {
        0 => return Ok(Value::Null),
        1 => return list[0].eval(scope),
        _ => {}
    }
    let mut i = 0;
    while i + 1 < list.len() {
        if js::truthy(&list[i].eval(scope)?) {
            return list[i + 1].eval(scope);
        }
        i += 2;
    }
    match list.get(i) {
        Some(otherwise) => otherwise.eval(scope),
        None => Ok(Value::Null),
    }
}

/// `and` returns the first falsy value (else the last), `or` the first truthy one.
fn eval_and_or(list: &[Rule], scope: &Scope, is_or: bool) -> Result<Value, EvalError> {
    let mut last = Value::Null;
    for rule in list {
        last = rule.eval(scope)?;
        if js::truthy(&last) == is_or {
            return Ok(last);
        }
    }
    Ok(last)
}

/// `var`: a dotted path into the context (`\.` escapes a dot), with an optional default for
/// a missing or null value; an empty or null path is the whole context.
fn eval_var(values: &[Value], data: &Value) -> Value {
    let default = values.get(1).cloned().unwrap_or(Value::Null);
    let key = match values.first() {
        None | Some(Value::Null) => return data.clone(),
        Some(Value::String(s)) if s.is_empty() => return data.clone(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => js::to_string(other),
    };
    let mut current = data;
    for part in split_path(&key) {
        let next = match current {
            Value::Object(map) => map.get(&part),
            Value::Array(items) => array_index(&part).and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(v) => current = v,
            None => return default,
        }
    }
    if current.is_null() {
        default
    } else {
        current.clone()
    }
}

/// An array index as JavaScript reads a property name: a canonical non-negative integer.
fn array_index(part: &str) -> Option<usize> {
    let i: usize = part.parse().ok()?;
    (i.to_string() == part).then_some(i)
}

/// json-logic-engine's `splitPath`: `.` separates, `\.` is a dot, `\\` a backslash.
fn split_path(path: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some('.') | Some('/') | Some('\\') => {
                    current.push(chars.next().expect("peeked"));
                }
                _ => current.push('\\'),
            },
            '.' => parts.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    // As upstream (lengths in UTF-16 units): "." is one empty part, not two.
    if parts.len() != path.encode_utf16().count() {
        parts.push(current);
    }
    parts
}

/// flagd's `starts_with`/`ends_with`: two strings, else null.
fn string_comparison(op: Op, values: &[Value]) -> Value {
    match values {
        [Value::String(s), Value::String(affix)] => Value::Bool(if op == Op::StartsWith {
            s.starts_with(affix.as_str())
        } else {
            s.ends_with(affix.as_str())
        }),
        _ => Value::Null,
    }
}

/// JavaScript's own truthiness (`!x`), which `in` and `fractional` use: every array and
/// object is true, even an empty one.
pub fn js_truthy(value: &Value) -> bool {
    match value {
        Value::Array(_) | Value::Object(_) => true,
        other => js::truthy(other),
    }
}

/// `Array.prototype.includes` equality: numbers by value, arrays and objects never equal.
fn same_value_zero(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(_) | Value::Object(_), _) | (_, Value::Array(_) | Value::Object(_)) => false,
        _ => a == b,
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}...", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(rule: Value, data: Value) -> Result<Value, EvalError> {
        let compiled = compile(&rule, "targeting", &CompileOptions { variants: &[] })
            .unwrap_or_else(|e| panic!("{rule} does not compile: {e}"));
        compiled.eval(&Scope { data: &data })
    }

    fn compile_error(rule: Value) -> String {
        compile(
            &rule,
            "flags.f.targeting",
            &CompileOptions { variants: &[] },
        )
        .expect_err("an error")
        .to_string()
    }

    macro_rules! evals {
        ($($name:ident: $rule:tt, $data:tt => $want:tt;)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(run(json!($rule), json!($data)), Ok(json!($want)));
            }
        )*};
    }

    evals! {
        var_reads_a_dotted_path: {"var": "user.tier"}, {"user": {"tier": "gold"}} => "gold";
        var_escaped_dot_is_part_of_the_key: {"var": "a\\.b"}, {"a.b": 1, "a": {"b": 2}} => 1;
        var_missing_gives_the_default: {"var": ["plan", "free"]}, {} => "free";
        var_null_gives_the_default: {"var": ["plan", "free"]}, {"plan": null} => "free";
        var_indexes_arrays: {"var": "xs.1"}, {"xs": [10, 20]} => 20;
        var_number_key: {"var": 0}, {"0": "zero"} => "zero";
        var_empty_path_is_the_whole_context: {"var": ""}, {"a": 1} => {"a": 1};
        var_reads_flagd_properties: {"var": "$flagd.flagKey"}, {"$flagd": {"flagKey": "f"}} => "f";
        if_takes_the_first_true_branch: {"if": [false, "a", true, "b", "c"]}, {} => "b";
        if_falls_through_to_the_else: {"if": [0, "a", "c"]}, {} => "c";
        if_without_else_is_null: {"if": [[], "a"]}, {} => null;
        if_with_one_argument_is_that_argument: {"if": ["x"]}, {} => "x";
        empty_object_is_false: {"if": [{}, "a", "b"]}, {} => "b";
        eq_strings: {"==": ["a", {"var": "s"}]}, {"s": "a"} => true;
        eq_coerces_numbers: {"==": ["1", 1]}, {} => true;
        eq_null_and_zero: {"==": [null, 0]}, {} => true;
        eq_null_and_empty_string_differ: {"==": [null, ""]}, {} => false;
        eq_bool_and_number: {"==": [true, 1]}, {} => true;
        eq_chains: {"==": [1, 1, 2]}, {} => false;
        in_array: {"in": ["b", ["a", "b"]]}, {} => true;
        in_array_is_strict: {"in": [1, ["1"]]}, {} => false;
        in_substring: {"in": ["@faas.com", {"var": "email"}]}, {"email": "rachel@faas.com"} => true;
        in_substring_of_a_number: {"in": [1, "a1"]}, {} => true;
        in_missing_haystack: {"in": ["a", {"var": "nope"}]}, {} => false;
        and_returns_the_first_falsy: {"and": [1, 0, 2]}, {} => 0;
        and_returns_the_last: {"and": [1, "x"]}, {} => "x";
        or_returns_the_first_truthy: {"or": [0, "", "y"]}, {} => "y";
        or_empty_is_null: {"or": []}, {} => null;
        starts_with: {"starts_with": [{"var": "email"}, "ross"]}, {"email": "ross@faas.com"} => true;
        ends_with: {"ends_with": [{"var": "email"}, "@faas.com"]}, {"email": "ross@x.org"} => false;
        starts_with_non_string_is_null: {"starts_with": [1, "1"]}, {} => null;
        single_literal_argument_is_wrapped: {"var": "a"}, {"a": true} => true;
        cat_concatenates_as_javascript_does: {"cat": [{"var": "$flagd.flagKey"}, {"var": "email"}, 1]}, {"$flagd": {"flagKey": "f"}} => "fnull1";
        expression_argument_list: {"in": {"var": "pair"}}, {"pair": ["a", ["a"]]} => true;
    }

    #[test]
    fn eq_on_objects_is_a_runtime_error_naming_the_rule() {
        let err = run(
            json!({"if": [{"==": [{"var": "o"}, 1]}, "a", "b"]}),
            json!({"o": {}}),
        )
        .unwrap_err();
        assert_eq!(err.path, "targeting.if[0]");
        assert!(err.message.contains("cannot compare"), "{err}");
    }

    #[test]
    fn eq_on_a_non_numeric_string_is_a_runtime_error() {
        assert!(run(json!({"==": ["abc", 1]}), json!({})).is_err());
    }

    #[test]
    fn in_a_number_is_a_runtime_error() {
        assert!(run(json!({"in": ["a", 5]}), json!({})).is_err());
    }

    #[test]
    fn short_circuit_skips_failing_branches() {
        assert_eq!(
            run(json!({"or": [true, {"==": [[], 1]}]}), json!({})),
            Ok(json!(true))
        );
    }

    #[test]
    fn unsupported_operators_are_named_with_their_path() {
        let msg = compile_error(json!({"if": [{"<": [1, 2]}, "a", "b"]}));
        assert!(
            msg.starts_with("flags.f.targeting.if[0].<: operator \"<\" is not supported"),
            "{msg}"
        );
        assert!(msg.contains("fractional"), "lists what is supported: {msg}");
    }

    #[test]
    fn rule_objects_need_exactly_one_key() {
        let msg = compile_error(json!({"if": [{"var": "a", "==": [1, 1]}, "a", "b"]}));
        assert!(msg.contains("flags.f.targeting.if[0]: a rule object must have exactly one key"));
    }

    #[test]
    fn arity_is_checked_when_compiling() {
        assert!(compile_error(json!({"in": ["a"]})).contains("`in` takes 2 arguments, got 1"));
        assert!(compile_error(json!({"==": [1]})).contains("`==` takes 2 or more arguments"));
        assert!(compile_error(json!({"if": "x"})).contains("`if` takes an array"));
        assert!(compile_error(json!({"starts_with": ["a", "b", "c"]})).contains("takes 2"));
    }

    #[test]
    fn split_path_follows_json_logic_engine() {
        assert_eq!(split_path("a.b"), ["a", "b"]);
        assert_eq!(split_path("."), [""]);
        assert_eq!(split_path(".h"), ["", "h"]);
        assert_eq!(split_path("a\\.b"), ["a.b"]);
        assert_eq!(split_path("a\\\\b"), ["a\\b"]);
    }
}
