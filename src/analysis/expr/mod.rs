//! Condition expressions (`successCondition`, `failureCondition`) in expr-lang/expr's language
//! with its type rules, evaluated in the environment Argo Rollouts' `EvalCondition` builds, so a
//! measurement gets the phase Argo would give it. Parsed by hand so that errors point at a
//! column; a condition that cannot compile for any result shape is refused before a rollout
//! starts; one that fails only for the shape measured is an Error measurement, as in Argo.
//!
//! The language: `result`; int (decimal, `0x`, `0o`, `0b`, `_`), float (`.5`, `5.`, `1e3`),
//! string, `true`/`false`/`nil` and array literals; `+ - * / % ** ^`, `== != < <= > >=`
//! (chained: `a < b < c`), `in`/`not in`, `&& || !` and `and or not`, `? :`,
//! `if { } else { }`, `??`, `x[i]`, `x[a:b]`;
//! the builtins `all any none one filter map count sum len abs ceil floor round int float
//! mean median min max first last` with predicates `{# > 0.9}` or `# > 0.9`; Argo's
//! `asInt asFloat isNaN isInf isNil default`. Limits: see [`MAX_DEPTH`], [`MAX_NODES`].

mod check;
mod eval;
mod lex;
mod parse;

use std::fmt;

use check::{Checker, Ty};
use eval::{Env, Val};
use parse::{Bin, Kind, Node, Parser};
pub use parse::{MAX_DEPTH, MAX_NODES};

/// A measured value, as providers return it: a number, a list of numbers (a Prometheus vector
/// or matrix) or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Nil,
    Bool(bool),
    Num(f64),
    List(Vec<Value>),
}

impl Value {
    /// A list of numbers, as Prometheus vectors and matrices become.
    pub fn list(values: &[f64]) -> Value {
        Value::List(values.iter().copied().map(Value::Num).collect())
    }

    /// expr's static type of `result` for this value: Argo passes a float64 or a []float64.
    fn static_type(&self) -> Ty {
        match self {
            Value::Nil => Ty::Nil,
            Value::Bool(_) => Ty::Bool,
            Value::Num(_) => Ty::Float,
            Value::List(items) => match items.first() {
                None | Some(Value::Num(_)) => Ty::Floats,
                Some(Value::Bool(_)) => Ty::Array(Box::new(Ty::Bool)),
                Some(_) => Ty::Array(Box::new(Ty::Unknown)),
            },
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => f.write_str("nil"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Num(n) => f.write_str(&format_number(*n)),
            Value::List(items) => {
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

/// Numbers as people read them: `0.93`, `1`, `NaN`, `+Inf`.
pub fn format_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_string()
    } else if n.is_infinite() {
        if n > 0.0 { "+Inf" } else { "-Inf" }.to_string()
    } else {
        format!("{n}")
    }
}

/// A syntax error, a name outside the language, or a condition that compiles for no result
/// shape, at a 1-based column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// An error while compiling for the measured shape or evaluating (index out of range, wrong
/// types): an Error measurement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError(pub String);

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EvalError {}

/// A parsed condition, ready to be evaluated against many results.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    source: String,
    root: Node,
}

/// The result shapes Argo's Prometheus provider produces.
fn shapes() -> [(&'static str, Ty); 2] {
    [
        ("a scalar result", Ty::Float),
        ("a vector result", Ty::Floats),
    ]
}

impl Condition {
    /// Parses, then compiles for each result shape (scalar and vector): a condition that
    /// compiles for neither could only ever give Error measurements, so it is refused here.
    pub fn parse(source: &str) -> Result<Condition, ParseError> {
        let tokens = lex::lex(source)?;
        let root = Parser::new(tokens, source.chars().count() + 1).parse()?;
        let mut errors = Vec::new();
        for (shape, ty) in shapes() {
            match compile(&root, ty) {
                Ok(program) => {
                    if let Some(column) = check::corrupting_find_last(&program) {
                        return Err(ParseError {
                            column,
                            message: "`last(filter(...))` or `filter(...)[-1]` after another value is refused: \
                                      the expr version Argo Rollouts uses compiles it to findLast, whose loop \
                                      leaves values on the stack and replaces the operand before it; put it \
                                      first (`last(filter(result, # > 0)) > 0.5`) or index with len(...) - 1"
                                .into(),
                        });
                    }
                    return Ok(Condition {
                        source: source.to_string(),
                        root,
                    });
                }
                Err(e) => errors.push((shape, e)),
            }
        }
        let (column, message) = match errors.as_slice() {
            [(_, (c1, m1)), (_, (c2, m2))] if c1 == c2 && m1 == m2 => (*c1, m1.clone()),
            [(s1, (c1, m1)), (s2, (c2, m2))] => (
                *c1,
                format!("{m1} (with {s1}); and column {c2}: {m2} (with {s2})"),
            ),
            _ => unreachable!("two shapes"),
        };
        Err(ParseError { column, message })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Compiles for the shape of `result` (expr's check and constant folding) and evaluates;
    /// the condition must yield a boolean.
    pub fn evaluate(&self, result: &Value) -> Result<bool, EvalError> {
        let program = compile(&self.root, result.static_type()).map_err(|(column, message)| {
            let hint = match result {
                Value::List(_) if message.contains("[]float64") => {
                    " (the query returned a vector: `result` is a list; index it, result[0], or use all(result, # > 0.9))"
                }
                Value::Num(_) if message.contains("float64[") || message.contains("(got float64)") => {
                    " (the query returned a scalar: `result` is a number, not a list)"
                }
                _ => "",
            };
            EvalError(format!("column {column}: {message}{hint}"))
        })?;
        let result = Val::from_value(result);
        let mut env = Env {
            result: &result,
            elements: Vec::new(),
        };
        match eval::eval(&program, &mut env).map_err(EvalError)? {
            Val::Bool(b) => Ok(b),
            other => Err(EvalError(format!(
                "expected the condition to be a bool, got {other}"
            ))),
        }
    }

    /// Why the condition came out as it did, for people: for a comparison at the top level the
    /// two sides with the operator that held (`0.93 < 0.99`), otherwise the value of `result`.
    pub fn explain(&self, result: &Value, verdict: bool) -> String {
        if let Kind::Binary(op, l, r) = &self.root.kind
            && let Some((held, negated)) = comparison_symbols(*op)
            && let Ok(l) = compile(l, result.static_type())
            && let Ok(r) = compile(r, result.static_type())
        {
            let value = Val::from_value(result);
            let mut env = Env {
                result: &value,
                elements: Vec::new(),
            };
            if let (Ok(l), Ok(r)) = (eval::eval(&l, &mut env), eval::eval(&r, &mut env)) {
                let sym = if verdict { held } else { negated };
                return format!("{l} {sym} {r}");
            }
        }
        format!("`{}` is {verdict} for result {result}", self.source)
    }
}

/// expr's `Compile`: check the types for this shape of `result`, then fold constants.
fn compile(root: &Node, result: Ty) -> Result<Node, (usize, String)> {
    let mut program = root.clone();
    Checker::new(result).check(&mut program)?;
    check::fold(&mut program)?;
    check::combine_predicates(&mut program);
    Ok(program)
}

/// The symbol of a comparison and of its negation.
fn comparison_symbols(op: Bin) -> Option<(&'static str, &'static str)> {
    Some(match op {
        Bin::Lt => ("<", ">="),
        Bin::Le => ("<=", ">"),
        Bin::Gt => (">", "<="),
        Bin::Ge => (">=", "<"),
        Bin::Eq => ("==", "!="),
        Bin::Ne => ("!=", "=="),
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
