//! The Prometheus provider: runs a metric's query (instant at `now`, or `rangeQuery`) over the
//! HTTP API and turns the answer into the value conditions see as `result`.
//!
//! - vector and matrix results become a list of numbers (every sample of every series, in
//!   order), a scalar becomes a number;
//! - an empty result is an empty list, so `result[0]` is an Error measurement (index out of
//!   range), as with Argo; write `len(result) == 0 || ...` to decide otherwise;
//! - `NaN` stays NaN: every comparison with it is false, so it fails a `successCondition` and
//!   passes a lone `failureCondition` unless the condition tests `isNaN` explicitly;
//! - transport and query errors become Error measurements carrying the message (server text
//!   escaped onto one line); an answer over [`MAX_RESPONSE_BYTES`] is not read further and is
//!   an Error measurement too;
//! - one client per run ([`Clients`]) serves every query.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::analysis::expr::{Value, format_number};
use crate::duration::GoDuration;
use crate::http::BodyError;
use crate::output::untrusted;
use crate::spec::analysis::{ResolvedMetric, parse_time_expr};

/// Argo's default query timeout is unbounded; a CLI needs one.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Connecting (DNS, TCP, TLS) gives up after this, whatever the query's timeout.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The most of a query's answer we read: a result this large is a query that forgot to
/// aggregate, and reading more would only exhaust memory.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// [`MAX_RESPONSE_BYTES`] as the docs and messages say it.
pub const MAX_RESPONSE_TEXT: &str = "16 MiB";

/// What went wrong when measuring.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// No answer from the server at all (connection refused, DNS, timeout).
    #[error("Prometheus at {address} is unreachable: {message}")]
    Unreachable { address: String, message: String },
    /// The server answered with an error or something that is not a query result.
    #[error("{0}")]
    Failed(String),
}

/// A query result: the value for conditions and its text for status (`[0.93,0.95]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub value: Value,
    pub text: String,
}

/// The query a metric will run, resolved against the address default and `now`.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedQuery {
    pub address: String,
    pub query: String,
    pub range: Option<(DateTime<Utc>, DateTime<Utc>, GoDuration)>,
    pub timeout: Duration,
    pub insecure: bool,
    pub headers: Vec<(String, String)>,
}

/// Picks the address: `override_address` (the `--prometheus` flag) wins, then the template's
/// `address`, then `fallback` (`PROMETHEUS_URL` for drivers).
pub fn prepare(
    metric: &ResolvedMetric,
    override_address: Option<&str>,
    fallback: Option<&str>,
    now: DateTime<Utc>,
) -> Result<PreparedQuery, QueryError> {
    let p = &metric.prometheus;
    // An empty value is no address: it never hides the template's or the fallback.
    let address = override_address
        .filter(|a| !a.is_empty())
        .or(p.address.as_deref().filter(|a| !a.is_empty()))
        .or(fallback.filter(|a| !a.is_empty()))
        .ok_or_else(|| {
            QueryError::Failed(format!(
                "metric {:?} has no prometheus address; set provider.prometheus.address or --prometheus / PROMETHEUS_URL",
                metric.name
            ))
        })?
        .trim_end_matches('/')
        .to_string();
    let range = match &p.range_query {
        None => None,
        Some(r) => {
            let start = parse_time_expr(&r.start, now).map_err(QueryError::Failed)?;
            let end = parse_time_expr(&r.end, now).map_err(QueryError::Failed)?;
            let step = GoDuration::parse(&r.step).map_err(|e| QueryError::Failed(e.to_string()))?;
            Some((start, end, step))
        }
    };
    Ok(PreparedQuery {
        address,
        query: p.query.trim().to_string(),
        range,
        timeout: p
            .timeout
            .map(|s| Duration::from_secs(s.max(1) as u64))
            .unwrap_or(DEFAULT_TIMEOUT),
        insecure: p.insecure,
        headers: p
            .headers
            .iter()
            .map(|h| (h.key.clone(), h.value.clone()))
            .collect(),
    })
}

fn unix_seconds(t: DateTime<Utc>) -> String {
    format!("{}.{:03}", t.timestamp(), t.timestamp_subsec_millis())
}

