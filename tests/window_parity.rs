//! Sync windows side by side with Argo CD's own code: `tests/harness/argo-cd-windows` imports
//! Argo CD v3.3.19's `SyncWindows` (`Matches`, `CanSync`, `Active`, `InactiveAllows`) and
//! answers with its clock set to the instant asked about (a testing/synctest bubble), plus
//! robfig/cron's parser as Argo CD configures it and Argo CD's glob helper (gobwas/glob).
//!
//! Generated windows, instants near ticks, window ends and DST changes, schedules and globs are
//! compared; every difference is either a failure or one of the intended differences that
//! docs/windows.md documents (DST, and the forms we refuse with a reason). A bounded run by
//! default; `KR_PROPTEST_CASES=N` runs N cases per property by hand. The harness comes from
//! `scripts/build-harness argo-cd-windows` (exported by `scripts/test` as
//! `ARGO_CD_WINDOWS_HARNESS`).

use std::cell::RefCell;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};

use chrono::{DateTime, NaiveDateTime, Offset, SecondsFormat, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use kubectl_rollouts::window::cron::Schedule;
use kubectl_rollouts::window::eval::{decide, is_active};
use kubectl_rollouts::window::glob::Glob;
use kubectl_rollouts::window::{Target, Window, matching, project_from_value};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Value, json};

struct Oracle {
    _child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Oracle {
    fn ask(&mut self, request: &Value) -> Value {
        writeln!(self.stdin, "{request}").expect("the oracle reads");
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .expect("the oracle answers");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("oracle answer {line:?}: {e}"))
    }
}

fn oracle() -> MutexGuard<'static, Oracle> {
    static O: OnceLock<Mutex<Oracle>> = OnceLock::new();
    O.get_or_init(|| {
        let bin = std::env::var("ARGO_CD_WINDOWS_HARNESS").unwrap_or_else(|_| {
            panic!(
                "ARGO_CD_WINDOWS_HARNESS is not set: these tests compare with Argo CD's own code; \
                 run `export ARGO_CD_WINDOWS_HARNESS=$(scripts/build-harness argo-cd-windows)` \
                 (scripts/test does it)"
            )
        });
        let mut child = Command::new(&bin)
            .arg("-test.run=^TestOracle$")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("starting the Argo CD oracle {bin}: {e}"));
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Mutex::new(Oracle {
            _child: child,
            stdin,
            stdout,
        })
    })
    .lock()
    .unwrap_or_else(|e| e.into_inner())
}

fn cases(default: u32) -> u32 {
    std::env::var("KR_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn runner(default: u32) -> TestRunner {
    TestRunner::new(Config {
        cases: cases(default),
        failure_persistence: None,
        ..Config::default()
    })
}

fn rfc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// Our schedule's next `count` ticks after `from` (UTC wall clock), as robfig lists them.
fn our_ticks(s: &Schedule, from: DateTime<Utc>, count: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut t = from.naive_utc();
    for _ in 0..count {
        match s.next_after(t) {
            Some(n) => {
                out.push(rfc(Utc.from_utc_datetime(&n)));
                t = n;
            }
            None => {
                out.push("never".to_string());
                break;
            }
        }
    }
    out
}

/// What robfig does with a schedule we refuse on purpose (docs/windows.md).
fn refused_on_purpose(schedule: &str, why: &str) -> bool {
    (schedule.starts_with("TZ=") || schedule.starts_with("CRON_TZ=")) && why.contains("TZ=")
        || why.contains("robfig/cron ignores what follows")
}

// ----- cron -----

fn cron_item(max: u32, names: &'static [&'static str]) -> BoxedStrategy<String> {
    let named = if names.is_empty() {
        Just("1".to_string()).boxed()
    } else {
        (prop::sample::select(names), any::<bool>())
            .prop_map(|(n, upper)| {
                if upper {
                    n.to_uppercase()
                } else {
                    n.to_string()
                }
            })
            .boxed()
    };
    prop_oneof![
        6 => Just("*".to_string()),
        1 => Just("?".to_string()),
        6 => (0..=max + 1).prop_map(|n| n.to_string()),
        3 => (0..=max, 0..=max).prop_map(|(a, b)| format!("{a}-{b}")),
        2 => (0..=max + 1).prop_map(|n| format!("*/{n}")),
        2 => (0..=max, 1..=max).prop_map(|(a, n)| format!("{a}/{n}")),
        2 => (0..=max, 0..=max, 1..=9u32).prop_map(|(a, b, n)| format!("{a}-{b}/{n}")),
        2 => named,
        1 => prop::sample::select(vec![
            "+5",
            "1/4294967295",
            "0/9223372036854775807",
            "1/9223372036854775808",
            "",
            "*-3",
            "?-1/2",
            "5-",
            "-5",
            "1-2-3",
            "*/2/3",
            "x",
            "*/-1",
        ])
        .prop_map(str::to_string),
    ]
    .boxed()
}

