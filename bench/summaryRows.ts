// The rows of `npm run bench`'s one table, read from each benchmark's bench/results/<name>.json:
// benchmark, measure, value, the baseline measured in the same run (where there is one), their
// ratio, the target (issue 11's, where it sets one) and whether it is met. A benchmark missing
// from `results` (it failed) gives no rows.

/** The figures each benchmark writes to bench/results/<name>.json (times in milliseconds). */
export interface BenchFigures {
  schedule: {
    rows: number;
    evolutions: number;
    concurrency: { concurrency: number; wall: number; bound: number; barrier: number }[];
    rateLimits: { limit: string; perMinute: number; most: number; lastStart: number; fastestLastStart: number }[];
  };
  requestPath: { requests: number; concurrency: number; results: { includeMetadata: boolean; cpuMsPerRequest: number; sockets: number }[] };
  columnSteps: { rows: number; results: { stepFiles: boolean; rowsPerSecond: number; peakMb: number }[] };
  dryRun: { rows: number; baseline: { ms: number; peakMb: number }; dryRun: { ms: number; peakMb: number } };
  requestCache: {
    perOp: { requestKey: number; stringifyBaseline: number; put: number; writeBaseline: number; getHit: number; getMiss: number; readBaseline: number };
    open: { entries: number; open: number; rawIndexRead: number };
  };
  resultsPanel: { results: Record<string, { hostFirstMessage: number; firstPaint: number; scrollFrame: number; pageHeap: number }> };
  showResults: { rows: number; bytes: number; baselineMs: number; firstMessageMs: number; wholeFileMs: number; heapPerRow: number; peakRss: number };
  activation: { baselineStartupMs: number; activateMs: number; activateJsonlMs: number; statusBarJsonlMs: number; yamlOpenedMs: number; firstCommandMs: number; build: string; bytes: Record<string, number> };
}

export interface SummaryRow {
  benchmark: string;
  measure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  met: string;
}

type Row = Omit<SummaryRow, 'benchmark'>;

const NONE = '—';
const ms = (value: number): string => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
const s = (milliseconds: number): string => `${(milliseconds / 1000).toFixed(2)} s`;
const us = (milliseconds: number): string => `${(milliseconds * 1000).toFixed(1)} µs`;
const count = (value: number): string => Math.round(value).toLocaleString('en-US');
const met = (ok: boolean): string => (ok ? 'yes' : 'no');

function schedule({ rows, evolutions, concurrency, rateLimits }: BenchFigures['schedule']): Row[] {
  const out: Row[] = [];
  for (const r of concurrency) {
    const run = `EvolInstruct x${evolutions}, ${rows} rows, concurrency ${r.concurrency}`;
    out.push({ measure: `wall / critical-path bound (${run})`, value: s(r.wall), baseline: s(r.bound), ratio: (r.wall / r.bound).toFixed(3), target: '≤ 1.10', met: met(r.wall / r.bound <= 1.1) });
    out.push({ measure: `speed-up over a round barrier (${run})`, value: s(r.wall), baseline: s(r.barrier), ratio: `${(r.barrier / r.wall).toFixed(2)}x`, target: '≥ 3x', met: met(r.barrier / r.wall >= 3) });
  }
  for (const r of rateLimits) {
    out.push({ measure: `most started in any 60 s, limit ${r.limit}`, value: count(r.most), baseline: count(r.perMinute), ratio: (r.most / r.perMinute).toFixed(3), target: '≤ 1', met: met(r.most <= r.perMinute) });
    const share = r.fastestLastStart / r.lastStart;
    out.push({ measure: `throughput / what the limit allows, ${r.limit}`, value: `last start ${s(r.lastStart)}`, baseline: s(r.fastestLastStart), ratio: `${(share * 100).toFixed(1)}%`, target: '≥ 95%', met: met(share >= 0.95) });
  }
  return out;
}

