//! HTTP smoke tests: the settings, the status matcher, the verdict of one request, and the
//! summary and exit code of a run, all pure. The requests themselves are in [`probe`].
//!
//! Unreachable (exit 4) means: nothing was reached at all. Every attempt to every URL ended, after
//! its retries, in a connection-level failure: the name did not resolve, the connection was
//! refused, it was not established within `--timeout`, or opening it failed otherwise. A TLS
//! handshake failure, a slow response or a bad status means the server was reached: exit 1.

pub mod probe;

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::Serialize;

use crate::cli::SmokeArgs;
use crate::duration::GoDuration;
use crate::error::{Error, ExitCode};
use crate::http::RequestFailure;

/// Expected statuses: codes (`200`), classes (`2xx`) and ranges (`200-299`), comma separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    ranges: Vec<(u16, u16)>,
    text: String,
}

impl Expect {
    pub fn matches(&self, status: u16) -> bool {
        self.ranges
            .iter()
            .any(|&(lo, hi)| lo <= status && status <= hi)
    }
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Expect {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let code = |t: &str| -> Result<u16, String> {
            match t.parse::<u16>() {
                Ok(c) if (100..=599).contains(&c) => Ok(c),
                _ => Err(format!(
                    "{t:?} is not an HTTP status code (100-599); expected e.g. 200, 2xx, 200-299 or 200,204"
                )),
            }
        };
        let mut ranges = Vec::new();
        let mut parts = Vec::new();
        for part in s.split(',') {
            let part = part.trim();
            if part.is_empty() {
                return Err(format!(
                    "empty status in {s:?}; expected e.g. 200, 2xx, 200-299 or 200,204"
                ));
            }
            let lower = part.to_ascii_lowercase();
            let range = if let Some(class) = lower.strip_suffix("xx") {
                match class.parse::<u16>() {
                    Ok(d @ 1..=5) if class.len() == 1 => (d * 100, d * 100 + 99),
                    _ => return Err(format!("{part:?} is not a status class (1xx to 5xx)")),
                }
            } else if let Some((lo, hi)) = part.split_once('-') {
                let (lo, hi) = (code(lo.trim())?, code(hi.trim())?);
                if lo > hi {
                    return Err(format!("range {part:?} is empty (start above end)"));
                }
                (lo, hi)
            } else {
                let c = code(part)?;
                (c, c)
            };
            ranges.push(range);
            parts.push(lower);
        }
        Ok(Expect {
            ranges,
            text: parts.join(","),
        })
    }
}

/// A run's validated settings, resolved from the flags without IO.
#[derive(Debug, Clone)]
pub struct Settings {
    pub urls: Vec<reqwest::Url>,
    pub count: u32,
    pub interval: Duration,
    pub timeout: Duration,
    pub expect: Expect,
    pub body_contains: Option<String>,
    pub headers: Vec<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>,
    pub method: reqwest::Method,
    pub insecure: bool,
    pub cacert: Option<std::path::PathBuf>,
    pub concurrency: usize,
    pub retries: u32,
}

