//! Is a sync allowed at an instant, and when does that change: Argo CD's `SyncWindows.CanSync`
//! over the windows that match an application, evaluated at an explicit instant.
//!
//! A window is active at `t` when one of its ticks `T` (wall clock in its time zone) has
//! `t - duration < T < t`. Ticks are turned into instants with the time zone's offset at the
//! tick itself, so evaluation stays right across DST changes (Argo CD applies the offset of
//! the current moment to every tick; the two agree whenever both offsets are the same).

use chrono::offset::LocalResult;
use chrono::{DateTime, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::project::{Kind, Target, Window};

/// How far ahead "when does this change" looks.
pub const HORIZON_DAYS: i64 = 366;

/// How many window flips a search for the next change walks at most.
pub const MAX_FLIPS: usize = 50_000;

/// Why a sync is allowed or blocked, in the order Argo CD checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "rule")]
pub enum Reason {
    /// No window applies to the application: syncs are always allowed.
    NoMatchingWindows,
    /// An active deny window blocks the sync.
    ActiveDeny { windows: Vec<usize> },
    /// Every active deny window has `manualSync: true`, so this manual sync passes.
    ActiveDenyManualSync { windows: Vec<usize> },
    /// No deny is active and an allow window is.
    ActiveAllow { windows: Vec<usize> },
    /// Allow windows exist but none is active.
    OutsideAllowWindows { windows: Vec<usize> },
    /// Outside every allow window, but they all have `manualSync: true`, so this manual sync passes.
    OutsideAllowWindowsManualSync { windows: Vec<usize> },
    /// Only deny windows apply and none is active.
    NoActiveWindow,
}

impl Reason {
    /// The windows that decided, by index.
    pub fn windows(&self) -> &[usize] {
        match self {
            Reason::ActiveDeny { windows }
            | Reason::ActiveDenyManualSync { windows }
            | Reason::ActiveAllow { windows }
            | Reason::OutsideAllowWindows { windows }
            | Reason::OutsideAllowWindowsManualSync { windows } => windows,
            Reason::NoMatchingWindows | Reason::NoActiveWindow => &[],
        }
    }

    pub fn describe(&self) -> &'static str {
        match self {
            Reason::NoMatchingWindows => "no sync window applies",
            Reason::ActiveDeny { .. } => "a deny window is active",
            Reason::ActiveDenyManualSync { .. } => {
                "a deny window is active, but all active deny windows allow manual syncs"
            }
            Reason::ActiveAllow { .. } => "an allow window is active and no deny window is",
            Reason::OutsideAllowWindows { .. } => "outside every allow window",
            Reason::OutsideAllowWindowsManualSync { .. } => {
                "outside every allow window, but they all allow manual syncs"
            }
            Reason::NoActiveWindow => "no deny window is active and there are no allow windows",
        }
    }
}

/// The answer at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub allowed: bool,
    pub reason: Reason,
}

/// An active window, with when its current active period started and ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActiveWindow {
    pub index: usize,
    /// The tick that opened the current period (`None`: the schedule never fires, which Argo
    /// CD treats as always active).
    pub since: Option<DateTime<Utc>>,
    /// When the window stops being active (`None`: not within the horizon).
    pub until: Option<DateTime<Utc>>,
}

/// A change of the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub at: DateTime<Utc>,
    pub allowed: bool,
    pub reason: Reason,
}

/// A period of constant answer, for the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub allowed: bool,
    pub reason: Reason,
}

/// The wall-clock time of an instant in a time zone.
fn wall(t: DateTime<Utc>, tz: Tz) -> NaiveDateTime {
    t.with_timezone(&tz).naive_local()
}

