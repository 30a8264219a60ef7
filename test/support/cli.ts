/**
 * Runs the CLI as users run it: the built bundle `dist/cli.js` on plain Node (the unit test
 * runner builds it first). Spawning the bundle costs a tenth of going through tsx, and it is
 * what ships.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLI_BUNDLE = join(__dirname, '..', '..', 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Gets the child as soon as it is spawned, e.g. to interrupt it. */
  onStart?: (child: ChildProcess) => void;
  /** Added to the environment, which never holds an API key unless given here. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Written to the child's stdin, which is then closed. */
  stdin?: string;
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  if (!existsSync(CLI_BUNDLE)) {
    return Promise.reject(new Error(`${CLI_BUNDLE} is missing: run "node esbuild.mjs" (npm run test:unit does it)`));
  }
  // Each run gets a request cache of its own, so no test is answered from another's; a test of
  // the cache names one with --cache-dir or DISTILLERY_CACHE_DIR.
  const cacheDir = mkdtempSync(join(tmpdir(), 'distillery-test-cache-'));
  return new Promise<CliRun>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], {
      cwd: options.cwd,
      env: { ...process.env, OPENAI_API_KEY: '', DISTILLERY_CACHE_DIR: cacheDir, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
    options.onStart?.(child);
  }).finally(() => rmSync(cacheDir, { recursive: true, force: true }));
}

/**
 * Sends SIGINT to `child` once, the first time `file` holds more than `lines` complete lines.
 * Exactly once: a second Ctrl-C means "quit now" to the CLI, which is not what these tests check.
 */
export function interruptAfterLines(child: ChildProcess, file: string, lines: number): void {
  let sent = false;
  const poll = setInterval(() => {
    void readFile(file, 'utf8').then(
      (text) => {
        if (sent || text.split('\n').length - 1 <= lines) return;
        sent = true;
        clearInterval(poll);
        child.kill('SIGINT');
      },
      () => undefined, // not created yet
    );
  }, 20);
  child.on('close', () => clearInterval(poll));
}
