//! `promote-image` and `rollback --gitops COMMIT|--last`: a GitOps change as one commit on a
//! new branch from the remote's base branch, made in a temporary worktree (the user's work tree
//! is never written) and pushed for review; optionally the pull request through GitHub's API.

use std::path::Path;

use anyhow::Context as _;
use serde::Serialize;

use crate::cli::{GitArgs, PromoteImageArgs, RollbackArgs};
use crate::commands::image;
use crate::error::{Error, ExitCode};
use crate::gitops::git::{GitError, Repo, Worktree};
use crate::gitops::promotion::{self, APP_TRAILER, ImageChange, PROMOTED_BY, Promotion, Revert};
use crate::output::Context;

/// What a pushed change reports (stdout with `-o json`, `$GITHUB_OUTPUT`).
#[derive(Debug, Serialize)]
struct Pushed {
    branch: String,
    commit: String,
    base: String,
    remote: String,
    title: String,
    body: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pull_request: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    changes: Vec<ImageChange>,
}

/// The checks every GitOps command makes before it changes anything.
struct Prepared {
    repo: Repo,
    base: String,
    base_commit: String,
    pr: Option<PullRequestTarget>,
}

struct PullRequestTarget {
    api: String,
    repository: String,
    token: String,
}

fn git_failed(e: GitError) -> anyhow::Error {
    Error::Api(e.to_string()).into()
}

fn prepare(git: &GitArgs) -> anyhow::Result<Prepared> {
    let pr = if git.open_pr {
        let token = std::env::var("GITHUB_TOKEN")
            .ok()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| Error::flag("--open-pr", "needs a GitHub token in $GITHUB_TOKEN"))?;
        let repository = git.github_repo.clone().ok_or_else(|| {
            Error::flag(
                "--github-repo",
                "--open-pr needs the repository as OWNER/NAME (or $GITHUB_REPOSITORY)",
            )
        })?;
        if repository.split('/').count() != 2 || repository.split('/').any(str::is_empty) {
            return Err(Error::flag(
                "--github-repo",
                format!("{repository:?}: expected OWNER/NAME"),
            )
            .into());
        }
        Some(PullRequestTarget {
            api: git.github_api.trim_end_matches('/').to_string(),
            repository,
            token,
        })
    } else {
        None
    };
    let repo = Repo::open(&git.repo)?;
    let dirty = repo.dirty().map_err(git_failed)?;
    if !dirty.is_empty() {
        return Err(Error::flag(
            "--repo",
            format!(
                "{}: the work tree has uncommitted changes; commit or stash them first:\n{}",
                repo.root.display(),
                dirty.join("\n")
            ),
        )
        .into());
    }
    if !repo.remotes().map_err(git_failed)?.contains(&git.remote) {
        return Err(Error::flag(
            "--remote",
            format!(
                "{:?}: no such remote in {}",
                git.remote,
                repo.root.display()
            ),
        )
        .into());
    }
    let base = match &git.base {
        Some(base) => base.clone(),
        None => repo.current_branch().map_err(git_failed)?.ok_or_else(|| {
            Error::flag(
                "--base",
                "the checkout is on no branch (detached HEAD): name the base branch",
            )
        })?,
    };
    let base_commit = repo.fetch(&git.remote, &base).map_err(|e| {
        if e.stderr.contains("couldn't find remote ref") {
            anyhow::Error::from(Error::flag(
                "--base",
                format!("{:?}: no such branch on {}", base, git.remote),
            ))
        } else {
            Error::Unreachable(format!(
                "cannot fetch {base} from {}: {}",
                git.remote, e.stderr
            ))
            .into()
        }
    })?;
    Ok(Prepared {
        repo,
        base,
        base_commit,
        pr,
    })
}

/// The new branch must exist neither on the remote nor locally.
fn check_branch_free(p: &Prepared, remote: &str, branch: &str) -> anyhow::Result<()> {
    if p.repo
        .remote_has_branch(remote, branch)
        .map_err(git_failed)?
    {
        return Err(Error::flag(
            "--branch",
            format!(
                "branch {branch:?} already exists on remote {remote:?}; pick another with --branch"
            ),
        )
        .into());
    }
    if p.repo.local_has_branch(branch) {
        return Err(Error::flag(
            "--branch",
            format!("branch {branch:?} already exists in this checkout; delete it or pick another with --branch"),
        )
        .into());
    }
    Ok(())
}

