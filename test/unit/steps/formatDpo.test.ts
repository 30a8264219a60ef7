import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pickChosenRejected } from '../../../src/core/steps/formatDpo';
import { col } from '../../../src/core/tasks/columns';
import { errorMetadata, FIX, rowStep } from './kit';

const TWO_PLUS_TWO_ID = '7762ecf17ad41479767061a8f4a7bfa3b63d371672af5180872f9b82b4cd4e29';
const user = { role: 'user', content: "What's 2+2?" };
const answer = (content: string) => [user, { role: 'assistant', content }];

describe('pickChosenRejected', () => {
  const cases: { generations: (string | null)[]; ratings: (number | null)[]; expected: ReturnType<typeof pickChosenRejected> }[] = [
    { generations: ['a', 'b', 'c'], ratings: [1, 0, -1], expected: { chosen: 0, rejected: 2 } },
    { generations: ['a', 'b', 'c'], ratings: [2, 5, 5], expected: { chosen: 1, rejected: 0 } },
    { generations: ['a', 'b', 'c'], ratings: [3, 3, 3], expected: { chosen: 0, rejected: 0 } },
    { generations: ['a', 'b', 'c', 'd'], ratings: [null, 4, 1, 1], expected: { chosen: 1, rejected: 2 } },
    { generations: ['a', null, 'c'], ratings: [2, 9, 1], expected: { chosen: 0, rejected: 2 } },
    { generations: ['a'], ratings: [7], expected: { chosen: 0, rejected: 0 } },
    { generations: ['a', 'b'], ratings: [null, null], expected: { problem: 'none of the 2 generations has both a text and a rating, so none can be chosen or rejected' } },
    { generations: [], ratings: [], expected: { problem: 'there are no generations to choose from' } },
    { generations: ['a', 'b'], ratings: [1], expected: { problem: '`generations` has 2 items but `ratings` has 1; they must be aligned' } },
  ];
  for (const { generations, ratings, expected } of cases) {
    test(`${JSON.stringify(generations)} rated ${JSON.stringify(ratings)}`, () => assert.deepEqual(pickChosenRejected(generations, ratings), expected));
  }
});

