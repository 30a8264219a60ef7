import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as z from 'zod';
import { defineColumnStep, StepParamsError } from '../../../src/core/steps/defineColumnStep';
import { col } from '../../../src/core/tasks/columns';
import { FIX, rowStep } from './kit';

const explosive = defineColumnStep({
  kind: 'row',
  name: 'ExplodeOnBang',
  description: 'Throws on "!" to show that a throwing step never stops a run.',
  categories: ['test'],
  params: z.strictObject({}),
  inputs: () => ({ text: col.string }),
  outputs: () => ({ shout: col.string }),
  process: (row) => {
    if (row.text === '!') throw new Error('boom');
    return { row: { ...row, shout: String(row.text).toUpperCase() } };
  },
});

const explosiveStream = defineColumnStep({
  kind: 'stream',
  name: 'CountRows',
  description: 'Numbers rows; throws on "!".',
  categories: ['test'],
  params: z.strictObject({ start: z.int().default(1).describe('First number.') }),
  inputs: () => ({ text: col.string }),
  outputs: () => ({ number: col.number }),
  open: (params) => {
    let next = params.start;
    return {
      push(row) {
        if (row.text === '!') throw new Error('boom');
        return { row: { ...row, number: next++ } };
      },
      finish: () => [{ row: { number: next, text: 'end' } }],
    };
  },
});

describe('defineColumnStep', () => {
  test('a step that throws gives an error row, not a crash', () => {
    const step = explosive.configure({});
    assert.ok(step.kind === 'row');
    const error = 'ExplodeOnBang failed on this row: boom';
    assert.deepEqual(step.process({ text: '!' }), [{ row: { text: '!', shout: null, distilabel_metadata: { error_explode_on_bang_0: error } }, error }]);
    assert.deepEqual(step.process({ text: 'hi' }), [{ row: { text: 'hi', shout: 'HI' } }]);
  });

  test('a stream step that throws: error row, the stream goes on; finish releases held rows', () => {
    const step = explosiveStream.configure({ start: 10 });
    assert.ok(step.kind === 'stream');
    const stream = step.open();
    assert.deepEqual(stream.push({ text: 'a' }), [{ row: { text: 'a', number: 10 } }]);
    const error = 'CountRows failed on this row: boom';
    assert.deepEqual(stream.push({ text: '!' }), [{ row: { text: '!', number: null, distilabel_metadata: { error_count_rows_0: error } }, error }]);
    assert.deepEqual(stream.push({ text: 'b' }), [{ row: { text: 'b', number: 11 } }]);
    assert.deepEqual(stream.finish(), [{ row: { number: 12, text: 'end' } }]);
  });

  test('stepName names the metadata key; earlier metadata is kept', () => {
    const step = rowStep('ConversationTemplate', {}, { stepName: 'to_chat' });
    assert.equal(step.stepName, 'to_chat');
    const error = `column "response" is missing. ${FIX}`;
    assert.deepEqual(step.process({ instruction: 'i', distilabel_metadata: { raw_output_gen: 'x' } })[0], {
      row: { instruction: 'i', conversation: null, distilabel_metadata: { raw_output_gen: 'x', error_to_chat: error } },
      error,
    });
  });

  test('includeMetadata false: the error is only returned', () => {
    const error = `column "response" is missing. ${FIX}`;
    assert.deepEqual(rowStep('ConversationTemplate', {}, { includeMetadata: false }).process({ instruction: 'i' }), [{ row: { instruction: 'i', conversation: null }, error }]);
  });

  test("a row that passes now loses the step's stale error from an earlier run", () => {
    const row = { instruction: 'i', response: 'r', distilabel_metadata: { error_conversation_template_0: 'old', raw_output_gen: 'x' } };
    assert.deepEqual(rowStep('ConversationTemplate').process(row)[0]?.row.distilabel_metadata, { raw_output_gen: 'x' });
  });

  test('several problems in one row are all reported', () => {
    assert.equal(
      rowStep('ConversationTemplate').process({ instruction: 3 })[0]?.error,
      `column "instruction" should be a string, got a number (3); column "response" is missing. ${FIX}`,
    );
  });

  test('invalid parameters throw StepParamsError naming each problem', () => {
    try {
      rowStep('MergeColumns', { columns: 'a', output_column: '' });
      assert.fail('accepted');
    } catch (error) {
      assert.ok(error instanceof StepParamsError);
      assert.equal(error.stepName, 'MergeColumns');
      assert.deepEqual(error.problems.map((problem) => problem.split(':')[0]), ['columns', 'output_column']);
    }
  });

  test('the definition carries what the registry and the reference read', () => {
    assert.equal(explosive.kind, 'row');
    assert.deepEqual(explosive.deviations, []);
    assert.deepEqual(explosive.notes, []);
    assert.equal(explosive.example, undefined);
  });
});
