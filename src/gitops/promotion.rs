//! What a promotion or its revert says: branch names, commit messages with trailers that
//! `rollback --last` finds again, pull-request titles and bodies. Pure.

use serde::Serialize;

use crate::error::{Error, Result};

/// The trailer every promotion and revert commit carries.
pub const PROMOTED_BY: &str = "Promoted-by: kubectl-rollouts";
/// The trailer naming the app.
pub const APP_TRAILER: &str = "Promotion-app";

/// One image's change in the overlay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageChange {
    pub name: String,
    pub before: Option<String>,
    pub after: String,
}

/// A promotion: the app, the overlay file (relative to the repository) and its changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Promotion {
    pub app: String,
    pub overlay: String,
    pub changes: Vec<ImageChange>,
}

/// A git branch name component: kept as typed where git allows it, other characters as `-`.
fn ref_safe(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-+".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    while out.contains("..") {
        out = out.replace("..", ".");
    }
    out.trim_matches(['.', '-'])
        .trim_end_matches(".lock")
        .to_string()
}

/// Checks a branch name given with `--branch` against git's ref rules.
pub fn check_branch(name: &str) -> Result<()> {
    let bad = name.is_empty()
        || name.starts_with(['-', '/'])
        || name.ends_with(['/', '.'])
        || name.ends_with(".lock")
        || name.contains("..")
        || name.contains("//")
        || name.contains("@{")
        || name
            .chars()
            .any(|c| c.is_ascii_control() || " ~^:?*[\\".contains(c));
    if bad {
        return Err(Error::flag(
            "--branch",
            format!("{name:?} is not a valid git branch name"),
        ));
    }
    Ok(())
}

/// The version part of an image reference: the tag, else the digest's first 12 hex digits.
pub fn version_of(reference: &str) -> String {
    let (_, tag, digest) = crate::gitops::image_spec::split_image_name(reference);
    if !tag.is_empty() {
        tag.to_string()
    } else if !digest.is_empty() {
        digest
            .trim_start_matches("sha256:")
            .chars()
            .take(12)
            .collect()
    } else {
        "latest".to_string()
    }
}

impl Promotion {
    /// The first change's new version, which names the branch and the title.
    pub fn version(&self) -> String {
        self.changes
            .first()
            .map(|c| version_of(&c.after))
            .unwrap_or_default()
    }

    /// `deploy/<app>-<version>`, as the seed's workflow names it.
    pub fn branch(&self) -> String {
        format!(
            "deploy/{}-{}",
            ref_safe(&self.app),
            ref_safe(&self.version())
        )
    }

    pub fn commit_message(&self) -> String {
        let first = &self.changes[0];
        let mut subject = format!(
            "deploy {}: {} {} -> {}",
            self.app,
            first.name,
            first
                .before
                .as_deref()
                .map(version_of)
                .unwrap_or_else(|| "(none)".into()),
            version_of(&first.after)
        );
        if self.changes.len() > 1 {
            subject.push_str(&format!(" (+{} more)", self.changes.len() - 1));
        }
        let mut body = format!("Sets the images of {} in {}:\n\n", self.app, self.overlay);
        for c in &self.changes {
            body.push_str(&format!(
                "  {}: {} -> {}\n",
                c.name,
                c.before.as_deref().unwrap_or("(none)"),
                c.after
            ));
        }
        format!(
            "{subject}\n\n{body}\n{PROMOTED_BY}\n{APP_TRAILER}: {}\n",
            self.app
        )
    }

    pub fn title(&self) -> String {
        format!("Deploy {} {}", self.app, self.version())
    }

    pub fn body(&self, commit: &str) -> String {
        let mut body = format!(
            "Promotes **{}** by setting its images in `{}`.\n\n| image | from | to |\n|---|---|---|\n",
            self.app, self.overlay
        );
        for c in &self.changes {
            body.push_str(&format!(
                "| `{}` | `{}` | `{}` |\n",
                c.name,
                c.before.as_deref().unwrap_or("(none)"),
                c.after
            ));
        }
        body.push_str(&format!(
            "\nTo roll back after merging: `kubectl rollouts rollback --gitops {commit}` (or `--last --app {}`).\n",
            self.app
        ));
        body
    }
}

