//! Glob patterns as Argo CD matches sync windows (gobwas/glob without separators), read with
//! gobwas's own lexing rules and matched in linear time by an automaton, whatever the pattern.
//!
//! The language, as gobwas reads it: `*` (and `**`) any text, `?` one character, `{a,b}`
//! alternatives (nested freely; an unclosed `{` is closed at the end, as gobwas does), `\`
//! escapes the next character (a trailing `\` is dropped), and a character class, which is
//! exactly one of: a list `[abc]` / `[!abc]` (escapes allowed, `-` is literal unless second),
//! or one range `[a-z]` / `[!a-z]` (`[a-z0-9]` is an error, `[a-]` needs another `]`).
//!
//! Matching is a Thompson simulation over the set of automaton states: time is proportional to
//! the text's length times the pattern's, never exponential, and nothing recurses, so deeply
//! nested braces cannot overflow the stack.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    nodes: Vec<Node>,
    /// gobwas's quirk kept: a pattern that is one `?` or one negated class alone matches the
    /// empty text too (its single-character matcher reads "no character" as one).
    lone_single: bool,
}

/// What a character-consuming node accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Accept {
    Char(char),
    /// `?` and the loop of `*`.
    AnyChar,
    List {
        chars: Vec<char>,
        negated: bool,
    },
    Range {
        lo: char,
        hi: char,
        negated: bool,
    },
}

impl Accept {
    /// Whether gobwas's matcher for this token, asked about an empty text, says yes: it reads
    /// the missing character as U+FFFD.
    fn gobwas_accepts_nothing(&self) -> bool {
        match self {
            Accept::Char(_) => false,
            Accept::AnyChar | Accept::List { .. } => self.accepts(char::REPLACEMENT_CHARACTER),
            Accept::Range { .. } => self.accepts(char::REPLACEMENT_CHARACTER),
        }
    }

    fn accepts(&self, c: char) -> bool {
        match self {
            Accept::Char(x) => *x == c,
            Accept::AnyChar => true,
            Accept::List { chars, negated } => chars.contains(&c) != *negated,
            Accept::Range { lo, hi, negated } => (*lo <= c && c <= *hi) != *negated,
        }
    }
}

/// A state of the automaton: either it consumes one character it accepts and moves to `next`
/// (`step`), or it moves without consuming to every state in `next` (`step: None`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Node {
    step: Option<Accept>,
    next: Vec<usize>,
}

/// An open `{`: where its alternatives start and where the finished ones end.
struct Terms {
    start: usize,
    ends: Vec<usize>,
    /// Where the `{` is (1-based, for messages).
    at: usize,
    /// The automaton's size when the current alternative began: unchanged means it is empty.
    alternative_from: usize,
}

/// The node index where the pattern starts; the automaton accepts in `end` (the last node).
const START: usize = 0;

impl Glob {
    pub fn parse(pattern: &str) -> Result<Glob, String> {
        let chars: Vec<char> = pattern.chars().collect();
        if let Some(at) = chars.iter().position(|&c| c == char::REPLACEMENT_CHARACTER) {
            // gobwas takes U+FFFD for invalid UTF-8 and refuses the pattern.
            return Err(format!(
                "character {} is U+FFFD, which gobwas/glob cannot read",
                at + 1
            ));
        }
        let mut g = Builder {
            nodes: vec![Node {
                step: None,
                next: Vec::new(),
            }],
        };
        let mut cur = START;
        let mut open: Vec<Terms> = Vec::new();
        // Top-level pieces, to spot a pattern that is one single-character matcher alone.
        let (mut tokens, mut lone) = (0usize, false);
        let mut i = 0;
        while i < chars.len() {
            if !matches!(chars[i], '?' | '[') {
                tokens += 1;
            }
            match chars[i] {
                '{' => {
                    let first = g.eps();
                    g.link(cur, first);
                    open.push(Terms {
                        start: cur,
                        ends: Vec::new(),
                        at: i + 1,
                        alternative_from: g.nodes.len(),
                    });
                    cur = first;
                    i += 1;
                }
                ',' if !open.is_empty() => {
                    let size = g.nodes.len();
                    let terms = open.last_mut().expect("inside braces");
                    terms.check_alternative(size)?;
                    terms.ends.push(cur);
                    let start = terms.start;
                    let alt = g.eps();
                    g.link(start, alt);
                    terms.alternative_from = g.nodes.len();
                    cur = alt;
                    i += 1;
                }
                '}' if !open.is_empty() => {
                    cur = g.close(open.pop().expect("inside braces"), cur)?;
                    i += 1;
                }
                '*' => {
                    // Any text: a loop on the current state (no separators, so `**` is the same).
                    let any = g.push(Node {
                        step: Some(Accept::AnyChar),
                        next: vec![cur],
                    });
                    g.link(cur, any);
                    i += 1;
                }
                '?' | '[' => {
                    let (accept, next) = if chars[i] == '?' {
                        (Accept::AnyChar, i + 1)
                    } else {
                        parse_class(&chars, i)?
                    };
                    if !open.is_empty() && accept.gobwas_accepts_nothing() {
                        // gobwas then matches such an alternative against an empty remainder
                        // (`x{?,bc}` matches "x", `{?x,yx}` matches "x"), depending on how its
                        // compiler splits the pattern: refused rather than guessed.
                        return Err(format!(
                            "character {}: `?` or a negated class inside braces is matched wrongly by gobwas/glob (Argo CD), which can take it for no character at all; write the alternatives out without braces",
                            i + 1
                        ));
                    }
                    if tokens == 0 && accept.gobwas_accepts_nothing() {
                        lone = true;
                    }
                    tokens += 1;
                    cur = g.consume(cur, accept);
                    i = next;
                }
                '\\' => {
                    // A trailing backslash escapes nothing and gobwas drops it.
                    if let Some(&escaped) = chars.get(i + 1) {
                        cur = g.consume(cur, Accept::Char(escaped));
                    }
                    i += 2;
                }
                c => {
                    cur = g.consume(cur, Accept::Char(c));
                    i += 1;
                }
            }
        }
        // gobwas closes braces left open at the end of the pattern.
        while let Some(terms) = open.pop() {
            cur = g.close(terms, cur)?;
        }
        // The accepting state is the last node.
        let end = g.eps();
        g.link(cur, end);
        Ok(Glob {
            nodes: g.nodes,
            lone_single: lone && tokens == 1,
        })
    }

