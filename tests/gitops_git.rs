//! `promote-image` and `rollback --gitops|--last` against a local bare git remote: the branch
//! pushed, its commit's content exact, the history as a reviewer sees it, and bad input refused
//! with exit 2 before anything is written. The GitHub pull-request API is the one part played by
//! a local fake HTTP server (no GitHub here); everything else is real git.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use support::{Cmd, repo};

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A bare remote with the example k8s tree on `main`, and a clone of it to work in.
struct Setup {
    _tmp: tempfile::TempDir,
    remote: PathBuf,
    work: PathBuf,
}

fn identity(dir: &Path) {
    git(dir, &["config", "user.name", "Test Person"]);
    git(dir, &["config", "user.email", "test@example.invalid"]);
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let remote = tmp.path().join("infra.git");
    let work = tmp.path().join("infra");
    git(
        tmp.path(),
        &[
            "init",
            "--quiet",
            "--bare",
            "--initial-branch=main",
            remote.to_str().unwrap(),
        ],
    );
    git(
        tmp.path(),
        &[
            "clone",
            "--quiet",
            remote.to_str().unwrap(),
            work.to_str().unwrap(),
        ],
    );
    identity(&work);
    git(&work, &["checkout", "--quiet", "-b", "main"]);
    copy_tree(&repo().join("examples/gitops/k8s"), &work.join("k8s"));
    git(&work, &["add", "."]);
    git(&work, &["commit", "--quiet", "-m", "initial"]);
    git(&work, &["push", "--quiet", "origin", "main"]);
    Setup {
        _tmp: tmp,
        remote,
        work,
    }
}

fn promote(s: &Setup, extra: &[&str]) -> Cmd {
    Cmd::new(["promote-image", "--repo"])
        .arg(&s.work)
        .args(["--app", "tr-web", "--overlay", "k8s/overlays/production"])
        .args(extra)
}

fn remote_branches(s: &Setup) -> Vec<String> {
    git(
        &s.remote,
        &["for-each-ref", "--format=%(refname:short)", "refs/heads"],
    )
    .lines()
    .map(str::to_string)
    .collect()
}

const PRODUCTION: &str = "examples/gitops/k8s/overlays/production/kustomization.yaml";

