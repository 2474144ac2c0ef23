#!/usr/bin/env bash
# This driver against Argo Rollouts' own controller (v1.10.1, built from its Go module by
# scripts/build-harness, run by scripts/argo-controller as a --namespaced controller), on the same
# loopback cluster in two namespaces, the same Rollout shape (5 setWeight steps 20/40/60/80/100,
# no pauses, nginx traffic routing, 5 replicas), runs interleaved (the order alternates):
#   1. spec change -> Healthy: from the watch event carrying the new generation to the one
#      showing it Healthy (phase Healthy, stableRS = currentPodHash, observedGeneration current);
#   2. command issued -> Healthy: from `kubectl argo rollouts set image` (Argo's plugin) or
#      `kubectl-rollouts rollout run --image` to the same event;
#   3. promote at a 1 h pause -> canary weight changed (the canary Ingress's watch event), the
#      plugin's `promote` against ours (`promote --no-wait` while `rollout run` waits);
#   4. API requests per step of each, from the API server's audit log (scripts/cluster writes
#      one): requests by the controller's or the driver's User-Agent during each run, over 5
#      steps, medians; and Argo's with its plugin's (the `set image` that starts the update, a
#      read and an update, as the driver's command starts it), for the whole update's cost;
#   5. the same as 1, 2 and 4 for a blue-green Rollout (5 replicas, active and preview Services,
#      automatic promotion, a 2 s scale-down delay: with none,
#      Argo's controller v1.10.1 requeues the old ReplicaSet without end and never scales it down): spec change -> Healthy, requests per update.
# Prints medians, the ratio ours/Argo and every run. Usage: bench/argo-controller.sh [BIN]
# Env: RUNS (default 6), KUBECONFIG and KR_STATE (default: from scripts/cluster up/env).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-${CARGO_TARGET_DIR:-$ROOT/target}/release/kubectl-rollouts}"
RUNS="${RUNS:-6}"
[[ -x "$BIN" ]] || { echo "no binary at $BIN (cargo build --release)" >&2; exit 2; }
"$ROOT/scripts/cluster" up >&2
eval "$("$ROOT/scripts/cluster" env)"
export KUBECONFIG
AUDIT="$("$ROOT/scripts/cluster" audit-log)"
[[ -f "$AUDIT" ]] || { echo "no audit log at $AUDIT: the cluster was started before scripts/cluster wrote one (scripts/cluster down; then run this again)" >&2; exit 2; }
PLUGIN="${ARGO_ROLLOUTS_PLUGIN:-$("$ROOT/scripts/build-harness" argo-rollouts-plugin)}"
export ARGO_ROLLOUTS_CONTROLLER="${ARGO_ROLLOUTS_CONTROLLER:-$("$ROOT/scripts/build-harness" argo-rollouts-controller)}"
NA="bench-argo-$RANDOM$RANDOM"
NO="bench-ours-$RANDOM$RANDOM"
TMP="$(mktemp -d)"
cleanup() {
  "$ROOT/scripts/argo-controller" stop "$NA" || true
  jobs -p | xargs -r kill 2>/dev/null || true
  kubectl delete ns "$NA" "$NO" --wait=false >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {m=int((NR+1)/2); if (NR%2) print a[m]; else printf "%.3f\n", (a[m]+a[m+1])/2}'; }

"$BIN" install >/dev/null
kubectl create ns "$NA" >/dev/null
kubectl create ns "$NO" >/dev/null
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
STEPS5='[{"setWeight":20},{"setWeight":40},{"setWeight":60},{"setWeight":80},{"setWeight":100}]'
PAUSED='[{"setWeight":20},{"pause":{"duration":"1h"}},{"setWeight":40},{"pause":{"duration":"1h"}}]'
for ns in "$NA" "$NO"; do
  for r in web react; do objects "$r" | kubectl -n "$ns" apply -f - >/dev/null; done
  rollout web "$STEPS5" 5 | kubectl -n "$ns" apply -f - >/dev/null
  kubectl -n "$ns" apply -f - >/dev/null <<'JSON'
{"apiVersion":"v1","kind":"List","items":[
 {"apiVersion":"v1","kind":"Service","metadata":{"name":"blue-active"},"spec":{"selector":{"app":"blue"},"ports":[{"port":80}]}},
 {"apiVersion":"v1","kind":"Service","metadata":{"name":"blue-preview"},"spec":{"selector":{"app":"blue"},"ports":[{"port":80}]}},
 {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"blue"},
  "spec":{"replicas":5,"selector":{"matchLabels":{"app":"blue"}},
   "template":{"metadata":{"labels":{"app":"blue"}},"spec":{"containers":[{"name":"app","image":"example/app:v1"}]}},
   "strategy":{"blueGreen":{"activeService":"blue-active","previewService":"blue-preview",
     "autoPromotionEnabled":true,"scaleDownDelaySeconds":2}}}}]}
JSON
  rollout react "$PAUSED" 5 | kubectl -n "$ns" apply -f - >/dev/null
