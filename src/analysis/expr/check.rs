//! expr-lang/expr's type checker for the environment Argo Rollouts builds (`result` is a
//! float64 for a Prometheus scalar, a `[]float64` for a vector or a matrix), and expr's
//! constant folding, which runs after the check: what Argo refuses to compile for a result of
//! that shape is refused here too, and `x || true` is true without evaluating `x`.

use super::parse::{Bin, Builtin, EnvFn, Kind, Node, Un};

/// A static type, as expr's `Nature`; `Unknown` is Go's `interface{}`.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ty {
    /// expr's empty `Nature{}`: a type the checker does not know.
    Unknown,
    /// `interface{}`: what `default`, `first`, `max`... return. Unknown as well, but anything
    /// is assignable to it (which decides the type of `c ? a : b`).
    Any,
    Nil,
    Bool,
    Int,
    /// Go's int64: what Argo's `asInt` returns. A number like `Int`, but not an `int` for
    /// expr's int-only fast paths.
    Int64,
    Float,
    Str,
    /// A `[]interface{}` (array literals, `map`, `filter`) whose elements the checker knows to
    /// be of this type; builtins validated by reflection (`first`, `last`) see only
    /// `interface{}`.
    Array(Box<Ty>),
    /// The `[]float64` Argo passes as `result` for a vector or matrix.
    Floats,
}

impl Ty {
    pub(super) fn name(&self) -> String {
        match self {
            Ty::Unknown => "unknown".into(),
            Ty::Any => "interface {}".into(),
            Ty::Nil => "nil".into(),
            Ty::Bool => "bool".into(),
            Ty::Int => "int".into(),
            Ty::Int64 => "int64".into(),
            Ty::Float => "float64".into(),
            Ty::Str => "string".into(),
            Ty::Array(_) => "[]interface {}".into(),
            Ty::Floats => "[]float64".into(),
        }
    }
    fn unknown(&self) -> bool {
        matches!(self, Ty::Unknown | Ty::Any)
    }
    /// expr's `Nature.AssignableTo` (Go's assignability, nil aside).
    fn assignable_to(&self, to: &Ty) -> bool {
        match (self, to) {
            (Ty::Unknown, _) | (_, Ty::Unknown) => false,
            (_, Ty::Any) => true,
            (Ty::Array(_), Ty::Array(_)) => true,
            (a, b) => a == b,
        }
    }
    fn number(&self) -> bool {
        matches!(self, Ty::Int | Ty::Int64 | Ty::Float)
    }
    fn integer(&self) -> bool {
        matches!(self, Ty::Int | Ty::Int64)
    }
    fn array(&self) -> bool {
        matches!(self, Ty::Array(_) | Ty::Floats)
    }
    fn elem(&self) -> Ty {
        match self {
            Ty::Array(e) => (**e).clone(),
            Ty::Floats => Ty::Float,
            _ => Ty::Unknown,
        }
    }
    /// expr's `MaybeCompatible`: one side unknown and the other of an allowed kind, or both
    /// unknown.
    fn maybe(&self, other: &Ty, ok: fn(&Ty) -> bool) -> bool {
        (self.unknown() && other.unknown())
            || (self.unknown() && ok(other))
            || (other.unknown() && ok(self))
    }
    fn comparable(&self, other: &Ty) -> bool {
        self.unknown()
            || other.unknown()
            || *self == Ty::Nil
            || *other == Ty::Nil
            || (self.number() && other.number())
            || (self.array() && other.array())
            || self == other
    }
}

/// A compile error, at a 1-based column.
pub(super) type CheckError = (usize, String);

pub(super) struct Checker {
    pub result: Ty,
    elements: Vec<Ty>,
}

impl Checker {
    pub(super) fn new(result: Ty) -> Checker {
        Checker {
            result,
            elements: Vec::new(),
        }
    }

