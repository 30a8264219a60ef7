#!/usr/bin/env bash
# Every test of the project, from a fresh clone: installs what it needs, then type-checks,
# lints, builds and packages, runs the unit tests, the results panel's page in headless chromium
# and the suite inside a real VS Code, and ends with one closing line counting every test.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh
echo "==> typecheck"; npm run --silent typecheck
echo "==> lint"; npm run --silent lint
echo "==> package"; npm run --silent package
echo "==> build"; npm run --silent build
echo "==> install the VS Code test host"; bash scripts/install-test-host.sh

unit_log="$(mktemp)"; browser_log="$(mktemp)"; host_log="$(mktemp)"
trap 'rm -f "$unit_log" "$browser_log" "$host_log"' EXIT
echo "==> unit tests"; npm run --silent test:unit 2>&1 | tee "$unit_log"
echo "==> the results panel in headless chromium"; npm run --silent test:browser 2>&1 | tee "$browser_log"
echo "==> tests in a real VS Code"; npm run --silent test:host 2>&1 | tee "$host_log"

count() { sed -n "$1" "$2" | tail -n 1; }
passed=$(( $(count 's/^ℹ pass \([0-9]*\)$/\1/p' "$unit_log") + $(count 's/^ℹ pass \([0-9]*\)$/\1/p' "$browser_log") + $(count 's/^.*: \([0-9]*\) passed, [0-9]* failed$/\1/p' "$host_log") ))
failed=$(( $(count 's/^ℹ fail \([0-9]*\)$/\1/p' "$unit_log") + $(count 's/^ℹ fail \([0-9]*\)$/\1/p' "$browser_log") + $(count 's/^.*: [0-9]* passed, \([0-9]*\) failed$/\1/p' "$host_log") ))
echo "all tests: ${passed} passed, ${failed} failed"
