#!/usr/bin/env bash
# Time from the first failed smoke attempt to the Deployment being back on the previous
# revision and available: `deploy --smoke` against the seed's deploy.yaml steps as a shell
# script (kubectl set image, kubectl rollout status, a curl check, kubectl rollout undo, and
# kubectl rollout status so that "available" is measured the same way), on twin Deployments in
# one run, interleaved, medians and the ratio. The smoke URL answers 404 (the emitter of
# scripts/cluster has no such page), so both fail on their first attempt.
# Usage: bench/deploy-rollback.sh [BIN]   (default: target/release/kubectl-rollouts)
# Env: RUNS (default 7), KUBECONFIG / EMITTER_URL (default: from scripts/cluster env).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-${CARGO_TARGET_DIR:-$ROOT/target}/release/kubectl-rollouts}"
RUNS="${RUNS:-7}"
[[ -x "$BIN" ]] || { echo "no binary at $BIN (cargo build --release)" >&2; exit 2; }
if [[ -z "${KUBECONFIG:-}" || -z "${EMITTER_URL:-}" ]]; then
  "$ROOT/scripts/cluster" up >&2
  eval "$("$ROOT/scripts/cluster" env)"
fi
export KUBECONFIG
NS="bench-deploy-$RANDOM$RANDOM"
TMP="$(mktemp -d)"
cleanup() { kubectl delete ns "$NS" --wait=false >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT
median() { sort -g | awk '{a[NR]=$1} END {m=int((NR+1)/2); if (NR%2) print a[m]; else printf "%.4f\n", (a[m]+a[m+1])/2}'; }
now() { date +%s.%N; }
URL="$EMITTER_URL/no-such-page"

kubectl create ns "$NS" >/dev/null
for d in ours seed; do
  kubectl -n "$NS" create deployment "$d" --image=example/web:0 --replicas=2 >/dev/null
  kubectl -n "$NS" rollout status "deployment/$d" --timeout=60s >/dev/null
done

for i in $(seq "$RUNS"); do
  # ours: the first smoke attempt's line carries the time it completed.
  "$BIN" -n "$NS" deploy deployment/ours --image "web=example/web:$i" --smoke "$URL" \
    --smoke-count 5 --smoke-interval 2s >/dev/null 2>"$TMP/err" || true
  end=$(now)
  first=$(grep -m1 ' FAIL ' "$TMP/err" | grep -oE '^[0-9T:.-]+Z')
  [[ -n "$first" ]] || { cat "$TMP/err" >&2; exit 1; }
  echo "$end - $(date -d "$first" +%s.%N)" | bc -l >>"$TMP/ours"

  # the seed's steps
  kubectl -n "$NS" set image deployment/seed "web=example/web:$i" >/dev/null
  kubectl -n "$NS" rollout status deployment/seed --timeout=180s >/dev/null
  failed_at=""
  for _ in 1 2 3 4 5; do
    STATUS=$(curl -s -o /dev/null -w '%{http_code}' "$URL")
    if [ "$STATUS" != "200" ]; then failed_at=$(now); break; fi
    sleep 2
  done
  kubectl -n "$NS" rollout undo deployment/seed >/dev/null
  kubectl -n "$NS" rollout status deployment/seed --timeout=180s >/dev/null
  end=$(now)
  echo "$end - $failed_at" | bc -l >>"$TMP/seed"
done

ours=$(median <"$TMP/ours"); seed=$(median <"$TMP/seed")
echo "first failed smoke attempt -> previous revision available, $RUNS interleaved runs each"
printf '%-40s %8.3f s\n' "kubectl-rollouts deploy" "$ours"
printf '%-40s %8.3f s\n' "seed workflow (kubectl + curl)" "$seed"
printf '%-40s %8.2f\n' "ours / seed" "$(echo "$ours/$seed" | bc -l)"
