#!/usr/bin/env bash
# Every test of the project, from a fresh clone: installs what it needs, then type-checks,
# lints, builds, runs the unit tests, the real VS Code host suite, and packages the .vsix.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh
echo "==> typecheck"; npm run --silent typecheck
echo "==> lint"; npm run --silent lint
echo "==> build"; npm run --silent build
echo "==> unit tests"; npm run --silent test:unit
echo "==> install the VS Code test host"; bash scripts/install-test-host.sh
echo "==> tests in a real VS Code"; npm run --silent test:host
echo "==> package"; npm run --silent package
