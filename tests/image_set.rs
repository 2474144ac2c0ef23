//! `image set` side by side with the real `kustomize edit set image` (v5.7.1, built from its Go
//! module into the cache): both run on copies of the same overlay, the parsed `images:` lists
//! must be equal, and `kubectl kustomize` must render both overlays the same. Bad input: both
//! refuse, ours with exit 2 and the file untouched.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use kubectl_rollouts::gitops::image_spec::Image;
use proptest::prelude::*;
use support::{Cmd, harness, repo};

/// A base and an overlay in a fresh directory; returns the overlay's directory.
fn overlay(root: &Path, kustomization: &str) -> PathBuf {
    let base = root.join("base");
    std::fs::create_dir_all(&base).unwrap();
    for f in ["kustomization.yaml", "rollout.yaml", "services.yaml"] {
        std::fs::copy(
            repo().join("examples/gitops/k8s/base").join(f),
            base.join(f),
        )
        .unwrap();
    }
    let dir = root.join("overlays/production");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("kustomization.yaml"), kustomization).unwrap();
    dir
}

fn images_of(dir: &Path) -> Vec<Image> {
    let text = std::fs::read_to_string(dir.join("kustomization.yaml")).unwrap();
    let value: serde_json::Value = serde_saphyr::from_str(&text)
        .unwrap_or_else(|e| panic!("{} does not parse: {e}\n{text}", dir.display()));
    match value.get("images") {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(images) => serde_json::from_value(images.clone())
            .unwrap_or_else(|e| panic!("images of {}: {e}\n{text}", dir.display())),
    }
}

struct Outcome {
    ok: bool,
    images: Vec<Image>,
    text: String,
    stderr: String,
}

fn run_kustomize(dir: &Path, specs: &[String]) -> Outcome {
    let out = Command::new(harness::kustomize())
        .args(["edit", "set", "image"])
        .args(specs)
        .current_dir(dir)
        .output()
        .expect("kustomize runs");
    finish(
        dir,
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn run_ours(dir: &Path, specs: &[String]) -> (Outcome, i32) {
    let run = Cmd::new(["image", "set", "--kustomization"])
        .arg(dir)
        .args(specs)
        .run();
    (finish(dir, run.code == 0, run.stderr), run.code)
}

fn finish(dir: &Path, ok: bool, stderr: String) -> Outcome {
    let text = std::fs::read_to_string(dir.join("kustomization.yaml")).unwrap();
    Outcome {
        ok,
        images: if ok { images_of(dir) } else { Vec::new() },
        text,
        stderr,
    }
}

fn render(dir: &Path) -> String {
    let out = Command::new("kubectl")
        .args(["kustomize"])
        .arg(dir)
        .output()
        .expect("kubectl runs");
    assert!(
        out.status.success(),
        "kubectl kustomize {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs both on copies of `kustomization`; panics with both outputs when they disagree.
fn compare(kustomization: &str, specs: &[&str], check_render: bool) {
    let specs: Vec<String> = specs.iter().map(|s| s.to_string()).collect();
    let tmp = tempfile::tempdir().unwrap();
    let theirs_dir = overlay(&tmp.path().join("kustomize"), kustomization);
    let ours_dir = overlay(&tmp.path().join("ours"), kustomization);
    let theirs = run_kustomize(&theirs_dir, &specs);
    let (ours, code) = run_ours(&ours_dir, &specs);
    let context = format!(
        "specs {specs:?} on\n{kustomization}\n--- kustomize ({}):\n{}{}\n--- ours ({code}):\n{}{}",
        theirs.ok, theirs.text, theirs.stderr, ours.text, ours.stderr
    );
    assert_eq!(
        ours.ok, theirs.ok,
        "one refused, the other did not: {context}"
    );
    if !ours.ok {
        assert_eq!(code, 2, "{context}");
        assert_eq!(
            ours.text, kustomization,
            "a refused edit must leave the file as it was"
        );
        return;
    }
    assert_eq!(ours.images, theirs.images, "{context}");
    if check_render {
        assert_eq!(render(&ours_dir), render(&theirs_dir), "{context}");
    }
}

const SEED_PRODUCTION: &str = "\
# k8s/overlays/production/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
images:
- name: kainlite/tr
  newTag: v1.2.0
namespace: default
";

#[test]
fn the_seeds_promotion_edit_equals_kustomizes_and_keeps_the_file_as_written() {
    compare(SEED_PRODUCTION, &["kainlite/tr=kainlite/tr:3f9c2ab"], true);
    let tmp = tempfile::tempdir().unwrap();
    let dir = overlay(tmp.path(), SEED_PRODUCTION);
    let (_, code) = run_ours(&dir, &["kainlite/tr=kainlite/tr:3f9c2ab".to_string()]);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read_to_string(dir.join("kustomization.yaml")).unwrap(),
        SEED_PRODUCTION.replace(
            "- name: kainlite/tr\n  newTag: v1.2.0\n",
            "- name: kainlite/tr\n  newName: kainlite/tr\n  newTag: 3f9c2ab\n"
        )
    );
}

#[test]
fn table_of_specs_and_files_matches_kustomize() {
    let indented = "\
resources:
  - ../../base
images:
  - name: zeta
    newTag: \"1\"
  # a comment between entries
  - name: alpha
    newName: reg.example.com/alpha
    digest: sha256:0000000000000000000000000000000000000000000000000000000000000000
namePrefix: p-
";
    let cases: &[(&str, &[&str])] = &[
        (SEED_PRODUCTION, &["kainlite/tr:v1.3.0"]),
        (SEED_PRODUCTION, &["kainlite/tr=*:v1.3.0"]),
        (SEED_PRODUCTION, &["kainlite/tr=ghcr.io/kainlite/tr"]),
        (SEED_PRODUCTION, &["kainlite/tr=ghcr.io/kainlite/tr:*"]),
        (
            SEED_PRODUCTION,
            &[
                "kainlite/tr@sha256:1111111111111111111111111111111111111111111111111111111111111111",
            ],
        ),
        (
            SEED_PRODUCTION,
            &[
                "kainlite/tr:v2@sha256:1111111111111111111111111111111111111111111111111111111111111111",
            ],
        ),
        (
            SEED_PRODUCTION,
            &[
                "kainlite/tr:*@sha256:1111111111111111111111111111111111111111111111111111111111111111",
            ],
        ),
        (
            SEED_PRODUCTION,
            &[
                "redis:7",
                "nginx=localhost:5000/nginx:1.27",
                "kainlite/tr:v1.3.0",
            ],
        ),
        (SEED_PRODUCTION, &["localhost:5000/team/app:v1"]),
        (SEED_PRODUCTION, &["kainlite/tr:v1", "kainlite/tr:v2"]),
        (SEED_PRODUCTION, &["kainlite/tr"]),
        (SEED_PRODUCTION, &["new=*:*"]),
        (indented, &["mid:2024-05-01"]),
        (indented, &["alpha=*:v9"]),
        (indented, &["alpha@*", "zeta:2"]),
        ("resources:\n- ../../base\n", &["kainlite/tr:v1.3.0"]),
        (
            "resources:\n- ../../base\nimages: []\n",
            &["kainlite/tr:v1.3.0"],
        ),
        (
            "resources:\n- ../../base\nimages:\n",
            &["kainlite/tr:v1.3.0"],
        ),
        (
            "resources: [../../base]\nimages: [{name: kainlite/tr, newTag: v1}, {name: b, newName: c}]\n",
            &["b:x"],
        ),
        (
            "resources:\n- ../../base\nimages:\n- name: kainlite/tr\n  newTag: 1.2\n",
            &["redis:7"],
        ),
        (
            "resources:\n- ../../base\nimages:\n- name: kainlite/tr\n  tagSuffix: -debug\n",
            &["redis:7"],
        ),
        (
            "resources:\n- ../../base\nimages:\n- name: a\n  newTag: x\n- name: a\n  newTag: y\n",
            &["b:1"],
        ),
        (
            "resources:\n- ../../base\nimages:\n- name: kainlite/tr\n  newTag: v1\n  unknown: 1\n",
            &["redis:7"],
        ),
        ("resources:\n- ../../base\nresourcez: []\n", &["redis:7"]),
    ];
    for (kustomization, specs) in cases {
        compare(kustomization, specs, true);
    }
}

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "kainlite/tr",
        "redis",
        "nginx",
        "a",
        "localhost:5000/team/app",
        "ghcr.io/o/app",
    ])
    .prop_map(str::to_string)
}

