import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { col } from '../../../src/core/tasks/columns';
import { errorMetadata, FIX, multiInputStep } from './kit';

describe('GroupColumns', () => {
  const step = multiInputStep('GroupColumns', { columns: ['generation', 'model_name'], output_columns: ['generations', 'model_names'] });

  test('same-named columns of each predecessor become lists, position by position', () => {
    const left = [
      { instruction: 'a', generation: 'g1', model_name: 'm1', distilabel_metadata: { raw_output_left: 'L' } },
      { instruction: 'b', generation: 'g3', model_name: 'm1' },
    ];
    const right = [
      { instruction: 'a', generation: 'g2', model_name: 'm2', distilabel_metadata: { raw_output_right: 'R' } },
      { instruction: 'b', generation: null, model_name: 'm2' },
    ];
    assert.deepEqual(step.combine([left, right]), [
      {
        row: {
          instruction: 'a',
          generations: ['g1', 'g2'],
          model_names: ['m1', 'm2'],
          distilabel_metadata: { raw_output_left: 'L', raw_output_right: 'R' },
        },
      },
      { row: { instruction: 'b', generations: ['g3', null], model_names: ['m1', 'm2'] } },
    ]);
  });

  test('output names default to grouped_<column>; a later predecessor wins other columns', () => {
    const step = multiInputStep('GroupColumns', { columns: ['generation'] });
    assert.deepEqual(step.combine([[{ generation: 'x', id: 1 }], [{ generation: 'y', id: 2 }], [{ generation: 'z', id: 3 }]]), [
      { row: { id: 3, grouped_generation: ['x', 'y', 'z'] } },
    ]);
  });

  test('column contract: list item type shared by every predecessor, else json; grouped columns removed', () => {
    assert.deepEqual(step.inputs, { generation: col.json, model_name: col.json });
    assert.deepEqual(step.outputs(), { generations: col.list(col.json), model_names: col.list(col.json) });
    const a = { instruction: col.string, generation: col.nullable(col.string), model_name: col.string };
    const b = { instruction: col.string, generation: col.nullable(col.string), model_name: col.nullable(col.string), score: col.number };
    assert.deepEqual(step.outputs([a, b]), { generations: col.list(col.nullable(col.string)), model_names: col.list(col.json) });
    assert.deepEqual(step.columnsAfter([a, b]), {
      instruction: col.string,
      score: col.number,
      generations: col.list(col.nullable(col.string)),
      model_names: col.list(col.json),
    });
    assert.deepEqual(step.outputs([a, { instruction: col.string }]).generations, col.list(col.json));
  });

  test('a predecessor lacking a column: null in its list position and the reason', () => {
    const error = `predecessor 2: column "model_name" is missing. ${FIX}`;
    assert.deepEqual(step.combine([[{ generation: 'g1', model_name: 'm1' }], [{ generation: 'g2' }]]), [
      { row: { generations: ['g1', 'g2'], model_names: ['m1', null], ...errorMetadata('group_columns_0', error) }, error },
    ]);
  });

  test('predecessors of unequal length: nothing is truncated, the short one is named', () => {
    const error = 'predecessor 1 has no row at position 2 (the predecessors gave 1, 2 rows)';
    assert.deepEqual(step.combine([[{ generation: 'a', model_name: 'm' }], [{ generation: 'b', model_name: 'n' }, { generation: 'c', model_name: 'n' }]]), [
      { row: { generations: ['a', 'b'], model_names: ['m', 'n'] } },
      { row: { generations: [null, 'c'], model_names: [null, 'n'], ...errorMetadata('group_columns_0', error) }, error },
    ]);
  });

  test('output_columns must match columns in length', () => {
    assert.throws(() => multiInputStep('GroupColumns', { columns: ['a', 'b'], output_columns: ['x'] }), {
      message: 'Invalid parameters for GroupColumns: output_columns: output_columns must name one column for each entry of columns',
    });
  });
});
