#!/usr/bin/env bash
# Detection latency of a failing canary, end to end through the driver: the emitter turns the
# canary's error ratio to 10% while an analysis step measures (seed template: interval 1 s,
# failureLimit 2, rate window 5 s); the figures are the time from that change to the run's
# Failed phase and to the canary Ingress at weight 0 (traffic back to stable).
# Bound: initialDelay + (failureLimit+1) x interval + scrape interval + 1 s = 0 + 3 + 1 + 1 = 5 s.
# Usage: bench/analysis-latency.sh   Env: RUNS (default 8), CARGO_TARGET_DIR.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-8}"
"$ROOT/scripts/cluster" up >&2
eval "$("$ROOT/scripts/cluster" env)"
cd "$ROOT"
KR_DETECTION_RUNS="$RUNS" cargo test -q --test rollouts \
  ten_percent_errors_abort_the_canary_within_the_detection_bound -- --nocapture 2>&1 |
  tee /dev/stderr | grep '^detection run' |
  awk '{f[NR]=$8; w[NR]=$15}
    function med(a, n,   i, j, t, b) { for (i=1;i<=n;i++) b[i]=a[i];
      for (i=1;i<=n;i++) for (j=i+1;j<=n;j++) if (b[j]<b[i]) {t=b[i];b[i]=b[j];b[j]=t}
      return (n%2) ? b[(n+1)/2] : (b[n/2]+b[n/2+1])/2 }
    function max(a, n,   i, m) { m=a[1]; for (i=2;i<=n;i++) if (a[i]>m) m=a[i]; return m }
    function min(a, n,   i, m) { m=a[1]; for (i=2;i<=n;i++) if (a[i]<m) m=a[i]; return m }
    END { printf "runs %d; change -> run Failed: median %.2f s, min %.2f, max %.2f; change -> canary weight 0: median %.2f s, min %.2f, max %.2f (bound 5 s)\n",
      NR, med(f,NR), min(f,NR), max(f,NR), med(w,NR), min(w,NR), max(w,NR) }'
