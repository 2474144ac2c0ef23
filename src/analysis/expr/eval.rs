//! Evaluation of a checked condition with expr-lang/expr's runtime rules: ints and floats as Go
//! keeps them apart (`7 / 2` is 3.5, `%` only on ints, integers wrap), `==` across numbers,
//! short-circuit `&&`/`||`, predicates over lists, and Argo Rollouts' environment functions
//! (`asInt` converts as Go's `int64(f)` does on amd64, `default` and `isNil` look at the
//! whole result). An error here is what Argo records as an Error measurement.

use super::parse::{Bin, Builtin, EnvFn, Kind, Node, Un};
use super::{Value, format_number};

/// A runtime value.
#[derive(Debug, Clone)]
pub(super) enum Val {
    Nil,
    Bool(bool),
    Int(i64),
    /// Go's int64, from Argo's `asInt`: a number like `Int`, but not an `int` where expr's
    /// int-only fast paths assert one.
    Int64(i64),
    Float(f64),
    Str(String),
    /// A `[]float64` (the result) or a `[]interface{}` (literals, map, filter).
    List(Vec<Val>),
}

impl Val {
    pub(super) fn from_value(v: &Value) -> Val {
        match v {
            Value::Nil => Val::Nil,
            Value::Bool(b) => Val::Bool(*b),
            Value::Num(n) => Val::Float(*n),
            Value::List(items) => Val::List(items.iter().map(Val::from_value).collect()),
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            Val::Nil => "nil",
            Val::Bool(_) => "bool",
            Val::Int(_) => "int",
            Val::Int64(_) => "int64",
            Val::Float(_) => "float64",
            Val::Str(_) => "string",
            Val::List(_) => "array",
        }
    }
}

impl Val {
    /// Arithmetic and comparisons treat int64 as int.
    fn norm(&self) -> Val {
        match self {
            Val::Int64(n) => Val::Int(*n),
            other => other.clone(),
        }
    }
}

impl std::fmt::Display for Val {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Val::Nil => f.write_str("nil"),
            Val::Bool(b) => write!(f, "{b}"),
            Val::Int(n) | Val::Int64(n) => write!(f, "{n}"),
            Val::Float(n) => f.write_str(&format_number(*n)),
            Val::Str(s) => write!(f, "{s:?}"),
            Val::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
        }
    }
}

pub(super) struct Env<'a> {
    pub result: &'a Val,
    pub elements: Vec<Val>,
}

type R = Result<Val, String>;

/// Go's `int64(f)` on amd64 (CVTTSD2SI): NaN and values out of range give the minimum.
pub(super) fn go_int(f: f64) -> i64 {
    if f.is_nan() || !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

fn mismatch(op: &str, a: &Val, b: &Val) -> String {
    format!(
        "invalid operation: {} {op} {} ({a} {op} {b})",
        a.type_name(),
        b.type_name()
    )
}

pub(super) fn equal(a: &Val, b: &Val) -> bool {
    match (&a.norm(), &b.norm()) {
        (Val::Int(x), Val::Int(y)) => x == y,
        (Val::Int(x), Val::Float(y)) => (*x as f64) == *y,
        (Val::Float(x), Val::Int(y)) => *x == (*y as f64),
        (Val::Float(x), Val::Float(y)) => x == y,
        (Val::Nil, Val::Nil) => true,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::List(x), Val::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b))
        }
        _ => false,
    }
}

fn less(op: Bin, a: &Val, b: &Val) -> R {
    use std::cmp::Ordering;
    let ord = match (&a.norm(), &b.norm()) {
        (Val::Int(x), Val::Int(y)) => Some(x.cmp(y)),
        (Val::Str(x), Val::Str(y)) => Some(x.cmp(y)),
        (Val::Int(x), Val::Float(y)) => (*x as f64).partial_cmp(y),
        (Val::Float(x), Val::Int(y)) => x.partial_cmp(&(*y as f64)),
        (Val::Float(x), Val::Float(y)) => x.partial_cmp(y),
        _ => return Err(mismatch(op.symbol(), a, b)),
    };
    Ok(Val::Bool(match (op, ord) {
        (_, None) => false, // NaN compares false with everything
        (Bin::Lt, Some(o)) => o == Ordering::Less,
        (Bin::Le, Some(o)) => o != Ordering::Greater,
        (Bin::Gt, Some(o)) => o == Ordering::Greater,
        _ => ord != Some(Ordering::Less),
    }))
}