#[test]
fn promote_image_pushes_one_reviewable_commit_on_a_deploy_branch() {
    let s = setup();
    let main_tip = git(&s.remote, &["rev-parse", "main"]);
    let run = promote(&s, &["--image", "kainlite/tr:v1.3.0"])
        .run()
        .code(0);
    assert!(
        run.stdout.contains("branch:  deploy/tr-web-v1.3.0\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("title:   Deploy tr-web v1.3.0\n"),
        "{}",
        run.stdout
    );
    assert_eq!(remote_branches(&s), ["deploy/tr-web-v1.3.0", "main"]);

    // History: one commit on top of main, its message naming app, old and new image.
    let branch = "deploy/tr-web-v1.3.0";
    assert_eq!(
        git(&s.remote, &["rev-parse", &format!("{branch}^")]),
        main_tip
    );
    assert_eq!(
        git(&s.remote, &["log", "-1", "--format=%B", branch]),
        "deploy tr-web: kainlite/tr v1.2.0 -> v1.3.0\n\n\
         Sets the images of tr-web in k8s/overlays/production/kustomization.yaml:\n\n  \
         kainlite/tr: kainlite/tr:v1.2.0 -> kainlite/tr:v1.3.0\n\n\
         Promoted-by: kubectl-rollouts\nPromotion-app: tr-web"
    );
    assert_eq!(
        git(&s.remote, &["diff", "--name-only", "main", branch]),
        "k8s/overlays/production/kustomization.yaml"
    );
    // Content: exactly the seed's overlay with the one tag changed.
    let original = std::fs::read_to_string(repo().join(PRODUCTION)).unwrap();
    assert_eq!(
        git(
            &s.remote,
            &[
                "show",
                &format!("{branch}:k8s/overlays/production/kustomization.yaml")
            ]
        ) + "\n",
        original.replace("newTag: v1.2.0", "newTag: v1.3.0")
    );
    // The person's checkout: untouched, still on main, clean, with the branch to check out.
    assert_eq!(git(&s.work, &["symbolic-ref", "--short", "HEAD"]), "main");
    assert_eq!(git(&s.work, &["status", "--porcelain"]), "");
    assert_eq!(
        std::fs::read_to_string(s.work.join("k8s/overlays/production/kustomization.yaml")).unwrap(),
        original
    );
    assert_eq!(
        git(&s.work, &["rev-parse", branch]),
        git(&s.remote, &["rev-parse", branch])
    );
    assert_eq!(
        git(&s.work, &["worktree", "list", "--porcelain"])
            .matches("worktree ")
            .count(),
        1
    );
}

#[test]
fn github_actions_get_the_branch_title_and_body_as_step_outputs() {
    let s = setup();
    let outputs = s.work.parent().unwrap().join("github-output");
    promote(&s, &["--image", "kainlite/tr=ghcr.io/kainlite/tr:3f9c2ab"])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_OUTPUT", &outputs)
        .run()
        .code(0);
    let text = std::fs::read_to_string(&outputs).unwrap();
    assert!(text.contains("branch=deploy/tr-web-3f9c2ab\n"), "{text}");
    assert!(text.contains("title=Deploy tr-web 3f9c2ab\n"), "{text}");
    assert!(
        text.contains("| `kainlite/tr` | `kainlite/tr:v1.2.0` | `ghcr.io/kainlite/tr:3f9c2ab` |"),
        "{text}"
    );
}

#[test]
fn bad_input_is_exit_2_and_nothing_is_written() {
    let s = setup();
    // A spec kustomize would refuse.
    let run = promote(&s, &["--image", "kainlite/tr"]).run().code(2);
    assert!(
        run.stderr.contains("image spec \"kainlite/tr\""),
        "{}",
        run.stderr
    );
    // An overlay without a kustomization.
    let run = Cmd::new(["promote-image", "--repo"])
        .arg(&s.work)
        .args([
            "--app",
            "tr-web",
            "--overlay",
            "k8s/overlays/nowhere",
            "--image",
            "kainlite/tr:v2",
        ])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("--overlay: main:k8s/overlays/nowhere: no such directory"),
        "{}",
        run.stderr
    );
    // A kustomization kustomize cannot read, named as it is on the base branch.
    std::fs::write(
        s.work.join("k8s/overlays/staging/kustomization.yaml"),
        "images:\n- name: a\n  newTag: 1.5\n",
    )
    .unwrap();
    git(&s.work, &["commit", "--quiet", "-am", "broken staging"]);
    git(&s.work, &["push", "--quiet", "origin", "main"]);
    let run = Cmd::new(["promote-image", "--repo"])
        .arg(&s.work)
        .args([
            "--app",
            "tr-web",
            "--overlay",
            "k8s/overlays/staging",
            "--image",
            "a:v2",
        ])
        .run()
        .code(2);
    assert!(
        run.stderr.contains(
            "main:k8s/overlays/staging/kustomization.yaml:3: images[0].newTag: 1.5 is a number"
        ),
        "{}",
        run.stderr
    );
    // A dirty work tree.
    std::fs::write(s.work.join("notes.txt"), "wip").unwrap();
    let run = promote(&s, &["--image", "kainlite/tr:v2"]).run().code(2);
    assert!(
        run.stderr.contains("the work tree has uncommitted changes"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("?? notes.txt"), "{}", run.stderr);
    std::fs::remove_file(s.work.join("notes.txt")).unwrap();
    // A branch that already exists on the remote.
    promote(&s, &["--image", "kainlite/tr:v2"]).run().code(0);
    git(&s.work, &["branch", "-D", "deploy/tr-web-v2"]);
    let run = promote(&s, &["--image", "kainlite/tr:v2"]).run().code(2);
    assert!(
        run.stderr
            .contains("branch \"deploy/tr-web-v2\" already exists on remote \"origin\""),
        "{}",
        run.stderr
    );
    // A missing remote, base or token.
    promote(&s, &["--image", "kainlite/tr:v3", "--remote", "upstream"])
        .run()
        .code(2);
    let run = promote(&s, &["--image", "kainlite/tr:v3", "--base", "release"])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("--base: \"release\": no such branch on origin"),
        "{}",
        run.stderr
    );
    let run = promote(
        &s,
        &[
            "--image",
            "kainlite/tr:v3",
            "--open-pr",
            "--github-repo",
            "k/infra",
        ],
    )
    .env("GITHUB_TOKEN", "")
    .run()
    .code(2);
    assert!(
        run.stderr
            .contains("--open-pr: needs a GitHub token in $GITHUB_TOKEN"),
        "{}",
        run.stderr
    );
    assert_eq!(remote_branches(&s), ["deploy/tr-web-v2", "main"]);
    assert_eq!(git(&s.work, &["status", "--porcelain"]), "");
}

/// Merges `branch` into main as a reviewer would (a merge commit), from another clone.
fn merge(s: &Setup, branch: &str) {
    let reviewer = s
        .work
        .parent()
        .unwrap()
        .join(format!("reviewer-{}", branch.replace('/', "-")));
    git(
        s.work.parent().unwrap(),
        &[
            "clone",
            "--quiet",
            s.remote.to_str().unwrap(),
            reviewer.to_str().unwrap(),
        ],
    );
    identity(&reviewer);
    git(
        &reviewer,
        &[
            "merge",
            "--quiet",
            "--no-ff",
            "-m",
            &format!("Merge {branch}"),
            &format!("origin/{branch}"),
        ],
    );
    git(&reviewer, &["push", "--quiet", "origin", "main"]);
}

