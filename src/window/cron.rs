//! Five-field cron schedules with the semantics of robfig/cron v3 as Argo CD configures it
//! (minute hour day-of-month month day-of-week; no seconds, no descriptors such as `@daily`).

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike};

/// Set when a field was written as `*` or `?` (robfig's "star bit"): it changes how
/// day-of-month and day-of-week combine.
const STAR: u64 = 1 << 63;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    minute: u64,
    hour: u64,
    dom: u64,
    month: u64,
    dow: u64,
}

struct Bounds {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [(&'static str, u32)],
}

const MINUTE: Bounds = Bounds {
    name: "minute",
    min: 0,
    max: 59,
    names: &[],
};
const HOUR: Bounds = Bounds {
    name: "hour",
    min: 0,
    max: 23,
    names: &[],
};
const DOM: Bounds = Bounds {
    name: "day of month",
    min: 1,
    max: 31,
    names: &[],
};
const MONTH: Bounds = Bounds {
    name: "month",
    min: 1,
    max: 12,
    names: &[
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("may", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    ],
};
const DOW: Bounds = Bounds {
    name: "day of week",
    min: 0,
    max: 6,
    names: &[
        ("sun", 0),
        ("mon", 1),
        ("tue", 2),
        ("wed", 3),
        ("thu", 4),
        ("fri", 5),
        ("sat", 6),
    ],
};

impl Schedule {
    /// Parses `minute hour dom month dow`, as Argo CD's parser does; errors say which field.
    pub fn parse(spec: &str) -> Result<Self, String> {
        if spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=") {
            // robfig/cron accepts the prefix, and Argo CD then applies two zones: the schedule
            // runs in the prefix's zone (skipping or repeating ticks at DST changes) and is
            // shifted again by the window's timeZone offset. Refused rather than guessed.
            return Err(format!(
                "the TZ=/CRON_TZ= prefix in {spec:?} is not accepted: Argo CD would read the schedule in that zone and shift it again by the window's timeZone; put the zone in the window's timeZone field"
            ));
        }
        let fields: Vec<&str> = spec.split_whitespace().collect();
        if fields.len() != 5 {
            let hint = if spec.trim_start().starts_with('@') {
                " (descriptors such as @daily are not accepted by Argo CD's sync windows)"
            } else {
                ""
            };
            return Err(format!(
                "expected 5 fields (minute hour day-of-month month day-of-week), found {} in {spec:?}{hint}",
                fields.len()
            ));
        }
        Ok(Schedule {
            minute: parse_field(fields[0], &MINUTE)?,
            hour: parse_field(fields[1], &HOUR)?,
            dom: parse_field(fields[2], &DOM)?,
            month: parse_field(fields[3], &MONTH)?,
            dow: parse_field(fields[4], &DOW)?,
        })
    }

    /// True when every minute of every day is a tick.
    pub fn is_every_minute(&self) -> bool {
        let all = |bits: u64, b: &Bounds| (b.min..=b.max).all(|v| bits & (1 << v) != 0);
        all(self.minute, &MINUTE)
            && all(self.hour, &HOUR)
            && all(self.dom, &DOM)
            && all(self.month, &MONTH)
            && all(self.dow, &DOW)
    }

    fn day_matches(&self, date: NaiveDate) -> bool {
        let dom = self.dom & (1 << date.day()) != 0;
        let dow = self.dow & (1 << date.weekday().num_days_from_sunday()) != 0;
        // robfig: if either field is a star, both must match; otherwise either may.
        if self.dom & STAR != 0 || self.dow & STAR != 0 {
            dom && dow
        } else {
            dom || dow
        }
    }

    /// The first tick strictly after `t` (wall-clock time), or `None` when there is none
    /// within five years (robfig's search limit; e.g. `0 0 30 2 *`).
    pub fn next_after(&self, t: NaiveDateTime) -> Option<NaiveDateTime> {
        // robfig's five years count from the year of the next second, not the next minute.
        let year_limit =
            (t.date()
                .and_time(NaiveTime::from_hms_opt(t.hour(), t.minute(), t.second())?)
                + TimeDelta::seconds(1))
            .year()
                + 5;
        let mut t = t
            .date()
            .and_time(NaiveTime::from_hms_opt(t.hour(), t.minute(), 0)?)
            + TimeDelta::minutes(1);
        loop {
            if t.year() > year_limit {
                return None;
            }
            if self.month & (1 << t.month()) == 0 {
                let (y, m) = if t.month() == 12 {
                    (t.year() + 1, 1)
                } else {
                    (t.year(), t.month() + 1)
                };
                t = NaiveDate::from_ymd_opt(y, m, 1)?.and_hms_opt(0, 0, 0)?;
                continue;
            }
            if !self.day_matches(t.date()) {
                t = t.date().succ_opt()?.and_hms_opt(0, 0, 0)?;
                continue;
            }
            if self.hour & (1 << t.hour()) == 0 {
                t = t.date().and_hms_opt(t.hour(), 0, 0)? + TimeDelta::hours(1);
                continue;
            }
            if self.minute & (1 << t.minute()) == 0 {
                t += TimeDelta::minutes(1);
                continue;
            }
            return Some(t);
        }
    }
}

fn parse_field(field: &str, b: &Bounds) -> Result<u64, String> {
    let mut bits = 0u64;
    // robfig skips empty list items (`1,,15` is `1,15`); a field of commas alone matches
    // nothing, so the schedule never fires (and Argo CD then treats the window as active).
    for part in field.split(',').filter(|p| !p.is_empty()) {
        bits |= parse_range(part, b).map_err(|why| format!("{} field {field:?}: {why}", b.name))?;
    }
    Ok(bits)
}

fn parse_range(expr: &str, b: &Bounds) -> Result<u64, String> {
    let (range, step) = match expr.split_once('/') {
        Some((r, s)) => {
            if s.contains('/') {
                return Err(format!("too many slashes in {expr:?}"));
            }
            (r, Some(s))
        }
        None => (expr, None),
    };
    let mut extra = 0;
    let (start, mut end, single) = if range == "*" || range == "?" {
        extra = STAR;
        (u64::from(b.min), u64::from(b.max), false)
    } else if range.starts_with("*-") || range.starts_with("?-") {
        // robfig reads everything after `*-` as nothing: `*-5` is `*`. Surely not what was meant.
        return Err(format!(
            "{expr:?} would mean \"{}\" to Argo CD (robfig/cron ignores what follows \"*-\"); write the star alone or a range such as \"0-5\"",
            expr.replacen(&range[1..], "", 1)
        ));
    } else {
        let mut ends = range.split('-');
        let low = ends.next().unwrap_or_default();
        let start = parse_value(low, b)?;
        match (ends.next(), ends.next()) {
            (None, _) => (start, start, true),
            (Some(high), None) => (start, parse_value(high, b)?, false),
            (Some(_), Some(_)) => return Err(format!("too many hyphens in {expr:?}")),
        }
    };
    let step = match step {
        None => 1,
        Some(s) => {
            let step =
                parse_number(s).map_err(|_| format!("step {s:?} is not a positive number"))?;
            if single {
                // robfig: "N/step" means "N-max/step".
                end = u64::from(b.max);
            }
            if step > 1 {
                extra = 0;
            }
            step
        }
    };
    if start < u64::from(b.min) {
        return Err(format!("{start} is below the minimum {}", b.min));
    }
    if end > u64::from(b.max) {
        return Err(format!("{end} is above the maximum {}", b.max));
    }
    if start > end {
        return Err(format!("range start {start} is after its end {end}"));
    }
    if step == 0 {
        return Err("step must be a positive number".to_string());
    }
    let mut bits = 0u64;
    let mut v = start;
    // 64-bit steps as robfig's: `1/4294967295` is minute 1 alone. `v <= 59` and the step fits
    // in 63 bits, so the sum cannot overflow.
    while v <= end {
        bits |= 1 << v;
        v += step;
    }
    Ok(bits | extra)
}

/// A number as Go's `strconv.Atoi` reads it for robfig (an optional `+`, up to 2^63-1), not
/// negative.
fn parse_number(s: &str) -> Result<u64, ()> {
    match s.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n as u64),
        _ => Err(()),
    }
}

