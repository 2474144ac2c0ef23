//! One driver per rollout: a `coordination.k8s.io/v1` Lease `<rollout>-rollouts-driver`,
//! renewed while a process drives. A holder that stops renewing (crashed) loses it after
//! `leaseDurationSeconds`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use k8s_openapi::api::coordination::v1::Lease;
use kube::api::{DeleteParams, PostParams, Preconditions};
use kube::{Api, Client};
use serde_json::{Value, json};

use super::{classify, is_conflict, is_not_found};

pub const DURATION_SECS: i64 = 15;

/// The Lease duration: 15 s, or `KUBECTL_ROLLOUTS_LEASE_SECONDS` (tests use a short one so a
/// killed driver's Lease expires quickly).
pub fn duration_secs() -> i64 {
    std::env::var("KUBECTL_ROLLOUTS_LEASE_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s: &i64| *s > 0)
        .unwrap_or(DURATION_SECS)
}

/// Renew three times per Lease duration.
fn renew_every() -> Duration {
    Duration::from_millis((duration_secs() * 1000 / 3).max(300) as u64)
}

pub fn lease_name(rollout: &str) -> String {
    format!("{rollout}-rollouts-driver")
}

/// This process, as named in a Lease: host, pid and a random part, because two containers can
/// share a host name and a pid (pid 1) and must still not both count as the holder.
pub fn identity() -> String {
    static IDENTITY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    IDENTITY.get_or_init(new_identity).clone()
}

fn new_identity() -> String {
    use std::hash::{BuildHasher, Hasher};
    // RandomState is seeded from the OS's randomness once per process.
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown".into());
    format!("{host}-{}-{:06x}", std::process::id(), random & 0xff_ffff)
}

/// Who holds a Lease and until when (pure, from the Lease as JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct Holder {
    pub identity: String,
    pub expires: DateTime<Utc>,
}

pub fn holder(lease: &Value) -> Option<Holder> {
    let spec = lease.get("spec")?;
    let identity = spec.get("holderIdentity")?.as_str()?.to_string();
    if identity.is_empty() {
        return None;
    }
    let renew = spec
        .get("renewTime")
        .or_else(|| spec.get("acquireTime"))
        .and_then(Value::as_str)
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())?
        .with_timezone(&Utc);
    let secs = spec
        .get("leaseDurationSeconds")
        .and_then(Value::as_i64)
        .unwrap_or(DURATION_SECS);
    Some(Holder {
        identity,
        expires: renew + chrono::TimeDelta::seconds(secs),
    })
}

