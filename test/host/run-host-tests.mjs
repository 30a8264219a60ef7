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
import { cpSync, createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { format } from 'node:util';
import {
  checkHostInstalled,
  freePort,
  HostError,
  killGroup,
  launchChromium,
  remoteUri,
  repoRoot,
  signalGroup,
  startCodeServer,
  workbenchUrl,
} from './codeServerHost.mjs';

const testsEntry = join(repoRoot, 'out', 'test', 'integration', 'index.js');
const fixtureWorkspace = join(repoRoot, 'test', 'fixtures', 'workspace');
const timeoutSeconds = Number(process.env.DISTILLERY_HOST_TIMEOUT || 600);
const verbose = process.env.DISTILLERY_HOST_VERBOSE === '1';
const keepTmp = process.env.DISTILLERY_KEEP_TMP === '1';

/**
 * The extension host's console reaches the workbench's log service mixed with the workbench's
 * own messages. The suite entry (test/integration/index.ts) prefixes its console calls with this
 * marker when the variable DISTILLERY_HOST_CONSOLE_MARK is set, so only its output is printed.
 */
const CONSOLE_MARK = '\u27eaext-host\u27eb';

const say = (message) => console.error(`[test-host] ${message}`);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function checkPrerequisites() {
  checkHostInstalled();
  if (!existsSync(testsEntry)) {
    throw new HostError(`${testsEntry} is missing; run: node esbuild.mjs`);
  }
  if (!readdirSync(dirname(testsEntry)).some((name) => name.endsWith('.test.js'))) {
    throw new HostError(`no *.test.js next to ${testsEntry}; run: node esbuild.mjs`);
  }
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
      if (server) await killGroup(server.child.pid, say);
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
      echo: verbose,
      env: { DISTILLERY_HOST_CONSOLE_MARK: CONSOLE_MARK },
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

    browser = await Promise.race([launchChromium(tmp), failure]);
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
      page.goto(workbenchUrl(port, workspace, payload)),
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
