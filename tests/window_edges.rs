//! `window check|next|lint` at the edges, through the binary: manifests with mistyped keys,
//! hostile globs, caps and horizons, forms robfig accepts that we refuse, leap seconds. Each
//! test asserts the exit code, the message naming the file and field, and that nothing panics.

mod support;

use support::{Cmd, Run};

const HEAD: &str =
    "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: p\nspec:\n";

fn project(dir: &tempfile::TempDir, body: &str) -> String {
    let file = dir.path().join("project.yaml");
    std::fs::write(&file, format!("{HEAD}{body}")).unwrap();
    file.to_str().unwrap().to_string()
}

fn check(file: &str, extra: &[&str]) -> Run {
    Cmd::new([
        "window",
        "check",
        "--project",
        file,
        "--at",
        "2026-12-24T12:00:00Z",
    ])
    .args(extra)
    .run()
}

fn no_crash(run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("overflow"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_mistyped_sync_windows_key_is_refused_not_read_as_no_windows() {
    let dir = tempfile::tempdir().unwrap();
    let freeze = "  - kind: deny\n    schedule: '0 0 20 12 *'\n    duration: 288h\n    applications: ['*']\n";
    for key in [
        "syncwindows",
        "syncWindow",
        "sync_windows",
        "\"syncWindows \"",
    ] {
        let f = project(&dir, &format!("  {key}:\n{freeze}"));
        let run = check(&f, &["--app", "tr-web"]).code(2);
        assert!(
            run.stderr.contains("project.yaml: spec.")
                && run.stderr.contains("did you mean spec.syncWindows?"),
            "{key}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
    // The same freeze under the right key blocks.
    let f = project(&dir, &format!("  syncWindows:\n{freeze}"));
    check(&f, &["--app", "tr-web"]).code(1);
}

#[test]
fn wrong_documents_and_types_are_refused_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    for (text, expected) in [
        (
            "apiVersion: argoproj.io/v1beta1\nkind: AppProject\nmetadata: {name: p}\nspec: {}\n",
            "apiVersion: expected argoproj.io/v1alpha1",
        ),
        (
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: p}\nspec: {}\n",
            "kind: expected AppProject",
        ),
        (
            "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p}\nspec: []\n",
            "spec: expected an object",
        ),
        (
            "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p}\nspec:\n  syncWindows:\n  - {kind: deny, schedule: '* * * * *', duration: 1h, manualSync: 'yes'}\n",
            "spec.syncWindows[0].manualSync: expected true or false",
        ),
        (
            "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p}\nspec:\n  syncWindows:\n  - {kind: deny, schedule: '* * * * *', duration: 1h, timezone: UTC}\n",
            "spec.syncWindows[0].timezone: unknown field \"timezone\" (not in Argo CD's AppProject schema); did you mean spec.syncWindows[0].timeZone?",
        ),
    ] {
        let file = dir.path().join("p.yaml");
        std::fs::write(&file, text).unwrap();
        let run = check(file.to_str().unwrap(), &[]).code(2);
        assert!(
            run.stderr.contains(&format!("p.yaml: {expected}")),
            "{expected}: {}",
            run.stderr
        );
    }
}

#[test]
fn hostile_globs_answer_at_once_and_deep_braces_do_not_crash() {
    let dir = tempfile::tempdir().unwrap();
    let stars = "*a".repeat(12) + "b";
    let alts = "{a,a}".repeat(24);
    let depth = 100_000;
    let nested = "{".repeat(depth) + "tr-web" + &"}".repeat(depth);
    let f = project(
        &dir,
        &format!(
            "  syncWindows:\n  - kind: deny\n    schedule: '0 0 20 12 *'\n    duration: 288h\n    applications: ['{stars}', '{alts}', '{nested}']\n"
        ),
    );
    // Exponential with backtracking (minutes); a test timeout would catch a regression.
    let run = check(&f, &["--app", &"a".repeat(40)]).code(0);
    no_crash(&run);
    let run = check(&f, &["--app", "tr-web"]).code(1);
    no_crash(&run);
}

#[test]
fn globs_gobwas_gets_wrong_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    for (glob, why) in [
        ("tr-{web,}", "empty alternative"),
        ("x{?,bc}", "inside braces"),
        ("{tr-*,api-*}", "a `*` inside braces"),
        ("[a-z0-9]*", "one range alone"),
    ] {
        let f = project(
            &dir,
            &format!(
                "  syncWindows:\n  - {{kind: deny, schedule: '* * * * *', duration: 1h, applications: ['{glob}']}}\n"
            ),
        );
        let run = check(&f, &["--app", "tr-web"]).code(2);
        assert!(
            run.stderr.contains("spec.syncWindows[0].applications[0]:") && run.stderr.contains(why),
            "{glob}: {}",
            run.stderr
        );
    }
}

#[test]
fn robfig_forms_are_followed_or_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let window = |schedule: &str| {
        format!(
            "  syncWindows:\n  - {{kind: deny, schedule: '{schedule}', duration: 1m, applications: ['*']}}\n"
        )
    };
    // `1/4294967295` is minute 1 alone: at 00:00:30 nothing is active, at 00:01:30 it is.
    let f = project(&dir, &window("1/4294967295 * * * *"));
    for (at, code) in [("2026-11-23T00:00:30Z", 0), ("2026-11-23T00:01:30Z", 1)] {
        Cmd::new(["window", "check", "--project", &f, "--at", at])
            .run()
            .code(code);
    }
    let f = project(&dir, &window("1,,15 * * * *"));
    Cmd::new([
        "window",
        "check",
        "--project",
        &f,
        "--at",
        "2026-11-23T00:15:30Z",
    ])
    .run()
    .code(1);
    for (schedule, why) in [
        ("*-5 * * * *", "would mean \\\"*\\\" to Argo CD"),
        (
            "CRON_TZ=Europe/Berlin 0 9 * * *",
            "put the zone in the window's timeZone",
        ),
    ] {
        let f = project(&dir, &window(schedule));
        let run = check(&f, &[]).code(2);
        assert!(
            run.stderr.contains("spec.syncWindows[0].schedule:")
                && run.stderr.contains(&why.replace("\\\"", "\"")),
            "{schedule}: {}",
            run.stderr
        );
    }
}

