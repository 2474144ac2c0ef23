#!/usr/bin/env bash
# Flag evaluation against flagd's own JavaScript evaluator (@openfeature/flagd-core), in one
# run: (1) in-process throughput on one core, evaluations per second of a fractional flag
# (criterion for ours; bench/flagd-core-eval.js rounds before and after it for flagd-core,
# median), and (2) the whole-process time of one `flags eval` against one node process
# evaluating once (hyperfine). Prints Markdown tables.
# Usage: bench/flags-eval.sh [RUNS]   (hyperfine: scripts/deps; flagd-core: scripts/flagd-deps)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-100}
eval "$(scripts/flagd-deps)"
export NODE_PATH="$FLAGD_CORE_NODE_PATH"
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/kubectl-rollouts
target=${CARGO_TARGET_DIR:-target}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# (1) throughput: node rounds, criterion, node rounds again (so load changes hit both).
taskset_cmd=()
command -v taskset >/dev/null && taskset_cmd=(taskset -c 0)
"${taskset_cmd[@]}" node bench/flagd-core-eval.js 5 200000 >"$tmp/node1.jsonl"
"${taskset_cmd[@]}" cargo bench --quiet --bench flags_eval -- --warm-up-time 2 --measurement-time 5 >"$tmp/criterion.txt" 2>&1
"${taskset_cmd[@]}" node bench/flagd-core-eval.js 5 200000 >"$tmp/node2.jsonl"
estimates="$target/criterion/flags/eval_fractional/new/estimates.json"

# (2) one whole process each.
file=examples/flags/flags.flagd.json
ours="$bin flags eval experimental_editor --key user-1 --file $file -o json"
peer="node bench/flagd-core-eval.js --once"
hyperfine --style none --warmup 5 --runs "$runs" -N --export-json "$tmp/proc.json" \
  -n "kubectl-rollouts flags eval" "$ours" \
  -n "node + flagd-core, one evaluation" "$peer" >/dev/null

python3 - "$estimates" "$tmp/node1.jsonl" "$tmp/node2.jsonl" "$tmp/proc.json" <<'PY'
import json, statistics, sys
est = json.load(open(sys.argv[1]))
ns = est["median"]["point_estimate"]
ours = 1e9 / ns
rounds = [json.loads(l)["evals_per_sec"] for f in sys.argv[2:4] for l in open(f)]
theirs = statistics.median(rounds)
print("In-process evaluation of a fractional flag (one core, keys user-0..1023):\n")
print("| evaluator | evaluations/s | ns/evaluation |")
print("|---|---|---|")
print(f"| kubectl-rollouts (criterion median) | {ours:,.0f} | {ns:.0f} |")
print(f"| flagd-core 4.0.1, node (median of {len(rounds)} rounds) | {theirs:,.0f} | {1e9/theirs:.0f} |")
print(f"\nratio ours/flagd-core: {ours/theirs:.2f}x\n")
data = json.load(open(sys.argv[4]))["results"]
print("One whole process, one evaluation:\n")
print("| command | median | mean | min |")
print("|---|---|---|---|")
for r in data:
    print(f"| {r['command']} | {r['median']*1000:.2f} ms | {r['mean']*1000:.2f} ms | {r['min']*1000:.2f} ms |")
print(f"\nratio: {data[1]['median']/data[0]['median']:.1f}x faster")
PY