/// The instant of a wall-clock time: the earlier one when the clock goes back, and in a gap
/// (clock goes forward) the wall time read with the offset before the gap, as Go normalises.
fn instant(w: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&w) {
        LocalResult::Single(t) => t.to_utc(),
        LocalResult::Ambiguous(a, _) => a.to_utc(),
        LocalResult::None => {
            let before = tz
                .offset_from_utc_datetime(&(w - TimeDelta::hours(24)))
                .fix();
            Utc.from_utc_datetime(&(w - TimeDelta::seconds(before.local_minus_utc() as i64)))
        }
    }
}

/// The first tick of `window` strictly after `t`, or `None` if it never fires again.
pub fn next_tick_after(window: &Window, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let mut w = wall(t, window.time_zone);
    loop {
        w = window.schedule.next_after(w)?;
        let at = instant(w, window.time_zone);
        if at > t {
            return Some(at);
        }
    }
}

/// Whether `window` is active at `t`.
pub fn is_active(window: &Window, t: DateTime<Utc>) -> bool {
    let d = window.duration.to_chrono();
    // A zero or negative duration is never active (the next tick after `t - d` is not before
    // `t`), except when the schedule never fires: see below.
    match next_tick_after(window, t - d) {
        Some(tick) => tick < t,
        // robfig/cron returns the zero time when nothing fires within five years, and the
        // zero time is before every instant: Argo CD treats the window as active.
        None => true,
    }
}

/// For a window active at `t`: when its active period began and when it ends (`None` when it
/// does not end before `horizon`).
pub(crate) fn active_period(
    window: &Window,
    t: DateTime<Utc>,
    horizon: DateTime<Utc>,
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let d = window.duration.to_chrono();
    let Some(first) = next_tick_after(window, t - d) else {
        return (None, None);
    };
    let mut last = first;
    let mut end = first + d;
    // Ticks closer together than the duration chain into one period; jump by half the
    // duration at a time so dense schedules (every minute, 24h) take few steps.
    while end <= horizon {
        let probe = (end - d / 2).max(last);
        let next = next_tick_after(window, probe)
            .filter(|&c| c < end)
            .or_else(|| next_tick_after(window, last).filter(|&c| c < end));
        match next {
            Some(c) => {
                last = c;
                end = c + d;
            }
            None => return (Some(first), Some(end)),
        }
    }
    (Some(first), None)
}

/// The next instant after `t` at which `window` turns active or inactive.
fn next_flip(window: &Window, t: DateTime<Utc>, horizon: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if window.duration.to_chrono() <= TimeDelta::zero() {
        return None;
    }
    let flip = if is_active(window, t) {
        active_period(window, t, horizon).1
    } else {
        // A tick exactly at `t` opens the window right after `t`.
        next_tick_after(window, t - TimeDelta::nanoseconds(1))
    };
    flip.filter(|&f| f <= horizon)
}

/// Argo CD's `CanSync` over `windows` given which of them are active.
pub fn decide(windows: &[&Window], active: &[bool], manual: bool) -> Verdict {
    if windows.is_empty() {
        return Verdict {
            allowed: true,
            reason: Reason::NoMatchingWindows,
        };
    }
    let pick = |kind: Kind, want_active: bool| -> Vec<&Window> {
        windows
            .iter()
            .zip(active)
            .filter(|(w, a)| w.kind == kind && **a == want_active)
            .map(|(w, _)| *w)
            .collect()
    };
    let indexes = |ws: &[&Window]| ws.iter().map(|w| w.index).collect::<Vec<_>>();
    let active_denies = pick(Kind::Deny, true);
    if !active_denies.is_empty() {
        let windows = indexes(&active_denies);
        return if manual && active_denies.iter().all(|w| w.manual_sync) {
            Verdict {
                allowed: true,
                reason: Reason::ActiveDenyManualSync { windows },
            }
        } else {
            Verdict {
                allowed: false,
                reason: Reason::ActiveDeny { windows },
            }
        };
    }
    let active_allows = pick(Kind::Allow, true);
    if !active_allows.is_empty() {
        return Verdict {
            allowed: true,
            reason: Reason::ActiveAllow {
                windows: indexes(&active_allows),
            },
        };
    }
    let inactive_allows = pick(Kind::Allow, false);
    if !inactive_allows.is_empty() {
        let windows = indexes(&inactive_allows);
        return if manual && inactive_allows.iter().all(|w| w.manual_sync) {
            Verdict {
                allowed: true,
                reason: Reason::OutsideAllowWindowsManualSync { windows },
            }
        } else {
            Verdict {
                allowed: false,
                reason: Reason::OutsideAllowWindows { windows },
            }
        };
    }
    Verdict {
        allowed: true,
        reason: Reason::NoActiveWindow,
    }
}

