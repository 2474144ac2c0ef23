#!/usr/bin/env bash
# Blue-green driver figures against the loopback cluster (scripts/cluster), beside the canary's:
#   1. `promote` from another process -> the active Service's selector on the new hash, while a
#      `rollout run --image` waits at BlueGreenPause (autoPromotionSeconds: 3600, so the driver
#      waits instead of exiting 3); interleaved in the same run with the canary's
#      `promote` -> canary Ingress weight moved (bench/rollout.sh's figure), medians and ratio;
#   2. the driver's peak RSS (/usr/bin/time -v) over a whole blue-green update (one run --image:
#      pause, promote, switch, old side scaled down), beside the canary driver's in the same run.
# Usage: bench/bluegreen.sh [BIN]   (default: target/release/kubectl-rollouts)
# Env: RUNS (default 7), KUBECONFIG (default: from scripts/cluster env).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-${CARGO_TARGET_DIR:-$ROOT/target}/release/kubectl-rollouts}"
RUNS="${RUNS:-7}"
[[ -x "$BIN" ]] || { echo "no binary at $BIN (cargo build --release)" >&2; exit 2; }
if [[ -z "${KUBECONFIG:-}" ]]; then
  "$ROOT/scripts/cluster" up >&2
  eval "$("$ROOT/scripts/cluster" env)"
