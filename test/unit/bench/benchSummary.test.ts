// The one table of `npm run bench` (bench/summaryRows.ts) and the block of bench/README.md it is
// written into (bench/readmeBlock.ts), from figures given here: no benchmark is run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BEGIN, END, replaceBenchBlock } from '../../../bench/readmeBlock';
import { summaryRows } from '../../../bench/summaryRows';

const columnSteps = {
  rows: 1_000_000,
  results: [
    { stepFiles: true, rowsPerSecond: 40_000, seconds: 25, peakMb: 211 },
    { stepFiles: false, rowsPerSecond: 120_000, seconds: 8.3, peakMb: 320 },
  ],
};

describe('the summary table of npm run bench', () => {
  it('says whether each target is met, from the figures', () => {
    const rows = summaryRows({ columnSteps });
    assert.deepEqual(
      rows.map((row) => [row.measure, row.value, row.target, row.met]),
      [
        ['rows/s (1,000,000 rows, every step file written)', '40,000', '≥ 100,000', 'no'],
        ['peak RSS (1,000,000 rows, every step file written)', '211 MB', '< 300 MB', 'yes'],
        ['rows/s (1,000,000 rows, the output alone)', '120,000', '≥ 100,000', 'yes'],
        ['peak RSS (1,000,000 rows, the output alone)', '320 MB', '< 300 MB', 'no'],
      ],
    );
  });

  it('gives the ratio to the baseline measured in the same run', () => {
    const [activate] = summaryRows({
      activation: { baselineStartupMs: 40, activateMs: 5, activateJsonlMs: 3, statusBarJsonlMs: 30, yamlOpenedMs: 0.1, firstCommandMs: 120, build: 'production', bytes: { 'extension.js': 4574 } },
    });
    assert.equal(activate?.ratio, '0.125');
    assert.equal(activate?.met, 'yes');
  });

  it('gives no rows for a benchmark without figures (one that failed)', () => {
    assert.deepEqual(summaryRows({}), []);
  });
});

describe('the generated block of bench/README.md', () => {
  it('replaces only what is between the markers', () => {
    const readme = `# Benchmarks\n\nhand-written\n\n${BEGIN}\nold table\n${END}\n\nmore hand-written\n`;
    assert.equal(replaceBenchBlock(readme, ['new table']), `# Benchmarks\n\nhand-written\n\n${BEGIN}\nnew table\n${END}\n\nmore hand-written\n`);
  });

  it('refuses a README without the markers rather than writing the table elsewhere', () => {
    assert.throws(() => replaceBenchBlock('# Benchmarks\n', ['table']), /lacks the/);
  });
});
