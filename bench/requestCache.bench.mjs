// Benchmark of the request cache's store (src/core/cache): what it adds to each LLM request, and
// how long opening a cache of a million entries takes. Each figure is the median of several runs,
// next to a baseline measured in the same run (machines here are shared and noisy):
//
//   requestKey       the key of a chat request with ~1.5 KB of messages   baseline: JSON.stringify of that request
//   put              a ~1.5 KB response: record, then index entry         baseline: write(2) of the value to one file and of 20 bytes to another
//   get (hit)        one positioned read, checksum, JSON.parse            baseline: one positioned read of the same bytes
//   get (miss)       a key digest and a table lookup                      baseline: the same read as above
//   open (1M)        RequestStore.open of 1,000,000 entries               baseline: reading every index file, nothing else
//
// The million-entry cache is built once per run with small values: opening reads only the
// index files (20 bytes an entry whatever the value's size), so the values' size would only
// change how many segments there are; 4 MiB segments give about as many (26) as 1.5 KB values
// would in the default 64 MiB ones (23).
//
// Usage: node --import tsx bench/requestCache.bench.mjs [--runs 5] [--entries 1000000]
// Prints the table for bench/README.md and writes bench/results/requestCache.json (not checked in).
import { Buffer } from 'node:buffer';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RequestStore, requestKey } from '../src/core/cache/index.ts';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg === -1 ? 5 : Number(process.argv[runsArg + 1]);
const OPS = 20_000;
const entriesArg = process.argv.indexOf('--entries');
const OPEN_ENTRIES = entriesArg === -1 ? 1_000_000 : Number(process.argv[entriesArg + 1]);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Milliseconds per call of `body(i)` over `count` calls. */
function perOp(count, body) {
  const started = performance.now();
  for (let i = 0; i < count; i++) body(i);
  return (performance.now() - started) / count;
}

const prose = (seed, length) => `Entry ${seed}: ${'the quick brown fox jumps over the lazy dog. '.repeat(Math.ceil(length / 45))}`.slice(0, length);

/** A chat request as the client would key it: ~1.5 KB of messages. */
function identityOf(i) {
  return {
    endpoint: 'http://localhost:11434/v1',
    model: 'llama3.1',
    kind: 'chat',
    messages: [
      { role: 'system', content: prose(-1, 300) },
      { role: 'user', content: prose(i, 1200) },
    ],
    generation: { temperature: 0.7, top_p: 0.95, max_tokens: 1024, seed: 42 },
    sampleIndex: 0,
  };
}

/** A response as the client would cache it: ~1.5 KB of JSON. */
function responseOf(i) {
  return { outputs: [prose(i, 1350)], model: 'llama3.1', usage: { inputTokens: 412, outputTokens: 318 }, structuredOutput: false };
}

function measurePerOp(dir) {
  const keys = Array.from({ length: OPS }, (_, i) => requestKey(identityOf(i)));
  const absent = Array.from({ length: OPS }, (_, i) => requestKey(identityOf(OPS + i)));
  const values = Array.from({ length: OPS }, (_, i) => responseOf(i));
  const identities = Array.from({ length: OPS }, (_, i) => identityOf(i));
  const shuffled = keys.map((_, i) => (i * 7919) % OPS);
  const valueBytes = Buffer.byteLength(JSON.stringify(values[0]));

  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const runDir = join(dir, `run-${run}`);
    mkdirSync(runDir);
    const result = { stringifyBaseline: perOp(OPS, (i) => JSON.stringify(identities[i])) };

    // The floor of a put's design: the value to one file, 20 bytes to another, as plain write(2)s.
    const bytes = values.map((value) => Buffer.from(JSON.stringify(value)));
    const entry = Buffer.alloc(20);
    const plain = openSync(join(runDir, 'plain.bin'), 'w+');
    const plainIndex = openSync(join(runDir, 'plain.idx'), 'w');
    let position = 0;
    const offsets = [];
    result.writeBaseline = perOp(OPS, (i) => {
      offsets.push(position);
      position += writeSync(plain, bytes[i], 0, bytes[i].length, position);
      writeSync(plainIndex, entry, 0, entry.length, i * entry.length);
    });
    const readBuffer = Buffer.alloc(valueBytes * 2);
    result.readBaseline = perOp(OPS, (i) => readSync(plain, readBuffer, 0, bytes[shuffled[i]].length, offsets[shuffled[i]]));
    closeSync(plain);
    closeSync(plainIndex);

    const store = RequestStore.open(join(runDir, 'cache'));
    result.requestKey = perOp(OPS, (i) => requestKey(identities[i]));
    result.put = perOp(OPS, (i) => store.put(keys[i], values[i]));
    result.getHit = perOp(OPS, (i) => store.get(keys[shuffled[i]]));
    result.getMiss = perOp(OPS, (i) => store.get(absent[i]));
    store.close();
    rmSync(runDir, { recursive: true, force: true });
    runs.push(result);
  }
  const medians = Object.fromEntries(Object.keys(runs[0]).map((name) => [name, median(runs.map((run) => run[name]))]));
  return { ...medians, valueBytes };
}