/// The full answer for one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub at: DateTime<Utc>,
    pub manual: bool,
    pub allowed: bool,
    pub reason: Reason,
    /// Windows that apply to the target, by index.
    pub matched: Vec<usize>,
    pub active: Vec<ActiveWindow>,
    /// The next time the answer changes, within [`HORIZON_DAYS`].
    pub next_change: Option<Change>,
    /// How far the search for `next_change` looked: the horizon, or earlier when it stopped
    /// after [`MAX_FLIPS`] window changes (then a change may come after this instant).
    pub searched_until: DateTime<Utc>,
}

/// The windows of a project that apply to `target`.
pub fn matching<'a>(windows: &'a [Window], target: &Target) -> Vec<&'a Window> {
    windows.iter().filter(|w| w.matches(target)).collect()
}

fn verdict_at(windows: &[&Window], t: DateTime<Utc>, manual: bool) -> Verdict {
    let active: Vec<bool> = windows.iter().map(|w| is_active(w, t)).collect();
    decide(windows, &active, manual)
}

/// Walks the instants where some window flips, from `from` to `until`, calling `visit` with
/// each flip instant and the verdict just after it; stops when `visit` returns false.
///
/// Returns `Some(t)` when it stopped after [`MAX_FLIPS`] flips: the verdict is known up to
/// `t` (the first flip it did not look at), not after it.
fn walk_flips(
    windows: &[&Window],
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    manual: bool,
    mut visit: impl FnMut(DateTime<Utc>, Verdict) -> bool,
) -> Option<DateTime<Utc>> {
    let mut flips: Vec<Option<DateTime<Utc>>> =
        windows.iter().map(|w| next_flip(w, from, until)).collect();
    let epsilon = TimeDelta::nanoseconds(1);
    // Dense windows that flip without changing the answer (e.g. a 30s window every minute under
    // an always-on allow) would otherwise take a million steps to cover the horizon.
    let mut walked = 0;
    while let Some(at) = flips.iter().flatten().min().copied() {
        if walked == MAX_FLIPS {
            return Some(at);
        }
        walked += 1;
        // The answer just after `at`: windows are open intervals (T, T + duration).
        let after = at + epsilon;
        for (flip, w) in flips.iter_mut().zip(windows) {
            if *flip == Some(at) {
                *flip = next_flip(w, after, until);
            }
        }
        if !visit(at, verdict_at(windows, after, manual)) {
            return None;
        }
    }
    None
}

/// Evaluates `windows` (already matched to the target) at `at`.
pub fn evaluate(windows: &[&Window], at: DateTime<Utc>, manual: bool) -> Evaluation {
    let horizon = at + TimeDelta::days(HORIZON_DAYS);
    let verdict = verdict_at(windows, at, manual);
    let active = windows
        .iter()
        .filter(|w| is_active(w, at))
        .map(|w| {
            let (since, until) = active_period(w, at, horizon);
            ActiveWindow {
                index: w.index,
                since,
                until,
            }
        })
        .collect();
    let mut next_change = None;
    let stopped = walk_flips(windows, at, horizon, manual, |t, v| {
        if v.allowed != verdict.allowed {
            next_change = Some(Change {
                at: t,
                allowed: v.allowed,
                reason: v.reason,
            });
            false
        } else {
            true
        }
    });
    Evaluation {
        at,
        manual,
        allowed: verdict.allowed,
        reason: verdict.reason,
        matched: windows.iter().map(|w| w.index).collect(),
        active,
        next_change,
        searched_until: stopped.unwrap_or(horizon),
    }
}