    pub fn matches(&self, text: &str) -> bool {
        if text.is_empty() && self.lone_single {
            return true;
        }
        let end = self.nodes.len() - 1;
        let mut seen = vec![usize::MAX; self.nodes.len()];
        let mut current = Vec::new();
        let mut stack = Vec::new();
        closure(&self.nodes, START, 0, &mut seen, &mut stack, &mut current);
        let mut next = Vec::new();
        for (pos, c) in text.chars().enumerate() {
            next.clear();
            for &n in &current {
                let node = &self.nodes[n];
                if node.step.as_ref().is_some_and(|a| a.accepts(c)) {
                    for &to in &node.next {
                        closure(&self.nodes, to, pos + 1, &mut seen, &mut stack, &mut next);
                    }
                }
            }
            std::mem::swap(&mut current, &mut next);
            if current.is_empty() {
                return false;
            }
        }
        current.contains(&end)
    }
}

/// Adds to `out` every state reachable from `from` without consuming (marking them with
/// `generation` in `seen`), keeping those that consume a character or accept.
fn closure(
    nodes: &[Node],
    from: usize,
    generation: usize,
    seen: &mut [usize],
    stack: &mut Vec<usize>,
    out: &mut Vec<usize>,
) {
    let end = nodes.len() - 1;
    stack.push(from);
    while let Some(n) = stack.pop() {
        if seen[n] == generation {
            continue;
        }
        seen[n] = generation;
        let node = &nodes[n];
        if node.step.is_some() || n == end {
            out.push(n);
        }
        if node.step.is_none() {
            stack.extend(node.next.iter().copied());
        }
    }
}

struct Builder {
    nodes: Vec<Node>,
}

impl Builder {
    fn push(&mut self, node: Node) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    fn eps(&mut self) -> usize {
        self.push(Node {
            step: None,
            next: Vec::new(),
        })
    }

    fn link(&mut self, from: usize, to: usize) {
        self.nodes[from].next.push(to);
    }

    /// A state that consumes one character `accept` takes from `cur`; returns the state after it.
    fn consume(&mut self, cur: usize, accept: Accept) -> usize {
        let after = self.eps();
        let step = self.push(Node {
            step: Some(accept),
            next: vec![after],
        });
        self.link(cur, step);
        after
    }

    /// Ends the last alternative of `terms` at `cur` and joins them all; returns the join.
    fn close(&mut self, mut terms: Terms, cur: usize) -> Result<usize, String> {
        terms.check_alternative(self.nodes.len())?;
        terms.ends.push(cur);
        let join = self.eps();
        for end in terms.ends {
            self.link(end, join);
        }
        Ok(join)
    }
}

impl Terms {
    /// An alternative that holds nothing (`{}`, `{a,}`, `{,a}`, a `{` left open at the end):
    /// gobwas compiles it to a matcher of the empty text whose answers depend on what is around
    /// the braces (`a{}` and `?{,}` panic, `*{}` and `*{a,}` match nothing, `a{,}b` does not
    /// match "ab", while `x{,a}` matches "x"): refused rather than guessed.
    fn check_alternative(&self, size: usize) -> Result<(), String> {
        if size == self.alternative_from {
            return Err(format!(
                "the braces at character {} hold an empty alternative, which gobwas/glob (Argo CD) matches inconsistently (or panics on); write the pattern without it",
                self.at
            ));
        }
        Ok(())
    }
}