    pub(super) fn check(&mut self, node: &mut Node) -> Result<Ty, CheckError> {
        let column = node.column;
        let err = |msg: String| Err((column, msg));
        match &mut node.kind {
            Kind::Nil => Ok(Ty::Nil),
            Kind::Bool(_) => Ok(Ty::Bool),
            Kind::Int(_) => Ok(Ty::Int),
            Kind::Float(_) => Ok(Ty::Float),
            Kind::Str(_) => Ok(Ty::Str),
            Kind::Result => Ok(self.result.clone()),
            Kind::Pointer => Ok(self.elements.last().cloned().unwrap_or(Ty::Unknown)),
            Kind::Predicate(body) => self.check(body),
            Kind::Array(items) => {
                let mut types = Vec::new();
                for item in items.iter_mut() {
                    types.push(self.check(item)?);
                }
                let same = types.windows(2).all(|w| kind_of(&w[0]) == kind_of(&w[1]));
                Ok(match types.last() {
                    Some(t) if same => Ty::Array(Box::new(t.clone())),
                    _ => Ty::Array(Box::new(Ty::Unknown)),
                })
            }
            Kind::Unary(op, operand) => {
                let t = self.check(operand)?;
                match op {
                    Un::Not if t == Ty::Bool || t.unknown() => Ok(Ty::Bool),
                    Un::Neg | Un::Plus if t.number() => Ok(t),
                    Un::Neg | Un::Plus if t.unknown() => Ok(Ty::Unknown),
                    _ => {
                        let sym = if *op == Un::Not { "!" } else { "-" };
                        err(format!(
                            "invalid operation: {sym} (mismatched type {})",
                            t.name()
                        ))
                    }
                }
            }
            Kind::Binary(op, l, r) => {
                let (lt, rt) = (self.check(l)?, self.check(r)?);
                // The compiler's and the optimizer's type-specialised forms, whose runtime
                // checks fail when a value is not of its static type (`mean(1, 2)` is typed
                // int, its value is a float).
                let literal_items = |kind: &Kind, want: fn(&Kind) -> bool| match kind {
                    Kind::Array(items) => !items.is_empty() && items.iter().all(|i| want(&i.kind)),
                    _ => false,
                };
                *op = match *op {
                    Bin::Eq if lt == Ty::Int && rt == Ty::Int => Bin::EqInt,
                    Bin::Ne if lt == Ty::Int && rt == Ty::Int => Bin::NeInt,
                    Bin::In
                        if lt == Ty::Int
                            && literal_items(&r.kind, |k| matches!(k, Kind::Int(_))) =>
                    {
                        Bin::InInts
                    }
                    Bin::In if literal_items(&r.kind, |k| matches!(k, Kind::Str(_))) => Bin::InStrs,
                    other => other,
                };
                let op = *op;
                binary_type(op, &lt, &rt).ok_or_else(|| {
                    let msg = if matches!(op, Bin::In | Bin::InInts | Bin::InStrs) && rt.array() {
                        format!(
                            "cannot use {} as type {} in array",
                            lt.name(),
                            rt.elem().name()
                        )
                    } else {
                        format!(
                            "invalid operation: {} (mismatched types {} and {})",
                            op.symbol(),
                            lt.name(),
                            rt.name()
                        )
                    };
                    (column, msg)
                })
            }
            Kind::Index(base, index) => {
                let bt = self.check(base)?;
                let it = self.check(index)?;
                match bt {
                    Ty::Unknown | Ty::Any => Ok(Ty::Unknown),
                    Ty::Array(_) | Ty::Floats => {
                        if it.integer() || it.unknown() {
                            Ok(bt.elem())
                        } else {
                            err(format!(
                                "array elements can only be selected using an integer (got {})",
                                it.name()
                            ))
                        }
                    }
                    other => err(format!("type {}[{}] is undefined", other.name(), it.name())),
                }
            }
            Kind::Slice(base, from, to) => {
                let bt = self.check(base)?;
                for bound in [from, to].into_iter().flatten() {
                    let t = self.check(bound)?;
                    if !t.integer() && !t.unknown() {
                        return Err((
                            bound.column,
                            format!("non-integer slice index {}", t.name()),
                        ));
                    }
                }
                match bt {
                    t if t.unknown() => Ok(Ty::Unknown),
                    t @ (Ty::Str | Ty::Array(_) | Ty::Floats) => Ok(t),
                    other => err(format!("cannot slice {}", other.name())),
                }
            }
            Kind::Cond(c, yes, no) => {
                let ct = self.check(c)?;
                if ct != Ty::Bool && !ct.unknown() {
                    return err(format!(
                        "non-bool expression (type {}) used as condition",
                        ct.name()
                    ));
                }
                let (a, b) = (self.check(yes)?, self.check(no)?);
                Ok(match (&a, &b) {
                    (Ty::Nil, Ty::Nil) => Ty::Nil,
                    (Ty::Nil, _) => b,
                    (_, Ty::Nil) => a,
                    _ if a.assignable_to(&b) => {
                        let (ea, eb) = (a.elem(), b.elem());
                        if a.array()
                            && b.array()
                            && !(ea.assignable_to(&eb) && eb.assignable_to(&ea))
                        {
                            Ty::Array(Box::new(Ty::Unknown))
                        } else {
                            a
                        }
                    }
                    _ => Ty::Unknown,
                })
            }
            Kind::Call(f, args) => {
                let f = *f;
                if args.len() != f.arity() {
                    let which = if args.len() < f.arity() {
                        "not enough"
                    } else {
                        "too many"
                    };
                    return err(format!("{which} arguments to call {}", f.name()));
                }
                for arg in args.iter_mut() {
                    let t = self.check(arg)?;
                    if matches!(f, EnvFn::IsNaN | EnvFn::IsInf) {
                        if t.integer() {
                            // expr turns integer literals (and sums of them) into floats for
                            // a float64 parameter; anything else fails when called.
                            ints_to_floats(arg);
                        } else if t != Ty::Float && !t.unknown() {
                            return Err((
                                arg.column,
                                format!(
                                    "cannot use {} as argument (type float64) to call {}",
                                    t.name(),
                                    f.name()
                                ),
                            ));
                        }
                    }
                }
                Ok(match f {
                    EnvFn::AsInt => Ty::Int64,
                    EnvFn::AsFloat => Ty::Float,
                    EnvFn::IsNaN | EnvFn::IsInf | EnvFn::IsNil => Ty::Bool,
                    EnvFn::Default => Ty::Any,
                })
            }
            Kind::Builtin(b, args) => {
                let b = *b;
                self.builtin(b, args, column)
            }
        }
    }

