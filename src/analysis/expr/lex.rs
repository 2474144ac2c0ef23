//! Tokens of expr-lang/expr's language, read as its lexer reads them (numbers in decimal, hex,
//! octal and binary with `_` separators, `.5` and `5.`, strings in three quotes), with the
//! 1-based character column of each token for error messages.

use super::ParseError;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Int(i64),
    Float(f64),
    Str(String),
    Ident(String),
    /// An operator or a keyword used as one (`and`, `not`, `in`, ...).
    Op(&'static str),
    /// One of `( ) [ ] { }`.
    Bracket(char),
}

impl Tok {
    pub(super) fn describe(&self) -> String {
        match self {
            Tok::Int(n) => format!("number {n}"),
            Tok::Float(n) => format!("number {}", super::format_number(*n)),
            Tok::Str(s) => format!("string {s:?}"),
            Tok::Ident(name) => format!("`{name}`"),
            Tok::Op(op) => format!("`{op}`"),
            Tok::Bracket(c) => format!("`{c}`"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    pub tok: Tok,
    pub column: usize,
}

const KEYWORDS: &[&str] = &[
    "not",
    "and",
    "or",
    "in",
    "matches",
    "contains",
    "startsWith",
    "endsWith",
    "let",
    "if",
    "else",
];

const OPERATORS: &[&str] = &[
    "&&", "||", "==", "!=", "<=", ">=", "**", "??", "?.", "..", "::", "<", ">", "!", "+", "-", "*",
    "/", "%", "^", "?", ":", ",", ";", "|", ".", "#", "=", "&",
];

fn is_alnum(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

pub(super) fn lex(source: &str) -> Result<Vec<Token>, ParseError> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let err = |column: usize, message: String| ParseError { column, message };
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let starts_number = c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()));
        if starts_number {
            let (tok, end) = number(&chars, i)?;
            tokens.push(Token { tok, column });
            i = end;
            continue;
        }
        if c == '"' || c == '\'' {
            let (s, end) = string(&chars, i)?;
            tokens.push(Token {
                tok: Tok::Str(s),
                column,
            });
            i = end;
            continue;
        }
        if c == '`' {
            let Some(len) = chars[i + 1..].iter().position(|&d| d == '`') else {
                return Err(err(column, "literal not terminated".into()));
            };
            tokens.push(Token {
                tok: Tok::Str(chars[i + 1..i + 1 + len].iter().collect()),
                column,
            });
            i += len + 2;
            continue;
        }
        if is_alnum(c) {
            let start = i;
            while i < chars.len() && is_alnum(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let tok = match KEYWORDS.iter().find(|k| **k == word) {
                Some(k) => Tok::Op(k),
                None => Tok::Ident(word),
            };
            tokens.push(Token { tok, column });
            continue;
        }
        if "()[]{}".contains(c) {
            tokens.push(Token {
                tok: Tok::Bracket(c),
                column,
            });
            i += 1;
            continue;
        }
        let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
        let Some(op) = OPERATORS.iter().find(|op| rest.starts_with(**op)) else {
            return Err(err(column, format!("unrecognized character `{c}`")));
        };
        tokens.push(Token {
            tok: Tok::Op(op),
            column,
        });
        i += op.chars().count();
    }
    Ok(tokens)
}

/// A number as expr scans it (`scanNumber`) and converts it (`strconv.ParseInt` /
/// `ParseFloat`): hex first, then anything with `.` or `e` is a float, then binary, octal and
/// decimal integers; out of range is an error, not infinity.
fn number(chars: &[char], start: usize) -> Result<(Tok, usize), ParseError> {
    let column = start + 1;
    let mut i = start;
    let accept = |i: &mut usize, set: &str| {
        if *i < chars.len() && set.contains(chars[*i]) {
            *i += 1;
            true
        } else {
            false
        }
    };
    let mut digits = "0123456789_";
    if accept(&mut i, "0") {
        if accept(&mut i, "xX") {
            digits = "0123456789abcdefABCDEF_";
        } else if accept(&mut i, "oO") {
            digits = "01234567_";
        } else if accept(&mut i, "bB") {
            digits = "01_";
        }
    }
    while accept(&mut i, digits) {}
    let before_dot = i;
    if accept(&mut i, ".") {
        if i < chars.len() && chars[i] == '.' {
            i = before_dot; // `1..2` is a range, not `1.` then `.2`
        } else {
            while accept(&mut i, digits) {}
        }
    }
    if accept(&mut i, "eE") {
        accept(&mut i, "+-");
        while accept(&mut i, digits) {}
    }
    let word: String = chars[start..i].iter().collect();
    if i < chars.len() && is_alnum(chars[i]) {
        let bad: String = chars[start..=i].iter().collect();
        return Err(ParseError {
            column,
            message: format!("bad number syntax: {bad:?}"),
        });
    }
    let text: String = word.chars().filter(|c| *c != '_').collect();
    let lower = text.to_ascii_lowercase();
    let int = |digits: &str, radix: u32, what: &str| {
        i64::from_str_radix(digits, radix).map_err(|_| ParseError {
            column,
            message: format!(
                "invalid {what} literal `{word}` (out of the int64 range or malformed)"
            ),
        })
    };
    let tok = if let Some(hex) = lower.strip_prefix("0x") {
        Tok::Int(int(hex, 16, "hex")?)
    } else if lower.contains('.') || lower.contains('e') {
        let value = parse_go_float(&text).ok_or_else(|| ParseError {
            column,
            message: format!("invalid float literal `{word}`"),
        })?;
        Tok::Float(value)
    } else if let Some(bin) = lower.strip_prefix("0b") {
        Tok::Int(int(bin, 2, "binary")?)
    } else if let Some(oct) = lower.strip_prefix("0o") {
        Tok::Int(int(oct, 8, "octal")?)
    } else {
        Tok::Int(int(&text, 10, "integer")?)
    };
    Ok((tok, i))
}

/// `strconv.ParseFloat`: a value beyond the float64 range is an error (expr reports "invalid
/// float literal"), an underflow is 0.
fn parse_go_float(text: &str) -> Option<f64> {
    let ok = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    if !ok || text.ends_with(['e', 'E', '+', '-']) {
        return None;
    }
    let value: f64 = text.parse().ok()?;
    value.is_finite().then_some(value)
}

fn string(chars: &[char], start: usize) -> Result<(String, usize), ParseError> {
    let quote = chars[start];
    let mut out = String::new();
    let mut i = start + 1;
    let err = |column: usize, message: &str| ParseError {
        column,
        message: message.to_string(),
    };
    while i < chars.len() {
        let c = chars[i];
        if c == quote {
            return Ok((out, i + 1));
        }
        if c == '\n' {
            break;
        }
        if c != '\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let Some(&e) = chars.get(i + 1) else { break };
        let simple = match e {
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\u{b}'),
            '\\' => Some('\\'),
            '\'' => Some('\''),
            '"' => Some('"'),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            i += 2;
            continue;
        }
        let width = match e {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => return Err(err(i + 1, "invalid escape in a string")),
        };
        let hex: String = chars.iter().skip(i + 2).take(width).collect();
        let decoded = (hex.len() == width)
            .then(|| u32::from_str_radix(&hex, 16).ok())
            .flatten()
            .and_then(char::from_u32);
        let Some(d) = decoded else {
            return Err(err(i + 1, "invalid escape in a string"));
        };
        out.push(d);
        i += 2 + width;
    }
    Err(err(start + 1, "literal not terminated"))
}
