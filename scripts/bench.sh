#!/usr/bin/env bash
# Runs every benchmark in bench/, one after another, printing each one's table.
#   bash scripts/bench.sh           full sizes: the figures for bench/README.md (several minutes)
#   bash scripts/bench.sh --smoke   seconds-long runs, so the test command sees that each one still
#                                   works (figures printed, never asserted)
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=false
[ "${1:-}" = "--smoke" ] && smoke=true

# name, then the arguments of a smoke run
benchmarks=(
  "schedule --rows 40"
  "requestPath --requests 300"
  "columnSteps --rows 3000"
  "requestCache --runs 1 --entries 20000"
  "resultsPanel --runs 1"
)

[ -f dist/webview.js ] || node esbuild.mjs
for entry in "${benchmarks[@]}"; do
  read -r name smoke_args <<< "$entry"
  args=()
  $smoke && read -r -a args <<< "$smoke_args"
  echo "==> bench/$name.bench.mjs ${args[*]:-}"
  node --import tsx "bench/$name.bench.mjs" "${args[@]}"
done