    fn builtin(&mut self, b: Builtin, args: &mut [Node], column: usize) -> Result<Ty, CheckError> {
        let name = b.name();
        let invalid = |t: &Ty| {
            (
                column,
                format!("invalid argument for {name} (type {})", t.name()),
            )
        };
        if let Some((collection, rest)) = args.split_first_mut()
            && matches!(
                b,
                Builtin::All
                    | Builtin::None
                    | Builtin::Any
                    | Builtin::One
                    | Builtin::Filter
                    | Builtin::Map
                    | Builtin::Count
                    | Builtin::Sum
            )
        {
            let ct = self.check(collection)?;
            if !ct.array() && !ct.unknown() {
                return Err((
                    collection.column,
                    format!("builtin {name} takes only array (got {})", ct.name()),
                ));
            }
            let Some(predicate) = rest.first_mut() else {
                return Ok(if b == Builtin::Count {
                    Ty::Int
                } else {
                    ct.elem()
                });
            };
            self.elements.push(ct.elem());
            let pt = self.check(predicate);
            self.elements.pop();
            let pt = pt?;
            let boolean = matches!(
                b,
                Builtin::All
                    | Builtin::None
                    | Builtin::Any
                    | Builtin::One
                    | Builtin::Filter
                    | Builtin::Count
            );
            if boolean && pt != Ty::Bool && !pt.unknown() {
                return Err((
                    predicate.column,
                    format!("predicate should return boolean (got {})", pt.name()),
                ));
            }
            return Ok(match b {
                Builtin::Filter if ct.unknown() => Ty::Array(Box::new(Ty::Unknown)),
                Builtin::Filter => Ty::Array(Box::new(ct.elem())),
                Builtin::Map => Ty::Array(Box::new(pt)),
                Builtin::Count => Ty::Int,
                Builtin::Sum => pt,
                _ => Ty::Bool,
            });
        }
        let mut types = Vec::new();
        for arg in args.iter_mut() {
            types.push(self.check(arg)?);
        }
        let one = |types: &[Ty]| -> Result<Ty, CheckError> {
            match types {
                [t] => Ok(t.clone()),
                _ => Err((
                    column,
                    format!(
                        "invalid number of arguments (expected 1, got {})",
                        types.len()
                    ),
                )),
            }
        };
        match b {
            Builtin::Len => {
                let t = one(&types)?;
                if t.array() || t.unknown() || t == Ty::Str {
                    Ok(Ty::Int)
                } else {
                    Err(invalid(&t))
                }
            }
            Builtin::Abs => {
                let t = one(&types)?;
                if t.number() || t.unknown() {
                    Ok(t)
                } else {
                    Err(invalid(&t))
                }
            }
            Builtin::Ceil | Builtin::Floor | Builtin::Round => {
                let t = one(&types)?;
                if t.number() || t.unknown() {
                    Ok(Ty::Float)
                } else {
                    Err(invalid(&t))
                }
            }
            Builtin::Int | Builtin::Float => {
                let t = one(&types)?;
                if t.number() || t.unknown() || t == Ty::Str {
                    Ok(if b == Builtin::Int {
                        Ty::Int
                    } else {
                        Ty::Float
                    })
                } else {
                    Err(invalid(&t))
                }
            }
            Builtin::First | Builtin::Last => {
                let t = one(&types)?;
                match t {
                    Ty::Unknown | Ty::Any | Ty::Array(_) => Ok(Ty::Any),
                    Ty::Floats => Ok(Ty::Float),
                    other => Err((
                        column,
                        format!("cannot get {name} element from {}", other.name()),
                    )),
                }
            }
            Builtin::Min | Builtin::Max | Builtin::Mean | Builtin::Median => {
                if types.is_empty() {
                    return Err((column, format!("not enough arguments to call {name}")));
                }
                for t in &types {
                    if t.unknown() || t.array() {
                        return Ok(Ty::Any);
                    }
                    if !t.number() {
                        return Err(invalid(t));
                    }
                }
                Ok(types[0].clone())
            }
            _ => unreachable!("predicate builtins are checked above"),
        }
    }
}

