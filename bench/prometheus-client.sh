#!/usr/bin/env bash
# Cost per Prometheus query of `analyze`, before and after one HTTP client is reused for every
# query of a run (before, each query built its own client: CA roots loaded, no kept-alive
# connection). Whole processes against a local stand-in Prometheus (bench/fake-prometheus.py),
# a template of one metric measured N times (interval 1ms) and once; the cost per query is
# (median(N) - median(1)) / (N - 1), so process start-up cancels out. Runs of both binaries are
# interleaved so load on the machine hits both. Prints a Markdown table.
# Usage: bench/prometheus-client.sh
# Env: RUNS (default 9), N (default 20), PROFILE (debug|release, default debug),
#      BEFORE_BIN (a binary without the reuse; default: built from BEFORE_REV in a temporary
#      worktree, BEFORE_REV defaulting to the parent of the commit that added the reuse).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-9}"
N="${N:-20}"
PROFILE="${PROFILE:-debug}"
target="${CARGO_TARGET_DIR:-$ROOT/target}"
flag=()
[[ "$PROFILE" == release ]] && flag=(--release)
tmp=$(mktemp -d)
cleanup() {
  [[ -n "${prom_pid:-}" ]] && kill "$prom_pid" 2>/dev/null || true
  [[ -d "$tmp/base" ]] && git worktree remove --force "$tmp/base" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

before="${BEFORE_BIN:-}"
if [[ -z "$before" ]]; then
  rev="${BEFORE_REV:-$(git log -n1 --format=%H --grep='one HTTP client per run serves every query')^}"
  git worktree add --detach "$tmp/base" "$rev" >&2
  (cd "$tmp/base" && CARGO_TARGET_DIR="$target" cargo build --quiet "${flag[@]}" --bin kubectl-rollouts)
  cp "$target/$PROFILE/kubectl-rollouts" "$tmp/before"
  before="$tmp/before"
fi
cargo build --quiet "${flag[@]}" --bin kubectl-rollouts
cp "$target/$PROFILE/kubectl-rollouts" "$tmp/after"
after="$tmp/after"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 bench/fake-prometheus.py "$port" &
prom_pid=$!
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$port/api/v1/query" >/dev/null 2>&1 && break
  sleep 0.1
done

template() {
  cat <<YAML
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: bench}
spec:
  metrics:
  - name: m
    count: $1
    interval: 1ms
    successCondition: result[0] >= 0.5
    provider:
      prometheus:
        query: up
YAML
}
template 1 >"$tmp/one.yaml"
template "$N" >"$tmp/many.yaml"

seconds() { # BIN FILE: wall seconds of one analyze run
  local start end
  start=$(date +%s.%N)
  "$1" analyze -f "$2" --prometheus "http://127.0.0.1:$port" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
for bin in before after; do "${!bin}" analyze -f "$tmp/one.yaml" --prometheus "http://127.0.0.1:$port" >/dev/null; done
for _ in $(seq "$RUNS"); do
  for bin in before after; do
    echo "$bin one $(seconds "${!bin}" "$tmp/one.yaml")"
    echo "$bin many $(seconds "${!bin}" "$tmp/many.yaml")"
  done
done >"$tmp/times"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "| binary ($PROFILE) | median, 1 query | median, $N queries | per query |"
echo "|---|---|---|---|"
for bin in before after; do
  one=$(awk -v b="$bin" '$1==b && $2=="one" {print $3}' "$tmp/times" | median)
  many=$(awk -v b="$bin" '$1==b && $2=="many" {print $3}' "$tmp/times" | median)
  per=$(echo "($many - $one) / ($N - 1) * 1000" | bc -l)
  printf '| %s | %.0f ms | %.0f ms | %.1f ms |\n' "$bin" "$(echo "$one*1000" | bc -l)" "$(echo "$many*1000" | bc -l)" "$per"
done
echo
echo "$RUNS interleaved runs of each; $(nproc) cores; $(date -u +%Y-%m-%d)"
