//! `__complete`: completions for kubectl's plugin completion protocol (kubectl >= 1.26 runs
//! `kubectl_complete-rollouts WORD... PARTIAL` and reads Cobra's format: one candidate per
//! line, `name<TAB>description`, then `:<directive>`).

use clap::{Arg, ArgAction, Command, CommandFactory};

use crate::cli::{Cli, CompleteArgs};
use crate::error::ExitCode;
use crate::output::Context;

/// Cobra's ShellCompDirective values.
const DIRECTIVE_DEFAULT: u8 = 0;
const DIRECTIVE_NO_FILE: u8 = 4;

pub fn run(args: CompleteArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let (candidates, directive) = complete(&args.words);
    let mut out = String::new();
    for (name, help) in candidates {
        if help.is_empty() {
            out.push_str(&format!("{name}\n"));
        } else {
            out.push_str(&format!("{name}\t{help}\n"));
        }
    }
    out.push_str(&format!(":{directive}\n"));
    ctx.print(&out)?;
    Ok(ExitCode::Ok)
}

fn takes_value(arg: &Arg) -> bool {
    matches!(arg.get_action(), ArgAction::Set | ArgAction::Append)
}

fn help(arg_or_cmd: Option<&clap::builder::StyledStr>) -> String {
    arg_or_cmd
        .map(|s| s.to_string().lines().next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// The candidates for the last word, given the words before it.
pub fn complete(words: &[String]) -> (Vec<(String, String)>, u8) {
    let mut root = Cli::command();
    root.build();
    let (partial, done) = match words.split_last() {
        Some((last, rest)) => (last.as_str(), rest),
        None => ("", &[][..]),
    };
    let mut current: &Command = &root;
    let mut pending_value: Option<&Arg> = None;
    for word in done {
        if pending_value.take().is_some() {
            continue;
        }
        if let Some(long) = word.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, _)) => (n, true),
                None => (long, false),
            };
            if let Some(arg) = current.get_arguments().find(|a| a.get_long() == Some(name))
                && takes_value(arg)
                && !inline
            {
                pending_value = Some(arg);
            }
        } else if let Some(short) = word.strip_prefix('-').filter(|s| s.chars().count() == 1) {
            let c = short.chars().next().unwrap_or_default();
            if let Some(arg) = current.get_arguments().find(|a| a.get_short() == Some(c))
                && takes_value(arg)
            {
                pending_value = Some(arg);
            }
        } else if let Some(sub) = current.find_subcommand(word) {
            current = sub;
        }
    }
    if let Some(arg) = pending_value {
        let values: Vec<(String, String)> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set() && v.get_name().starts_with(partial))
            .map(|v| (v.get_name().to_string(), help(v.get_help())))
            .collect();
        let directive = if values.is_empty() {
            DIRECTIVE_DEFAULT
        } else {
            DIRECTIVE_NO_FILE
        };
        return (values, directive);
    }
    if partial.starts_with('-') {
        let mut flags: Vec<(String, String)> = current
            .get_arguments()
            .filter(|a| !a.is_hide_set())
            .filter_map(|a| a.get_long().map(|l| (format!("--{l}"), help(a.get_help()))))
            .filter(|(name, _)| name.starts_with(partial))
            .collect();
        flags.sort();
        return (flags, DIRECTIVE_NO_FILE);
    }
    let subcommands: Vec<(String, String)> = current
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .filter(|s| s.get_name().starts_with(partial))
        .map(|s| (s.get_name().to_string(), help(s.get_about())))
        .collect();
    if !subcommands.is_empty() {
        return (subcommands, DIRECTIVE_NO_FILE);
    }
    // A positional with a fixed set of values, such as `completion SHELL`.
    let values: Vec<(String, String)> = current
        .get_positionals()
        .flat_map(|a| a.get_possible_values())
        .filter(|v| !v.is_hide_set() && v.get_name().starts_with(partial))
        .map(|v| (v.get_name().to_string(), help(v.get_help())))
        .collect();
    if values.is_empty() {
        (values, DIRECTIVE_DEFAULT)
    } else {
        (values, DIRECTIVE_NO_FILE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(words: &[&str]) -> (Vec<String>, u8) {
        let words: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        let (c, d) = complete(&words);
        (c.into_iter().map(|(n, _)| n).collect(), d)
    }

    #[test]
    fn completes_subcommands_flags_and_values() {
        let (top, d) = names(&[""]);
        assert!(top.contains(&"rollout".to_string()) && top.contains(&"window".to_string()));
        assert!(
            !top.iter().any(|n| n.starts_with("__")),
            "hidden commands stay hidden"
        );
        assert_eq!(d, DIRECTIVE_NO_FILE);
        assert_eq!(names(&["window", "ch"]).0, vec!["check"]);
        let (flags, _) = names(&["window", "check", "--ma"]);
        assert_eq!(flags, vec!["--manual"]);
        assert_eq!(names(&["-o", ""]).0, vec!["table", "wide", "json", "yaml"]);
        assert_eq!(names(&["completion", "z"]).0, vec!["zsh"]);
        // A flag's free-form value falls back to the shell's default (files).
        assert_eq!(
            names(&["window", "check", "--project", ""]).1,
            DIRECTIVE_DEFAULT
        );
    }
}