function requestPath({ requests, concurrency, results }: BenchFigures['requestPath']): Row[] {
  return results.flatMap((r) => {
    const limit = r.includeMetadata ? 0.3 : 0.2;
    const run = `${count(requests)} requests, concurrency ${concurrency}, metadata ${r.includeMetadata ? 'on' : 'off'}`;
    return [
      { measure: `CPU per request (${run})`, value: ms(r.cpuMsPerRequest), baseline: NONE, ratio: NONE, target: `< ${limit} ms`, met: met(r.cpuMsPerRequest < limit) },
      { measure: `sockets opened (${run})`, value: count(r.sockets), baseline: `concurrency ${concurrency}`, ratio: (r.sockets / concurrency).toFixed(2), target: '≤ concurrency', met: met(r.sockets <= concurrency) },
    ];
  });
}

function columnSteps({ rows, results }: BenchFigures['columnSteps']): Row[] {
  return results.flatMap((r) => {
    const run = `${count(rows)} rows, ${r.stepFiles ? 'every step file written' : 'the output alone'}`;
    return [
      { measure: `rows/s (${run})`, value: count(r.rowsPerSecond), baseline: NONE, ratio: NONE, target: '≥ 100,000', met: met(r.rowsPerSecond >= 100_000) },
      { measure: `peak RSS (${run})`, value: `${r.peakMb.toFixed(0)} MB`, baseline: NONE, ratio: NONE, target: '< 300 MB', met: met(r.peakMb < 300) },
    ];
  });
}

function dryRun({ rows, baseline, dryRun: dry }: BenchFigures['dryRun']): Row[] {
  const run = `EvolInstruct x3 --dry-run, ${count(rows)} rows`;
  return [
    { measure: `rows/s (${run}; baseline: JSON.parse of every line)`, value: count(rows / (dry.ms / 1000)), baseline: count(rows / (baseline.ms / 1000)), ratio: (baseline.ms / dry.ms).toFixed(3), target: NONE, met: NONE },
    { measure: `peak RSS (${run})`, value: `${dry.peakMb.toFixed(0)} MB`, baseline: `${baseline.peakMb.toFixed(0)} MB`, ratio: (dry.peakMb / baseline.peakMb).toFixed(2), target: NONE, met: NONE },
  ];
}

function requestCache({ perOp: p, open: o }: BenchFigures['requestCache']): Row[] {
  const newRequest = p.requestKey + p.getMiss + p.put;
  const repeated = p.requestKey + p.getHit;
  return [
    { measure: 'requestKey, ~1.5 KB of messages (baseline: JSON.stringify)', value: us(p.requestKey), baseline: us(p.stringifyBaseline), ratio: (p.requestKey / p.stringifyBaseline).toFixed(2), target: NONE, met: NONE },
    { measure: 'put (baseline: its two write(2)s)', value: us(p.put), baseline: us(p.writeBaseline), ratio: (p.put / p.writeBaseline).toFixed(2), target: NONE, met: NONE },
    { measure: 'get, hit (baseline: one pread(2))', value: us(p.getHit), baseline: us(p.readBaseline), ratio: (p.getHit / p.readBaseline).toFixed(2), target: NONE, met: NONE },
    { measure: 'added to a new request: requestKey + miss + put', value: us(newRequest), baseline: NONE, ratio: NONE, target: '< 50 µs', met: met(newRequest < 0.05) },
    { measure: 'added to a repeated request: requestKey + hit', value: us(repeated), baseline: NONE, ratio: NONE, target: '< 50 µs', met: met(repeated < 0.05) },
    { measure: `open, ${count(o.entries)} entries (baseline: reading every index file)`, value: ms(o.open), baseline: ms(o.rawIndexRead), ratio: (o.open / o.rawIndexRead).toFixed(1), target: '< 2 s', met: met(o.open < 2000) },
  ];
}

