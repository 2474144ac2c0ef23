//! The requests of a smoke run: each URL's attempts in sequence, `--concurrency` URLs at a time,
//! every request sent to `progress` as it completes.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, mpsc};

use super::{Attempt, BodySearch, Observed, Settings, judge};
use crate::http::{self, ClientOptions};
use crate::output::untrusted;

/// The whole-request deadline is `--timeout` plus this, so that when connecting takes the whole
/// `--timeout` the connect timer (which starts a moment after the request's) fires first and the
/// failure is reported as a connect timeout rather than a slow response.
pub const CONNECT_GRACE: Duration = Duration::from_millis(50);

/// Client options for a run: no redirects followed (a 301 is what the URL answered, as curl
/// without `-L`), connect timeout `--timeout`.
pub fn client_options(settings: &Settings, ca_pem: Option<Vec<u8>>) -> ClientOptions {
    ClientOptions {
        timeout: Some(settings.timeout + CONNECT_GRACE),
        connect_timeout: Some(settings.timeout),
        insecure: settings.insecure,
        ca_pem,
        no_redirects: true,
    }
}

/// Runs every attempt and sends each request's [`Attempt`] to `progress`. Returns when all are
/// done.
pub async fn run(
    settings: Arc<Settings>,
    client: reqwest::Client,
    progress: mpsc::Sender<Attempt>,
) {
    let permits = Arc::new(Semaphore::new(settings.concurrency));
    let mut tasks = tokio::task::JoinSet::new();
    for url in settings.urls.clone() {
        let (settings, client, progress, permits) = (
            settings.clone(),
            client.clone(),
            progress.clone(),
            permits.clone(),
        );
        tasks.spawn(async move {
            let Ok(_permit) = permits.acquire_owned().await else {
                return;
            };
            probe_url(&settings, &client, &url, &progress).await;
        });
    }
    while tasks.join_next().await.is_some() {}
}

async fn probe_url(
    settings: &Settings,
    client: &reqwest::Client,
    url: &reqwest::Url,
    progress: &mpsc::Sender<Attempt>,
) {
    for attempt in 1..=settings.count {
        if attempt > 1 {
            tokio::time::sleep(settings.interval).await;
        }
        for retry in 0..=settings.retries {
            if retry > 0 {
                tokio::time::sleep(settings.interval).await;
            }
            let (observed, latency) = request(settings, client, url).await;
            let verdict = judge(
                &observed,
                &settings.expect,
                settings.body_contains.as_deref(),
            );
            let passed = verdict.passed();
            let retried = !passed && retry < settings.retries;
            let record = Attempt::new(
                &crate::redact::url(url.as_str()),
                (attempt, settings.count, retry),
                latency,
                verdict,
                retried,
            );
            if progress.send(record).await.is_err() || !retried {
                break;
            }
        }
    }
}

/// One request: the status and (when it is checked) the body, or why there is none.
async fn request(
    settings: &Settings,
    client: &reqwest::Client,
    url: &reqwest::Url,
) -> (Observed, Duration) {
    let start = Instant::now();
    let mut builder = client.request(settings.method.clone(), url.clone());
    for (name, value) in &settings.headers {
        builder = builder.header(name, value);
    }
    let mut search = settings.body_contains.as_deref().map(BodySearch::new);
    let result = async {
        let mut response = builder.send().await?;
        let status = response.status().as_u16();
        // The whole body is read either way, since a response is only complete, and timed, with
        // it; `--body-contains` is searched for as it streams, so no body is held in memory.
        while let Some(chunk) = response.chunk().await? {
            if let Some(s) = search.as_mut() {
                s.feed(&chunk);
            }
        }
        Ok::<_, reqwest::Error>(status)
    }
    .await;
    let latency = start.elapsed();
    let observed = match result {
        // Timers fire late (a millisecond tick, and CONNECT_GRACE); a response that took longer
        // than --timeout did not come within it.
        Ok(_) if latency > settings.timeout => Observed::Failed {
            failure: http::RequestFailure::Timeout,
            detail: format!(
                "the response took {}, more than --timeout",
                super::format_ms(latency.as_secs_f64() * 1000.0)
            ),
        },
        Ok(status) => Observed::Response {
            status,
            body_has_text: search.map(|s| s.found()),
        },
        Err(err) => Observed::Failed {
            failure: http::classify(&err),
            // Library text that may carry what the peer sent (a certificate's names), or a
            // secret of ours (a URL's credentials).
            detail: untrusted::escape(&crate::redact::text(&http::root_cause(&err))),
        },
    };
    (observed, latency)
}