impl PreparedQuery {
    /// The HTTP API URL for this query.
    pub fn url(&self, now: DateTime<Utc>) -> Result<reqwest::Url, QueryError> {
        let base = format!(
            "{}/api/v1/{}",
            self.address,
            if self.range.is_some() {
                "query_range"
            } else {
                "query"
            }
        );
        let mut url = reqwest::Url::parse(&base).map_err(|e| {
            QueryError::Failed(format!(
                "invalid Prometheus address {:?}: {e}",
                self.address
            ))
        })?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("query", &self.query);
            match self.range {
                None => {
                    q.append_pair("time", &unix_seconds(now));
                }
                Some((start, end, step)) => {
                    q.append_pair("start", &unix_seconds(start));
                    q.append_pair("end", &unix_seconds(end));
                    let secs = step.as_nanos() as f64 / 1e9;
                    q.append_pair("step", &format!("{secs}"));
                }
            }
            q.append_pair("timeout", &format!("{}s", self.timeout.as_secs()));
        }
        Ok(url)
    }

    /// Runs the query at `now` with a client from `clients` (built once per TLS setting).
    pub async fn run(&self, now: DateTime<Utc>, clients: &Clients) -> Result<Sample, QueryError> {
        let url = self.url(now)?;
        let client = clients.get(self.insecure)?;
        let mut request = client.get(url).timeout(self.timeout);
        for (k, v) in &self.headers {
            request = request.header(k, v);
        }
        let unreachable = |e: &reqwest::Error| QueryError::Unreachable {
            address: self.address.clone(),
            message: untrusted::escape(&error_chain(e)),
        };
        let response = request.send().await.map_err(|e| {
            // The URL repeats the whole query; the address is in the message already.
            let e = e.without_url();
            if crate::http::classify(&e).is_connection_level() || e.is_timeout() {
                unreachable(&e)
            } else {
                QueryError::Failed(format!(
                    "querying {}: {}",
                    self.address,
                    untrusted::escape(&error_chain(&e))
                ))
            }
        })?;
        let status = response.status();
        let body = crate::http::read_body(response, MAX_RESPONSE_BYTES)
            .await
            .map_err(|e| match e {
                BodyError::Request(e) => unreachable(&e.without_url()),
                BodyError::TooLarge => QueryError::Failed(format!(
                    "the answer of {} is larger than the {MAX_RESPONSE_TEXT} limit for a query result; \
                     aggregate in the query (sum, topk, a coarser step) so it returns fewer samples",
                    self.address
                )),
            })?;
        parse_response(status.as_u16(), &String::from_utf8_lossy(&body))
    }
}

/// The HTTP clients of a run, one per TLS setting, built on first use and shared by every
/// query after it (building one loads the system's CA roots, which costs tens of milliseconds).
/// Per-query timeouts are set on each request. Clone it to share; it belongs to one async
/// runtime, so a new run starts a new one.
#[derive(Debug, Clone, Default)]
pub struct Clients {
    built: Arc<Mutex<Vec<(bool, reqwest::Client)>>>,
}

