//! In-process evaluation throughput of a `fractional` flag (the seed's experimental_editor at
//! 10%), one targeting key after another, as a flagd provider evaluates in-process. Compared
//! with flagd-core on the same flag and keys by bench/flags-eval.sh.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kubectl_rollouts::flags::{Compiled, eval, model};
use serde_json::{Map, Value};

fn fractional_flag(c: &mut Criterion) {
    let doc: Value =
        serde_json::from_str(include_str!("../examples/flags/flags.flagd.json")).unwrap();
    let set = model::parse(&doc).unwrap();
    let flag = Compiled::new(set.require("experimental_editor").unwrap()).unwrap();
    let contexts: Vec<Map<String, Value>> = (0..1024)
        .map(|i| eval::context(Some(&format!("user-{i}")), Map::new()))
        .collect();
    let mut group = c.benchmark_group("flags");
    group.throughput(Throughput::Elements(1));
    let mut i = 0usize;
    group.bench_function("eval_fractional", |b| {
        b.iter(|| {
            i = (i + 1) & 1023;
            black_box(flag.evaluate(black_box(&contexts[i]), 1_700_000_000))
        })
    });
    group.finish();
}

criterion_group!(benches, fractional_flag);
criterion_main!(benches);