impl Settings {
    /// Validates the flags; every error names its flag (exit 2).
    pub fn from_args(args: &SmokeArgs) -> Result<Self, Error> {
        let mut urls = Vec::new();
        for raw in &args.urls {
            let url = crate::http::parse_http_url(raw).map_err(|e| Error::flag("URL", e))?;
            // The report is keyed by URL; the same URL twice would be counted twice in both.
            if !urls.contains(&url) {
                urls.push(url);
            }
        }
        if args.count == 0 {
            return Err(Error::flag("--count", "must be at least 1"));
        }
        if args.concurrency == 0 {
            return Err(Error::flag("--concurrency", "must be at least 1"));
        }
        let duration = |flag: &str, text: &str| -> Result<GoDuration, Error> {
            let d = GoDuration::parse(text).map_err(|e| Error::flag(flag, e))?;
            if d.is_negative() {
                return Err(Error::flag(flag, format!("{text:?} is negative")));
            }
            Ok(d)
        };
        let interval = duration("--interval", &args.interval)?.to_std();
        let timeout = crate::limits::duration_in(&args.timeout, &crate::limits::REQUEST_TIMEOUT)
            .map_err(|e| Error::flag("--timeout", e))?;
        let expect = args
            .expect
            .parse::<Expect>()
            .map_err(|e| Error::flag("--expect", e))?;
        let mut headers = Vec::new();
        // A header often carries a credential: errors say which one and what shape is
        // expected, never what was given.
        for (n, raw) in args.headers.iter().enumerate() {
            let which = ordinal(n + 1);
            let Some((name, value)) = raw.split_once(':') else {
                return Err(Error::flag(
                    "--header",
                    format!(
                        "the {which} header has no colon; expected NAME:VALUE, e.g. \"Authorization: Bearer TOKEN\""
                    ),
                ));
            };
            let name = reqwest::header::HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| {
                Error::flag(
                    "--header",
                    format!(
                        "the {which} header's name (before the colon) is not a header name; expected NAME:VALUE, \
                         a name of letters, digits and -"
                    ),
                )
            })?;
            let value = reqwest::header::HeaderValue::from_str(value.trim()).map_err(|_| {
                Error::flag(
                    "--header",
                    format!("the value of {name} is not a header value"),
                )
            })?;
            headers.push((name, value));
        }
        let method = reqwest::Method::from_bytes(args.method.to_ascii_uppercase().as_bytes())
            .map_err(|_| Error::flag("--method", format!("{:?} is not a method", args.method)))?;
        if args.body_contains.as_deref() == Some("") {
            return Err(Error::flag("--body-contains", "must not be empty"));
        }
        Ok(Settings {
            urls,
            count: args.count,
            interval,
            timeout,
            expect,
            body_contains: args.body_contains.clone(),
            headers,
            method,
            insecure: args.insecure,
            cacert: args.cacert.clone(),
            concurrency: args.concurrency,
            retries: args.retries,
        })
    }
}

/// `1st`, `2nd`, `3rd`, `4th`...: which of a repeated flag's values is meant.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// What one request observed: a response, or a failure to get one.
#[derive(Debug, Clone, PartialEq)]
pub enum Observed {
    Response {
        status: u16,
        /// Whether the body contained `--body-contains` (`None` when it is not checked).
        body_has_text: Option<bool>,
    },
    Failed {
        failure: RequestFailure,
        detail: String,
    },
}

/// Why a request failed. Serialized flat, as its [`Reason::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    UnexpectedStatus,
    BodyMissingText,
    Request(RequestFailure),
}

impl Reason {
    pub fn is_connection_level(self) -> bool {
        matches!(self, Reason::Request(f) if f.is_connection_level())
    }

    /// The machine-readable name: `unexpectedStatus`, `bodyMissingText`, `timeout`,
    /// `connectTimeout`, `connectionRefused`, `dns`, `connect`, `tls`, `protocol`.
    pub fn code(self) -> &'static str {
        match self {
            Reason::UnexpectedStatus => "unexpectedStatus",
            Reason::BodyMissingText => "bodyMissingText",
            Reason::Request(f) => match f {
                RequestFailure::Dns => "dns",
                RequestFailure::ConnectionRefused => "connectionRefused",
                RequestFailure::ConnectTimeout => "connectTimeout",
                RequestFailure::Connect => "connect",
                RequestFailure::Tls => "tls",
                RequestFailure::Timeout => "timeout",
                RequestFailure::Protocol => "protocol",
            },
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Reason::UnexpectedStatus => "unexpected status",
            Reason::BodyMissingText => "body missing text",
            Reason::Request(f) => match f {
                RequestFailure::Dns => "DNS lookup failed",
                RequestFailure::ConnectionRefused => "connection refused",
                RequestFailure::ConnectTimeout => "connect timeout",
                RequestFailure::Connect => "connection failed",
                RequestFailure::Tls => "TLS error",
                RequestFailure::Timeout => "timeout",
                RequestFailure::Protocol => "request failed",
            },
        }
    }
}

impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// The verdict on one request.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub status: Option<u16>,
    pub reason: Option<Reason>,
    pub message: Option<String>,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.reason.is_none()
    }
}

