#!/usr/bin/env bash
# `rollback deployment/X --no-wait` against `kubectl rollout undo deployment/X` on the loopback
# cluster (scripts/cluster), side by side in one run: twin Deployments with the same two
# revisions, interleaved runs (ours, kubectl, ours, ...), whole-process wall time and peak RSS
# (/usr/bin/time), medians and the ratio ours / kubectl.
# Usage: bench/rollback.sh [BIN]   (default: target/release/kubectl-rollouts)
# Env: RUNS (default 15), KUBECONFIG (default: from scripts/cluster env).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-${CARGO_TARGET_DIR:-$ROOT/target}/release/kubectl-rollouts}"
RUNS="${RUNS:-15}"
[[ -x "$BIN" ]] || { echo "no binary at $BIN (cargo build --release)" >&2; exit 2; }
if [[ -z "${KUBECONFIG:-}" ]]; then
  "$ROOT/scripts/cluster" up >&2
  eval "$("$ROOT/scripts/cluster" env)"
fi
export KUBECONFIG
NS="bench-rb-$RANDOM$RANDOM"
TMP="$(mktemp -d)"
cleanup() { kubectl delete ns "$NS" --wait=false >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT
median() { sort -g | awk '{a[NR]=$1} END {m=int((NR+1)/2); if (NR%2) print a[m]; else printf "%.4f\n", (a[m]+a[m+1])/2}'; }

kubectl create ns "$NS" >/dev/null
for d in ours theirs; do
  kubectl -n "$NS" create deployment "$d" --image=example/web:1 --replicas=2 >/dev/null
  kubectl -n "$NS" rollout status "deployment/$d" --timeout=60s >/dev/null
  kubectl -n "$NS" set image "deployment/$d" "web=example/web:2" >/dev/null
  kubectl -n "$NS" rollout status "deployment/$d" --timeout=60s >/dev/null
done

# timed CMD...: appends "seconds kilobytes" of one run to $TMP/out
timed() {
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$TMP/one" "$@" >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc -l) $(cat "$TMP/one")"
}

for i in $(seq "$RUNS"); do
  timed "$BIN" -n "$NS" rollback deployment/ours --no-wait >>"$TMP/ours"
  timed kubectl -n "$NS" rollout undo deployment/theirs >>"$TMP/theirs"
  # Let both controllers settle so every run starts from a rolled-out Deployment.
  kubectl -n "$NS" rollout status deployment/ours --timeout=60s >/dev/null
  kubectl -n "$NS" rollout status deployment/theirs --timeout=60s >/dev/null
done

t_ours=$(awk '{print $1}' "$TMP/ours" | median); t_theirs=$(awk '{print $1}' "$TMP/theirs" | median)
m_ours=$(awk '{print $2}' "$TMP/ours" | median); m_theirs=$(awk '{print $2}' "$TMP/theirs" | median)
echo "rollback deployment --no-wait vs kubectl rollout undo, $RUNS interleaved runs each"
printf '%-34s %10s %12s\n' "" "wall (s)" "peak RSS (MiB)"
printf '%-34s %10.3f %12.1f\n' "kubectl-rollouts rollback" "$t_ours" "$(echo "$m_ours/1024" | bc -l)"
printf '%-34s %10.3f %12.1f\n' "kubectl rollout undo" "$t_theirs" "$(echo "$m_theirs/1024" | bc -l)"
printf '%-34s %10.2f %12.2f\n' "ours / kubectl" "$(echo "$t_ours/$t_theirs" | bc -l)" "$(echo "$m_ours/$m_theirs" | bc -l)"