describe('FormatTextGenerationDPO', () => {
  const step = rowStep('FormatTextGenerationDPO');
  const input = { instruction: "What's 2+2?", generations: ['4', '5', '6'], ratings: [1, 0, -1] };

  test("distilabel's example: highest rated chosen, lowest rejected", () => {
    assert.deepEqual(step.process(input), [
      {
        row: {
          ...input,
          prompt: "What's 2+2?",
          prompt_id: TWO_PLUS_TWO_ID,
          chosen: answer('4'),
          chosen_rating: 1,
          rejected: answer('6'),
          rejected_rating: -1,
        },
      },
    ]);
  });

  test('system_prompt starts both chats', () => {
    const [result] = step.process({ ...input, system_prompt: 'Be exact.' });
    const system = { role: 'system', content: 'Be exact.' };
    assert.deepEqual(result?.row.chosen, [system, ...answer('4')]);
    assert.deepEqual(result?.row.rejected, [system, ...answer('6')]);
  });

  test('model_names adds chosen_model and rejected_model, in distilabel order', () => {
    const [result] = rowStep('FormatTextGenerationDPO', { model_names: true }).process({ ...input, model_names: ['m1', 'm2', null] });
    assert.deepEqual(result, {
      row: {
        ...input,
        model_names: ['m1', 'm2', null],
        prompt: "What's 2+2?",
        prompt_id: TWO_PLUS_TWO_ID,
        chosen: answer('4'),
        chosen_model: 'm1',
        chosen_rating: 1,
        rejected: answer('6'),
        rejected_model: null,
        rejected_rating: -1,
      },
    });
  });

  test('column contract, with and without model_names', () => {
    assert.deepEqual(step.inputs, {
      system_prompt: col.nullable(col.string),
      instruction: col.string,
      generations: col.list(col.nullable(col.string)),
      ratings: col.list(col.nullable(col.number)),
    });
    assert.deepEqual(step.outputs(), {
      prompt: col.string,
      prompt_id: col.string,
      chosen: col.nullable(col.chat),
      chosen_rating: col.nullable(col.number),
      rejected: col.nullable(col.chat),
      rejected_rating: col.nullable(col.number),
    });
    const withModels = rowStep('FormatTextGenerationDPO', { model_names: true });
    assert.deepEqual(withModels.inputs.model_names, col.list(col.nullable(col.string)));
    assert.deepEqual(Object.keys(withModels.outputs()), ['prompt', 'prompt_id', 'chosen', 'chosen_model', 'chosen_rating', 'rejected', 'rejected_model', 'rejected_rating']);
  });

  test('all ratings null: the row is kept with null chosen/rejected and the reason', () => {
    const error = 'none of the 3 generations has both a text and a rating, so none can be chosen or rejected';
    assert.deepEqual(step.process({ ...input, ratings: [null, null, null] }), [
      {
        row: {
          ...input,
          ratings: [null, null, null],
          prompt: "What's 2+2?",
          prompt_id: TWO_PLUS_TWO_ID,
          chosen: null,
          chosen_rating: null,
          rejected: null,
          rejected_rating: null,
          ...errorMetadata('format_text_generation_dpo_0', error),
        },
        error,
      },
    ]);
  });

  test('model_names of another length is reported', () => {
    const [result] = rowStep('FormatTextGenerationDPO', { model_names: true }).process({ ...input, model_names: ['m1'] });
    assert.equal(result?.error, '`model_names` has 1 items but `generations` has 3; they must be aligned');
    assert.equal(result?.row.chosen, null);
  });

  test('ratings that are not numbers, or missing, are reported without dropping the row', () => {
    const [wrong] = step.process({ ...input, ratings: ['high', 1, 2] });
    assert.equal(wrong?.error, `column "ratings"[0] should be a number, got a string ("high"). ${FIX}`);
    assert.deepEqual(wrong?.row.ratings, ['high', 1, 2]);
    assert.equal(wrong?.row.chosen, null);
    const [missing] = rowStep('FormatTextGenerationDPO', { model_names: true }).process({ instruction: 'x' });
    assert.equal(missing?.error, `column "generations" is missing; column "ratings" is missing; column "model_names" is missing. ${FIX}`);
  });
});

describe('FormatChatGenerationDPO', () => {
  const step = rowStep('FormatChatGenerationDPO');
  const messages = [
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello' },
    user,
  ];

  test('messages plus the chosen and rejected generations; prompt is the last user message', () => {
    assert.deepEqual(step.process({ messages, generations: ['4', '5'], ratings: [2, 8] }), [
      {
        row: {
          messages,
          generations: ['4', '5'],
          ratings: [2, 8],
          prompt: "What's 2+2?",
          prompt_id: TWO_PLUS_TWO_ID,
          chosen: [...messages, { role: 'assistant', content: '5' }],
          chosen_rating: 8,
          rejected: [...messages, { role: 'assistant', content: '4' }],
          rejected_rating: 2,
        },
      },
    ]);
  });

  test('column contract', () => {
    assert.deepEqual(step.inputs, { messages: col.chat, generations: col.list(col.nullable(col.string)), ratings: col.list(col.nullable(col.number)) });
    assert.deepEqual(Object.keys(rowStep('FormatChatGenerationDPO', { model_names: true }).inputs), ['messages', 'generations', 'ratings', 'model_names']);
  });

  test('no user message: every output null and the reason', () => {
    const system = [{ role: 'system', content: 's' }];
    const error = '`messages` has no user message, so there is no prompt';
    assert.deepEqual(step.process({ messages: system, generations: ['4'], ratings: [1] }), [
      {
        row: {
          messages: system,
          generations: ['4'],
          ratings: [1],
          prompt: null,
          prompt_id: null,
          chosen: null,
          chosen_rating: null,
          rejected: null,
          rejected_rating: null,
          ...errorMetadata('format_chat_generation_dpo_0', error),
        },
        error,
      },
    ]);
  });
});