/// Judges one request's result against the expected status and body text.
pub fn judge(observed: &Observed, expect: &Expect, body_contains: Option<&str>) -> Verdict {
    match observed {
        Observed::Failed { failure, detail } => Verdict {
            status: None,
            reason: Some(Reason::Request(*failure)),
            message: Some(detail.clone()),
        },
        Observed::Response {
            status,
            body_has_text,
        } => {
            let status = *status;
            if !expect.matches(status) {
                return Verdict {
                    status: Some(status),
                    reason: Some(Reason::UnexpectedStatus),
                    message: Some(format!("got {status}, expected {expect}")),
                };
            }
            if let Some(text) = body_contains
                && *body_has_text != Some(true)
            {
                return Verdict {
                    status: Some(status),
                    reason: Some(Reason::BodyMissingText),
                    message: Some(format!("body does not contain {text:?}")),
                };
            }
            Verdict {
                status: Some(status),
                reason: None,
                message: None,
            }
        }
    }
}

/// Looks for a text in a body that arrives in chunks, as it arrives: only the last
/// `len(text) - 1` bytes are kept between chunks, so a match across a chunk boundary is found
/// and memory stays bounded whatever the body's size. Bytes are compared (the text's UTF-8).
#[derive(Debug, Clone)]
pub struct BodySearch {
    needle: Vec<u8>,
    carry: Vec<u8>,
    found: bool,
}

impl BodySearch {
    pub fn new(text: &str) -> Self {
        BodySearch {
            needle: text.as_bytes().to_vec(),
            carry: Vec::new(),
            found: text.is_empty(),
        }
    }

    /// The next chunk of the body.
    pub fn feed(&mut self, chunk: &[u8]) {
        if self.found {
            return;
        }
        let mut window = std::mem::take(&mut self.carry);
        window.extend_from_slice(chunk);
        if memchr::memmem::find(&window, &self.needle).is_some() {
            self.found = true;
            return;
        }
        let keep = self.needle.len() - 1;
        self.carry = window[window.len().saturating_sub(keep)..].to_vec();
    }

    pub fn found(&self) -> bool {
        self.found
    }
}

/// One request as reported: attempt `attempt` of `count` to `url`, try `retry` (0 = first).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attempt {
    pub url: String,
    pub attempt: u32,
    pub count: u32,
    pub retry: u32,
    pub status: Option<u16>,
    pub latency_ms: f64,
    pub passed: bool,
    /// A retry follows: this request does not decide its attempt.
    pub retried: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl Attempt {
    pub fn new(
        url: &str,
        (attempt, count, retry): (u32, u32, u32),
        latency: Duration,
        verdict: Verdict,
        retried: bool,
    ) -> Self {
        Attempt {
            url: url.to_string(),
            attempt,
            count,
            retry,
            status: verdict.status,
            latency_ms: (latency.as_secs_f64() * 1000.0 * 10.0).round() / 10.0,
            passed: verdict.passed(),
            retried,
            reason: verdict.reason,
            message: verdict.message,
        }
    }

    /// The progress line of this request, without colour or timestamp.
    pub fn line(&self) -> String {
        let retry = if self.retry > 0 {
            format!(" retry {}", self.retry)
        } else {
            String::new()
        };
        let status = self
            .status
            .map_or_else(|| "---".to_string(), |s| s.to_string());
        let verdict = match (&self.reason, self.passed) {
            (_, true) => "ok".to_string(),
            (Some(reason), false) => {
                let mut v = format!("FAIL {}", reason.describe());
                if let Some(m) = &self.message {
                    v.push_str(&format!(": {m}"));
                }
                if self.retried {
                    v.push_str(" (retrying)");
                }
                v
            }
            (None, false) => "FAIL".to_string(),
        };
        format!(
            "{} [{}/{}{retry}] {status} {} {verdict}",
            self.url,
            self.attempt,
            self.count,
            format_ms(self.latency_ms)
        )
    }
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Latency {
    pub p50: f64,
    pub p90: f64,
    pub max: f64,
}

/// The nearest-rank percentile (`p` in 0..=100) of `values`: the smallest value such that at
/// least `p`% of the values are at or below it. `None` for no values.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// One URL's results: attempts decided by their last retry.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UrlSummary {
    pub url: String,
    pub attempts: u32,
    pub passed: u32,
    pub failed: u32,
    pub success_ratio: f64,
    /// Over requests that got a response (timeouts and connection failures have no latency).
    pub latency_ms: Option<Latency>,
    /// Failed attempts by reason, most frequent first.
    pub failures: Vec<ReasonCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReasonCount {
    pub reason: Reason,
    pub count: u32,
}

/// How a run ended, and its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Passed,
    Failed,
    Unreachable,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Passed => ExitCode::Ok,
            Outcome::Failed => ExitCode::Failed,
            Outcome::Unreachable => ExitCode::Unreachable,
        }
    }
}