/// Commits what is staged in the worktree with `message` and pushes it as `branch`; the
/// checkout gets the branch too, so the change can be checked out at once.
fn commit_and_push(
    p: &Prepared,
    wt: &Worktree,
    remote: &str,
    branch: &str,
    message: &str,
) -> anyhow::Result<String> {
    let mut args: Vec<String> = Vec::new();
    if !p.repo.has_identity() {
        eprintln!(
            "note: git has no user.name/user.email here; committing as kubectl-rollouts <kubectl-rollouts@localhost>"
        );
        args.extend([
            "-c".into(),
            "user.name=kubectl-rollouts".into(),
            "-c".into(),
            "user.email=kubectl-rollouts@localhost".into(),
        ]);
    }
    let message_file = wt.dir.join(".git-kubectl-rollouts-message");
    std::fs::write(&message_file, message).context("cannot write the commit message")?;
    args.extend([
        "commit".into(),
        "--quiet".into(),
        "--cleanup=verbatim".into(),
        "-F".into(),
    ]);
    args.push(message_file.to_string_lossy().into_owned());
    let args_ref: Vec<&str> = args.iter().map(String::as_str).collect();
    let committed = wt.git(&args_ref);
    let _ = std::fs::remove_file(&message_file);
    committed.map_err(git_failed)?;
    let commit = wt
        .git(&["rev-parse", "HEAD"])
        .map_err(git_failed)?
        .trim()
        .to_string();
    wt.git(&[
        "push",
        "--quiet",
        remote,
        &format!("{commit}:refs/heads/{branch}"),
    ])
    .map_err(|e| Error::Api(format!("cannot push {branch} to {remote}: {}", e.stderr)))?;
    p.repo
        .git(&["branch", "--quiet", branch, &commit])
        .map_err(git_failed)?;
    Ok(commit)
}

fn report(
    ctx: &Context,
    mut pushed: Pushed,
    pr: Option<&PullRequestTarget>,
) -> anyhow::Result<ExitCode> {
    if let Some(target) = pr {
        pushed.pull_request = Some(open_pull_request(target, &pushed)?);
    }
    if ctx.is_structured() {
        ctx.print_data(&pushed)?;
    } else {
        let mut out = format!(
            "branch:  {}\ncommit:  {}\nbase:    {}/{}\ntitle:   {}\n",
            pushed.branch, pushed.commit, pushed.remote, pushed.base, pushed.title
        );
        if let Some(url) = &pushed.pull_request {
            out.push_str(&format!("pull request: {url}\n"));
        }
        out.push_str(&format!("\n{}", pushed.body));
        ctx.print(&out)?;
    }
    if let Some(gha) = &ctx.gha {
        gha.set_output("branch", &pushed.branch)?;
        gha.set_output("commit", &pushed.commit)?;
        gha.set_output("title", &pushed.title)?;
        gha.set_output("body", &pushed.body)?;
        if let Some(url) = &pushed.pull_request {
            gha.set_output("pull-request", url)?;
        }
    }
    Ok(ExitCode::Ok)
}

pub fn promote(args: PromoteImageArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    // Bad specs are refused before git is touched.
    for spec in &args.images {
        crate::gitops::image_spec::parse_spec(spec)?;
    }
    if let Some(branch) = &args.branch {
        promotion::check_branch(branch)?;
    }
    if args.overlay.is_absolute()
        || args
            .overlay
            .components()
            .any(|c| c == std::path::Component::ParentDir)
    {
        return Err(Error::flag(
            "--overlay",
            format!(
                "{}: give the overlay relative to the repository, inside it",
                args.overlay.display()
            ),
        )
        .into());
    }
    let p = prepare(&args.git)?;
    let wt = Worktree::add(&p.repo, &p.base_commit).map_err(git_failed)?;
    let overlay_dir = wt.dir.join(&args.overlay);
    let file = image::kustomization_file(&overlay_dir, "--overlay").map_err(|e| match e {
        Error::Input { message, .. } => Error::flag(
            "--overlay",
            message.replace(&format!("{}/", wt.dir.display()), &format!("{}:", p.base)),
        ),
        other => other,
    })?;
    let relative = file.strip_prefix(&wt.dir).unwrap_or(&file).to_path_buf();
    let (_, new_text, changes) =
        image::plan_set(&file, &args.images).map_err(|e| relabel(e, &wt.dir, &p.base))?;
    let changes: Vec<ImageChange> = changes
        .into_iter()
        .filter(|c| c.before.as_deref() != Some(c.after.as_str()))
        .map(|c| ImageChange {
            name: c.name,
            before: c.before,
            after: c.after,
        })
        .collect();
    if changes.is_empty() {
        ctx.warning(&format!(
            "{} on {}/{} already has these images: nothing to promote",
            relative.display(),
            args.git.remote,
            p.base
        ));
        return Ok(ExitCode::Ok);
    }
    let promotion = Promotion {
        app: args.app.clone(),
        overlay: relative.to_string_lossy().into_owned(),
        changes,
    };
    let branch = args.branch.clone().unwrap_or_else(|| promotion.branch());
    check_branch_free(&p, &args.git.remote, &branch)?;
    image::write_atomically(&file, &new_text)?;
    wt.git(&["add", "--", &promotion.overlay])
        .map_err(git_failed)?;
    let commit = commit_and_push(
        &p,
        &wt,
        &args.git.remote,
        &branch,
        &promotion.commit_message(),
    )?;
    drop(wt);
    let pushed = Pushed {
        branch,
        body: promotion.body(&commit),
        commit,
        base: p.base.clone(),
        remote: args.git.remote.clone(),
        title: promotion.title(),
        pull_request: None,
        changes: promotion.changes.clone(),
    };
    report(ctx, pushed, p.pr.as_ref())
}

