//! The documented range of every numeric command-line flag (counts, revisions, durations),
//! checked by clap before any command runs: a value outside it is exit 2 naming the flag and
//! the range.
//!
//! The ranges are stated in each flag's `--help` text; `tests` below checks that every flag
//! taking a number or a duration has a range here and that its help text states it.

use std::time::Duration;

use crate::duration::GoDuration;

/// `smoke --count`, `deploy --smoke-count`: attempts per URL.
pub const SMOKE_COUNT: (i64, i64) = (1, 10_000);
/// `smoke --retries`: retries of one failed attempt.
pub const SMOKE_RETRIES: (i64, i64) = (0, 100);
/// `smoke --concurrency`: URLs probed at the same time.
pub const SMOKE_CONCURRENCY: (i64, i64) = (1, 256);
/// `rollback --to-revision` (0: the previous revision) and `rollout history --revision`:
/// revisions are the `deployment.kubernetes.io/revision` annotation, an int64.
pub const TO_REVISION: (i64, i64) = (0, i64::MAX);
pub const REVISION: (i64, i64) = (1, i64::MAX);

/// Parses a whole number and checks it is in `lo..=hi`; the error states the range.
pub fn int_in(text: &str, (lo, hi): (i64, i64)) -> Result<i64, String> {
    text.trim()
        .parse::<i128>()
        .ok()
        .filter(|n| (i128::from(lo)..=i128::from(hi)).contains(n))
        .map(|n| n as i64)
        .ok_or_else(|| format!("expected a whole number from {lo} to {hi}"))
}

/// clap value parsers for the integer flags.
pub fn smoke_count(text: &str) -> Result<u32, String> {
    int_in(text, SMOKE_COUNT).map(|n| n as u32)
}

pub fn smoke_retries(text: &str) -> Result<u32, String> {
    int_in(text, SMOKE_RETRIES).map(|n| n as u32)
}

pub fn smoke_concurrency(text: &str) -> Result<usize, String> {
    int_in(text, SMOKE_CONCURRENCY).map(|n| n as usize)
}

pub fn to_revision(text: &str) -> Result<u64, String> {
    int_in(text, TO_REVISION).map(|n| n as u64)
}

pub fn revision(text: &str) -> Result<u64, String> {
    int_in(text, REVISION).map(|n| n as u64)
}

/// A range of durations, inclusive, with the text the help and the errors show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationRange {
    pub min: Duration,
    pub max: Duration,
    pub text: &'static str,
}

impl DurationRange {
    pub fn contains(&self, d: Duration) -> bool {
        (self.min..=self.max).contains(&d)
    }
}

/// One smoke request (`smoke --timeout`, `deploy --smoke-timeout`). Below a millisecond no
/// timer can tell (tokio's timers tick in milliseconds), so a shorter timeout would be a lie.
pub const REQUEST_TIMEOUT: DurationRange = DurationRange {
    min: Duration::from_millis(1),
    max: Duration::from_secs(3600),
    text: "1ms to 1h",
};

/// The pause between smoke attempts (`smoke --interval`, `deploy --smoke-interval`).
pub const SMOKE_INTERVAL: DurationRange = DurationRange {
    min: Duration::ZERO,
    max: Duration::from_secs(3600),
    text: "0s to 1h",
};

/// How long a command waits for the cluster (`rollout run`, `rollback`, `deploy` and
/// `hooks run` `--timeout`).
pub const WAIT_TIMEOUT: DurationRange = DurationRange {
    min: Duration::from_secs(1),
    max: Duration::from_secs(8760 * 3600),
    text: "1s to 8760h (365 days)",
};

/// Parses a duration flag in Go's syntax and checks it is in `range`; the error is what clap
/// prints after `invalid value 'X' for '--flag <DURATION>'`.
pub fn duration_in(text: &str, range: &DurationRange) -> Result<Duration, String> {
    let d = GoDuration::parse(text).map_err(|e| e.to_string())?;
    if d.is_negative() || !range.contains(d.to_std()) {
        return Err(format!("expected a duration from {}", range.text));
    }
    Ok(d.to_std())
}

/// clap value parsers: they check the range and keep the text as given.
pub fn request_timeout(text: &str) -> Result<String, String> {
    duration_in(text, &REQUEST_TIMEOUT).map(|_| text.to_string())
}

pub fn smoke_interval(text: &str) -> Result<String, String> {
    duration_in(text, &SMOKE_INTERVAL).map(|_| text.to_string())
}

