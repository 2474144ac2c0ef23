//! Analysis: condition expressions and measurement judging (pure), and the providers that take
//! measurements (Prometheus).

pub mod build;
pub mod cluster;
pub mod expr;
pub mod judge;
pub mod measure;
pub mod prometheus;
pub mod run;
