import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { col } from '../../../src/core/tasks/columns';
import { errorMetadata, multiInputStep } from './kit';

describe('CombineOutputs', () => {
  const step = multiInputStep('CombineOutputs');

  test('rows joined position by position; later branches win; metadata merged', () => {
    const first = [
      { id: 1, score: 3, distilabel_metadata: { raw_output_a: 'A', shared: 'first' } },
      { id: 2, score: 4 },
    ];
    const second = [
      { id: 1, score: 5, label: 'x', distilabel_metadata: { raw_output_b: 'B', shared: 'second' } },
      { id: 2, label: 'y', distilabel_metadata: { raw_output_b: 'B2' } },
    ];
    assert.deepEqual(step.combine([first, second]), [
      { row: { id: 1, score: 5, label: 'x', distilabel_metadata: { raw_output_a: 'A', shared: 'second', raw_output_b: 'B' } } },
      { row: { id: 2, score: 4, label: 'y', distilabel_metadata: { raw_output_b: 'B2' } } },
    ]);
  });

  test('column contract: every column of every branch, the later type winning', () => {
    assert.deepEqual(step.inputs, {});
    assert.deepEqual(step.outputs(), {});
    const a = { id: col.number, score: col.number };
    const b = { score: col.nullable(col.number), label: col.string };
    assert.deepEqual(step.outputs([a, b]), { id: col.number, score: col.nullable(col.number), label: col.string });
    assert.deepEqual(step.columnsAfter([a, b]), { id: col.number, score: col.nullable(col.number), label: col.string });
  });

  test('a short branch: the extra positions keep what is there and name the short branch', () => {
    const error = 'predecessor 2 has no row at position 2 (the predecessors gave 2, 1 rows)';
    assert.deepEqual(step.combine([[{ a: 1 }, { a: 2 }], [{ b: 1 }]]), [
      { row: { a: 1, b: 1 } },
      { row: { a: 2, ...errorMetadata('combine_outputs_0', error) }, error },
    ]);
  });

  test('no branches, or empty ones, give no rows', () => {
    assert.deepEqual(step.combine([]), []);
    assert.deepEqual(step.combine([[], []]), []);
  });
});
