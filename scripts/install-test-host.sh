#!/usr/bin/env bash
# Installs what the integration suite needs to run inside a real VS Code on a machine that
# reaches only the npm registry and Debian's package mirrors (see test/host/run-host-tests.mjs):
#   1. Debian packages: chromium (the browser that drives the workbench), ripgrep (seeds the
#      rg download of @vscode/ripgrep), and a toolchain for the native modules of code-server
#      (argon2, kerberos, node-pty) whose prebuilt downloads fail offline.
#   2. test/host/node_modules (code-server + playwright-core), kept apart from the extension's
#      own dependencies so the .vsix and users' `npm ci` stay small.
# Idempotent: apt is skipped when every package is present, npm when node_modules matches the
# lockfile (a stamp of package.json + package-lock.json + Node version).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOST_DIR="$ROOT/test/host"
APT_PACKAGES=(chromium ripgrep libkrb5-dev build-essential python3 pkg-config)

log() { printf '[install-test-host] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "need root (or sudo) to run: $*"; exit 1
  fi
}

# --- 1. Debian packages --------------------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  log "apt: all packages present (${APT_PACKAGES[*]})"
else
  log "apt: installing ${missing[*]}"
  # Another apt or dpkg (an unattended upgrade, a second CI job) may hold the lock: wait for it
  # rather than fail.
  apt_options=(-o DPkg::Lock::Timeout=600 -qq)
  as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" install -y --no-install-recommends "${missing[@]}"
  log "apt: done"
fi

# --- 2. Seed @vscode/ripgrep's download cache with Debian's rg -----------------------------
# code-server's postinstall installs VS Code's server dependencies, among them @vscode/ripgrep,
# whose own postinstall downloads rg from GitHub unless the tarball is already in its cache
# ($TMPDIR/vscode-ripgrep-cache-<version>/, where TMPDIR is what Node's os.tmpdir() reads).
RG_CACHE_VERSION="1.15.11"
RG_TARGET_VERSION="v13.0.0-10"
case "$(uname -m)" in
  x86_64) RG_TRIPLE="x86_64-unknown-linux-musl" ;;
  aarch64) RG_TRIPLE="aarch64-unknown-linux-musl" ;;
  *) RG_TRIPLE="" ;;
esac
if [ -n "$RG_TRIPLE" ]; then
  tmp_base="${TMPDIR:-/tmp}"
  tmp_base="${tmp_base%/}"
  rg_cache="$tmp_base/vscode-ripgrep-cache-$RG_CACHE_VERSION"
  rg_tarball="$rg_cache/ripgrep-$RG_TARGET_VERSION-$RG_TRIPLE.tar.gz"
  if [ -s "$rg_tarball" ]; then
    log "ripgrep: download cache already seeded"
  else
    rg_bin="$(command -v rg || true)"
    if [ -z "$rg_bin" ]; then log "ripgrep: rg not found on PATH"; exit 1; fi
    stage="$(mktemp -d)"
    cp "$rg_bin" "$stage/rg"
    mkdir -p "$rg_cache"
    tar -czf "$rg_tarball.partial" -C "$stage" rg
    mv "$rg_tarball.partial" "$rg_tarball"
    rm -rf "$stage"
    log "ripgrep: seeded $rg_tarball from $rg_bin"
  fi
else
  log "ripgrep: unknown architecture $(uname -m), not seeding the cache"
fi

# --- 3. test/host/node_modules -------------------------------------------------------------
cd "$HOST_DIR"
stamp_file="node_modules/.distillery-install-stamp"
hash_inputs=(package.json)
[ -f package-lock.json ] && hash_inputs+=(package-lock.json)
stamp="$( { cat "${hash_inputs[@]}"; node --version; uname -m; } | sha256sum | cut -d' ' -f1)"

# What the suite loads; a download or native build that failed quietly leaves one of them out.
vscode_modules=node_modules/code-server/lib/vscode/node_modules
required_files=(
  node_modules/code-server/out/node/entry.js
  node_modules/playwright-core/package.json
  "$vscode_modules/@vscode/ripgrep/bin/rg"
  "$vscode_modules/node-pty/build/Release/pty.node"
  "$vscode_modules/@vscode/spdlog/build/Release/spdlog.node"
)
missing_files() {
  local file
  for file in "${required_files[@]}"; do [ -e "$file" ] || echo "$file"; done
}

if [ -f package-lock.json ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ] && [ -z "$(missing_files)" ]; then
  log "npm: test/host/node_modules is up to date"
  exit 0
fi

# node-gyp must use the installed Node headers (no download); node-pty's install runs
# `npx node-gyp`, which must not stop to ask; code-server's install script refuses to run as
# root without unsafe-perm.
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
if [ -f "$node_prefix/include/node/node.h" ]; then
  export npm_config_nodedir="$node_prefix"
fi
export npm_config_yes=true
export npm_config_unsafe_perm=true
export npm_config_audit=false
export npm_config_fund=false
export npm_config_update_notifier=false

rm -f "$stamp_file"
if [ -f package-lock.json ]; then
  log "npm: npm ci in test/host (code-server builds native modules; this takes a minute or two)"
  npm ci --unsafe-perm --no-audit --no-fund
else
  log "npm: npm install in test/host (no lockfile yet; one will be written)"
  npm install --unsafe-perm --no-audit --no-fund
  stamp="$( { cat package.json package-lock.json; node --version; uname -m; } | sha256sum | cut -d' ' -f1)"
fi
absent="$(missing_files)"
if [ -n "$absent" ]; then
  log "npm: the install finished but these files are missing (a download or native build failed; see above):"
  printf '  %s\n' $absent
  exit 1
fi
printf '%s\n' "$stamp" > "$stamp_file"
log "npm: done"