fn arith(op: Bin, a: &Val, b: &Val) -> R {
    let floats = match (&a.norm(), &b.norm()) {
        (Val::Int(x), Val::Int(y)) => match op {
            Bin::Add => return Ok(Val::Int(x.wrapping_add(*y))),
            Bin::Sub => return Ok(Val::Int(x.wrapping_sub(*y))),
            Bin::Mul => return Ok(Val::Int(x.wrapping_mul(*y))),
            Bin::Rem if *y == 0 => return Err("integer divide by zero".into()),
            Bin::Rem => return Ok(Val::Int(x.wrapping_rem(*y))),
            _ => (*x as f64, *y as f64),
        },
        (Val::Str(x), Val::Str(y)) if op == Bin::Add => return Ok(Val::Str(format!("{x}{y}"))),
        (Val::Int(x), Val::Float(y)) => (*x as f64, *y),
        (Val::Float(x), Val::Int(y)) => (*x, *y as f64),
        (Val::Float(x), Val::Float(y)) => (*x, *y),
        _ => return Err(mismatch(op.symbol(), a, b)),
    };
    let (x, y) = floats;
    Ok(Val::Float(match op {
        Bin::Add => x + y,
        Bin::Sub => x - y,
        Bin::Mul => x * y,
        Bin::Div => x / y,
        Bin::Pow => x.powf(y),
        _ => return Err(mismatch(op.symbol(), a, b)),
    }))
}

fn truth(v: Val, what: &str) -> Result<bool, String> {
    match v {
        Val::Bool(b) => Ok(b),
        other => Err(format!(
            "{what} must be a bool, got {} ({other})",
            other.type_name()
        )),
    }
}

fn list(v: Val, name: &str) -> Result<Vec<Val>, String> {
    match v {
        Val::List(items) => Ok(items),
        other => Err(format!(
            "{name}() expects an array, got {} ({other})",
            other.type_name()
        )),
    }
}

