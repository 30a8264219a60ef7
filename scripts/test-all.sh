#!/usr/bin/env bash
# Every test of the project, from a fresh clone: installs what it needs, then type-checks,
# lints, packages and builds, runs every benchmark for a few seconds, the unit tests, the
# results panel's page in headless Chromium and the suite inside a real VS Code.
#
# It never stops early: each stage runs even when an earlier one failed, so one broken test
# cannot hide the others. Type-check, lint, package, the benchmarks and each install count as
# one test each; a suite that ends without printing its own count (a crash, a missing
# prerequisite) counts as one failure. The last line is always `all tests: N passed, M failed`, and the exit status is
# non-zero when M > 0.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
failed_stages=()
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
started=$SECONDS

record_failure() {
  failed=$((failed + $2))
  failed_stages+=("$1")
}

# A stage that is one check: passes when the command exits 0.
check() {
  local name="$1"; shift
  local since=$SECONDS
  echo "==> $name"
  if "$@"; then
    passed=$((passed + 1))
    echo "--- $name: ok ($((SECONDS - since)) s)"
  else
    record_failure "$name" 1
    echo "--- $name: FAILED ($((SECONDS - since)) s)"
  fi
}

# A stage that runs a test suite: adds the pass and fail counts the suite prints, read by the
# sed expressions given (the last match counts). No count, or a non-zero exit with no failure
# counted, adds one failure, so a suite cannot fail silently.
suite() {
  local name="$1" pass_expr="$2" fail_expr="$3"; shift 3
  local log="$logs/$name.log" since=$SECONDS status
  echo "==> $name"
  "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  local suite_passed suite_failed
  suite_passed="$(sed -n "$pass_expr" "$log" | tail -n 1)"
  suite_failed="$(sed -n "$fail_expr" "$log" | tail -n 1)"
  if [ -z "$suite_passed" ] || [ -z "$suite_failed" ]; then
    record_failure "$name (exit $status, no test count)" 1
    echo "--- $name: FAILED, no test count (exit $status, $((SECONDS - since)) s)"
    return
  fi
  passed=$((passed + suite_passed))
  if [ "$suite_failed" -gt 0 ]; then
    record_failure "$name ($suite_failed failed)" "$suite_failed"
  elif [ "$status" -ne 0 ]; then
    record_failure "$name (exit $status)" 1
  fi
  echo "--- $name: $suite_passed passed, $suite_failed failed (exit $status, $((SECONDS - since)) s)"
}

NODE_PASS='s/^ℹ pass \([0-9]*\)$/\1/p'
NODE_FAIL='s/^ℹ fail \([0-9]*\)$/\1/p'
HOST_PASS='s/^.*: \([0-9]*\) passed, [0-9]* failed$/\1/p'
HOST_FAIL='s/^.*: [0-9]* passed, \([0-9]*\) failed$/\1/p'

check "install npm dependencies" bash scripts/ensure-deps.sh
check "typecheck" npm run --silent typecheck
check "lint" npm run --silent lint
check "package the .vsix" npm run --silent package
# Packaging leaves minified bundles in dist/; the suites load the development build.
check "build" npm run --silent build
check "install the VS Code test host" bash scripts/install-test-host.sh
# Seconds-long runs of every benchmark, so none stops working unseen; their figures are not asserted.
check "benchmarks run (smoke)" bash scripts/bench.sh --smoke
suite "unit tests" "$NODE_PASS" "$NODE_FAIL" npm run --silent test:unit
suite "the results panel in headless Chromium" "$NODE_PASS" "$NODE_FAIL" npm run --silent test:browser
suite "tests in a real VS Code" "$HOST_PASS" "$HOST_FAIL" npm run --silent test:host

echo
echo "==> finished in $((SECONDS - started)) s"
for stage in "${failed_stages[@]}"; do echo "failed: $stage"; done
echo "all tests: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
