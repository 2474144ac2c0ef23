//! Condition expressions (`successCondition`, `failureCondition`): the subset of the `expr`
//! language that Argo Rollouts users write, parsed by hand so that errors point at a column and
//! anything outside the subset is rejected before a rollout starts.
//!
//! Supported: `result` (a number or a list of numbers), number/`true`/`false`/`nil` literals,
//! `result[i]` (negative indexes count from the end, as in expr), `+ - * / %`, `== != < <= > >=`,
//! `&& || !` and `and or not`, parentheses, and the functions `len`, `isNaN`, `isInf`, `isNil`,
//! `default`, `asInt`, `asFloat`, `abs`, `min`, `max`, and `all`/`any`/`none(list, {predicate})`
//! where `#` is the element. A condition must evaluate to a boolean.

use std::fmt;

/// The value a condition works on: what a provider measured, or an intermediate result.
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

    fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Bool(_) => "bool",
            Value::Num(_) => "number",
            Value::List(_) => "list",
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

/// A syntax error or a name outside the supported subset, at a 1-based column.
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

/// An error while evaluating (index out of range, wrong types): an Error measurement.
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

impl Condition {
    pub fn parse(source: &str) -> Result<Condition, ParseError> {
        let tokens = lex(source)?;
        let mut parser = Parser {
            tokens,
            pos: 0,
            depth: 0,
            closure_depth: 0,
            end_column: source.chars().count() + 1,
        };
        let root = parser.expression()?;
        if let Some(tok) = parser.peek() {
            return Err(ParseError {
                column: tok.column,
                message: format!("unexpected {}", tok.kind.describe()),
            });
        }
        Ok(Condition {
            source: source.to_string(),
            root,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Evaluates with `result` bound to `result`; the condition must yield a boolean.
    pub fn evaluate(&self, result: &Value) -> Result<bool, EvalError> {
        let env = Env {
            result,
            element: None,
        };
        match eval(&self.root, &env)? {
            Value::Bool(b) => Ok(b),
            other => Err(EvalError(format!(
                "expected the condition to be a bool, got {} ({other})",
                other.type_name()
            ))),
        }
    }
}

impl Condition {
    /// Why the condition came out as it did, for people: for a comparison at the top level the
    /// two sides with the operator that held (`0.93 < 0.99`), otherwise the value of `result`.
    pub fn explain(&self, result: &Value, verdict: bool) -> String {
        let env = Env {
            result,
            element: None,
        };
        if let Node::Bin(op, l, r) = &self.root
            && let Some((held, negated)) = comparison_symbols(*op)
            && let (Ok(l), Ok(r)) = (eval(l, &env), eval(r, &env))
        {
            let sym = if verdict { held } else { negated };
            return format!("{l} {sym} {r}");
        }
        format!("`{}` is {verdict} for result {result}", self.source)
    }
}

/// The symbol of a comparison and of its negation.
fn comparison_symbols(op: BinOp) -> Option<(&'static str, &'static str)> {
    Some(match op {
        BinOp::Lt => ("<", ">="),
        BinOp::Le => ("<=", ">"),
        BinOp::Gt => (">", "<="),
        BinOp::Ge => (">=", "<"),
        BinOp::Eq => ("==", "!="),
        BinOp::Ne => ("!=", "=="),
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------------
// Lexer

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Num(f64),
    Ident(String),
    Hash,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Not,
}

impl Kind {
    fn describe(&self) -> String {
        match self {
            Kind::Num(n) => format!("number {}", format_number(*n)),
            Kind::Ident(name) => format!("`{name}`"),
            other => format!("`{}`", other.symbol()),
        }
    }

    fn symbol(&self) -> &'static str {
        match self {
            Kind::Hash => "#",
            Kind::LParen => "(",
            Kind::RParen => ")",
            Kind::LBracket => "[",
            Kind::RBracket => "]",
            Kind::LBrace => "{",
            Kind::RBrace => "}",
            Kind::Comma => ",",
            Kind::Plus => "+",
            Kind::Minus => "-",
            Kind::Star => "*",
            Kind::Slash => "/",
            Kind::Percent => "%",
            Kind::Eq => "==",
            Kind::Ne => "!=",
            Kind::Lt => "<",
            Kind::Le => "<=",
            Kind::Gt => ">",
            Kind::Ge => ">=",
            Kind::And => "&&",
            Kind::Or => "||",
            Kind::Not => "!",
            Kind::Num(_) | Kind::Ident(_) => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Token {
    kind: Kind,
    column: usize,
}

fn lex(source: &str) -> Result<Vec<Token>, ParseError> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '_') {
                i += 1;
            }
            if i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '_') {
                    i += 1;
                }
            }
            if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
                let mut j = i + 1;
                if j < chars.len() && (chars[j] == '+' || chars[j] == '-') {
                    j += 1;
                }
                if j < chars.len() && chars[j].is_ascii_digit() {
                    while j < chars.len() && chars[j].is_ascii_digit() {
                        j += 1;
                    }
                    i = j;
                }
            }
            let text: String = chars[start..i].iter().filter(|c| **c != '_').collect();
            let value = text.parse::<f64>().map_err(|_| ParseError {
                column,
                message: format!("invalid number `{text}`"),
            })?;
            if i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                return Err(ParseError {
                    column: i + 1,
                    message: format!("unexpected `{}` after a number", chars[i]),
                });
            }
            tokens.push(Token {
                kind: Kind::Num(value),
                column,
            });
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let kind = match word.as_str() {
                "and" => Kind::And,
                "or" => Kind::Or,
                "not" => Kind::Not,
                _ => Kind::Ident(word),
            };
            tokens.push(Token { kind, column });
            continue;
        }
        let next = chars.get(i + 1).copied();
        let (kind, width) = match (c, next) {
            ('=', Some('=')) => (Kind::Eq, 2),
            ('!', Some('=')) => (Kind::Ne, 2),
            ('<', Some('=')) => (Kind::Le, 2),
            ('>', Some('=')) => (Kind::Ge, 2),
            ('&', Some('&')) => (Kind::And, 2),
            ('|', Some('|')) => (Kind::Or, 2),
            ('<', _) => (Kind::Lt, 1),
            ('>', _) => (Kind::Gt, 1),
            ('!', _) => (Kind::Not, 1),
            ('#', _) => (Kind::Hash, 1),
            ('(', _) => (Kind::LParen, 1),
            (')', _) => (Kind::RParen, 1),
            ('[', _) => (Kind::LBracket, 1),
            (']', _) => (Kind::RBracket, 1),
            ('{', _) => (Kind::LBrace, 1),
            ('}', _) => (Kind::RBrace, 1),
            (',', _) => (Kind::Comma, 1),
            ('+', _) => (Kind::Plus, 1),
            ('-', _) => (Kind::Minus, 1),
            ('*', Some('*')) => {
                return Err(unsupported(column, "`**`"));
            }
            ('*', _) => (Kind::Star, 1),
            ('/', _) => (Kind::Slash, 1),
            ('%', _) => (Kind::Percent, 1),
            ('=', _) => {
                return Err(ParseError {
                    column,
                    message: "`=` is not a comparison; use `==`".to_string(),
                });
            }
            ('"' | '\'' | '`', _) => return Err(unsupported(column, "string literals")),
            ('.', _) => return Err(unsupported(column, "member access `.`")),
            ('?', _) => return Err(unsupported(column, "`?`")),
            _ => {
                return Err(ParseError {
                    column,
                    message: format!("unexpected character `{c}`"),
                });
            }
        };
        tokens.push(Token { kind, column });
        i += width;
    }
    Ok(tokens)
}

