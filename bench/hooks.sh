#!/usr/bin/env bash
# `hooks run --phase PreSync` on the seed's migration hook against what a CI job without Argo CD
# runs for it with kubectl (delete the old Job and wait, apply, `kubectl wait` for Complete,
# delete it as HookSucceeded says), on the loopback cluster (scripts/cluster), side by side in
# one run: two namespaces, interleaved runs (ours, kubectl, ours, ...), whole-command wall time,
# medians and the ratio ours / kubectl. The Job's pod is completed by kwok in both.
# Usage: bench/hooks.sh [BIN]   (default: target/release/kubectl-rollouts)
# Env: RUNS (default 11), KUBECONFIG (default: from scripts/cluster env).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-${CARGO_TARGET_DIR:-$ROOT/target}/release/kubectl-rollouts}"
RUNS="${RUNS:-11}"
[[ -x "$BIN" ]] || { echo "no binary at $BIN (cargo build --release)" >&2; exit 2; }
if [[ -z "${KUBECONFIG:-}" ]]; then
  "$ROOT/scripts/cluster" up >&2
  eval "$("$ROOT/scripts/cluster" env)"
fi
export KUBECONFIG
NS="bench-hooks-$RANDOM$RANDOM"
TMP="$(mktemp -d)"
cleanup() { kubectl delete ns "$NS-ours" "$NS-kubectl" --wait=false >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT
median() { sort -g | awk '{a[NR]=$1} END {m=int((NR+1)/2); if (NR%2) print a[m]; else printf "%.4f\n", (a[m]+a[m+1])/2}'; }

HOOKS="$ROOT/examples/hooks"
kubectl create ns "$NS-ours" >/dev/null
kubectl create ns "$NS-kubectl" >/dev/null
kubectl_hook() {
  local ns=$1
  kubectl -n "$ns" delete job tr-web-migrate --ignore-not-found --wait >/dev/null
  kubectl -n "$ns" apply -f "$HOOKS/migration-hook.yaml" >/dev/null
  kubectl -n "$ns" wait --for=condition=complete job/tr-web-migrate --timeout=60s >/dev/null
  kubectl -n "$ns" delete job tr-web-migrate --wait=false >/dev/null
}

# timed CMD...: prints the wall seconds of one run
timed() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

for i in $(seq "$RUNS"); do
  timed "$BIN" -n "$NS-ours" hooks run --phase PreSync "$HOOKS" >>"$TMP/ours"
  timed kubectl_hook "$NS-kubectl" >>"$TMP/theirs"
done

t_ours=$(median <"$TMP/ours"); t_theirs=$(median <"$TMP/theirs")
echo "the seed's PreSync migration hook, $RUNS interleaved runs each (median wall seconds)"
printf '%-48s %8.3f\n' "kubectl-rollouts hooks run --phase PreSync" "$t_ours"
printf '%-48s %8.3f\n' "kubectl delete, apply, wait --for=complete, delete" "$t_theirs"
printf '%-48s %8.2f\n' "ours / kubectl" "$(echo "$t_ours/$t_theirs" | bc -l)"
