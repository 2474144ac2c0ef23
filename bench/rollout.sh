#!/usr/bin/env bash
# Driver figures against the loopback cluster (scripts/cluster):
#   1. a 10-step setWeight canary (10, 20, ... 100, no pauses) from `rollout run --image` to
#      Healthy: wall time, median of RUNS runs, and the time after the last canary pod was Ready;
#   2. reaction time to `promote` and `abort` issued from another process while `run` drives;
#   3. the driver's peak RSS (/usr/bin/time -v);
#   4. Kubernetes API requests per step, from the apiserver's apiserver_request_total;
#   5. a flag rollout on the same driver loop (5 steps 20..100 %, no pauses): wall time and
#      this driver's API requests per step (the audit log scripts/cluster writes).
# Usage: bench/rollout.sh [BIN]   (default: target/release/kubectl-rollouts)
# Env: RUNS (default 5), KUBECONFIG (default: from scripts/cluster env).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-${CARGO_TARGET_DIR:-$ROOT/target}/release/kubectl-rollouts}"
RUNS="${RUNS:-5}"
[[ -x "$BIN" ]] || { echo "no binary at $BIN (cargo build --release)" >&2; exit 2; }
if [[ -z "${KUBECONFIG:-}" ]]; then
  "$ROOT/scripts/cluster" up >&2
  eval "$("$ROOT/scripts/cluster" env)"
