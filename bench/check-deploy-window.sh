#!/bin/bash
# check-deploy-window.sh, the seed article's CI deploy-window check, kept unchanged as the
# peer `bench/window-check.sh` compares `kubectl-rollouts window check` against.
set -euo pipefail
HOUR=$(date -u +%H)
DAY=$(date -u +%u) # 1=Monday, 7=Sunday
if [ "$DAY" -ge 6 ]; then
echo "Deploy blocked: no weekend deployments"; exit 1
fi
if [ "$DAY" -eq 5 ] && [ "$HOUR" -ge 14 ]; then
echo "Deploy blocked: no Friday afternoon deployments"; exit 1
fi
if [ "$HOUR" -lt 9 ] || [ "$HOUR" -ge 16 ]; then
echo "Deploy blocked: outside window (09:00-16:00 UTC)"; exit 1
fi
echo "Deploy window open, proceeding..."