fn micro(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn lease_object(
    name: &str,
    me: &str,
    now: DateTime<Utc>,
    transitions: i64,
    rv: Option<String>,
) -> anyhow::Result<Lease> {
    Ok(serde_json::from_value(json!({
        "metadata": {"name": name, "resourceVersion": rv},
        "spec": {
            "holderIdentity": me,
            "leaseDurationSeconds": duration_secs(),
            "acquireTime": micro(now),
            "renewTime": micro(now),
            "leaseTransitions": transitions,
        }
    }))?)
}

/// Who drives the rollout now: the holder of its Lease while that is live at `now`.
pub async fn driver_of(
    client: &Client,
    ns: &str,
    rollout: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<Holder>> {
    let api: Api<Lease> = Api::namespaced(client.clone(), ns);
    let name = lease_name(rollout);
    let lease = api
        .get_opt(&name)
        .await
        .map_err(|e| classify(e, format!("reading Lease {name}")))?;
    Ok(match lease {
        Some(l) => holder(&serde_json::to_value(&l)?).filter(|h| h.expires > now),
        None => None,
    })
}

/// A held Lease; renewed in the background until released or dropped.
pub struct Guard {
    api: Api<Lease>,
    name: String,
    identity: String,
    lost: Arc<AtomicBool>,
    /// The resourceVersion of the Lease as this process last wrote it.
    written: Arc<Mutex<Option<String>>>,
    renewer: tokio::task::JoinHandle<()>,
}

impl Guard {
    /// True once another process took the Lease (we could not renew in time).
    pub fn lost(&self) -> bool {
        self.lost.load(Ordering::SeqCst)
    }

    /// Gives the Lease up so the next driver need not wait for it to expire: deletes it if it
    /// is still as this process last wrote it, else only if this process still holds it.
    pub async fn release(self) {
        self.renewer.abort();
        let written = self.written.lock().ok().and_then(|g| g.clone());
        if let Some(rv) = written {
            let unchanged = DeleteParams {
                preconditions: Some(Preconditions {
                    resource_version: Some(rv),
                    uid: None,
                }),
                ..DeleteParams::default()
            };
            match self.api.delete(&self.name, &unchanged).await {
                Ok(_) => return,
                Err(e) if is_not_found(&e) => return,
                // Written since (a renewal whose response was cut off): check the holder.
                Err(e) if is_conflict(&e) => {}
                Err(_) => return,
            }
        }
        if let Ok(Some(l)) = self.api.get_opt(&self.name).await {
            let v = serde_json::to_value(&l).unwrap_or_default();
            if holder(&v).is_some_and(|h| h.identity == self.identity) {
                let _ = self.api.delete(&self.name, &DeleteParams::default()).await;
            }
        }
    }
}

/// Tries once: Ok(Ok(guard)) when acquired, Ok(Err(holder)) when another live driver holds it.
pub async fn try_acquire(
    client: &Client,
    ns: &str,
    rollout: &str,
) -> anyhow::Result<Result<Guard, Holder>> {
    let api: Api<Lease> = Api::namespaced(client.clone(), ns);
    let name = lease_name(rollout);
    let me = identity();
    // The resourceVersion of a Lease that looked expired and stayed unchanged for longer than
    // a live holder's renew interval (see below).
    let mut confirmed_stale: Option<String> = None;
    // Most drives find no Lease: try to create it before reading it.
    let mut first = true;
    let taken = loop {
        let now = crate::clock::now();
        if std::mem::take(&mut first) {
            match api
                .create(
                    &PostParams::default(),
                    &lease_object(&name, &me, now, 0, None)?,
                )
                .await
            {
                Ok(l) => break l,
                Err(e) if is_conflict(&e) => {}
                Err(e) => return Err(classify(e, format!("taking Lease {name}"))),
            }
        }
        let existing = api
            .get_opt(&name)
            .await
            .map_err(|e| classify(e, format!("reading Lease {name}")))?;
        let result = match existing {
            None => {
                api.create(
                    &PostParams::default(),
                    &lease_object(&name, &me, now, 0, None)?,
                )
                .await
            }
            Some(l) => {
                let v = serde_json::to_value(&l)?;
                if let Some(h) = holder(&v)
                    && h.identity != me
                {
                    if h.expires > now {
                        return Ok(Err(h));
                    }
                    // Expired by our clock, which may run ahead of the holder's: a live holder
                    // renews every third of the duration, so watch the record for longer than
                    // that before taking it (client-go times the record on its own clock too).
                    let rv = l.metadata.resource_version.clone();
                    if confirmed_stale.is_none() || confirmed_stale != rv {
                        tokio::time::sleep(renew_every() + Duration::from_millis(500)).await;
                        let again = api
                            .get_opt(&name)
                            .await
                            .map_err(|e| classify(e, format!("reading Lease {name}")))?;
                        let again_rv = again
                            .as_ref()
                            .and_then(|a| a.metadata.resource_version.clone());
                        if again_rv == rv {
                            confirmed_stale = rv;
                        } else if let Some(a) = again
                            && let Some(h) = holder(&serde_json::to_value(&a)?)
                            && h.identity != me
                        {
                            // Renewed while we watched: the holder is alive.
                            return Ok(Err(h));
                        }
                        continue;
                    }
                }
                let transitions = v
                    .pointer("/spec/leaseTransitions")
                    .and_then(Value::as_i64)
                    .unwrap_or(0)
                    + 1;
                let obj = lease_object(
                    &name,
                    &me,
                    now,
                    transitions,
                    l.metadata.resource_version.clone(),
                )?;
                api.replace(&name, &PostParams::default(), &obj).await
            }
        };
        match result {
            Ok(l) => break l,
            Err(e) if is_conflict(&e) || is_not_found(&e) => continue,
            Err(e) => return Err(classify(e, format!("taking Lease {name}"))),
        }
    };
    let lost = Arc::new(AtomicBool::new(false));
    let written = Arc::new(Mutex::new(taken.metadata.resource_version));
    let renewer = tokio::spawn(renew_loop(
        api.clone(),
        name.clone(),
        me.clone(),
        lost.clone(),
        written.clone(),
    ));
    Ok(Ok(Guard {
        api,
        name,
        identity: me,
        lost,
        written,
        renewer,
    }))
}

async fn renew_loop(
    api: Api<Lease>,
    name: String,
    me: String,
    lost: Arc<AtomicBool>,
    written: Arc<Mutex<Option<String>>>,
) {
    loop {
        tokio::time::sleep(renew_every()).await;
        let Ok(Some(mut l)) = api.get_opt(&name).await else {
            continue;
        };
        let v = serde_json::to_value(&l).unwrap_or_default();
        if holder(&v).is_none_or(|h| h.identity != me) {
            lost.store(true, Ordering::SeqCst);
            return;
        }
        if let Some(spec) = l.spec.as_mut() {
            let renewed: Value = json!(micro(crate::clock::now()));
            if let Ok(t) = serde_json::from_value(renewed) {
                spec.renew_time = Some(t);
            }
        }
        // A conflict means someone wrote it meanwhile; the next round reads it again.
        if let Ok(renewed) = api.replace(&name, &PostParams::default(), &l).await
            && let Ok(mut w) = written.lock()
        {
            *w = renewed.metadata.resource_version;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lease_names_its_holder_and_expiry() {
        let v = json!({"spec": {"holderIdentity": "ci-42", "leaseDurationSeconds": 15,
                                 "renewTime": "2026-01-01T12:00:00.000000Z"}});
        let h = holder(&v).unwrap();
        assert_eq!(h.identity, "ci-42");
        assert_eq!(h.expires.to_rfc3339(), "2026-01-01T12:00:15+00:00");
        assert_eq!(holder(&json!({"spec": {"holderIdentity": ""}})), None);
    }
}
