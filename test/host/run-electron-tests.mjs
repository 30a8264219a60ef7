// Runs the same integration suite as run-host-tests.mjs, but in desktop VS Code launched by
// @vscode/test-electron (a devDependency of the repository root, not of test/host).
//
// It DOWNLOADS VS Code from update.code.visualstudio.com into .vscode-test/ on first use, so
// it only works on machines that can reach it; on machines limited to the npm registry and
// Debian's mirrors use `npm run test:host` (code-server + headless chromium) instead.
//
// Usage (after `node esbuild.mjs`):
//   node test/host/run-electron-tests.mjs                  # desktop session / macOS / Windows
//   xvfb-run -a node test/host/run-electron-tests.mjs      # headless Linux (needs xvfb and
//                                                          # Electron's shared libraries)
// Environment:
//   DISTILLERY_VSCODE_VERSION  VS Code version to download (default: stable; the lowest
//                              supported one is engines.vscode in package.json, 1.95.0)
//   DISTILLERY_TEST_GREP       run only the tests whose full title matches (mocha's grep);
//                              VS Code passes the environment on to its extension host
import { runTests } from '@vscode/test-electron';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const extensionTestsPath = join(repoRoot, 'out', 'test', 'integration', 'index.js');

if (!existsSync(extensionTestsPath)) {
  console.error(`${extensionTestsPath} is missing; run: node esbuild.mjs`);
  process.exit(1);
}

// Tests may modify the workspace, so they get a fresh copy of the fixture every run.
const tmp = mkdtempSync(join(tmpdir(), 'distillery-electron-'));
const workspace = join(tmp, 'workspace');
cpSync(join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });

let exitCode = 1;
try {
  exitCode = await runTests({
    version: process.env.DISTILLERY_VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    launchArgs: [
      workspace,
      '--disable-extensions', // only the extension under development
      '--disable-workspace-trust', // as in the code-server launcher
    ],
  });
} catch (error) {
  // runTests rejects with TestRunFailedError when VS Code exits non-zero (mocha's report is
  // already on stdout), and with other errors when the download or the launch fails.
  console.error(`[test-electron] ${error instanceof Error ? error.message : String(error)}`);
  exitCode = typeof error?.code === 'number' && error.code !== 0 ? error.code : 1;
} finally {
  rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
}
process.exit(exitCode);