pub(super) fn eval(node: &Node, env: &mut Env<'_>) -> R {
    match &node.kind {
        Kind::Nil => Ok(Val::Nil),
        Kind::Bool(b) => Ok(Val::Bool(*b)),
        Kind::Int(n) => Ok(Val::Int(*n)),
        Kind::Float(n) => Ok(Val::Float(*n)),
        Kind::Str(s) => Ok(Val::Str(s.clone())),
        Kind::Result => Ok(env.result.clone()),
        Kind::Pointer => Ok(env.elements.last().cloned().unwrap_or(Val::Nil)),
        Kind::Predicate(body) => eval(body, env),
        Kind::Array(items) => items
            .iter()
            .map(|i| eval(i, env))
            .collect::<Result<Vec<_>, _>>()
            .map(Val::List),
        Kind::Unary(op, operand) => {
            let v = eval(operand, env)?;
            match (op, v) {
                (Un::Not, Val::Bool(b)) => Ok(Val::Bool(!b)),
                (Un::Neg, Val::Int(n)) => Ok(Val::Int(n.wrapping_neg())),
                (Un::Neg, Val::Int64(n)) => Ok(Val::Int64(n.wrapping_neg())),
                (Un::Neg, Val::Float(n)) => Ok(Val::Float(-n)),
                // expr compiles a unary `+` to nothing: any value passes through.
                (Un::Plus, v) => Ok(v),
                (_, v) => Err(format!("invalid operation on {} ({v})", v.type_name())),
            }
        }
        Kind::Binary(op, l, r) => {
            let op = *op;
            match op {
                Bin::Coalesce => match eval(l, env)? {
                    Val::Nil => eval(r, env),
                    v => Ok(v),
                },
                Bin::And | Bin::Or => {
                    let left = truth(
                        eval(l, env)?,
                        &format!("the left side of `{}`", op.symbol()),
                    )?;
                    if left == (op == Bin::Or) {
                        return Ok(Val::Bool(left));
                    }
                    eval(r, env)
                }
                _ => {
                    let a = eval(l, env)?;
                    let b = eval(r, env)?;
                    match op {
                        Bin::Eq => Ok(Val::Bool(equal(&a, &b))),
                        Bin::Ne => Ok(Val::Bool(!equal(&a, &b))),
                        Bin::EqInt | Bin::NeInt => match (&a, &b) {
                            (Val::Int(x), Val::Int(y)) => {
                                Ok(Val::Bool((x == y) == (op == Bin::EqInt)))
                            }
                            _ => Err(format!(
                                "`{}` compiled for two ints got {} and {} ({a}, {b})",
                                op.symbol(),
                                a.type_name(),
                                b.type_name()
                            )),
                        },
                        Bin::InInts | Bin::InStrs => {
                            let fits = matches!(
                                (op, &a),
                                (Bin::InInts, Val::Int(_)) | (Bin::InStrs, Val::Str(_))
                            );
                            if !fits {
                                return Err(format!(
                                    "`in` a literal list of {} needs a {}, got {} ({a})",
                                    if op == Bin::InInts { "ints" } else { "strings" },
                                    if op == Bin::InInts { "int" } else { "string" },
                                    a.type_name()
                                ));
                            }
                            let Val::List(items) = &b else {
                                unreachable!("a literal array")
                            };
                            Ok(Val::Bool(items.iter().any(|i| equal(&a, i))))
                        }
                        Bin::Lt | Bin::Le | Bin::Gt | Bin::Ge => less(op, &a, &b),
                        Bin::In => match &b {
                            Val::List(items) => Ok(Val::Bool(items.iter().any(|i| equal(&a, i)))),
                            Val::Nil => Ok(Val::Bool(false)),
                            _ => Err(format!("operator `in` not defined on {}", b.type_name())),
                        },
                        _ => arith(op, &a, &b),
                    }
                }
            }
        }
        Kind::Index(base, index) => {
            let b = eval(base, env)?;
            let i = eval(index, env)?;
            let Val::List(items) = &b else {
                return Err(format!("cannot index {} ({b})", b.type_name()));
            };
            let i = match i {
                Val::Int(i) | Val::Int64(i) => i,
                Val::Float(f) => go_int(f),
                other => return Err(format!("invalid index {other}")),
            };
            let len = items.len() as i64;
            let at = if i < 0 { i.wrapping_add(len) } else { i };
            if at < 0 || at >= len {
                return Err(format!("index out of range: {i} (array length {len})"));
            }
            Ok(items[at as usize].clone())
        }
        Kind::Slice(base, from, to) => {
            let b = eval(base, env)?;
            let bound = |n: &Option<Box<Node>>, env: &mut Env<'_>| -> Result<Option<i64>, String> {
                let Some(n) = n else { return Ok(None) };
                Ok(Some(match eval(n, env)? {
                    Val::Int(i) | Val::Int64(i) => i,
                    Val::Float(f) => go_int(f),
                    other => return Err(format!("invalid slice index {other}")),
                }))
            };
            let (from, to) = (bound(from, env)?, bound(to, env)?);
            let len = match &b {
                Val::List(items) => items.len() as i64,
                Val::Str(s) => s.len() as i64,
                other => return Err(format!("cannot slice {}", other.type_name())),
            };
            // runtime.Slice: negative bounds count from the end, then both are clamped.
            let clamp = |i: i64| (if i < 0 { len.saturating_add(i) } else { i }).clamp(0, len);
            let hi = clamp(to.unwrap_or(len));
            let lo = clamp(from.unwrap_or(0)).min(hi);
            Ok(match b {
                Val::List(items) => Val::List(items[lo as usize..hi as usize].to_vec()),
                Val::Str(s) => Val::Str(
                    String::from_utf8_lossy(&s.as_bytes()[lo as usize..hi as usize]).into_owned(),
                ),
                _ => unreachable!("checked above"),
            })
        }
        Kind::Cond(c, yes, no) => {
            if truth(eval(c, env)?, "the condition of `?:`")? {
                eval(yes, env)
            } else {
                eval(no, env)
            }
        }
        Kind::Call(f, args) => {
            let mut values = args
                .iter()
                .map(|a| eval(a, env))
                .collect::<Result<Vec<_>, _>>()?;
            if *f == EnvFn::Default {
                // Argo's default ignores its first argument: the measured result, unless nil.
                let fallback = values.pop().unwrap_or(Val::Nil);
                return Ok(match env.result {
                    Val::Nil => fallback,
                    r => r.clone(),
                });
            }
            call(*f, values.swap_remove(0), env.result)
        }
        Kind::Builtin(b, args) => builtin(*b, args, env),
    }
}

