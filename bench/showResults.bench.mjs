// Benchmark of Show Results for This File on a file too big to hold: the host's side, in node.
// A JSONL of scored DEITA-like rows (about 1 KB each: an instruction, two evolutions, their
// scores, distilabel metadata) is written to a temporary folder; then, as the extension does
// for a file over 50 MB, a line index is opened over it and read a slice at a time into the
// results model, with each row's summary kept and its text left on disk.
//   first message   opening the file to the `init` message for the page (first rows found,
//                   their bodies read back, the message made): what the user waits for.
//   whole file      every row read, its summary kept (sorting and filters then cover the file).
//   baseline        reading the file's bytes once, in 4 MB reads, with nothing done to them.
//   memory          the heap and RSS growth once the whole file is read, per row.
//
// Usage: node --import tsx bench/showResults.bench.mjs [--mb 1024]
// Writes bench/results/showResults.json (for `npm run bench`) and prints its table.
import { Buffer } from 'node:buffer';
import { once } from 'node:events';
import { closeSync, createWriteStream, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeRow } from '../src/core/jsonl/index.ts';
import { fileLines, ResultRowsReader } from '../src/extension/panels/resultRows.ts';
import { RowPager } from '../src/extension/panels/rowPager.ts';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { writeBenchResults } from './benchResults.mjs';

// The heap per row is measured after a full collection, whatever flags node was started with.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');

const mbArg = process.argv.indexOf('--mb');
const TARGET_BYTES = (mbArg === -1 ? 1024 : Number(process.argv[mbArg + 1])) * 1024 * 1024;

function rowOf(index) {
  const instruction = `Explain, for a curious reader, what makes case ${index} of the dataset worth studying in detail.`;
  return {
    id: index,
    instruction,
    evolved_instructions: [`${instruction} Add one constraint about length.`, `${instruction} Add a constraint about length and require an example.`],
    scores: [1 + (index % 5), 1 + ((index * 7) % 5)],
    distilabel_metadata: {
      raw_output_deita_0: `[1] Score: ${1 + (index % 5)}\n[2] Score: ${1 + ((index * 7) % 5)}`,
      statistics_deita_0: { input_tokens: 250 + (index % 50), output_tokens: 12, requests: 1, latency_ms: 180 + (index % 90) },
    },
  };
}

async function writeRows(path) {
  const out = createWriteStream(path);
  let bytes = 0;
  let rows = 0;
  while (bytes < TARGET_BYTES) {
    const line = `${serializeRow(rowOf(rows))}\n`;
    bytes += Buffer.byteLength(line);
    rows += 1;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

function readBytesOnce(path) {
  const started = performance.now();
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(4 << 20);
  let position = 0;
  for (let read = readSync(fd, buffer, 0, buffer.length, 0); read > 0; read = readSync(fd, buffer, 0, buffer.length, position)) position += read;
  closeSync(fd);
  return performance.now() - started;
}

const dir = mkdtempSync(join(tmpdir(), 'distillery-show-results-'));
try {
  const path = join(dir, 'big.jsonl');
  const rows = await writeRows(path);
  const size = statSync(path).size;
  const baselineMs = readBytesOnce(path); // also brings the file into the page cache, as for the reads measured next
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;

  const started = performance.now();
  const reader = new ResultRowsReader(await fileLines(path));
  await reader.readUntilFound();
  const pager = new RowPager(reader.model, !reader.complete);
  JSON.stringify(pager.init({ uri: `file://${path}`, label: 'big.jsonl' }, null));
  const firstMessageMs = performance.now() - started;
  while (!reader.complete) await reader.readSlice();
  const wholeFileMs = performance.now() - started;
  await reader.lines.close();
  collectGarbage();
  const heapPerRow = (process.memoryUsage().heapUsed - heapBefore) / rows;
  const rssGrowth = process.memoryUsage().rss - rssBefore;
  if (reader.model.rows().length !== rows) throw new Error(`${reader.model.rows().length} of ${rows} rows read`);

  const figures = { rows, bytes: size, baselineMs, firstMessageMs, wholeFileMs, heapPerRow, rssGrowth, peakRss: process.resourceUsage().maxRSS * 1024 };
  console.log(`Show Results on ${rows.toLocaleString('en-US')} rows (${(size / 2 ** 20).toFixed(0)} MiB), host side`);
  console.log('| measure | figure | baseline: reading the bytes once | ratio |');
  console.log('|---|---:|---:|---:|');
  console.log(`| first message to the page | ${firstMessageMs.toFixed(1)} ms | | |`);
  console.log(`| whole file read, every summary kept | ${(wholeFileMs / 1000).toFixed(2)} s | ${(baselineMs / 1000).toFixed(2)} s | ${(wholeFileMs / baselineMs).toFixed(2)} |`);
  console.log(`| heap held per row, the file read | ${heapPerRow.toFixed(0)} B (the file: ${(size / rows).toFixed(0)} B a row) | | |`);
  console.log(`| RSS growth / peak RSS | ${(rssGrowth / 2 ** 20).toFixed(0)} MiB / ${(figures.peakRss / 2 ** 20).toFixed(0)} MiB | | |`);
  writeBenchResults('showResults', figures);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