#[test]
fn time_zones_argo_cd_would_silently_replace_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (tz, why) in [
        ("Local", "Argo CD controller's machine"),
        ("Europe/Berlinn", "Argo CD would warn and use UTC"),
        ("right/Europe/Berlin", "leap seconds"),
    ] {
        let f = project(
            &dir,
            &format!(
                "  syncWindows:\n  - {{kind: deny, schedule: '* * * * *', duration: 1h, applications: ['*'], timeZone: '{tz}'}}\n"
            ),
        );
        let run = check(&f, &[]).code(2);
        assert!(
            run.stderr.contains("spec.syncWindows[0].timeZone:") && run.stderr.contains(why),
            "{tz}: {}",
            run.stderr
        );
    }
    let f = project(
        &dir,
        "  syncWindows:\n  - {kind: deny, schedule: '0 9 * * *', duration: 1h, applications: ['*'], timeZone: posix/Europe/Berlin}\n",
    );
    // 09:30 Berlin in winter is 08:30Z.
    Cmd::new([
        "window",
        "check",
        "--project",
        &f,
        "--at",
        "2026-12-01T08:30:00Z",
    ])
    .run()
    .code(1);
}

#[test]
fn an_and_window_without_lists_applies_to_no_application() {
    let dir = tempfile::tempdir().unwrap();
    let f = project(
        &dir,
        "  syncWindows:\n  - {kind: deny, schedule: '* * * * *', duration: 24h, andOperator: true}\n",
    );
    let run = check(&f, &["--app", "tr-web", "-o", "json"]).code(0);
    assert_eq!(run.json()["reason"]["rule"], "no-matching-windows");
}

#[test]
fn a_leap_second_is_refused() {
    let project = support::seed_project();
    for cmd in ["check", "next"] {
        let run = Cmd::new([
            "window",
            cmd,
            "--project",
            project.to_str().unwrap(),
            "--at",
            "2026-12-31T23:59:60Z",
        ])
        .run()
        .code(2);
        assert!(
            run.stderr.contains("--at: ") && run.stderr.contains("leap second"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn the_walk_cap_is_said_never_a_false_row() {
    let dir = tempfile::tempdir().unwrap();
    // #0 flips twice a minute without changing the answer (#1 is always active); the deny
    // (#2) comes in June, after 50,000 flips.
    let f = project(
        &dir,
        "  syncWindows:\n  - {kind: allow, schedule: '* * * * *', duration: 30s, applications: ['*']}\n  - {kind: allow, schedule: '* * * * *', duration: 24h, applications: ['*']}\n  - {kind: deny, schedule: '0 0 1 6 *', duration: 1h, applications: ['*']}\n",
    );
    let at = "2026-01-01T00:00:00Z";
    let run = Cmd::new(["window", "check", "--project", &f, "--at", at])
        .run()
        .code(0);
    assert!(
        run.stdout.contains("none found up to 2026-01-")
            && run
                .stdout
                .contains("the search stopped after 50000 window changes")
            && !run.stdout.contains("no change within 366 days"),
        "{}",
        run.stdout
    );
    let run = Cmd::new([
        "window",
        "next",
        "--project",
        &f,
        "--at",
        at,
        "--days",
        "4000h",
        "-o",
        "json",
    ])
    .run()
    .code(0);
    assert!(
        run.stderr
            .contains("stopped after 50000 window changes at 2026-01-"),
        "{}",
        run.stderr
    );
    let periods = run.json();
    let last = periods.as_array().unwrap().last().unwrap();
    assert_ne!(
        last["to"], "2026-06-17T16:00:00Z",
        "the last row ends where the walk stopped"
    );
    assert!(
        last["to"].as_str().unwrap().starts_with("2026-01-"),
        "{last}"
    );
}
