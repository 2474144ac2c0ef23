//! A progressive flag rollout: its spec (the percentages, the pause between them, the
//! analysis after each), validated into the step machine's plan, and the record kept in the
//! flag ConfigMap's annotation (spec and status), so a killed run resumes and `flags promote`
//! or `flags abort` from another terminal reach the driver. Pure.

use serde::{Deserialize, Serialize};

use crate::duration::GoDuration;
use crate::error::Error;
use crate::flags::edit::Percent;
use crate::spec::analysis::RolloutAnalysis;
use crate::spec::rollout::RolloutStatus;

/// The annotation prefix of a flag's rollout record on its ConfigMap.
pub const ANNOTATION_PREFIX: &str = "rollouts.kubectl-rollouts.io/flag-rollout.";

/// At most this many percentages in `--steps`.
pub const MAX_STEPS: usize = 100;

/// What `flags rollout` was asked for, as given and as recorded.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlagRolloutSpec {
    /// The percentages, in order (`5`, `2.5`).
    pub steps: Vec<String>,
    /// The pause after each percentage but the last (a Go duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause: Option<String>,
    /// The analysis after each percentage but the last (after its pause).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis: Option<RolloutAnalysis>,
}

/// One step of a flag rollout.
#[derive(Debug, Clone, PartialEq)]
pub enum FlagStep {
    /// The flag on for this share of targeting keys.
    Percent(Percent),
    Pause(GoDuration),
    Analysis(RolloutAnalysis),
}

/// A validated flag rollout: the step machine's plan (`engine::flag`).
#[derive(Debug, Clone, PartialEq)]
pub struct FlagPlan {
    /// The flag's key in the document.
    pub flag: String,
    pub spec: FlagRolloutSpec,
    pub steps: Vec<FlagStep>,
}

impl FlagPlan {
    /// The plan for `spec`; errors name the flag (`--steps`, `--pause`) that is wrong.
    pub fn new(flag: &str, spec: FlagRolloutSpec) -> Result<FlagPlan, Error> {
        if spec.steps.is_empty() {
            return Err(Error::flag(
                "--steps",
                "give at least one percentage, e.g. 5,25,50,100",
            ));
        }
        if spec.steps.len() > MAX_STEPS {
            return Err(Error::flag(
                "--steps",
                format!("{} percentages; at most {MAX_STEPS}", spec.steps.len()),
            ));
        }
        let pause = spec
            .pause
            .as_deref()
            .map(|p| {
                GoDuration::parse(p)
                    .map_err(|e| Error::flag("--pause", format!("{p:?}: {e}")))
                    .and_then(|d| {
                        if d.to_chrono() <= chrono::TimeDelta::zero() {
                            Err(Error::flag(
                                "--pause",
                                format!("{p:?}: must be more than 0"),
                            ))
                        } else {
                            Ok(d)
                        }
                    })
            })
            .transpose()?;
        if let Some(a) = &spec.analysis
            && a.templates.is_empty()
        {
            return Err(Error::flag("--analysis", "give a template name"));
        }
        let mut steps = Vec::new();
        let mut previous: Option<Percent> = None;
        for (i, text) in spec.steps.iter().enumerate() {
            let p = Percent::parse(text).map_err(|e| Error::flag("--steps", e))?;
            if p.basis_points() == 0 {
                return Err(Error::flag(
                    "--steps",
                    format!("{text:?}: a step must turn the flag on for more than 0%"),
                ));
            }
            if let Some(prev) = previous
                && p <= prev
            {
                return Err(Error::flag(
                    "--steps",
                    format!(
                        "{p} after {prev}: the percentages must increase (raising keeps every key that was on; lowering would turn some off)"
                    ),
                ));
            }
            previous = Some(p);
            steps.push(FlagStep::Percent(p));
            if i + 1 < spec.steps.len() {
                if let Some(d) = pause {
                    steps.push(FlagStep::Pause(d));
                }
                if let Some(a) = &spec.analysis {
                    steps.push(FlagStep::Analysis(a.clone()));
                }
            }
        }
        Ok(FlagPlan {
            flag: flag.to_string(),
            spec,
            steps,
        })
    }

    /// The percentage the rollout ends at.
    pub fn final_percent(&self) -> Percent {
        self.steps
            .iter()
            .rev()
            .find_map(|s| match s {
                FlagStep::Percent(p) => Some(*p),
                _ => None,
            })
            .unwrap_or(Percent::FULL)
    }

    /// The percentage in force at step `idx` (the last one set at or before it; before the
    /// first, none).
    pub fn percent_at(&self, idx: usize) -> Option<Percent> {
        self.steps[..=idx.min(self.steps.len().saturating_sub(1))]
            .iter()
            .rev()
            .find_map(|s| match s {
                FlagStep::Percent(p) => Some(*p),
                _ => None,
            })
    }
}

