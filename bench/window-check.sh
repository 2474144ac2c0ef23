#!/usr/bin/env bash
# Whole-process wall time and peak memory of `window check` on the seed's AppProject, side by
# side with the seed's own shell check, in one run. Prints a Markdown table.
# Usage: bench/window-check.sh [RUNS]   (needs hyperfine and GNU time: scripts/deps installs them)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/kubectl-rollouts
project=examples/argocd/argocd-project.yaml
ours="$bin window check --project $project --at 2026-11-27T15:00:00Z -o json"
peer="bench/check-deploy-window.sh"

json=$(mktemp)
trap 'rm -f "$json"' EXIT
hyperfine --style none --warmup 20 --runs "$runs" -N -i --export-json "$json" \
  -n "kubectl-rollouts window check" "$ours" \
  -n "check-deploy-window.sh (seed)" "$peer" >/dev/null

peak_kib() { # max resident set over 20 runs, KiB
  local max=0 kib out
  out=$(mktemp)
  for _ in $(seq 20); do
    /usr/bin/time -f '%M' -o "$out" "$@" >/dev/null 2>&1 || true
    kib=$(tail -n1 "$out")
    [ "$kib" -gt "$max" ] && max=$kib
  done
  rm -f "$out"
  echo "$max"
}
ours_kib=$(peak_kib $ours)
peer_kib=$(peak_kib $peer)

python3 - "$json" "$ours_kib" "$peer_kib" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))["results"]
kib = [int(sys.argv[2]), int(sys.argv[3])]
print("| command | mean | median | p95 (approx) | peak RSS |")
print("|---|---|---|---|---|")
for r, k in zip(data, kib):
    times = sorted(r["times"])
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"| {r['command']} | {r['mean']*1000:.2f} ms | {r['median']*1000:.2f} ms | {p95*1000:.2f} ms | {k/1024:.1f} MiB |")
PY