/// Go's reflect kinds, for expr's "all elements of an array literal are of one kind".
fn kind_of(t: &Ty) -> u8 {
    match t {
        Ty::Unknown => 0,
        Ty::Any => 8,
        Ty::Nil => 1,
        Ty::Bool => 2,
        Ty::Int => 3,
        Ty::Float => 4,
        Ty::Str => 5,
        Ty::Array(_) | Ty::Floats => 6,
        Ty::Int64 => 7,
    }
}

fn binary_type(op: Bin, l: &Ty, r: &Ty) -> Option<Ty> {
    let bool_ok = |t: &Ty| *t == Ty::Bool;
    let num = |t: &Ty| t.number();
    let num_or_str = |t: &Ty| t.number() || *t == Ty::Str;
    let int = |t: &Ty| t.integer();
    let promote = || {
        if l.unknown() || r.unknown() {
            Ty::Unknown
        } else if *l == Ty::Float || *r == Ty::Float {
            Ty::Float
        } else {
            Ty::Int
        }
    };
    match op {
        Bin::Eq | Bin::Ne | Bin::EqInt | Bin::NeInt => l.comparable(r).then_some(Ty::Bool),
        Bin::Or | Bin::And => {
            ((bool_ok(l) && bool_ok(r)) || l.maybe(r, bool_ok)).then_some(Ty::Bool)
        }
        Bin::Lt | Bin::Le | Bin::Gt | Bin::Ge => ((l.number() && r.number())
            || (*l == Ty::Str && *r == Ty::Str)
            || l.maybe(r, num_or_str))
        .then_some(Ty::Bool),
        Bin::Sub | Bin::Mul => {
            if l.number() && r.number() {
                Some(promote())
            } else {
                l.maybe(r, num).then_some(Ty::Unknown)
            }
        }
        Bin::Add => {
            if l.number() && r.number() {
                Some(promote())
            } else if *l == Ty::Str && *r == Ty::Str {
                Some(Ty::Str)
            } else {
                l.maybe(r, num_or_str).then_some(Ty::Unknown)
            }
        }
        Bin::Div | Bin::Pow => ((l.number() && r.number()) || l.maybe(r, num)).then_some(Ty::Float),
        Bin::Rem => ((int(l) && int(r)) || l.maybe(r, int)).then_some(Ty::Int),
        Bin::Coalesce => Some(match (l, r) {
            (Ty::Nil, Ty::Nil) => Ty::Nil,
            (Ty::Nil, r) => r.clone(),
            (l, Ty::Nil) => l.clone(),
            (l, r) if r.assignable_to(l) => l.clone(),
            _ => Ty::Unknown,
        }),
        Bin::In | Bin::InInts | Bin::InStrs => {
            if r.array() {
                l.comparable(&r.elem()).then_some(Ty::Bool)
            } else if (l.unknown() && *r == Ty::Str) || r.unknown() {
                Some(Ty::Bool)
            } else {
                None
            }
        }
    }
}

