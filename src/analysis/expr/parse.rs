//! The syntax tree of a condition and expr-lang/expr's grammar for it: operator precedence and
//! associativity as expr's `operator` tables give them, comparison chains (`a < b < c`),
//! `not in`, the ternary `? :`, array literals, calls of the builtins and of the functions Argo
//! Rollouts puts in the environment, predicates with or without braces. The parser is
//! recursive but bounded: nesting, tree depth and node count have limits, so a hostile
//! condition is an error, never a stack overflow.

use super::ParseError;
use super::lex::{Tok, Token};

/// expr's own limit (`conf.DefaultMaxNodes`): a larger condition fails to compile in Argo.
pub const MAX_NODES: usize = 10_000;
/// Our limit on the depth of the syntax tree (operators applied to operators, nested calls,
/// parentheses, chains like `a && a && ...`), so evaluation never runs out of stack.
pub const MAX_DEPTH: u32 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Un {
    Not,
    Neg,
    Plus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bin {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
    /// `==` / `!=` compiled for two Go `int`s (expr's `OpEqualInt`): both values must be ints.
    EqInt,
    NeInt,
    /// `in` a literal array of integers (expr's `inArray`: a `map[int]`): the value must be
    /// an int.
    InInts,
    /// `in` a literal array of strings (a `map[string]`): the value must be a string.
    InStrs,
    /// `a ?? b`: `b` when `a` is nil.
    Coalesce,
}

impl Bin {
    pub(super) fn symbol(self) -> &'static str {
        match self {
            Bin::Or => "||",
            Bin::And => "&&",
            Bin::Eq => "==",
            Bin::Ne => "!=",
            Bin::Lt => "<",
            Bin::Le => "<=",
            Bin::Gt => ">",
            Bin::Ge => ">=",
            Bin::In => "in",
            Bin::Add => "+",
            Bin::Sub => "-",
            Bin::Mul => "*",
            Bin::Div => "/",
            Bin::Rem => "%",
            Bin::Pow => "**",
            Bin::EqInt => "==",
            Bin::NeInt => "!=",
            Bin::InInts | Bin::InStrs => "in",
            Bin::Coalesce => "??",
        }
    }

    /// expr's `operator.Binary` precedence and whether it is right-associative.
    fn from_op(op: &str) -> Option<(Bin, u8, bool)> {
        Some(match op {
            "or" | "||" => (Bin::Or, 10, false),
            "and" | "&&" => (Bin::And, 15, false),
            "==" => (Bin::Eq, 20, false),
            "!=" => (Bin::Ne, 20, false),
            "<" => (Bin::Lt, 20, false),
            ">" => (Bin::Gt, 20, false),
            "<=" => (Bin::Le, 20, false),
            ">=" => (Bin::Ge, 20, false),
            "in" => (Bin::In, 20, false),
            "+" => (Bin::Add, 30, false),
            "-" => (Bin::Sub, 30, false),
            "*" => (Bin::Mul, 60, false),
            "/" => (Bin::Div, 60, false),
            "%" => (Bin::Rem, 60, false),
            "**" | "^" => (Bin::Pow, 100, true),
            "??" => (Bin::Coalesce, 200, false),
            _ => return None,
        })
    }

    fn is_comparison(self) -> bool {
        matches!(self, Bin::Lt | Bin::Le | Bin::Gt | Bin::Ge)
    }
}

/// expr builtins supported in conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Builtin {
    All,
    None,
    Any,
    One,
    Filter,
    Map,
    Count,
    Sum,
    Len,
    Abs,
    Ceil,
    Floor,
    Round,
    Int,
    Float,
    Mean,
    Median,
    Min,
    Max,
    First,
    Last,
}

