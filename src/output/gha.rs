//! GitHub Actions workflow commands: annotations, groups, the step summary and step outputs.
//! Active when `GITHUB_ACTIONS=true`; file paths come from `GITHUB_STEP_SUMMARY`/`GITHUB_OUTPUT`.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
pub struct Gha {
    pub step_summary: Option<PathBuf>,
    pub output: Option<PathBuf>,
}

impl Gha {
    pub fn from_env() -> Option<Self> {
        if std::env::var("GITHUB_ACTIONS").ok().as_deref() != Some("true") {
            return None;
        }
        let path = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Some(Gha {
            step_summary: path("GITHUB_STEP_SUMMARY"),
            output: path("GITHUB_OUTPUT"),
        })
    }

    /// `::error::msg` / `::warning::msg`. The runner reads workflow commands from both output
    /// streams; stderr keeps them out of data on stdout (`-o json`).
    pub fn annotate(&self, level: &str, message: &str) {
        eprintln!("{}", annotation(level, None, &crate::redact::text(message)));
    }

    /// `::group::title`; pair with [`Gha::end_group`].
    pub fn group(&self, title: &str) {
        eprintln!("::group::{}", escape_data(&crate::redact::text(title)));
    }

    pub fn end_group(&self) {
        eprintln!("::endgroup::");
    }

    /// Appends Markdown to the job's step summary (URL credentials masked).
    pub fn summary(&self, markdown: &str) -> std::io::Result<()> {
        let markdown = &crate::redact::text(markdown);
        if let Some(path) = &self.step_summary {
            let mut f = OpenOptions::new().create(true).append(true).open(path)?;
            f.write_all(markdown.as_bytes())?;
            if !markdown.ends_with('\n') {
                f.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    /// Sets a step output (`name=value`, or a heredoc for multi-line values; URL credentials
    /// masked).
    pub fn set_output(&self, name: &str, value: &str) -> std::io::Result<()> {
        let value = &crate::redact::text(value);
        if let Some(path) = &self.output {
            let mut f = OpenOptions::new().create(true).append(true).open(path)?;
            f.write_all(output_entry(name, value).as_bytes())?;
        }
        Ok(())
    }
}

/// A Markdown table for the step summary; every cell is escaped (`|`, line breaks), so a
/// message from a server cannot break the table.
pub fn markdown_table<S: AsRef<str>>(headers: &[&str], rows: &[Vec<S>]) -> String {
    let cell = |s: &str| {
        s.replace('|', "\\|")
            .replace("\r\n", " ")
            .replace(['\n', '\r'], " ")
    };
    let mut md = format!(
        "| {} |\n|{}\n",
        headers.join(" | "),
        "---|".repeat(headers.len())
    );
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c.as_ref())).collect();
        md.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    md
}

/// A workflow command line such as `::error title=x::message`.
pub fn annotation(level: &str, title: Option<&str>, message: &str) -> String {
    match title {
        Some(t) => format!(
            "::{level} title={}::{}",
            escape_property(t),
            escape_data(message)
        ),
        None => format!("::{level}::{}", escape_data(message)),
    }
}

/// Escapes a command's message as the runner expects (`%`, CR, LF).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property (also `:` and `,`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One `$GITHUB_OUTPUT` entry; multi-line values use a delimiter that the value does not contain.
pub fn output_entry(name: &str, value: &str) -> String {
    if !value.contains('\n') && !value.contains('\r') {
        return format!("{name}={value}\n");
    }
    let mut delimiter = String::from("ghadelimiter_kubectl_rollouts");
    let mut n = 0u32;
    while value.contains(&delimiter) {
        n += 1;
        delimiter = format!("ghadelimiter_kubectl_rollouts_{n}");
    }
    format!("{name}<<{delimiter}\n{value}\n{delimiter}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_escape_percent_and_newlines() {
        assert_eq!(
            annotation("error", None, "50% failed\nsee log\r"),
            "::error::50%25 failed%0Asee log%0D"
        );
    }

    #[test]
    fn properties_escape_colons_and_commas() {
        assert_eq!(
            annotation("warning", Some("a:b,c"), "m"),
            "::warning title=a%3Ab%2Cc::m"
        );
    }

    #[test]
    fn markdown_tables_escape_pipes_and_line_breaks() {
        let md = markdown_table(&["a", "b"], &[vec!["x|y", "line1\nline2"]]);
        assert_eq!(md, "| a | b |\n|---|---|\n| x\\|y | line1 line2 |\n");
    }

    #[test]
    fn multiline_outputs_use_a_delimiter_not_in_the_value() {
        assert_eq!(output_entry("phase", "Healthy"), "phase=Healthy\n");
        let v = "line1\nghadelimiter_kubectl_rollouts\n";
        let entry = output_entry("x", v);
        assert!(
            entry.starts_with("x<<ghadelimiter_kubectl_rollouts_1\n"),
            "{entry}"
        );
        assert!(entry.ends_with("\nghadelimiter_kubectl_rollouts_1\n"));
    }
}
