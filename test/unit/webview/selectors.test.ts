import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { histogramOf, scoreColumnsOf, scoreFraction } from '../../../src/webview/state/selectors';
import { deitaRow, panelRow } from './kit';

describe('score columns and histograms', () => {
  const rows = [
    deitaRow('a', 1, [1, 3]),
    deitaRow('b', 2, [2, 5]),
    panelRow('u', { instruction: 'i', generations: ['x', 'y'], ratings: [4, 2], rationales: ['good', 'thin'] }),
    panelRow('p', { instruction: 'i', generations: ['x', 'y'], result: 'A', feedback: 'A is better' }),
  ];

  it('lists every score column once, in task order then by position, with its range', () => {
    const columns = scoreColumnsOf(rows);
    assert.deepEqual(
      columns.map(({ id, numeric, min, max }) => ({ id, numeric, min, max })),
      [
        { id: 'scores[1]', numeric: true, min: 1, max: 2 },
        { id: 'scores[2]', numeric: true, min: 3, max: 5 },
        { id: 'ratings[1]', numeric: true, min: 4, max: 4 },
        { id: 'ratings[2]', numeric: true, min: 2, max: 2 },
        { id: 'result', numeric: false, min: null, max: null },
      ],
    );
  });

  it('bins whole-number scores one per value, and others into ten equal bins', () => {
    const columns = scoreColumnsOf(rows);
    const histograms = histogramOf(rows, columns);
    assert.deepEqual(histograms.get('scores[2]')?.map((bin) => [bin.from, bin.count]), [[1, 0], [2, 0], [3, 1], [4, 0], [5, 1]], 'over every position\'s range');
    assert.equal(histograms.has('result'), false, 'verdicts have no histogram');

    // From 0.1 to 1 in bins of 0.09: 0.5 falls in the fifth.
    const decimals = [0.1, 0.15, 0.5, 0.95, 1].map((value, index) => panelRow(`d${index}`, { instruction: 'i', generation: 'g', score: value }));
    const bins = histogramOf(decimals, scoreColumnsOf(decimals)).get('score') ?? [];
    assert.equal(bins.length, 10);
    assert.deepEqual(bins.map((bin) => bin.count), [2, 0, 0, 0, 1, 0, 0, 0, 0, 2]);
  });

  it('places a value on one colour scale for all positions of a task column', () => {
    const [first, second] = scoreColumnsOf(rows);
    assert.ok(first && second);
    assert.deepEqual([first.scaleMin, first.scaleMax, second.scaleMin, second.scaleMax], [1, 5, 1, 5]);
    assert.equal(scoreFraction(1, first), 0);
    assert.equal(scoreFraction(3, second), 0.5);
    assert.equal(scoreFraction(2, { ...first, scaleMin: 2, scaleMax: 2 }), 1);
  });
});