fn unsupported(column: usize, what: &str) -> ParseError {
    ParseError {
        column,
        message: format!("{what} not supported in conditions"),
    }
}

// ---------------------------------------------------------------------------------------------
// Parser

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Func {
    Len,
    IsNaN,
    IsInf,
    IsNil,
    Default,
    AsInt,
    AsFloat,
    Abs,
    Min,
    Max,
    All,
    Any,
    None,
}

impl Func {
    fn lookup(name: &str) -> Option<Func> {
        Some(match name {
            "len" => Func::Len,
            "isNaN" => Func::IsNaN,
            "isInf" => Func::IsInf,
            "isNil" => Func::IsNil,
            "default" => Func::Default,
            "asInt" => Func::AsInt,
            "asFloat" => Func::AsFloat,
            "abs" => Func::Abs,
            "min" => Func::Min,
            "max" => Func::Max,
            "all" => Func::All,
            "any" => Func::Any,
            "none" => Func::None,
            _ => return None,
        })
    }

    /// (minimum, maximum) number of arguments.
    fn arity(self) -> (usize, usize) {
        match self {
            Func::Len | Func::IsNaN | Func::IsNil | Func::AsInt | Func::AsFloat | Func::Abs => {
                (1, 1)
            }
            Func::IsInf => (1, 2),
            Func::Default | Func::All | Func::Any | Func::None => (2, 2),
            Func::Min | Func::Max => (1, usize::MAX),
        }
    }