fi
export KUBECONFIG
NS="bench-$RANDOM$RANDOM"
TMP="$(mktemp -d)"
cleanup() { kubectl delete ns "$NS" --wait=false >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {m=int((NR+1)/2); if (NR%2) print a[m]; else printf "%.3f\n", (a[m]+a[m+1])/2}'; }

"$BIN" install >/dev/null 2>&1
kubectl create ns "$NS" >/dev/null
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
STEPS10='[{"setWeight":10},{"setWeight":20},{"setWeight":30},{"setWeight":40},{"setWeight":50},{"setWeight":60},{"setWeight":70},{"setWeight":80},{"setWeight":90},{"setWeight":100}]'
objects ten | kubectl -n "$NS" apply -f - >/dev/null
rollout ten "$STEPS10" | kubectl -n "$NS" apply -f - >/dev/null
"$BIN" -n "$NS" rollout run ten >/dev/null 2>&1

metric_sum() { # the driver's resources: rollouts, replicasets (not /status), services, ingresses, leases in NS
  kubectl get --raw /metrics | awk '
    /^apiserver_request_total\{/ {
      if ($0 ~ /resource="(rollouts|services|ingresses)"/ || ($0 ~ /resource="replicasets"/ && $0 ~ /subresource=""/)) s += $NF
      if ($0 ~ /resource="leases"/) l += $NF
    } END { printf "%d %d\n", s, l }'
}

# 1 + 3 + 4: ten steps, N runs.
durations=(); after_ready=(); rss=(); per_step=()
for i in $(seq 1 "$RUNS"); do
  read -r before_s before_l < <(metric_sum)
  t0=$(now)
  /usr/bin/time -v -o "$TMP/time" "$BIN" -n "$NS" rollout run ten --image "app=example/app:$i" --timeout 120s 2>"$TMP/err" >/dev/null
  t1=$(now)
  read -r after_s after_l < <(metric_sum)
  durations+=("$(echo "$t1 - $t0" | bc -l)")
  # The last pod of the new ReplicaSet to become Ready (from the pods' Ready conditions).
  hash=$(kubectl -n "$NS" get rollout ten -o jsonpath='{.status.currentPodHash}')
  last_ready=$(kubectl -n "$NS" get pods -l "rollouts-pod-template-hash=$hash" \
     -o jsonpath='{range .items[*]}{range .status.conditions[?(@.type=="Ready")]}{.lastTransitionTime}{"\n"}{end}{end}' \
     | sort | tail -1)
  ready_epoch=$(date -d "$last_ready" +%s)
  # lastTransitionTime has whole seconds: the figure is an upper bound by up to 1 s.
  after_ready+=("$(echo "$t1 - $ready_epoch" | bc -l)")
  rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/time")")
  per_step+=("$(echo "($after_s - $before_s) / 10" | bc -l)")
  lease_delta=$((after_l - before_l))
done
printf '10-step canary to Healthy (run --image .. exit), median of %s: %.2f s  [%s]\n' "$RUNS" \
  "$(printf '%s\n' "${durations[@]}" | median)" "$(printf '%.2f ' "${durations[@]}")"
printf 'Healthy after the last canary pod was Ready, median: %.2f s (Ready times have 1 s resolution)\n' \
  "$(printf '%s\n' "${after_ready[@]}" | median)"
printf 'driver peak RSS, median: %s KiB  [%s]\n' "$(printf '%s\n' "${rss[@]}" | median)" "${rss[*]}"
printf 'API requests per step (rollouts, replicasets, services, ingresses; all clients), median: %.1f\n' \
  "$(printf '%s\n' "${per_step[@]}" | median)"
printf 'lease requests during the last run (all clients, incl. node heartbeats): %s\n' "$lease_delta"

# 2: reaction times. A driver waits in a 1 h pause; promote from another process.
objects react | kubectl -n "$NS" apply -f - >/dev/null
rollout react '[{"setWeight":50},{"pause":{"duration":"1h"}},{"setWeight":60},{"pause":{"duration":"1h"}}]' \
  | kubectl -n "$NS" apply -f - >/dev/null
"$BIN" -n "$NS" rollout run react >/dev/null 2>&1
promote=(); abort=()
for i in $(seq 1 "$RUNS"); do
  "$BIN" -n "$NS" rollout retry react --no-wait >/dev/null 2>&1 || true
  "$BIN" -n "$NS" rollout run react --image "app=example/app:r$i" >"$TMP/drv" 2>&1 &
  drv=$!
  until [[ "$(kubectl -n "$NS" get rollout react -o jsonpath='{.status.phase}/{.status.currentStepIndex}')" == Paused/1 ]]; do sleep 0.1; done
  # Watch the canary Ingress's weight; time stamps per change.
  (kubectl -n "$NS" get ingress react-react-canary -w \
     -o jsonpath='{.metadata.annotations.nginx\.ingress\.kubernetes\.io/canary-weight}{"\n"}' \
     | while read -r w; do echo "$(now) $w"; done) >"$TMP/w" 2>/dev/null &
  watcher=$!
  sleep 1
  t0=$(now)
  "$BIN" -n "$NS" rollout promote react --no-wait >/dev/null 2>&1
  until grep -q ' 60$' "$TMP/w"; do sleep 0.02; done
  promote+=("$(echo "$(awk '$2 == 60 {print $1; exit}' "$TMP/w") - $t0" | bc -l)")
  until [[ "$(kubectl -n "$NS" get rollout react -o jsonpath='{.status.phase}/{.status.currentStepIndex}')" == Paused/3 ]]; do sleep 0.1; done
  t0=$(now)
  "$BIN" -n "$NS" rollout abort react --no-wait >/dev/null 2>&1
  until grep -q ' 0$' "$TMP/w"; do sleep 0.02; done
  abort+=("$(echo "$(awk '$2 == 0 {print $1; exit}' "$TMP/w") - $t0" | bc -l)")
  wait "$drv" || true
  pkill -P "$watcher" 2>/dev/null || true; kill "$watcher" 2>/dev/null || true # and its kubectl
done
printf 'promote -> canary weight moved, median of %s: %.3f s  [%s]\n' "$RUNS" \
  "$(printf '%s\n' "${promote[@]}" | median)" "$(printf '%.3f ' "${promote[@]}")"
printf 'abort -> canary weight 0, median of %s: %.3f s  [%s]\n' "$RUNS" \
  "$(printf '%s\n' "${abort[@]}" | median)" "$(printf '%.3f ' "${abort[@]}")"

# 5: a flag rollout of the seed's experimental_editor, 20/40/60/80/100 %, on a fresh ConfigMap
# each run; its requests are this driver's in NS, from the audit log (one per audit ID).
AUDIT="$("$ROOT/scripts/cluster" audit-log 2>/dev/null || true)"
flag_t=(); flag_req=()
for i in $(seq 1 "$RUNS"); do
  kubectl -n "$NS" delete configmap app-flags --ignore-not-found >/dev/null
  kubectl -n "$NS" create configmap app-flags \
    --from-file=flags.flagd.json="$ROOT/examples/flags/flags.flagd.json" >/dev/null
  t0=$(now)
  "$BIN" -n "$NS" flags rollout experimental_editor --configmap app-flags \
    --steps 20,40,60,80,100 --timeout 60s >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; exit 1; }
  t1=$(now)
  flag_t+=("$(echo "$t1 - $t0" | bc -l)")
  if [[ -f "$AUDIT" ]]; then
    sleep 1 # the audit log is written as requests complete
    flag_req+=("$(python3 - "$AUDIT" "$NS" "$t0" "$t1" <<'PY'
import json, sys, datetime
path, ns, t0, t1 = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
seen = set()
for line in open(path):
    e = json.loads(line)
    if not e.get("userAgent", "").startswith("kubectl-rollouts"):
        continue
    if e.get("objectRef", {}).get("namespace") not in (ns, None):
        continue
    t = datetime.datetime.fromisoformat(e["requestReceivedTimestamp"].replace("Z", "+00:00")).timestamp()
    if t0 <= t <= t1:
        seen.add(e["auditID"])
print(len(seen) / 5)
PY
)")
  fi
done
printf 'flag rollout, 5 steps to 100 %% (flags rollout .. exit), median of %s: %.3f s  [%s]\n' "$RUNS" \
  "$(printf '%s\n' "${flag_t[@]}" | median)" "$(printf '%.3f ' "${flag_t[@]}")"
if ((${#flag_req[@]})); then
  printf 'flag rollout: API requests per step (this driver, audit log), median: %.1f  [%s]\n' \
    "$(printf '%s\n' "${flag_req[@]}" | median)" "${flag_req[*]}"
else
  echo "flag rollout: no audit log (a cluster not started by scripts/cluster): requests not counted"
fi
