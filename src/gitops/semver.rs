//! Versions and constraints as Masterminds/semver v3.4 parses and checks them (the library
//! Argo CD Image Updater uses): a `v` prefix, a missing minor or patch, loose coercion of
//! `2024-05-01` into `2024.0.0-05-01`, and constraints such as `^1.2`, `~1.2`, `1.2.x`,
//! `>= 1.0, < 2`, `1.0 - 1.4` and `||`. Pure; tested side by side with the Go library.

use std::cmp::Ordering;
use std::sync::LazyLock;

use regex::Regex;

/// A parsed version; `original` is the text as given (Image Updater prints it back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub pre: String,
    pub metadata: String,
    pub original: String,
}

const LOOSE: &str = r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";

const CV: &str = r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";

const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";

static LOOSE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{LOOSE}$")).expect("valid regex"));
/// Go's `\s` (RE2: ASCII white space only); Rust's `\s` is Unicode.
const S: &str = r"[\t\n\f\r ]";

static CONSTRAINT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^{S}*({OPS}){S}*({CV}){S}*$")).expect("valid regex"));
static RANGE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"{S}*({CV}){S}+-{S}+({CV}){S}*")).expect("valid regex"));
static FIND_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"({OPS}){S}*({CV})")).expect("valid regex"));
static VALID_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^({S}*({OPS}){S}*({CV}){S}*)((?:{S}+|,{S}*)({OPS}){S}*({CV}){S}*)*$"
    ))
    .expect("valid regex")
});

const ALLOWED: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789";

impl Version {
    /// `semver.NewVersion` (with its default coercion).
    pub fn parse(text: &str) -> Result<Version, String> {
        let m = LOOSE_RE
            .captures(text)
            .ok_or_else(|| "invalid semantic version".to_string())?;
        let segment = |i: usize| -> Result<u64, String> {
            match m.get(i) {
                None => Ok(0),
                Some(s) => s
                    .as_str()
                    .trim_start_matches('.')
                    .parse::<u64>()
                    .map_err(|e| format!("error parsing version segment: {e}")),
            }
        };
        let version = Version {
            major: segment(1)?,
            minor: segment(2)?,
            patch: segment(3)?,
            pre: m.get(5).map(|s| s.as_str().to_string()).unwrap_or_default(),
            metadata: m.get(8).map(|s| s.as_str().to_string()).unwrap_or_default(),
            original: text.to_string(),
        };
        if !version.pre.is_empty() {
            validate_prerelease(&version.pre)?;
        }
        if !version.metadata.is_empty() {
            validate_metadata(&version.metadata)?;
        }
        Ok(version)
    }

    /// `Version.Compare`: precedence by major, minor, patch, then pre-release (metadata is
    /// ignored, so `1.0.0` and `v1.0.0+b` compare equal).
    pub fn compare(&self, other: &Version) -> Ordering {
        self.major
            .cmp(&other.major)
            .then(self.minor.cmp(&other.minor))
            .then(self.patch.cmp(&other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => compare_prerelease(&self.pre, &other.pre),
            })
    }

    fn is_pre(&self) -> bool {
        !self.pre.is_empty()
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.metadata.is_empty() {
            write!(f, "+{}", self.metadata)?;
        }
        Ok(())
    }
}

fn only(s: &str, allowed: &str) -> bool {
    s.chars().all(|c| allowed.contains(c))
}

fn validate_prerelease(pre: &str) -> Result<(), String> {
    for part in pre.split('.') {
        if part.is_empty() {
            return Err("invalid prerelease string".into());
        } else if only(part, "0123456789") {
            if part.len() > 1 && part.starts_with('0') {
                return Err("version segment starts with 0".into());
            }
        } else if !only(part, ALLOWED) {
            return Err("invalid prerelease string".into());
        }
    }
    Ok(())
}

fn validate_metadata(metadata: &str) -> Result<(), String> {
    for part in metadata.split('.') {
        if part.is_empty() || !only(part, ALLOWED) {
            return Err("invalid metadata string".into());
        }
    }
    Ok(())
}

fn compare_prerelease(a: &str, b: &str) -> Ordering {
    let a: Vec<&str> = a.split('.').collect();
    let b: Vec<&str> = b.split('.').collect();
    for i in 0..a.len().max(b.len()) {
        let d = compare_pre_part(
            a.get(i).copied().unwrap_or(""),
            b.get(i).copied().unwrap_or(""),
        );
        if d != Ordering::Equal {
            return d;
        }
    }
    Ordering::Equal
}

