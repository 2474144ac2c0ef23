//! When a hook object is done, from its live state (pure): gitops-engine's health rules for Jobs
//! (`pkg/health/health_job.go`) and Pods (`health_pod.go`) as its sync maps them to a hook's
//! phase (`getOperationPhase`: Healthy succeeded, Degraded or Unknown failed, Progressing or
//! Suspended running). Every other kind is done once it exists.

use serde_json::Value;

/// A hook's state as one observation shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Running(String),
    Succeeded(String),
    Failed(String),
}

impl State {
    pub fn is_done(&self) -> bool {
        !matches!(self, State::Running(_))
    }
}

fn s<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    let mut cur = v;
    for p in path {
        cur = &cur[*p];
    }
    cur.as_str().unwrap_or("")
}

/// The state of a live object of `group`/`kind`.
pub fn state(group: &str, kind: &str, obj: &Value) -> State {
    let name = s(obj, &["metadata", "name"]);
    if !obj["metadata"]["deletionTimestamp"].is_null() {
        return State::Running("pending deletion".into());
    }
    match (group, kind) {
        ("batch", "Job") => job(obj),
        ("", "Pod") => pod(obj),
        _ => State::Succeeded(format!("{kind} {name} created")),
    }
}

fn job(obj: &Value) -> State {
    let name = s(obj, &["metadata", "name"]);
    let (mut failed, mut complete, mut suspended) = (None, None, false);
    for c in obj["status"]["conditions"].as_array().into_iter().flatten() {
        let message = s(c, &["message"]).to_string();
        match s(c, &["type"]) {
            "Failed" => failed = Some(message),
            "Complete" => complete = Some(message),
            "Suspended" if s(c, &["status"]) == "True" => suspended = true,
            _ => {}
        }
    }
    let with = |base: String, m: &str| {
        if m.is_empty() {
            base
        } else {
            format!("{base}: {m}")
        }
    };
    if let Some(m) = failed {
        return State::Failed(with(format!("Job {name} failed"), &m));
    }
    if let Some(m) = complete {
        return State::Succeeded(with(format!("Job {name} completed"), &m));
    }
    if suspended {
        return State::Running(format!("Job {name} is suspended"));
    }
    let active = obj["status"]["active"].as_i64().unwrap_or(0);
    let failed_pods = obj["status"]["failed"].as_i64().unwrap_or(0);
    State::Running(format!(
        "Job {name} running ({active} active, {failed_pods} failed pods)"
    ))
}

/// Why a failed container failed, as gitops-engine words it.
fn container_failure(c: &Value) -> Option<String> {
    let t = &c["state"]["terminated"];
    if t.is_null() {
        return None;
    }
    let message = s(t, &["message"]);
    if !message.is_empty() {
        return Some(message.to_string());
    }
    if s(t, &["reason"]) == "OOMKilled" {
        return Some("OOMKilled".into());
    }
    let code = t["exitCode"].as_i64().unwrap_or(0);
    (code != 0).then(|| {
        format!(
            "container {:?} failed with exit code {code}",
            s(c, &["name"])
        )
    })
}

