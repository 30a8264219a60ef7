// Benchmark of the results panel's page (the real page, bundle and stylesheet, in headless
// chromium; see test/browser/panelHarness.mjs): first paint and scrolling with 10,000 recorded
// rows, each reported as a ratio to the same page with 100 rows measured in the same run, since
// absolute times on these machines move with the load.
//
//   first paint   navigation start -> the page says `ready` (its script loaded and ran), plus
//                 the host's first message -> the first rows painted. The harness's own delivery
//                 time between the two (node -> CDP) is left out; VS Code's is not modelled.
//   all rows in   the host's first message -> every chunk asked for, received, validated and
//                 shown (includes the harness's host answering through CDP: an upper bound).
//   scroll frame  main-thread time per frame while scrolling 200 px a frame for 120 frames,
//                 from the top again when the bottom is reached (script, style, layout and
//                 paint; CDP Performance.getMetrics TaskDuration).
//   frame p95     95th percentile of the time between frames while scrolling.
//   host: first message   in node, the extension's side: the file's lines read into rows
//                 (ResultRowsReader over the lines) and the `init` message made.
//
// Usage: node --import tsx bench/resultsPanel.bench.mjs [--runs 5]   (after `node esbuild.mjs`)
// Writes bench/results/resultsPanel.json and prints the table for bench/README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeRow } from '../src/core/jsonl/index.ts';
import { repoRoot } from '../test/host/codeServerHost.mjs';
import { recordedLines, startHarness, waitForFirstRows } from '../test/browser/panelHarness.mjs';
import { ResultRowsReader, TextLines } from '../src/extension/panels/resultRows.ts';
import { RowPager } from '../src/extension/panels/rowPager.ts';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg === -1 ? 5 : Number(process.argv[runsArg + 1]);
const SIZES = { baseline: 100, large: 10_000 };
const SCROLL_FRAMES = 120;
const SCROLL_STEP_PX = 200;

/** `count` rows made from the recorded ones, each text made distinct so no two rows are equal. */
function rowsFrom(fixture, count) {
  const recorded = recordedLines(fixture).map((line) => JSON.parse(line));
  return Array.from({ length: count }, (_, index) => {
    const row = recorded[index % recorded.length];
    return serializeRow({ ...row, id: index + 1, instruction: `${row.instruction} (variant ${index + 1})` });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** What the extension does before it can post the first message: read the rows, make `init`. */
async function hostFirstMessage(lines) {
  const started = performance.now();
  const reader = new ResultRowsReader(new TextLines(lines));
  await reader.readUntilFound();
  new RowPager(reader.model).init({ uri: 'file:///bench.jsonl', label: 'bench' }, null);
  return performance.now() - started;
}

async function measureOnce(harness, lines) {
  const panel = await harness.open({ lines, viewport: { width: 1400, height: 900 } });
  try {
    const { page } = panel;
    const marks = await waitForFirstRows(page);
    const firstPaint = marks['distillery-ready'] + (marks['distillery-rows-painted'] - marks['distillery-host-init']);
    await page.waitForFunction(() => !document.querySelector('.counts')?.textContent?.includes('loading'), undefined, { polling: 'raf', timeout: 120_000 });
    const allRowsIn = (await page.evaluate(() => performance.now())) - marks['distillery-host-init'];

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'TaskDuration').value;
    const before = await taskSeconds();
    const intervals = await page.evaluate(
      async ({ frames, step }) => {
        const scroller = document.querySelector('.rows');
        const times = [];
        for (let frame = 0; frame < frames; frame++) {
          // At the bottom, start again from the top: the short baseline keeps making new rows too.
          const atBottom = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
          scroller.scrollTop = atBottom ? 0 : scroller.scrollTop + step;
          times.push(await new Promise((resolve) => requestAnimationFrame(resolve)));
        }
        return times.slice(1).map((time, index) => time - times[index]);
      },
      { frames: SCROLL_FRAMES, step: SCROLL_STEP_PX },
    );
    const after = await taskSeconds();
    const sorted = [...intervals].sort((a, b) => a - b);
    // What the page holds once every row is in (after scrolling: the bodies it asked for included).
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize: pageHeap } = await cdp.send('Runtime.getHeapUsage');
    return {
      hostFirstMessage: await hostFirstMessage(lines),
      firstPaint,
      allRowsIn,
      scrollFrame: ((after - before) * 1000) / SCROLL_FRAMES,
      frameP95: sorted[Math.floor(sorted.length * 0.95)],
      mountedRows: await page.locator('.row').count(),
      pageHeap,
    };
  } finally {
    await panel.close();
  }
}

async function main() {
  const harness = await startHarness();
  const results = {};
  try {
    // One load to warm chromium up (first process, first compile); not counted.
    await measureOnce(harness, rowsFrom('deita.jsonl', 10));
    for (const [view, fixture] of [['evolutions', 'deita.jsonl'], ['scores', 'ultrafeedback.jsonl']]) {
      const lines = Object.fromEntries(Object.entries(SIZES).map(([size, count]) => [size, rowsFrom(fixture, count)]));
      const runs = { baseline: [], large: [] };
      // Baseline and large alternate, so a slow spell of the machine weighs on both alike, and
      // so does which goes first (the first load after switching fixtures runs colder).
      for (let run = 0; run < RUNS; run++) {
        const order = run % 2 === 0 ? Object.keys(SIZES) : Object.keys(SIZES).reverse();
        for (const size of order) runs[size].push(await measureOnce(harness, lines[size]));
      }
      for (const size of Object.keys(SIZES)) {
        results[`${view}/${size}`] = Object.fromEntries(Object.keys(runs[size][0]).map((key) => [key, median(runs[size].map((entry) => entry[key]))]));
        console.error(`[bench] ${view} ${SIZES[size]} rows: ${JSON.stringify(results[`${view}/${size}`])}`);
      }
    }
  } finally {
    await harness.close();
  }

  const lines = [
    '| view | measure | 100 rows (baseline) | 10,000 rows | ratio |',
    '|---|---|---:|---:|---:|',
  ];
  const measures = [
    ['hostFirstMessage', 'host: first message (node)'],
    ['firstPaint', 'first paint'],
    ['allRowsIn', 'all rows in'],
    ['scrollFrame', 'scroll frame (main thread)'],
    ['frameP95', 'frame interval p95'],
  ];
  for (const view of ['evolutions', 'scores']) {
    const base = results[`${view}/baseline`];
    const large = results[`${view}/large`];
    for (const [key, label] of measures) {
      lines.push(`| ${view} | ${label} | ${base[key].toFixed(1)} ms | ${large[key].toFixed(1)} ms | ${(large[key] / base[key]).toFixed(2)} |`);
    }
    lines.push(`| ${view} | rows in the DOM | ${base.mountedRows} | ${large.mountedRows} | |`);
    lines.push(`| ${view} | page heap | ${(base.pageHeap / 2 ** 20).toFixed(1)} MiB | ${(large.pageHeap / 2 ** 20).toFixed(1)} MiB | ${((large.pageHeap - base.pageHeap) / (SIZES.large - SIZES.baseline)).toFixed(0)} B a row more |`);
  }
  const table = lines.join('\n');
  console.log(table);
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench', 'results', 'resultsPanel.json'), `${JSON.stringify({ date: new Date().toISOString(), runs: RUNS, results }, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