done
"$ROOT/scripts/argo-controller" start "$NA"
"$BIN" -n "$NO" rollout run web >/dev/null
"$BIN" -n "$NO" rollout run react >/dev/null
"$BIN" -n "$NO" rollout run blue >/dev/null

# Prints "<epoch of the first event with generation > GEN> <epoch of Healthy at it>".
watch_healthy() { # NS NAME GEN
  kubectl -n "$1" get rollout "$2" -w \
    -o jsonpath='{.metadata.generation} {.status.observedGeneration} {.status.phase} {.status.stableRS} {.status.currentPodHash}{"\n"}' \
  | python3 -c '
import sys, time
gen = int(sys.argv[1]); seen = None
for line in sys.stdin:
    f = line.split()
    if len(f) < 2 or int(f[0]) <= gen:
        continue
    t = time.time()
    seen = seen or t
    if len(f) == 5 and f[1] == f[0] and f[2] == "Healthy" and f[3] == f[4]:
        print(f"{seen:.6f} {t:.6f}"); sys.stdout.flush(); break
' "$3"
}
wait_healthy_argo() { # NS NAME: Argo's first revision
  until [[ "$(kubectl -n "$1" get rollout "$2" -o jsonpath='{.status.phase}')" == Healthy ]]; do sleep 0.2; done
}
wait_healthy_argo "$NA" web
wait_healthy_argo "$NA" blue
wait_healthy_argo "$NA" react

# Requests with a User-Agent starting with PREFIX received between two epochs. A request is
# one auditID: a watch is logged twice (when its response starts and when it ends).
requests() { # PREFIX FROM TO
  python3 - "$AUDIT" "$1" "$2" "$3" <<'PY'
import json, sys, datetime
path, prefix, t0, t1 = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
seen = set()
for line in open(path):
    e = json.loads(line)
    if not e.get("userAgent", "").startswith(prefix):
        continue
    t = datetime.datetime.fromisoformat(e["requestReceivedTimestamp"].replace("Z", "+00:00")).timestamp()
    if t0 <= t <= t1:
        seen.add(e["auditID"])
print(len(seen))
PY
}

declare -A spec cmd promote reqs reqs_all
one_run() { # WHO I [ROLLOUT, default web]
  local who=$1 i=$2 ro=${3:-web} ns gen t0 out key
  if [[ $who == argo ]]; then ns=$NA; else ns=$NO; fi
  key=$who; [[ $ro == web ]] || key=$who-$ro
  gen=$(kubectl -n "$ns" get rollout "$ro" -o jsonpath='{.metadata.generation}')
  watch_healthy "$ns" "$ro" "$gen" >"$TMP/w" &
  local watcher=$!
  sleep 0.5
  t0=$(now)
  if [[ $who == argo ]]; then
    "$PLUGIN" -n "$ns" set image "$ro" "app=example/app:$i" >/dev/null
  else
    "$BIN" -n "$ns" rollout run "$ro" --image "app=example/app:$i" --timeout 120s >/dev/null 2>"$TMP/err" \
      || { cat "$TMP/err" >&2; exit 1; }
  fi
  # Once the condition is seen; kubectl -w itself would end only at its next line (SIGPIPE).
  until [[ -s "$TMP/w" ]]; do sleep 0.05; done
  pkill -P "$watcher" 2>/dev/null || true; kill "$watcher" 2>/dev/null || true # and its kubectl
  read -r seen healthy <"$TMP/w"
  spec[$key]+="$(echo "$healthy - $seen" | bc -l) "
  cmd[$key]+="$(echo "$healthy - $t0" | bc -l) "
  sleep 1 # the audit log is written as requests complete
  local agent=argo-rollouts-controller
  [[ $who == ours ]] && agent=kubectl-rollouts
  reqs[$key]+="$(requests "$agent" "$t0" "$healthy") "
  # Argo's plugin and controller together (User-Agents argo-rollouts-plugin/…, -controller/…).
  [[ $who == ours ]] || agent=argo-rollouts-
  reqs_all[$key]+="$(requests "$agent" "$t0" "$healthy") "
}

promote_run() { # WHO I
  local who=$1 i=$2 ns t0 drv=""
  if [[ $who == argo ]]; then ns=$NA; else ns=$NO; fi
  if [[ $who == argo ]]; then
    "$PLUGIN" -n "$ns" set image react "app=example/app:r$i" >/dev/null
  else
    "$BIN" -n "$ns" rollout run react --image "app=example/app:r$i" >"$TMP/drv" 2>&1 &
    drv=$!
  fi
  until [[ "$(kubectl -n "$ns" get rollout react -o jsonpath='{.status.phase}/{.status.currentStepIndex}')" == Paused/1 ]]; do sleep 0.1; done
  (kubectl -n "$ns" get ingress react-react-canary -w \
     -o jsonpath='{.metadata.annotations.nginx\.ingress\.kubernetes\.io/canary-weight}{"\n"}' \
     | while read -r w; do echo "$(now) $w"; done) >"$TMP/pw" 2>/dev/null &
  local watcher=$!
  sleep 1
  t0=$(now)
  if [[ $who == argo ]]; then
    "$PLUGIN" -n "$ns" promote react >/dev/null
  else
    "$BIN" -n "$ns" rollout promote react --no-wait >/dev/null 2>&1
  fi
  until grep -q ' 40$' "$TMP/pw"; do sleep 0.02; done
  promote[$who]+="$(echo "$(awk '$2 == 40 {print $1; exit}' "$TMP/pw") - $t0" | bc -l) "
  pkill -P "$watcher" 2>/dev/null || true; kill "$watcher" 2>/dev/null || true # and its kubectl
  # To the end, for the next run: the second pause promoted fully.
  until [[ "$(kubectl -n "$ns" get rollout react -o jsonpath='{.status.phase}/{.status.currentStepIndex}')" == Paused/3 ]]; do sleep 0.1; done
  if [[ $who == argo ]]; then
    "$PLUGIN" -n "$ns" promote react --full >/dev/null
  else
    "$BIN" -n "$ns" rollout promote react --full --no-wait >/dev/null 2>&1
    wait "$drv" || true
  fi
  until [[ "$(kubectl -n "$ns" get rollout react -o jsonpath='{.status.phase}')" == Healthy ]]; do sleep 0.1; done
}