fi
export KUBECONFIG
NS="bench-bg-$RANDOM$RANDOM"
TMP="$(mktemp -d)"
cleanup() {
  jobs -p | xargs -r kill 2>/dev/null || true
  kubectl delete ns "$NS" --wait=false >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {m=int((NR+1)/2); if (NR%2) print a[m]; else printf "%.3f\n", (a[m]+a[m+1])/2}'; }

"$BIN" install >/dev/null 2>&1
kubectl create ns "$NS" >/dev/null
kubectl -n "$NS" apply -f - >/dev/null <<'JSON'
{"apiVersion":"v1","kind":"List","items":[
 {"apiVersion":"v1","kind":"Service","metadata":{"name":"bg-active"},"spec":{"selector":{"app":"bg"},"ports":[{"port":80}]}},
 {"apiVersion":"v1","kind":"Service","metadata":{"name":"bg-preview"},"spec":{"selector":{"app":"bg"},"ports":[{"port":80}]}},
 {"apiVersion":"v1","kind":"Service","metadata":{"name":"ca-stable"},"spec":{"selector":{"app":"ca"},"ports":[{"port":80}]}},
 {"apiVersion":"v1","kind":"Service","metadata":{"name":"ca-canary"},"spec":{"selector":{"app":"ca"},"ports":[{"port":80}]}},
 {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"ca"},"spec":{"ingressClassName":"nginx","rules":[{"http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"ca-stable","port":{"number":80}}}}]}}]}},
 {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"bg"},
  "spec":{"replicas":10,"selector":{"matchLabels":{"app":"bg"}},
   "template":{"metadata":{"labels":{"app":"bg"}},"spec":{"containers":[{"name":"app","image":"example/app:0"}]}},
   "strategy":{"blueGreen":{"activeService":"bg-active","previewService":"bg-preview",
    "autoPromotionSeconds":3600,"scaleDownDelaySeconds":0,"abortScaleDownDelaySeconds":0}}}},
 {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"ca"},
  "spec":{"replicas":10,"selector":{"matchLabels":{"app":"ca"}},
   "template":{"metadata":{"labels":{"app":"ca"}},"spec":{"containers":[{"name":"app","image":"example/app:0"}]}},
   "strategy":{"canary":{"canaryService":"ca-canary","stableService":"ca-stable",
    "scaleDownDelaySeconds":0,"abortScaleDownDelaySeconds":0,
    "trafficRouting":{"nginx":{"stableIngress":"ca"}},
    "steps":[{"setWeight":50},{"pause":{"duration":"1h"}},{"setWeight":100}]}}}}]}
JSON
"$BIN" -n "$NS" rollout run bg >/dev/null 2>&1
"$BIN" -n "$NS" rollout run ca >/dev/null 2>&1

# Stamps each change of a jsonpath on an object: "<epoch> <value>" lines in FILE.
watch_field() { # KIND NAME JSONPATH FILE
  (kubectl -n "$NS" get "$1" "$2" -w -o "jsonpath=$3{\"\n\"}" \
     | while read -r v; do echo "$(now) $v"; done) >"$4" 2>/dev/null &
}
first_at() { # FILE VALUE: the first time FILE saw VALUE
  until grep -q " $2\$" "$1"; do sleep 0.01; done
  awk -v v="$2" '$2 == v {print $1; exit}' "$1"
}
until_phase() { # ROLLOUT PHASE
  until [[ "$(kubectl -n "$NS" get rollout "$1" -o jsonpath='{.status.phase}')" == "$2" ]]; do sleep 0.1; done
}

bg_promote=(); ca_promote=(); bg_rss=(); ca_rss=()
for i in $(seq 1 "$RUNS"); do
  # Blue-green: run --image waits at BlueGreenPause; promote from another process.
  /usr/bin/time -v -o "$TMP/bg-time" "$BIN" -n "$NS" rollout run bg --image "app=example/app:$i" \
    --timeout 120s >/dev/null 2>"$TMP/bg-err" &
  drv=$!
  until_phase bg Paused
  new=$(kubectl -n "$NS" get rollout bg -o jsonpath='{.status.currentPodHash}')
  watch_field svc bg-active '{.spec.selector.rollouts-pod-template-hash}' "$TMP/sel"
  watcher=$!
  sleep 1
  t0=$(now)
  "$BIN" -n "$NS" rollout promote bg --no-wait >/dev/null 2>&1
  bg_promote+=("$(echo "$(first_at "$TMP/sel" "$new") - $t0" | bc -l)")
  wait "$drv"
  pkill -P "$watcher" 2>/dev/null || true; kill "$watcher" 2>/dev/null || true # and its kubectl
  bg_rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/bg-time")")

  # Canary, interleaved: run --image waits in the timed pause; promote moves the weight.
  /usr/bin/time -v -o "$TMP/ca-time" "$BIN" -n "$NS" rollout run ca --image "app=example/app:$i" \
    --timeout 120s >/dev/null 2>&1 &
  drv=$!
  until_phase ca Paused
  watch_field ingress ca-ca-canary '{.metadata.annotations.nginx\.ingress\.kubernetes\.io/canary-weight}' "$TMP/w"
  watcher=$!
  sleep 1
  t0=$(now)
  "$BIN" -n "$NS" rollout promote ca --no-wait >/dev/null 2>&1
  ca_promote+=("$(echo "$(first_at "$TMP/w" 100) - $t0" | bc -l)")
  wait "$drv"
  pkill -P "$watcher" 2>/dev/null || true; kill "$watcher" 2>/dev/null || true # and its kubectl
  ca_rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/ca-time")")
done
bg_m=$(printf '%s\n' "${bg_promote[@]}" | median)
ca_m=$(printf '%s\n' "${ca_promote[@]}" | median)
printf 'blue-green: promote -> active Service selector on the new hash, median of %s: %.3f s  [%s]\n' \
  "$RUNS" "$bg_m" "$(printf '%.3f ' "${bg_promote[@]}")"
printf 'canary:     promote -> canary Ingress weight 100, median of %s: %.3f s  [%s]\n' \
  "$RUNS" "$ca_m" "$(printf '%.3f ' "${ca_promote[@]}")"
printf 'ratio blue-green / canary: %.2f\n' "$(echo "$bg_m / $ca_m" | bc -l)"
printf 'driver peak RSS over a blue-green update, median: %s KiB  [%s]\n' \
  "$(printf '%s\n' "${bg_rss[@]}" | median)" "${bg_rss[*]}"
printf 'driver peak RSS over a canary update, median: %s KiB  [%s]\n' \
  "$(printf '%s\n' "${ca_rss[@]}" | median)" "${ca_rss[*]}"