pub fn wait_timeout(text: &str) -> Result<String, String> {
    duration_in(text, &WAIT_TIMEOUT).map(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    /// Every flag that takes a number or a duration: (command path, flag, lowest, highest, the
    /// range as its help states it). `None` bounds are durations, checked through their parser.
    fn table() -> Vec<(&'static str, &'static str, String, String, String)> {
        let int = |(lo, hi): (i64, i64)| (lo.to_string(), hi.to_string(), format!("{lo} to {hi}"));
        let dur = |r: &DurationRange| {
            let fmt = |d: Duration| format!("{}ms", d.as_millis());
            (fmt(r.min), fmt(r.max), r.text.to_string())
        };
        let mut rows = Vec::new();
        let mut add = |cmd: &'static str, flag: &'static str, (lo, hi, text)| {
            rows.push((cmd, flag, lo, hi, text));
        };
        add("smoke", "count", int(SMOKE_COUNT));
        add("smoke", "retries", int(SMOKE_RETRIES));
        add("smoke", "concurrency", int(SMOKE_CONCURRENCY));
        add("smoke", "timeout", dur(&REQUEST_TIMEOUT));
        add("smoke", "interval", dur(&SMOKE_INTERVAL));
        add("deploy", "smoke_count", int(SMOKE_COUNT));
        add("deploy", "smoke_timeout", dur(&REQUEST_TIMEOUT));
        add("deploy", "smoke_interval", dur(&SMOKE_INTERVAL));
        add("deploy", "timeout", dur(&WAIT_TIMEOUT));
        add("rollback", "to_revision", int(TO_REVISION));
        add("rollback", "timeout", dur(&WAIT_TIMEOUT));
        add("rollout run", "timeout", dur(&WAIT_TIMEOUT));
        add("flags rollout", "timeout", dur(&WAIT_TIMEOUT));
        add("flags rollout", "pause", dur(&WAIT_TIMEOUT));
        add("rollout history", "revision", int(REVISION));
        add("hooks run", "timeout", dur(&WAIT_TIMEOUT));
        // Checked by its own parser (two decimals), before the flag store is read.
        add(
            "flags enable",
            "percentage",
            ("0".into(), "100".into(), "0 to 100".into()),
        );
        // Owned by the window engine, ranged there (`window next --days`).
        add(
            "window next",
            "days",
            ("1s".into(), "8784h".into(), "1s to 8784h".into()),
        );
        rows
    }

    fn find<'a>(cmd: &'a clap::Command, path: &str) -> &'a clap::Command {
        path.split(' ')
            .fold(cmd, |c, name| c.find_subcommand(name).unwrap())
    }

    #[test]
    fn every_numeric_flag_has_a_range_stated_in_its_help() {
        let cli = Cli::command();
        let rows = table();
        for (path, flag, _, _, text) in &rows {
            let cmd = find(&cli, path);
            let arg = cmd
                .get_arguments()
                .find(|a| a.get_id() == *flag)
                .unwrap_or_else(|| panic!("{path} has no flag {flag}"));
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            assert!(
                help.contains(text.as_str()),
                "{path} --{flag}: help {help:?} does not state the range {text:?}"
            );
        }
        // Completeness: any flag whose value is a number or a duration is in the table.
        fn walk(cmd: &clap::Command, path: String, out: &mut Vec<(String, String)>) {
            for a in cmd.get_arguments() {
                let names = a
                    .get_value_names()
                    .map(|v| v.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                    .unwrap_or_default();
                if names
                    .iter()
                    .any(|n| n == "N" || n == "DURATION" || n == "P")
                {
                    out.push((path.trim().to_string(), a.get_id().to_string()));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, format!("{path} {}", sub.get_name()), out);
            }
        }
        let mut numeric = Vec::new();
        walk(&cli, String::new(), &mut numeric);
        for (path, id) in numeric {
            assert!(
                rows.iter().any(|(p, f, ..)| *p == path && *f == id),
                "{path} --{id} takes a number or duration but has no documented range"
            );
        }
    }

    /// The words of a command line that parses, for `path`.
    fn base(path: &str) -> Vec<&'static str> {
        match path {
            "smoke" => vec!["smoke", "http://127.0.0.1/"],
            "deploy" => vec!["deploy", "deployment/web", "--image", "app=nginx"],
            "rollback" => vec!["rollback", "deployment/web"],
            "rollout run" => vec!["rollout", "run", "web"],
            "flags rollout" => vec!["flags", "rollout", "f", "--configmap", "c"],
            "rollout history" => vec!["rollout", "history", "deployment/web"],
            "hooks run" => vec!["hooks", "run", "--phase", "Sync", "dir"],
            "window next" => vec!["window", "next", "--project", "p.yaml"],
            other => panic!("no command line for {other}"),
        }
    }

    #[test]
    fn values_just_outside_a_range_are_refused_and_its_bounds_accepted() {
        use clap::Parser;
        for (path, flag, lo, hi, text) in table() {
            let parse = |v: &str| {
                let mut argv = vec!["kubectl-rollouts"];
                argv.extend(base(path));
                let arg = format!("--{}={v}", flag.replace('_', "-"));
                argv.push(&arg);
                Cli::try_parse_from(argv)
            };
            if path == "window next" || path == "flags enable" {
                continue;
            }
            assert!(parse(&lo).is_ok(), "{path} --{flag} {lo} refused");
            assert!(parse(&hi).is_ok(), "{path} --{flag} {hi} refused");
            let below = match lo.strip_suffix("ms") {
                Some("0") => "-1ms".to_string(),
                Some(ms) => format!("{}us", ms.parse::<u64>().unwrap() * 1000 - 1),
                None => (lo.parse::<i128>().unwrap() - 1).to_string(),
            };
            let above = match hi.strip_suffix("ms") {
                Some(ms) => format!("{}ms", ms.parse::<u64>().unwrap() + 1),
                None => (hi.parse::<i128>().unwrap() + 1).to_string(),
            };
            for v in [below, above] {
                let err = parse(&v).expect_err(&format!("{path} --{flag} {v} accepted"));
                assert_eq!(err.exit_code(), 2);
                let msg = err.to_string();
                assert!(
                    msg.contains(&format!("--{}", flag.replace('_', "-"))) && msg.contains(&text),
                    "{path} --{flag} {v}: {msg}"
                );
            }
        }
    }
}
