//! HTTP smoke prober.
