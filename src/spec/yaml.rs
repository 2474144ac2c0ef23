//! Reading YAML documents with errors as `FILE:LINE: message` (the file is added by the caller
//! with `Error::in_file`), without the parser's prefix and source snippet.

use serde::de::DeserializeOwned;

use crate::error::{Error, Location};

/// Deserializes one YAML document.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_saphyr::from_str(text).map_err(error)
}

/// A YAML error as `line N: message`.
pub fn error(e: serde_saphyr::Error) -> Error {
    let line = e.location().map(|l| l.line() as usize).filter(|l| *l > 0);
    let text = e.without_snippet().to_string();
    let mut message = text.trim().strip_prefix("error: ").unwrap_or(text.trim());
    if let Some(rest) = message.strip_prefix("line ")
        && let Some((_, after)) = rest.split_once(": ")
        && line.is_some()
    {
        message = after;
    }
    if let Some(i) = message.rfind(" at line ")
        && line.is_some()
    {
        message = &message[..i];
    }
    Error::Input {
        location: Location {
            line,
            ..Default::default()
        },
        message: message.to_string(),
    }
}
