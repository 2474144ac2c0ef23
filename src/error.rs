//! Typed errors of the library and the exit codes they map to.

use std::fmt;

/// The process exit codes, part of the public interface (README, man page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Done, healthy, passed, window open.
    Ok = 0,
    /// The thing checked failed: rollout aborted, analysis failed, smoke failed, window closed.
    Failed = 1,
    /// Bad input or usage.
    Usage = 2,
    /// Paused, waiting for a promotion.
    Paused = 3,
    /// Could not reach the cluster, Prometheus or the smoke target.
    Unreachable = 4,
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code as u8)
    }
}

/// Where in the input a problem is: a file, a field path, a flag, a column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub field: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(file) = &self.file {
            match self.line {
                Some(line) => parts.push(format!("{file}:{line}")),
                None => parts.push(file.clone()),
            }
        }
        if let Some(field) = &self.field {
            parts.push(field.clone());
        }
        f.write_str(&parts.join(": "))
    }
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// Bad input: a file, field or flag that is not what was expected (exit 2).
    #[error("{}", fmt_input(.location, .message))]
    Input { location: Location, message: String },

    /// A server that could not be reached (exit 4).
    #[error("{0}")]
    Unreachable(String),

    /// The Kubernetes API answered with a refusal (forbidden, invalid, conflict): exit 1.
    #[error("{0}")]
    Api(String),
}

fn fmt_input(location: &Location, message: &str) -> String {
    let loc = location.to_string();
    if loc.is_empty() {
        message.to_string()
    } else {
        format!("{loc}: {message}")
    }
}

impl Error {
    /// Bad input at a field path (e.g. `spec.syncWindows[2].schedule`).
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Input {
            location: Location {
                field: Some(field.into()),
                ..Location::default()
            },
            message: message.into(),
        }
    }

    /// Bad input in a command-line flag.
    pub fn flag(flag: &str, message: impl fmt::Display) -> Self {
        Error::field(flag.to_string(), message.to_string())
    }

    /// Adds the file the input came from to an input error.
    pub fn in_file(self, file: impl Into<String>) -> Self {
        match self {
            Error::Input {
                mut location,
                message,
            } => {
                location.file = Some(file.into());
                Error::Input { location, message }
            }
            other => other,
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Input { .. } => ExitCode::Usage,
            Error::Unreachable(_) => ExitCode::Unreachable,
            Error::Api(_) => ExitCode::Failed,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The exit code for an error chain: the first typed error in it decides, else 1.
pub fn exit_code_of(err: &anyhow::Error) -> ExitCode {
    err.chain()
        .find_map(|cause| cause.downcast_ref::<Error>())
        .map(Error::exit_code)
        .unwrap_or(ExitCode::Failed)
}
