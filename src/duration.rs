//! Go's duration syntax (`time.ParseDuration`), used by Argo CD windows and Argo Rollouts.
//!
//! `7h`, `90m`, `1h30m`, `1.5h`, `300ms`, `-2s`; a bare `0` is zero. Anything else is an error
//! that says what was expected, never a silent default.

use std::fmt;

/// A signed duration with nanosecond precision, as Go's `time.Duration`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct GoDuration {
    nanos: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDurationError(pub String);

impl fmt::Display for ParseDurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseDurationError {}

const UNITS: &[(&str, u64)] = &[
    ("ns", 1),
    ("us", 1_000),
    ("µs", 1_000),
    ("μs", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

impl GoDuration {
    pub const ZERO: GoDuration = GoDuration { nanos: 0 };

    pub fn from_secs(secs: i64) -> Self {
        GoDuration {
            nanos: secs.saturating_mul(1_000_000_000),
        }
    }

    pub fn from_nanos(nanos: i64) -> Self {
        GoDuration { nanos }
    }

    pub fn as_nanos(self) -> i64 {
        self.nanos
    }

    pub fn is_negative(self) -> bool {
        self.nanos < 0
    }

    /// As a chrono duration (for arithmetic on instants).
    pub fn to_chrono(self) -> chrono::TimeDelta {
        chrono::TimeDelta::nanoseconds(self.nanos)
    }

    /// As a std duration; negative durations become zero.
    pub fn to_std(self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.nanos.max(0) as u64)
    }

    /// A command-line flag's duration: a Go duration that is not negative (exit 2 naming the
    /// flag otherwise).
    pub fn parse_flag(flag: &str, input: &str) -> Result<std::time::Duration, crate::error::Error> {
        let d = GoDuration::parse(input).map_err(|e| crate::error::Error::flag(flag, e))?;
        if d.is_negative() {
            return Err(crate::error::Error::flag(
                flag,
                format!("{input:?} is negative; expected a duration such as 30s or 5m"),
            ));
        }
        Ok(d.to_std())
    }

    /// Parses Go's duration syntax exactly as `time.ParseDuration` does.
    pub fn parse(input: &str) -> Result<Self, ParseDurationError> {
        let err = |why: &str| {
            ParseDurationError(format!(
                "invalid duration {input:?}: {why} (expected e.g. \"30s\", \"90m\", \"1h30m\", units ns us ms s m h)"
            ))
        };
        let mut s = input;
        let mut negative = false;
        if let Some(rest) = s.strip_prefix('-') {
            negative = true;
            s = rest;
        } else if let Some(rest) = s.strip_prefix('+') {
            s = rest;
        }
        if s == "0" {
            return Ok(GoDuration::ZERO);
        }
        if s.is_empty() {
            return Err(err("empty"));
        }
        let mut total: u128 = 0;
        while !s.is_empty() {
            let int_len = s.bytes().take_while(u8::is_ascii_digit).count();
            let int_part = &s[..int_len];
            s = &s[int_len..];
            let mut frac_part = "";
            if let Some(rest) = s.strip_prefix('.') {
                let frac_len = rest.bytes().take_while(u8::is_ascii_digit).count();
                frac_part = &rest[..frac_len];
                s = &rest[frac_len..];
            }
            if int_part.is_empty() && frac_part.is_empty() {
                return Err(err("expected a number"));
            }
            let unit_len = s
                .char_indices()
                .find(|(_, c)| c.is_ascii_digit() || *c == '.')
                .map(|(i, _)| i)
                .unwrap_or(s.len());
            let unit = &s[..unit_len];
            s = &s[unit_len..];
            if unit.is_empty() {
                return Err(err("missing unit"));
            }
            let Some(&(_, scale)) = UNITS.iter().find(|(name, _)| *name == unit) else {
                return Err(err(&format!("unknown unit {unit:?}")));
            };
            let int: u128 = if int_part.is_empty() {
                0
            } else {
                int_part.parse().map_err(|_| err("number out of range"))?
            };
            let mut value = int
                .checked_mul(scale as u128)
                .ok_or_else(|| err("out of range"))?;
            if !frac_part.is_empty() {
                // Go keeps fraction digits up to what fits; 18 digits is beyond nanoseconds.
                let digits = &frac_part[..frac_part.len().min(18)];
                let frac: u128 = digits.parse().map_err(|_| err("bad fraction"))?;
                let denom = 10u128.pow(digits.len() as u32);
                value = value
                    .checked_add(frac * scale as u128 / denom)
                    .ok_or_else(|| err("out of range"))?;
            }
            total = total
                .checked_add(value)
                .ok_or_else(|| err("out of range"))?;
            if total > i64::MAX as u128 + u128::from(negative) {
                return Err(err("out of range"));
            }
        }
        let nanos = if negative {
            (total as i128).wrapping_neg() as i64
        } else {
            total as i64
        };
        Ok(GoDuration { nanos })
    }
}

impl std::str::FromStr for GoDuration {
    type Err = ParseDurationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        GoDuration::parse(s)
    }
}