impl Builtin {
    fn lookup(name: &str) -> Option<Builtin> {
        Some(match name {
            "all" => Builtin::All,
            "none" => Builtin::None,
            "any" => Builtin::Any,
            "one" => Builtin::One,
            "filter" => Builtin::Filter,
            "map" => Builtin::Map,
            "count" => Builtin::Count,
            "sum" => Builtin::Sum,
            "len" => Builtin::Len,
            "abs" => Builtin::Abs,
            "ceil" => Builtin::Ceil,
            "floor" => Builtin::Floor,
            "round" => Builtin::Round,
            "int" => Builtin::Int,
            "float" => Builtin::Float,
            "mean" => Builtin::Mean,
            "median" => Builtin::Median,
            "min" => Builtin::Min,
            "max" => Builtin::Max,
            "first" => Builtin::First,
            "last" => Builtin::Last,
            _ => return None,
        })
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Builtin::All => "all",
            Builtin::None => "none",
            Builtin::Any => "any",
            Builtin::One => "one",
            Builtin::Filter => "filter",
            Builtin::Map => "map",
            Builtin::Count => "count",
            Builtin::Sum => "sum",
            Builtin::Len => "len",
            Builtin::Abs => "abs",
            Builtin::Ceil => "ceil",
            Builtin::Floor => "floor",
            Builtin::Round => "round",
            Builtin::Int => "int",
            Builtin::Float => "float",
            Builtin::Mean => "mean",
            Builtin::Median => "median",
            Builtin::Min => "min",
            Builtin::Max => "max",
            Builtin::First => "first",
            Builtin::Last => "last",
        }
    }

    /// Builtins whose second argument is a predicate, and whether it may be left out.
    pub(super) fn predicate(self) -> Option<bool> {
        match self {
            Builtin::All
            | Builtin::None
            | Builtin::Any
            | Builtin::One
            | Builtin::Filter
            | Builtin::Map => Some(false),
            Builtin::Count | Builtin::Sum => Some(true),
            _ => None,
        }
    }
}

/// expr builtins that exist but are not supported here (a condition using one is refused).
const UNSUPPORTED_BUILTINS: &[&str] = &[
    "find",
    "findIndex",
    "findLast",
    "findLastIndex",
    "groupBy",
    "sortBy",
    "reduce",
    "trim",
    "trimPrefix",
    "trimSuffix",
    "upper",
    "lower",
    "split",
    "splitAfter",
    "replace",
    "repeat",
    "join",
    "indexOf",
    "lastIndexOf",
    "hasPrefix",
    "hasSuffix",
    "string",
    "toJSON",
    "fromJSON",
    "toBase64",
    "fromBase64",
    "now",
    "duration",
    "date",
    "timezone",
    "keys",
    "values",
    "toPairs",
    "fromPairs",
    "get",
    "flatten",
    "uniq",
    "concat",
    "reverse",
    "sort",
    "take",
    "bitand",
    "bitor",
    "bitxor",
    "bitnand",
    "bitnot",
    "bitshl",
    "bitshr",
    "bitushr",
    "type",
];

/// The functions Argo Rollouts' `EvalCondition` puts in expr's environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EnvFn {
    AsInt,
    AsFloat,
    IsNaN,
    IsInf,
    IsNil,
    Default,
}