fn call(f: EnvFn, v: Val, result: &Val) -> R {
    let float = |v: &Val| match v {
        Val::Float(x) => Ok(*x),
        other => Err(format!(
            "{}() expects a float64, got {} ({other})",
            f.name(),
            other.type_name()
        )),
    };
    match f {
        EnvFn::IsNaN => Ok(Val::Bool(float(&v)?.is_nan())),
        EnvFn::IsInf => Ok(Val::Bool(float(&v)?.is_infinite())),
        // Argo's isNil and default ignore their argument and look at the measured result.
        EnvFn::IsNil => Ok(Val::Bool(matches!(result, Val::Nil))),
        EnvFn::Default => Ok(result.clone()),
        EnvFn::AsInt => match v {
            Val::Int(n) | Val::Int64(n) => Ok(Val::Int64(n)),
            Val::Float(x) => Ok(Val::Int64(go_int(x))),
            Val::Str(s) => s
                .parse::<i64>()
                .map(Val::Int64)
                .map_err(|_| format!("asInt(): cannot parse {s:?} as an integer")),
            other => Err(format!(
                "asInt() not supported on {} ({other})",
                other.type_name()
            )),
        },
        EnvFn::AsFloat => match v {
            Val::Int(n) | Val::Int64(n) => Ok(Val::Float(n as f64)),
            Val::Float(x) => Ok(Val::Float(x)),
            Val::Str(s) => parse_go_float_text(&s)
                .map(Val::Float)
                .ok_or_else(|| format!("asFloat(): cannot parse {s:?} as a number")),
            other => Err(format!(
                "asFloat() not supported on {} ({other})",
                other.type_name()
            )),
        },
    }
}

/// `strconv.ParseFloat` for the spellings people write (`NaN`, `Inf`, decimals).
fn parse_go_float_text(s: &str) -> Option<f64> {
    match s.to_ascii_lowercase().trim_start_matches(['+', '-']) {
        "nan" | "inf" | "infinity" => {}
        t if t.is_empty() || t.contains("in") || t.contains("na") => return None,
        _ => {}
    }
    s.parse::<f64>().ok()
}

