//! `image pick`: the semver rules side by side with Masterminds/semver v3.4.0 itself (a Go
//! harness importing it, built into the cache), Argo CD Image Updater's documented examples,
//! and tag lists pushed to a real registry (Debian's docker-registry on loopback), anonymous
//! and behind bearer-token auth.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use kubectl_rollouts::gitops::semver::{Constraints, Version};
use proptest::prelude::*;
use serde_json::{Value, json};
use support::registry::{PASSWORD, Registry, USER};
use support::{Cmd, harness};

/// The Go harness, kept running for the whole test binary.
struct Masterminds {
    _child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Masterminds {
    fn ask(&mut self, request: Value) -> Value {
        writeln!(self.stdin, "{request}").unwrap();
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        serde_json::from_str(&line).unwrap()
    }
}

fn masterminds() -> &'static Mutex<Masterminds> {
    static M: std::sync::OnceLock<Mutex<Masterminds>> = std::sync::OnceLock::new();
    M.get_or_init(|| {
        let mut child = Command::new(harness::semver_harness())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the Masterminds harness starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Mutex::new(Masterminds {
            _child: child,
            stdin,
            stdout,
        })
    })
}

fn check_version_parity(text: &str) {
    let theirs = masterminds()
        .lock()
        .unwrap()
        .ask(json!({"op": "parse", "version": text}));
    match Version::parse(text) {
        Ok(v) => {
            assert_eq!(
                theirs["ok"], true,
                "{text:?}: we parse {v}, Masterminds refuses: {theirs}"
            );
            assert_eq!(
                (
                    v.major,
                    v.minor,
                    v.patch,
                    v.pre.as_str(),
                    v.metadata.as_str()
                ),
                (
                    theirs["major"].as_u64().unwrap(),
                    theirs["minor"].as_u64().unwrap(),
                    theirs["patch"].as_u64().unwrap(),
                    theirs["pre"].as_str().unwrap(),
                    theirs["metadata"].as_str().unwrap()
                ),
                "{text:?}"
            );
        }
        Err(e) => assert_eq!(
            theirs["ok"], false,
            "{text:?}: we refuse ({e}), Masterminds parses: {theirs}"
        ),
    }
}

fn check_constraint_parity(constraint: &str, versions: &[String]) {
    let theirs = masterminds()
        .lock()
        .unwrap()
        .ask(json!({"op": "check", "constraint": constraint, "versions": versions}));
    match Constraints::parse(constraint) {
        Err(e) => assert_eq!(
            theirs["ok"], false,
            "{constraint:?}: we refuse ({e}), Masterminds takes it"
        ),
        Ok(c) => {
            assert_eq!(
                theirs["ok"], true,
                "{constraint:?}: we take it, Masterminds refuses: {theirs}"
            );
            for (i, v) in versions.iter().enumerate() {
                let ours = Version::parse(v).ok().map(|v| c.check(&v));
                assert_eq!(
                    ours,
                    theirs["matches"][i].as_bool(),
                    "{constraint:?} on {v:?}"
                );
            }
        }
    }
}

fn check_order_parity(a: &str, b: &str) {
    let (Ok(va), Ok(vb)) = (Version::parse(a), Version::parse(b)) else {
        return;
    };
    let theirs = masterminds()
        .lock()
        .unwrap()
        .ask(json!({"op": "compare", "a": a, "b": b}));
    assert_eq!(
        va.compare(&vb) as i64,
        theirs["cmp"].as_i64().unwrap(),
        "{a} vs {b}"
    );
}

