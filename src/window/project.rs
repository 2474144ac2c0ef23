//! Argo CD `AppProject.spec.syncWindows`, read from YAML or JSON and validated into windows
//! ready to evaluate. Every problem names the window's index and field.

use chrono_tz::Tz;
use serde_json::Value;

use super::cron::Schedule;
use super::glob::Glob;
use crate::duration::GoDuration;
use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Allow,
    Deny,
}

/// One validated sync window.
#[derive(Debug, Clone)]
pub struct Window {
    pub index: usize,
    pub kind: Kind,
    pub schedule_text: String,
    pub schedule: Schedule,
    pub duration: GoDuration,
    pub duration_text: String,
    pub time_zone: Tz,
    pub time_zone_text: String,
    pub applications: Vec<(String, Glob)>,
    pub namespaces: Vec<(String, Glob)>,
    pub clusters: Vec<(String, Glob)>,
    pub manual_sync: bool,
    pub and_operator: bool,
    pub description: Option<String>,
}

/// An AppProject's name and its windows.
#[derive(Debug, Clone)]
pub struct Project {
    pub name: String,
    pub windows: Vec<Window>,
}

/// What the sync is for: an application and its destination. Absent values are empty, as in
/// an Argo CD Application without them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub app: Option<String>,
    pub namespace: Option<String>,
    pub cluster: Option<String>,
}

impl Target {
    /// No application given: every window of the project applies.
    pub fn is_any(&self) -> bool {
        self.app.is_none() && self.namespace.is_none() && self.cluster.is_none()
    }
}

impl Window {
    /// Whether this window applies to `target`, as Argo CD's `SyncWindows.Matches`.
    pub fn matches(&self, target: &Target) -> bool {
        if target.is_any() {
            return true;
        }
        let any =
            |globs: &[(String, Glob)], value: &str| globs.iter().any(|(_, g)| g.matches(value));
        let app = target.app.as_deref().unwrap_or("");
        let ns = target.namespace.as_deref().unwrap_or("");
        // Argo CD never matches a cluster glob against an empty destination.
        let cluster = |globs: &[(String, Glob)]| {
            target
                .cluster
                .as_deref()
                .is_some_and(|c| !c.is_empty() && any(globs, c))
        };
        if self.and_operator {
            // Argo CD: with no list at all, an AND window matches nothing.
            (!self.applications.is_empty()
                || !self.clusters.is_empty()
                || !self.namespaces.is_empty())
                && (self.applications.is_empty() || any(&self.applications, app))
                && (self.clusters.is_empty() || cluster(&self.clusters))
                && (self.namespaces.is_empty() || any(&self.namespaces, ns))
        } else {
            (!self.applications.is_empty() && any(&self.applications, app))
                || (!self.clusters.is_empty() && cluster(&self.clusters))
                || (!self.namespaces.is_empty() && any(&self.namespaces, ns))
        }
    }

    /// A short description: `#2 (deny "0 0 20 12 *" for 288h)`.
    pub fn label(&self) -> String {
        let kind = match self.kind {
            Kind::Allow => "allow",
            Kind::Deny => "deny",
        };
        format!(
            "#{} ({kind} \"{}\" for {})",
            self.index, self.schedule_text, self.duration_text
        )
    }
}

/// Parses an AppProject document (YAML or JSON text).
pub fn parse_project(text: &str) -> Result<Project, Error> {
    let doc: Value = crate::spec::yaml::from_str(text)?;
    project_from_value(&doc)
}

/// Validates an AppProject object (as read from a file or the cluster): strictly against
/// Argo CD's CRD schema first, then every window's values.
pub fn project_from_value(doc: &Value) -> Result<Project, Error> {
    super::schema::validate(doc)?;
    let name = doc
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let windows = match doc.pointer("/spec/syncWindows") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, w)| parse_window(i, w))
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(Error::field(
                "spec.syncWindows",
                "expected a list of windows",
            ));
        }
    };
    Ok(Project { name, windows })
}

