// The pieces of a real VS Code host (code-server + headless chromium) shared by the
// integration-test launcher (run-host-tests.mjs) and the README screenshots
// (scripts/screenshot-editor-loop.mjs): starting code-server with every directory it writes
// inside a temp folder, stopping its whole process group, and launching chromium.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const hostDir = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(hostDir, '..', '..');
export const codeServerEntry = join(hostDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.DISTILLERY_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** An expected failure: its message is enough, no stack. */
export class HostError extends Error {}

/** Throws a HostError naming the install step when code-server or the browser is missing. */
export function checkHostInstalled() {
  if (!existsSync(codeServerEntry)) {
    throw new HostError('code-server is not installed; run: bash scripts/install-test-host.sh');
  }
  if (!existsSync(chromiumPath)) {
    throw new HostError(`no browser at ${chromiumPath}; run: bash scripts/install-test-host.sh`);
  }
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Whether a process group still has a live member. Reads /proc so that zombies (which a
 * container's PID 1 may never reap) do not count; falls back to kill(-pgid, 0) elsewhere.
 */
function groupAlive(pgid) {
  if (existsSync('/proc/self/stat')) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      // "pid (comm) state ppid pgrp ...", where comm may contain spaces and parentheses.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
    }
    return false;
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is already gone
  }
}

/** SIGTERM the whole group, SIGKILL what is left after 5 s, and wait until it is empty. */
export async function killGroup(pgid, say = () => {}) {
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGTERM');
  for (let waited = 0; groupAlive(pgid); waited += 100) {
    if (waited === 5000) signalGroup(pgid, 'SIGKILL');
    if (waited >= 15000) {
      say(`process group ${pgid} still has members 10 s after SIGKILL`);
      return;
    }
    await sleep(100);
  }
}

/**
 * Starts code-server in its own process group, with every directory it writes inside tmp.
 * `onLine` gets each line of its output; `env` is added to the environment the extension host
 * inherits. Returns the child and a promise of its exit.
 */
export function startCodeServer({ port, tmp, workspace, logStream, onLine = () => {}, env = {}, echo = false }) {
  const dirs = ['user-data', 'extensions', 'browser-home', 'xdg-config', 'xdg-data', 'xdg-cache', 'xdg-state', 'xdg-runtime'];
  for (const dir of dirs) mkdirSync(join(tmp, dir), { recursive: true, mode: 0o700 });

  const args = [
    codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--user-data-dir', join(tmp, 'user-data'),
    '--extensions-dir', join(tmp, 'extensions'),
    '--config', join(tmp, 'code-server.yaml'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    workspace,
  ];
  const child = spawn(process.execPath, args, {
    cwd: tmp,
    detached: true, // its own process group: the extension host and helpers end with it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, // the extension host inherits it (DISTILLERY_TEST_GREP included)
      EXTENSIONS_GALLERY: '{}', // no marketplace
      XDG_CONFIG_HOME: join(tmp, 'xdg-config'),
      XDG_DATA_HOME: join(tmp, 'xdg-data'),
      XDG_CACHE_HOME: join(tmp, 'xdg-cache'),
      XDG_STATE_HOME: join(tmp, 'xdg-state'),
      XDG_RUNTIME_DIR: join(tmp, 'xdg-runtime'),
      ...env,
    },
  });
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      logStream?.write(chunk);
      if (echo) process.stderr.write(chunk);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      for (const line of lines) onLine(line);
    });
  }
  const exited = new Promise((resolveExit, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolveExit({ code, signal }));
  });
  return { child, exited };
}

/** The user settings file code-server reads, to be written before it starts. */
export function userSettingsPath(tmp) {
  return join(tmp, 'user-data', 'User', 'settings.json');
}

/** `vscode-remote://host:port/abs/path`, each path segment percent-encoded. */
export function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${absPath.split('/').map(encodeURIComponent).join('/')}`;
}

/** The workbench URL for `folder`, with `payload` pairs (extensionDevelopmentPath, ...). */
export function workbenchUrl(port, folder, payload) {
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Headless chromium (playwright-core from test/host/node_modules), its own files kept in tmp. */
export async function launchChromium(tmp) {
  // playwright-core lives in test/host/node_modules, not in the extension's dependencies.
  const { chromium } = createRequire(join(hostDir, 'package.json'))('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    // Chromium writes crash-report settings and a dconf cache under $HOME even with its
    // own user data dir; keep them in the temp dir too.
    env: {
      ...process.env,
      HOME: join(tmp, 'browser-home'),
      XDG_CONFIG_HOME: join(tmp, 'xdg-config'),
      XDG_CACHE_HOME: join(tmp, 'xdg-cache'),
    },
    // The callers' own signal handlers close the browser and then the code-server group;
    // playwright's would exit the process before the group is gone.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}
