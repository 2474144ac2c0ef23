//! Picking the tag to deploy with Argo CD Image Updater's strategies (semver, newest-build,
//! alphabetical, digest) and filters (allow-tags, ignore-tags), keeping the reason every other
//! tag was dropped. Pure: tags and their metadata in, a decision out.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use regex::Regex;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::gitops::semver::{Constraints, Version};
use crate::gitops::tag_glob::TagGlob;

/// Image Updater's update strategies (`latest` and `name` are its deprecated aliases).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    Semver,
    NewestBuild,
    Alphabetical,
    Digest,
}

impl Strategy {
    pub fn parse(text: &str) -> Result<Strategy> {
        match text {
            "semver" => Ok(Strategy::Semver),
            "newest-build" | "latest" => Ok(Strategy::NewestBuild),
            "alphabetical" | "name" => Ok(Strategy::Alphabetical),
            "digest" => Ok(Strategy::Digest),
            other => Err(Error::flag(
                "--strategy",
                format!(
                    "unknown strategy {other:?}: expected semver, newest-build, alphabetical or digest"
                ),
            )),
        }
    }

    /// Whether the strategy needs each tag's image metadata (creation date or digest).
    pub fn needs_metadata(self) -> bool {
        matches!(self, Strategy::NewestBuild | Strategy::Digest)
    }
}

/// `allow-tags`: `regexp:RE` or `any`.
#[derive(Debug, Clone)]
pub enum Allow {
    Any,
    Regexp(Regex),
}

impl Allow {
    pub fn parse(text: &str) -> Result<Allow> {
        if text == "any" {
            return Ok(Allow::Any);
        }
        let Some(pattern) = text.strip_prefix("regexp:") else {
            return Err(Error::flag(
                "--allow-tags",
                format!("{text:?}: expected regexp:PATTERN or any"),
            ));
        };
        Regex::new(pattern)
            .map(Allow::Regexp)
            .map_err(|e| Error::flag("--allow-tags", format!("invalid regexp {pattern:?}: {e}")))
    }

    fn allows(&self, tag: &str) -> bool {
        match self {
            Allow::Any => true,
            // Go's Regexp.Match: the pattern may match anywhere in the tag.
            Allow::Regexp(re) => re.is_match(tag),
        }
    }
}

/// The rules of one pick, validated.
#[derive(Debug, Clone)]
pub struct Rules {
    pub strategy: Strategy,
    /// A semver constraint for `semver`, the tag to follow for `digest`.
    pub constraint: Option<String>,
    semver: Option<Constraints>,
    allow: Allow,
    ignore: Vec<TagGlob>,
}

impl Rules {
    pub fn new(
        strategy: Strategy,
        constraint: Option<&str>,
        allow: Option<&str>,
        ignore: &[String],
    ) -> Result<Rules> {
        let constraint = constraint.map(str::to_string);
        let semver = match (strategy, &constraint) {
            (Strategy::Semver, Some(c)) => Some(
                Constraints::parse(c)
                    .map_err(|e| Error::flag("--constraint", format!("{c:?}: {e}")))?,
            ),
            (Strategy::Digest, None) => {
                return Err(Error::flag(
                    "--constraint",
                    "the digest strategy follows one tag: give it as --constraint TAG",
                ));
            }
            (Strategy::NewestBuild | Strategy::Alphabetical, Some(_)) => {
                return Err(Error::flag(
                    "--constraint",
                    "only the semver and digest strategies take a constraint (Image Updater ignores it \
                     for the others); filter with --allow-tags or --ignore-tags",
                ));
            }
            _ => None,
        };
        let allow = match allow {
            Some(a) => Allow::parse(a)?,
            None => Allow::Any,
        };
        let ignore = ignore
            .iter()
            .flat_map(|list| list.split(','))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| TagGlob::parse(p).map_err(|e| Error::flag("--ignore-tags", e)))
            .collect::<Result<Vec<_>>>()?;
        Ok(Rules {
            strategy,
            constraint,
            semver,
            allow,
            ignore,
        })
    }

    /// Whether a tag passes the filters that decide which tags' metadata is fetched.
    pub fn wants(&self, tag: &str) -> bool {
        self.filter(tag).is_none()
    }

    fn filter(&self, tag: &str) -> Option<String> {
        if !self.allow.allows(tag) {
            return Some("does not match --allow-tags".into());
        }
        if let Some(glob) = self.ignore.iter().find(|g| g.matches(tag)) {
            return Some(format!("ignored by {:?}", glob.as_str()));
        }
        if self.strategy == Strategy::Digest && self.constraint.as_deref() != Some(tag) {
            return Some("not the tag the digest strategy follows".into());
        }
        None
    }
}

