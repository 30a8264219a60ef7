// Runs every test/unit/**/*.test.ts with node:test through tsx, after building the bundles the
// tests spawn (dist/cli.js, dist/server.js). Node 20 has no glob support in `node --test`, so
// the files are listed here; extra arguments narrow by substring.
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = findTests('test/unit')
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error(`No unit test files match ${filters.join(', ') || 'test/unit'}.`);
  process.exit(1);
}
const build = spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.error('The build failed, so the unit tests did not run.');
  process.exit(build.status ?? 1);
}
// Node's default is one file at a time on two cores; most files spend their time waiting on
// child processes and sockets, so one file per core keeps both busy.
const concurrency = String(Math.max(2, availableParallelism()));
const result = spawnSync(
  process.execPath,
  // Tests wait for events, not for time; the timeout only turns a wait that can never end (a
  // regression) into a failure instead of a hung suite.
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=300000', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