fn parse_window(index: usize, value: &Value) -> Result<Window, Error> {
    let path = |field: &str| format!("spec.syncWindows[{index}].{field}");
    let obj = value.as_object().ok_or_else(|| {
        Error::field(
            format!("spec.syncWindows[{index}]"),
            "expected a window object",
        )
    })?;
    let string = |field: &str| -> Result<Option<String>, Error> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(Error::field(
                path(field),
                format!("expected a string, found {other}"),
            )),
        }
    };
    let boolean = |field: &str| -> Result<bool, Error> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(Error::field(
                path(field),
                format!("expected true or false, found {other}"),
            )),
        }
    };
    let globs = |field: &str| -> Result<Vec<(String, Glob)>, Error> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(j, item)| {
                    let text = item.as_str().ok_or_else(|| {
                        Error::field(format!("{}[{j}]", path(field)), "expected a string")
                    })?;
                    let glob = Glob::parse(text)
                        .map_err(|why| Error::field(format!("{}[{j}]", path(field)), why))?;
                    Ok((text.to_string(), glob))
                })
                .collect(),
            Some(_) => Err(Error::field(
                path(field),
                "expected a list of glob patterns",
            )),
        }
    };

    let kind = match string("kind")?.as_deref() {
        Some("allow") => Kind::Allow,
        Some("deny") => Kind::Deny,
        Some(other) => {
            return Err(Error::field(
                path("kind"),
                format!("expected \"allow\" or \"deny\", found {other:?}"),
            ));
        }
        None => {
            return Err(Error::field(
                path("kind"),
                "missing; expected \"allow\" or \"deny\"",
            ));
        }
    };
    let schedule_text = string("schedule")?.ok_or_else(|| {
        Error::field(
            path("schedule"),
            "missing; expected a 5-field cron schedule",
        )
    })?;
    let schedule =
        Schedule::parse(&schedule_text).map_err(|why| Error::field(path("schedule"), why))?;
    let duration_text = string("duration")?.ok_or_else(|| {
        Error::field(
            path("duration"),
            "missing; expected a duration such as \"7h\" or \"90m\"",
        )
    })?;
    let duration = GoDuration::parse(&duration_text)
        .map_err(|why| Error::field(path("duration"), why.to_string()))?;
    let time_zone_text = string("timeZone")?.unwrap_or_default();
    let time_zone =
        time_zone(&time_zone_text).map_err(|why| Error::field(path("timeZone"), why))?;
    Ok(Window {
        index,
        kind,
        schedule_text,
        schedule,
        duration,
        duration_text,
        time_zone,
        time_zone_text,
        applications: globs("applications")?,
        namespaces: globs("namespaces")?,
        clusters: globs("clusters")?,
        manual_sync: boolean("manualSync")?,
        and_operator: boolean("andOperator")?,
        description: string("description")?,
    })
}

