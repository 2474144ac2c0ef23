//! Files generated from the clap definitions and committed: shell completions and man pages.
//! `tests/generated.rs` fails when the committed copies are stale (`UPDATE_GENERATED=1` rewrites).

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// The script kubectl (>= 1.26) runs to complete `kubectl rollouts <TAB>`.
pub const KUBECTL_COMPLETE_SCRIPT: &str = "#!/bin/sh\n\
# Completion for `kubectl rollouts`: kubectl runs this with the words typed after the plugin name.\n\
exec kubectl-rollouts __complete \"$@\"\n";

/// Every generated file as (path relative to the repository root, contents).
pub fn files() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for (shell, name) in [
        (Shell::Bash, "completions/kubectl-rollouts.bash"),
        (Shell::Zsh, "completions/_kubectl-rollouts"),
        (Shell::Fish, "completions/kubectl-rollouts.fish"),
        (Shell::PowerShell, "completions/kubectl-rollouts.ps1"),
    ] {
        let mut buf = Vec::new();
        crate::commands::completion::write(shell, &mut buf);
        files.push((name.to_string(), buf));
    }
    files.push((
        "completions/kubectl_complete-rollouts".to_string(),
        KUBECTL_COMPLETE_SCRIPT.as_bytes().to_vec(),
    ));
    let mut root = Cli::command();
    root.build();
    man_pages(&root, "kubectl-rollouts", &mut files);
    files
}

fn man_pages(cmd: &clap::Command, name: &str, files: &mut Vec<(String, Vec<u8>)>) {
    let mut buf = Vec::new();
    let page = clap_mangen::Man::new(cmd.clone().name(name.to_string()));
    page.render(&mut buf).expect("writing to a Vec cannot fail");
    files.push((format!("man/{name}.1"), buf));
    for sub in cmd.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        man_pages(sub, &format!("{name}-{}", sub.get_name()), files);
    }
}
