//! A real OCI registry for tests: Debian's `docker-registry` (CNCF Distribution 2.8) on a
//! loopback port with a config file written here, optionally behind bearer-token auth whose
//! tokens come from a small token server in this process (ES256 JWTs signed with a key made
//! here, which the registry verifies against the certificate in its config). Images are pushed
//! through the Distribution API: blobs, an image config with `created`, a manifest.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

pub const REGISTRY_BIN: &str = "/usr/bin/docker-registry";
pub const SERVICE: &str = "kr-test-registry";
pub const ISSUER: &str = "kr-test-issuer";
pub const USER: &str = "ci";
pub const PASSWORD: &str = "s3cret";

pub struct Registry {
    pub address: String,
    child: Child,
    _dir: tempfile::TempDir,
    token_server: Option<TokenServer>,
}

/// Signs tokens for the registry; answers `GET /token?service=..&scope=..` with basic auth.
pub struct TokenServer {
    pub address: String,
    key: std::sync::Arc<ring::signature::EcdsaKeyPair>,
    cert_der: Vec<u8>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Registry {
    /// An anonymous registry.
    pub fn start() -> Registry {
        Registry::start_with(false)
    }

    /// A registry that wants bearer tokens from its token server.
    pub fn start_with_token_auth() -> Registry {
        Registry::start_with(true)
    }

    fn start_with(token_auth: bool) -> Registry {
        assert!(
            std::path::Path::new(REGISTRY_BIN).exists(),
            "{REGISTRY_BIN} is missing: scripts/deps installs Debian's docker-registry"
        );
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let address = format!("127.0.0.1:{port}");
        let mut config = format!(
            "version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: {}\n  delete:\n    enabled: true\nhttp:\n  addr: {address}\n  secret: kr-test\n",
            dir.path().join("data").display()
        );
        let token_server = token_auth.then(TokenServer::start);
        if let Some(ts) = &token_server {
            let pem = format!(
                "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
                STANDARD
                    .encode(&ts.cert_der)
                    .as_bytes()
                    .chunks(64)
                    .map(|c| std::str::from_utf8(c).unwrap())
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            let bundle = dir.path().join("token-ca.pem");
            std::fs::write(&bundle, pem).unwrap();
            config.push_str(&format!(
                "auth:\n  token:\n    realm: http://{}/token\n    service: {SERVICE}\n    issuer: {ISSUER}\n    rootcertbundle: {}\n",
                ts.address,
                bundle.display()
            ));
        }
        let config_path = dir.path().join("config.yml");
        std::fs::write(&config_path, config).unwrap();
        let log = std::fs::File::create(dir.path().join("registry.log")).unwrap();
        let child = Command::new(REGISTRY_BIN)
            .arg("serve")
            .arg(&config_path)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .expect("docker-registry starts");
        let registry = Registry {
            address,
            child,
            _dir: dir,
            token_server,
        };
        registry.wait_ready();
        registry
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(&self.address).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let log =
            std::fs::read_to_string(self._dir.path().join("registry.log")).unwrap_or_default();
        panic!(
            "the registry did not listen on {} in 20 s:\n{log}",
            self.address
        );
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.address)
    }

    /// A token for `repository` with push and pull, straight from the token server.
    fn push_token(&self, repository: &str) -> Option<String> {
        self.token_server
            .as_ref()
            .map(|ts| ts.sign(&format!("repository:{repository}:pull,push")))
    }

    /// Pushes an image: a layer, a config with `created`, an OCI manifest tagged `tag`.
    /// Returns the manifest's digest. `salt` makes distinct images.
    pub fn push(&self, repository: &str, tag: &str, created: &str, salt: &str) -> String {
        let client = push::Client::new(self.base(), self.push_token(repository));
        let layer = format!("layer of {repository}:{salt}").into_bytes();
        let layer_digest = client.upload_blob(repository, &layer);
        let config = serde_json::to_vec(&serde_json::json!({
            "created": created,
            "architecture": "amd64",
            "os": "linux",
            "config": {},
            "rootfs": {"type": "layers", "diff_ids": [layer_digest]},
        }))
        .unwrap();
        let config_digest = client.upload_blob(repository, &config);
        let manifest = serde_json::to_vec(&serde_json::json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {
                "mediaType": "application/vnd.oci.image.config.v1+json",
                "digest": config_digest,
                "size": config.len(),
            },
            "layers": [{
                "mediaType": "application/vnd.oci.image.layer.v1.tar",
                "digest": layer_digest,
                "size": layer.len(),
            }],
        }))
        .unwrap();
        client.put_manifest(repository, tag, &manifest);
        kubectl_rollouts::gitops::registry::sha256_digest(&manifest)
    }

    /// Tags an existing manifest (by digest) with more tags.
    pub fn tag(&self, repository: &str, digest: &str, tags: &[String]) {
        let client = push::Client::new(self.base(), self.push_token(repository));
        let manifest = client.get_manifest(repository, digest);
        for tag in tags {
            client.put_manifest(repository, tag, &manifest);
        }
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl TokenServer {
    fn start() -> TokenServer {
        use rcgen::{CertificateParams, KeyPair, PKCS_ECDSA_P256_SHA256};
        let key_pair = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let params = CertificateParams::new(vec!["kr-test-token-issuer".to_string()]).unwrap();
        let cert = params.self_signed(&key_pair).unwrap();
        let rng = ring::rand::SystemRandom::new();
        let key = ring::signature::EcdsaKeyPair::from_pkcs8(
            &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            &key_pair.serialize_der(),
            &rng,
        )
        .unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let server = TokenServer {
            address,
            key: std::sync::Arc::new(key),
            cert_der: cert.der().to_vec(),
        };
        let signer = TokenServer {
            address: server.address.clone(),
            key: server.key.clone(),
            cert_der: server.cert_der.clone(),
        };
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = signer.answer(stream);
            }
        });
        server
    }

    fn answer(&self, mut stream: std::net::TcpStream) -> std::io::Result<()> {
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut request_line = String::new();
        reader.read_line(&mut request_line)?;
        let mut authorization = None;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("authorization")
            {
                authorization = Some(v.trim().to_string());
            }
        }
        let path = request_line.split_whitespace().nth(1).unwrap_or("/");
        let query = path.split_once('?').map(|(_, q)| q).unwrap_or("");
        let scope = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == "scope")
            .map(|(_, v)| percent_decode(v))
            .unwrap_or_default();
        let expected = format!("Basic {}", STANDARD.encode(format!("{USER}:{PASSWORD}")));
        let (status, body) = if authorization.as_deref() != Some(expected.as_str()) {
            (
                "401 Unauthorized",
                r#"{"details":"bad credentials"}"#.to_string(),
            )
        } else {
            // Grant pull only, whatever was asked.
            let scope = scope.replace(":push", "").replace(",push", "");
            (
                "200 OK",
                serde_json::json!({ "token": self.sign(&scope) }).to_string(),
            )
        };
        write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )?;
        let _ = reader.read(&mut [0u8; 0]);
        Ok(())
    }

    /// An ES256 JWT granting `scope` (`repository:NAME:ACTIONS`), its certificate in `x5c`.
    fn sign(&self, scope: &str) -> String {
        let mut access = Vec::new();
        if let Some(rest) = scope.strip_prefix("repository:")
            && let Some((name, actions)) = rest.rsplit_once(':')
        {
            access.push(serde_json::json!({
                "type": "repository",
                "name": name,
                "actions": actions.split(',').collect::<Vec<_>>(),
            }));
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let header = serde_json::json!({
            "alg": "ES256",
            "typ": "JWT",
            "x5c": [STANDARD.encode(&self.cert_der)],
        });
        let claims = serde_json::json!({
            "iss": ISSUER,
            "sub": USER,
            "aud": SERVICE,
            "exp": now + 600,
            "nbf": now - 10,
            "iat": now,
            "jti": format!("{now}-{}", access.len()),
            "access": access,
        });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let rng = ring::rand::SystemRandom::new();
        let signature = self.key.sign(&rng, signing_input.as_bytes()).unwrap();
        format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature.as_ref())
        )
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Pushing through the Distribution API with plain HTTP/1.1 requests (curl): monolithic blob
/// uploads and manifest puts.
mod push {
    pub use self::inner::Client;
    pub mod inner {
        use std::process::Command;