impl Clients {
    /// The client for `insecure` (accept any certificate) or verified TLS.
    pub fn get(&self, insecure: bool) -> Result<reqwest::Client, QueryError> {
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, c)) = built.iter().find(|(i, _)| *i == insecure) {
            return Ok(c.clone());
        }
        let client = crate::http::client(&crate::http::ClientOptions {
            connect_timeout: Some(CONNECT_TIMEOUT),
            insecure,
            ..Default::default()
        })
        .map_err(|e| QueryError::Failed(e.to_string()))?;
        built.push((insecure, client.clone()));
        Ok(client)
    }

    /// How many clients were built so far (for tests: queries share them).
    pub fn built(&self) -> usize {
        self.built.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// A malformed Prometheus address (from a flag, the environment or a template), found before
/// any query: what is wrong, without repeating the value, which may carry credentials.
pub fn check_address(address: &str) -> Result<(), String> {
    if address.trim().is_empty() {
        return Err(
            "is empty; expected an http:// or https:// URL such as http://prometheus:9090".into(),
        );
    }
    let url = reqwest::Url::parse(address.trim_end_matches('/')).map_err(|e| {
        format!(
            "is not a URL ({e}); expected an http:// or https:// URL such as http://prometheus:9090"
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "has scheme {:?}; expected an http:// or https:// URL such as http://prometheus:9090",
            untrusted::escape(url.scheme())
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(
            "has no host; expected an http:// or https:// URL such as http://prometheus:9090"
                .into(),
        );
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("has a query or fragment; expected the server's base URL".into());
    }
    Ok(())
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiResponse {
    status: String,
    #[serde(default)]
    data: Option<ApiData>,
    #[serde(default)]
    error_type: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiData {
    result_type: String,
    result: serde_json::Value,
}

#[derive(Deserialize)]
struct Series {
    #[serde(default)]
    value: Option<(serde_json::Value, String)>,
    #[serde(default)]
    values: Vec<(serde_json::Value, String)>,
}

/// Parses Prometheus' sample strings: numbers, `NaN`, `+Inf`, `-Inf`.
fn parse_sample(s: &str) -> Result<f64, QueryError> {
    match s {
        "NaN" => Ok(f64::NAN),
        "+Inf" | "Inf" => Ok(f64::INFINITY),
        "-Inf" => Ok(f64::NEG_INFINITY),
        _ => s.parse().map_err(|_| {
            QueryError::Failed(format!(
                "sample value \"{}\" is not a number",
                untrusted::escape(s)
            ))
        }),
    }
}

/// Turns an HTTP API answer into a sample (or the error it reports).
pub fn parse_response(http_status: u16, body: &str) -> Result<Sample, QueryError> {
    let parsed: ApiResponse = serde_json::from_str(body).map_err(|_| {
        let snippet: String = body.chars().take(200).collect();
        QueryError::Failed(format!(
            "HTTP {http_status}: not a Prometheus API response: {}",
            untrusted::escape(&snippet)
        ))
    })?;
    if parsed.status != "success" {
        return Err(QueryError::Failed(format!(
            "query failed ({}): {}",
            untrusted::escape(parsed.error_type.as_deref().unwrap_or("error")),
            untrusted::escape(parsed.error.as_deref().unwrap_or("no message"))
        )));
    }
    let data = parsed
        .data
        .ok_or_else(|| QueryError::Failed("query succeeded without data".into()))?;
    let bad = |e: serde_json::Error| {
        QueryError::Failed(format!(
            "unexpected result shape: {}",
            untrusted::escape(&e.to_string())
        ))
    };
    match data.result_type.as_str() {
        "scalar" => {
            let (_, v): (serde_json::Value, String) =
                serde_json::from_value(data.result).map_err(bad)?;
            let n = parse_sample(&v)?;
            Ok(Sample {
                value: Value::Num(n),
                text: format_number(n),
            })
        }
        "vector" | "matrix" => {
            let series: Vec<Series> = serde_json::from_value(data.result).map_err(bad)?;
            let mut numbers = Vec::new();
            for s in &series {
                if let Some((_, v)) = &s.value {
                    numbers.push(parse_sample(v)?);
                }
                for (_, v) in &s.values {
                    numbers.push(parse_sample(v)?);
                }
            }
            let text = format!(
                "[{}]",
                numbers
                    .iter()
                    .map(|n| format_number(*n))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            Ok(Sample {
                value: Value::list(&numbers),
                text,
            })
        }
        other => Err(QueryError::Failed(format!(
            "result type {} is not supported; the query must return a number or series",
            untrusted::escape(other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_becomes_a_list_of_numbers() {
        let body = r#"{"status":"success","data":{"resultType":"vector","result":[
            {"metric":{"a":"1"},"value":[1700000000.1,"0.93"]},
            {"metric":{"a":"2"},"value":[1700000000.1,"NaN"]}]}}"#;
        let s = parse_response(200, body).unwrap();
        assert_eq!(s.text, "[0.93,NaN]");
        let Value::List(items) = s.value else {
            panic!()
        };
        assert_eq!(items[0], Value::Num(0.93));
        assert!(matches!(items[1], Value::Num(n) if n.is_nan()));
    }

    #[test]
    fn empty_vector_is_an_empty_list() {
        let body = r#"{"status":"success","data":{"resultType":"vector","result":[]}}"#;
        let s = parse_response(200, body).unwrap();
        assert_eq!(s.value, Value::List(vec![]));
        assert_eq!(s.text, "[]");
    }

    #[test]
    fn scalar_becomes_a_number() {
        let body =
            r#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"+Inf"]}}"#;
        let s = parse_response(200, body).unwrap();
        assert_eq!(s.value, Value::Num(f64::INFINITY));
    }

    #[test]
    fn matrix_flattens_every_sample() {
        let body = r#"{"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{},"values":[[1,"1"],[2,"2"]]},{"metric":{},"values":[[1,"3"]]}]}}"#;
        assert_eq!(parse_response(200, body).unwrap().text, "[1,2,3]");
    }

    #[test]
    fn api_errors_carry_the_message() {
        let body = r#"{"status":"error","errorType":"bad_data","error":"parse error at char 5"}"#;
        assert_eq!(
            parse_response(400, body).unwrap_err().to_string(),
            "query failed (bad_data): parse error at char 5"
        );
    }

    #[test]
    fn non_api_answers_are_errors() {
        let err = parse_response(502, "<html>bad gateway</html>").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("HTTP 502: not a Prometheus API response")
        );
    }
}