for i in $(seq 1 "$RUNS"); do
  if (( i % 2 )); then order=(argo ours); else order=(ours argo); fi
  for who in "${order[@]}"; do one_run "$who" "$i"; done
  for who in "${order[@]}"; do one_run "$who" "$i" blue; done
  for who in "${order[@]}"; do promote_run "$who" "$i"; done
  echo "[bench] run $i/$RUNS done" >&2
done

row() { # LABEL ARGO-LIST OURS-LIST
  local a o
  a=$(printf '%s\n' $2 | median); o=$(printf '%s\n' $3 | median)
  printf '| %s | %.3f s | %.3f s | %.2fx |\n' "$1" "$a" "$o" "$(echo "$o / $a" | bc -l)"
}
echo
echo "Argo Rollouts controller v1.10.1 against kubectl-rollouts $("$BIN" --version | awk '{print $2}'), $RUNS runs each, interleaved, medians:"
echo
echo "| figure | Argo controller | kubectl-rollouts | ours / Argo |"
echo "|---|---|---|---|"
row "spec change -> Healthy (5 steps)" "${spec[argo]}" "${spec[ours]}"
row "command issued -> Healthy" "${cmd[argo]}" "${cmd[ours]}"
row "promote at a pause -> canary weight changed" "${promote[argo]}" "${promote[ours]}"
printf '| API requests per step (audit log by User-Agent) | %.1f | %.1f | %.2fx |\n' \
  "$(echo "$(printf '%s\n' ${reqs[argo]} | median) / 5" | bc -l)" \
  "$(echo "$(printf '%s\n' ${reqs[ours]} | median) / 5" | bc -l)" \
  "$(echo "$(printf '%s\n' ${reqs[ours]} | median) / $(printf '%s\n' ${reqs[argo]} | median)" | bc -l)"
printf '| API requests per step, with the command (Argo: plugin + controller) | %.1f | %.1f | %.2fx |\n' \
  "$(echo "$(printf '%s\n' ${reqs_all[argo]} | median) / 5" | bc -l)" \
  "$(echo "$(printf '%s\n' ${reqs[ours]} | median) / 5" | bc -l)" \
  "$(echo "$(printf '%s\n' ${reqs[ours]} | median) / $(printf '%s\n' ${reqs_all[argo]} | median)" | bc -l)"
row "blue-green: spec change -> Healthy" "${spec[argo-blue]}" "${spec[ours-blue]}"
row "blue-green: command issued -> Healthy" "${cmd[argo-blue]}" "${cmd[ours-blue]}"
printf '| blue-green: API requests per update | %.1f | %.1f | %.2fx |\n' \
  "$(printf '%s\n' ${reqs[argo-blue]} | median)" "$(printf '%s\n' ${reqs[ours-blue]} | median)" \
  "$(echo "$(printf '%s\n' ${reqs[ours-blue]} | median) / $(printf '%s\n' ${reqs[argo-blue]} | median)" | bc -l)"
printf '| blue-green: API requests per update, with the command | %.1f | %.1f | %.2fx |\n' \
  "$(printf '%s\n' ${reqs_all[argo-blue]} | median)" "$(printf '%s\n' ${reqs[ours-blue]} | median)" \
  "$(echo "$(printf '%s\n' ${reqs[ours-blue]} | median) / $(printf '%s\n' ${reqs_all[argo-blue]} | median)" | bc -l)"
echo
echo "spec: argo [${spec[argo]}] ours [${spec[ours]}]"
echo "cmd: argo [${cmd[argo]}] ours [${cmd[ours]}]"
echo "blue-green spec: argo [${spec[argo-blue]}] ours [${spec[ours-blue]}]"
echo "promote: argo [${promote[argo]}] ours [${promote[ours]}]"
echo "requests: argo [${reqs[argo]}] argo with plugin [${reqs_all[argo]}] ours [${reqs[ours]}] blue-green: argo [${reqs[argo-blue]}] with plugin [${reqs_all[argo-blue]}] ours [${reqs[ours-blue]}]"
