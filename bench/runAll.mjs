// `npm run bench`: runs every benchmark in bench/, one after another (each prints its own
// tables), then reads the figures they left in bench/results/*.json and prints one table of them
// all, with the machine, the Node version and the load average before and after.
//
//   node --import tsx bench/runAll.mjs           full sizes; builds the production bundles first
//                                                (what users get) and writes the table into
//                                                bench/README.md, between its bench:begin and
//                                                bench:end markers
//   node --import tsx bench/runAll.mjs --smoke   seconds-long runs, so the test command sees that
//                                                each one still works: figures printed, never
//                                                asserted, README left alone
//
// Exits non-zero when a benchmark fails (and then leaves the README alone too).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULTS_DIR } from './benchResults.mjs';
import { replaceBenchBlock } from './readmeBlock.ts';
import { summaryRows } from './summaryRows.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const README = join(repoRoot, 'bench', 'README.md');
const smoke = process.argv.includes('--smoke');

/** Each benchmark, with the arguments of its smoke run; the full run uses each one's defaults. */
const BENCHMARKS = [
  { name: 'schedule', smoke: ['--rows', '40'] },
  { name: 'requestPath', smoke: ['--requests', '300'] },
  { name: 'columnSteps', smoke: ['--rows', '3000'] },
  { name: 'dryRun', smoke: ['--rows', '1000', '--runs', '1'] },
  { name: 'requestCache', smoke: ['--runs', '1', '--entries', '20000'] },
  { name: 'resultsPanel', smoke: ['--runs', '1'] },
  { name: 'showResults', smoke: ['--mb', '8'] },
  { name: 'activation', smoke: ['--runs', '1'] },
];

const load = () => loadavg().map((value) => value.toFixed(2)).join(' / ');

function run(command, args) {
  return spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' }).status === 0;
}

const started = performance.now();
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown CPU',
  cores: availableParallelism(),
  memoryGiB: totalmem() / 1024 ** 3,
  node: process.version,
  date: new Date().toISOString().slice(0, 10),
  loadBefore: load(),
};

// The full run measures the bundles users get; the smoke run whatever is built (the test command
// builds the development bundles just before it).
const build = smoke ? (existsSync(join(repoRoot, 'dist', 'webview.js')) ? null : []) : ['--production'];
if (build && !run(process.execPath, ['esbuild.mjs', ...build])) process.exit(1);

const failed = [];
const seconds = {};
for (const { name, smoke: smokeArgs } of BENCHMARKS) {
  // A benchmark that fails must not leave an older run's figures behind as if they were this one's.
  rmSync(join(RESULTS_DIR, `${name}.json`), { force: true });
  const args = smoke ? smokeArgs : [];
  console.log(`\n==> bench/${name}.bench.mjs ${args.join(' ')}`);
  const since = performance.now();
  if (!run(process.execPath, ['--import', 'tsx', `bench/${name}.bench.mjs`, ...args])) failed.push(name);
  seconds[name] = (performance.now() - since) / 1000;
}
machine.loadAfter = load();
const totalSeconds = (performance.now() - started) / 1000;

const results = {};
for (const { name } of BENCHMARKS) {
  const file = join(RESULTS_DIR, `${name}.json`);
  if (!failed.includes(name)) results[name] = JSON.parse(readFileSync(file, 'utf8'));
}

const cell = (text) => String(text).replaceAll('|', '\\|');
const table = [
  '| benchmark | measure | value | baseline | ratio | target | met? |',
  '|---|---|---:|---:|---:|---:|---|',
  ...summaryRows(results).map((row) => `| ${[row.benchmark, row.measure, row.value, row.baseline, row.ratio, row.target, row.met].map(cell).join(' | ')} |`),
];
const times = BENCHMARKS.map(({ name }) => `${name} ${Math.round(seconds[name])} s`).join(', ');
const header = [
  `${smoke ? 'Smoke run (small sizes; figures not comparable)' : 'Run'} of ${machine.date}: ${machine.cpu}, ${machine.cores} cores (\`nproc\`), ` +
    `${machine.memoryGiB.toFixed(1)} GiB, Node ${machine.node}, ${smoke ? 'bundles as built' : 'production bundles'}.`,
  `Load average (1 / 5 / 15 min) before: ${machine.loadBefore}; after: ${machine.loadAfter}. ` +
    `Total ${Math.round(totalSeconds)} s (${times}).`,
];

console.log(`\n==> every benchmark\n${header.join('\n')}\n\n${table.join('\n')}`);
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}${smoke ? '' : ' (bench/README.md not updated)'}`);
  process.exit(1);
}
if (!smoke) {
  const generated = ['<!-- Written by `npm run bench` (bench/runAll.mjs): edits between the markers are overwritten. -->', ...header.map((line) => `${line}\n`), ...table];
  writeFileSync(README, replaceBenchBlock(readFileSync(README, 'utf8'), generated));
  console.log('\nbench/README.md updated.');
  // Leave dist/ as `node esbuild.mjs` builds it, for the tests that load it.
  if (!run(process.execPath, ['esbuild.mjs'])) process.exit(1);
}