/// Reads a character class starting at `chars[start] == '['` as gobwas's lexer does; returns
/// what it accepts and the index after its `]`.
fn parse_class(chars: &[char], start: usize) -> Result<(Accept, usize), String> {
    let at = start + 1;
    let unclosed = || format!("the character class at character {at} has no closing ']'");
    let mut i = start + 1;
    let mut negated = false;
    if chars.get(i) == Some(&'!') {
        negated = true;
        i += 1;
    }
    let first = *chars.get(i).ok_or_else(unclosed)?;
    if chars.get(i + 1) == Some(&'-') {
        // A range: exactly `lo-hi` then `]` (the `hi` may be any character, even `]`).
        let hi = *chars.get(i + 2).ok_or_else(unclosed)?;
        match chars.get(i + 3) {
            Some(']') => {}
            Some(_) => {
                return Err(format!(
                    "the character class at character {at} holds a range {first}-{hi} followed by more; gobwas/glob allows one range alone (`[a-z]`) or a list of characters (`[abc]`)"
                ));
            }
            None => return Err(unclosed()),
        }
        if first == '\0' || hi == '\0' {
            return Err(format!(
                "the character class at character {at} has a NUL character in its range"
            ));
        }
        if hi < first {
            return Err(format!(
                "the character class at character {at} has a backwards range {first}-{hi}"
            ));
        }
        return Ok((
            Accept::Range {
                lo: first,
                hi,
                negated,
            },
            i + 4,
        ));
    }
    // A list: characters up to an unescaped `]`, with `\` escaping the next one.
    let mut list = Vec::new();
    while let Some(&c) = chars.get(i) {
        match c {
            ']' => {
                if list.is_empty() {
                    return Err(format!("the character class at character {at} is empty"));
                }
                return Ok((
                    Accept::List {
                        chars: list,
                        negated,
                    },
                    i + 1,
                ));
            }
            '\\' => {
                if let Some(&e) = chars.get(i + 1) {
                    list.push(e);
                }
                i += 2;
            }
            c => {
                list.push(c);
                i += 1;
            }
        }
    }
    Err(unclosed())
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
        assert!(m("**", "a/b"));
        assert!(m("{a,{b,c}d}", "cd"));
        assert!(!m("{a,{b,c}d}", "c"));
    }

    #[test]
    fn character_classes_follow_gobwas_lexing() {
        // Escapes and hyphens inside a list are literal characters.
        assert!(m("[a\\-z]", "-"));
        assert!(!m("[a\\-z]", "b"));
        assert!(m("[\\]]", "]"));
        assert!(m("[ab-c]", "-"));
        assert!(!m("[ab-c]", "b-"));
        // A range's high end may be `]`, closed by another `]`; `\` can be a range's low end.
        assert!(m("[*-]]", "]"));
        assert!(m("[\\-a]", "_"));
        assert!(m("[!a-c]", "d"));
        assert!(!m("[!a-c]", "b"));
        assert!(m("[!!]", "a"));
        assert!(!m("[!!]", "!"));
    }

    #[test]
    fn gobwas_leniencies_are_kept() {
        // An unclosed brace is closed at the end; a trailing backslash is dropped.
        assert!(m("{a,b", "b"));
        assert!(m("x{a", "xa"));
        assert!(m("a\\", "a"));
        assert!(m("a]", "a]"));
        assert!(m("a}", "a}"));
        assert!(m("a,b", "a,b"));
        // One `?` or negated class alone matches the empty text, as in gobwas.
        assert!(m("?", ""));
        assert!(m("[!a]", ""));
        assert!(!m("[a]", ""));
        assert!(!m("??", ""));
        assert!(!m("a?", "a"));
    }

    #[test]
    fn malformed_patterns_are_errors() {
        for bad in [
            "[abc",
            "[]",
            "[!]",
            "[z-a]",
            "[a-z0-9]",
            "[a-]",
            "[a-",
            "x\u{fffd}",
        ] {
            assert!(Glob::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn hostile_patterns_match_in_linear_time_without_recursion() {
        // Exponential for a backtracking matcher; a few thousand steps here.
        let stars = "*a".repeat(12) + "b";
        assert!(!m(&stars, &"a".repeat(40)));
        assert!(m(&stars, &("a".repeat(40) + "b")));
        let alts = "{a,a}".repeat(24);
        assert!(m(&alts, &"a".repeat(24)));
        assert!(!m(&alts, &"a".repeat(25)));
        // Deep nesting is data, not recursion.
        let depth = 200_000;
        let nested = "{".repeat(depth) + "x" + &"}".repeat(depth);
        assert!(m(&nested, "x"));
        assert!(!m(&nested, "y"));
    }
}