#[test]
fn rollback_reverts_the_merged_promotion_on_a_new_branch() {
    let s = setup();
    let original = std::fs::read_to_string(repo().join(PRODUCTION)).unwrap();
    let run = promote(&s, &["--image", "kainlite/tr:v1.3.0", "-o", "json"])
        .run()
        .code(0);
    let promoted = run.json();
    let commit = promoted["commit"].as_str().unwrap().to_string();
    // Not merged yet: nothing to revert on main.
    let run = Cmd::new(["rollback", "--repo"])
        .arg(&s.work)
        .args(["--gitops", &commit])
        .run()
        .code(2);
    assert!(
        run.stderr.contains("is not on origin/main"),
        "{}",
        run.stderr
    );

    merge(&s, "deploy/tr-web-v1.3.0");
    let run = Cmd::new(["rollback", "--repo"])
        .arg(&s.work)
        .args(["--last", "--app", "tr-web", "-o", "json"])
        .run()
        .code(0);
    let out = run.json();
    let branch = format!("revert/tr-web-{}", &commit[..12]);
    assert_eq!(out["branch"], branch.as_str());
    assert_eq!(
        out["title"],
        "Revert \"deploy tr-web: kainlite/tr v1.2.0 -> v1.3.0\""
    );
    let main_tip = git(&s.remote, &["rev-parse", "main"]);
    assert_eq!(
        git(&s.remote, &["rev-parse", &format!("{branch}^")]),
        main_tip
    );
    assert_eq!(
        git(&s.remote, &["log", "-1", "--format=%B", &branch]),
        format!(
            "Revert \"deploy tr-web: kainlite/tr v1.2.0 -> v1.3.0\"\n\nThis reverts commit {commit}.\n\n\
             Promoted-by: kubectl-rollouts\nPromotion-app: tr-web"
        )
    );
    assert_eq!(
        git(
            &s.remote,
            &[
                "show",
                &format!("{branch}:k8s/overlays/production/kustomization.yaml")
            ]
        ) + "\n",
        original
    );

    // Once the revert is merged, the promotion is reverted: a second revert is refused.
    merge(&s, &branch);
    git(&s.work, &["pull", "--quiet", "--ff-only", "origin", "main"]);
    let run = Cmd::new(["rollback", "--repo"])
        .arg(&s.work)
        .arg("--last")
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains(&format!("{commit} is already reverted on origin/main")),
        "{}",
        run.stderr
    );
    let run = Cmd::new(["rollback", "--repo"])
        .arg(&s.work)
        .args(["--last", "--app", "other"])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("no promotion commit of other on origin/main"),
        "{}",
        run.stderr
    );
}

#[test]
fn rollback_needs_a_target_or_gitops() {
    let run = Cmd::new(["rollback"]).run().code(2);
    assert!(run.stderr.contains("<KIND/NAME>"), "{}", run.stderr);
    Cmd::new(["rollback", "deployment/x", "--gitops", "abc"])
        .run()
        .code(2);
}

/// Requests the fake GitHub API saw: request line, Authorization header, body.
type Seen = Arc<Mutex<Vec<(String, String, String)>>>;

/// The fake GitHub API: records each request, answers 201 with a pull request URL.
fn fake_github() -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let record = seen.clone();
    let base = address.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let (mut length, mut auth) = (0usize, String::new());
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line.trim().is_empty() {
                    break;
                }
                let (k, v) = line.split_once(':').unwrap();
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap();
                }
                if k.eq_ignore_ascii_case("authorization") {
                    auth = v.trim().to_string();
                }
            }
            let mut body = vec![0u8; length];
            reader.read_exact(&mut body).unwrap();
            record.lock().unwrap().push((
                request_line.trim().to_string(),
                auth,
                String::from_utf8(body).unwrap(),
            ));
            let answer = format!(r#"{{"number":7,"html_url":"{base}/k/infra/pull/7"}}"#);
            write!(
                stream,
                "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                answer.len()
            )
            .unwrap();
        }
    });
    (address, seen)
}

#[test]
fn open_pr_asks_the_github_api_for_the_pull_request() {
    let s = setup();
    let (api, seen) = fake_github();
    let run = promote(
        &s,
        &[
            "--image",
            "kainlite/tr:v1.3.0",
            "--open-pr",
            "--github-repo",
            "k/infra",
            "--github-api",
            &api,
        ],
    )
    .env("GITHUB_TOKEN", "t0ken")
    .run()
    .code(0);
    assert!(
        run.stdout
            .contains(&format!("pull request: {api}/k/infra/pull/7")),
        "{}",
        run.stdout
    );
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    let (line, auth, body) = &seen[0];
    assert_eq!(line, "POST /repos/k/infra/pulls HTTP/1.1");
    assert_eq!(auth, "Bearer t0ken");
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(body["head"], "deploy/tr-web-v1.3.0");
    assert_eq!(body["base"], "main");
    assert_eq!(body["title"], "Deploy tr-web v1.3.0");
    assert!(
        body["body"]
            .as_str()
            .unwrap()
            .contains("kubectl rollouts rollback --gitops")
    );
}
