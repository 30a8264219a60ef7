#!/usr/bin/env bash
# Installs the project's npm dependencies when node_modules is missing or older than the
# lockfile. Sourced by the demo and test scripts so a fresh clone needs no other step.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stamp="$root/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$root/package-lock.json" -nt "$stamp" ]; then
  echo "==> npm ci"
  # The machine's npmrc points node-gyp at the installed Node headers; keep that explicit.
  (cd "$root" && npm_config_nodedir=/usr npm ci --no-audit --no-fund)
fi
