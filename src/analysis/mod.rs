//! Analysis: condition expressions and measurement judging (pure), and the providers that take
//! measurements (Prometheus).

pub mod expr;
pub mod judge;