fn pod(obj: &Value) -> State {
    let name = s(obj, &["metadata", "name"]);
    let status = &obj["status"];
    let message = s(status, &["message"]);
    let restart_always = matches!(s(obj, &["spec", "restartPolicy"]), "Always" | "");
    let containers = status["containerStatuses"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if restart_always {
        let waiting: Vec<&str> = containers
            .iter()
            .filter(|c| {
                let r = s(c, &["state", "waiting", "reason"]);
                r.starts_with("Err") || r.ends_with("Error") || r.ends_with("BackOff")
            })
            .map(|c| s(c, &["state", "waiting", "message"]))
            .collect();
        if !waiting.is_empty() {
            return State::Failed(format!("Pod {name}: {}", waiting.join(", ")));
        }
    }
    match s(status, &["phase"]) {
        "Pending" => State::Running(format!("Pod {name} pending")),
        "Succeeded" => State::Succeeded(format!("Pod {name} succeeded")),
        "Failed" => {
            if !message.is_empty() {
                return State::Failed(format!("Pod {name} failed: {message}"));
            }
            let init = status["initContainerStatuses"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let why = init.iter().chain(&containers).find_map(container_failure);
            State::Failed(match why {
                Some(w) => format!("Pod {name} failed: {w}"),
                None => format!("Pod {name} failed"),
            })
        }
        "Running" if restart_always => {
            let ready = status["conditions"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|c| s(c, &["type"]) == "Ready" && s(c, &["status"]) == "True");
            if ready {
                State::Succeeded(format!("Pod {name} is ready"))
            } else if containers
                .iter()
                .any(|c| !c["lastState"]["terminated"].is_null())
            {
                State::Failed(format!(
                    "Pod {name} is not ready and a container terminated"
                ))
            } else {
                State::Running(format!("Pod {name} running, not ready yet"))
            }
        }
        // OnFailure and Never pods run to completion: running until Succeeded or Failed.
        "Running" => State::Running(format!("Pod {name} running")),
        "" => State::Running(format!("Pod {name} not scheduled yet")),
        other => State::Failed(format!("Pod {name} is in phase {other}")),
    }
}

/// A short account of a failed pod's containers, for when its log cannot be read (kwok's fake
/// nodes have none): each terminated container's exit code, reason and message.
pub fn pod_summary(pod: &Value) -> String {
    let name = s(pod, &["metadata", "name"]);
    let status = &pod["status"];
    let mut parts = vec![format!("pod {name} phase {}", s(status, &["phase"]))];
    let reason = s(status, &["reason"]);
    if !reason.is_empty() {
        parts.push(format!("reason {reason}"));
    }
    for c in status["initContainerStatuses"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(status["containerStatuses"].as_array().into_iter().flatten())
    {
        let t = &c["state"]["terminated"];
        if t.is_null() {
            continue;
        }
        let mut line = format!(
            "container {} exit code {}",
            s(c, &["name"]),
            t["exitCode"].as_i64().unwrap_or(0)
        );
        for key in ["reason", "message"] {
            let v = s(t, &[key]);
            if !v.is_empty() {
                line.push_str(&format!(", {key} {v:?}"));
            }
        }
        parts.push(line);
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn job_with(conditions: Value) -> Value {
        json!({"metadata": {"name": "m"}, "status": {"conditions": conditions}})
    }

    #[test]
    fn a_job_is_done_when_complete_or_failed() {
        assert_eq!(
            state(
                "batch",
                "Job",
                &json!({"metadata": {"name": "m"}, "status": {"active": 1}})
            ),
            State::Running("Job m running (1 active, 0 failed pods)".into())
        );
        assert_eq!(
            state(
                "batch",
                "Job",
                &job_with(json!([{"type": "Complete", "status": "True"}]))
            ),
            State::Succeeded("Job m completed".into())
        );
        assert_eq!(
            state(
                "batch",
                "Job",
                &job_with(json!([
                    {"type": "FailureTarget", "status": "True"},
                    {"type": "Failed", "status": "True", "message": "Job has reached the specified backoff limit"}
                ]))
            ),
            State::Failed("Job m failed: Job has reached the specified backoff limit".into())
        );
        // gitops-engine: Failed wins over Complete; a suspended Job keeps the hook running.
        assert!(matches!(
            state(
                "batch",
                "Job",
                &job_with(json!([{"type": "Complete"}, {"type": "Failed"}]))
            ),
            State::Failed(_)
        ));
        assert!(matches!(
            state(
                "batch",
                "Job",
                &job_with(json!([{"type": "Suspended", "status": "True"}]))
            ),
            State::Running(_)
        ));
    }

    #[test]
    fn a_pod_is_done_by_its_phase() {
        let pod = |policy: &str, status: Value| json!({"metadata": {"name": "p"}, "spec": {"restartPolicy": policy}, "status": status});
        assert!(matches!(
            state("", "Pod", &pod("Never", json!({"phase": "Pending"}))),
            State::Running(_)
        ));
        assert!(matches!(
            state("", "Pod", &pod("Never", json!({"phase": "Running"}))),
            State::Running(_)
        ));
        assert_eq!(
            state("", "Pod", &pod("Never", json!({"phase": "Succeeded"}))),
            State::Succeeded("Pod p succeeded".into())
        );
        assert_eq!(
            state(
                "",
                "Pod",
                &pod(
                    "Never",
                    json!({"phase": "Failed", "containerStatuses": [
                        {"name": "c", "state": {"terminated": {"exitCode": 3}}}]})
                )
            ),
            State::Failed("Pod p failed: container \"c\" failed with exit code 3".into())
        );
        // A restartPolicy Always pod is done when Ready, failed in a crash loop.
        assert!(matches!(
            state(
                "",
                "Pod",
                &pod(
                    "Always",
                    json!({"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]})
                )
            ),
            State::Succeeded(_)
        ));
        assert!(matches!(
            state(
                "",
                "Pod",
                &pod(
                    "Always",
                    json!({"phase": "Running", "containerStatuses": [
                    {"name": "c", "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off"}}}]})
                )
            ),
            State::Failed(_)
        ));
    }

    #[test]
    fn other_kinds_are_done_once_they_exist_and_deleting_ones_are_not() {
        let cm = json!({"metadata": {"name": "c"}});
        assert_eq!(
            state("", "ConfigMap", &cm),
            State::Succeeded("ConfigMap c created".into())
        );
        let gone = json!({"metadata": {"name": "c", "deletionTimestamp": "2026-01-01T00:00:00Z"}});
        assert!(matches!(state("", "ConfigMap", &gone), State::Running(_)));
    }

    #[test]
    fn a_failed_pod_summary_names_exit_code_reason_and_message() {
        let pod = json!({"metadata": {"name": "m-abc"}, "status": {"phase": "Failed",
            "containerStatuses": [{"name": "migrate", "state": {"terminated":
                {"exitCode": 1, "reason": "Error", "message": "relation exists"}}}]}});
        assert_eq!(
            pod_summary(&pod),
            "pod m-abc phase Failed; container migrate exit code 1, reason \"Error\", message \"relation exists\""
        );
    }
}
