//! An OCI Distribution v2 registry client for `image pick`: the tag list (paginated through
//! `Link` headers), anonymous or bearer-token auth (the `WWW-Authenticate` challenge, a token
//! from the realm, basic credentials for it when given), manifest digests, and the image
//! config's `created` time. Only fetches; the picking is `gitops::pick`.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, LINK, WWW_AUTHENTICATE};
use reqwest::{Method, StatusCode};
use tokio::sync::Mutex;

use crate::error::Error;
use crate::gitops::pick::{Rules, Tag};
use crate::http;

const MANIFEST_TYPES: &str = "application/vnd.oci.image.manifest.v1+json, \
application/vnd.oci.image.index.v1+json, \
application/vnd.docker.distribution.manifest.v2+json, \
application/vnd.docker.distribution.manifest.list.v2+json";

/// Concurrent manifest and config requests for metadata (Image Updater allows 20).
const METADATA_CONCURRENCY: usize = 8;

/// A repository in a registry: `HOST[:PORT]/PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub base: String,
    pub repository: String,
}

impl Reference {
    pub fn parse(text: &str, plain_http: bool) -> Result<Reference, String> {
        let expected =
            "expected HOST[:PORT]/REPOSITORY, e.g. ghcr.io/owner/app or 127.0.0.1:5000/app";
        let (host, repository) = text
            .split_once('/')
            .ok_or_else(|| format!("{text:?}: {expected}"))?;
        let looks_like_host = host.contains('.') || host.contains(':') || host == "localhost";
        if !looks_like_host || repository.is_empty() {
            return Err(format!(
                "{text:?}: {expected} (the registry host comes first)"
            ));
        }
        if repository.contains([':', '@']) {
            return Err(format!(
                "{text:?}: give the repository without a tag or digest"
            ));
        }
        let valid = repository.split('/').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        });
        if !valid {
            return Err(format!(
                "{text:?}: a repository path is lowercase letters, digits, '.', '_', '-' and '/'"
            ));
        }
        let scheme = if plain_http { "http" } else { "https" };
        Ok(Reference {
            base: format!("{scheme}://{host}"),
            repository: repository.to_string(),
        })
    }
}

/// Basic credentials for the registry or its token server.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    pub username: Option<String>,
    pub password: Option<String>,
}

impl Credentials {
    /// From `$REGISTRY_USERNAME` and `$REGISTRY_PASSWORD`.
    pub fn from_env() -> Credentials {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Credentials {
            username: var("REGISTRY_USERNAME"),
            password: var("REGISTRY_PASSWORD"),
        }
    }
}

/// A client for one repository; it remembers the bearer token it was given.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    reference: Reference,
    credentials: Credentials,
    token: Arc<Mutex<Option<String>>>,
}

#[derive(Debug, serde::Deserialize)]
struct TagList {
    #[serde(default)]
    tags: Option<Vec<String>>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    #[serde(default)]
    media_type: Option<String>,
    #[serde(default)]
    config: Option<Descriptor>,
    #[serde(default)]
    manifests: Option<Vec<Descriptor>>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    digest: String,
    #[serde(default)]
    platform: Option<Platform>,
}

#[derive(Debug, serde::Deserialize)]
struct Platform {
    #[serde(default)]
    os: String,
    #[serde(default)]
    architecture: String,
}

#[derive(Debug, serde::Deserialize)]
struct ImageConfig {
    #[serde(default)]
    created: Option<DateTime<Utc>>,
}

/// A manifest's digest and the config's creation time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    pub digest: String,
    pub created: Option<DateTime<Utc>>,
}

impl Client {
    pub fn new(reference: Reference, credentials: Credentials) -> anyhow::Result<Client> {
        let http = http::client(&http::ClientOptions {
            timeout: Some(std::time::Duration::from_secs(30)),
            connect_timeout: Some(std::time::Duration::from_secs(10)),
            ..Default::default()
        })?;
        Ok(Client {
            http,
            reference,
            credentials,
            token: Arc::new(Mutex::new(None)),
        })
    }

