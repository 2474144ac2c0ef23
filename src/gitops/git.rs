//! Git through the `git` command line: the user's own git, with its credential helpers, SSH
//! config, hooks and signing settings (what CI checkouts configure). Only runs commands; the
//! decisions are in `commands::gitops`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::Error;

/// A git checkout.
#[derive(Debug, Clone)]
pub struct Repo {
    pub root: PathBuf,
}

/// A failed git command: its arguments and what git said.
#[derive(Debug, thiserror::Error)]
#[error("git {args}: {}", crate::output::untrusted::escape(stderr))]
pub struct GitError {
    pub args: String,
    pub stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Result<String, GitError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        // Never wait for a person: no editor, no credential prompt.
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_EDITOR", "true")
        .output()
        .map_err(|e| GitError {
            args: args.join(" "),
            stderr: format!("cannot run git: {e}"),
        })?;
    if !out.status.success() {
        return Err(GitError {
            args: args.join(" "),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

impl Repo {
    /// The checkout containing `dir`; not one is bad input (`--repo`).
    pub fn open(dir: &Path) -> Result<Repo, Error> {
        let top = run(dir, &["rev-parse", "--show-toplevel"]).map_err(|e| {
            Error::flag(
                "--repo",
                format!("{}: not a git checkout ({})", dir.display(), e.stderr),
            )
        })?;
        Ok(Repo {
            root: PathBuf::from(top.trim()),
        })
    }

    pub fn git(&self, args: &[&str]) -> Result<String, GitError> {
        run(&self.root, args)
    }

    /// `git status --porcelain` lines: uncommitted changes and untracked files.
    pub fn dirty(&self) -> Result<Vec<String>, GitError> {
        Ok(self
            .git(&["status", "--porcelain"])?
            .lines()
            .map(str::to_string)
            .collect())
    }

    /// The checked-out branch, if any (none when detached).
    pub fn current_branch(&self) -> Result<Option<String>, GitError> {
        let out = self.git(&["symbolic-ref", "--quiet", "--short", "HEAD"]);
        Ok(out
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()))
    }

    pub fn remotes(&self) -> Result<Vec<String>, GitError> {
        Ok(self.git(&["remote"])?.lines().map(str::to_string).collect())
    }

    /// Fetches `branch` from `remote`; returns the fetched commit.
    pub fn fetch(&self, remote: &str, branch: &str) -> Result<String, GitError> {
        self.git(&[
            "fetch",
            "--quiet",
            "--no-tags",
            remote,
            &format!("refs/heads/{branch}"),
        ])?;
        Ok(self
            .git(&["rev-parse", "FETCH_HEAD^{commit}"])?
            .trim()
            .to_string())
    }

    /// Whether `remote` has `branch`.
    pub fn remote_has_branch(&self, remote: &str, branch: &str) -> Result<bool, GitError> {
        let out = self.git(&[
            "ls-remote",
            "--heads",
            remote,
            &format!("refs/heads/{branch}"),
        ])?;
        Ok(!out.trim().is_empty())
    }

    pub fn local_has_branch(&self, branch: &str) -> bool {
        self.git(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("refs/heads/{branch}"),
        ])
        .is_ok()
    }

    /// A commit id for `rev`, if it names a commit.
    pub fn resolve(&self, rev: &str) -> Option<String> {
        self.git(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ])
        .ok()
        .map(|s| s.trim().to_string())
    }

    pub fn is_ancestor(&self, commit: &str, of: &str) -> Result<bool, GitError> {
        match self.git(&["merge-base", "--is-ancestor", commit, of]) {
            Ok(_) => Ok(true),
            Err(e) if e.stderr.is_empty() => Ok(false),
            Err(e) => Err(e),
        }
    }

    pub fn message(&self, commit: &str) -> Result<String, GitError> {
        self.git(&["log", "-1", "--format=%B", commit])
    }

    pub fn parents(&self, commit: &str) -> Result<usize, GitError> {
        Ok(self
            .git(&["log", "-1", "--format=%P", commit])?
            .split_whitespace()
            .count())
    }

    /// Commits reachable from `tip` whose message has all of `patterns` (git `--grep`, as
    /// fixed strings), newest first.
    pub fn find(&self, tip: &str, patterns: &[String]) -> Result<Vec<String>, GitError> {
        let mut args = vec![
            "log".to_string(),
            "--format=%H".into(),
            "--fixed-strings".into(),
            "--all-match".into(),
        ];
        for p in patterns {
            args.push(format!("--grep={p}"));
        }
        args.push(tip.to_string());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        Ok(self.git(&args)?.lines().map(str::to_string).collect())
    }

    /// Whether `user.name` and `user.email` are configured (else commits take a fallback).
    pub fn has_identity(&self) -> bool {
        let get = |key: &str| {
            self.git(&["config", key])
                .is_ok_and(|v| !v.trim().is_empty())
        };
        get("user.name") && get("user.email")
    }
}

/// A temporary worktree at a commit, removed when dropped: the change is made there, so the
/// user's own work tree is never written.
pub struct Worktree {
    repo: Repo,
    pub dir: PathBuf,
}

impl Worktree {
    pub fn add(repo: &Repo, commit: &str) -> Result<Worktree, GitError> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir =
            std::env::temp_dir().join(format!("kubectl-rollouts-{}-{nanos}", std::process::id()));
        let dir_text = dir.to_string_lossy().into_owned();
        repo.git(&["worktree", "add", "--quiet", "--detach", &dir_text, commit])?;
        Ok(Worktree {
            repo: repo.clone(),
            dir,
        })
    }

    pub fn git(&self, args: &[&str]) -> Result<String, GitError> {
        run(&self.dir, args)
    }
}

impl Drop for Worktree {
    fn drop(&mut self) {
        let dir = self.dir.to_string_lossy().into_owned();
        if self
            .repo
            .git(&["worktree", "remove", "--force", &dir])
            .is_err()
        {
            let _ = std::fs::remove_dir_all(&self.dir);
            let _ = self.repo.git(&["worktree", "prune"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_remote_said_is_shown_on_one_line() {
        let e = GitError {
            args: "push origin x".into(),
            stderr: "remote: denied\n::error::pwned\u{1b}[31m".into(),
        };
        assert_eq!(
            e.to_string(),
            "git push origin x: remote: denied\\n::error::pwned\\u{1b}[31m"
        );
    }
}