fn version_text() -> impl Strategy<Value = String> {
    let segment = prop_oneof![
        Just("0".to_string()),
        (1u32..30).prop_map(|n| n.to_string()),
        Just("01".to_string()),
        Just("x".to_string())
    ];
    let ident = prop_oneof![
        Just("rc1".to_string()),
        Just("alpha".to_string()),
        Just("0".to_string()),
        Just("01".to_string()),
        Just("beta-2".to_string()),
        (0u32..12).prop_map(|n| n.to_string()),
        Just("".to_string()),
    ];
    (
        prop::bool::ANY,
        prop::collection::vec(segment, 1..5),
        prop::option::of(prop::collection::vec(ident.clone(), 1..3)),
        prop::option::of(prop::collection::vec(ident, 1..3)),
    )
        .prop_map(|(v, segments, pre, meta)| {
            let mut s = if v { "v".to_string() } else { String::new() };
            s.push_str(&segments.join("."));
            if let Some(pre) = pre {
                s.push('-');
                s.push_str(&pre.join("."));
            }
            if let Some(meta) = meta {
                s.push('+');
                s.push_str(&meta.join("."));
            }
            s
        })
}

fn constraint_text() -> impl Strategy<Value = String> {
    let op = prop::sample::select(vec![
        "", "=", "!=", ">", "<", ">=", "<=", "~", "~>", "^", "=>", "=<",
    ]);
    let part = (op, version_text()).prop_map(|(op, v)| format!("{op}{v}"));
    let conjunction = prop::collection::vec(part, 1..3).prop_flat_map(|parts| {
        prop::sample::select(vec![" ", ", ", ","]).prop_map(move |sep| parts.join(sep))
    });
    let range = (version_text(), version_text()).prop_map(|(a, b)| format!("{a} - {b}"));
    let alternative = prop_oneof![3 => conjunction, 1 => range, 1 => Just("*".to_string())];
    prop::collection::vec(alternative, 1..3).prop_map(|alts| alts.join(" || "))
}