impl fmt::Display for GoDuration {
    /// Formats like Go's `Duration.String` for whole seconds and above: `1h30m0s`, `2m0s`, `45s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nanos = self.nanos.unsigned_abs();
        if self.nanos < 0 {
            f.write_str("-")?;
        }
        if nanos == 0 {
            return f.write_str("0s");
        }
        if nanos < 1_000_000_000 {
            return if nanos.is_multiple_of(1_000_000) {
                write!(f, "{}ms", nanos / 1_000_000)
            } else {
                write!(f, "{nanos}ns")
            };
        }
        let secs = nanos / 1_000_000_000;
        let sub = nanos % 1_000_000_000;
        let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        if h > 0 {
            write!(f, "{h}h")?;
        }
        if h > 0 || m > 0 {
            write!(f, "{m}m")?;
        }
        if sub == 0 {
            write!(f, "{s}s")
        } else {
            let frac = format!("{sub:09}");
            write!(f, "{s}.{}s", frac.trim_end_matches('0'))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: &str) -> i64 {
        GoDuration::parse(s).unwrap().as_nanos() / 1_000_000_000
    }

    #[test]
    fn parses_the_forms_argo_users_write() {
        assert_eq!(secs("7h"), 7 * 3600);
        assert_eq!(secs("10h"), 36000);
        assert_eq!(secs("288h"), 288 * 3600);
        assert_eq!(secs("90m"), 5400);
        assert_eq!(secs("1h30m"), 5400);
        assert_eq!(secs("1.5h"), 5400);
        assert_eq!(secs("30s"), 30);
        assert_eq!(secs("0"), 0);
        assert_eq!(secs("-2s"), -2);
        assert_eq!(GoDuration::parse("300ms").unwrap().as_nanos(), 300_000_000);
        assert_eq!(GoDuration::parse(".5s").unwrap().as_nanos(), 500_000_000);
        assert_eq!(GoDuration::parse("1µs").unwrap().as_nanos(), 1_000);
    }

    #[test]
    fn rejects_what_go_rejects() {
        for bad in [
            "",
            "7",
            "h",
            "1d",
            "1.h5",
            "--1s",
            "1s2",
            "1 h",
            ".s",
            "99999999999999999999h",
            "94522879700260684295381835.9h",
            "9223372036854775808ns",
        ] {
            let err = GoDuration::parse(bad);
            assert!(err.is_err(), "{bad:?} should be rejected, got {err:?}");
        }
        let message = GoDuration::parse("1d").unwrap_err().to_string();
        assert!(message.contains("unknown unit \"d\""), "{message}");
    }

    #[test]
    fn formats_like_go() {
        assert_eq!(GoDuration::parse("90m").unwrap().to_string(), "1h30m0s");
        assert_eq!(GoDuration::parse("2m").unwrap().to_string(), "2m0s");
        assert_eq!(GoDuration::parse("45s").unwrap().to_string(), "45s");
        assert_eq!(GoDuration::parse("1.5s").unwrap().to_string(), "1.5s");
        assert_eq!(GoDuration::parse("0").unwrap().to_string(), "0s");
    }
}