function measureOpen(dir) {
  const cacheDir = join(dir, 'million');
  const built = performance.now();
  const writer = RequestStore.open(cacheDir, { segmentBytes: 4 * 1024 ** 2 });
  for (let i = 0; i < OPEN_ENTRIES; i++) writer.put(`${i}`.padStart(64, '0'), { outputs: [`answer ${i}`] });
  writer.close();
  const buildSeconds = (performance.now() - built) / 1000;

  const opens = [];
  const rawReads = [];
  let stats;
  for (let run = 0; run < RUNS; run++) {
    // The raw read first, so the open after it finds the same files in the page cache.
    let started = performance.now();
    for (const name of readdirSync(cacheDir)) if (name.endsWith('.idx')) readFileSync(join(cacheDir, name));
    rawReads.push(performance.now() - started);

    started = performance.now();
    const store = RequestStore.open(cacheDir);
    opens.push(performance.now() - started);
    stats = store.stats();
    for (const i of [0, 1, Math.floor(OPEN_ENTRIES / 2), OPEN_ENTRIES - 1]) {
      if (JSON.stringify(store.get(`${i}`.padStart(64, '0'))) !== JSON.stringify({ outputs: [`answer ${i}`] })) throw new Error(`entry ${i} is missing after opening`);
    }
    store.close();
  }
  return { open: median(opens), firstOpen: opens[0], rawIndexRead: median(rawReads), buildSeconds, ...stats };
}

function main() {
  const dir = mkdtempSync(join(tmpdir(), 'distillery-cache-bench-'));
  let perOpResults;
  let openResults;
  try {
    perOpResults = measurePerOp(dir);
    console.error(`[bench] per op: ${JSON.stringify(perOpResults)}`);
    openResults = measureOpen(dir);
    console.error(`[bench] open: ${JSON.stringify(openResults)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
  const ratio = (value, base) => (value / base).toFixed(2);
  const p = perOpResults;
  const o = openResults;
  const lines = [
    '| measure | baseline | baseline time | cache | ratio |',
    '|---|---|---:|---:|---:|',
    `| requestKey (~1.5 KB of messages) | JSON.stringify of the request | ${us(p.stringifyBaseline)} | ${us(p.requestKey)} | ${ratio(p.requestKey, p.stringifyBaseline)} |`,
    `| put (${p.valueBytes} B value) | write(2) of the value + write(2) of 20 B to another file | ${us(p.writeBaseline)} | ${us(p.put)} | ${ratio(p.put, p.writeBaseline)} |`,
    `| get, hit | one pread(2) of the value | ${us(p.readBaseline)} | ${us(p.getHit)} | ${ratio(p.getHit, p.readBaseline)} |`,
    `| get, miss | one pread(2) of the value | ${us(p.readBaseline)} | ${us(p.getMiss)} | ${ratio(p.getMiss, p.readBaseline)} |`,
    `| a new request: requestKey + miss + put | | | ${us(p.requestKey + p.getMiss + p.put)} | |`,
    `| a repeated request: requestKey + hit | | | ${us(p.requestKey + p.getHit)} | |`,
    `| open, ${o.entries.toLocaleString('en')} entries in ${o.segments} segments | reading every index file | ${o.rawIndexRead.toFixed(0)} ms | ${o.open.toFixed(0)} ms | ${ratio(o.open, o.rawIndexRead)} |`,
  ];
  console.log(lines.join('\n'));
  console.log(`\nfirst open ${o.firstOpen.toFixed(0)} ms; cache on disk ${(o.bytes / 1024 ** 2).toFixed(0)} MiB, built in ${o.buildSeconds.toFixed(1)} s`);
  const resultsDir = fileURLToPath(new URL('results/', import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'requestCache.json'), `${JSON.stringify({ date: new Date().toISOString(), runs: RUNS, perOp: perOpResults, open: openResults }, null, 2)}\n`);
}

main();
