//! Upstream tools the parity tests ask: built once into the cache by scripts/build-components.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use super::repo;

/// The cached binaries, building the ones that are missing (idempotent, seconds once built).
pub fn bins() -> &'static HashMap<String, PathBuf> {
    static BINS: OnceLock<HashMap<String, PathBuf>> = OnceLock::new();
    BINS.get_or_init(|| {
        let script = repo().join("scripts/build-components");
        let status = std::process::Command::new(&script)
            .args(["kustomize", "masterminds-semver"])
            .status()
            .expect("scripts/build-components runs");
        assert!(
            status.success(),
            "scripts/build-components kustomize masterminds-semver failed"
        );
        let out = std::process::Command::new(&script)
            .arg("--print-bins")
            .output()
            .expect("scripts/build-components --print-bins runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), PathBuf::from(v)))
            .collect()
    })
}

pub fn kustomize() -> PathBuf {
    bins()["KUSTOMIZE_BIN"].clone()
}

pub fn semver_harness() -> PathBuf {
    bins()["SEMVER_HARNESS_BIN"].clone()
}
