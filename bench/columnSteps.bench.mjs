// Benchmark of a pipeline of column steps on a big file: rows/s and peak memory.
// A JSONL of N rows of about 260 bytes (id, instruction, generation, model_name) goes through
// load -> FormatTextGenerationSFT -> KeepColumns in this process (no LLM), once with every
// step's file and the output written, once with the output alone (--no-step-files). Peak RSS
// is the process's maximum resident set up to the end of each run.
//
// Usage: node --import tsx bench/columnSteps.bench.mjs [--rows 1000000]
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { outputPathsFor, preparePipeline, runPipeline } from '../src/core/pipeline/run/index.ts';
import { writeBenchResults } from './benchResults.mjs';

const rowsArg = process.argv.indexOf('--rows');
const ROWS = rowsArg === -1 ? 1_000_000 : Number(process.argv[rowsArg + 1]);

const dir = mkdtempSync(join(tmpdir(), 'distillery-column-steps-'));
try {
  const input = join(dir, 'rows.jsonl');
  const out = createWriteStream(input);
  for (let i = 0; i < ROWS; i++) {
    const line = `${JSON.stringify({ id: i, instruction: `Explain in two sentences why the number ${i} is interesting to a curious child.`, generation: `The number ${i} is interesting because it has its own digits, and every number you can name tells a small story.`, model_name: 'bench-model' })}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const inputBytes = statSync(input).size;
  const file = join(dir, 'bench.pipeline.yaml');
  writeFileSync(file, `name: bench
steps:
  - { name: rows, load: rows.jsonl }
  - { name: sft, step: FormatTextGenerationSFT, after: rows }
  - { name: keep, step: KeepColumns, after: sft, with: { columns: [prompt_id, messages] } }
output: out/bench.jsonl
`);
  const prepared = await preparePipeline(file, {});
  if (!prepared.plan) throw new Error(JSON.stringify(prepared.problems));
  console.log(`Column steps on ${ROWS.toLocaleString('en-US')} rows (${(inputBytes / 1e6).toFixed(0)} MB): load -> FormatTextGenerationSFT -> KeepColumns`);
  console.log('| files written | rows/s | wall | peak RSS |');
  console.log('|---|---:|---:|---:|');
  const results = [];
  for (const stepFiles of [true, false]) {
    const started = performance.now();
    const summary = await runPipeline(prepared.plan, { paths: outputPathsFor(prepared.plan, file, undefined), stepFiles });
    const seconds = (performance.now() - started) / 1000;
    if (summary.outputRows !== ROWS) throw new Error(`${summary.outputRows} rows out`);
    const peakMb = process.resourceUsage().maxRSS / 1024;
    const files = stepFiles ? 'every step file and the output' : 'the output alone';
    console.log(`| ${files} | ${Math.round(ROWS / seconds).toLocaleString('en-US')} | ${seconds.toFixed(1)} s | ${peakMb.toFixed(0)} MB |`);
    results.push({ stepFiles, rowsPerSecond: ROWS / seconds, seconds, peakMb });
  }
  writeBenchResults('columnSteps', { rows: ROWS, inputBytes, results });
} finally {
  rmSync(dir, { recursive: true });
}
