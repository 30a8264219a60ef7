import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { col } from '../../../src/core/tasks/columns';
import { errorMetadata, FIX, rowStep } from './kit';

describe('MergeColumns', () => {
  const step = rowStep('MergeColumns', { columns: ['queries', 'multiple_queries'], output_column: 'all_queries' });

  test('merges the values into one list, flattening lists, and removes the merged columns', () => {
    assert.deepEqual(step.process({ id: 1, queries: 'How are you?', multiple_queries: ["What's up?", 'Everything ok?'] }), [
      { row: { id: 1, all_queries: ['How are you?', "What's up?", 'Everything ok?'] } },
    ]);
    assert.deepEqual(step.process({ queries: null, multiple_queries: [] }), [{ row: { all_queries: [null] } }]);
  });

  test('output_column defaults to merged_column and may reuse a merged name', () => {
    assert.deepEqual(rowStep('MergeColumns', { columns: ['a', 'b'] }).process({ a: 1, b: 2 }), [{ row: { merged_column: [1, 2] } }]);
    assert.deepEqual(rowStep('MergeColumns', { columns: ['a', 'b'], output_column: 'a' }).process({ a: [1], b: 2, c: 3 }), [{ row: { c: 3, a: [1, 2] } }]);
  });

  test('column contract: item type from upstream when the columns agree, else json', () => {
    assert.deepEqual(step.inputs, { queries: col.json, multiple_queries: col.json });
    assert.deepEqual(step.outputs(), { all_queries: col.list(col.json) });
    assert.deepEqual(step.outputs({ queries: col.string, multiple_queries: col.list(col.string) }), { all_queries: col.list(col.string) });
    assert.deepEqual(step.outputs({ queries: col.string, multiple_queries: col.nullable(col.list(col.string)) }), {
      all_queries: col.list(col.json),
    });
    assert.deepEqual(step.outputs({ queries: col.nullable(col.string), multiple_queries: col.nullable(col.list(col.string)) }), {
      all_queries: col.list(col.nullable(col.string)),
    });
    assert.deepEqual(step.columnsAfter({ id: col.number, queries: col.string, multiple_queries: col.list(col.string) }), {
      id: col.number,
      all_queries: col.list(col.string),
    });
  });

  test('a missing column: the row is kept unmerged with a null output and the reason', () => {
    const error = `column "multiple_queries" is missing. ${FIX}`;
    assert.deepEqual(step.process({ queries: 'q' }), [{ row: { queries: 'q', all_queries: null, ...errorMetadata('merge_columns_0', error) }, error }]);
  });
});

describe('MergeColumns into one of its own columns', () => {
  test('the rows and columnsAfter agree on the column order', () => {
    const step = rowStep('MergeColumns', { columns: ['a', 'b'], output_column: 'a' });
    const [result] = step.process({ a: 'x', c: 1, b: 'y' });
    assert.deepEqual(Object.keys(result?.row ?? {}), ['c', 'a']);
    assert.deepEqual(Object.keys(step.columnsAfter({ a: col.string, c: col.number, b: col.string })), ['c', 'a']);
  });
});
