// Benchmark of a dry run on a big file (issue 11): `distillery run-task EvolInstruct --dry-run
// --param num_evolutions=3`
// on a JSONL of N rows, as users run it (dist/cli.js in a process of its own): every row's first
// prompt built with its random mutation, its tokens counted with gpt-4o-mini's real tokenizer,
// looked up in the (empty) request cache; nothing sent, nothing written. Rows/s and the
// process's peak RSS.
//
// Baseline, in the same run and the same way (a fresh process, the same file): reading the file
// line by line and parsing each row with JSON.parse, the least any command reading it does.
// Baseline and dry run alternate; each figure is the median of --runs.
//
// Usage: node bench/dryRun.bench.mjs [--rows 100000] [--runs 3]   (after `node esbuild.mjs`)
// Prints the table and writes bench/results/dryRun.json (not checked in).
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchResults } from './benchResults.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const argValue = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const ROWS = argValue('--rows', 100_000);
const RUNS = argValue('--runs', 3);
const MODEL = 'gpt-4o-mini';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'distillery-dry-run-'));
try {
  const input = join(dir, 'rows.jsonl');
  const out = createWriteStream(input);
  for (let i = 0; i < ROWS; i++) {
    const line = `${JSON.stringify({ id: i, instruction: `Explain in two sentences why the number ${i} is interesting to a curious child, with one example.` })}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const inputBytes = statSync(input).size;

  // Each child writes its peak RSS (KiB) to a file when it exits, whatever it ran.
  const peakFile = join(dir, 'peak-rss');
  const recordPeak = join(dir, 'record-peak.cjs');
  writeFileSync(recordPeak, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(peakFile)}, String(process.resourceUsage().maxRSS)));\n`);
  const parseOnly = join(dir, 'parse-only.cjs');
  writeFileSync(
    parseOnly,
    `const lines = require('node:readline').createInterface({ input: require('node:fs').createReadStream(process.argv[2]), crlfDelay: Infinity });
let rows = 0;
lines.on('line', (line) => { if (JSON.parse(line)) rows++; });
lines.on('close', () => console.log(rows + ' rows'));
`,
  );

  /** Wall time (ms) and peak RSS (MB) of one process. */
  const timed = (args) => {
    const started = performance.now();
    const child = spawnSync(process.execPath, ['--require', recordPeak, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const ms = performance.now() - started;
    if (child.status !== 0) throw new Error(`${args.join(' ')} exited ${child.status}:\n${child.stderr.slice(-2000)}`);
    return { ms, peakMb: Number(readFileSync(peakFile, 'utf8')) / 1024, stdout: child.stdout };
  };
  const cli = join(repoRoot, 'dist', 'cli.js');
  const dryRunArgs = [cli, 'run-task', 'EvolInstruct', '--input', input, '--dry-run', '--base-url', 'http://127.0.0.1:9/v1', '--model', MODEL, '--param', 'num_evolutions=3'];
  const samples = { baseline: [], dryRun: [] };
  let report = '';
  for (let run = 0; run < RUNS; run++) {
    samples.baseline.push(timed([parseOnly, input]));
    const dry = timed(dryRunArgs);
    report = dry.stdout;
    samples.dryRun.push(dry);
  }
  if (!report.includes(`${ROWS} rows`)) throw new Error(`the dry run did not report ${ROWS} rows:\n${report}`);
  const figures = (kind) => ({ ms: median(samples[kind].map((s) => s.ms)), peakMb: median(samples[kind].map((s) => s.peakMb)) });
  const result = { rows: ROWS, inputBytes, runs: RUNS, model: MODEL, baseline: figures('baseline'), dryRun: figures('dryRun') };
  const rowsPerSecond = (ms) => Math.round(ROWS / (ms / 1000)).toLocaleString('en-US');
  console.log(`Dry run of EvolInstruct x3 on ${ROWS.toLocaleString('en-US')} rows (${(inputBytes / 1e6).toFixed(0)} MB), ${MODEL}'s tokenizer, median of ${RUNS} processes each`);
  console.log('| process | rows/s | wall | peak RSS |');
  console.log('|---|---:|---:|---:|');
  console.log(`| baseline: read and JSON.parse every line | ${rowsPerSecond(result.baseline.ms)} | ${(result.baseline.ms / 1000).toFixed(2)} s | ${result.baseline.peakMb.toFixed(0)} MB |`);
  console.log(`| distillery run-task EvolInstruct --dry-run | ${rowsPerSecond(result.dryRun.ms)} | ${(result.dryRun.ms / 1000).toFixed(2)} s | ${result.dryRun.peakMb.toFixed(0)} MB |`);
  console.log(`time ratio (dry run / baseline): ${(result.dryRun.ms / result.baseline.ms).toFixed(2)}`);
  writeBenchResults('dryRun', result);
} finally {
  rmSync(dir, { recursive: true });
}