/// A flag's rollout as recorded on its ConfigMap.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Record {
    /// The flag's key (annotation names cannot hold every key).
    pub flag: String,
    pub spec: FlagRolloutSpec,
    #[serde(default)]
    pub status: RolloutStatus,
}

/// The annotation that holds `flag`'s rollout record: the key itself when it is a valid
/// annotation name, else a hash of it.
pub fn annotation(flag: &str) -> String {
    let valid = !flag.is_empty()
        && ANNOTATION_PREFIX.len() - ANNOTATION_PREFIX.find('/').unwrap_or(0) - 1 + flag.len()
            <= 63
        && flag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && flag.as_bytes()[flag.len() - 1].is_ascii_alphanumeric();
    if valid {
        format!("{ANNOTATION_PREFIX}{flag}")
    } else {
        let hash = crate::engine::hash::value_hash(&serde_json::Value::String(flag.into()));
        format!("{ANNOTATION_PREFIX}{hash}")
    }
}

/// The record in an annotation's value; an unreadable one names the annotation.
pub fn parse_record(annotation: &str, text: &str) -> Result<Record, Error> {
    serde_json::from_str(text).map_err(|e| {
        Error::field(
            format!("metadata.annotations[{annotation:?}]"),
            format!("is not a flag rollout record: {e}"),
        )
    })
}

/// A name for Kubernetes objects of this flag rollout (its Lease, AnalysisRuns): lowercase
/// letters, digits and dashes from the ConfigMap and flag names, with a hash of both so two
/// flags that read the same here still differ.
pub fn object_name(configmap: &str, flag: &str) -> String {
    let clean = |s: &str| -> String {
        let mut out = String::new();
        for c in s.chars() {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                out.push(c);
            } else if !out.ends_with('-') {
                out.push('-');
            }
        }
        out.trim_matches('-').to_string()
    };
    let hash = crate::engine::hash::value_hash(&serde_json::json!([configmap, flag]));
    let mut base = format!("{}-{}", clean(configmap), clean(flag));
    base.truncate(30);
    let base = base.trim_matches('-');
    format!("{base}-{}", &hash[..hash.len().min(6)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(steps: &[&str], pause: Option<&str>, analysis: bool) -> FlagRolloutSpec {
        FlagRolloutSpec {
            steps: steps.iter().map(|s| s.to_string()).collect(),
            pause: pause.map(str::to_string),
            analysis: analysis.then(|| RolloutAnalysis {
                templates: vec![crate::spec::analysis::AnalysisTemplateRef {
                    template_name: "errors".into(),
                    cluster_scope: false,
                }],
                ..Default::default()
            }),
        }
    }

    #[test]
    fn steps_are_percent_pause_analysis_but_nothing_after_the_last() {
        let plan = FlagPlan::new("f", spec(&["5", "50", "100"], Some("10m"), true)).unwrap();
        let kinds: Vec<&str> = plan
            .steps
            .iter()
            .map(|s| match s {
                FlagStep::Percent(_) => "P",
                FlagStep::Pause(_) => "W",
                FlagStep::Analysis(_) => "A",
            })
            .collect();
        assert_eq!(kinds, ["P", "W", "A", "P", "W", "A", "P"]);
        assert_eq!(plan.final_percent(), Percent::FULL);
        assert_eq!(plan.percent_at(4).unwrap().basis_points(), 5000);
    }

    #[test]
    fn bad_steps_name_the_flag() {
        for (steps, pause, want) in [
            (vec![], None, "--steps"),
            (vec!["50", "25"], None, "must increase"),
            (vec!["0", "25"], None, "more than 0%"),
            (vec!["101"], None, "not a percentage"),
            (vec!["x"], None, "not a percentage"),
            (vec!["5"], Some("soon"), "--pause"),
            (vec!["5"], Some("0s"), "more than 0"),
        ] {
            let e = FlagPlan::new("f", spec(&steps, pause, false)).unwrap_err();
            assert!(e.to_string().contains(want), "{steps:?} {pause:?}: {e}");
        }
    }

    #[test]
    fn annotation_names_hold_plain_keys_and_hash_the_others() {
        assert_eq!(
            annotation("new_search_ui"),
            "rollouts.kubectl-rollouts.io/flag-rollout.new_search_ui"
        );
        let odd = annotation("checkout/v2 flow");
        assert!(
            odd.starts_with(ANNOTATION_PREFIX) && !odd.contains(' '),
            "{odd}"
        );
        assert_ne!(annotation("a b"), annotation("a c"));
        let long = "x".repeat(60);
        assert!(annotation(&long).len() - ANNOTATION_PREFIX.find('/').unwrap() - 1 <= 63);
    }

    #[test]
    fn object_names_are_dns_labels() {
        let n = object_name("app-flags", "New_Search_UI");
        assert!(n.starts_with("app-flags-new-search-ui-"), "{n}");
        assert!(n.len() <= 40);
        assert!(
            n.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        );
        assert_ne!(object_name("a", "x_y"), object_name("a", "x-y"));
    }
}