/// The whole run, as printed with `-o json|yaml`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub outcome: Outcome,
    pub passed: bool,
    pub success_ratio: f64,
    pub expect: String,
    pub summary: Vec<UrlSummary>,
    pub attempts: Vec<Attempt>,
}

/// Summarises requests (in any order) for `urls`, in the order of `urls`.
pub fn summarize(urls: &[String], requests: Vec<Attempt>, expect: &Expect) -> Report {
    let mut requests = requests;
    let index = |url: &str| urls.iter().position(|u| u == url).unwrap_or(usize::MAX);
    requests.sort_by_key(|a| (index(&a.url), a.attempt, a.retry));
    let mut summary = Vec::new();
    let (mut total, mut total_passed) = (0u32, 0u32);
    for url in urls {
        let mine: Vec<&Attempt> = requests.iter().filter(|a| &a.url == url).collect();
        let decisive: Vec<&&Attempt> = mine.iter().filter(|a| !a.retried).collect();
        let attempts = decisive.len() as u32;
        let passed = decisive.iter().filter(|a| a.passed).count() as u32;
        let latencies: Vec<f64> = mine
            .iter()
            .filter(|a| a.status.is_some())
            .map(|a| a.latency_ms)
            .collect();
        let latency_ms = match (
            percentile(&latencies, 50.0),
            percentile(&latencies, 90.0),
            percentile(&latencies, 100.0),
        ) {
            (Some(p50), Some(p90), Some(max)) => Some(Latency { p50, p90, max }),
            _ => None,
        };
        let mut failures: Vec<ReasonCount> = Vec::new();
        for a in decisive.iter().filter(|a| !a.passed) {
            let Some(reason) = a.reason else { continue };
            match failures.iter_mut().find(|f| f.reason == reason) {
                Some(f) => f.count += 1,
                None => failures.push(ReasonCount { reason, count: 1 }),
            }
        }
        failures.sort_by_key(|f| std::cmp::Reverse(f.count));
        total += attempts;
        total_passed += passed;
        summary.push(UrlSummary {
            url: url.clone(),
            attempts,
            passed,
            failed: attempts - passed,
            success_ratio: ratio(passed, attempts),
            latency_ms,
            failures,
        });
    }
    let decisive = requests.iter().filter(|a| !a.retried);
    let outcome = if total_passed == total {
        Outcome::Passed
    } else if decisive.clone().count() > 0
        && decisive
            .clone()
            .all(|a| a.reason.is_some_and(Reason::is_connection_level))
    {
        Outcome::Unreachable
    } else {
        Outcome::Failed
    };
    Report {
        outcome,
        passed: outcome == Outcome::Passed,
        success_ratio: ratio(total_passed, total),
        expect: expect.to_string(),
        summary,
        attempts: requests,
    }
}

fn ratio(passed: u32, total: u32) -> f64 {
    if total == 0 {
        0.0
    } else {
        (f64::from(passed) / f64::from(total) * 1000.0).round() / 1000.0
    }
}

/// `12ms`, `1.5ms`, `2.31s`.
pub fn format_ms(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2}s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0}ms")
    } else {
        format!("{ms:.1}ms")
    }
}

/// `3/5 (60%)`.
pub fn format_ratio(s: &UrlSummary) -> String {
    format!(
        "{}/{} ({:.0}%)",
        s.passed,
        s.attempts,
        s.success_ratio * 100.0
    )
}