fn builtin(b: Builtin, args: &[Node], env: &mut Env<'_>) -> R {
    let name = b.name();
    if let ([collection, predicate], Some(_)) = (args, b.predicate()) {
        let items = list(eval(collection, env)?, name)?;
        let each = |item: &Val, env: &mut Env<'_>| -> R {
            env.elements.push(item.clone());
            let v = eval(predicate, env);
            env.elements.pop();
            v
        };
        return match b {
            Builtin::All | Builtin::Any | Builtin::None => {
                for item in &items {
                    let hit = truth(each(item, env)?, "a predicate")?;
                    match (b, hit) {
                        (Builtin::All, false) => return Ok(Val::Bool(false)),
                        (Builtin::Any, true) => return Ok(Val::Bool(true)),
                        (Builtin::None, true) => return Ok(Val::Bool(false)),
                        _ => {}
                    }
                }
                Ok(Val::Bool(b != Builtin::Any))
            }
            Builtin::One | Builtin::Count | Builtin::Filter => {
                let mut kept = Vec::new();
                for item in &items {
                    if truth(each(item, env)?, "a predicate")? {
                        kept.push(item.clone());
                    }
                }
                Ok(match b {
                    Builtin::One => Val::Bool(kept.len() == 1),
                    Builtin::Count => Val::Int(kept.len() as i64),
                    _ => Val::List(kept),
                })
            }
            Builtin::Map => items
                .iter()
                .map(|i| each(i, env))
                .collect::<Result<Vec<_>, _>>()
                .map(Val::List),
            Builtin::Sum => {
                let mut total = Val::Int(0);
                for item in &items {
                    total = arith(Bin::Add, &total, &each(item, env)?)?;
                }
                Ok(total)
            }
            _ => Err(format!("{name}() takes one argument")),
        };
    }
    let values = args
        .iter()
        .map(|a| eval(a, env))
        .collect::<Result<Vec<_>, _>>()?;
    let first = match (b, values.first()) {
        (Builtin::Abs, Some(v)) => v.clone(),
        (_, Some(v)) => v.norm(),
        (_, None) => Val::Nil,
    };
    let invalid = |v: &Val| format!("invalid argument for {name} (type {})", v.type_name());
    match b {
        Builtin::Count => {
            let items = list(first, name)?;
            let mut n = 0;
            for item in items {
                if truth(item, "an element counted without a predicate")? {
                    n += 1;
                }
            }
            Ok(Val::Int(n))
        }
        Builtin::Sum => {
            let mut total = Val::Int(0);
            for item in list(first, name)? {
                total = arith(Bin::Add, &total, &item)?;
            }
            Ok(total)
        }
        Builtin::Len => match &first {
            Val::List(items) => Ok(Val::Int(items.len() as i64)),
            Val::Str(s) => Ok(Val::Int(s.len() as i64)),
            other => Err(invalid(other)),
        },
        Builtin::Abs => match first {
            Val::Int(n) => Ok(Val::Int(if n < 0 { n.wrapping_neg() } else { n })),
            Val::Int64(n) => Ok(Val::Int64(if n < 0 { n.wrapping_neg() } else { n })),
            Val::Float(x) => Ok(Val::Float(if x < 0.0 { -x } else { x })),
            other => Err(invalid(&other)),
        },
        Builtin::Ceil | Builtin::Floor | Builtin::Round => {
            let x = match first {
                Val::Int(n) => return Ok(Val::Float(n as f64)),
                Val::Float(x) => x,
                other => return Err(invalid(&other)),
            };
            Ok(Val::Float(match b {
                Builtin::Ceil => x.ceil(),
                Builtin::Floor => x.floor(),
                _ => x.round(),
            }))
        }
        Builtin::Int => match first {
            Val::Int(n) => Ok(Val::Int(n)),
            Val::Float(x) => Ok(Val::Int(go_int(x))),
            Val::Str(s) => s
                .parse::<i64>()
                .map(Val::Int)
                .map_err(|_| format!("invalid operation: int({s})")),
            other => Err(format!("invalid operation: int({})", other.type_name())),
        },
        Builtin::Float => match first {
            Val::Int(n) => Ok(Val::Float(n as f64)),
            Val::Float(x) => Ok(Val::Float(x)),
            Val::Str(s) => parse_go_float_text(&s)
                .map(Val::Float)
                .ok_or_else(|| format!("invalid operation: float({s})")),
            other => Err(format!("invalid operation: float({})", other.type_name())),
        },
        Builtin::First | Builtin::Last => match first {
            Val::List(items) => Ok(if b == Builtin::First {
                items.first().cloned()
            } else {
                items.last().cloned()
            }
            .unwrap_or(Val::Nil)),
            // expr's first/last recover from a failed fetch and give nil.
            _ => Ok(Val::Nil),
        },
        Builtin::Min | Builtin::Max => {
            if let [single] = values.as_slice()
                && !matches!(
                    single,
                    Val::List(_) | Val::Int(_) | Val::Int64(_) | Val::Float(_)
                )
            {
                return Ok(single.clone());
            }
            let mut best: Option<Val> = None;
            for v in flatten(&values, name)? {
                let replace = match &best {
                    None => true,
                    Some(cur) => {
                        let op = if b == Builtin::Max { Bin::Lt } else { Bin::Gt };
                        matches!(less(op, cur, &v)?, Val::Bool(true))
                    }
                };
                if replace {
                    best = Some(v);
                }
            }
            Ok(best.unwrap_or(Val::Nil))
        }
        Builtin::Mean | Builtin::Median => {
            let mut xs: Vec<f64> = flatten(&values, name)?
                .into_iter()
                .map(|v| match v {
                    Val::Int(n) | Val::Int64(n) => n as f64,
                    Val::Float(x) => x,
                    _ => unreachable!("flatten keeps numbers only"),
                })
                .collect();
            if xs.is_empty() {
                return Ok(Val::Float(0.0));
            }
            if b == Builtin::Mean {
                let n = xs.len() as f64;
                return Ok(Val::Float(xs.iter().sum::<f64>() / n));
            }
            // Go's sort.Float64s puts NaN first.
            xs.sort_by(|a, b| match (a.is_nan(), b.is_nan()) {
                (true, true) => std::cmp::Ordering::Equal,
                (true, false) => std::cmp::Ordering::Less,
                (false, true) => std::cmp::Ordering::Greater,
                _ => a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal),
            });
            let n = xs.len();
            Ok(Val::Float(if n % 2 == 1 {
                xs[n / 2]
            } else {
                (xs[n / 2 - 1] + xs[n / 2]) / 2.0
            }))
        }
        _ => Err(format!("{name}() needs a predicate")),
    }
}

/// The numbers of nested arguments, as expr's `minMax`/`mean`/`median` walk them.
fn flatten(values: &[Val], name: &str) -> Result<Vec<Val>, String> {
    let mut out = Vec::new();
    let mut stack: Vec<&Val> = values.iter().rev().collect();
    while let Some(v) = stack.pop() {
        match v {
            Val::Int(_) | Val::Int64(_) | Val::Float(_) => out.push(v.clone()),
            Val::List(items) => stack.extend(items.iter().rev()),
            other => {
                return Err(format!(
                    "invalid argument for {name} (type {})",
                    other.type_name()
                ));
            }
        }
    }
    Ok(out)
}
