// Entry of the integration suite, loaded by VS Code's extension host (extensionTestsPath).
// The contract is the one every VS Code test launcher uses: export `run()`, resolve when the
// suite passed, reject when it failed. It serves both launchers:
//   - test/host/run-host-tests.mjs (code-server + headless chromium, works offline), and
//   - test/host/run-electron-tests.mjs (@vscode/test-electron, downloads desktop VS Code).
// esbuild bundles each test/integration/*.ts on its own into out/test/integration/*.js
// (CommonJS, `vscode` and `mocha` external), so the test files are found next to this one.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/**
 * Under code-server, the extension host's console reaches the launcher through the workbench's
 * log service, mixed with the workbench's own messages. The launcher sets this variable to a
 * marker; prefixing every console call of the suite with it lets the launcher print exactly the
 * extension host's output (mocha's report included). Not set under @vscode/test-electron.
 */
function markConsoleForHostLauncher(): void {
  const mark = process.env.DISTILLERY_HOST_CONSOLE_MARK;
  if (!mark) return;
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const forward = console[method];
    const marked = (...args: unknown[]): void => {
      if (typeof args[0] === 'string') forward.call(console, mark + args[0], ...args.slice(1));
      else forward.call(console, mark, ...args);
    };
    // The extension host turns console's methods into getters with a no-op setter (so that
    // extensions cannot replace them); plain assignment would be ignored, redefining works.
    Object.defineProperty(console, method, { value: marked, writable: true, configurable: true, enumerable: true });
  }
  // mocha's reporters captured console.log when mocha was loaded.
  Mocha.reporters.Base.consoleLog = console.log;
}

export async function run(): Promise<void> {
  markConsoleForHostLauncher();
  const grep = process.env.DISTILLERY_TEST_GREP;
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    color: false,
    ...(grep ? { grep } : {}),
  });

  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  if (files.length === 0) {
    throw new Error(`No *.test.js files next to ${__filename}; run \`node esbuild.mjs\` first.`);
  }
  for (const name of files) mocha.addFile(join(__dirname, name));
  if (grep) console.log(`DISTILLERY_TEST_GREP=${grep}: running only the matching tests`);

  // mocha.run() loads the files with require() (the extension host's require is the one that
  // provides `vscode`); a load error throws inside the executor and rejects with its cause.
  const stats = await new Promise<{ passes: number; failures: number }>((resolve) => {
    const runner = mocha.run(() => resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0 }));
  });
  const { failures } = stats;
  // The plain closing line that CI and the test script read.
  console.log(`real VS Code host: ${stats.passes} passed, ${failures} failed`);
  if (failures > 0) {
    throw new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed.`);
  }
}