    fn takes_predicate(self) -> bool {
        matches!(self, Func::All | Func::Any | Func::None)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Lit(Value),
    Result,
    Element,
    Neg(Box<Node>),
    Not(Box<Node>),
    Bin(BinOp, Box<Node>, Box<Node>),
    Index(Box<Node>, Box<Node>),
    Call(Func, Vec<Node>),
}

const MAX_DEPTH: usize = 64;

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    closure_depth: usize,
    end_column: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn peek_kind(&self) -> Option<&Kind> {
        self.peek().map(|t| &t.kind)
    }

    fn column(&self) -> usize {
        self.peek().map_or(self.end_column, |t| t.column)
    }

    fn error_here(&self, expected: &str) -> ParseError {
        let found = self
            .peek()
            .map_or("the end of the condition".to_string(), |t| {
                t.kind.describe()
            });
        ParseError {
            column: self.column(),
            message: format!("expected {expected}, found {found}"),
        }
    }

    fn expect(&mut self, kind: Kind) -> Result<(), ParseError> {
        if self.peek_kind() == Some(&kind) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error_here(&format!("`{}`", kind.symbol())))
        }
    }

    fn eat(&mut self, kind: &Kind) -> bool {
        if self.peek_kind() == Some(kind) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError {
                column: self.column(),
                message: "condition nested too deeply".to_string(),
            });
        }
        Ok(())
    }

    fn expression(&mut self) -> Result<Node, ParseError> {
        self.enter()?;
        let node = self.or();
        self.depth -= 1;
        node
    }

    fn or(&mut self) -> Result<Node, ParseError> {
        let mut left = self.and()?;
        while self.eat(&Kind::Or) {
            let right = self.and()?;
            left = Node::Bin(BinOp::Or, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Node, ParseError> {
        let mut left = self.comparison()?;
        while self.eat(&Kind::And) {
            let right = self.comparison()?;
            left = Node::Bin(BinOp::And, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn comparison(&mut self) -> Result<Node, ParseError> {
        let mut left = self.additive()?;
        loop {
            let op = match self.peek_kind() {
                Some(Kind::Eq) => BinOp::Eq,
                Some(Kind::Ne) => BinOp::Ne,
                Some(Kind::Lt) => BinOp::Lt,
                Some(Kind::Le) => BinOp::Le,
                Some(Kind::Gt) => BinOp::Gt,
                Some(Kind::Ge) => BinOp::Ge,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.additive()?;
            left = Node::Bin(op, Box::new(left), Box::new(right));
        }
    }

    fn additive(&mut self) -> Result<Node, ParseError> {
        let mut left = self.multiplicative()?;
        loop {
            let op = match self.peek_kind() {
                Some(Kind::Plus) => BinOp::Add,
                Some(Kind::Minus) => BinOp::Sub,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.multiplicative()?;
            left = Node::Bin(op, Box::new(left), Box::new(right));
        }
    }

    fn multiplicative(&mut self) -> Result<Node, ParseError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek_kind() {
                Some(Kind::Star) => BinOp::Mul,
                Some(Kind::Slash) => BinOp::Div,
                Some(Kind::Percent) => BinOp::Rem,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.unary()?;
            left = Node::Bin(op, Box::new(left), Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Node, ParseError> {
        self.enter()?;
        let node = match self.peek_kind() {
            Some(Kind::Not) => {
                self.pos += 1;
                self.unary().map(|n| Node::Not(Box::new(n)))
            }
            Some(Kind::Minus) => {
                self.pos += 1;
                self.unary().map(|n| Node::Neg(Box::new(n)))
            }
            Some(Kind::Plus) => {
                self.pos += 1;
                self.unary()
            }
            _ => self.postfix(),
        };
        self.depth -= 1;
        node
    }

    fn postfix(&mut self) -> Result<Node, ParseError> {
        let mut node = self.primary()?;
        while self.eat(&Kind::LBracket) {
            let index = self.expression()?;
            self.expect(Kind::RBracket)?;
            node = Node::Index(Box::new(node), Box::new(index));
        }
        Ok(node)
    }

    fn primary(&mut self) -> Result<Node, ParseError> {
        let Some(token) = self.peek().cloned() else {
            return Err(self.error_here("a value"));
        };
        match token.kind {
            Kind::Num(n) => {
                self.pos += 1;
                Ok(Node::Lit(Value::Num(n)))
            }
            Kind::LParen => {
                self.pos += 1;
                let inner = self.expression()?;
                self.expect(Kind::RParen)?;
                Ok(inner)
            }
            Kind::Hash => {
                if self.closure_depth == 0 {
                    return Err(ParseError {
                        column: token.column,
                        message: "`#` is only allowed inside a predicate like {# > 0.9}"
                            .to_string(),
                    });
                }
                self.pos += 1;
                Ok(Node::Element)
            }
            Kind::Ident(name) => {
                self.pos += 1;
                match name.as_str() {
                    "true" => return Ok(Node::Lit(Value::Bool(true))),
                    "false" => return Ok(Node::Lit(Value::Bool(false))),
                    "nil" => return Ok(Node::Lit(Value::Nil)),
                    "result" => return Ok(Node::Result),
                    _ => {}
                }
                if self.peek_kind() != Some(&Kind::LParen) {
                    let message = if Func::lookup(&name).is_some() {
                        format!("`{name}` is a function; call it as {name}(...)")
                    } else {
                        format!("unknown name `{name}`; only `result` is defined")
                    };
                    return Err(ParseError {
                        column: token.column,
                        message,
                    });
                }
                let Some(func) = Func::lookup(&name) else {
                    return Err(ParseError {
                        column: token.column,
                        message: format!("unknown function `{name}`"),
                    });
                };
                self.pos += 1;
                let args = self.arguments(func)?;
                let (min, max) = func.arity();
                if args.len() < min || args.len() > max {
                    let expected = if min == max {
                        format!("{min}")
                    } else if max == usize::MAX {
                        format!("at least {min}")
                    } else {
                        format!("{min} or {max}")
                    };
                    return Err(ParseError {
                        column: token.column,
                        message: format!(
                            "`{name}` takes {expected} argument(s), got {}",
                            args.len()
                        ),
                    });
                }
                Ok(Node::Call(func, args))
            }
            _ => Err(self.error_here("a value")),
        }
    }

    fn arguments(&mut self, func: Func) -> Result<Vec<Node>, ParseError> {
        let mut args = Vec::new();
        if self.eat(&Kind::RParen) {
            return Ok(args);
        }
        loop {
            let is_predicate_slot = func.takes_predicate() && args.len() == 1;
            if is_predicate_slot {
                if self.peek_kind() != Some(&Kind::LBrace) {
                    return Err(self.error_here("a predicate in braces, like {# > 0.9}"));
                }
                self.pos += 1;
                self.closure_depth += 1;
                let body = self.expression();
                self.closure_depth -= 1;
                args.push(body?);
                self.expect(Kind::RBrace)?;
            } else if self.peek_kind() == Some(&Kind::LBrace) {
                return Err(self.error_here("a value"));
            } else {
                args.push(self.expression()?);
            }
            if self.eat(&Kind::Comma) {
                continue;
            }
            if self.eat(&Kind::RParen) {
                return Ok(args);
            }
            return Err(self.error_here("`,` or `)`"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Evaluator

struct Env<'a> {
    result: &'a Value,
    element: Option<&'a Value>,
}

fn eval(node: &Node, env: &Env<'_>) -> Result<Value, EvalError> {
    match node {
        Node::Lit(v) => Ok(v.clone()),
        Node::Result => Ok(env.result.clone()),
        Node::Element => env
            .element
            .cloned()
            .ok_or_else(|| EvalError("`#` outside a predicate".to_string())),
        Node::Neg(inner) => match eval(inner, env)? {
            Value::Num(n) => Ok(Value::Num(-n)),
            other => Err(type_error("-", &other)),
        },
        Node::Not(inner) => match eval(inner, env)? {
            Value::Bool(b) => Ok(Value::Bool(!b)),
            other => Err(type_error("!", &other)),
        },
        Node::Bin(BinOp::And, l, r) => {
            if !truth("&&", eval(l, env)?)? {
                return Ok(Value::Bool(false));
            }
            Ok(Value::Bool(truth("&&", eval(r, env)?)?))
        }
        Node::Bin(BinOp::Or, l, r) => {
            if truth("||", eval(l, env)?)? {
                return Ok(Value::Bool(true));
            }
            Ok(Value::Bool(truth("||", eval(r, env)?)?))
        }
        Node::Bin(op, l, r) => binary(*op, eval(l, env)?, eval(r, env)?),
        Node::Index(base, index) => {
            let base = eval(base, env)?;
            let index = eval(index, env)?;
            let Value::List(items) = &base else {
                return Err(EvalError(format!(
                    "cannot index a {} ({base}); result is not a list",
                    base.type_name()
                )));
            };
            let Value::Num(i) = index else {
                return Err(EvalError(format!(
                    "index must be a number, got {}",
                    index.type_name()
                )));
            };
            if i.fract() != 0.0 || !i.is_finite() {
                return Err(EvalError(format!(
                    "index must be an integer, got {}",
                    format_number(i)
                )));
            }
            let len = items.len() as f64;
            let effective = if i < 0.0 { len + i } else { i };
            if effective < 0.0 || effective >= len {
                return Err(EvalError(format!(
                    "index out of range: {} (length {})",
                    format_number(i),
                    items.len()
                )));
            }
            Ok(items[effective as usize].clone())
        }
        Node::Call(func, args) => call(*func, args, env),
    }
}

fn truth(op: &str, v: Value) -> Result<bool, EvalError> {
    match v {
        Value::Bool(b) => Ok(b),
        other => Err(type_error(op, &other)),
    }
}

fn type_error(op: &str, v: &Value) -> EvalError {
    EvalError(format!(
        "invalid operation: `{op}` on {} ({v})",
        v.type_name()
    ))
}

fn binary(op: BinOp, l: Value, r: Value) -> Result<Value, EvalError> {
    match op {
        BinOp::Eq => return Ok(Value::Bool(l == r)),
        BinOp::Ne => return Ok(Value::Bool(l != r)),
        _ => {}
    }
    let (Value::Num(a), Value::Num(b)) = (&l, &r) else {
        let sym = match op {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            _ => "?",
        };
        return Err(EvalError(format!(
            "invalid operation: {} {sym} {} ({l} {sym} {r})",
            l.type_name(),
            r.type_name()
        )));
    };
    let (a, b) = (*a, *b);
    Ok(match op {
        BinOp::Add => Value::Num(a + b),
        BinOp::Sub => Value::Num(a - b),
        BinOp::Mul => Value::Num(a * b),
        BinOp::Div => Value::Num(a / b),
        BinOp::Rem => {
            if b == 0.0 {
                return Err(EvalError("modulo by zero".to_string()));
            }
            Value::Num(a % b)
        }
        BinOp::Lt => Value::Bool(a < b),
        BinOp::Le => Value::Bool(a <= b),
        BinOp::Gt => Value::Bool(a > b),
        BinOp::Ge => Value::Bool(a >= b),
        BinOp::Eq | BinOp::Ne | BinOp::And | BinOp::Or => unreachable!("handled above"),
    })
}

fn number(func: &str, v: &Value) -> Result<f64, EvalError> {
    match v {
        Value::Num(n) => Ok(*n),
        other => Err(EvalError(format!(
            "{func}() expects a number, got {} ({other})",
            other.type_name()
        ))),
    }
}

fn call(func: Func, args: &[Node], env: &Env<'_>) -> Result<Value, EvalError> {
    if func.takes_predicate() {
        let list = eval(&args[0], env)?;
        let Value::List(items) = &list else {
            return Err(EvalError(format!(
                "{}() expects a list, got {} ({list})",
                func_name(func),
                list.type_name()
            )));
        };
        let mut matched = 0usize;
        for item in items {
            let inner = Env {
                result: env.result,
                element: Some(item),
            };
            if truth("predicate", eval(&args[1], &inner)?)? {
                matched += 1;
            }
        }
        return Ok(Value::Bool(match func {
            Func::All => matched == items.len(),
            Func::Any => matched > 0,
            _ => matched == 0,
        }));
    }
    let values = args
        .iter()
        .map(|a| eval(a, env))
        .collect::<Result<Vec<_>, _>>()?;
    let name = func_name(func);
    match func {
        Func::Len => match &values[0] {
            Value::List(items) => Ok(Value::Num(items.len() as f64)),
            other => Err(EvalError(format!(
                "len() expects a list, got {} ({other})",
                other.type_name()
            ))),
        },
        Func::IsNaN => Ok(Value::Bool(number(name, &values[0])?.is_nan())),
        Func::IsInf => {
            let n = number(name, &values[0])?;
            let sign = match values.get(1) {
                Some(v) => number(name, v)?,
                None => 0.0,
            };
            Ok(Value::Bool(
                (sign >= 0.0 && n == f64::INFINITY) || (sign <= 0.0 && n == f64::NEG_INFINITY),
            ))
        }
        Func::IsNil => Ok(Value::Bool(values[0] == Value::Nil)),
        Func::Default => Ok(if values[0] == Value::Nil {
            values[1].clone()
        } else {
            values[0].clone()
        }),
        Func::AsInt => Ok(Value::Num(number(name, &values[0])?.trunc())),
        Func::AsFloat => Ok(Value::Num(number(name, &values[0])?)),
        Func::Abs => Ok(Value::Num(number(name, &values[0])?.abs())),
        Func::Min | Func::Max => {
            let flat: Vec<&Value> = match values.as_slice() {
                [Value::List(items)] => items.iter().collect(),
                many => many.iter().collect(),
            };
            let mut best: Option<f64> = None;
            for v in flat {
                let n = number(name, v)?;
                best = Some(match best {
                    None => n,
                    Some(b) if func == Func::Min => b.min(n),
                    Some(b) => b.max(n),
                });
            }
            best.map(Value::Num)
                .ok_or_else(|| EvalError(format!("{name}() of an empty list")))
        }
        Func::All | Func::Any | Func::None => unreachable!("predicates handled above"),
    }
}

fn func_name(func: Func) -> &'static str {
    match func {
        Func::Len => "len",
        Func::IsNaN => "isNaN",
        Func::IsInf => "isInf",
        Func::IsNil => "isNil",
        Func::Default => "default",
        Func::AsInt => "asInt",
        Func::AsFloat => "asFloat",
        Func::Abs => "abs",
        Func::Min => "min",
        Func::Max => "max",
        Func::All => "all",
        Func::Any => "any",
        Func::None => "none",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval_str(src: &str, result: Value) -> Result<bool, String> {
        let cond = Condition::parse(src).map_err(|e| format!("parse: {e}"))?;
        cond.evaluate(&result).map_err(|e| format!("eval: {e}"))
    }

    /// (condition, result, expected verdict)
    macro_rules! evaluates {
        ($($name:ident: $src:expr, $result:expr => $expected:expr;)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(eval_str($src, $result), Ok($expected), "{}", $src);
            }
        )*};
    }

    /// (condition, result, expected error substring)
    macro_rules! fails {
        ($($name:ident: $src:expr, $result:expr => $expected:expr;)*) => {$(
            #[test]
            fn $name() {
                let got = eval_str($src, $result);
                match got {
                    Err(msg) => assert!(msg.contains($expected), "{}: got {msg:?}, want {:?}", $src, $expected),
                    Ok(v) => panic!("{}: expected an error containing {:?}, got {v}", $src, $expected),
                }
            }
        )*};
    }

    fn l(v: &[f64]) -> Value {
        Value::list(v)
    }
    fn n(v: f64) -> Value {
        Value::Num(v)
    }

    evaluates! {
        first_element_above_threshold_passes: "result[0] >= 0.99", l(&[0.995]) => true;
        first_element_below_threshold_fails: "result[0] >= 0.99", l(&[0.93]) => false;
        scalar_result_compares_directly: "result > 0.2", n(0.5) => true;
        negative_index_counts_from_end: "result[-1] == 3", l(&[1.0, 2.0, 3.0]) => true;
        len_guards_an_empty_list: "len(result) > 0 && result[0] < 0.5", l(&[]) => false;
        len_and_index_on_a_list: "len(result) > 0 && result[0] < 0.5", l(&[0.1]) => true;
        word_operators_work_like_symbols: "not (result[0] < 1 and result[0] > 0) or false", l(&[0.5]) => false;
        or_short_circuits_past_a_bad_index: "len(result) == 0 || result[0] > 1", l(&[]) => true;
        arithmetic_follows_precedence: "1 + 2 * 3 == 7 && (1 + 2) * 3 == 9", n(0.0) => true;
        division_is_float_division: "7 / 2 == 3.5", n(0.0) => true;
        modulo_of_integers: "7 % 3 == 1", n(0.0) => true;
        unary_minus_binds_tighter_than_comparison: "-result < 0", n(2.0) => true;
        nan_is_never_greater_or_less: "result > 0.5 || result <= 0.5", n(f64::NAN) => false;
        is_nan_detects_nan: "isNaN(result[0])", l(&[f64::NAN]) => true;
        is_inf_detects_infinity: "isInf(result) && isInf(result, 1) && !isInf(result, -1)", n(f64::INFINITY) => true;
        is_nil_on_a_number_is_false: "isNil(result)", n(1.0) => false;
        is_nil_on_nil_is_true: "isNil(result)", Value::Nil => true;
        default_replaces_nil: "default(result, 0.5) == 0.5", Value::Nil => true;
        default_keeps_a_value: "default(result, 0.5) == 0.9", n(0.9) => true;
        as_int_truncates: "asInt(result) == 3", n(3.7) => true;
        as_float_is_identity_on_numbers: "asFloat(result[0]) == 0.25", l(&[0.25]) => true;
        all_checks_every_element: "all(result, {# > 0.9})", l(&[0.95, 0.99]) => true;
        all_fails_on_one_low_element: "all(result, {# > 0.9})", l(&[0.95, 0.5]) => false;
        all_of_an_empty_list_is_true: "all(result, {# > 0.9})", l(&[]) => true;
        any_finds_one_element: "any(result, {# < 0.5})", l(&[0.95, 0.4]) => true;
        none_is_the_negation_of_any: "none(result, {# < 0.5})", l(&[0.95]) => true;
        min_and_max_of_a_list: "min(result) == 1 && max(result) == 3 && max(1, 5) == 5", l(&[2.0, 1.0, 3.0]) => true;
        abs_of_negative: "abs(-2) == 2", n(0.0) => true;
        literals_and_equality: "true != false && nil == nil", n(0.0) => true;
        exponent_and_underscores_in_numbers: "1_000 == 1e3 && 2.5E-1 == 0.25", n(0.0) => true;
        nested_predicates_see_their_own_element: "all(result, {# > 0 && any(result, {# > 2})})", l(&[1.0, 3.0]) => true;
    }

    fails! {
        index_out_of_range_on_empty_result: "result[0] >= 0.99", l(&[]) => "eval: index out of range: 0 (length 0)";
        index_on_a_scalar: "result[0] > 1", n(1.0) => "cannot index a number";
        comparing_a_list_to_a_number: "result >= 0.99", l(&[1.0]) => "invalid operation: list >= number";
        condition_must_be_bool: "result[0] + 1", l(&[1.0]) => "expected the condition to be a bool";
        and_requires_bools: "1 && true", n(0.0) => "invalid operation: `&&` on number";
        modulo_by_zero: "5 % 0 == 1", n(0.0) => "modulo by zero";
        len_of_a_number: "len(result) > 0", n(0.0) => "len() expects a list";
        fractional_index: "result[0.5] > 0", l(&[1.0]) => "index must be an integer";
        all_over_a_scalar: "all(result, {# > 1})", n(2.0) => "all() expects a list";
        is_nan_of_a_list: "isNaN(result)", l(&[1.0]) => "isNaN() expects a number";
    }

    macro_rules! rejects {
        ($($name:ident: $src:expr => $column:expr, $message:expr;)*) => {$(
            #[test]
            fn $name() {
                let err = Condition::parse($src).expect_err($src);
                assert_eq!(err.column, $column, "{}: {err}", $src);
                assert!(err.message.contains($message), "{}: got {:?}, want {:?}", $src, err.message, $message);
            }
        )*};
    }

    rejects! {
        missing_close_paren: "(result[0] >= 0.99" => 19, "expected `)`, found the end of the condition";
        missing_close_paren_midway: "len(result > 0" => 15, "expected `,` or `)`";
        missing_close_bracket: "result[0 >= 1" => 14, "expected `]`";
        unknown_variable: "results[0] > 1" => 1, "unknown name `results`";
        unknown_function: "sqrt(result) > 1" => 1, "unknown function `sqrt`";
        string_literal: "result == \"x\"" => 11, "string literals not supported";
        member_access: "result.value > 1" => 7, "member access";
        single_equals: "result = 1" => 8, "use `==`";
        dangling_operator: "result[0] >=" => 13, "expected a value";
        empty_condition: "" => 1, "expected a value";
        trailing_tokens: "result > 1 2" => 12, "unexpected number 2";
        hash_outside_predicate: "# > 1" => 1, "only allowed inside a predicate";
        predicate_without_braces: "all(result, # > 1)" => 13, "a predicate in braces";
        wrong_arity: "len(result, 1) > 0" => 1, "takes 1 argument(s), got 2";
        function_without_call: "len > 0" => 1, "is a function";
        unknown_character: "result > 1 ; 2" => 12, "unexpected character `;`";
        power_operator: "result ** 2 > 1" => 8, "`**` not supported";
        number_glued_to_letters: "1abc > 0" => 2, "after a number";
    }

    #[test]
    fn explain_shows_the_comparison_that_held() {
        let c = Condition::parse("result[0] >= 0.99").unwrap();
        assert_eq!(c.explain(&Value::list(&[0.93]), false), "0.93 < 0.99");
        assert_eq!(c.explain(&Value::list(&[0.995]), true), "0.995 >= 0.99");
        let c = Condition::parse("len(result) > 0 && result[0] < 0.5").unwrap();
        assert_eq!(
            c.explain(&Value::list(&[]), false),
            "`len(result) > 0 && result[0] < 0.5` is false for result []"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let src = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
        let err = Condition::parse(&src).unwrap_err();
        assert!(err.message.contains("nested too deeply"), "{err}");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let err = Condition::parse("µ > 1").unwrap_err();
        assert_eq!(err.column, 1);
        let err = Condition::parse("1 > µ").unwrap_err();
        assert_eq!(err.column, 5);
    }

    mod prop {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn arbitrary_strings_never_panic(src in "\\PC{0,80}", x in any::<f64>()) {
                if let Ok(cond) = Condition::parse(&src) {
                    let _ = cond.evaluate(&Value::list(&[x]));
                    let _ = cond.evaluate(&Value::Num(x));
                    let _ = cond.evaluate(&Value::list(&[]));
                }
            }

            #[test]
            fn expression_shaped_strings_never_panic(
                src in "[-+*/%()\\[\\]{}#!<>=&|, 0-9.a-z]{0,60}|(result|len|all|any|isNaN|default|\\[|\\]|\\(|\\)|\\{|\\}|#|,|&&|\\|\\||<|>=|-|%|/|0|1|-1|0.5| )*"
            ) {
                if let Ok(cond) = Condition::parse(&src) {
                    let _ = cond.evaluate(&Value::list(&[0.5, f64::NAN]));
                    let _ = cond.evaluate(&Value::Num(0.0));
                    let _ = cond.evaluate(&Value::Nil);
                }
            }
        }
    }
}