    fn url(&self, path: &str) -> String {
        format!(
            "{}/v2/{}/{path}",
            self.reference.base, self.reference.repository
        )
    }

    /// One request, answering an auth challenge once.
    async fn get(&self, url: &str, accept: Option<&str>) -> anyhow::Result<reqwest::Response> {
        let mut challenged = false;
        loop {
            let mut request = self.http.request(Method::GET, url);
            if let Some(accept) = accept {
                request = request.header(ACCEPT, accept);
            }
            if let Some(token) = self.token.lock().await.clone() {
                request = request.header(AUTHORIZATION, format!("Bearer {token}"));
            } else if let (true, Some(user)) = (challenged, &self.credentials.username) {
                request = request.basic_auth(user, self.credentials.password.as_ref());
            }
            let response = request.send().await.map_err(|e| self.unreachable(url, e))?;
            if response.status() != StatusCode::UNAUTHORIZED || challenged {
                return self.check(url, response).await;
            }
            challenged = true;
            let challenge = response
                .headers()
                .get(WWW_AUTHENTICATE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            if let Some(params) = challenge.strip_prefix("Bearer ") {
                let token = self.fetch_token(params).await?;
                *self.token.lock().await = Some(token);
            } else if !challenge.starts_with("Basic") || self.credentials.username.is_none() {
                return Err(Error::Api(format!(
                    "{url}: the registry wants credentials ({challenge:?}); set REGISTRY_USERNAME and REGISTRY_PASSWORD"
                ))
                .into());
            }
        }
    }

    fn unreachable(&self, url: &str, err: reqwest::Error) -> anyhow::Error {
        Error::Unreachable(format!(
            "cannot reach the registry at {url}: {}",
            error_chain(&err)
        ))
        .into()
    }

    async fn check(
        &self,
        url: &str,
        response: reqwest::Response,
    ) -> anyhow::Result<reqwest::Response> {
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = http::read_body(response, 64 * 1024)
            .await
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let message = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["errors"][0]["message"].as_str().map(str::to_string))
            .unwrap_or(body);
        let message: String = message.trim().chars().take(500).collect();
        Err(Error::Api(format!(
            "{url}: the registry answered {status}: {}",
            crate::output::untrusted::escape(&message)
        ))
        .into())
    }

    /// The token flow of the Distribution spec: GET realm?service=..&scope=.. (with basic
    /// credentials when given); the answer's `token` (or `access_token`).
    async fn fetch_token(&self, params: &str) -> anyhow::Result<String> {
        let params = parse_challenge(params);
        let realm = params
            .iter()
            .find(|(k, _)| k == "realm")
            .map(|(_, v)| v.clone())
            .ok_or_else(|| Error::Api("the registry's Bearer challenge has no realm".into()))?;
        let mut query: Vec<(String, String)> = params
            .iter()
            .filter(|(k, _)| k == "service" || k == "scope")
            .cloned()
            .collect();
        if !query.iter().any(|(k, _)| k == "scope") {
            query.push((
                "scope".into(),
                format!("repository:{}:pull", self.reference.repository),
            ));
        }
        let token_url = reqwest::Url::parse_with_params(&realm, &query).map_err(|e| {
            Error::Api(format!(
                "the registry's token realm {realm:?} is not a URL: {e}"
            ))
        })?;
        let mut request = self.http.get(token_url);
        if let Some(user) = &self.credentials.username {
            request = request.basic_auth(user, self.credentials.password.as_ref());
        }
        let response = request
            .send()
            .await
            .map_err(|e| self.unreachable(&realm, e))?;
        let response = self.check(&realm, response).await?;
        let body: serde_json::Value =
            read_json(response, &realm, "the token answer is not JSON").await?;
        body["token"]
            .as_str()
            .or_else(|| body["access_token"].as_str())
            .map(str::to_string)
            .ok_or_else(|| Error::Api(format!("{realm}: the token answer has no token")).into())
    }