        pub struct Client {
            base: String,
            token: Option<String>,
        }

        impl Client {
            pub fn new(base: String, token: Option<String>) -> Client {
                Client { base, token }
            }

            fn curl(&self) -> Command {
                let mut c = Command::new("curl");
                c.args(["-sS", "--fail-with-body"]);
                if let Some(t) = &self.token {
                    c.args(["-H", &format!("Authorization: Bearer {t}")]);
                }
                c
            }

            /// POST an upload, PUT the bytes with the digest; returns the digest.
            pub fn upload_blob(&self, repository: &str, bytes: &[u8]) -> String {
                let digest = kubectl_rollouts::gitops::registry::sha256_digest(bytes);
                let out = self
                    .curl()
                    .args(["-X", "POST", "-D", "-", "-o", "/dev/null"])
                    .arg(format!("{}/v2/{repository}/blobs/uploads/", self.base))
                    .output()
                    .unwrap();
                let headers = String::from_utf8_lossy(&out.stdout).into_owned();
                assert!(
                    out.status.success(),
                    "upload start: {headers}{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let location = headers
                    .lines()
                    .find_map(|l| {
                        l.split_once(':')
                            .filter(|(k, _)| k.eq_ignore_ascii_case("location"))
                            .map(|(_, v)| v.trim().to_string())
                    })
                    .expect("a Location header");
                let location = if location.starts_with('/') {
                    format!("{}{location}", self.base)
                } else {
                    location
                };
                let sep = if location.contains('?') { '&' } else { '?' };
                let tmp = tempfile::NamedTempFile::new().unwrap();
                std::fs::write(tmp.path(), bytes).unwrap();
                let out = self
                    .curl()
                    .args([
                        "-X",
                        "PUT",
                        "-H",
                        "Content-Type: application/octet-stream",
                        "--data-binary",
                    ])
                    .arg(format!("@{}", tmp.path().display()))
                    .arg(format!("{location}{sep}digest={digest}"))
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "blob put: {}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
                digest
            }

            pub fn put_manifest(&self, repository: &str, reference: &str, manifest: &[u8]) {
                let tmp = tempfile::NamedTempFile::new().unwrap();
                std::fs::write(tmp.path(), manifest).unwrap();
                let out = self
                    .curl()
                    .args([
                        "-X",
                        "PUT",
                        "-H",
                        "Content-Type: application/vnd.oci.image.manifest.v1+json",
                        "--data-binary",
                    ])
                    .arg(format!("@{}", tmp.path().display()))
                    .arg(format!(
                        "{}/v2/{repository}/manifests/{reference}",
                        self.base
                    ))
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "manifest put: {}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
            }

            pub fn get_manifest(&self, repository: &str, reference: &str) -> Vec<u8> {
                let out = self
                    .curl()
                    .args(["-H", "Accept: application/vnd.oci.image.manifest.v1+json"])
                    .arg(format!(
                        "{}/v2/{repository}/manifests/{reference}",
                        self.base
                    ))
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "manifest get: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                out.stdout
            }
        }
    }
}
