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
    /// gobwas's quirk kept: `P*S` (two texts around a star) matches any text that starts with
    /// P and ends with S, even when they overlap (`ab*ba` matches "aba").
    overlapping: Option<(String, String)>,
}

/// What a character-consuming node accepts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// The finished alternatives, as gobwas's parser sees them.
    alternatives: Vec<Vec<Piece>>,
    /// The current alternative so far.
    current: Vec<Piece>,
}

/// A node of gobwas's syntax tree, kept only to see the braces as its compiler does: a run of
/// literal characters is one text node, `**` differs from `*`, and a closed group is known by
/// a hash of its structure and the length gobwas gives it (no nesting kept: no recursion).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Piece {
    Text(String),
    Any,
    Super,
    Class(Accept),
    Group { hash: u64, len: Option<usize> },
}

impl Piece {
    fn len(&self) -> Option<usize> {
        match self {
            Piece::Text(t) => Some(t.chars().count()),
            Piece::Any | Piece::Super => None,
            Piece::Class(_) => Some(1),
            Piece::Group { len, .. } => *len,
        }
    }
}

/// Adds `piece` to the current alternative of the innermost braces, or to the pattern's own
/// pieces outside braces (literals join a text run).
fn add(open: &mut [Terms], top: &mut Vec<Piece>, piece: Piece) {
    let seq = match open.last_mut() {
        Some(t) => &mut t.current,
        None => top,
    };
    match (seq.last_mut(), piece) {
        (Some(Piece::Text(run)), Piece::Text(more)) => run.push_str(&more),
        (_, piece) => seq.push(piece),
    }
}

/// `P*S` with texts P and S: gobwas compiles it to a prefix-and-suffix test that lets them
/// overlap (`ab*ba` matches "aba").
fn prefix_suffix(pieces: &[Piece]) -> Option<(String, String)> {
    match pieces {
        [Piece::Text(p), Piece::Any | Piece::Super, Piece::Text(s)] => Some((p.clone(), s.clone())),
        _ => None,
    }
}

fn seq_len(pieces: &[Piece]) -> Option<usize> {
    pieces.iter().map(Piece::len).sum()
}

/// gobwas's `commonChildren`: how many nodes all alternatives share at the start and the end.
fn common_children(alts: &[Vec<Piece>]) -> (usize, usize) {
    if alts.len() <= 1 {
        return (0, 0);
    }
    let idx = alts
        .iter()
        .enumerate()
        .min_by_key(|(_, a)| a.len())
        .map(|(i, _)| i)
        .unwrap_or(0);
    let tree = &alts[idx];
    let n = tree.len();
    let (mut left, mut right) = (0usize, 0usize);
    let (mut break_left, mut break_right) = (false, false);
    let mut total = 0;
    let mut i = 0usize;
    let mut j = n as isize - 1;
    while total < n && j >= 0 && !(break_left && break_right) {
        let ju = j as usize;
        for (k, other) in alts.iter().enumerate() {
            if break_left && break_right {
                break;
            }
            if k == idx {
                continue;
            }
            let rest_right = &other[ju + other.len() - n];
            break_left = break_left || tree[i] != other[i];
            break_right = break_right || (!break_left && ju <= i);
            break_right = break_right || tree[ju] != *rest_right;
        }
        if !break_left {
            total += 1;
            left += 1;
        }
        if !break_right {
            total += 1;
            right = n - ju;
        }
        i += 1;
        j -= 1;
    }
    (left, right)
}

