import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { col } from '../../../src/core/tasks/columns';
import { errorMetadata, FIX, rowStep } from './kit';

describe('KeepColumns', () => {
  const step = rowStep('KeepColumns', { columns: ['generation', 'instruction'] });

  test('keeps only the columns, in the order given, metadata included in the removal', () => {
    assert.deepEqual(step.process({ instruction: 'Hi', model_name: 'm', generation: 'Hello', distilabel_metadata: { raw_output_x: 'r' } }), [
      { row: { generation: 'Hello', instruction: 'Hi' } },
    ]);
    assert.deepEqual(Object.keys(step.process({ instruction: 'a', generation: 'b' })[0]?.row ?? {}), ['generation', 'instruction']);
  });

  test('null values are kept', () => {
    assert.deepEqual(step.process({ instruction: null, generation: 'b' }), [{ row: { generation: 'b', instruction: null } }]);
  });

  test('column contract: any-typed inputs; outputs take their upstream types, json without upstream; nothing else continues', () => {
    assert.deepEqual(step.inputs, { generation: col.json, instruction: col.json });
    assert.deepEqual(step.outputs(), { generation: col.json, instruction: col.json });
    const upstream = { instruction: col.string, generation: col.nullable(col.string), model_name: col.string };
    assert.deepEqual(step.outputs(upstream), { generation: col.nullable(col.string), instruction: col.string });
    assert.deepEqual(step.columnsAfter(upstream), { generation: col.nullable(col.string), instruction: col.string });
    assert.deepEqual(Object.keys(step.columnsAfter(upstream)), ['generation', 'instruction']);
  });

  test('a missing column: the row is kept with null there, its metadata and the reason', () => {
    const error = `column "generation" is missing. ${FIX}`;
    assert.deepEqual(step.process({ instruction: 'Hi', other: 1, distilabel_metadata: { raw_output_a: 'r' } }), [
      { row: { generation: null, instruction: 'Hi', ...errorMetadata('keep_columns_0', error, { raw_output_a: 'r' }) }, error },
    ]);
  });

  test('parameters: columns are required, non-empty and distinct', () => {
    assert.throws(() => rowStep('KeepColumns', {}), { name: 'StepParamsError', message: /^Invalid parameters for KeepColumns: columns: / });
    assert.throws(() => rowStep('KeepColumns', { columns: [] }), /columns: /);
    assert.throws(() => rowStep('KeepColumns', { columns: ['a', 'a'] }), { message: 'Invalid parameters for KeepColumns: columns: lists a column more than once' });
    assert.throws(() => rowStep('KeepColumns', { columns: ['a'], extra: 1 }), /Unrecognized key/);
  });
});
