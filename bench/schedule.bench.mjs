// Benchmark of the engine's schedule (src/core/run/engine.ts with the client's RequestLimiter):
// EvolInstruct with 3 evolutions on 500 rows, every request taking a latency drawn from a
// lognormal distribution (median 200 ms, sigma 0.6, seeded), on a fake clock. The engine and the
// limiter run for real; only time is simulated, so the figures are exact and the same on any
// machine. For each concurrency it reports:
//
//   wall            the simulated time the run took
//   bound           the critical-path bound: the larger of (sum of latencies / concurrency)
//                   and the longest row (its 3 latencies in a row)
//   wall / bound    how close the schedule comes to the best possible (target <= 1.10)
//   first row       when the first row was written, as a share of the run
//   barrier         distilabel's round-barrier schedule simulated on the same latencies: rows in
//                   batches of 50 (its default input_batch_size), one batch after another, and in
//                   a batch every row's evolution 1, then every row's evolution 2, ..., each round
//                   waiting for its slowest request (requests of a round placed greedily)
//   speed-up        barrier / wall
//   FIFO            the schedule before row-first scheduling, run the same way: one queue in
//                   arrival order and 256 rows in flight
//
// Then the rate limits: the same run (1 evolution, 600 rows, concurrency 64) under a
// requests-per-minute limit and under a tokens-per-minute limit, reporting the most requests
// (or tokens) started in any 60 s window, which must not pass the limit, and the throughput
// against the most the limit allows: under a sliding one-minute window the k-th request can
// start at (k / requests a minute allows, rounded down) minutes at the earliest, so the last
// start of the fastest allowed run is known exactly (target: within 5% of it).
//
// Usage: node --import tsx bench/schedule.bench.mjs [--rows 500]
import { findTask } from '../src/core/tasks/registry.ts';
import { runTask } from '../src/core/run/engine.ts';
import { FakeClock } from '../test/support/fakeClock.ts';
import { limitedClient } from '../test/support/limitedClient.ts';
import { writeBenchResults } from './benchResults.mjs';

const rowsArg = process.argv.indexOf('--rows');
const ROWS = rowsArg === -1 ? 500 : Number(process.argv[rowsArg + 1]);
const EVOLUTIONS = 3;
const MEDIAN_MS = 200;
const SIGMA = 0.6;
const BARRIER_BATCH = 50;

