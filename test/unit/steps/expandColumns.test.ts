import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { col } from '../../../src/core/tasks/columns';
import { errorMetadata, FIX, rowStep } from './kit';

describe('ExpandColumns', () => {
  test('one row per item, other columns copied', () => {
    assert.deepEqual(rowStep('ExpandColumns', { columns: ['generation'] }).process({ instruction: 'i', generation: ['g1', 'g2'] }), [
      { row: { instruction: 'i', generation: 'g1' } },
      { row: { instruction: 'i', generation: 'g2' } },
    ]);
  });

  test('several columns expand in lockstep', () => {
    assert.deepEqual(
      rowStep('ExpandColumns', { columns: ['generations', 'ratings'] }).process({ instruction: 'i', generations: ['a', 'b', 'c'], ratings: [5, null, 1] }),
      [
        { row: { instruction: 'i', generations: 'a', ratings: 5 } },
        { row: { instruction: 'i', generations: 'b', ratings: null } },
        { row: { instruction: 'i', generations: 'c', ratings: 1 } },
      ],
    );
  });

  test('the map form writes items to another column and keeps the list', () => {
    assert.deepEqual(rowStep('ExpandColumns', { columns: { generations: 'generation', ratings: '' } }).process({ generations: ['a', 'b'], ratings: [1, 2] }), [
      { row: { generations: ['a', 'b'], ratings: 1, generation: 'a' } },
      { row: { generations: ['a', 'b'], ratings: 2, generation: 'b' } },
    ]);
  });

  test('an empty list gives no rows', () => {
    assert.deepEqual(rowStep('ExpandColumns', { columns: ['generation'] }).process({ generation: [] }), []);
  });

  test('column contract: list inputs; item types from upstream, json without', () => {
    const step = rowStep('ExpandColumns', { columns: { generations: 'generation', ratings: '' } });
    assert.deepEqual(step.inputs, { generations: col.list(col.json), ratings: col.list(col.json) });
    assert.deepEqual(step.outputs(), { generation: col.json, ratings: col.json });
    const upstream = { instruction: col.string, generations: col.list(col.nullable(col.string)), ratings: col.nullable(col.list(col.number)) };
    assert.deepEqual(step.outputs(upstream), { generation: col.nullable(col.string), ratings: col.number });
    assert.deepEqual(step.columnsAfter(upstream), {
      instruction: col.string,
      generations: col.list(col.nullable(col.string)),
      ratings: col.number,
      generation: col.nullable(col.string),
    });
  });

  test('lists of different lengths: the row is kept unexpanded with the reason', () => {
    const error = 'the columns to expand must hold lists of the same length to expand in lockstep: "generations" has 2, "ratings" has 1 items';
    assert.deepEqual(rowStep('ExpandColumns', { columns: ['generations', 'ratings'] }).process({ generations: ['a', 'b'], ratings: [1] }), [
      { row: { generations: ['a', 'b'], ratings: [1], ...errorMetadata('expand_columns_0', error) }, error },
    ]);
  });

  test('a value that is not a list, or missing: the row is kept once with the reason', () => {
    const step = rowStep('ExpandColumns', { columns: { generations: 'generation' } });
    const notList = `column "generations" should be a list of json, got a string ("abc"). ${FIX}`;
    assert.deepEqual(step.process({ generations: 'abc' }), [{ row: { generations: 'abc', generation: null, ...errorMetadata('expand_columns_0', notList) }, error: notList }]);
    const missing = `column "generations" is missing. ${FIX}`;
    assert.deepEqual(step.process({}), [{ row: { generation: null, ...errorMetadata('expand_columns_0', missing) }, error: missing }]);
  });
});
