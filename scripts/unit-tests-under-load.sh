#!/usr/bin/env bash
# Runs the unit suite several times in a row (3 unless given) while one busy loop per core
# keeps every core loaded, the way a shared CI machine is: a test that depends on timing fails
# here. Stops the loops however it ends; exits non-zero if any run failed.
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"

busy_pids=()
for _ in $(seq "$(nproc)"); do
  (while :; do :; done) &
  busy_pids+=("$!")
done
trap 'kill "${busy_pids[@]}" 2>/dev/null' EXIT

failed_runs=0
for run in $(seq "$runs"); do
  log="$(mktemp)"
  since=$SECONDS
  npm run --silent test:unit >"$log" 2>&1
  status=$?
  echo "run $run of $runs: exit $status, $(grep -E '^ℹ (pass|fail) ' "$log" | tr '\n' ' ')in $((SECONDS - since)) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$status" -ne 0 ]; then
    failed_runs=$((failed_runs + 1))
    grep -E '^\s*✖' "$log" | head -n 20
  fi
  rm -f "$log"
done
echo "unit suite under load: $((runs - failed_runs)) of $runs runs passed"
[ "$failed_runs" -eq 0 ]