fn parse_value(s: &str, b: &Bounds) -> Result<u64, String> {
    let lower = s.to_ascii_lowercase();
    if let Some(&(_, v)) = b.names.iter().find(|(name, _)| *name == lower) {
        return Ok(u64::from(v));
    }
    parse_number(s).map_err(|_| {
        if b.names.is_empty() {
            format!("{s:?} is not a number")
        } else {
            format!("{s:?} is not a number or a {} name", b.name)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn next(spec: &str, from: &str) -> String {
        Schedule::parse(spec)
            .unwrap()
            .next_after(at(from))
            .map(|t| t.format("%Y-%m-%d %H:%M %a").to_string())
            .unwrap_or_else(|| "never".into())
    }

    #[test]
    fn next_is_strictly_after() {
        assert_eq!(
            next("0 9 * * 1-4", "2026-11-23 09:00"),
            "2026-11-24 09:00 Tue"
        );
        assert_eq!(
            next("0 9 * * 1-4", "2026-11-23 08:59"),
            "2026-11-23 09:00 Mon"
        );
        assert_eq!(
            next("* * * * *", "2026-11-23 08:59"),
            "2026-11-23 09:00 Mon"
        );
    }

    #[test]
    fn seed_schedules() {
        // Thursday 26 Nov 2026 after 09:00 -> next Monday.
        assert_eq!(
            next("0 9 * * 1-4", "2026-11-26 10:00"),
            "2026-11-30 09:00 Mon"
        );
        assert_eq!(
            next("0 14 * * 5", "2026-11-26 10:00"),
            "2026-11-27 14:00 Fri"
        );
        assert_eq!(
            next("0 0 20 12 *", "2026-11-26 10:00"),
            "2026-12-20 00:00 Sun"
        );
        assert_eq!(
            next("0 0 20 12 *", "2026-12-20 00:00"),
            "2027-12-20 00:00 Mon"
        );
    }

    #[test]
    fn lists_ranges_steps_and_names() {
        assert_eq!(
            next("*/15 * * * *", "2026-11-23 09:01"),
            "2026-11-23 09:15 Mon"
        );
        assert_eq!(
            next("5/20 * * * *", "2026-11-23 09:30"),
            "2026-11-23 09:45 Mon"
        );
        assert_eq!(
            next("0 8,17 * * *", "2026-11-23 09:00"),
            "2026-11-23 17:00 Mon"
        );
        assert_eq!(
            next("0 0 * * sat", "2026-11-23 09:00"),
            "2026-11-28 00:00 Sat"
        );
        assert_eq!(
            next("0 0 1 JAN-MAR *", "2026-11-23 09:00"),
            "2027-01-01 00:00 Fri"
        );
        assert_eq!(
            next("0 0 1-7/3 * *", "2026-11-02 09:00"),
            "2026-11-04 00:00 Wed"
        );
    }

    #[test]
    fn day_of_month_and_week_combine_like_robfig() {
        // Both restricted: either matches (the 13th or any Friday).
        assert_eq!(
            next("0 0 13 * 5", "2026-11-23 00:00"),
            "2026-11-27 00:00 Fri"
        );
        assert_eq!(
            next("0 0 13 * 5", "2026-11-28 00:00"),
            "2026-12-04 00:00 Fri"
        );
        // A star in one: both must match.
        assert_eq!(
            next("0 0 * * 5", "2026-11-23 00:00"),
            "2026-11-27 00:00 Fri"
        );
        // `*/2` has no star bit (step > 1), so day-of-week 1 OR odd days.
        assert_eq!(
            next("0 0 */2 * 1", "2026-11-23 00:00"),
            "2026-11-25 00:00 Wed"
        );
    }

    #[test]
    fn impossible_dates_never_fire() {
        assert_eq!(next("0 0 30 2 *", "2026-11-23 00:00"), "never");
    }

    #[test]
    fn robfig_leniencies_are_followed() {
        // Empty list items are skipped; a field of commas alone matches nothing.
        assert_eq!(
            Schedule::parse("1,,15 * * * *").unwrap(),
            Schedule::parse("1,15 * * * *").unwrap()
        );
        assert_eq!(next(", * * * *", "2026-11-23 00:00"), "never");
        // Go's Atoi takes a leading plus sign.
        assert_eq!(
            next("+5 * * * *", "2026-11-23 00:00"),
            "2026-11-23 00:05 Mon"
        );
    }

    #[test]
    fn huge_steps_do_not_wrap_around() {
        // A 32-bit sum would wrap to minute 0; robfig fires at minute 1 only.
        assert_eq!(
            Schedule::parse("1/4294967295 * * * *").unwrap(),
            Schedule::parse("1 * * * *").unwrap()
        );
        assert_eq!(
            Schedule::parse("0/9223372036854775807 * * * *").unwrap(),
            Schedule::parse("0 * * * *").unwrap()
        );
    }

    #[test]
    fn the_five_year_search_counts_from_the_next_second() {
        // Feb 29 every four years; from 2099 robfig searches through 2104, where it finds none
        // (2100 is not a leap year) before its limit... 2104 = 2099 + 5 is in range.
        assert_eq!(
            next("0 0 29 2 *", "2099-12-31 23:59"),
            "2104-02-29 00:00 Fri"
        );
        let s = Schedule::parse("0 0 29 2 *").unwrap();
        let from =
            NaiveDateTime::parse_from_str("2098-12-31 23:59:30", "%Y-%m-%d %H:%M:%S").unwrap();
        // From 23:59:30 the next second is still in 2098: the limit is 2103, before 2104.
        assert_eq!(s.next_after(from), None);
        let from =
            NaiveDateTime::parse_from_str("2098-12-31 23:59:59", "%Y-%m-%d %H:%M:%S").unwrap();
        assert!(s.next_after(from).is_some());
    }

    #[test]
    fn bad_schedules_name_the_field() {
        for (spec, needle) in [
            ("0 9 * *", "expected 5 fields"),
            ("0 0 9 * * 1", "expected 5 fields"),
            ("@daily", "descriptors"),
            (
                "60 * * * *",
                "minute field \"60\": 60 is above the maximum 59",
            ),
            ("* 24 * * *", "hour field"),
            (
                "* * 0 * *",
                "day of month field \"0\": 0 is below the minimum 1",
            ),
            ("* * * 13 *", "month field"),
            ("* * * * 7", "day of week field"),
            ("* * * * mon-", "day of week field"),
            ("*/0 * * * *", "step must be a positive number"),
            ("5-1 * * * *", "range start 5 is after its end 1"),
            ("1-2-3 * * * *", "too many hyphens"),
            ("*/2/3 * * * *", "too many slashes"),
            ("x * * * *", "\"x\" is not a number"),
            ("*-5 * * * *", "would mean \"*\" to Argo CD"),
            ("0 ?-3/2 * * *", "would mean \"?/2\""),
            ("TZ=UTC 0 9 * * *", "TZ=/CRON_TZ= prefix"),
            (
                "CRON_TZ=Europe/Berlin 0 9 * * *",
                "put the zone in the window's timeZone",
            ),
            ("1/-1 * * * *", "step \"-1\" is not a positive number"),
            ("1/9223372036854775808 * * * *", "is not a positive number"),
            ("4294967296 * * * *", "4294967296 is above the maximum 59"),
        ] {
            let err = Schedule::parse(spec).unwrap_err();
            assert!(err.contains(needle), "{spec:?}: {err}");
        }
    }
}