/// Errors about the worktree's copy of a file name the file as it is on the base branch.
fn relabel(err: anyhow::Error, worktree: &Path, base: &str) -> anyhow::Error {
    let prefix = format!("{}/", worktree.display());
    match err.downcast::<Error>() {
        Ok(Error::Input {
            mut location,
            message,
        }) => {
            if let Some(file) = &location.file {
                location.file = Some(format!("{base}:{}", file.trim_start_matches(&prefix)));
            }
            Error::Input { location, message }.into()
        }
        Ok(other) => other.into(),
        Err(err) => err,
    }
}

pub fn rollback(args: RollbackArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let p = prepare(&args.git)?;
    let base_ref = format!("{}/{}", args.git.remote, p.base);
    let commit = match (&args.gitops, args.last) {
        (Some(rev), _) => {
            let commit = p.repo.resolve(rev).ok_or_else(|| {
                Error::flag(
                    "--gitops",
                    format!("{rev:?} names no commit in {}", p.repo.root.display()),
                )
            })?;
            if !p
                .repo
                .is_ancestor(&commit, &p.base_commit)
                .map_err(git_failed)?
            {
                return Err(Error::flag(
                    "--gitops",
                    format!("{rev} is not on {base_ref}: only a merged promotion can be reverted (close its pull request instead)"),
                )
                .into());
            }
            commit
        }
        (None, _) => {
            let mut patterns = vec![PROMOTED_BY.to_string()];
            if let Some(app) = &args.app {
                patterns.push(format!("{APP_TRAILER}: {app}"));
            }
            // The newest promotion that is not itself a revert.
            let found = p.repo.find(&p.base_commit, &patterns).map_err(git_failed)?;
            found
                .into_iter()
                .find(|c| p.repo.message(c).is_ok_and(|m| !m.starts_with("Revert \"")))
                .ok_or_else(|| {
                    Error::flag(
                        "--last",
                        format!(
                            "no promotion commit{} on {base_ref}",
                            args.app
                                .as_deref()
                                .map(|a| format!(" of {a}"))
                                .unwrap_or_default()
                        ),
                    )
                })?
        }
    };
    let message = p.repo.message(&commit).map_err(git_failed)?;
    let reverted = p
        .repo
        .find(&p.base_commit, &[format!("This reverts commit {commit}.")])
        .map_err(git_failed)?;
    if let Some(by) = reverted.first() {
        return Err(Error::flag(
            if args.last { "--last" } else { "--gitops" },
            format!("{commit} is already reverted on {base_ref} by {by}"),
        )
        .into());
    }
    let revert = Revert::new(&commit, &message);
    let branch = revert.branch();
    check_branch_free(&p, &args.git.remote, &branch)?;
    let wt = Worktree::add(&p.repo, &p.base_commit).map_err(git_failed)?;
    let mut revert_args = vec!["revert", "--no-commit"];
    if p.repo.parents(&commit).map_err(git_failed)? > 1 {
        revert_args.extend(["-m", "1"]);
    }
    revert_args.push(&commit);
    if let Err(e) = wt.git(&revert_args) {
        let _ = wt.git(&["revert", "--abort"]);
        return Err(Error::Api(format!(
            "{commit} does not revert cleanly on {base_ref} (later changes touch the same lines): {}",
            e.stderr
        ))
        .into());
    }
    let pushed_commit =
        commit_and_push(&p, &wt, &args.git.remote, &branch, &revert.commit_message())?;
    drop(wt);
    let pushed = Pushed {
        branch,
        commit: pushed_commit,
        base: p.base.clone(),
        remote: args.git.remote.clone(),
        title: revert.title(),
        body: revert.body(),
        pull_request: None,
        changes: Vec::new(),
    };
    report(ctx, pushed, p.pr.as_ref())
}

/// `POST /repos/OWNER/NAME/pulls`; returns the pull request's URL.
fn open_pull_request(target: &PullRequestTarget, pushed: &Pushed) -> anyhow::Result<String> {
    let client = crate::http::client(&crate::http::ClientOptions {
        timeout: Some(std::time::Duration::from_secs(30)),
        ..Default::default()
    })?;
    let url = format!("{}/repos/{}/pulls", target.api, target.repository);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let response = client
            .post(&url)
            .bearer_auth(&target.token)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .json(&serde_json::json!({
                "title": pushed.title,
                "head": pushed.branch,
                "base": pushed.base,
                "body": pushed.body,
            }))
            .send()
            .await
            .map_err(|e| {
                Error::Unreachable(format!("cannot reach the GitHub API at {url}: {e}"))
            })?;
        let status = response.status();
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        if !status.is_success() {
            return Err(Error::Api(format!(
                "the branch {} is pushed, but GitHub refused the pull request ({status}): {}",
                pushed.branch,
                body["message"].as_str().unwrap_or("no message")
            ))
            .into());
        }
        body["html_url"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| anyhow::anyhow!("GitHub's answer has no html_url: {body}"))
    })
}