/// A tag and what the registry knows about it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tag {
    pub name: String,
    pub created: Option<DateTime<Utc>>,
    pub digest: Option<String>,
}

impl Tag {
    pub fn named(name: &str) -> Tag {
        Tag {
            name: name.to_string(),
            ..Tag::default()
        }
    }
}

/// One tag's fate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub tag: String,
    /// The version the tag parses as (semver strategy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// Why it cannot be picked; none for an eligible tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dropped: Option<String>,
}

/// The outcome: the winner (none when no tag is eligible), every tag with its fate, warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub strategy: Strategy,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constraint: Option<String>,
    pub picked: Option<Candidate>,
    pub candidates: Vec<Candidate>,
    pub warnings: Vec<String>,
}

/// Picks from `tags` as Image Updater's `GetNewestVersionFromTags` does after its registry
/// filters: the last eligible tag in the strategy's order. Where Go's unstable sort leaves
/// equal keys (`1.0` and `v1.0.0`, or two tags of one build) in no set order, the tag name
/// breaks the tie, so the greater name wins.
pub fn pick(rules: &Rules, tags: &[Tag]) -> Decision {
    let mut candidates = Vec::new();
    let mut eligible: Vec<(usize, Option<Version>)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for tag in tags {
        if !seen.insert(tag.name.as_str()) {
            continue;
        }
        let mut candidate = Candidate {
            tag: tag.name.clone(),
            version: None,
            created: tag.created,
            digest: tag.digest.clone(),
            dropped: rules.filter(&tag.name),
        };
        let mut version = None;
        if candidate.dropped.is_none() {
            match rules.strategy {
                Strategy::Semver => match Version::parse(&tag.name) {
                    Err(_) => candidate.dropped = Some("not a semantic version".into()),
                    Ok(v) => {
                        candidate.version = Some(v.to_string());
                        if let Some(c) = &rules.semver
                            && !c.check(&v)
                        {
                            candidate.dropped = Some(format!(
                                "{v} does not satisfy {:?}",
                                rules.constraint.as_deref().unwrap_or("")
                            ));
                        }
                        version = Some(v);
                    }
                },
                Strategy::NewestBuild if tag.created.is_none() => {
                    candidate.dropped = Some("no creation date".into());
                }
                Strategy::Digest if tag.digest.is_none() => {
                    candidate.dropped = Some("no digest".into());
                }
                _ => {}
            }
        }
        if candidate.dropped.is_none() {
            eligible.push((candidates.len(), version));
        }
        candidates.push(candidate);
    }
    let by_name = |a: usize, b: usize| {
        candidates[a]
            .tag
            .as_bytes()
            .cmp(candidates[b].tag.as_bytes())
    };
    eligible.sort_by(|(a, va), (b, vb)| {
        let primary = match rules.strategy {
            Strategy::Semver => va
                .as_ref()
                .expect("parsed")
                .compare(vb.as_ref().expect("parsed")),
            Strategy::NewestBuild => candidates[*a].created.cmp(&candidates[*b].created),
            Strategy::Alphabetical | Strategy::Digest => Ordering::Equal,
        };
        primary.then_with(|| by_name(*a, *b))
    });
    let mut warnings = Vec::new();
    let picked = eligible.last().map(|(i, version)| {
        if let (Strategy::Semver, None, Some(v)) = (rules.strategy, &rules.semver, version)
            && !v.pre.is_empty()
            && let Some((release, _)) = eligible
                .iter()
                .rev()
                .find(|(_, other)| other.as_ref().is_some_and(|o| o.pre.is_empty()))
        {
            warnings.push(format!(
                "{:?} parses as version {v}, a pre-release, and still beats the newest release {:?}: \
                 with no --constraint Image Updater considers pre-releases; pass --constraint (e.g. \">=0\") \
                 or --allow-tags to leave such tags out",
                candidates[*i].tag, candidates[*release].tag
            ));
        }
        candidates[*i].clone()
    });
    Decision {
        strategy: rules.strategy,
        constraint: rules.constraint.clone(),
        picked,
        candidates,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(
        strategy: &str,
        constraint: Option<&str>,
        allow: Option<&str>,
        ignore: &[&str],
    ) -> Rules {
        let ignore: Vec<String> = ignore.iter().map(|s| s.to_string()).collect();
        Rules::new(
            Strategy::parse(strategy).unwrap(),
            constraint,
            allow,
            &ignore,
        )
        .unwrap()
    }

    fn names(tags: &[&str]) -> Vec<Tag> {
        tags.iter().map(|t| Tag::named(t)).collect()
    }

    fn picked(decision: &Decision) -> Option<&str> {
        decision.picked.as_ref().map(|c| c.tag.as_str())
    }

    #[test]
    fn semver_picks_the_highest_version_and_prints_its_original_spelling() {
        let d = pick(
            &rules("semver", None, None, &[]),
            &names(&["v1.2.0", "v1.10.0", "v1.9.3", "latest"]),
        );
        assert_eq!(picked(&d), Some("v1.10.0"));
        assert_eq!(
            d.candidates[3].dropped.as_deref(),
            Some("not a semantic version")
        );
    }

    #[test]
    fn the_documented_patch_and_minor_constraints_hold() {
        // Image Updater's docs: `1.2.x` takes 1.2.5 or 1.2.12 but not 1.3; `1.x` takes 1.15.2, not 2.0.
        let tags = names(&["1.2.5", "1.2.12", "1.3.0", "1.15.2", "2.0.0", "2.0.0-rc1"]);
        assert_eq!(
            picked(&pick(&rules("semver", Some("1.2.x"), None, &[]), &tags)),
            Some("1.2.12")
        );
        assert_eq!(
            picked(&pick(&rules("semver", Some("1.x"), None, &[]), &tags)),
            Some("1.15.2")
        );
        assert_eq!(
            picked(&pick(&rules("semver", Some("2.x"), None, &[]), &tags)),
            Some("2.0.0")
        );
        let pre = names(&["1.15.2", "2.0.0-rc1", "2.0.0-rc2"]);
        assert_eq!(
            picked(&pick(&rules("semver", Some("2.x"), None, &[]), &pre)),
            None
        );
        assert_eq!(
            picked(&pick(&rules("semver", Some("2.x-0"), None, &[]), &pre)),
            Some("2.0.0-rc2")
        );
        // `v1.x` matches `1.0` and `1.x` matches `v1.0`.
        assert_eq!(
            picked(&pick(
                &rules("semver", Some("v1.x"), None, &[]),
                &names(&["1.0"])
            )),
            Some("1.0")
        );
        assert_eq!(
            picked(&pick(
                &rules("semver", Some("1.x"), None, &[]),
                &names(&["v1.0"])
            )),
            Some("v1.0")
        );
    }

    #[test]
    fn a_date_tag_beats_releases_without_a_constraint_and_a_warning_says_so() {
        let d = pick(
            &rules("semver", None, None, &[]),
            &names(&["v1.3.0", "2024-05-01", "v1.2.0"]),
        );
        assert_eq!(picked(&d), Some("2024-05-01"));
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
        assert!(
            d.warnings[0].contains("2024.0.0-05-01"),
            "{}",
            d.warnings[0]
        );
        let d = pick(
            &rules("semver", Some(">=0"), None, &[]),
            &names(&["v1.3.0", "2024-05-01"]),
        );
        assert_eq!(picked(&d), Some("v1.3.0"));
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn the_seeds_allow_tags_regexp_keeps_only_release_tags() {
        let r = rules(
            "semver",
            None,
            Some(r"regexp:^v[0-9]+\.[0-9]+\.[0-9]+$"),
            &[],
        );
        let d = pick(
            &r,
            &names(&["v1.2.0", "v1.3.0", "v1.4.0-rc1", "2024-05-01", "abc1234"]),
        );
        assert_eq!(picked(&d), Some("v1.3.0"));
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn newest_build_picks_the_latest_creation_date_and_breaks_ties_by_name() {
        let at = |s: &str| Some(s.parse::<DateTime<Utc>>().unwrap());
        let tags = vec![
            Tag {
                name: "a5fb3d3".into(),
                created: at("2026-01-02T00:00:00Z"),
                digest: None,
            },
            Tag {
                name: "f7bb2e3".into(),
                created: at("2026-01-01T00:00:00Z"),
                digest: None,
            },
            Tag {
                name: "latest".into(),
                created: at("2026-01-02T00:00:00Z"),
                digest: None,
            },
            Tag {
                name: "master".into(),
                created: None,
                digest: None,
            },
        ];
        // The docs' example: one build tagged twice, the greater name wins.
        assert_eq!(
            picked(&pick(&rules("newest-build", None, None, &[]), &tags)),
            Some("latest")
        );
        let only_shas = rules("newest-build", None, Some("regexp:^[0-9a-f]{7}$"), &[]);
        assert_eq!(picked(&pick(&only_shas, &tags)), Some("a5fb3d3"));
        let ignoring = rules("newest-build", None, None, &["latest", "master"]);
        assert_eq!(picked(&pick(&ignoring, &tags)), Some("a5fb3d3"));
    }

    #[test]
    fn alphabetical_picks_the_last_name_and_suits_calver_tags() {
        let r = rules(
            "alphabetical",
            None,
            Some("regexp:^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
            &[],
        );
        let d = pick(
            &r,
            &names(&["2024-01-31", "2024-12-01", "2024-02-15", "latest"]),
        );
        assert_eq!(picked(&d), Some("2024-12-01"));
    }

    #[test]
    fn digest_follows_one_tag_and_reports_its_digest() {
        let tags = vec![
            Tag {
                name: "latest".into(),
                created: None,
                digest: Some("sha256:aa".into()),
            },
            Tag {
                name: "v1".into(),
                created: None,
                digest: Some("sha256:bb".into()),
            },
        ];
        let d = pick(&rules("digest", Some("latest"), None, &[]), &tags);
        assert_eq!(d.picked.unwrap().digest.as_deref(), Some("sha256:aa"));
    }

    #[test]
    fn bad_rules_name_the_flag() {
        let err = |s: &str, c: Option<&str>, a: Option<&str>, i: &[&str]| {
            let i: Vec<String> = i.iter().map(|s| s.to_string()).collect();
            Rules::new(Strategy::parse(s).unwrap(), c, a, &i)
                .unwrap_err()
                .to_string()
        };
        assert!(err("semver", Some("^^1"), None, &[]).starts_with("--constraint: \"^^1\""));
        assert!(
            err("semver", None, Some("regexp:(["), &[]).starts_with("--allow-tags: invalid regexp")
        );
        assert!(
            err("semver", None, Some("^v1"), &[])
                .starts_with("--allow-tags: \"^v1\": expected regexp:")
        );
        assert!(err("semver", None, None, &["[a-"]).starts_with("--ignore-tags: bad glob"));
        assert!(err("digest", None, None, &[]).starts_with("--constraint: the digest strategy"));
        assert!(
            err("alphabetical", Some("1.x"), None, &[])
                .starts_with("--constraint: only the semver")
        );
        assert!(
            Strategy::parse("newest")
                .unwrap_err()
                .to_string()
                .starts_with("--strategy: unknown")
        );
    }
}