/// expr's `traverseAndReplaceIntegerNodesWithFloatNodes`.
fn ints_to_floats(node: &mut Node) {
    match &mut node.kind {
        Kind::Int(n) => node.kind = Kind::Float(*n as f64),
        Kind::Unary(_, operand) => ints_to_floats(operand),
        Kind::Binary(Bin::Add | Bin::Sub | Bin::Mul, l, r) => {
            ints_to_floats(l);
            ints_to_floats(r);
        }
        _ => {}
    }
}

/// expr's `optimizer.fold`, bottom up: arithmetic on literals (integers wrap as Go's do),
/// `!` of a literal, `&&`/`||` with a literal side, `==` of two literals of one kind. A
/// literal `% 0` is a compile error.
pub(super) fn fold(node: &mut Node) -> Result<(), CheckError> {
    match &mut node.kind {
        Kind::Array(items) | Kind::Builtin(_, items) | Kind::Call(_, items) => {
            for item in items {
                fold(item)?;
            }
        }
        Kind::Unary(_, a) | Kind::Predicate(a) => fold(a)?,
        Kind::Binary(_, a, b) | Kind::Index(a, b) => {
            fold(a)?;
            fold(b)?;
        }
        Kind::Slice(a, b, c) => {
            fold(a)?;
            for n in [b, c].into_iter().flatten() {
                fold(n)?;
            }
        }
        Kind::Cond(a, b, c) => {
            fold(a)?;
            fold(b)?;
            fold(c)?;
        }
        _ => {}
    }
    let folded = match &node.kind {
        Kind::Unary(op, a) => match (op, &a.kind) {
            (Un::Neg, Kind::Int(n)) => Some(Kind::Int(n.wrapping_neg())),
            (Un::Neg, Kind::Float(n)) => Some(Kind::Float(-n)),
            (Un::Plus, Kind::Int(n)) => Some(Kind::Int(*n)),
            (Un::Plus, Kind::Float(n)) => Some(Kind::Float(*n)),
            (Un::Not, Kind::Bool(b)) => Some(Kind::Bool(!b)),
            _ => None,
        },
        Kind::Binary(op, l, r) => fold_binary(*op, l, r, node.column)?,
        _ => None,
    };
    if let Some(kind) = folded {
        node.kind = kind;
    }
    Ok(())
}