/** 32-bit FNV-1a, to draw each prompt's latency from its own text: the same in every schedule. */
function hash32(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** A lognormal latency for a prompt (Box-Muller on two hashes of it). */
function latencyOf(prompt) {
  const u1 = (hash32(`a${prompt}`) + 1) / 2 ** 32;
  const u2 = hash32(`b${prompt}`) / 2 ** 32;
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.round(MEDIAN_MS * Math.exp(SIGMA * normal));
}

/** Greedy list scheduling of `durations` on `slots` parallel slots, in the given order. */
function makespan(durations, slots) {
  const free = new Array(slots).fill(0);
  for (const duration of durations) {
    let slot = 0;
    for (let i = 1; i < slots; i++) if (free[i] < free[slot]) slot = i;
    free[slot] += duration;
  }
  return Math.max(...free);
}

/** Runs the rows through the engine; returns the simulated wall time and when the first row was written. */
async function simulate(concurrency, fifo) {
  const clock = new FakeClock();
  const client = limitedClient(clock, concurrency, latencyOf, { firstInFirstOut: fifo });
  // The instruction itself is the prompt, so a request's text names its row and its step.
  const task = findTask('EvolInstruct').configure({ num_evolutions: EVOLUTIONS, mutation_templates: { SAME: '<PROMPT>' } });
  const rows = Array.from({ length: ROWS }, (_, index) => ({ index, value: { instruction: `instruction ${index}` } }));
  const run = runTask({ task, client, rows, stepName: 'evolve', includeMetadata: false, ordered: true, ...(fifo ? { maxRowsInFlight: 256 } : {}) });
  let firstRowAt;
  const drain = (async () => {
    for await (const _row of run) firstRowAt ??= clock.now();
  })();
  await clock.runUntil(drain);
  if (client.served.length !== ROWS * EVOLUTIONS) throw new Error(`served ${client.served.length} requests`);
  return { wall: clock.now(), firstRowAt };
}

async function measure(concurrency) {
  const { wall, firstRowAt } = await simulate(concurrency, false);
  const fifo = await simulate(concurrency, true);
  // Each row's chain of latencies: what the endpoint served it, evolution after evolution.
  const chains = Array.from({ length: ROWS }, (_, index) =>
    Array.from({ length: EVOLUTIONS }, (_, step) => latencyOf(`instruction ${index}${'+'.repeat(step)}`)),
  );
  const total = chains.flat().reduce((sum, latency) => sum + latency, 0);
  const bound = Math.max(total / concurrency, ...chains.map((chain) => chain.reduce((sum, latency) => sum + latency, 0)));
  let barrier = 0;
  for (let start = 0; start < ROWS; start += BARRIER_BATCH) {
    const batch = chains.slice(start, start + BARRIER_BATCH);
    for (let step = 0; step < EVOLUTIONS; step++) barrier += makespan(batch.map((chain) => chain[step]), concurrency);
  }
  return { concurrency, wall, bound, firstRowShare: firstRowAt / wall, barrier, fifo: fifo.wall, fifoFirstRowShare: fifo.firstRowAt / fifo.wall };
}

/** The most values started within any `windowMs` span, from start times in order, each with its weight. */
function mostInWindow(starts, weights, windowMs) {
  let most = 0;
  let sum = 0;
  for (let first = 0, last = 0; last < starts.length; last++) {
    sum += weights[last];
    while (starts[last] - starts[first] >= windowMs) sum -= weights[first++];
    most = Math.max(most, sum);
  }
  return most;
}

async function measureRateLimit(rates, perMinute, unit) {
  const clock = new FakeClock();
  const client = limitedClient(clock, 64, latencyOf, { rates });
  const task = findTask('EvolInstruct').configure({ num_evolutions: 1, mutation_templates: { SAME: '<PROMPT>' } });
  const rows = Array.from({ length: 600 }, (_, index) => ({ index, value: { instruction: `instruction ${index}` } }));
  await clock.runUntil((async () => {
    for await (const _row of runTask({ task, client, rows, stepName: 'evolve', includeMetadata: false })) {
      // Rows are only counted here.
    }
  })());
  const starts = client.served.map((request) => request.startedAt);
  const weight = unit === 'tokens' ? rates.tokensPerRequest : 1;
  const most = mostInWindow(starts, starts.map(() => weight), 60_000);
  const requestsPerMinute = perMinute / weight;
  const fastestLastStart = Math.floor((starts.length - 1) / requestsPerMinute) * 60_000;
  return { limit: `${perMinute.toLocaleString('en-US')} ${unit}/min`, perMinute, most, lastStart: starts.at(-1), fastestLastStart };
}

const results = [];
for (const concurrency of [16, 64]) results.push(await measure(concurrency));
console.log(`EvolInstruct x${EVOLUTIONS} on ${ROWS} rows, lognormal latency (median ${MEDIAN_MS} ms, sigma ${SIGMA}), simulated time`);
console.log('| concurrency | wall | critical-path bound | wall / bound | first row written at | round-barrier | speed-up over barrier | FIFO wall / bound | FIFO first row at |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const rateResults = [
  await measureRateLimit({ requestsPerMinute: 120, tokensPerRequest: 500 }, 120, 'requests'),
  await measureRateLimit({ tokensPerMinute: 40_000, tokensPerRequest: 500 }, 40_000, 'tokens'),
];
for (const r of results) {
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`| ${r.concurrency} | ${s(r.wall)} | ${s(r.bound)} | ${(r.wall / r.bound).toFixed(3)} | ${(r.firstRowShare * 100).toFixed(1)}% of the run | ${s(r.barrier)} | ${(r.barrier / r.wall).toFixed(2)}x | ${(r.fifo / r.bound).toFixed(3)} | ${(r.fifoFirstRowShare * 100).toFixed(1)}% |`);
}
console.log('');
console.log('Rate limits: EvolInstruct x1 on 600 rows at concurrency 64, simulated time');
console.log('| limit | most started in any 60 s | last request started | fastest the limit allows | throughput / allowed |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rateResults) {
  console.log(`| ${r.limit} | ${r.most.toLocaleString('en-US')} | ${(r.lastStart / 1000).toFixed(1)} s | ${(r.fastestLastStart / 1000).toFixed(1)} s | ${((r.fastestLastStart / r.lastStart) * 100).toFixed(1)}% |`);
}
writeBenchResults('schedule', { rows: ROWS, evolutions: EVOLUTIONS, concurrency: results, rateLimits: rateResults });