/// A failed URL's reasons, e.g. `unexpected status x2, timeout x1`.
pub fn format_failures(s: &UrlSummary) -> String {
    s.failures
        .iter()
        .map(|f| format!("{} x{}", f.reason.describe(), f.count))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Markdown table for the GitHub Actions step summary.
pub fn markdown(report: &Report) -> String {
    let headline = match report.outcome {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        Outcome::Unreachable => "failed: unreachable",
    };
    let rows: Vec<Vec<String>> = report
        .summary
        .iter()
        .map(|s| {
            let (p50, p90, max) = latency_cells(s);
            vec![
                s.url.clone(),
                format_ratio(s),
                p50,
                p90,
                max,
                format_failures(s),
            ]
        })
        .collect();
    format!(
        "### Smoke test {headline}\n\nExpected status: `{}`\n\n{}",
        report.expect,
        crate::output::gha::markdown_table(
            &["URL", "Passed", "p50", "p90", "max", "Failures"],
            &rows
        )
    )
}

/// The p50, p90 and max cells of a summary row (`-` without any response).
pub fn latency_cells(s: &UrlSummary) -> (String, String, String) {
    match s.latency_ms {
        Some(l) => (format_ms(l.p50), format_ms(l.p90), format_ms(l.max)),
        None => ("-".into(), "-".into(), "-".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expect(s: &str) -> Expect {
        s.parse().unwrap()
    }

    #[test]
    fn expect_accepts_codes_classes_ranges_and_lists() {
        let cases: &[(&str, &[u16], &[u16])] = &[
            ("200", &[200], &[201, 204, 500]),
            ("2xx", &[200, 204, 299], &[199, 300, 500]),
            ("2XX", &[250], &[301]),
            ("200-204", &[200, 202, 204], &[205, 199]),
            ("200,301-302,5xx", &[200, 301, 302, 503], &[201, 303, 404]),
            (" 204 , 404 ", &[204, 404], &[200]),
        ];
        for (spec, good, bad) in cases {
            let e = expect(spec);
            for s in *good {
                assert!(e.matches(*s), "{spec} should match {s}");
            }
            for s in *bad {
                assert!(!e.matches(*s), "{spec} should not match {s}");
            }
        }
    }

    #[test]
    fn expect_rejects_what_is_not_a_status() {
        for bad in [
            "", "ok", "20", "600", "99", "6xx", "0xx", "22xx", "300-200", "200,", "2x", "200-",
        ] {
            assert!(bad.parse::<Expect>().is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let v = [5.0, 1.0, 4.0, 2.0, 3.0, 10.0, 9.0, 8.0, 7.0, 6.0];
        assert_eq!(percentile(&v, 50.0), Some(5.0));
        assert_eq!(percentile(&v, 90.0), Some(9.0));
        assert_eq!(percentile(&v, 100.0), Some(10.0));
        assert_eq!(percentile(&v, 0.0), Some(1.0));
        assert_eq!(percentile(&[7.0], 90.0), Some(7.0));
        assert_eq!(percentile(&[1.0, 2.0], 50.0), Some(1.0));
        assert_eq!(percentile(&[], 50.0), None);
    }

    proptest::proptest! {
        #[test]
        fn a_percentile_is_one_of_the_values_and_grows_with_p(
            values in proptest::collection::vec(0.0f64..1e6, 1..50),
            p in 0.0f64..100.0,
        ) {
            let at = percentile(&values, p).unwrap();
            proptest::prop_assert!(values.contains(&at));
            proptest::prop_assert!(at <= percentile(&values, 100.0).unwrap());
            proptest::prop_assert!(percentile(&values, p / 2.0).unwrap() <= at);
            let at_or_below = values.iter().filter(|v| **v <= at).count() as f64;
            proptest::prop_assert!(at_or_below / values.len() as f64 * 100.0 >= p);
        }
    }

    #[test]
    fn reasons_serialize_as_flat_names() {
        let json = serde_json::to_string(&[
            Reason::UnexpectedStatus,
            Reason::Request(RequestFailure::ConnectionRefused),
        ])
        .unwrap();
        assert_eq!(json, r#"["unexpectedStatus","connectionRefused"]"#);
    }

    fn search(text: &str, chunks: &[&[u8]]) -> bool {
        let mut s = BodySearch::new(text);
        for c in chunks {
            s.feed(c);
        }
        s.found()
    }

    #[test]
    fn the_body_search_finds_a_text_split_at_every_chunk_boundary() {
        let body = b"<html>status: ready, version 3</html>";
        let text = "status: ready";
        for a in 0..=body.len() {
            for b in a..=body.len() {
                let chunks = [&body[..a], &body[a..b], &body[b..]];
                assert!(search(text, &chunks), "split at {a} and {b}");
            }
        }
        // One byte at a time, and a text in the last byte only.
        let bytes: Vec<&[u8]> = body.chunks(1).collect();
        assert!(search(text, &bytes));
        assert!(search(">", &[b"abc", b"de>"]));
    }

    proptest::proptest! {
        // 1000 cases by default; KR_PROPTEST_CASES=100000 to run longer by hand.
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: std::env::var("KR_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000),
            ..proptest::prelude::ProptestConfig::default()
        })]
        #[test]
        fn the_body_search_agrees_with_searching_the_whole_body(
            body in proptest::collection::vec(proptest::sample::select(b"abc".to_vec()), 0..200),
            needle in "[abc]{1,6}",
            cuts in proptest::collection::vec(0usize..200, 0..12),
        ) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(body.len())).collect();
            cuts.sort_unstable();
            let mut chunks = Vec::new();
            let mut from = 0;
            for c in cuts.into_iter().chain([body.len()]) {
                chunks.push(&body[from..c]);
                from = c;
            }
            let whole = body.windows(needle.len()).any(|w| w == needle.as_bytes());
            proptest::prop_assert_eq!(search(&needle, &chunks), whole);
        }
    }

    #[test]
    fn the_body_search_does_not_find_what_is_not_there() {
        let body = b"status: rea dy status: read";
        for a in 0..=body.len() {
            assert!(
                !search("status: ready", &[&body[..a], &body[a..]]),
                "split at {a}"
            );
        }
        assert!(!search("ab", &[b"a", b"", b"xb"]));
    }

    #[test]
    fn the_body_search_keeps_less_than_the_text_between_chunks() {
        let mut s = BodySearch::new("needle");
        for _ in 0..1000 {
            s.feed(&[b'x'; 4096]);
            assert!(s.carry.len() < "needle".len());
        }
        assert!(!s.found());
        s.feed(b"nee");
        s.feed(b"dle");
        assert!(s.found());
    }

    #[test]
    fn a_response_passes_only_with_the_expected_status_and_text() {
        let ok = Observed::Response {
            status: 200,
            body_has_text: Some(true),
        };
        assert!(judge(&ok, &expect("200"), Some("ok")).passed());
        let missing = Observed::Response {
            status: 200,
            body_has_text: Some(false),
        };
        let v = judge(&missing, &expect("200"), Some("ready"));
        assert_eq!(v.reason, Some(Reason::BodyMissingText));
        assert_eq!(
            v.message.as_deref(),
            Some(r#"body does not contain "ready""#)
        );
        let v = judge(&ok, &expect("204"), None);
        assert_eq!(v.reason, Some(Reason::UnexpectedStatus));
        assert_eq!(v.message.as_deref(), Some("got 200, expected 204"));
        let failed = Observed::Failed {
            failure: RequestFailure::Timeout,
            detail: "operation timed out".into(),
        };
        let v = judge(&failed, &expect("200"), None);
        assert_eq!(v.reason, Some(Reason::Request(RequestFailure::Timeout)));
        assert_eq!(v.status, None);
    }

    fn attempt(url: &str, n: u32, retry: u32, observed: Observed, retried: bool) -> Attempt {
        let verdict = judge(&observed, &expect("200"), None);
        Attempt::new(
            url,
            (n, 3, retry),
            Duration::from_millis(10 * u64::from(n)),
            verdict,
            retried,
        )
    }

    fn status(s: u16) -> Observed {
        Observed::Response {
            status: s,
            body_has_text: None,
        }
    }

    fn refused() -> Observed {
        Observed::Failed {
            failure: RequestFailure::ConnectionRefused,
            detail: "connection refused".into(),
        }
    }

    #[test]
    fn all_attempts_passing_is_a_pass() {
        let urls = vec!["a".to_string()];
        let reqs = (1..=3)
            .map(|n| attempt("a", n, 0, status(200), false))
            .collect();
        let r = summarize(&urls, reqs, &expect("200"));
        assert_eq!(r.outcome, Outcome::Passed);
        assert_eq!(r.success_ratio, 1.0);
        let s = &r.summary[0];
        assert_eq!((s.attempts, s.passed, s.failed), (3, 3, 0));
        assert_eq!(
            s.latency_ms,
            Some(Latency {
                p50: 20.0,
                p90: 30.0,
                max: 30.0
            })
        );
    }

    #[test]
    fn a_retried_failure_does_not_count_when_its_retry_passes() {
        let urls = vec!["a".to_string()];
        let reqs = vec![
            attempt("a", 1, 0, status(503), true),
            attempt("a", 1, 1, status(200), false),
            attempt("a", 2, 0, status(200), false),
        ];
        let r = summarize(&urls, reqs, &expect("200"));
        assert_eq!(r.outcome, Outcome::Passed);
        assert_eq!(r.summary[0].attempts, 2);
        assert_eq!(r.attempts.len(), 3);
    }

    #[test]
    fn one_bad_status_fails_the_run() {
        let urls = vec!["a".to_string(), "b".to_string()];
        let reqs = vec![
            attempt("b", 1, 0, status(500), false),
            attempt("a", 1, 0, status(200), false),
        ];
        let r = summarize(&urls, reqs, &expect("200"));
        assert_eq!(r.outcome, Outcome::Failed);
        assert_eq!(r.outcome.exit_code(), ExitCode::Failed);
        assert_eq!(r.success_ratio, 0.5);
        assert_eq!(r.attempts[0].url, "a", "sorted in the order of the URLs");
        assert_eq!(r.summary[1].failures[0].reason, Reason::UnexpectedStatus);
        assert_eq!(r.summary[1].latency_ms.unwrap().max, 10.0);
    }

    #[test]
    fn unreachable_means_no_attempt_reached_any_server() {
        let urls = vec!["a".to_string(), "b".to_string()];
        let all_refused = vec![
            attempt("a", 1, 0, refused(), false),
            attempt("b", 1, 0, refused(), false),
        ];
        let r = summarize(&urls, all_refused, &expect("200"));
        assert_eq!(r.outcome, Outcome::Unreachable);
        assert_eq!(r.outcome.exit_code(), ExitCode::Unreachable);
        assert_eq!(r.summary[0].latency_ms, None);

        let one_reached = vec![
            attempt("a", 1, 0, refused(), false),
            attempt("b", 1, 0, status(200), false),
        ];
        let r = summarize(&urls, one_reached, &expect("200"));
        assert_eq!(r.outcome, Outcome::Failed);

        let slow = Observed::Failed {
            failure: RequestFailure::Timeout,
            detail: "timed out".into(),
        };
        let r = summarize(
            &urls[..1],
            vec![attempt("a", 1, 0, slow, false)],
            &expect("200"),
        );
        assert_eq!(r.outcome, Outcome::Failed, "a slow server was reached");
    }

    #[test]
    fn progress_lines_say_what_happened() {
        let a = attempt("http://x/healthz", 2, 1, status(500), true);
        assert_eq!(
            a.line(),
            "http://x/healthz [2/3 retry 1] 500 20ms FAIL unexpected status: got 500, expected 200 (retrying)"
        );
        let a = attempt("http://x/healthz", 1, 0, status(200), false);
        assert_eq!(a.line(), "http://x/healthz [1/3] 200 10ms ok");
    }

    #[test]
    fn the_step_summary_is_a_markdown_table() {
        let urls = vec!["a".to_string()];
        let r = summarize(
            &urls,
            vec![attempt("a", 1, 0, status(500), false)],
            &expect("200"),
        );
        let md = markdown(&r);
        assert!(md.starts_with("### Smoke test failed\n"), "{md}");
        assert!(
            md.contains("| a | 0/1 (0%) | 10ms | 10ms | 10ms | unexpected status x1 |"),
            "{md}"
        );
    }
}