impl EnvFn {
    fn lookup(name: &str) -> Option<EnvFn> {
        Some(match name {
            "asInt" => EnvFn::AsInt,
            "asFloat" => EnvFn::AsFloat,
            "isNaN" => EnvFn::IsNaN,
            "isInf" => EnvFn::IsInf,
            "isNil" => EnvFn::IsNil,
            "default" => EnvFn::Default,
            _ => return None,
        })
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            EnvFn::AsInt => "asInt",
            EnvFn::AsFloat => "asFloat",
            EnvFn::IsNaN => "isNaN",
            EnvFn::IsInf => "isInf",
            EnvFn::IsNil => "isNil",
            EnvFn::Default => "default",
        }
    }

    /// The Go signature's parameter count (`isInf` takes one: Argo wraps `math.IsInf(f, 0)`).
    pub(super) fn arity(self) -> usize {
        match self {
            EnvFn::Default => 2,
            _ => 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Result,
    /// `#`, the element of the innermost predicate.
    Pointer,
    Array(Vec<Node>),
    Unary(Un, Box<Node>),
    Binary(Bin, Box<Node>, Box<Node>),
    Index(Box<Node>, Box<Node>),
    /// `x[a:b]`, either bound optional.
    Slice(Box<Node>, Option<Box<Node>>, Option<Box<Node>>),
    Cond(Box<Node>, Box<Node>, Box<Node>),
    Builtin(Builtin, Vec<Node>),
    Call(EnvFn, Vec<Node>),
    Predicate(Box<Node>),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Node {
    pub kind: Kind,
    pub column: usize,
    /// Height of the tree below and including this node.
    pub depth: u32,
}

pub(super) struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    end_column: usize,
    nesting: u32,
    predicates: u32,
    nodes: usize,
}

impl Parser {
    pub(super) fn new(tokens: Vec<Token>, end_column: usize) -> Parser {
        Parser {
            tokens,
            pos: 0,
            end_column,
            nesting: 0,
            predicates: 0,
            nodes: 0,
        }
    }

    pub(super) fn parse(mut self) -> Result<Node, ParseError> {
        let node = self.expression(0)?;
        if let Some(t) = self.peek() {
            return Err(ParseError {
                column: t.column,
                message: format!("unexpected {}", t.tok.describe()),
            });
        }
        Ok(node)
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn peek_tok(&self) -> Option<&Tok> {
        self.peek().map(|t| &t.tok)
    }

    fn column(&self) -> usize {
        self.peek().map_or(self.end_column, |t| t.column)
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek_tok(), Some(Tok::Op(o)) if *o == op)
    }

    fn is_bracket(&self, c: char) -> bool {
        self.peek_tok() == Some(&Tok::Bracket(c))
    }

    fn error_here(&self, expected: &str) -> ParseError {
        let found = self
            .peek()
            .map_or("the end of the condition".to_string(), |t| t.tok.describe());
        ParseError {
            column: self.column(),
            message: format!("expected {expected}, found {found}"),
        }
    }

    fn expect_bracket(&mut self, c: char) -> Result<(), ParseError> {
        if self.is_bracket(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error_here(&format!("`{c}`")))
        }
    }

    fn expect_op(&mut self, op: &str) -> Result<(), ParseError> {
        if self.is_op(op) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error_here(&format!("`{op}`")))
        }
    }

    /// Every node goes through here: the node count and the tree depth are bounded.
    fn node(&mut self, kind: Kind, column: usize) -> Result<Node, ParseError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(ParseError {
                column,
                message: format!(
                    "condition too large: more than {MAX_NODES} nodes (expr's limit, which Argo Rollouts applies)"
                ),
            });
        }
        let child_depth = match &kind {
            Kind::Array(items) | Kind::Builtin(_, items) | Kind::Call(_, items) => {
                items.iter().map(|n| n.depth).max().unwrap_or(0)
            }
            Kind::Unary(_, a) | Kind::Predicate(a) => a.depth,
            Kind::Binary(_, a, b) | Kind::Index(a, b) => a.depth.max(b.depth),
            Kind::Cond(a, b, c) => a.depth.max(b.depth).max(c.depth),
            Kind::Slice(a, b, c) => a
                .depth
                .max(b.as_ref().map_or(0, |n| n.depth))
                .max(c.as_ref().map_or(0, |n| n.depth)),
            _ => 0,
        };
        let depth = child_depth + 1;
        if depth > MAX_DEPTH {
            return Err(too_deep(column));
        }
        Ok(Node {
            kind,
            column,
            depth,
        })
    }

    fn expression(&mut self, precedence: u8) -> Result<Node, ParseError> {
        self.nesting += 1;
        if self.nesting > MAX_DEPTH {
            return Err(too_deep(self.column()));
        }
        let node = self.expression_inner(precedence);
        self.nesting -= 1;
        node
    }

    fn expression_inner(&mut self, precedence: u8) -> Result<Node, ParseError> {
        if precedence == 0 && self.is_op("let") {
            return Err(unsupported(self.column(), "`let` declarations"));
        }
        if precedence == 0 && self.is_op("if") {
            return self.if_else();
        }
        let mut left = self.primary()?;
        let mut previous: Option<&str> = None;
        while let Some(Token {
            tok: Tok::Op(op),
            column,
        }) = self.peek().cloned()
        {
            let mut negate = false;
            let mut op_name = op;
            if op == "not" {
                // `not in`: the only negated operator supported.
                match self.tokens.get(self.pos + 1).map(|t| &t.tok) {
                    Some(Tok::Op("in")) if 20 >= precedence => {
                        negate = true;
                        self.pos += 1;
                        op_name = "in";
                    }
                    Some(Tok::Op("in")) => break,
                    _ => {
                        self.pos += 1;
                        return Err(self.error_here("`in` after `not`"));
                    }
                }
            }
            if matches!(op_name, "matches" | "contains" | "startsWith" | "endsWith") {
                return Err(unsupported(
                    column,
                    &format!("the string operator `{op_name}`"),
                ));
            }
            if matches!(op_name, ".." | "|" | "?." | "." | "::" | ";") {
                return Err(unsupported(column, &format!("`{op_name}`")));
            }
            if op_name == "=" {
                return Err(ParseError {
                    column,
                    message: "`=` is not a comparison; use `==`".into(),
                });
            }
            let Some((bin, prec, right_assoc)) = Bin::from_op(op_name) else {
                break;
            };
            if prec < precedence {
                break;
            }
            if previous == Some("??") && op_name != "??" {
                return Err(ParseError {
                    column,
                    message: format!(
                        "operator ({op_name}) and coalesce expressions (??) cannot be mixed; wrap either in parentheses"
                    ),
                });
            }
            previous = Some(op_name);
            self.pos += 1;
            if bin.is_comparison() {
                left = self.comparison_chain(left, bin, column, prec)?;
                continue;
            }
            let right = self.expression(if right_assoc { prec } else { prec + 1 })?;
            left = self.node(Kind::Binary(bin, Box::new(left), Box::new(right)), column)?;
            if negate {
                left = self.node(Kind::Unary(Un::Not, Box::new(left)), column)?;
            }
        }
        if precedence == 0 {
            while self.is_op("?") {
                let column = self.column();
                self.pos += 1;
                let (yes, no) = if self.is_op(":") {
                    self.pos += 1;
                    (left.clone(), self.expression(0)?)
                } else {
                    let yes = self.expression(0)?;
                    self.expect_op(":")?;
                    (yes, self.expression(0)?)
                };
                left = self.node(
                    Kind::Cond(Box::new(left), Box::new(yes), Box::new(no)),
                    column,
                )?;
            }
        }
        Ok(left)
    }

    /// `if c { a } else { b }` (and `else if`), a conditional like `c ? a : b`.
    fn if_else(&mut self) -> Result<Node, ParseError> {
        let column = self.column();
        self.pos += 1;
        let cond = self.expression(0)?;
        self.expect_bracket('{')?;
        let yes = self.expression(0)?;
        self.expect_bracket('}')?;
        self.expect_op("else")?;
        let no = if self.is_op("if") {
            self.nesting += 1;
            if self.nesting > MAX_DEPTH {
                return Err(too_deep(self.column()));
            }
            let no = self.if_else();
            self.nesting -= 1;
            no?
        } else {
            self.expect_bracket('{')?;
            let no = self.expression(0)?;
            self.expect_bracket('}')?;
            no
        };
        self.node(
            Kind::Cond(Box::new(cond), Box::new(yes), Box::new(no)),
            column,
        )
    }

    /// `a < b <= c` is `a < b && b <= c`, as expr's `parseComparison` builds it.
    fn comparison_chain(
        &mut self,
        mut left: Node,
        mut op: Bin,
        mut column: usize,
        precedence: u8,
    ) -> Result<Node, ParseError> {
        let mut root: Option<Node> = None;
        loop {
            let right = self.expression(precedence + 1)?;
            let cmp = self.node(
                Kind::Binary(op, Box::new(left), Box::new(right.clone())),
                column,
            )?;
            root = Some(match root {
                None => cmp,
                Some(r) => self.node(Kind::Binary(Bin::And, Box::new(r), Box::new(cmp)), column)?,
            });
            left = right;
            match self.peek().cloned() {
                Some(Token {
                    tok: Tok::Op(o),
                    column: c,
                }) if Bin::from_op(o).is_some_and(|(b, _, _)| b.is_comparison()) => {
                    op = Bin::from_op(o).map(|(b, _, _)| b).unwrap_or(op);
                    column = c;
                    self.pos += 1;
                }
                _ => break,
            }
        }
        Ok(root.unwrap_or_else(|| unreachable!("the loop runs at least once")))
    }

    fn primary(&mut self) -> Result<Node, ParseError> {
        let Some(token) = self.peek().cloned() else {
            return Err(self.error_here("a value"));
        };
        if let Tok::Op(op) = token.tok {
            let unary = match op {
                "not" | "!" => Some((Un::Not, 50)),
                "-" => Some((Un::Neg, 90)),
                "+" => Some((Un::Plus, 90)),
                _ => None,
            };
            if let Some((un, prec)) = unary {
                self.pos += 1;
                let operand = self.expression(prec)?;
                let node = self.node(Kind::Unary(un, Box::new(operand)), token.column)?;
                return self.postfix(node);
            }
            if op == "#" {
                if self.predicates == 0 {
                    return Err(ParseError {
                        column: token.column,
                        message:
                            "`#` is only allowed inside a predicate like all(result, {# > 0.9})"
                                .into(),
                    });
                }
                self.pos += 1;
                if let Some(Tok::Ident(name)) = self.peek_tok() {
                    return Err(unsupported(token.column, &format!("`#{name}`")));
                }
                let node = self.node(Kind::Pointer, token.column)?;
                return self.postfix(node);
            }
            if op == "." {
                return Err(unsupported(token.column, "member access `.`"));
            }
        }
        if token.tok == Tok::Bracket('(') {
            self.pos += 1;
            let inner = self.expression(0)?;
            if self.is_op(";") {
                return Err(unsupported(self.column(), "`;` sequences"));
            }
            self.expect_bracket(')')?;
            return self.postfix(inner);
        }
        let node = self.secondary(token)?;
        self.postfix(node)
    }

    fn secondary(&mut self, token: Token) -> Result<Node, ParseError> {
        let column = token.column;
        self.pos += 1;
        let kind = match token.tok {
            Tok::Int(n) => Kind::Int(n),
            Tok::Float(n) => Kind::Float(n),
            Tok::Str(s) => Kind::Str(s),
            Tok::Bracket('[') => {
                let mut items = Vec::new();
                while !self.is_bracket(']') {
                    if !items.is_empty() {
                        self.expect_op(",")?;
                        if self.is_bracket(']') {
                            break; // a trailing comma
                        }
                    }
                    items.push(self.expression(0)?);
                }
                self.expect_bracket(']')?;
                Kind::Array(items)
            }
            Tok::Bracket('{') => return Err(unsupported(column, "map literals `{...}`")),
            Tok::Ident(name) => return self.identifier(name, column),
            other => {
                self.pos -= 1;
                return Err(ParseError {
                    column,
                    message: format!("unexpected {}", other.describe()),
                });
            }
        };
        self.node(kind, column)
    }

    fn identifier(&mut self, name: String, column: usize) -> Result<Node, ParseError> {
        let called = self.is_bracket('(');
        match name.as_str() {
            "true" if !called => return self.node(Kind::Bool(true), column),
            "false" if !called => return self.node(Kind::Bool(false), column),
            "nil" if !called => return self.node(Kind::Nil, column),
            "result" if !called => return self.node(Kind::Result, column),
            _ => {}
        }
        let builtin = Builtin::lookup(&name);
        let env_fn = EnvFn::lookup(&name);
        if !called {
            let message = if builtin.is_some() || env_fn.is_some() {
                format!("`{name}` is a function; call it as {name}(...)")
            } else {
                format!("unknown name `{name}`; only `result` and functions are defined")
            };
            return Err(ParseError { column, message });
        }
        self.pos += 1; // `(`
        if let Some(b) = builtin {
            let args = self.builtin_arguments(b)?;
            return self.node(Kind::Builtin(b, args), column);
        }
        if let Some(f) = env_fn {
            let args = self.arguments()?;
            return self.node(Kind::Call(f, args), column);
        }
        let message = if UNSUPPORTED_BUILTINS.contains(&name.as_str()) {
            format!("expr's builtin `{name}` is not supported in conditions")
        } else {
            format!("unknown function `{name}`")
        };
        Err(ParseError { column, message })
    }

    fn arguments(&mut self) -> Result<Vec<Node>, ParseError> {
        let mut args = Vec::new();
        while !self.is_bracket(')') {
            if !args.is_empty() {
                if !self.is_op(",") {
                    return Err(self.error_here("`,` or `)`"));
                }
                self.pos += 1;
            }
            args.push(self.expression(0)?);
        }
        self.pos += 1;
        Ok(args)
    }

    fn builtin_arguments(&mut self, b: Builtin) -> Result<Vec<Node>, ParseError> {
        let Some(optional) = b.predicate() else {
            return self.arguments();
        };
        let collection = self.expression(0)?;
        let mut args = vec![collection];
        if self.is_op(",") {
            self.pos += 1;
            args.push(self.predicate()?);
        } else if !optional {
            return Err(ParseError {
                column: self.column(),
                message: format!(
                    "{}() takes a list and a predicate, like {}(result, # > 0.9)",
                    b.name(),
                    b.name()
                ),
            });
        }
        if !self.is_bracket(')') {
            return Err(ParseError {
                column: self.column(),
                message: format!(
                    "expected `)`: {}() takes {} arguments",
                    b.name(),
                    if optional { "1 or 2" } else { "2" }
                ),
            });
        }
        self.pos += 1;
        Ok(args)
    }

    /// A predicate: `{ expression }` or a bare expression, where `#` is the element.
    fn predicate(&mut self) -> Result<Node, ParseError> {
        let column = self.column();
        self.predicates += 1;
        let body = if self.is_bracket('{') {
            self.pos += 1;
            let body = self.expression(0);
            body.and_then(|b| self.expect_bracket('}').map(|()| b))
        } else {
            self.expression(0)
        };
        self.predicates -= 1;
        let body = body?;
        self.node(Kind::Predicate(Box::new(body)), column)
    }

    fn postfix(&mut self, mut node: Node) -> Result<Node, ParseError> {
        loop {
            if self.is_bracket('[') {
                let column = self.column();
                self.pos += 1;
                let from = if self.is_op(":") {
                    None
                } else {
                    Some(Box::new(self.expression(0)?))
                };
                if self.is_op(":") {
                    self.pos += 1;
                    let to = if self.is_bracket(']') {
                        None
                    } else {
                        Some(Box::new(self.expression(0)?))
                    };
                    self.expect_bracket(']')?;
                    node = self.node(Kind::Slice(Box::new(node), from, to), column)?;
                    continue;
                }
                self.expect_bracket(']')?;
                let index = from.unwrap_or_else(|| unreachable!("an index or a `:`"));
                node = self.node(Kind::Index(Box::new(node), index), column)?;
            } else if self.is_op(".") || self.is_op("?.") {
                return Err(unsupported(self.column(), "member access `.`"));
            } else if self.is_bracket('(') {
                return Err(ParseError {
                    column: self.column(),
                    message: "only functions can be called".into(),
                });
            } else {
                return Ok(node);
            }
        }
    }
}

fn too_deep(column: usize) -> ParseError {
    ParseError {
        column,
        message: format!(
            "condition nested too deeply: more than {MAX_DEPTH} levels of operators, calls or parentheses"
        ),
    }
}

fn unsupported(column: usize, what: &str) -> ParseError {
    ParseError {
        column,
        message: format!("{what} not supported in conditions"),
    }
}