/// The length gobwas's compiled group matches, found as its compiler does (common ends taken
/// out of the alternatives first, duplicates dropped), or an error where gobwas's own length
/// is wrong: its `AnyOf.Len` skips variable alternatives that come before fixed ones, and a
/// wrong length makes it reject texts the pattern matches (`?{*,ab}` on "?").
fn group_len(mut alts: Vec<Option<Vec<Piece>>>) -> Result<Option<usize>, ()> {
    let mut outside: Option<usize> = Some(0);
    loop {
        let patterns: Option<Vec<Vec<Piece>>> = alts.iter().cloned().collect();
        let (l, r) = patterns.as_deref().map(common_children).unwrap_or((0, 0));
        if l == 0 && r == 0 {
            let lens: Vec<Option<usize>> = alts
                .iter()
                .map(|a| a.as_deref().map_or(Some(0), seq_len))
                .collect();
            let mut gobwas: Option<usize> = None;
            for len in &lens {
                match (gobwas, len) {
                    (None, _) => gobwas = *len,
                    (Some(_), None) => {
                        gobwas = None;
                        break;
                    }
                    (Some(a), Some(b)) if a != *b => {
                        gobwas = None;
                        break;
                    }
                    _ => {}
                }
            }
            let truth = lens[0].filter(|_| lens.iter().all(|l| *l == lens[0]));
            if gobwas != truth {
                return Err(());
            }
            return Ok(outside.zip(truth).map(|(a, b)| a + b));
        }
        let patterns = patterns.expect("only patterns are minimised");
        let first = &patterns[0];
        let ends =
            seq_len(&first[..l]).zip(seq_len(&first[first.len().saturating_sub(r).max(l)..]));
        outside = outside.zip(ends).map(|(a, (b, c))| a + b + c);
        let mut rest: Vec<Option<Vec<Piece>>> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for p in &patterns {
            let middle = &p[l..p.len().saturating_sub(r).max(l)];
            let alt = (!middle.is_empty()).then(|| middle.to_vec());
            // gobwas keeps the first of equal alternatives.
            if seen.insert(alt.clone()) {
                rest.push(alt);
            }
        }
        if rest.len() <= 1 && outside.is_none() {
            // Duplicate alternatives with a star collapse into a sequence gobwas may compile
            // to its overlapping prefix-and-suffix test.
            return Err(());
        }
        match rest.as_slice() {
            [] | [None] => return Ok(outside),
            [Some(one)] => return Ok(outside.zip(seq_len(one)).map(|(a, b)| a + b)),
            _ => alts = rest,
        }
    }
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
        let mut top: Vec<Piece> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            // A trailing `\` is dropped and adds nothing.
            let dropped = chars[i] == '\\' && i + 1 == chars.len();
            if !(matches!(chars[i], '?' | '[') || dropped) {
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
                        alternatives: Vec::new(),
                        current: Vec::new(),
                    });
                    cur = first;
                    i += 1;
                }
                ',' if !open.is_empty() => {
                    let size = g.nodes.len();
                    let terms = open.last_mut().expect("inside braces");
                    terms.check_alternative(size)?;
                    let done = std::mem::take(&mut terms.current);
                    terms.alternatives.push(done);
                    terms.ends.push(cur);
                    let start = terms.start;
                    let alt = g.eps();
                    g.link(start, alt);
                    terms.alternative_from = g.nodes.len();
                    cur = alt;
                    i += 1;
                }
                '}' if !open.is_empty() => {
                    let terms = open.pop().expect("inside braces");
                    let (terms, group) = terms.finish(&g)?;
                    cur = g.close(terms, cur)?;
                    add(&mut open, &mut top, group);
                    i += 1;
                }
                '*' if !open.is_empty() => {
                    return Err(format!(
                        "character {}: a `*` inside braces, which gobwas/glob (Argo CD) matches wrongly in many shapes (`*{{a*,b*}}*` does not match \"a\", `*{{c*,c}}-` panics, `x{{tr-*,api}}` rejects \"xtr-web\"); write one pattern per alternative instead: the list's patterns are ORed, so `[tr-*, api-*]` for `{{tr-*,api-*}}`",
                        i + 1
                    ));
                }
                '*' => {
                    // Any text: a loop on the current state (no separators, so `**` is the same
                    // text, but another node to gobwas).
                    let any = g.push(Node {
                        step: Some(Accept::AnyChar),
                        next: vec![cur],
                    });
                    g.link(cur, any);
                    if chars.get(i + 1) == Some(&'*') {
                        add(&mut open, &mut top, Piece::Super);
                        i += 2;
                    } else {
                        add(&mut open, &mut top, Piece::Any);
                        i += 1;
                    }
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
                    cur = g.consume(cur, accept.clone());
                    add(&mut open, &mut top, Piece::Class(accept));
                    i = next;
                }
                '\\' => {
                    // A trailing backslash escapes nothing and gobwas drops it.
                    if let Some(&escaped) = chars.get(i + 1) {
                        cur = g.consume(cur, Accept::Char(escaped));
                        add(&mut open, &mut top, Piece::Text(escaped.to_string()));
                    }
                    i += 2;
                }
                c => {
                    cur = g.consume(cur, Accept::Char(c));
                    add(&mut open, &mut top, Piece::Text(c.to_string()));
                    i += 1;
                }
            }
        }
        // gobwas closes braces left open at the end of the pattern.
        while let Some(terms) = open.pop() {
            let (terms, group) = terms.finish(&g)?;
            cur = g.close(terms, cur)?;
            add(&mut open, &mut top, group);
        }
        // The accepting state is the last node.
        let end = g.eps();
        g.link(cur, end);
        Ok(Glob {
            nodes: g.nodes,
            lone_single: lone && tokens == 1,
            overlapping: prefix_suffix(&top),
        })
    }

    pub fn matches(&self, text: &str) -> bool {
        if text.is_empty() && self.lone_single {
            return true;
        }
        if let Some((p, s)) = &self.overlapping {
            return text.starts_with(p.as_str()) && text.ends_with(s.as_str());
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
    /// Ends the last alternative; returns the group as a piece of its parent. Refuses a group
    /// gobwas gives a wrong length (see [`group_len`]); with the alternatives that hold `*`
    /// last, gobwas gets it right.
    fn finish(mut self, g: &Builder) -> Result<(Terms, Piece), String> {
        self.check_alternative(g.nodes.len())?;
        let last = std::mem::take(&mut self.current);
        self.alternatives.push(last);
        let alts: Vec<Option<Vec<Piece>>> = self.alternatives.iter().cloned().map(Some).collect();
        let len = group_len(alts).map_err(|()| {
            format!(
                "the braces at character {} mix alternatives with `*` and alternatives of fixed length in an order gobwas/glob (Argo CD) measures wrongly, so it rejects names the pattern matches; put the alternatives with `*` last (`{{api,tr-*}}`, not `{{tr-*,api}}`)",
                self.at
            )
        })?;
        use std::hash::{Hash, Hasher};
        // Only compared within this parse (gobwas's node equality), never stored.
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.alternatives.hash(&mut h);
        let piece = Piece::Group {
            hash: h.finish(),
            len,
        };
        self.alternatives = Vec::new();
        Ok((self, piece))
    }

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
        assert!(m("{{a,bc}}d", "bcd"));
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
        assert!(m("?\\", ""));
        assert!(!m("[a]", ""));
        assert!(!m("??", ""));
        assert!(!m("a?", "a"));
        // Two texts around a star may overlap, as in gobwas.
        assert!(m("ab*ba", "aba"));
        assert!(m("tr-*-web", "tr-eu-web"));
        assert!(m("tr-*-web", "tr-web"), "the two texts share the dash");
        assert!(!m("tr-*-web", "tr-eb"));
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
        // Many alternatives sharing a prefix stay fast too.
        let many = format!(
            "{{{}}}",
            (0..20_000)
                .map(|i| format!("[a]x{i}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        assert!(m(&many, "ax19999"));
        // Deep nesting is data, not recursion.
        let depth = 200_000;
        let nested = "{".repeat(depth) + "x" + &"}".repeat(depth);
        assert!(m(&nested, "x"));
        assert!(!m(&nested, "y"));
    }
}
