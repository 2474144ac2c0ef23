//! Links the executables as non-PIE on Linux: a PIE of this size spends most of its startup
//! applying ~55k relative relocations (hundreds of page faults, about 1.5 ms per process),
//! which matters for a command CI runs often (`window check` targets < 5 ms per process).
//! Set `KUBECTL_ROLLOUTS_PIE=1` when building to keep a position-independent executable.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=KUBECTL_ROLLOUTS_PIE");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let keep_pie = std::env::var_os("KUBECTL_ROLLOUTS_PIE").is_some_and(|v| v == "1");
    if os == "linux" && !keep_pie {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
