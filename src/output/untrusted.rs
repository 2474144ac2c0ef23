//! Text that did not come from us (a server's error body, a response, an API message, a
//! library's rendering of what a peer sent) made safe to print: one line, no control
//! characters. A server cannot then start a line with `::error::` (a GitHub Actions workflow
//! command), move the cursor, retitle the terminal or reorder the text with bidi controls.

/// `text` on one line with every control character written as an escape: `\n`, `\r`, `\t`,
/// and `\u{1b}` for the others (C0, DEL, C1, bidi and zero-width format characters).
/// Printable text, including non-ASCII letters and backslashes, is unchanged.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A message of several lines with no line that a GitHub Actions runner would read as a
/// workflow command: a line after the first that starts with `::` (after the spaces the runner
/// trims) gets `| ` in front. The safety net of errors and warnings; server text is escaped
/// onto one line where it enters.
pub fn guard_lines(message: &str) -> std::borrow::Cow<'_, str> {
    if !message
        .lines()
        .skip(1)
        .any(|l| l.trim_start().starts_with("::"))
    {
        return message.into();
    }
    let mut out = String::with_capacity(message.len() + 8);
    for (i, line) in message.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if line.trim_start().starts_with("::") {
                out.push_str("| ");
            }
        }
        out.push_str(line);
    }
    out.into()
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c,
            // Bidi embeddings, overrides and isolates; marks; zero-width characters.
            '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{2028}' | '\u{2029}'
            | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workflow_command_cannot_start_a_line() {
        let hostile = "bad query\n::error::deploy approved\r\n::add-mask::x";
        let safe = escape(hostile);
        assert!(!safe.contains('\n') && !safe.contains('\r'), "{safe}");
        assert_eq!(
            safe,
            "bad query\\n::error::deploy approved\\r\\n::add-mask::x"
        );
    }

    #[test]
    fn no_later_line_of_a_message_is_a_workflow_command() {
        assert_eq!(guard_lines("one line"), "one line");
        assert_eq!(guard_lines("a\n  b"), "a\n  b");
        assert_eq!(
            guard_lines("failed:\n::error::x\n   ::add-mask::y"),
            "failed:\n| ::error::x\n|    ::add-mask::y"
        );
    }

    #[test]
    fn terminal_escapes_and_bidi_controls_are_written_out() {
        assert_eq!(escape("\x1b]0;owned\x07"), "\\u{1b}]0;owned\\u{7}");
        assert_eq!(escape("a\u{202e}b\u{9b}c"), "a\\u{202e}b\\u{9b}c");
        assert_eq!(escape("\u{7f}"), "\\u{7f}");
    }

    #[test]
    fn printable_text_is_unchanged() {
        assert_eq!(
            escape("rate < 0.99 für café: 'ok'"),
            "rate < 0.99 für café: 'ok'"
        );
        assert_eq!(escape(r#"job=~"a\.b""#), r#"job=~"a\.b""#);
    }

    #[test]
    fn no_control_character_survives() {
        for n in (0u32..0x3000).chain(0xfe00..0x10000) {
            let Some(c) = char::from_u32(n) else { continue };
            let out = escape(&format!("x{c}y"));
            assert!(
                out.chars().all(|c| !needs_escape(c) && c != '\n'),
                "U+{n:04X} -> {out:?}"
            );
        }
    }
}