/// A window's time zone as Go's `time.LoadLocation` names it, or why it is refused.
///
/// Argo CD logs a warning for a name Go cannot load and evaluates the window in UTC: a typo
/// silently moves the window by hours, so it is an error here. `Local` (and the files
/// `localtime`, `posixrules` Go also loads) is the Argo CD controller's own zone, which this
/// check cannot know; `Factory` is a placeholder for "not set". `posix/NAME` is the same zone as NAME
/// (the tz database's copy of its main tree). `right/NAME` zones count leap seconds, which Go
/// ignores, so Argo CD's DST changes in them come up to 27 s late: refused, name NAME instead.
pub fn time_zone(text: &str) -> Result<Tz, String> {
    match text {
        "" | "UTC" => return Ok(Tz::UTC),
        "Local" | "localtime" | "posixrules" => {
            return Err(format!(
                "{text:?} is the time zone set on the Argo CD controller's machine, which this check cannot know; name the zone, such as \"Europe/Berlin\""
            ));
        }
        "Factory" => {
            return Err(
                "\"Factory\" is the tz database's placeholder for a machine whose zone is not set (UTC, named \"-00\"); name the zone, or use UTC"
                    .to_string(),
            );
        }
        _ => {}
    }
    if let Some(name) = text.strip_prefix("right/") {
        return Err(format!(
            "{text:?} counts leap seconds, which Go (and so Argo CD) ignores; use {name:?}"
        ));
    }
    let name = text.strip_prefix("posix/").unwrap_or(text);
    name.parse::<Tz>().map_err(|_| {
        format!(
            "unknown time zone {text:?}; expected an IANA name such as \"Europe/Berlin\" (Argo CD would warn and use UTC)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(yaml: &str) -> String {
        parse_project(yaml).unwrap_err().to_string()
    }

    const HEAD: &str = "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: p\nspec:\n  syncWindows:\n";

    #[test]
    fn errors_name_the_window_and_field() {
        let cases = [
            (
                "  - kind: maybe\n    schedule: '* * * * *'\n    duration: 1h\n",
                "spec.syncWindows[0].kind: expected \"allow\" or \"deny\", found \"maybe\"",
            ),
            (
                "  - kind: allow\n    schedule: '* * * *'\n    duration: 1h\n",
                "spec.syncWindows[0].schedule: expected 5 fields",
            ),
            (
                "  - kind: allow\n    schedule: '* * * * *'\n    duration: 1d\n",
                "spec.syncWindows[0].duration: invalid duration \"1d\"",
            ),
            (
                "  - kind: allow\n    schedule: '* * * * *'\n    duration: 1h\n    timeZone: Mars/Olympus\n",
                "spec.syncWindows[0].timeZone: unknown time zone \"Mars/Olympus\"",
            ),
            (
                "  - kind: allow\n    schedule: '* * * * *'\n    duration: 1h\n    applications: ['[oops']\n",
                "spec.syncWindows[0].applications[0]: the character class at character 1 has no closing ']'",
            ),
            (
                "  - kind: allow\n    schedule: '* * * * *'\n",
                "spec.syncWindows[0].duration: missing",
            ),
            (
                "  - kind: allow\n    duration: 1h\n",
                "spec.syncWindows[0].schedule: missing",
            ),
            (
                "  - kind: allow\n    schedule: '* * * * *'\n    duration: 1h\n    manualSync: yes please\n",
                "spec.syncWindows[0].manualSync: expected true or false",
            ),
        ];
        for (window, expected) in cases {
            let message = err(&format!("{HEAD}{window}"));
            assert!(
                message.contains(expected),
                "{message}\n  expected: {expected}"
            );
        }
    }

    #[test]
    fn wrong_documents_are_rejected() {
        assert!(err("kind: Deployment\n").contains("kind: expected AppProject"));
        let yaml = parse_project("spec: [\n").unwrap_err();
        assert!(
            matches!(&yaml, Error::Input { location, .. } if location.line == Some(1)),
            "{yaml:?}"
        );
        assert!(err("- a\n").contains("expected an AppProject object"));
    }

    #[test]
    fn or_and_and_matching_follow_argo_cd() {
        let project = parse_project(&format!(
            "{HEAD}  - kind: allow\n    schedule: '* * * * *'\n    duration: 1h\n    applications: ['tr-*']\n    namespaces: ['prod']\n  - kind: allow\n    schedule: '* * * * *'\n    duration: 1h\n    applications: ['tr-*']\n    namespaces: ['prod']\n    andOperator: true\n"
        ))
        .unwrap();
        let t = |app: &str, ns: &str| Target {
            app: Some(app.into()),
            namespace: Some(ns.into()),
            cluster: None,
        };
        let (or, and) = (&project.windows[0], &project.windows[1]);
        assert!(or.matches(&t("tr-web", "dev")));
        assert!(or.matches(&t("api", "prod")));
        assert!(!or.matches(&t("api", "dev")));
        assert!(and.matches(&t("tr-web", "prod")));
        assert!(!and.matches(&t("tr-web", "dev")));
        assert!(
            or.matches(&Target::default()),
            "no target: every window applies"
        );
    }

    #[test]
    fn an_and_window_without_lists_matches_nothing_as_in_argo_cd() {
        let project = parse_project(&format!(
            "{HEAD}  - kind: deny\n    schedule: '* * * * *'\n    duration: 1h\n    andOperator: true\n"
        ))
        .unwrap();
        let t = Target {
            app: Some("tr-web".into()),
            namespace: Some("prod".into()),
            cluster: Some("https://kubernetes.default.svc".into()),
        };
        assert!(!project.windows[0].matches(&t));
    }

    #[test]
    fn time_zones_go_loads_are_followed_or_refused_with_a_reason() {
        assert_eq!(time_zone("").unwrap(), Tz::UTC);
        assert_eq!(
            time_zone("posix/Europe/Berlin").unwrap(),
            Tz::Europe__Berlin
        );
        for (name, why) in [
            ("Local", "Argo CD controller's machine"),
            ("right/Europe/Berlin", "use \"Europe/Berlin\""),
            ("Mars/Olympus", "Argo CD would warn and use UTC"),
            ("europe/berlin", "unknown time zone"),
        ] {
            let e = time_zone(name).unwrap_err();
            assert!(e.contains(why), "{name}: {e}");
        }
    }
}