    /// Every tag, following `Link: <...>; rel="next"` pages.
    pub async fn tags(&self) -> anyhow::Result<Vec<String>> {
        let mut url = self.url("tags/list?n=100");
        let mut tags = Vec::new();
        for _ in 0..10_000 {
            let response = self.get(&url, None).await?;
            let next = next_link(response.headers());
            let page: TagList = read_json(response, &url, "the tag list is not JSON").await?;
            tags.extend(page.tags.unwrap_or_default());
            match next {
                Some(next) if next.starts_with("http://") || next.starts_with("https://") => {
                    url = next
                }
                Some(next) => url = format!("{}{next}", self.reference.base),
                None => return Ok(tags),
            }
        }
        Err(Error::Api(format!("{url}: more than 10000 pages of tags")).into())
    }

    /// The manifest's digest and the image config's `created` time. For an index, the
    /// linux/amd64 image's config (else the first image's) gives the time.
    pub async fn metadata(&self, tag: &str) -> anyhow::Result<Metadata> {
        let url = self.url(&format!("manifests/{tag}"));
        let response = self.get(&url, Some(MANIFEST_TYPES)).await?;
        let header_digest = response
            .headers()
            .get("docker-content-digest")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = match http::read_body(response, MAX_DOCUMENT_BYTES).await {
            Ok(body) => body,
            Err(http::BodyError::Request(e)) => return Err(self.unreachable(&url, e)),
            Err(http::BodyError::TooLarge) => {
                return Err(Error::Api(format!(
                    "{url}: the manifest is larger than the {MAX_DOCUMENT_TEXT} limit"
                ))
                .into());
            }
        };
        let digest = header_digest.unwrap_or_else(|| sha256_digest(&body));
        let mut manifest: Manifest = serde_json::from_slice(&body)
            .map_err(|e| Error::Api(format!("{url}: the manifest is not JSON: {e}")))?;
        if let Some(images) = &manifest.manifests {
            let chosen = images
                .iter()
                .find(|d| {
                    d.platform
                        .as_ref()
                        .is_some_and(|p| p.os == "linux" && p.architecture == "amd64")
                })
                .or_else(|| images.first())
                .ok_or_else(|| Error::Api(format!("{url}: the index lists no images")))?;
            let url = self.url(&format!("manifests/{}", chosen.digest));
            let response = self.get(&url, Some(MANIFEST_TYPES)).await?;
            manifest = read_json(response, &url, "the manifest is not JSON").await?;
        }
        let created = match &manifest.config {
            Some(config) => {
                let url = self.url(&format!("blobs/{}", config.digest));
                let response = self.get(&url, None).await?;
                let config: ImageConfig =
                    read_json(response, &url, "the image config is not JSON").await?;
                config.created
            }
            None => {
                tracing::debug!(media_type = ?manifest.media_type, "manifest without config");
                None
            }
        };
        Ok(Metadata { digest, created })
    }
}

/// The tags for `pick`: all of them, with digests and creation times fetched (only for the
/// tags the filters keep, as Image Updater does) when the strategy needs them.
pub async fn list_for_pick(
    reference: &Reference,
    credentials: Credentials,
    rules: &Rules,
) -> anyhow::Result<Vec<Tag>> {
    let client = Client::new(reference.clone(), credentials)?;
    let names = client.tags().await?;
    if !rules.strategy.needs_metadata() {
        return Ok(names.into_iter().map(|n| Tag::named(&n)).collect());
    }
    let results: Vec<(String, anyhow::Result<Metadata>)> = futures::stream::iter(names)
        .map(|name| {
            let client = client.clone();
            async move {
                if !rules.wants(&name) {
                    return (
                        name,
                        Ok(Metadata {
                            digest: String::new(),
                            created: None,
                        }),
                    );
                }
                let metadata = client.metadata(&name).await;
                (name, metadata)
            }
        })
        .buffered(METADATA_CONCURRENCY)
        .collect()
        .await;
    let mut tags = Vec::new();
    for (name, metadata) in results {
        let metadata = metadata?;
        tags.push(Tag {
            name,
            created: metadata.created,
            digest: (!metadata.digest.is_empty()).then_some(metadata.digest),
        });
    }
    Ok(tags)
}