fn fold_binary(op: Bin, l: &Node, r: &Node, column: usize) -> Result<Option<Kind>, CheckError> {
    use Kind::{Bool, Float, Int, Str};
    let nums = match (&l.kind, &r.kind) {
        (Int(a), Int(b)) => Some((Some((*a, *b)), *a as f64, *b as f64)),
        (Int(a), Float(b)) => Some((None, *a as f64, *b)),
        (Float(a), Int(b)) => Some((None, *a, *b as f64)),
        (Float(a), Float(b)) => Some((None, *a, *b)),
        _ => None,
    };
    Ok(match op {
        Bin::Add | Bin::Sub | Bin::Mul => match nums {
            Some((Some((a, b)), _, _)) => Some(Int(match op {
                Bin::Add => a.wrapping_add(b),
                Bin::Sub => a.wrapping_sub(b),
                _ => a.wrapping_mul(b),
            })),
            Some((None, a, b)) => Some(Float(match op {
                Bin::Add => a + b,
                Bin::Sub => a - b,
                _ => a * b,
            })),
            None => match (op, &l.kind, &r.kind) {
                (Bin::Add, Str(a), Str(b)) => Some(Str(format!("{a}{b}"))),
                _ => None,
            },
        },
        Bin::Div => nums.map(|(_, a, b)| Float(a / b)),
        Bin::Pow => nums.map(|(_, a, b)| Float(a.powf(b))),
        Bin::Rem => match (&l.kind, &r.kind) {
            (Int(_), Int(0)) => return Err((column, "integer divide by zero".into())),
            (Int(a), Int(b)) => Some(Int(a.wrapping_rem(*b))),
            _ => None,
        },
        Bin::And => match (&l.kind, &r.kind) {
            (Bool(true), _) => Some(r.kind.clone()),
            (_, Bool(true)) => Some(l.kind.clone()),
            (Bool(false), _) | (_, Bool(false)) => Some(Bool(false)),
            _ => None,
        },
        Bin::Or => match (&l.kind, &r.kind) {
            (Bool(false), _) => Some(r.kind.clone()),
            (_, Bool(false)) => Some(l.kind.clone()),
            (Bool(true), _) | (_, Bool(true)) => Some(Bool(true)),
            _ => None,
        },
        Bin::Eq | Bin::EqInt => match (&l.kind, &r.kind) {
            (Int(a), Int(b)) => Some(Bool(a == b)),
            (Str(a), Str(b)) => Some(Bool(a == b)),
            (Bool(a), Bool(b)) => Some(Bool(a == b)),
            _ => None,
        },
        _ => None,
    })
}

/// expr's `predicateCombination` optimisation, after folding: `all(x, p) && all(x, q)` is
/// `all(x, p && q)`, `any(x, p) || any(x, q)` is `any(x, p || q)`, `none(x, p) && none(x, q)`
/// is `none(x, p || q)`, for the same collection written the same way. It changes which
/// predicates run, so an error in `q` can surface where the two calls would not reach it.
pub(super) fn combine_predicates(node: &mut Node) {
    match &mut node.kind {
        Kind::Array(items) | Kind::Builtin(_, items) | Kind::Call(_, items) => {
            items.iter_mut().for_each(combine_predicates)
        }
        Kind::Unary(_, a) | Kind::Predicate(a) => combine_predicates(a),
        Kind::Binary(_, a, b) | Kind::Index(a, b) => {
            combine_predicates(a);
            combine_predicates(b);
        }
        Kind::Slice(a, b, c) => {
            combine_predicates(a);
            for n in [b, c].into_iter().flatten() {
                combine_predicates(n);
            }
        }
        Kind::Cond(a, b, c) => {
            combine_predicates(a);
            combine_predicates(b);
            combine_predicates(c);
        }
        _ => {}
    }
    let Kind::Binary(op @ (Bin::And | Bin::Or), l, r) = &node.kind else {
        return;
    };
    let (Kind::Builtin(lb, la), Kind::Builtin(rb, ra)) = (&l.kind, &r.kind) else {
        return;
    };
    let combined = match (lb, op) {
        (Builtin::All, Bin::And) => Bin::And,
        (Builtin::Any, Bin::Or) => Bin::Or,
        (Builtin::None, Bin::And) => Bin::Or,
        _ => return,
    };
    if lb != rb || la.len() != 2 || ra.len() != 2 || !same(&la[0], &ra[0]) {
        return;
    }
    let (Kind::Predicate(p), Kind::Predicate(q)) = (&la[1].kind, &ra[1].kind) else {
        return;
    };
    let body = Node {
        kind: Kind::Binary(combined, p.clone(), q.clone()),
        column: p.column,
        depth: p.depth.max(q.depth) + 1,
    };
    let predicate = Node {
        column: la[1].column,
        depth: body.depth + 1,
        kind: Kind::Predicate(Box::new(body)),
    };
    node.kind = Kind::Builtin(*lb, vec![la[0].clone(), predicate]);
}