fn value(pool: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(pool).prop_map(str::to_string))
}

const NEW_NAMES: &[&str] = &["*", "mirror/tr", "localhost:5000/tr", "ghcr.io/k/tr"];
const TAGS: &[&str] = &["v1.2.0", "latest", "*", "abc_123", "1.2", "7", "2024-05-01"];
const DIGESTS: &[&str] = &[
    "*",
    "sha256:2222222222222222222222222222222222222222222222222222222222222222",
];

fn spec() -> impl Strategy<Value = String> {
    (name(), value(NEW_NAMES), value(TAGS), value(DIGESTS)).prop_map(|(n, new, tag, digest)| {
        let mut s = n;
        if let Some(new) = new {
            s = format!("{s}={new}");
        }
        if let Some(tag) = tag {
            s = format!("{s}:{tag}");
        }
        if let Some(digest) = digest {
            s = format!("{s}@{digest}");
        }
        s
    })
}

/// An existing entry: name, newName, newTag, digest, and whether its values are quoted.
type Entry = (String, Option<String>, Option<String>, Option<String>, bool);

/// An existing entry, its values quoted or plain (a plain `7` is refused by both).
fn entry() -> impl Strategy<Value = Entry> {
    (
        name(),
        value(&["mirror/tr", "ghcr.io/k/tr"]),
        value(&["v1.2.0", "latest", "7", "abc"]),
        value(DIGESTS[1..].as_ref()),
        any::<bool>(),
    )
}

fn file(entries: &[Entry], style: u8) -> String {
    let mut out = String::from("# generated\nresources:\n- ../../base\n");
    if style == 0 {
        return out;
    }
    out.push_str("images:\n");
    let indent = if style == 2 { "  " } else { "" };
    for (n, new, tag, digest, quoted) in entries {
        let q = |v: &str| {
            if *quoted {
                format!("\"{v}\"")
            } else {
                v.to_string()
            }
        };
        out.push_str(&format!("{indent}- name: {n}\n"));
        for (key, value) in [("newName", new), ("newTag", tag), ("digest", digest)] {
            if let Some(v) = value {
                out.push_str(&format!("{indent}  {key}: {}\n", q(v)));
            }
        }
    }
    out.push_str("namespace: default\n");
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn generated_specs_give_kustomizes_images_list(
        entries in prop::collection::vec(entry(), 0..4),
        style in 0u8..3,
        specs in prop::collection::vec(spec(), 1..4),
    ) {
        let specs: Vec<&str> = specs.iter().map(String::as_str).collect();
        compare(&file(&entries, style), &specs, false);
    }
}