fn compare_pre_part(s: &str, o: &str) -> Ordering {
    if s == o {
        return Ordering::Equal;
    }
    if s.is_empty() {
        return Ordering::Less;
    }
    if o.is_empty() {
        return Ordering::Greater;
    }
    match (s.parse::<u64>(), o.parse::<u64>()) {
        (Err(_), Err(_)) => {
            if s > o {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        // A numeric identifier sorts before an alphanumeric one.
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Ok(si), Ok(oi)) => {
            if si > oi {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
    }
}

/// A parsed constraint: alternatives (`||`) of conjunctions.
#[derive(Debug, Clone)]
pub struct Constraints {
    alternatives: Vec<Vec<Constraint>>,
    contains_pre: Vec<bool>,
}

#[derive(Debug, Clone)]
struct Constraint {
    op: String,
    version: Version,
    dirty: bool,
    minor_dirty: bool,
    patch_dirty: bool,
}

fn is_x(s: &str) -> bool {
    matches!(s, "x" | "X" | "*")
}

impl Constraints {
    /// `semver.NewConstraint`.
    pub fn parse(text: &str) -> Result<Constraints, String> {
        let rewritten = rewrite_range(text);
        let mut alternatives = Vec::new();
        let mut contains_pre = Vec::new();
        for alternative in rewritten.split("||") {
            if !VALID_RE.is_match(alternative) {
                return Err(format!("improper constraint: {alternative}"));
            }
            let mut found: Vec<&str> = FIND_RE.find_iter(alternative).map(|m| m.as_str()).collect();
            if found.is_empty() {
                found.push(alternative);
            }
            let mut conjunction = Vec::new();
            let mut has_pre = false;
            for part in found {
                let constraint = parse_constraint(part)?;
                has_pre |= constraint.version.is_pre();
                conjunction.push(constraint);
            }
            alternatives.push(conjunction);
            contains_pre.push(has_pre);
        }
        Ok(Constraints {
            alternatives,
            contains_pre,
        })
    }

    /// `Constraints.Check`: pre-releases match only an alternative that names one.
    pub fn check(&self, version: &Version) -> bool {
        self.alternatives
            .iter()
            .zip(&self.contains_pre)
            .any(|(conjunction, &pre)| conjunction.iter().all(|c| c.check(version, pre)))
    }
}

fn rewrite_range(text: &str) -> String {
    let mut out = text.to_string();
    for caps in RANGE_RE.captures_iter(text) {
        let whole = caps.get(0).expect("match").as_str();
        // Groups 1 and 11 are the two versions of `A - B`.
        let replacement = format!(">= {}, <= {} ", &caps[1], &caps[11]);
        out = out.replacen(whole, &replacement, 1);
    }
    out
}

fn parse_constraint(text: &str) -> Result<Constraint, String> {
    if text.is_empty() {
        return Ok(Constraint {
            op: String::new(),
            version: Version::parse("0.0.0").expect("valid"),
            dirty: true,
            minor_dirty: false,
            patch_dirty: false,
        });
    }
    let m = CONSTRAINT_RE
        .captures(text)
        .ok_or_else(|| format!("improper constraint: {text}"))?;
    let group = |i: usize| m.get(i).map(|g| g.as_str()).unwrap_or("");
    let (major, minor, patch, pre) = (group(3), group(4), group(5), group(6));
    let mut dirty = false;
    let mut minor_dirty = false;
    let mut patch_dirty = false;
    let text_version = if is_x(major) || major.is_empty() {
        dirty = true;
        format!("0.0.0{pre}")
    } else if is_x(minor.trim_start_matches('.')) || minor.is_empty() {
        dirty = true;
        minor_dirty = true;
        format!("{major}.0.0{pre}")
    } else if is_x(patch.trim_start_matches('.')) || patch.is_empty() {
        dirty = true;
        patch_dirty = true;
        format!("{major}{minor}.0{pre}")
    } else {
        group(2).to_string()
    };
    let version =
        Version::parse(&text_version).map_err(|_| "constraint parser error".to_string())?;
    Ok(Constraint {
        op: group(1).to_string(),
        version,
        dirty,
        minor_dirty,
        patch_dirty,
    })
}

impl Constraint {
    fn check(&self, v: &Version, include_pre: bool) -> bool {
        if v.is_pre() && !include_pre {
            return false;
        }
        let c = &self.version;
        match self.op.as_str() {
            "" | "=" => {
                if self.dirty {
                    self.tilde(v)
                } else {
                    v.compare(c) == Ordering::Equal
                }
            }
            "!=" => self.not_equal(v),
            ">" => {
                if !self.dirty {
                    return v.compare(c) == Ordering::Greater;
                }
                if v.major > c.major {
                    true
                } else if v.major < c.major || self.minor_dirty {
                    false
                } else if self.patch_dirty {
                    v.minor > c.minor
                } else {
                    v.compare(c) == Ordering::Greater
                }
            }
            "<" => v.compare(c) == Ordering::Less,
            ">=" | "=>" => v.compare(c) != Ordering::Less,
            "<=" | "=<" => {
                if !self.dirty {
                    return v.compare(c) != Ordering::Greater;
                }
                !(v.major > c.major
                    || (v.major == c.major && v.minor > c.minor && !self.minor_dirty))
            }
            "~" | "~>" => self.tilde(v),
            "^" => self.caret(v),
            _ => false,
        }
    }

    fn tilde(&self, v: &Version) -> bool {
        let c = &self.version;
        if v.compare(c) == Ordering::Less {
            return false;
        }
        if c.major == 0 && c.minor == 0 && c.patch == 0 && !self.minor_dirty && !self.patch_dirty {
            return true;
        }
        if v.major != c.major {
            return false;
        }
        v.minor == c.minor || self.minor_dirty
    }

    fn caret(&self, v: &Version) -> bool {
        let c = &self.version;
        if v.compare(c) == Ordering::Less {
            return false;
        }
        if c.major > 0 || self.minor_dirty {
            return v.major == c.major;
        }
        if v.major > 0 {
            return false;
        }
        if c.minor > 0 || self.patch_dirty {
            return v.minor == c.minor;
        }
        if v.minor > 0 {
            return false;
        }
        c.patch == v.patch
    }

    fn not_equal(&self, v: &Version) -> bool {
        let c = &self.version;
        if self.dirty {
            if c.major != v.major {
                return true;
            }
            if c.minor != v.minor && !self.minor_dirty {
                return true;
            } else if self.minor_dirty {
                return false;
            } else if c.patch != v.patch && !self.patch_dirty {
                return true;
            } else if self.patch_dirty {
                if v.is_pre() || c.is_pre() {
                    return compare_prerelease(&v.pre, &c.pre) != Ordering::Equal;
                }
                return false;
            }
        }
        v.compare(c) != Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn versions_parse_loosely_as_masterminds_does() {
        assert_eq!(v("v1.2").to_string(), "1.2.0");
        assert_eq!(v("1").to_string(), "1.0.0");
        assert_eq!(v("2024-05-01").to_string(), "2024.0.0-05-01");
        assert_eq!(v("1.2.3-rc.1+build.5").pre, "rc.1");
        assert_eq!(v("v1.2.0").original, "v1.2.0");
        for bad in ["latest", "v", "1.2.3.4", "1.2.3-01", "1.2.3-", "abc123", ""] {
            assert!(Version::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn precedence_follows_semver_with_pre_releases_below_their_release() {
        let mut versions = [
            "1.0.0",
            "1.0.0-rc.1",
            "1.0.0-alpha",
            "1.0.0-alpha.2",
            "0.9.9",
            "1.0.0-rc.10",
        ]
        .map(v)
        .to_vec();
        versions.sort_by(|a, b| a.compare(b));
        let sorted: Vec<String> = versions.iter().map(|v| v.original.clone()).collect();
        assert_eq!(
            sorted,
            [
                "0.9.9",
                "1.0.0-alpha",
                "1.0.0-alpha.2",
                "1.0.0-rc.1",
                "1.0.0-rc.10",
                "1.0.0"
            ]
        );
    }

    #[test]
    fn constraints_check_as_masterminds_documents_them() {
        let cases: &[(&str, &str, bool)] = &[
            ("^1.2", "1.9.0", true),
            ("^1.2", "2.0.0", false),
            ("^1.2", "1.1.9", false),
            ("^0.2.3", "0.2.9", true),
            ("^0.2.3", "0.3.0", false),
            ("~1.2", "1.2.9", true),
            ("~1.2", "1.3.0", false),
            ("~1", "1.9.0", true),
            ("1.2.x", "1.2.7", true),
            ("1.2.x", "1.3.0", false),
            ("1.x", "v1.0", true),
            ("v1.x", "1.0", true),
            (">= 1.2, < 3.0.0", "2.9.9", true),
            (">= 1.2 < 3.0.0", "3.0.0", false),
            ("1.1 - 1.3", "1.3.0", true),
            ("1.1 - 1.3", "1.3.1", true), // `<= 1.3` is `<= 1.3.x` to Masterminds
            ("1.1 - 1.3", "1.4.0", false),
            ("<1.0 || >=2.0", "1.5.0", false),
            ("<1.0 || >=2.0", "2.1.0", true),
            ("2.x", "2.0.0-rc1", false),
            ("2.x-0", "2.0.0-rc1", true),
            (">=1.0.0-0", "1.0.0-alpha", true),
            ("!=1.2.3", "1.2.3", false),
            ("*", "3.4.5", true),
            ("*", "3.4.5-beta", false),
        ];
        for &(constraint, version, want) in cases {
            let c = Constraints::parse(constraint).unwrap();
            assert_eq!(c.check(&v(version)), want, "{constraint} on {version}");
        }
    }

    #[test]
    fn improper_constraints_are_errors() {
        for bad in ["^^1", "latest", ">1.0 <", "1.2.3 - ", "==1"] {
            assert!(Constraints::parse(bad).is_err(), "{bad}");
        }
    }
}
