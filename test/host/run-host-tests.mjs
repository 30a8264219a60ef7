// Runs the integration suite (out/test/integration/index.js) inside a real VS Code without
// downloading one: code-server (the npm package bundles VS Code's server and its Node extension
// host) serves the workbench, headless chromium (Debian's, driven by playwright-core) opens it,
// and the workbench runs the extension tests because its URL carries extensionTestsPath.
// The suite's console output (mocha's report) comes back through codeAutomationLog and the
// extension host's exit code through codeAutomationExit: the hooks VS Code's own browser
// integration tests use. This script exits with that code.
//
// Prerequisites: `bash scripts/install-test-host.sh` (once per machine) and `node esbuild.mjs`
// (before each run; this script builds nothing).
// Environment:
//   DISTILLERY_TEST_GREP     run only the tests whose full title matches (mocha's grep)
//   DISTILLERY_HOST_TIMEOUT  overall time limit in seconds (default 600)
//   DISTILLERY_HOST_VERBOSE  1 = also print the workbench's and code-server's own logs
//   DISTILLERY_CHROMIUM      browser executable (default /usr/bin/chromium)
//   DISTILLERY_KEEP_TMP      1 = keep the temp dir (user data, logs, workspace copy)
import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

const hostDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(hostDir, '..', '..');
const testsEntry = join(repoRoot, 'out', 'test', 'integration', 'index.js');
const fixtureWorkspace = join(repoRoot, 'test', 'fixtures', 'workspace');
const codeServerEntry = join(hostDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = process.env.DISTILLERY_CHROMIUM || '/usr/bin/chromium';
const timeoutSeconds = Number(process.env.DISTILLERY_HOST_TIMEOUT || 600);
const verbose = process.env.DISTILLERY_HOST_VERBOSE === '1';
const keepTmp = process.env.DISTILLERY_KEEP_TMP === '1';

/**
 * The extension host's console reaches the workbench's log service mixed with the workbench's
 * own messages. The suite entry (test/integration/index.ts) prefixes its console calls with this
 * marker when the variable DISTILLERY_HOST_CONSOLE_MARK is set, so only its output is printed.
 */
const CONSOLE_MARK = '\u27eaext-host\u27eb';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const say = (message) => console.error(`[test-host] ${message}`);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** An expected failure: its message is enough, no stack. */
class HostError extends Error {}

function checkPrerequisites() {
  if (!existsSync(codeServerEntry)) {
    throw new HostError('code-server is not installed; run: bash scripts/install-test-host.sh');
  }
  if (!existsSync(chromiumPath)) {
    throw new HostError(`no browser at ${chromiumPath}; run: bash scripts/install-test-host.sh`);
  }
  if (!existsSync(testsEntry)) {
    throw new HostError(`${testsEntry} is missing; run: node esbuild.mjs`);
  }
  if (!readdirSync(dirname(testsEntry)).some((name) => name.endsWith('.test.js'))) {
    throw new HostError(`no *.test.js next to ${testsEntry}; run: node esbuild.mjs`);
  }
}

function freePort() {
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

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is already gone
  }
}

/** SIGTERM the whole group, SIGKILL what is left after 5 s, and wait until it is empty. */
async function killGroup(pgid) {
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

/** Starts code-server in its own process group, with every directory it writes inside tmp. */
function startCodeServer({ port, tmp, workspace, logStream, onLine }) {
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
      DISTILLERY_HOST_CONSOLE_MARK: CONSOLE_MARK,
    },
  });
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      logStream.write(chunk);
      if (verbose) process.stderr.write(chunk);
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

/** The text of one console call of the suite, or undefined for the workbench's own messages. */
function suiteOutput(args) {
  const list = Array.isArray(args) ? args : [args];
  if (list[0] === CONSOLE_MARK) return format(...list.slice(1));
  if (typeof list[0] === 'string' && list[0].startsWith(CONSOLE_MARK)) {
    return format(list[0].slice(CONSOLE_MARK.length), ...list.slice(1));
  }
  return undefined;
}