function resultsPanel({ results }: BenchFigures['resultsPanel']): Row[] {
  return ['evolutions', 'scores'].flatMap((view) => {
    const base = results[`${view}/baseline`];
    const large = results[`${view}/large`];
    if (!base || !large) throw new Error(`resultsPanel.json has no ${view} figures`);
    // The first paint includes the host's parse of the file: its first message, then the page.
    const firstPaint = (figures: typeof base): number => figures.hostFirstMessage + figures.firstPaint;
    return [
      { measure: `${view}: first paint with the host's parse, 10,000 rows (baseline: 100)`, value: ms(firstPaint(large)), baseline: ms(firstPaint(base)), ratio: (firstPaint(large) / firstPaint(base)).toFixed(2), target: NONE, met: NONE },
      { measure: `${view}: page's first paint alone, 10,000 rows (baseline: 100)`, value: ms(large.firstPaint), baseline: ms(base.firstPaint), ratio: (large.firstPaint / base.firstPaint).toFixed(2), target: NONE, met: NONE },
      { measure: `${view}: scroll frame, 10,000 rows (baseline: 100)`, value: ms(large.scrollFrame), baseline: ms(base.scrollFrame), ratio: (large.scrollFrame / base.scrollFrame).toFixed(2), target: NONE, met: NONE },
      { measure: `${view}: page heap, 10,000 rows (baseline: 100)`, value: `${(large.pageHeap / 2 ** 20).toFixed(1)} MiB`, baseline: `${(base.pageHeap / 2 ** 20).toFixed(1)} MiB`, ratio: `${count((large.pageHeap - base.pageHeap) / 9_900)} B a row`, target: NONE, met: NONE },
    ];
  });
}

function showResults(r: BenchFigures['showResults']): Row[] {
  const file = `${(r.bytes / 2 ** 20).toFixed(0)} MiB, ${count(r.rows)} rows`;
  return [
    { measure: `Show Results, host: first message to the page (${file})`, value: ms(r.firstMessageMs), baseline: NONE, ratio: NONE, target: '< 1 s', met: met(r.firstMessageMs < 1000) },
    { measure: `Show Results, host: every row's summary read (baseline: the bytes read once)`, value: s(r.wholeFileMs), baseline: s(r.baselineMs), ratio: (r.wholeFileMs / r.baselineMs).toFixed(1), target: NONE, met: NONE },
    { measure: `Show Results, host: heap per row once read (baseline: the file's bytes per row)`, value: `${count(r.heapPerRow)} B`, baseline: `${count(r.bytes / r.rows)} B`, ratio: (r.heapPerRow / (r.bytes / r.rows)).toFixed(2), target: NONE, met: NONE },
    { measure: `Show Results, host: peak RSS (${file})`, value: `${count(r.peakRss / 2 ** 20)} MiB`, baseline: NONE, ratio: NONE, target: NONE, met: NONE },
  ];
}

function activation(r: BenchFigures['activation']): Row[] {
  const startup = `${ms(r.baselineStartupMs)} (Node start-up)`;
  const row = (measure: string, value: number, target: string, ok: boolean): Row => ({ measure, value: ms(value), baseline: startup, ratio: (value / r.baselineStartupMs).toFixed(3), target, met: target === NONE ? NONE : met(ok) });
  return [
    row('activate(), no editor (as for a YAML file that is not a pipeline)', r.activateMs, '< 50 ms', r.activateMs < 50),
    row('activate(), a JSONL editor open', r.activateJsonlMs, '< 50 ms', r.activateJsonlMs < 50),
    row('its status bar item, just after activation (profiles validated: zod)', r.statusBarJsonlMs, NONE, true),
    row('a YAML file that is not a pipeline opened after activation', r.yamlOpenedMs, '< 1 ms', r.yamlOpenedMs < 1),
    row('the first command (dist/extensionServices.js loaded)', r.firstCommandMs, NONE, true),
    ...Object.entries(r.bytes).map(([name, bytes]) => ({
      measure: `size of dist/${name} (${r.build} build)`,
      value: `${count(bytes)} B`,
      baseline: NONE,
      ratio: NONE,
      target: name === 'extension.js' ? '< 1,000,000 B' : NONE,
      met: name === 'extension.js' ? met(bytes < 1_000_000) : NONE,
    })),
  ];
}

const ROWS_OF: { [Name in keyof BenchFigures]: (figures: BenchFigures[Name]) => Row[] } = { schedule, requestPath, columnSteps, dryRun, requestCache, resultsPanel, showResults, activation };

/** The table's rows, benchmark by benchmark, in the order `results` lists them. */
export function summaryRows(results: Partial<BenchFigures>): SummaryRow[] {
  return (Object.keys(results) as (keyof BenchFigures)[]).flatMap((name) => {
    const rowsOf = ROWS_OF[name] as (figures: BenchFigures[typeof name]) => Row[];
    return rowsOf(results[name] as BenchFigures[typeof name]).map((row) => ({ benchmark: name, ...row }));
  });
}
