//! `rollout get`'s view: built from what was observed (pure), rendered as Argo's familiar
//! summary and tree, or serialized for `-o json|yaml`.

use chrono::{DateTime, Utc};
use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::api::core::v1::Pod;
use serde::Serialize;

use crate::engine::POD_TEMPLATE_HASH_LABEL;
use crate::kube::observe::{Snapshot, hash_of, revision};
use crate::spec::analysis::{AnalysisRun, MetricResult};
use crate::spec::rollout::{Rollout, RolloutStatus};

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RolloutView {
    pub name: String,
    pub namespace: String,
    pub status: String,
    pub message: Option<String>,
    pub strategy: String,
    /// (current step, number of steps).
    pub step: Option<(i32, usize)>,
    pub set_weight: Option<i32>,
    pub actual_weight: Option<i32>,
    pub images: Vec<ImageView>,
    pub replicas: Replicas,
    pub revisions: Vec<RevisionView>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImageView {
    pub image: String,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Replicas {
    pub desired: i32,
    pub current: i32,
    pub updated: i32,
    pub ready: i32,
    pub available: i32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RevisionView {
    pub revision: i64,
    pub replica_set: String,
    pub hash: String,
    pub status: String,
    pub tags: Vec<String>,
    pub replicas: i32,
    pub available: i32,
    pub scale_down_deadline: Option<String>,
    pub age_seconds: Option<i64>,
    pub pods: Vec<PodView>,
    /// The revision's AnalysisRuns (steps and background), oldest first.
    pub analysis_runs: Vec<AnalysisRunView>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AnalysisRunView {
    pub name: String,
    /// `Step` or `Background` (Argo's `rollout-type` label).
    pub kind: String,
    pub status: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
    pub age_seconds: Option<i64>,
    /// Per metric, with every measurement kept (value, phase, message, times).
    pub metric_results: Vec<MetricResult>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PodView {
    pub name: String,
    pub status: String,
    pub ready: String,
    pub age_seconds: Option<i64>,
}

fn age(
    t: Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::Time>,
    now: DateTime<Utc>,
) -> Option<i64> {
    let t = t?;
    let parsed = DateTime::parse_from_rfc3339(&t.0.to_string()).ok()?;
    Some((now - parsed.with_timezone(&Utc)).num_seconds().max(0))
}

fn images_of(rs: &ReplicaSet) -> Vec<String> {
    rs.spec
        .template
        .as_ref()
        .and_then(|t| t.spec.as_ref())
        .map(|s| {
            s.containers
                .iter()
                .filter_map(|c| c.image.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// What a revision is besides stable, as Argo's CLI tags it: `canary` for the canary's new
/// revision; `active` and `preview` for the revisions a blue-green's Services select.
fn role_tags(st: &RolloutStatus, blue_green: bool, hash: &str) -> Vec<String> {
    let mut tags = Vec::new();
    if blue_green {
        if st.blue_green.active_selector.as_deref() == Some(hash) {
            tags.push("active".to_string());
        }
        if st.blue_green.preview_selector.as_deref() == Some(hash) {
            tags.push("preview".to_string());
        }
    } else if st.current_pod_hash.as_deref() == Some(hash) && st.stable_rs.as_deref() != Some(hash)
    {
        tags.push("canary".to_string());
    }
    tags
}

/// The view of a rollout, its ReplicaSets and pods, at `now`.
pub fn view(snapshot: &Snapshot, pods: &[Pod], now: DateTime<Utc>) -> RolloutView {
    let ro: &Rollout = &snapshot.rollout;
    let st = ro.status.clone().unwrap_or_default();
    let blue_green = ro.spec.strategy.blue_green.is_some();
    let stable = st.stable_rs.clone().unwrap_or_default();
    let current = st.current_pod_hash.clone().unwrap_or_default();
    let canary = ro.spec.strategy.canary.as_ref();
    let steps = canary.map(|c| c.steps.len()).unwrap_or(0);
    let routed = canary.and_then(|c| c.traffic_routing.as_ref()).is_some();
    let idx = st.current_step_index;
    let set_weight = crate::engine::canary::shown_set_weight(ro);
    // With no canary the new revision is stable and takes all traffic, as Argo shows it.
    let actual_weight = if !routed {
        None
    } else if !current.is_empty() && current == stable {
        Some(100)
    } else {
        st.canary.weights.as_ref().map(|w| w.canary.weight)
    };
    let mut revisions: Vec<RevisionView> = snapshot
        .replica_sets
        .iter()
        .rev()
        .map(|rs| {
            let hash = hash_of(rs).unwrap_or_default();
            let rst = rs.status.clone().unwrap_or_default();
            let replicas = rs.spec.replicas.unwrap_or(1);
            let available = rst.available_replicas.unwrap_or(0);
            let mut tags = Vec::new();
            if hash == stable {
                tags.push("stable".to_string());
            }
            tags.extend(role_tags(&st, blue_green, &hash));
            let deadline = rs
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get(crate::kube::observe::SCALE_DOWN_DEADLINE))
                .cloned();
            let status = if replicas == 0 {
                "ScaledDown"
            } else if available >= replicas {
                "Healthy"
            } else {
                "Progressing"
            };
            let mut rs_pods: Vec<PodView> = pods
                .iter()
                .filter(|p| {
                    p.metadata
                        .labels
                        .as_ref()
                        .and_then(|l| l.get(POD_TEMPLATE_HASH_LABEL))
                        == Some(&hash)
                })
                .map(|p| pod_view(p, now))
                .collect();
            rs_pods.sort_by(|a, b| a.name.cmp(&b.name));
            let analysis_runs = snapshot
                .analysis_runs
                .iter()
                .filter(|r| run_hash(r).as_deref() == Some(hash.as_str()))
                .map(|r| run_view(r, now))
                .collect();
            RevisionView {
                revision: revision(rs),
                replica_set: rs.metadata.name.clone().unwrap_or_default(),
                hash,
                status: status.to_string(),
                tags,
                replicas,
                available,
                scale_down_deadline: deadline,
                age_seconds: age(rs.metadata.creation_timestamp.as_ref(), now),
                pods: rs_pods,
                analysis_runs,
            }
        })
        .collect();
    revisions.sort_by_key(|r| std::cmp::Reverse(r.revision));
    let mut images: Vec<ImageView> = Vec::new();
    for rs in &snapshot.replica_sets {
        let hash = hash_of(rs).unwrap_or_default();
        let mut tags = Vec::new();
        if hash == stable {
            tags.push("stable".to_string());
        }
        if rs.spec.replicas.unwrap_or(0) > 0 {
            tags.extend(role_tags(&st, blue_green, &hash));
        }
        for image in images_of(rs) {
            for tag in &tags {
                match images.iter_mut().find(|i| i.image == image) {
                    Some(i) if i.tags.contains(tag) => {}
                    Some(i) => i.tags.push(tag.clone()),
                    None => images.push(ImageView {
                        image: image.clone(),
                        tags: vec![tag.clone()],
                    }),
                }
            }
        }
    }
    let strategy = if ro.spec.strategy.blue_green.is_some() {
        "BlueGreen"
    } else {
        "Canary"
    };
    RolloutView {
        name: ro.metadata.name.clone().unwrap_or_default(),
        namespace: ro.metadata.namespace.clone().unwrap_or_default(),
        status: st.phase.clone().unwrap_or_else(|| "Unknown".into()),
        message: st.message.clone(),
        strategy: strategy.into(),
        step: idx.map(|i| (i, steps)),
        set_weight,
        actual_weight,
        images,
        replicas: Replicas {
            desired: ro.spec.replicas.unwrap_or(1),
            current: st.replicas.unwrap_or(0),
            updated: st.updated_replicas.unwrap_or(0),
            ready: st.ready_replicas.unwrap_or(0),
            available: st.available_replicas.unwrap_or(0),
        },
        revisions,
    }
}

fn run_hash(run: &AnalysisRun) -> Option<String> {
    run.metadata
        .labels
        .as_ref()
        .and_then(|l| l.get(POD_TEMPLATE_HASH_LABEL))
        .cloned()
}

fn run_view(run: &AnalysisRun, now: DateTime<Utc>) -> AnalysisRunView {
    let st = run.status.clone().unwrap_or_default();
    AnalysisRunView {
        name: run.metadata.name.clone().unwrap_or_default(),
        kind: run
            .metadata
            .labels
            .as_ref()
            .and_then(|l| l.get("rollout-type"))
            .cloned()
            .unwrap_or_default(),
        status: st.phase.as_str().to_string(),
        message: st.message.clone(),
        age_seconds: age(run.metadata.creation_timestamp.as_ref(), now),
        metric_results: st.metric_results,
    }
}

/// An AnalysisRun's phase icon, as Argo's tree shows it.
pub fn run_icon(status: &str) -> &'static str {
    match status {
        "Successful" => "✔",
        "Pending" | "Running" => "◌",
        "Failed" | "Error" => "✖",
        "Inconclusive" => "⚠",
        _ => "?",
    }
}

/// `✔ 3,✖ 2` as Argo sums a run's measurements.
fn run_info(run: &AnalysisRunView) -> String {
    let sum = |f: fn(&MetricResult) -> i32| run.metric_results.iter().map(f).sum::<i32>();
    [
        ("✔", sum(|m| m.successful)),
        ("✖", sum(|m| m.failed)),
        ("⚠", sum(|m| m.inconclusive)),
        ("⚠ error", sum(|m| m.error)),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(i, n)| format!("{i} {n}"))
    .collect::<Vec<_>>()
    .join(",")
}

fn pod_view(p: &Pod, now: DateTime<Utc>) -> PodView {
    let st = p.status.clone().unwrap_or_default();
    let statuses = st.container_statuses.clone().unwrap_or_default();
    let total = p.spec.as_ref().map(|s| s.containers.len()).unwrap_or(0);
    let ready = statuses.iter().filter(|c| c.ready).count();
    let status = if p.metadata.deletion_timestamp.is_some() {
        "Terminating".to_string()
    } else {
        st.phase.clone().unwrap_or_else(|| "Pending".into())
    };
    PodView {
        name: p.metadata.name.clone().unwrap_or_default(),
        status,
        ready: format!("{ready}/{total}"),
        age_seconds: age(p.metadata.creation_timestamp.as_ref(), now),
    }
}

pub fn icon(status: &str) -> &'static str {
    match status {
        "Healthy" | "Running" | "Succeeded" => "✔",
        "Progressing" | "Pending" | "ContainerCreating" => "◌",
        "Paused" => "॥",
        "Degraded" | "Failed" | "Error" => "✖",
        "ScaledDown" | "Terminating" => "•",
        _ => "?",
    }
}

/// `5s`, `3m`, `2h`, `4d` as kubectl shows ages.
pub fn short_age(secs: Option<i64>) -> String {
    match secs {
        None => String::new(),
        Some(s) if s < 120 => format!("{s}s"),
        Some(s) if s < 7200 => format!("{}m", s / 60),
        Some(s) if s < 172_800 => format!("{}h", s / 3600),
        Some(s) => format!("{}d", s / 86400),
    }
}

/// Argo's summary and tree as text.
pub fn render(v: &RolloutView) -> String {
    let mut o = String::new();
    let line = |o: &mut String, k: &str, val: &str| o.push_str(&format!("{k:<16}{val}\n"));
    line(&mut o, "Name:", &v.name);
    line(&mut o, "Namespace:", &v.namespace);
    line(
        &mut o,
        "Status:",
        &format!("{} {}", icon(&v.status), v.status),
    );
    if let Some(m) = &v.message {
        // Stored in the cluster, so anyone who can write the Rollout wrote it.
        line(&mut o, "Message:", &super::untrusted::escape(m));
    }
    line(&mut o, "Strategy:", &v.strategy);
    if let Some((i, n)) = v.step {
        line(&mut o, "  Step:", &format!("{i}/{n}"));
    }
    if let Some(w) = v.set_weight {
        line(&mut o, "  SetWeight:", &w.to_string());
    }
    if let Some(w) = v.actual_weight {
        line(&mut o, "  ActualWeight:", &w.to_string());
    }
    for (i, img) in v.images.iter().enumerate() {
        let k = if i == 0 { "Images:" } else { "" };
        line(
            &mut o,
            k,
            &format!("{} ({})", img.image, img.tags.join(", ")),
        );
    }
    o.push_str("Replicas:\n");
    let r = &v.replicas;
    for (k, n) in [
        ("  Desired:", r.desired),
        ("  Current:", r.current),
        ("  Updated:", r.updated),
        ("  Ready:", r.ready),
        ("  Available:", r.available),
    ] {
        line(&mut o, k, &n.to_string());
    }
    o.push('\n');
    let mut rows: Vec<[String; 5]> = vec![[
        "NAME".into(),
        "KIND".into(),
        "STATUS".into(),
        "AGE".into(),
        "INFO".into(),
    ]];
    rows.push([
        format!("⟳ {}", v.name),
        "Rollout".into(),
        format!("{} {}", icon(&v.status), v.status),
        String::new(),
        String::new(),
    ]);
    let nrev = v.revisions.len();
    for (i, rev) in v.revisions.iter().enumerate() {
        let last_rev = i + 1 == nrev;
        let (branch, cont) = if last_rev {
            ("└──", "   ")
        } else {
            ("├──", "│  ")
        };
        rows.push([
            format!("{branch}# revision:{}", rev.revision),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
        let mut info = rev.tags.clone();
        if let Some(d) = &rev.scale_down_deadline {
            info.push(format!("scale-down:{d}"));
        }
        let has_runs = !rev.analysis_runs.is_empty();
        let (rs_branch, rs_cont) = if has_runs {
            ("├──", "│  ")
        } else {
            ("└──", "   ")
        };
        rows.push([
            format!("{cont}{rs_branch}⧉ {}", rev.replica_set),
            "ReplicaSet".into(),
            format!("{} {}", icon(&rev.status), rev.status),
            short_age(rev.age_seconds),
            info.join(","),
        ]);
        let np = rev.pods.len();
        for (j, p) in rev.pods.iter().enumerate() {
            let b = if j + 1 == np {
                "└──"
            } else {
                "├──"
            };
            rows.push([
                format!("{cont}{rs_cont}{b}□ {}", p.name),
                "Pod".into(),
                format!("{} {}", icon(&p.status), p.status),
                short_age(p.age_seconds),
                format!("ready:{}", p.ready),
            ]);
        }
        let nr = rev.analysis_runs.len();
        for (j, r) in rev.analysis_runs.iter().enumerate() {
            let b = if j + 1 == nr {
                "└──"
            } else {
                "├──"
            };
            rows.push([
                format!("{cont}{b}α {}", r.name),
                "AnalysisRun".into(),
                format!("{} {}", run_icon(&r.status), r.status),
                short_age(r.age_seconds),
                run_info(r),
            ]);
        }
    }
    let widths: Vec<usize> = (0..5)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for r in rows {
        let mut l = String::new();
        for (c, cell) in r.iter().enumerate() {
            l.push_str(cell);
            if c < 4 {
                l.extend(std::iter::repeat_n(
                    ' ',
                    widths[c] - cell.chars().count() + 2,
                ));
            }
        }
        o.push_str(l.trim_end());
        o.push('\n');
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RolloutView {
        RolloutView {
            name: "tr-web".into(),
            namespace: "prod".into(),
            status: "Paused".into(),
            message: Some("CanaryPauseStep".into()),
            strategy: "Canary".into(),
            step: Some((1, 7)),
            set_weight: Some(5),
            actual_weight: Some(5),
            images: vec![
                ImageView {
                    image: "kainlite/tr:v1.2.0".into(),
                    tags: vec!["stable".into()],
                },
                ImageView {
                    image: "kainlite/tr:v1.3.0".into(),
                    tags: vec!["canary".into()],
                },
            ],
            replicas: Replicas {
                desired: 4,
                current: 5,
                updated: 1,
                ready: 5,
                available: 5,
            },
            revisions: vec![
                RevisionView {
                    revision: 2,
                    replica_set: "tr-web-bbb".into(),
                    hash: "bbb".into(),
                    status: "Healthy".into(),
                    tags: vec!["canary".into()],
                    replicas: 1,
                    available: 1,
                    scale_down_deadline: None,
                    age_seconds: Some(30),
                    pods: vec![PodView {
                        name: "tr-web-bbb-x1".into(),
                        status: "Running".into(),
                        ready: "1/1".into(),
                        age_seconds: Some(29),
                    }],
                    analysis_runs: vec![AnalysisRunView {
                        name: "tr-web-bbb-2".into(),
                        kind: "Step".into(),
                        status: "Successful".into(),
                        message: String::new(),
                        age_seconds: Some(12),
                        metric_results: vec![MetricResult {
                            name: "success-rate".into(),
                            successful: 3,
                            ..Default::default()
                        }],
                    }],
                },
                RevisionView {
                    revision: 1,
                    replica_set: "tr-web-aaa".into(),
                    hash: "aaa".into(),
                    status: "Healthy".into(),
                    tags: vec!["stable".into()],
                    replicas: 1,
                    available: 1,
                    scale_down_deadline: None,
                    age_seconds: Some(600),
                    pods: vec![PodView {
                        name: "tr-web-aaa-y1".into(),
                        status: "Running".into(),
                        ready: "1/1".into(),
                        age_seconds: Some(600),
                    }],
                    analysis_runs: vec![],
                },
            ],
        }
    }

    #[test]
    fn the_view_renders_argos_summary_and_tree() {
        let want = "\
Name:           tr-web
Namespace:      prod
Status:         ॥ Paused
Message:        CanaryPauseStep
Strategy:       Canary
  Step:         1/7
  SetWeight:    5
  ActualWeight: 5
Images:         kainlite/tr:v1.2.0 (stable)
                kainlite/tr:v1.3.0 (canary)
Replicas:
  Desired:      4
  Current:      5
  Updated:      1
  Ready:        5
  Available:    5

NAME                      KIND         STATUS        AGE  INFO
⟳ tr-web                  Rollout      ॥ Paused
├──# revision:2
│  ├──⧉ tr-web-bbb        ReplicaSet   ✔ Healthy     30s  canary
│  │  └──□ tr-web-bbb-x1  Pod          ✔ Running     29s  ready:1/1
│  └──α tr-web-bbb-2      AnalysisRun  ✔ Successful  12s  ✔ 3
└──# revision:1
   └──⧉ tr-web-aaa        ReplicaSet   ✔ Healthy     10m  stable
      └──□ tr-web-aaa-y1  Pod          ✔ Running     10m  ready:1/1
";
        assert_eq!(render(&sample()), want);
    }

    #[test]
    fn a_stored_message_cannot_break_the_view_or_drive_the_terminal() {
        let mut v = sample();
        v.message = Some("paused\n::error::pwned\u{1b}[2J".into());
        let out = render(&v);
        assert!(
            out.contains("Message:        paused\\n::error::pwned\\u{1b}[2J\n"),
            "{out}"
        );
        assert!(!out.lines().any(|l| l.starts_with("::")) && !out.contains('\u{1b}'));
    }

    #[test]
    fn ages_are_short_like_kubectls() {
        assert_eq!(short_age(Some(5)), "5s");
        assert_eq!(short_age(Some(600)), "10m");
        assert_eq!(short_age(Some(7300)), "2h");
        assert_eq!(short_age(None), "");
    }
}