/** `vscode-remote://host:port/abs/path`, each path segment percent-encoded. */
function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${absPath.split('/').map(encodeURIComponent).join('/')}`;
}

async function main() {
  checkPrerequisites();
  const started = Date.now();

  const tmp = mkdtempSync(join(tmpdir(), 'distillery-host-'));
  const workspace = join(tmp, 'workspace');
  cpSync(fixtureWorkspace, workspace, { recursive: true }); // tests may modify it freely
  const logStream = createWriteStream(join(tmp, 'code-server.log'));
  const logTail = [];

  let server;
  let browser;
  let timer;
  let cleaning;
  let interrupted = false;
  const cleanup = () =>
    (cleaning ??= (async () => {
      clearTimeout(timer);
      if (browser) await Promise.race([browser.close().catch(() => {}), sleep(10_000)]);
      if (server) await killGroup(server.child.pid);
      await new Promise((done) => logStream.end(done));
      if (keepTmp) say(`kept ${tmp}`);
      else rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    })());
  for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
    process.once(signal, () => {
      say(`${signal}: stopping`);
      interrupted = true;
      cleanup().finally(() => process.exit(128 + number));
    });
  }

  try {
    // Everything below races against these: whichever settles first decides the run.
    let resolveListening;
    let failRun;
    const listening = new Promise((resolveIt) => (resolveListening = resolveIt));
    const failure = new Promise((_, reject) => (failRun = reject));
    failure.catch(() => {}); // observed through Promise.race below
    timer = setTimeout(
      () => failRun(new HostError(`timed out after ${timeoutSeconds} s (set DISTILLERY_HOST_TIMEOUT to change)`)),
      timeoutSeconds * 1000,
    );
    // Last resort if a step that is not raced against `failure` hangs, or cleanup does.
    setTimeout(() => {
      say(`FAILED: still running ${timeoutSeconds + 60} s after the start; killing everything`);
      if (server) signalGroup(server.child.pid, 'SIGKILL');
      process.exit(1);
    }, (timeoutSeconds + 60) * 1000).unref();
    let exitGrace;
    const port = await freePort();
    server = startCodeServer({
      port,
      tmp,
      workspace,
      logStream,
      onLine: (line) => {
        if (line.trim()) logTail.push(line);
        if (logTail.length > 40) logTail.shift();
        const url = /HTTP server listening on (\S+)/.exec(line);
        if (url) resolveListening(url[1]);
        // Normally codeAutomationExit arrives first; if the extension host died without the
        // workbench reporting it, fail after a grace period instead of waiting for the timeout.
        const hostExit = /Extension Host Process exited with code: (\S+?),/.exec(line);
        if (hostExit && !exitGrace) {
          exitGrace = setTimeout(
            () => failRun(new HostError(`the extension host exited (code ${hostExit[1]}) without reporting a result`)),
            15_000,
          );
          exitGrace.unref();
        }
      },
    });
    server.exited.then(
      ({ code, signal }) => failRun(new HostError(`code-server exited (code ${code}, signal ${signal})`)),
      (error) => failRun(error),
    );

    const url = await Promise.race([listening, failure]);
    say(`code-server listening on ${url} after ${seconds(started)}; workspace ${workspace}`);

    // playwright-core lives in test/host/node_modules, not in the extension's dependencies.
    const { chromium } = createRequire(join(hostDir, 'package.json'))('playwright-core');
    browser = await Promise.race([
      chromium.launch({
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
        // Our own signal handlers close the browser and then the code-server group; playwright's
        // would exit the process before the group is gone.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      }),
      failure,
    ]);
    const page = await browser.newPage();

    let reportExit;
    const hostExitCode = new Promise((resolveIt) => (reportExit = resolveIt));
    // Both must exist before the workbench loads: it looks them up on window.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = suiteOutput(args);
      if (text !== undefined) process.stdout.write(`${text}\n`);
      else if (verbose || type === 'error') process.stderr.write(`[workbench ${type}] ${format(...[args].flat())}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
    page.on('pageerror', (error) => say(`page error: ${error.message}`));
    page.on('crash', () => failRun(new HostError('the workbench page crashed')));

    const payload = [
      ['extensionDevelopmentPath', remoteUri(port, repoRoot)],
      ['extensionTestsPath', remoteUri(port, testsEntry)],
      ['skipWelcome', 'true'],
    ];
    await Promise.race([
      page.goto(
        `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}` +
          `&payload=${encodeURIComponent(JSON.stringify(payload))}`,
      ),
      failure,
    ]);
    say(`workbench loaded after ${seconds(started)}; running the suite`);

    const code = await Promise.race([hostExitCode, failure]);
    say(`extension host exited with code ${code} after ${seconds(started)}`);
    return typeof code === 'number' ? code : 1;
  } catch (error) {
    if (interrupted) return 1; // the signal handler exits once cleanup is done
    say(`FAILED: ${error instanceof HostError ? error.message : (error?.stack ?? error)}`);
    if (!verbose && logTail.length > 0) {
      say('last lines of code-server output:');
      process.stderr.write(`${logTail.join('\n')}\n`);
    }
    return 1;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    say(`FAILED: ${error instanceof HostError ? error.message : (error?.stack ?? error)}`);
    process.exit(1);
  },
);