fn cron_field(max: u32, names: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::collection::vec(cron_item(max, names), 1..=2)
        .prop_map(|items| items.join(","))
        .boxed()
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: &[&str] = &["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

fn schedule_text() -> BoxedStrategy<String> {
    prop_oneof![
        9 => (
            cron_field(59, &[]),
            cron_field(23, &[]),
            cron_field(31, &[]),
            cron_field(12, MONTHS),
            cron_field(6, DAYS),
        )
            .prop_map(|(a, b, c, d, e)| format!("{a} {b} {c} {d} {e}")),
        1 => prop::sample::select(vec![
            "TZ=UTC 0 9 * * *",
            "CRON_TZ=Europe/Berlin 0 9 * * *",
            "@daily",
            "0 9 * *",
            "0 9 * * * *",
            "",
            " 0 9 * * * ",
            "0\t9 * * 1-5",
        ])
        .prop_map(str::to_string),
    ]
    .boxed()
}

fn instant() -> BoxedStrategy<DateTime<Utc>> {
    // 2026-01-01 .. 2028-12-31, seconds, sometimes a fraction of a second.
    (
        1_767_225_600i64..1_861_833_600,
        prop_oneof![3 => Just(0u32), 1 => 0..1_000_000_000u32],
    )
        .prop_map(|(s, ns)| Utc.timestamp_opt(s, ns).unwrap())
        .boxed()
}

#[test]
fn cron_ticks_agree_with_robfig() {
    let stats = RefCell::new([0usize; 4]); // cases, both refuse, same ticks, refused on purpose
    runner(1500)
        .run(&(schedule_text(), instant()), |(spec, from)| {
            stats.borrow_mut()[0] += 1;
            let theirs = oracle()
                .ask(&json!({"op": "next", "schedule": spec, "from": rfc(from), "count": 4}));
            match Schedule::parse(&spec) {
                Ok(s) => {
                    prop_assert_eq!(
                        &theirs["ok"],
                        &json!(true),
                        "{:?}: we parse it, robfig refuses: {}",
                        spec,
                        theirs
                    );
                    let ours = our_ticks(&s, from, 4);
                    prop_assert_eq!(
                        json!(ours),
                        theirs["ticks"].clone(),
                        "{:?} from {}",
                        spec,
                        rfc(from)
                    );
                    stats.borrow_mut()[2] += 1;
                }
                Err(why) => {
                    if theirs["ok"] == json!(true) {
                        prop_assert!(
                            refused_on_purpose(&spec, &why),
                            "{:?}: we refuse ({}), robfig parses it: {}",
                            spec,
                            why,
                            theirs
                        );
                        stats.borrow_mut()[3] += 1;
                    } else {
                        stats.borrow_mut()[1] += 1;
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    eprintln!(
        "cron vs robfig: {} cases: {} same ticks, {} refused by both, {} refused here on purpose",
        stats.borrow()[0],
        stats.borrow()[2],
        stats.borrow()[1],
        stats.borrow()[3]
    );
}

#[test]
fn robfig_forms_named_in_the_docs_are_what_robfig_does() {
    let mut o = oracle();
    let from = "2026-01-01T00:00:00Z";
    let ticks = |o: &mut Oracle, s: &str| {
        o.ask(&json!({"op": "next", "schedule": s, "from": from, "count": 3}))
    };
    // `*-5` is `*` to robfig: the reason we refuse it.
    assert_eq!(
        ticks(&mut o, "*-5 * * * *")["ticks"],
        ticks(&mut o, "* * * * *")["ticks"]
    );
    assert!(
        Schedule::parse("*-5 * * * *")
            .unwrap_err()
            .contains("would mean \"*\"")
    );
    // Empty list items are skipped, as here.
    assert_eq!(
        ticks(&mut o, "1,,15 * * * *")["ticks"],
        json!([
            "2026-01-01T00:01:00Z",
            "2026-01-01T00:15:00Z",
            "2026-01-01T01:01:00Z"
        ])
    );
    // A 64-bit step: minute 1 only.
    assert_eq!(
        ticks(&mut o, "1/4294967295 * * * *")["ticks"],
        json!([
            "2026-01-01T00:01:00Z",
            "2026-01-01T01:01:00Z",
            "2026-01-01T02:01:00Z"
        ])
    );
    let ours = our_ticks(
        &Schedule::parse("1/4294967295 * * * *").unwrap(),
        at(from),
        3,
    );
    assert_eq!(json!(ours), ticks(&mut o, "1/4294967295 * * * *")["ticks"]);
    // The TZ= prefix is accepted by robfig (with a space) and panics without one.
    assert_eq!(ticks(&mut o, "CRON_TZ=Asia/Tokyo 0 9 * * *")["ok"], true);
    assert_eq!(ticks(&mut o, "TZ=UTC")["panic"], true);
    assert!(Schedule::parse("TZ=UTC").is_err());
}

// ----- globs -----

#[test]
fn globs_agree_with_gobwas() {
    let stats = RefCell::new([0usize; 4]);
    let pattern = "[ab*?\\[\\]{},!\\\\-]{0,10}";
    let text = "[ab,!\\]\\[{}*?\\\\-]{0,6}";
    runner(3000)
        .run(&(pattern, text), |(p, t)| {
            stats.borrow_mut()[0] += 1;
            let theirs = oracle().ask(&json!({"op": "glob", "pattern": p, "text": t}));
            match Glob::parse(&p) {
                Ok(g) => {
                    prop_assert_eq!(
                        &theirs["ok"],
                        &json!(true),
                        "{:?}: we compile it, gobwas refuses: {}",
                        p,
                        theirs
                    );
                    prop_assert_eq!(
                        json!(g.matches(&t)),
                        theirs["match"].clone(),
                        "{:?} on {:?}",
                        p,
                        t
                    );
                    stats.borrow_mut()[1] += 1;
                }
                Err(why)
                    if why.contains("empty alternative")
                        || why.contains("inside braces is matched wrongly")
                        || why.contains("measures wrongly")
                        || why.contains("alternative that is only `*`")
                        || why.contains("a `*` inside braces") =>
                {
                    // Refused on purpose (docs/windows.md): gobwas panics or answers wrongly.
                    stats.borrow_mut()[3] += 1;
                }
                Err(why) => {
                    prop_assert_eq!(
                        &theirs["ok"],
                        &json!(false),
                        "{:?}: we refuse ({}), gobwas compiles it: {}",
                        p,
                        why,
                        theirs
                    );
                    stats.borrow_mut()[2] += 1;
                }
            }
            Ok(())
        })
        .unwrap();
    eprintln!(
        "globs vs gobwas: {} cases: {} same match, {} refused by both, {} refused here on purpose (shapes gobwas gets wrong, docs/windows.md)",
        stats.borrow()[0],
        stats.borrow()[1],
        stats.borrow()[2],
        stats.borrow()[3]
    );
}

#[test]
fn realistic_globs_agree_with_gobwas_and_are_rarely_refused() {
    // Names and patterns as sync windows use them: words, dashes, stars, `?`, one class,
    // braces of words, some with a star (`{tr-*,api}`, which is refused when gobwas gets it
    // wrong: the count says how often).
    let pattern = "([a-c]{1,3}|-|\\*|\\?|\\[[a-c]-[d-f]\\]|\\[![a-c]\\]|\\{[a-c]{1,2}(,[a-c]{1,3}){1,2}\\}|\\{[a-c]{1,2}\\*?(,[a-c]{1,3}\\*?){1,2}\\}){1,5}";
    let text = "[a-f-]{0,8}";
    let stats = RefCell::new([0usize; 4]);
    runner(2000)
        .run(&(pattern, text), |(p, t)| {
            stats.borrow_mut()[0] += 1;
            let theirs = oracle().ask(&json!({"op": "glob", "pattern": p, "text": t}));
            match Glob::parse(&p) {
                Ok(g) => {
                    prop_assert_eq!(
                        json!(g.matches(&t)),
                        theirs["match"].clone(),
                        "{:?} on {:?}",
                        p,
                        t
                    );
                    stats.borrow_mut()[1] += 1;
                }
                Err(why) => {
                    // Counted: refusals of patterns Argo CD compiles (or panics on), each
                    // with its reason.
                    prop_assert!(why.contains("gobwas/glob"), "{:?}: {}", p, why);
                    stats.borrow_mut()[2] += 1;
                    if theirs["panic"] == json!(true) {
                        stats.borrow_mut()[3] += 1;
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    eprintln!(
        "realistic globs vs gobwas: {} cases: {} same match, {} refused here on purpose ({} of them panic inside gobwas)",
        stats.borrow()[0],
        stats.borrow()[1],
        stats.borrow()[2],
        stats.borrow()[3]
    );
}

#[test]
fn glob_classes_named_in_the_issue_match_as_gobwas() {
    let mut o = oracle();
    for (p, t) in [
        ("[a\\-z]*", "-x"),
        ("[a\\-z]*", "b"),
        ("[\\]]", "]"),
        ("[a-]", "a"),
        ("[a-]]", "a"),
        ("[*-]]", "]"),
        ("[!a-c]", "d"),
        ("[ab-c]", "-"),
        ("{a,b", "b"),
        ("a\\", "a"),
        ("[a-z0-9]", "a"),
    ] {
        let theirs = o.ask(&json!({"op": "glob", "pattern": p, "text": t}));
        let ours = Glob::parse(p).map(|g| g.matches(t));
        match ours {
            Ok(m) => assert_eq!(theirs, json!({"ok": true, "match": m}), "{p:?} on {t:?}"),
            Err(e) => assert_eq!(
                theirs["ok"], false,
                "{p:?}: we refuse ({e}), gobwas: {theirs}"
            ),
        }
    }
}

// ----- time zones -----

fn zoneinfo_names() -> Vec<String> {
    let root = std::path::Path::new("/usr/share/zoneinfo");
    let mut names = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().to_string();
            if rel.starts_with("right/") || rel.starts_with("posix/") {
                continue;
            }
            if p.is_dir() {
                dirs.push(p);
            } else {
                names.push(rel);
            }
        }
    }
    names
}

#[test]
fn time_zones_load_as_go_loads_them() {
    let mut names: Vec<String> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|t| t.name().to_string())
        .collect();
    names.extend(zoneinfo_names());
    names.extend(
        [
            "Local",
            "posix/Europe/Berlin",
            "right/Europe/Berlin",
            "europe/berlin",
            "Mars/Olympus",
            "",
            "UTC",
        ]
        .map(String::from),
    );
    names.sort();
    names.dedup();
    let mut o = oracle();
    let (mut same, mut refused_on_purpose, mut only_go, mut only_ours) =
        (0, 0, Vec::new(), Vec::new());
    for name in &names {
        let theirs = o.ask(&json!({"op": "validate", "window": {"kind": "allow", "schedule": "* * * * *", "duration": "1h", "timeZone": name}}));
        let go_loads = theirs["ok"] == true && theirs.get("warnings").is_none();
        match kubectl_rollouts::window::project::time_zone(name) {
            Ok(_) if go_loads => same += 1,
            Err(_) if !go_loads => same += 1,
            Err(why)
                if why.contains("Argo CD controller")
                    || why.contains("leap seconds")
                    || why.contains("placeholder") =>
            {
                refused_on_purpose += 1
            }
            Err(_) => only_go.push(name.clone()),
            Ok(_) => only_ours.push(name.clone()),
        }
    }
    eprintln!(
        "time zones vs Go's LoadLocation: {} names: {} agree, {} refused here on purpose, Go only: {:?}, ours only: {:?}",
        names.len(),
        same,
        refused_on_purpose,
        only_go,
        only_ours
    );
    assert!(
        only_ours.is_empty(),
        "zones we accept that Go cannot load (Argo CD would use UTC): {only_ours:?}"
    );
    assert!(
        only_go.is_empty(),
        "zones Go loads that we refuse: {only_go:?}"
    );
}

// ----- CanSync -----

const ZONES: &[&str] = &[
    "",
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "America/Sao_Paulo",
    "Europe/London",
    "America/St_Johns",
    "posix/Europe/Paris",
    "Etc/GMT+5",
    "Africa/Casablanca",
];

fn window_value() -> BoxedStrategy<Value> {
    let minute = prop::sample::select(vec![
        "0",
        "30",
        "*/15",
        "0-30/10",
        "5,35",
        "59",
        "*",
        "1/4294967295",
    ]);
    let hour = prop::sample::select(vec!["*", "9", "0-23/6", "22", "1-3", "2", "0", "23"]);
    let dom = prop::sample::select(vec!["*", "1", "15", "1-7", "29", "31", "30"]);
    let month = prop::sample::select(vec!["*", "3", "10-11", "1/2", "2", "mar,oct", "*"]);
    let dow = prop::sample::select(vec!["*", "1-5", "0", "6", "5", "sun", "*"]);
    let duration = prop::sample::select(vec![
        "1m", "30m", "59m", "1h", "90m", "7h", "10h", "24h", "25h", "288h", "30s", "1h30m", "0s",
        "-1h", "1.5h",
    ]);
    let apps = prop::sample::subsequence(
        vec![
            "*",
            "tr-*",
            "*-web",
            "tr-?eb",
            "{tr,api}-*",
            "[a-z]*",
            "[!t]*",
            "prod",
            "[a\\-z]*",
        ],
        0..=2,
    );
    let namespaces = prop::sample::subsequence(vec!["prod", "staging", "*", "{prod,dev}"], 0..=2);
    let clusters = prop::sample::subsequence(
        vec![
            "https://kubernetes.default.svc",
            "in-cluster",
            "https://*.example.com",
            "*",
        ],
        0..=1,
    );
    (
        (minute, hour, dom, month, dow),
        duration,
        prop::sample::select(ZONES),
        (apps, namespaces, clusters),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |((mi, h, d, mo, w), duration, tz, (apps, ns, cl), deny, manual, and)| {
                let mut v = json!({
                    "kind": if deny { "deny" } else { "allow" },
                    "schedule": format!("{mi} {h} {d} {mo} {w}"),
                    "duration": duration,
                });
                if !tz.is_empty() {
                    v["timeZone"] = json!(tz);
                }
                if !apps.is_empty() {
                    v["applications"] = json!(apps);
                }
                if !ns.is_empty() {
                    v["namespaces"] = json!(ns);
                }
                if !cl.is_empty() {
                    v["clusters"] = json!(cl);
                }
                if manual {
                    v["manualSync"] = json!(true);
                }
                if and {
                    v["andOperator"] = json!(true);
                }
                v
            },
        )
        .boxed()
}

fn target() -> BoxedStrategy<Option<Target>> {
    let app = prop::sample::select(vec![
        None,
        Some("tr-web"),
        Some("api-web"),
        Some("billing"),
        Some("prod"),
        Some("a-z"),
        Some(""),
    ]);
    let ns = prop::sample::select(vec![None, Some("prod"), Some("staging"), Some("dev")]);
    let cl = prop::sample::select(vec![
        None,
        Some("https://kubernetes.default.svc"),
        Some("in-cluster"),
        Some("https://eu.example.com"),
    ]);
    prop_oneof![
        1 => Just(None),
        6 => (app, ns, cl).prop_map(|(a, n, c)| Some(Target {
            app: a.map(String::from),
            namespace: n.map(String::from),
            cluster: c.map(String::from),
        })),
    ]
    .boxed()
}

/// The instants where `tz` changes its offset, 2026-2028.
fn dst_changes(tz: Tz) -> Vec<DateTime<Utc>> {
    static T: OnceLock<Mutex<std::collections::HashMap<Tz, Vec<DateTime<Utc>>>>> = OnceLock::new();
    let mut cache = T.get_or_init(Default::default).lock().unwrap();
    cache
        .entry(tz)
        .or_insert_with(|| {
            let mut out = Vec::new();
            let offset = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc()).fix();
            let mut t = at("2026-01-01T00:00:00Z");
            while t < at("2029-01-01T00:00:00Z") {
                let next = t + TimeDelta::hours(6);
                if offset(t) != offset(next) {
                    let (mut lo, mut hi) = (t, next);
                    while hi - lo > TimeDelta::seconds(1) {
                        let mid = lo + (hi - lo) / 2;
                        if offset(mid) == offset(lo) {
                            lo = mid
                        } else {
                            hi = mid
                        }
                    }
                    out.push(hi);
                }
                t = next;
            }
            out
        })
        .clone()
}

/// An instant near something that matters: a DST change of a window's zone, a tick, a
/// window's end, or the end of a window that opened before a DST change.
fn near(windows: &[Window], pick: usize, base: DateTime<Utc>, shift: i64) -> DateTime<Utc> {
    if windows.is_empty() {
        return base + TimeDelta::seconds(shift);
    }
    let w = &windows[pick / 4 % windows.len()];
    let changes = dst_changes(w.time_zone);
    let change = (!changes.is_empty()).then(|| changes[pick / 16 % changes.len()]);
    let next_tick = |t| kubectl_rollouts::window::eval::next_tick_after(w, t).unwrap_or(t);
    let anchor = match (pick % 4, change) {
        (0, Some(c)) => c,
        // The first tick before the change, then its end (after the change when it straddles).
        (3, Some(c)) => {
            next_tick(c - w.duration.to_chrono().max(TimeDelta::hours(1))) + w.duration.to_chrono()
        }
        (1, _) => next_tick(base),
        _ => next_tick(base) + w.duration.to_chrono(),
    };
    let t = anchor + TimeDelta::seconds(shift);
    t.max(at("2001-01-01T00:00:00Z"))
}

/// Argo CD's rule, written from its source: the offset of the zone at `t` shifts every tick.
fn argo_model_active(w: &Window, t: DateTime<Utc>) -> bool {
    let d = w.duration.to_chrono();
    let o = TimeDelta::seconds(
        w.time_zone
            .offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc() as i64,
    );
    let from: NaiveDateTime = (t + o - d).naive_utc();
    match w.schedule.next_after(from) {
        Some(next) => next < (t + o).naive_utc(),
        None => true,
    }
}

/// True when a window's zone changes its offset between its possible ticks and `t`: the
/// documented DST difference can apply.
fn straddles_dst(w: &Window, t: DateTime<Utc>) -> bool {
    let offset = |x: DateTime<Utc>| w.time_zone.offset_from_utc_datetime(&x.naive_utc()).fix();
    let d = w.duration.to_chrono().max(TimeDelta::zero());
    let start = t - d - TimeDelta::hours(3);
    let end = t + TimeDelta::hours(3);
    let first = offset(start);
    let mut x = start;
    while x <= end {
        if offset(x) != first {
            return true;
        }
        x += TimeDelta::minutes(15);
    }
    offset(end) != first
}

#[test]
fn can_sync_agrees_with_argo_cd() {
    let stats = RefCell::new([0usize; 4]); // cases, agree, documented DST difference, DST-sensitive
    let strategy = (
        prop::collection::vec(window_value(), 0..=4),
        target(),
        any::<bool>(),
        instant(),
        0usize..100_000,
        prop_oneof![
            Just(0i64),
            Just(-1),
            Just(1),
            Just(-60),
            Just(60),
            Just(-61),
            Just(3600),
            Just(-3600),
            -7200i64..7200
        ],
    );
    runner(400)
        .run(&strategy, |(windows, target, manual, base, pick, shift)| {
            let doc = json!({
                "apiVersion": "argoproj.io/v1alpha1", "kind": "AppProject",
                "metadata": {"name": "p"}, "spec": {"syncWindows": windows},
            });
            let project = project_from_value(&doc).map_err(|e| TestCaseError::fail(format!("generated window refused: {e}")))?;
            let t = near(&project.windows, pick, base, shift);
            stats.borrow_mut()[0] += 1;
            let compare = |ours: &Value, theirs: &Value, dst: bool| -> Result<(), TestCaseError> {
                if ours == theirs {
                    stats.borrow_mut()[1] += 1;
                    Ok(())
                } else if dst {
                    stats.borrow_mut()[2] += 1;
                    Ok(())
                } else {
                    Err(TestCaseError::fail(format!(
                        "at {} manual={manual} target={target:?}\nwindows: {}\nours:   {ours}\nArgo CD: {theirs}",
                        rfc(t),
                        serde_json::to_string(&windows).unwrap()
                    )))
                }
            };
            let any_target = target.as_ref().is_none_or(Target::is_any);
            let target = target.clone().unwrap_or_default();
            let request = json!({
                "op": "cansync", "windows": windows, "at": rfc(t), "manual": manual, "any": any_target,
                "app": {
                    "name": target.app.clone().unwrap_or_default(),
                    "namespace": target.namespace.clone().unwrap_or_default(),
                    "server": target.cluster.clone().filter(|c| c.starts_with("https://")).unwrap_or_default(),
                    "cluster": target.cluster.clone().filter(|c| !c.starts_with("https://")).unwrap_or_default(),
                },
            });
            let theirs = oracle().ask(&request);
            prop_assert_eq!(&theirs["ok"], &json!(true), "{}", theirs);
            let matched = matching(&project.windows, &target);
            let active: Vec<bool> = matched.iter().map(|w| is_active(w, t)).collect();
            let verdict = decide(&matched, &active, manual);
            // Argo CD's rule as we read it from its source must be exactly what it does.
            let model: Vec<usize> = matched.iter().filter(|w| argo_model_active(w, t)).map(|w| w.index).collect();
            prop_assert_eq!(json!(model), theirs["active"].clone(), "our reading of Argo CD's rule at {}: {}", rfc(t), serde_json::to_string(&windows).unwrap());
            let dst = matched.iter().any(|w| straddles_dst(w, t));
            if dst {
                stats.borrow_mut()[3] += 1;
            }
            if dst {
                stats.borrow_mut()[3] += 1;
            }
            let ours = json!({
                "canSync": verdict.allowed,
                "matched": matched.iter().map(|w| w.index).collect::<Vec<_>>(),
                "active": matched.iter().zip(&active).filter(|(_, a)| **a).map(|(w, _)| w.index).collect::<Vec<_>>(),
            });
            let theirs = json!({"canSync": theirs["canSync"], "matched": theirs["matched"], "active": theirs["active"]});
            compare(&ours, &theirs, dst)
        })
        .unwrap();
    eprintln!(
        "CanSync vs Argo CD: {} cases: {} agree, {} differ only where a window's zone changes offset (documented DST difference); {} cases had a DST change within a window's reach",
        stats.borrow()[0],
        stats.borrow()[1],
        stats.borrow()[2],
        stats.borrow()[3]
    );
}

#[test]
fn an_and_window_without_lists_matches_nothing_in_both() {
    let windows =
        json!([{"kind": "deny", "schedule": "* * * * *", "duration": "1h", "andOperator": true}]);
    let theirs = oracle().ask(&json!({
        "op": "cansync", "windows": windows, "at": "2026-11-27T15:00:00Z", "manual": false, "any": false,
        "app": {"name": "tr-web", "namespace": "prod", "server": "https://kubernetes.default.svc", "cluster": ""},
    }));
    assert_eq!(theirs["matched"], json!([]));
    let project = project_from_value(&json!({
        "apiVersion": "argoproj.io/v1alpha1", "kind": "AppProject", "metadata": {"name": "p"},
        "spec": {"syncWindows": windows},
    }))
    .unwrap();
    let target = Target {
        app: Some("tr-web".into()),
        namespace: Some("prod".into()),
        cluster: Some("https://kubernetes.default.svc".into()),
    };
    assert!(matching(&project.windows, &target).is_empty());
}

#[test]
fn the_seed_project_agrees_every_half_hour_through_the_freeze() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/argocd/argocd-project.yaml"
    ))
    .unwrap();
    let doc: Value = serde_saphyr::from_str(&text).unwrap();
    let project = project_from_value(&doc).unwrap();
    let windows = doc["spec"]["syncWindows"].clone();
    let target = Target {
        app: Some("tr-web".into()),
        namespace: Some("tr".into()),
        cluster: Some("https://kubernetes.default.svc".into()),
    };
    let matched = matching(&project.windows, &target);
    let mut o = oracle();
    let mut n = 0;
    let mut t = at("2026-11-16T00:00:00Z");
    while t < at("2027-01-08T00:00:00Z") {
        for manual in [false, true] {
            // Edges too: a second either side of every half hour.
            for dt in [-1, 0, 1] {
                let x = t + TimeDelta::seconds(dt);
                let theirs = o.ask(&json!({
                    "op": "cansync", "windows": windows, "at": rfc(x), "manual": manual, "any": false,
                    "app": {"name": "tr-web", "namespace": "tr", "server": "https://kubernetes.default.svc", "cluster": ""},
                }));
                let active: Vec<bool> = matched.iter().map(|w| is_active(w, x)).collect();
                let verdict = decide(&matched, &active, manual);
                assert_eq!(
                    json!(verdict.allowed),
                    theirs["canSync"],
                    "seed at {} manual={manual}",
                    rfc(x)
                );
                n += 1;
            }
        }
        t += TimeDelta::minutes(30);
    }
    eprintln!("the seed's project vs Argo CD: {n} instants, all agree");
}
