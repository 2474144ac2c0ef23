//! `image set` (kustomize's `edit set image`, in place) and `image pick` (Image Updater's
//! strategies, from a tags file or an OCI registry).

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Serialize;

use crate::cli::{ImagePickArgs, ImageSetArgs};
use crate::error::{Error, ExitCode};
use crate::gitops::image_spec::{self, Image};
use crate::gitops::kustomization::{self, Kustomization};
use crate::gitops::pick::{self, Rules, Strategy, Tag};
use crate::gitops::registry;
use crate::output::{Context, Table};

/// One image's change, as `image set` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub name: String,
    pub before: Option<String>,
    pub after: String,
}

/// The kustomization file of `path`: the file itself, or the one kustomize finds in the
/// directory.
pub fn kustomization_file(path: &Path, flag: &str) -> Result<PathBuf, Error> {
    if path.is_file() {
        return Ok(path.to_path_buf());
    }
    if !path.is_dir() {
        return Err(Error::flag(
            flag,
            format!("{}: no such directory", path.display()),
        ));
    }
    let found: Vec<PathBuf> = kustomization::FILE_NAMES
        .iter()
        .map(|name| path.join(name))
        .filter(|p| p.is_file())
        .collect();
    match found.len() {
        1 => Ok(found.into_iter().next().expect("one")),
        0 => Err(Error::flag(
            flag,
            format!(
                "{}: no kustomization.yaml, kustomization.yml or Kustomization in it",
                path.display()
            ),
        )),
        _ => Err(Error::flag(
            flag,
            format!(
                "{}: several kustomization files in it: {found:?}",
                path.display()
            ),
        )),
    }
}

/// Parses specs, reads and edits the kustomization in memory: nothing is written yet.
pub fn plan_set(
    file: &Path,
    specs: &[String],
) -> anyhow::Result<(Kustomization, String, Vec<Change>)> {
    let specs: Vec<Image> = specs
        .iter()
        .map(|s| image_spec::parse_spec(s))
        .collect::<Result<_, _>>()?;
    let text = crate::files::read_to_string(file)
        .map_err(|e| Error::field(file.display().to_string(), e.to_string()))?;
    let k = Kustomization::parse(&text, &file.display().to_string())?;
    let new_text = k.set_images(&specs);
    let after = Kustomization::parse(&new_text, &file.display().to_string())
        .context("the edited kustomization does not parse (a bug: please report it)")?;
    let mut changes = Vec::new();
    let mut names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
    names.dedup();
    for name in names {
        let Some(new) = after.image(name) else {
            continue;
        };
        if changes.iter().any(|c: &Change| c.name == name) {
            continue;
        }
        changes.push(Change {
            name: name.to_string(),
            before: k.image(name).map(Image::reference),
            after: new.reference(),
        });
    }
    Ok((k, new_text, changes))
}

/// Writes `text` to `file` through a temporary file in the same directory, keeping its mode.
pub fn write_atomically(file: &Path, text: &str) -> anyhow::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.kubectl-rollouts.tmp",
        file.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("kustomization")
    ));
    std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    if let Ok(meta) = std::fs::metadata(file) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, file).with_context(|| format!("cannot replace {}", file.display()))
}

pub fn set(args: ImageSetArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let file = kustomization_file(&args.kustomization, "--kustomization")?;
    let (_, new_text, changes) = plan_set(&file, &args.specs)?;
    if args.dry_run {
        ctx.print(&new_text)?;
        return Ok(ExitCode::Ok);
    }
    write_atomically(&file, &new_text)?;
    if ctx.is_structured() {
        ctx.print_data(&serde_json::json!({ "file": file, "changes": changes }))?;
    } else {
        let mut table = Table::new(["IMAGE", "BEFORE", "AFTER"]);
        for c in &changes {
            table.row(vec![
                c.name.clone(),
                c.before.clone().unwrap_or_else(|| "(none)".into()),
                c.after.clone(),
            ]);
        }
        ctx.print(&table.render())?;
        eprintln!("wrote {}", file.display());
    }
    Ok(ExitCode::Ok)
}

pub fn pick(args: ImagePickArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let strategy = Strategy::parse(&args.strategy)?;
    let rules = Rules::new(
        strategy,
        args.constraint.as_deref(),
        args.allow_tags.as_deref(),
        &args.ignore_tags,
    )?;
    let tags = match (&args.tags_file, &args.registry_image) {
        (Some(file), _) => read_tags_file(file)?,
        (None, Some(image)) => {
            let reference = registry::Reference::parse(image, args.plain_http)
                .map_err(|e| Error::flag("--registry-image", e))?;
            let credentials = registry::Credentials::from_env();
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .context("cannot start the async runtime")?;
            runtime.block_on(registry::list_for_pick(&reference, credentials, &rules))?
        }
        (None, None) => unreachable!("clap requires one of them"),
    };
    let decision = pick::pick(&rules, &tags);
    for warning in &decision.warnings {
        ctx.warning(warning);
    }
    if ctx.is_structured() {
        ctx.print_data(&decision)?;
    } else if let Some(picked) = &decision.picked {
        match (strategy, &picked.digest) {
            (Strategy::Digest, Some(digest)) => ctx.println(&format!("{}@{digest}", picked.tag))?,
            _ => ctx.println(&picked.tag)?,
        }
    }
    if let Some(gha) = &ctx.gha
        && let Some(picked) = &decision.picked
    {
        gha.set_output("tag", &picked.tag)?;
        if let Some(digest) = &picked.digest {
            gha.set_output("digest", digest)?;
        }
    }
    match &decision.picked {
        Some(_) => Ok(ExitCode::Ok),
        None => {
            let reasons: Vec<String> = decision
                .candidates
                .iter()
                .take(10)
                .map(|c| format!("{} ({})", c.tag, c.dropped.as_deref().unwrap_or("?")))
                .collect();
            ctx.error(&format!(
                "no tag qualifies among {} tags{}{}",
                decision.candidates.len(),
                if reasons.is_empty() { "" } else { ": " },
                reasons.join(", ")
            ));
            Ok(ExitCode::Failed)
        }
    }
}

/// Lines of `TAG [CREATED [DIGEST]]`; `#` comments and blank lines are skipped.
fn read_tags_file(path: &Path) -> anyhow::Result<Vec<Tag>> {
    let (name, text) = if path == Path::new("-") {
        let text = crate::files::read_stdin_to_string()
            .map_err(|e| Error::flag("--tags-file", format!("stdin: {e}")))?;
        ("stdin".to_string(), text)
    } else {
        let text = crate::files::read_to_string(path)
            .map_err(|e| Error::flag("--tags-file", format!("{}: {e}", path.display())))?;
        (path.display().to_string(), text)
    };
    let mut tags = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split_whitespace();
        let tag = fields.next().expect("non-empty line");
        let location = |message: String| Error::Input {
            location: crate::error::Location {
                file: Some(name.clone()),
                line: Some(n + 1),
                field: None,
            },
            message,
        };
        let created = fields
            .next()
            .map(|t| {
                chrono::DateTime::parse_from_rfc3339(t)
                    .map(|d| d.to_utc())
                    .map_err(|e| location(format!("{t:?} is not an RFC 3339 time: {e}")))
            })
            .transpose()?;
        let digest = fields.next().map(str::to_string);
        if let Some(extra) = fields.next() {
            return Err(location(format!(
                "unexpected {extra:?}: expected TAG [CREATED [DIGEST]]"
            ))
            .into());
        }
        tags.push(Tag {
            name: tag.to_string(),
            created,
            digest,
        });
    }
    Ok(tags)
}
