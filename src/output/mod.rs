//! Everything printed goes through here: tables, JSON/YAML, errors and warnings, and GitHub
//! Actions workflow commands. Data goes to stdout; errors, warnings and progress to stderr.

pub mod gha;
pub mod progress;
pub mod rollout_view;
pub mod table;
pub mod untrusted;
pub mod wait;

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::cli::{GlobalArgs, OutputFormat};
pub use gha::Gha;
pub use table::Table;

/// How and where to print, resolved once from flags and the environment.
#[derive(Debug, Clone)]
pub struct Context {
    pub format: OutputFormat,
    /// Colour on stdout.
    pub color: bool,
    /// Colour on stderr (errors, warnings, progress), decided by stderr's own terminal.
    pub color_stderr: bool,
    pub gha: Option<Gha>,
    /// Data goes to stderr too: a stage of `deploy`, whose own report is the stdout.
    pub data_to_stderr: bool,
}

impl Context {
    /// From the global flags and the process environment (`NO_COLOR`, `GITHUB_ACTIONS`, ...).
    pub fn from_env(global: &GlobalArgs, stdout_is_tty: bool, stderr_is_tty: bool) -> Self {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Context {
            format: global.output,
            color: use_color(global.no_color, no_color_env, stdout_is_tty),
            color_stderr: use_color(global.no_color, no_color_env, stderr_is_tty),
            gha: Gha::from_env(),
            data_to_stderr: false,
        }
    }

    /// The context of a stage inside a larger command: human output on stderr, no GitHub
    /// Actions outputs or summary of its own (the command writes those).
    pub fn stage(&self) -> Self {
        Context {
            format: OutputFormat::Table,
            color: self.color_stderr,
            color_stderr: self.color_stderr,
            gha: None,
            data_to_stderr: true,
        }
    }

    /// A plain context for tests: table output, no colour, no GitHub Actions.
    pub fn plain(format: OutputFormat) -> Self {
        Context {
            format,
            color: false,
            color_stderr: false,
            gha: None,
            data_to_stderr: false,
        }
    }

    pub fn is_structured(&self) -> bool {
        matches!(self.format, OutputFormat::Json | OutputFormat::Yaml)
    }

    /// Prints a line of data on stdout.
    pub fn println(&self, line: &str) -> std::io::Result<()> {
        if self.data_to_stderr {
            return writeln!(std::io::stderr().lock(), "{line}");
        }
        write_stdout(|out| writeln!(out, "{line}"))
    }

    /// Prints text (already ending in a newline or not) on stdout as is.
    pub fn print(&self, text: &str) -> std::io::Result<()> {
        if self.data_to_stderr {
            return std::io::stderr().lock().write_all(text.as_bytes());
        }
        write_stdout(|out| {
            out.write_all(text.as_bytes())?;
            out.flush()
        })
    }

    /// Prints a value as JSON or YAML, following `-o`.
    pub fn print_data<T: Serialize>(&self, value: &T) -> anyhow::Result<()> {
        let text = render_data(self.format, value)?;
        self.print(&text)?;
        Ok(())
    }

    /// An error for a person on stderr, and an `::error::` annotation under GitHub Actions;
    /// credentials in URLs are masked (an error chain may quote any URL).
    pub fn error(&self, message: &str) {
        let message = &crate::redact::text(message);
        let prefix = self.paint_err("error:", Style::Red);
        eprintln!("{prefix} {}", untrusted::guard_lines(message));
        if let Some(gha) = &self.gha {
            gha.annotate("error", message);
        }
    }

    /// A warning for a person on stderr, and a `::warning::` annotation under GitHub Actions.
    pub fn warning(&self, message: &str) {
        let message = &crate::redact::text(message);
        let prefix = self.paint_err("warning:", Style::Yellow);
        eprintln!("{prefix} {}", untrusted::guard_lines(message));
        if let Some(gha) = &self.gha {
            gha.annotate("warning", message);
        }
    }

    /// Colours `text` for stdout when colour is on there.
    pub fn paint(&self, text: &str, style: Style) -> String {
        paint(self.color, text, style)
    }

    /// Colours `text` for stderr when colour is on there.
    pub fn paint_err(&self, text: &str, style: Style) -> String {
        paint(self.color_stderr, text, style)
    }
}

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes to stdout. Once the reader has gone (`... | head -c 100`), writing stops and the
/// command carries on to its verdict: a closed pipe cuts the data short, it does not turn a
/// failed check into a success or a crash. Other write errors are returned.
pub fn write_stdout(
    write: impl FnOnce(&mut std::io::StdoutLock<'static>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    match write(&mut std::io::stdout().lock()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        other => other,
    }
}

/// True once stdout's reader has gone: loops that only print (`--watch`) stop.
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

fn paint(color: bool, text: &str, style: Style) -> String {
    if !color {
        return text.to_string();
    }
    let code = match style {
        Style::Red => "31",
        Style::Green => "32",
        Style::Yellow => "33",
        Style::Bold => "1",
        Style::Dim => "2",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

#[derive(Debug, Clone, Copy)]
pub enum Style {
    Red,
    Green,
    Yellow,
    Bold,
    Dim,
}

/// Colour only on a terminal, and never with `--no-color` or a non-empty `NO_COLOR`.
pub fn use_color(no_color_flag: bool, no_color_env: bool, stdout_is_tty: bool) -> bool {
    stdout_is_tty && !no_color_flag && !no_color_env
}

/// Renders a value as JSON (pretty, newline-terminated) or YAML; tables fall back to JSON.
pub fn render_data<T: Serialize>(format: OutputFormat, value: &T) -> anyhow::Result<String> {
    Ok(match format {
        OutputFormat::Yaml => {
            let mut s = serde_saphyr::to_string(value)?;
            // serde-saphyr may leave the last line open; output must end in a newline.
            if !s.ends_with('\n') {
                s.push('\n');
            }
            s
        }
        _ => {
            let mut s = serde_json::to_string_pretty(value)?;
            s.push('\n');
            s
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(use_color(false, false, true));
        assert!(!use_color(true, false, true), "--no-color");
        assert!(!use_color(false, true, true), "NO_COLOR");
        assert!(!use_color(false, false, false), "not a terminal");
    }

    #[test]
    fn paint_is_plain_without_colour() {
        let mut ctx = Context::plain(OutputFormat::Table);
        assert_eq!(ctx.paint("x", Style::Red), "x");
        ctx.color = true;
        assert_eq!(ctx.paint("x", Style::Red), "\x1b[31mx\x1b[0m");
    }
}
