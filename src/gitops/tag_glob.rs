//! Glob patterns with Go's `path/filepath.Match` syntax, which Image Updater's `ignore-tags`
//! uses: `*` any run of characters but `/`, `?` one character but `/`, `[a-z]`, `[^a-z]`, and
//! `\` to escape. Pure.

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(char),
    Star,
    One,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagGlob {
    pattern: String,
    tokens: Vec<Token>,
}

impl TagGlob {
    /// Parses `pattern`; a malformed one (an unclosed `[`, a trailing `\`, an empty class) is an
    /// error, where Go's `filepath.Match` returns `ErrBadPattern`.
    pub fn parse(pattern: &str) -> Result<TagGlob, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        let bad = |why: &str| format!("bad glob {pattern:?}: {why}");
        while i < chars.len() {
            match chars[i] {
                '*' => tokens.push(Token::Star),
                '?' => tokens.push(Token::One),
                '\\' => {
                    i += 1;
                    let c = *chars.get(i).ok_or_else(|| bad("ends with a backslash"))?;
                    tokens.push(Token::Literal(c));
                }
                '[' => {
                    i += 1;
                    let negated = chars.get(i) == Some(&'^');
                    if negated {
                        i += 1;
                    }
                    let mut ranges = Vec::new();
                    loop {
                        let Some(&c) = chars.get(i) else {
                            return Err(bad("unclosed ["));
                        };
                        if c == ']' && !ranges.is_empty() {
                            break;
                        }
                        let lo =
                            class_char(&chars, &mut i).ok_or_else(|| bad("bad character class"))?;
                        let hi = if chars.get(i) == Some(&'-') {
                            i += 1;
                            class_char(&chars, &mut i)
                                .ok_or_else(|| bad("bad range in character class"))?
                        } else {
                            lo
                        };
                        if hi < lo {
                            return Err(bad("a range's end is before its start"));
                        }
                        ranges.push((lo, hi));
                    }
                    tokens.push(Token::Class { negated, ranges });
                }
                c => tokens.push(Token::Literal(c)),
            }
            i += 1;
        }
        Ok(TagGlob {
            pattern: pattern.to_string(),
            tokens,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    pub fn matches(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        matches_from(&self.tokens, &text)
    }
}

/// One character of a class (`\` escapes), advancing `i` past it; `]` and `-` must be escaped.
fn class_char(chars: &[char], i: &mut usize) -> Option<char> {
    let c = *chars.get(*i)?;
    let c = match c {
        ']' | '-' => return None,
        '\\' => {
            *i += 1;
            *chars.get(*i)?
        }
        c => c,
    };
    *i += 1;
    Some(c)
}

fn matches_from(tokens: &[Token], text: &[char]) -> bool {
    let Some((first, rest)) = tokens.split_first() else {
        return text.is_empty();
    };
    match first {
        Token::Star => (0..=text.len())
            .take_while(|&n| n == 0 || text[n - 1] != '/')
            .any(|n| matches_from(rest, &text[n..])),
        Token::One => text.first().is_some_and(|&c| c != '/') && matches_from(rest, &text[1..]),
        Token::Literal(l) => text.first() == Some(l) && matches_from(rest, &text[1..]),
        Token::Class { negated, ranges } => {
            text.first().is_some_and(|&c| {
                c != '/' && ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
            }) && matches_from(rest, &text[1..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_as_go_filepath_match_does() {
        let cases = [
            ("latest", "latest", true),
            ("*-rc*", "v1.0-rc1", true),
            ("*-rc*", "v1.0", false),
            ("v1.?", "v1.2", true),
            ("v1.?", "v1.22", false),
            ("[0-9]*", "2024-01-01", true),
            ("[^0-9]*", "2024-01-01", false),
            ("\\*", "*", true),
            ("*", "a/b", false),
            ("master", "main", false),
        ];
        for (pattern, text, want) in cases {
            assert_eq!(
                TagGlob::parse(pattern).unwrap().matches(text),
                want,
                "{pattern} {text}"
            );
        }
    }

    #[test]
    fn malformed_patterns_are_errors() {
        for bad in ["[a-", "abc\\", "[]", "[z-a]"] {
            assert!(TagGlob::parse(bad).is_err(), "{bad}");
        }
    }
}