/// Two subtrees written the same way (expr compares their `String()`), columns aside.
fn same(a: &Node, b: &Node) -> bool {
    let all =
        |x: &[Node], y: &[Node]| x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b));
    match (&a.kind, &b.kind) {
        (Kind::Array(x), Kind::Array(y)) => all(x, y),
        (Kind::Builtin(f, x), Kind::Builtin(g, y)) => f == g && all(x, y),
        (Kind::Call(f, x), Kind::Call(g, y)) => f == g && all(x, y),
        (Kind::Unary(o, x), Kind::Unary(p, y)) => o == p && same(x, y),
        (Kind::Predicate(x), Kind::Predicate(y)) => same(x, y),
        (Kind::Binary(o, x1, x2), Kind::Binary(p, y1, y2)) => {
            o == p && same(x1, y1) && same(x2, y2)
        }
        (Kind::Index(x1, x2), Kind::Index(y1, y2)) => same(x1, y1) && same(x2, y2),
        (Kind::Slice(x1, x2, x3), Kind::Slice(y1, y2, y3)) => {
            let opt = |a: &Option<Box<Node>>, b: &Option<Box<Node>>| match (a, b) {
                (Some(a), Some(b)) => same(a, b),
                (None, None) => true,
                _ => false,
            };
            same(x1, y1) && opt(x2, y2) && opt(x3, y3)
        }
        (Kind::Cond(x1, x2, x3), Kind::Cond(y1, y2, y3)) => {
            same(x1, y1) && same(x2, y2) && same(x3, y3)
        }
        (x, y) => x == y,
    }
}

/// Where expr's optimiser turns `last(filter(x, p))` or `filter(x, p)[-1]` into `findLast`
/// (Argo Rollouts v1.10.1, expr v1.17.7), the compiled backward loop leaves one boolean per
/// iteration on the VM stack; any operator, call or literal that takes that value as other than
/// its first operand then takes a leftover boolean in place of the operand before it (`3 ==
/// last(filter([1, 2, 3], # > 1))` is false there). Conditions that reach that bug are refused;
/// this returns the column of the first such `findLast`, in a folded program.
pub(super) fn corrupting_find_last(node: &Node) -> Option<usize> {
    fn is_find_last(node: &Node) -> bool {
        let is_filter =
            |n: &Node| matches!(&n.kind, Kind::Builtin(Builtin::Filter, args) if args.len() == 2);
        match &node.kind {
            Kind::Builtin(Builtin::Last, args) => args.len() == 1 && is_filter(&args[0]),
            Kind::Index(base, index) => is_filter(base) && matches!(index.kind, Kind::Int(-1)),
            _ => false,
        }
    }
    /// Does this subtree contain a findLast, its garbage reaching the subtree's value?
    fn contains(node: &Node) -> Option<usize> {
        if is_find_last(node) {
            return Some(node.column);
        }
        children(node).into_iter().find_map(contains)
    }
    fn children(node: &Node) -> Vec<&Node> {
        match &node.kind {
            Kind::Array(items) | Kind::Builtin(_, items) | Kind::Call(_, items) => {
                items.iter().collect()
            }
            Kind::Unary(_, a) | Kind::Predicate(a) => vec![a],
            Kind::Binary(_, a, b) | Kind::Index(a, b) => vec![a, b],
            Kind::Cond(a, b, c) => vec![a, b, c],
            Kind::Slice(a, b, c) => {
                let mut v = vec![&**a];
                v.extend(b.iter().map(|n| &**n));
                v.extend(c.iter().map(|n| &**n));
                v
            }
            _ => vec![],
        }
    }
    // Operands after the first of a node that pops several values from the stack.
    let later_operands: Vec<&Node> = match &node.kind {
        Kind::Binary(Bin::And | Bin::Or | Bin::Coalesce, _, _) | Kind::Cond(..) => vec![],
        Kind::Binary(_, _, b) | Kind::Index(_, b) => vec![b],
        Kind::Array(items) | Kind::Call(_, items) => items.iter().skip(1).collect(),
        Kind::Builtin(b, items) if b.predicate().is_none() => items.iter().skip(1).collect(),
        // map, filter and sum collect or add what their predicate leaves: refuse a findLast
        // anywhere inside them.
        Kind::Builtin(Builtin::Map | Builtin::Filter | Builtin::Sum, items) => {
            items.iter().skip(1).collect()
        }
        Kind::Slice(_, b, c) => b.iter().chain(c.iter()).map(|n| &**n).collect(),
        _ => vec![],
    };
    later_operands
        .into_iter()
        .find_map(contains)
        .or_else(|| children(node).into_iter().find_map(corrupting_find_last))
}
