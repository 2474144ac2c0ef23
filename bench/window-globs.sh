#!/usr/bin/env bash
# Wall time of `window check` on hostile glob patterns (issue 17: exponential with a
# backtracking matcher, linear with the automaton in src/window/glob.rs), one row per pattern,
# each against the seed-sized project plus that pattern. Prints a Markdown table.
# Usage: bench/window-globs.sh [RUNS]   (needs hyperfine: scripts/deps installs it)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/kubectl-rollouts
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
name40=$(printf 'a%.0s' $(seq 40))
nested=$(printf '{%.0s' $(seq 10000))tr-web$(printf '}%.0s' $(seq 10000))
declare -A patterns=(
  ["*a x12 then b, 40-char name"]="$(printf '*a%.0s' $(seq 12))b|$name40"
  ["{a,a} x24, 24-char name"]="$(printf '{a,a}%.0s' $(seq 24))|$(printf 'a%.0s' $(seq 24))"
  ["10,000 nested braces"]="$nested|tr-web"
)
echo "| pattern | mean | max |"
echo "|---|---|---|"
for label in "${!patterns[@]}"; do
  IFS='|' read -r glob app <<<"${patterns[$label]}"
  file="$dir/p.yaml"
  printf 'apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p}\nspec:\n  syncWindows:\n  - {kind: deny, schedule: "0 0 20 12 *", duration: 288h, applications: ["%s"]}\n' "$glob" >"$file"
  json="$dir/h.json"
  hyperfine --style none --warmup 3 --runs "$runs" -N -i --export-json "$json" \
    "$bin window check --project $file --app $app --at 2026-11-27T15:00:00Z" >/dev/null 2>&1
  python3 - "$json" "$label" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"| {sys.argv[2]} | {r['mean']*1000:.1f} ms | {r['max']*1000:.1f} ms |")
PY
done