#[test]
fn documented_versions_and_constraints_agree_with_masterminds() {
    for v in [
        "v1.2.0",
        "1.2",
        "1",
        "2024-05-01",
        "20240501",
        "1.2.3-rc.1+b.5",
        "latest",
        "v",
        "1.2.3.4",
        "1.02.3",
        "1.2.3-01",
    ] {
        check_version_parity(v);
    }
    let versions: Vec<String> = [
        "1.2.5",
        "1.2.12",
        "1.3.0",
        "1.15.2",
        "2.0.0",
        "2.0.0-rc1",
        "v1.0",
        "0.2.3",
        "0.3.0",
        "2024-05-01",
    ]
    .map(String::from)
    .to_vec();
    for c in [
        "1.2.x",
        "1.x",
        "v1.x",
        "2.x",
        "2.x-0",
        "^1.2",
        "~1.2",
        "^0.2.3",
        ">= 1.2, < 3.0.0",
        "1.1 - 1.3",
        "<1.0 || >=2.0",
        "*",
        "!=1.2.5",
        ">1.x",
        "<=1.2",
        "^^1",
        ">1.0 <",
        "latest",
    ] {
        check_constraint_parity(c, &versions);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    #[test]
    fn generated_versions_parse_and_sort_as_masterminds_does(a in version_text(), b in version_text()) {
        check_version_parity(&a);
        check_order_parity(&a, &b);
    }

    #[test]
    fn generated_constraints_check_as_masterminds_does(
        c in constraint_text(),
        versions in prop::collection::vec(version_text(), 1..6),
    ) {
        check_constraint_parity(&c, &versions);
    }
}

fn pick(args: &[&str], tags: &str) -> support::Run {
    Cmd::new(["image", "pick", "--tags-file", "-"])
        .args(args)
        .run_with_stdin(tags)
}

#[test]
fn image_updaters_documented_examples_pick_what_its_docs_say() {
    let tags = "1.2.5\n1.2.12\n1.3.0\n1.15.2\n2.0.0-rc1\n";
    assert_eq!(
        pick(&["--constraint", "1.2.x"], tags).code(0).stdout,
        "1.2.12\n"
    );
    assert_eq!(
        pick(&["--constraint", "1.x"], tags).code(0).stdout,
        "1.15.2\n"
    );
    assert_eq!(
        pick(&["--constraint", "2.x-0"], tags).code(0).stdout,
        "2.0.0-rc1\n"
    );
    // the seed's annotations: semver with allow-tags regexp:^v[0-9]+\.[0-9]+\.[0-9]+$
    let seed = std::fs::read_to_string(support::repo().join("examples/gitops/tags.txt")).unwrap();
    let run = pick(
        &["--allow-tags", r"regexp:^v[0-9]+\.[0-9]+\.[0-9]+$"],
        &seed,
    )
    .code(0);
    assert_eq!(run.stdout, "v1.3.0\n");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    // alphabetical for calver tags
    let calver = "2024-01-31\n2024-12-01\nlatest\n2024-02-15\n";
    let run = pick(
        &[
            "--strategy",
            "alphabetical",
            "--allow-tags",
            "regexp:^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        ],
        calver,
    );
    assert_eq!(run.code(0).stdout, "2024-12-01\n");
    // newest-build: one build tagged f33bacd, dev and latest; latest wins unless filtered
    let builds = "f33bacd 2026-11-01T10:00:00Z\ndev 2026-11-01T10:00:00Z\nlatest 2026-11-01T10:00:00Z\na5fb3d3 2026-10-01T10:00:00Z\n";
    assert_eq!(
        pick(&["--strategy", "newest-build"], builds).code(0).stdout,
        "latest\n"
    );
    assert_eq!(
        pick(
            &["--strategy", "newest-build", "--ignore-tags", "latest,dev"],
            builds
        )
        .code(0)
        .stdout,
        "f33bacd\n"
    );
    assert_eq!(
        pick(
            &[
                "--strategy",
                "newest-build",
                "--allow-tags",
                "regexp:^[0-9a-f]{7}$"
            ],
            builds
        )
        .code(0)
        .stdout,
        "f33bacd\n"
    );
}

#[test]
fn a_date_tag_wins_without_a_constraint_with_a_warning() {
    let seed = std::fs::read_to_string(support::repo().join("examples/gitops/tags.txt")).unwrap();
    let run = pick(&[], &seed).code(0);
    assert_eq!(run.stdout, "2024-05-01\n");
    assert!(
        run.stderr
            .contains("warning: \"2024-05-01\" parses as version 2024.0.0-05-01"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_output_lists_every_candidate_and_why_it_was_dropped() {
    let run = Cmd::new([
        "image",
        "pick",
        "--tags-file",
        "-",
        "--constraint",
        "~1.2",
        "-o",
        "json",
    ])
    .run_with_stdin("v1.2.0\nv1.2.1\nv1.3.0\nlatest\n")
    .code(0);
    let out = run.json();
    assert_eq!(out["picked"]["tag"], "v1.2.1");
    assert_eq!(
        out["candidates"][2]["dropped"],
        "1.3.0 does not satisfy \"~1.2\""
    );
    assert_eq!(out["candidates"][3]["dropped"], "not a semantic version");
}

#[test]
fn no_qualifying_tag_is_exit_1_and_bad_rules_are_exit_2() {
    let run = pick(&["--constraint", "^3"], "v1.0.0\nv2.0.0\n").code(1);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("no tag qualifies among 2 tags"),
        "{}",
        run.stderr
    );
    for (args, want) in [
        (
            vec!["--constraint", "^^1"],
            "--constraint: \"^^1\": improper constraint",
        ),
        (
            vec!["--allow-tags", "regexp:(["],
            "--allow-tags: invalid regexp",
        ),
        (
            vec!["--allow-tags", "v1.*"],
            "--allow-tags: \"v1.*\": expected regexp:PATTERN or any",
        ),
        (vec!["--ignore-tags", "[a-"], "--ignore-tags: bad glob"),
        (vec!["--strategy", "newest"], "--strategy: unknown strategy"),
        (
            vec!["--strategy", "digest"],
            "--constraint: the digest strategy follows one tag",
        ),
    ] {
        let run = pick(&args, "v1.0.0\n").code(2);
        assert!(run.stderr.contains(want), "{args:?}: {}", run.stderr);
    }
    let run = pick(&["--strategy", "newest-build"], "v1 yesterday\n").code(2);
    assert!(
        run.stderr
            .contains("stdin:1: \"yesterday\" is not an RFC 3339 time"),
        "{}",
        run.stderr
    );
}

fn registry_pick(registry: &Registry, repo: &str, args: &[&str]) -> Cmd {
    Cmd::new(["image", "pick", "--plain-http", "--registry-image"])
        .arg(format!("{}/{repo}", registry.address))
        .args(args)
}

#[test]
fn tags_pushed_to_a_registry_are_listed_across_pages_and_picked() {
    let registry = Registry::start();
    let base = registry.push("team/app", "v1.0.0", "2026-01-01T00:00:00Z", "a");
    // 120 more tags of one image: the tag list takes two pages of 100.
    let many: Vec<String> = (1..=120).map(|n| format!("v1.{n}.0")).collect();
    registry.tag("team/app", &base, &many);
    registry.push("team/app", "v2.0.0-rc1", "2026-03-01T00:00:00Z", "b");
    let run = registry_pick(&registry, "team/app", &["--constraint", "^1", "-o", "json"])
        .run()
        .code(0);
    let out = run.json();
    assert_eq!(out["picked"]["tag"], "v1.120.0");
    assert_eq!(
        out["candidates"].as_array().unwrap().len(),
        122,
        "every page was read"
    );
    let run = registry_pick(&registry, "team/app", &[]).run().code(0);
    assert_eq!(run.stdout, "v2.0.0-rc1\n");
}

#[test]
fn newest_build_and_digest_read_the_image_config_and_manifest() {
    let registry = Registry::start();
    registry.push("tr", "3f9c2ab", "2026-11-01T10:00:00Z", "old");
    let newest = registry.push("tr", "a5fb3d3", "2026-11-20T10:00:00Z", "new");
    registry.push("tr", "0be1e7d", "2026-11-10T10:00:00Z", "mid");
    let latest = registry.push("tr", "latest", "2026-11-20T10:00:00Z", "new");
    assert_eq!(latest, newest, "the same image content has the same digest");
    let run = registry_pick(
        &registry,
        "tr",
        &[
            "--strategy",
            "newest-build",
            "--allow-tags",
            "regexp:^[0-9a-f]{7}$",
        ],
    )
    .run();
    assert_eq!(run.code(0).stdout, "a5fb3d3\n");
    let run = registry_pick(
        &registry,
        "tr",
        &["--strategy", "digest", "--constraint", "latest"],
    )
    .run();
    assert_eq!(run.code(0).stdout, format!("latest@{latest}\n"));
    let run = registry_pick(
        &registry,
        "tr",
        &["--strategy", "newest-build", "-o", "json"],
    )
    .run()
    .code(0);
    let out = run.json();
    assert_eq!(
        out["picked"]["tag"], "latest",
        "two tags of the newest build: the greater name"
    );
    assert_eq!(out["picked"]["created"], "2026-11-20T10:00:00Z");
}

#[test]
fn a_registry_behind_bearer_tokens_is_read_with_credentials_for_its_token_server() {
    let registry = Registry::start_with_token_auth();
    registry.push("team/app", "v1.2.0", "2026-01-01T00:00:00Z", "a");
    registry.push("team/app", "v1.3.0", "2026-02-01T00:00:00Z", "b");
    let run = registry_pick(&registry, "team/app", &["--strategy", "newest-build"])
        .env("REGISTRY_USERNAME", USER)
        .env("REGISTRY_PASSWORD", PASSWORD)
        .run();
    assert_eq!(run.code(0).stdout, "v1.3.0\n");
    // Without credentials the token server refuses: the registry's answer is reported, exit 1.
    let run = registry_pick(&registry, "team/app", &[]).run().code(1);
    assert!(run.stderr.contains("401"), "{}", run.stderr);
}

#[test]
fn an_unreachable_registry_is_exit_4_and_a_bad_reference_exit_2() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let run = Cmd::new(["image", "pick", "--plain-http", "--registry-image"])
        .arg(format!("127.0.0.1:{port}/app"))
        .run()
        .code(4);
    assert!(
        run.stderr.contains("cannot reach the registry"),
        "{}",
        run.stderr
    );
    let run = Cmd::new(["image", "pick", "--registry-image", "kainlite/tr"])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("--registry-image: \"kainlite/tr\": expected HOST[:PORT]/REPOSITORY"),
        "{}",
        run.stderr
    );
}