/// `sha256:HEX` of `bytes`, as a content digest.
pub fn sha256_digest(bytes: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// The `rel="next"` target of a `Link` header.
fn next_link(headers: &HeaderMap) -> Option<String> {
    headers.get_all(LINK).iter().find_map(|value| {
        let value = value.to_str().ok()?;
        value.split(',').find_map(|link| {
            let (target, params) = link.split_once(';')?;
            let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            params
                .split(';')
                .any(|p| {
                    let p = p.trim().replace(' ', "");
                    p == "rel=\"next\"" || p == "rel=next"
                })
                .then(|| target.to_string())
        })
    })
}

/// `key="value",key2="value2"` of a `WWW-Authenticate` challenge.
fn parse_challenge(params: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = params.trim();
    while !rest.is_empty() {
        let Some((key, after)) = rest.split_once('=') else {
            break;
        };
        let key = key.trim().trim_start_matches(',').trim().to_string();
        let (value, after) = if let Some(quoted) = after.strip_prefix('"') {
            match quoted.find('"') {
                Some(end) => (quoted[..end].to_string(), &quoted[end + 1..]),
                None => (quoted.to_string(), ""),
            }
        } else {
            match after.find(',') {
                Some(end) => (after[..end].to_string(), &after[end..]),
                None => (after.to_string(), ""),
            }
        };
        out.push((key, value));
        rest = after.trim_start_matches([',', ' ']);
    }
    out
}

/// The most we read of one registry answer (a manifest, a tag page, an image config).
const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;
const MAX_DOCUMENT_TEXT: &str = "16 MiB";

/// A JSON answer read with the size cap; `what` says what failed to parse.
async fn read_json<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
    url: &str,
    what: &str,
) -> anyhow::Result<T> {
    let body = match http::read_body(response, MAX_DOCUMENT_BYTES).await {
        Ok(body) => body,
        Err(http::BodyError::Request(e)) => {
            return Err(Error::Unreachable(format!(
                "cannot read the registry's answer from {url}: {}",
                crate::output::untrusted::escape(&error_chain(&e))
            ))
            .into());
        }
        Err(http::BodyError::TooLarge) => {
            return Err(Error::Api(format!(
                "{url}: the answer is larger than the {MAX_DOCUMENT_TEXT} limit"
            ))
            .into());
        }
    };
    serde_json::from_slice(&body).map_err(|e| {
        Error::Api(format!(
            "{url}: {what}: {}",
            crate::output::untrusted::escape(&e.to_string())
        ))
        .into()
    })
}

fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_need_a_registry_host() {
        let r = Reference::parse("127.0.0.1:5000/team/app", true).unwrap();
        assert_eq!(r.base, "http://127.0.0.1:5000");
        assert_eq!(r.repository, "team/app");
        assert_eq!(
            Reference::parse("ghcr.io/o/a", false).unwrap().base,
            "https://ghcr.io"
        );
        for bad in [
            "kainlite/tr",
            "ghcr.io/",
            "ghcr.io/o/a:v1",
            "ghcr.io/O/A",
            "noslash",
        ] {
            assert!(Reference::parse(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn link_headers_and_challenges_parse() {
        let mut headers = HeaderMap::new();
        headers.insert(
            LINK,
            "</v2/app/tags/list?last=b&n=2>; rel=\"next\""
                .parse()
                .unwrap(),
        );
        assert_eq!(
            next_link(&headers).as_deref(),
            Some("/v2/app/tags/list?last=b&n=2")
        );
        let c = parse_challenge(
            r#"realm="http://127.0.0.1:1/token",service="registry",scope="repository:app:pull""#,
        );
        assert_eq!(
            c,
            vec![
                ("realm".into(), "http://127.0.0.1:1/token".into()),
                ("service".into(), "registry".into()),
                ("scope".into(), "repository:app:pull".into())
            ]
        );
    }

    #[test]
    fn digests_are_sha256_of_the_bytes() {
        assert_eq!(
            sha256_digest(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
