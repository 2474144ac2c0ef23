//! Reading the files a user names (manifests, CA bundles, flag and tag files, stdin) with one
//! size cap, so that `-f /dev/zero` or a mistyped path to a disk image is a clear error, not a
//! process that reads until memory runs out.

use std::io::Read;
use std::path::Path;

/// The most we read from one input file or from stdin: far above any manifest, CA bundle or
/// tag list, far below what would hurt a CI runner.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// [`MAX_INPUT_BYTES`] as the README and messages say it.
pub const MAX_INPUT_TEXT: &str = "16 MiB";

/// Why a file could not be read. Callers put the file (and their flag) in front.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("larger than the {limit} limit for input files; is this the file you meant?")]
    TooLarge { limit: &'static str },
    #[error("not UTF-8 text (byte {offset} is not valid UTF-8)")]
    NotText { offset: usize },
}

impl ReadError {
    /// The file does not exist (some callers start from an empty document then).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

/// Reads at most `limit` bytes from `source`; more is [`ReadError::TooLarge`].
pub fn read_capped(source: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut out = Vec::new();
    source.take(limit + 1).read_to_end(&mut out)?;
    if out.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            limit: MAX_INPUT_TEXT,
        });
    }
    Ok(out)
}

/// The bytes of a file, at most [`MAX_INPUT_BYTES`].
pub fn read(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_capped(std::fs::File::open(path)?, MAX_INPUT_BYTES)
}

/// The text of a file, at most [`MAX_INPUT_BYTES`].
pub fn read_to_string(path: &Path) -> Result<String, ReadError> {
    text(read(path)?)
}

/// Checks that a file another library reads (the kubeconfig) is within [`MAX_INPUT_BYTES`],
/// by reading at most that much of it. A missing file is fine: the reader reports it.
pub fn check_size(path: &Path) -> Result<(), ReadError> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let n = std::io::copy(&mut file.take(MAX_INPUT_BYTES + 1), &mut std::io::sink())?;
    if n > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge {
            limit: MAX_INPUT_TEXT,
        });
    }
    Ok(())
}

/// The text on stdin, at most [`MAX_INPUT_BYTES`].
pub fn read_stdin_to_string() -> Result<String, ReadError> {
    text(read_capped(std::io::stdin().lock(), MAX_INPUT_BYTES)?)
}

fn text(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| ReadError::NotText {
        offset: e.utf8_error().valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_at_the_limit_is_read_and_one_byte_more_is_refused() {
        assert_eq!(read_capped(&[7u8; 10][..], 10).unwrap().len(), 10);
        let err = read_capped(&[7u8; 11][..], 10).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
        assert!(err.to_string().contains("16 MiB"), "{err}");
    }

    #[test]
    fn an_endless_source_stops_at_the_limit() {
        let err = read_capped(std::io::repeat(0), 1024).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }));
    }

    #[test]
    fn binary_is_not_text_and_says_where() {
        let err = text(b"ab\xffcd".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "not UTF-8 text (byte 2 is not valid UTF-8)"
        );
    }

    #[test]
    fn a_missing_file_is_not_found() {
        let err = read(Path::new("/nonexistent/kubectl-rollouts")).unwrap_err();
        assert!(err.is_not_found());
        assert!(err.to_string().starts_with("cannot read: "), "{err}");
    }
}