/// The periods of constant answer from `from`, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Calendar {
    pub periods: Vec<Period>,
    /// Set when the walk stopped after [`MAX_FLIPS`] window changes: the last period ends
    /// there (it is true up to that instant) and nothing after it was computed.
    pub stopped_at: Option<DateTime<Utc>>,
}

/// The periods of constant answer between `from` and `to`.
pub fn calendar(
    windows: &[&Window],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    manual: bool,
) -> Calendar {
    let first = verdict_at(windows, from, manual);
    let mut periods = vec![Period {
        from,
        to,
        allowed: first.allowed,
        reason: first.reason,
    }];
    let stopped_at = walk_flips(windows, from, to, manual, |t, v| {
        let current = periods.last_mut().expect("starts with one period");
        if current.allowed != v.allowed || current.reason != v.reason {
            current.to = t;
            periods.push(Period {
                from: t,
                to,
                allowed: v.allowed,
                reason: v.reason,
            });
        }
        true
    });
    if let Some(t) = stopped_at {
        periods.last_mut().expect("starts with one period").to = t;
    }
    Calendar {
        periods,
        stopped_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_walk_cap_is_reported_never_a_false_row() {
        // Window #0 flips twice a minute all year without changing the answer (#1 is active
        // all the time); the deny (#2) starts after the cap, in June.
        let p = project(
            "    - {kind: allow, schedule: '* * * * *', duration: 30s, applications: ['*']}\n    - {kind: allow, schedule: '* * * * *', duration: 24h, applications: ['*']}\n    - {kind: deny, schedule: '0 0 1 6 *', duration: 1h, applications: ['*']}\n",
        );
        let ws: Vec<&Window> = p.windows.iter().collect();
        let from = at("2026-01-01T00:00:00Z");
        let c = calendar(&ws, from, from + TimeDelta::days(200), false);
        let stopped = c.stopped_at.expect("50,000 flips are 25,000 minutes");
        assert!(stopped < at("2026-06-01T00:00:00Z"), "{stopped}");
        let last = c.periods.last().unwrap();
        assert_eq!(last.to, stopped, "the last row ends where the walk stopped");
        assert!(last.allowed);
        let e = evaluate(&ws, from, false);
        assert_eq!(e.next_change, None);
        assert_eq!(
            e.searched_until, stopped,
            "the check says how far it looked"
        );
        // Without the dense window the deny is found.
        let ws = [&p.windows[1], &p.windows[2]];
        let e = evaluate(&ws, from, false);
        assert_eq!(
            e.next_change.map(|c| c.at),
            Some(at("2026-06-01T00:00:00Z"))
        );
        assert_eq!(e.searched_until, from + TimeDelta::days(HORIZON_DAYS));
    }
    use crate::window::project::{Project, parse_project};

    const SEED: &str = include_str!("../../examples/argocd/argocd-project.yaml");

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn project(windows: &str) -> Project {
        parse_project(&format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: p\nspec:\n  syncWindows:\n{windows}"
        ))
        .unwrap()
    }

    fn check(p: &Project, t: &str, manual: bool) -> Evaluation {
        let ws: Vec<&Window> = p.windows.iter().collect();
        evaluate(&ws, at(t), manual)
    }

    /// (instant, manual, allowed, rule, deciding windows, next change)
    type Case = (
        &'static str,
        bool,
        bool,
        &'static str,
        &'static [usize],
        Option<&'static str>,
    );

    fn run(p: &Project, cases: &[Case]) {
        for &(t, manual, allowed, rule, windows, next) in cases {
            let e = check(p, t, manual);
            let got_rule = serde_json::to_value(&e.reason).unwrap()["rule"]
                .as_str()
                .unwrap()
                .to_string();
            assert_eq!(
                (e.allowed, got_rule.as_str(), e.reason.windows()),
                (allowed, rule, windows),
                "at {t} manual={manual}"
            );
            assert_eq!(
                e.next_change.as_ref().map(|c| c.at),
                next.map(at),
                "next change from {t} manual={manual}"
            );
        }
    }

    #[test]
    fn seed_project_at_many_instants() {
        let p = parse_project(SEED).unwrap();
        run(
            &p,
            &[
                // Rule "active allow": Monday 10:00, inside Mon-Thu 09-16 and the always-on allow.
                (
                    "2026-11-23T10:00:00Z",
                    false,
                    true,
                    "active-allow",
                    &[0, 3],
                    Some("2026-11-27T14:00:00Z"),
                ),
                // Sunday: only the always-on allow (#3) is active, so automated syncs pass too.
                (
                    "2026-11-29T03:00:00Z",
                    false,
                    true,
                    "active-allow",
                    &[3],
                    Some("2026-12-04T14:00:00Z"),
                ),
                // Rule "active deny blocks": Friday 15:00 inside the Friday deny.
                (
                    "2026-11-27T15:00:00Z",
                    false,
                    false,
                    "active-deny",
                    &[1],
                    Some("2026-11-28T00:00:00Z"),
                ),
                // A manual sync does not pass: the deny has no manualSync (the allow's does not count).
                (
                    "2026-11-27T15:00:00Z",
                    true,
                    false,
                    "active-deny",
                    &[1],
                    Some("2026-11-28T00:00:00Z"),
                ),
                // Friday 13:59: not yet denied.
                (
                    "2026-11-27T13:59:00Z",
                    false,
                    true,
                    "active-allow",
                    &[3],
                    Some("2026-11-27T14:00:00Z"),
                ),
                // Exactly at the tick the window is not active yet (T < now is strict).
                (
                    "2026-11-27T14:00:00Z",
                    false,
                    true,
                    "active-allow",
                    &[3],
                    Some("2026-11-27T14:00:00Z"),
                ),
                // Exactly at tick + duration the window has closed (now - duration < T is strict).
                (
                    "2026-11-28T00:00:00Z",
                    false,
                    true,
                    "active-allow",
                    &[3],
                    Some("2026-12-04T14:00:00Z"),
                ),
                // End-of-year freeze: Christmas Eve (a Thursday, so #0 is active too; deny wins).
                (
                    "2026-12-24T12:00:00Z",
                    false,
                    false,
                    "active-deny",
                    &[2],
                    Some("2027-01-01T00:00:00Z"),
                ),
                // Freeze plus the Friday deny on Christmas Day.
                (
                    "2026-12-25T15:00:00Z",
                    true,
                    false,
                    "active-deny",
                    &[1, 2],
                    Some("2027-01-01T00:00:00Z"),
                ),
                // The freeze ends exactly 288h after Dec 20 00:00.
                (
                    "2027-01-01T00:00:00Z",
                    false,
                    true,
                    "active-allow",
                    &[3],
                    Some("2027-01-01T14:00:00Z"),
                ),
            ],
        );
    }

    #[test]
    fn without_the_always_on_window_allow_windows_gate_syncs() {
        let mut p = parse_project(SEED).unwrap();
        p.windows.truncate(3);
        run(
            &p,
            &[
                // Rule "outside allow windows": Sunday is blocked.
                (
                    "2026-11-29T03:00:00Z",
                    false,
                    false,
                    "outside-allow-windows",
                    &[0],
                    Some("2026-11-30T09:00:00Z"),
                ),
                (
                    "2026-11-30T09:00:00Z",
                    false,
                    false,
                    "outside-allow-windows",
                    &[0],
                    Some("2026-11-30T09:00:00Z"),
                ),
                (
                    "2026-11-30T09:00:01Z",
                    false,
                    true,
                    "active-allow",
                    &[0],
                    Some("2026-11-30T16:00:00Z"),
                ),
                (
                    "2026-11-30T15:59:59Z",
                    false,
                    true,
                    "active-allow",
                    &[0],
                    Some("2026-11-30T16:00:00Z"),
                ),
                (
                    "2026-11-30T16:00:00Z",
                    false,
                    false,
                    "outside-allow-windows",
                    &[0],
                    Some("2026-12-01T09:00:00Z"),
                ),
            ],
        );
    }

    #[test]
    fn manual_sync_rules() {
        // One deny with manualSync: manual syncs pass, automated ones don't.
        let p = project(
            "    - {kind: deny, schedule: '0 0 * * *', duration: 24h, applications: ['*'], manualSync: true}\n",
        );
        run(
            &p,
            &[
                (
                    "2026-11-23T10:00:00Z",
                    true,
                    true,
                    "active-deny-manual-sync",
                    &[0],
                    None,
                ),
                (
                    "2026-11-23T10:00:00Z",
                    false,
                    false,
                    "active-deny",
                    &[0],
                    None,
                ),
            ],
        );
        // Two active denies, only one with manualSync: manual syncs are blocked.
        let p = project(
            "    - {kind: deny, schedule: '0 0 * * *', duration: 24h, applications: ['*'], manualSync: true}\n    - {kind: deny, schedule: '0 10 * * *', duration: 1h, applications: ['*']}\n",
        );
        run(
            &p,
            &[
                (
                    "2026-11-23T10:30:00Z",
                    true,
                    false,
                    "active-deny",
                    &[0, 1],
                    Some("2026-11-23T11:00:00Z"),
                ),
                (
                    "2026-11-23T11:30:00Z",
                    true,
                    true,
                    "active-deny-manual-sync",
                    &[0],
                    Some("2026-11-24T10:00:00Z"),
                ),
            ],
        );
        // Outside allow windows that all have manualSync: manual passes, automated is blocked.
        let p = project(
            "    - {kind: allow, schedule: '0 9 * * *', duration: 1h, applications: ['*'], manualSync: true}\n",
        );
        run(
            &p,
            &[
                (
                    "2026-11-23T12:00:00Z",
                    true,
                    true,
                    "outside-allow-windows-manual-sync",
                    &[0],
                    None,
                ),
                (
                    "2026-11-23T12:00:00Z",
                    false,
                    false,
                    "outside-allow-windows",
                    &[0],
                    Some("2026-11-24T09:00:00Z"),
                ),
            ],
        );
        // One of two inactive allows lacks manualSync: manual is blocked too.
        let p = project(
            "    - {kind: allow, schedule: '0 9 * * *', duration: 1h, applications: ['*'], manualSync: true}\n    - {kind: allow, schedule: '0 20 * * *', duration: 1h, applications: ['*']}\n",
        );
        run(
            &p,
            &[(
                "2026-11-23T12:00:00Z",
                true,
                false,
                "outside-allow-windows",
                &[0, 1],
                Some("2026-11-23T20:00:00Z"),
            )],
        );
    }

    #[test]
    fn only_inactive_denies_or_no_windows_allow() {
        let p = project(
            "    - {kind: deny, schedule: '0 22 * * *', duration: 1h, applications: ['*']}\n",
        );
        run(
            &p,
            &[(
                "2026-11-23T12:00:00Z",
                false,
                true,
                "no-active-window",
                &[],
                Some("2026-11-23T22:00:00Z"),
            )],
        );
        let empty = Project {
            name: "p".into(),
            windows: vec![],
        };
        run(
            &empty,
            &[(
                "2026-11-23T12:00:00Z",
                false,
                true,
                "no-matching-windows",
                &[],
                None,
            )],
        );
    }

    #[test]
    fn time_zones_use_the_offset_at_the_tick() {
        // 09:00 Berlin is 08:00Z in winter (CET) and 07:00Z in summer (CEST).
        let p = project(
            "    - {kind: allow, schedule: '0 9 * * *', duration: 1h, applications: ['*'], timeZone: Europe/Berlin}\n",
        );
        run(
            &p,
            &[
                (
                    "2026-03-27T08:30:00Z",
                    false,
                    true,
                    "active-allow",
                    &[0],
                    Some("2026-03-27T09:00:00Z"),
                ),
                (
                    "2026-03-27T07:30:00Z",
                    false,
                    false,
                    "outside-allow-windows",
                    &[0],
                    Some("2026-03-27T08:00:00Z"),
                ),
                (
                    "2026-03-30T07:30:00Z",
                    false,
                    true,
                    "active-allow",
                    &[0],
                    Some("2026-03-30T08:00:00Z"),
                ),
                (
                    "2026-03-30T08:30:00Z",
                    false,
                    false,
                    "outside-allow-windows",
                    &[0],
                    Some("2026-03-31T07:00:00Z"),
                ),
            ],
        );
        // A window spanning the spring-forward night lasts its real duration.
        let p = project(
            "    - {kind: deny, schedule: '0 1 29 3 *', duration: 3h, applications: ['*'], timeZone: Europe/Berlin}\n",
        );
        run(
            &p,
            &[
                (
                    "2026-03-29T02:30:00Z",
                    false,
                    false,
                    "active-deny",
                    &[0],
                    Some("2026-03-29T03:00:00Z"),
                ),
                (
                    "2026-03-29T03:00:00Z",
                    false,
                    true,
                    "no-active-window",
                    &[],
                    Some("2027-03-28T23:00:00Z"),
                ),
            ],
        );
    }

    #[test]
    fn a_schedule_that_never_fires_is_always_active_as_in_argo_cd() {
        let p = project(
            "    - {kind: deny, schedule: '0 0 30 2 *', duration: 1h, applications: ['*']}\n",
        );
        run(
            &p,
            &[(
                "2026-11-23T12:00:00Z",
                false,
                false,
                "active-deny",
                &[0],
                None,
            )],
        );
        // Whatever its duration: Argo CD compares robfig's zero time, not the duration.
        let p = project(
            "    - {kind: deny, schedule: '0 * 31 2 *', duration: 0s, applications: ['*']}\n",
        );
        run(
            &p,
            &[(
                "2026-03-29T01:00:00Z",
                false,
                false,
                "active-deny",
                &[0],
                None,
            )],
        );
    }

    #[test]
    fn calendar_lists_open_and_closed_periods() {
        let mut p = parse_project(SEED).unwrap();
        p.windows.truncate(3);
        let ws: Vec<&Window> = p.windows.iter().collect();
        let periods = calendar(
            &ws,
            at("2026-11-23T00:00:00Z"),
            at("2026-11-25T00:00:00Z"),
            false,
        )
        .periods;
        let summary: Vec<(String, String, bool)> = periods
            .iter()
            .map(|p| (p.from.to_rfc3339(), p.to.to_rfc3339(), p.allowed))
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "2026-11-23T00:00:00+00:00".into(),
                    "2026-11-23T09:00:00+00:00".into(),
                    false
                ),
                (
                    "2026-11-23T09:00:00+00:00".into(),
                    "2026-11-23T16:00:00+00:00".into(),
                    true
                ),
                (
                    "2026-11-23T16:00:00+00:00".into(),
                    "2026-11-24T09:00:00+00:00".into(),
                    false
                ),
                (
                    "2026-11-24T09:00:00+00:00".into(),
                    "2026-11-24T16:00:00+00:00".into(),
                    true
                ),
                (
                    "2026-11-24T16:00:00+00:00".into(),
                    "2026-11-25T00:00:00+00:00".into(),
                    false
                ),
            ]
        );
    }
}
