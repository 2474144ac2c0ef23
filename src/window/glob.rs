//! Glob patterns as Argo CD matches sync windows (gobwas/glob without separators):
//! `*` any text, `?` one character, `[abc]`, `[a-z]`, `[!a-z]`, `{one,two}`, `\` escapes.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    tokens: Vec<Token>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(char),
    Any,
    AnyOne,
    Class {
        negated: bool,
        items: Vec<(char, char)>,
    },
    Alternatives(Vec<Glob>),
}

impl Glob {
    pub fn parse(pattern: &str) -> Result<Glob, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let (glob, rest) = parse_seq(&chars, 0, false)?;
        if rest != chars.len() {
            return Err(format!(
                "unexpected {:?} at character {} of glob {pattern:?}",
                chars[rest],
                rest + 1
            ));
        }
        Ok(glob)
    }

    pub fn matches(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        match_from(&self.tokens, &chars)
    }
}

/// Parses tokens until the end, or (inside `{}`) until `,` or `}`; returns the next index.
fn parse_seq(chars: &[char], mut i: usize, nested: bool) -> Result<(Glob, usize), String> {
    let mut tokens = Vec::new();
    while i < chars.len() {
        match chars[i] {
            ',' | '}' if nested => break,
            '*' => {
                // Consecutive stars match the same as one (`**` included, no separators).
                if tokens.last() != Some(&Token::Any) {
                    tokens.push(Token::Any);
                }
                i += 1;
            }
            '?' => {
                tokens.push(Token::AnyOne);
                i += 1;
            }
            '\\' => {
                let c = *chars
                    .get(i + 1)
                    .ok_or("the pattern ends with an unfinished escape '\\'")?;
                tokens.push(Token::Literal(c));
                i += 2;
            }
            '[' => {
                let (token, next) = parse_class(chars, i)?;
                tokens.push(token);
                i = next;
            }
            '{' => {
                let mut alternatives = Vec::new();
                i += 1;
                loop {
                    let (alt, next) = parse_seq(chars, i, true)?;
                    alternatives.push(alt);
                    match chars.get(next) {
                        Some(',') => i = next + 1,
                        Some('}') => {
                            i = next + 1;
                            break;
                        }
                        _ => return Err("unclosed '{' in glob".to_string()),
                    }
                }
                tokens.push(Token::Alternatives(alternatives));
            }
            c => {
                tokens.push(Token::Literal(c));
                i += 1;
            }
        }
    }
    Ok((Glob { tokens }, i))
}

fn parse_class(chars: &[char], start: usize) -> Result<(Token, usize), String> {
    let mut i = start + 1;
    let negated = chars.get(i) == Some(&'!');
    if negated {
        i += 1;
    }
    let mut items = Vec::new();
    loop {
        let c = *chars.get(i).ok_or("unclosed '[' in glob")?;
        if c == ']' {
            if items.is_empty() {
                return Err("empty character class '[]' in glob".to_string());
            }
            return Ok((Token::Class { negated, items }, i + 1));
        }
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&e| e != ']') {
            let end = chars[i + 2];
            if end < c {
                return Err(format!("character range {c}-{end} is backwards in glob"));
            }
            items.push((c, end));
            i += 3;
        } else {
            items.push((c, c));
            i += 1;
        }
    }
}

fn match_from(tokens: &[Token], text: &[char]) -> bool {
    let Some((first, rest)) = tokens.split_first() else {
        return text.is_empty();
    };
    match first {
        Token::Literal(c) => text.first() == Some(c) && match_from(rest, &text[1..]),
        Token::AnyOne => !text.is_empty() && match_from(rest, &text[1..]),
        Token::Class { negated, items } => text.first().is_some_and(|t| {
            let inside = items.iter().any(|(lo, hi)| lo <= t && t <= hi);
            inside != *negated && match_from(rest, &text[1..])
        }),
        Token::Any => (0..=text.len()).any(|skip| match_from(rest, &text[skip..])),
        Token::Alternatives(alternatives) => alternatives.iter().any(|alt| {
            let mut joined = alt.tokens.clone();
            joined.extend_from_slice(rest);
            match_from(&joined, text)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        Glob::parse(p).unwrap().matches(t)
    }

    #[test]
    fn matches_like_argo_cd() {
        assert!(m("*", ""));
        assert!(m("*", "tr-web"));
        assert!(m("tr-*", "tr-web"));
        assert!(!m("tr-*", "web"));
        assert!(m("*-web", "tr-web"));
        assert!(m("https://*.example.com", "https://prod.eu.example.com"));
        assert!(m("tr-?eb", "tr-web"));
        assert!(!m("tr-?eb", "tr-eb"));
        assert!(m("[pq]rod", "prod"));
        assert!(m("prod-[0-9]", "prod-3"));
        assert!(!m("prod-[!0-9]", "prod-3"));
        assert!(m("{prod,staging}-*", "staging-eu"));
        assert!(!m("{prod,staging}-*", "dev-eu"));
        assert!(m("a\\*b", "a*b"));
        assert!(!m("a\\*b", "axb"));
        assert!(m("exact", "exact"));
        assert!(!m("exact", "exactly"));
    }

    #[test]
    fn malformed_patterns_are_errors() {
        for bad in ["[abc", "{a,b", "a\\", "[]", "[z-a]"] {
            assert!(Glob::parse(bad).is_err(), "{bad:?}");
        }
    }
}