/// A revert of a commit, named after the promotion it undoes when it is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revert {
    pub commit: String,
    pub subject: String,
    pub app: Option<String>,
}

impl Revert {
    /// Reads the app from the reverted commit's trailer.
    pub fn new(commit: &str, message: &str) -> Revert {
        let subject = message.lines().next().unwrap_or_default().to_string();
        let app = message.lines().find_map(|l| {
            l.strip_prefix(APP_TRAILER)
                .and_then(|rest| rest.strip_prefix(':'))
                .map(|v| v.trim().to_string())
        });
        Revert {
            commit: commit.to_string(),
            subject,
            app,
        }
    }

    fn short(&self) -> String {
        self.commit.chars().take(12).collect()
    }

    pub fn branch(&self) -> String {
        match &self.app {
            Some(app) => format!("revert/{}-{}", ref_safe(app), self.short()),
            None => format!("revert/{}", self.short()),
        }
    }

    pub fn commit_message(&self) -> String {
        let mut message = format!(
            "Revert \"{}\"\n\nThis reverts commit {}.\n\n{PROMOTED_BY}\n",
            self.subject, self.commit
        );
        if let Some(app) = &self.app {
            message.push_str(&format!("{APP_TRAILER}: {app}\n"));
        }
        message
    }

    pub fn title(&self) -> String {
        format!("Revert \"{}\"", self.subject)
    }

    pub fn body(&self) -> String {
        format!(
            "Reverts {} (`{}`): the overlay goes back to what it was before that promotion, and Argo CD \
             syncs the previous images.\n",
            self.short(),
            self.subject
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn promotion() -> Promotion {
        Promotion {
            app: "tr-web".into(),
            overlay: "k8s/overlays/production/kustomization.yaml".into(),
            changes: vec![ImageChange {
                name: "kainlite/tr".into(),
                before: Some("kainlite/tr:v1.2.0".into()),
                after: "kainlite/tr:v1.3.0".into(),
            }],
        }
    }

    #[test]
    fn a_promotion_names_its_branch_commit_and_pull_request() {
        let p = promotion();
        assert_eq!(p.branch(), "deploy/tr-web-v1.3.0");
        assert_eq!(
            p.commit_message(),
            "deploy tr-web: kainlite/tr v1.2.0 -> v1.3.0\n\n\
             Sets the images of tr-web in k8s/overlays/production/kustomization.yaml:\n\n  \
             kainlite/tr: kainlite/tr:v1.2.0 -> kainlite/tr:v1.3.0\n\n\
             Promoted-by: kubectl-rollouts\nPromotion-app: tr-web\n"
        );
        assert_eq!(p.title(), "Deploy tr-web v1.3.0");
        assert!(
            p.body("abc")
                .contains("| `kainlite/tr` | `kainlite/tr:v1.2.0` | `kainlite/tr:v1.3.0` |")
        );
    }

    #[test]
    fn digests_and_odd_characters_make_valid_branch_names() {
        let mut p = promotion();
        p.changes[0].after =
            "kainlite/tr@sha256:24a0c4b4a4c0eb97a1aabb8e29f18e917d05abfe1b7a7c07857230879ce7d3d3"
                .into();
        assert_eq!(p.branch(), "deploy/tr-web-24a0c4b4a4c0");
        p.app = "my app..x".into();
        assert_eq!(p.branch(), "deploy/my-app.x-24a0c4b4a4c0");
        assert!(check_branch("deploy/ok-1.2").is_ok());
        for bad in ["a..b", "a b", "a:b", "-a", "a/", "a.lock", "a@{b"] {
            assert!(check_branch(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_revert_reads_the_app_from_the_promotion_commit() {
        let p = promotion();
        let r = Revert::new("0123456789abcdef0123", &p.commit_message());
        assert_eq!(r.app.as_deref(), Some("tr-web"));
        assert_eq!(r.branch(), "revert/tr-web-0123456789ab");
        assert_eq!(
            r.title(),
            "Revert \"deploy tr-web: kainlite/tr v1.2.0 -> v1.3.0\""
        );
        assert!(
            r.commit_message()
                .contains("This reverts commit 0123456789abcdef0123.")
        );
    }
}
