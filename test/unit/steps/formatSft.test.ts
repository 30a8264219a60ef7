import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { col } from '../../../src/core/tasks/columns';
import { errorMetadata, FIX, rowStep } from './kit';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
// distilabel's documented prompt_id for "What's 2+2?": the same hash here.
const TWO_PLUS_TWO_ID = '7762ecf17ad41479767061a8f4a7bfa3b63d371672af5180872f9b82b4cd4e29';

describe('ConversationTemplate', () => {
  const step = rowStep('ConversationTemplate');

  test('instruction and response become a user/assistant chat', () => {
    assert.deepEqual(step.process({ instruction: 'Hello', response: 'Hi' }), [
      {
        row: {
          instruction: 'Hello',
          response: 'Hi',
          conversation: [
            { role: 'user', content: 'Hello' },
            { role: 'assistant', content: 'Hi' },
          ],
        },
      },
    ]);
  });

  test('column contract', () => {
    assert.deepEqual(step.inputs, { instruction: col.string, response: col.string });
    assert.deepEqual(step.outputs(), { conversation: col.chat });
    assert.deepEqual(step.columnsAfter({ instruction: col.string, response: col.string, id: col.number }), {
      instruction: col.string,
      response: col.string,
      id: col.number,
      conversation: col.chat,
    });
  });

  test('a null response: the row is kept with a null conversation and the reason', () => {
    const error = `column "response" is null. ${FIX}`;
    assert.deepEqual(step.process({ instruction: 'Hello', response: null }), [
      { row: { instruction: 'Hello', response: null, conversation: null, ...errorMetadata('conversation_template_0', error) }, error },
    ]);
  });
});

describe('FormatTextGenerationSFT', () => {
  const step = rowStep('FormatTextGenerationSFT');

  test('prompt, its sha256 and a user/assistant chat', () => {
    assert.deepEqual(step.process({ instruction: "What's 2+2?", generation: '4' }), [
      {
        row: {
          instruction: "What's 2+2?",
          generation: '4',
          prompt: "What's 2+2?",
          prompt_id: TWO_PLUS_TWO_ID,
          messages: [
            { role: 'user', content: "What's 2+2?" },
            { role: 'assistant', content: '4' },
          ],
        },
      },
    ]);
  });

  test('a non-empty system_prompt comes first; an empty or null one is left out', () => {
    assert.deepEqual(step.process({ system_prompt: 'Be brief.', instruction: 'Hi', generation: 'Hello' })[0]?.row.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
    ]);
    for (const system_prompt of ['', null]) {
      assert.equal((step.process({ system_prompt, instruction: 'Hi', generation: 'Hello' })[0]?.row.messages as unknown[]).length, 2);
    }
  });

  test('column contract: system_prompt is optional', () => {
    assert.deepEqual(step.inputs, { system_prompt: col.nullable(col.string), instruction: col.string, generation: col.string });
    assert.deepEqual(step.outputs(), { prompt: col.string, prompt_id: col.string, messages: col.chat });
  });

  test('a failed generation (null) is not turned into a training example', () => {
    const error = `column "generation" is null. ${FIX}`;
    assert.deepEqual(step.process({ instruction: 'Hi', generation: null }), [
      {
        row: { instruction: 'Hi', generation: null, prompt: null, prompt_id: null, messages: null, ...errorMetadata('format_text_generation_sft_0', error) },
        error,
      },
    ]);
  });

  test('a wrongly typed system_prompt is reported', () => {
    const [result] = step.process({ system_prompt: 3, instruction: 'Hi', generation: 'x' });
    assert.equal(result?.error, `column "system_prompt" should be a string, got a number (3). ${FIX}`);
  });
});

describe('FormatChatGenerationSFT', () => {
  const step = rowStep('FormatChatGenerationSFT');
  const messages = [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello!' },
    { role: 'user', content: "What's 2+2?" },
  ];

  test('prompt is the last user message; the generation is appended to messages', () => {
    assert.deepEqual(step.process({ messages, generation: '4' }), [
      { row: { messages: [...messages, { role: 'assistant', content: '4' }], generation: '4', prompt: "What's 2+2?", prompt_id: TWO_PLUS_TWO_ID } },
    ]);
  });

  test('column contract: messages is read and rewritten', () => {
    assert.deepEqual(step.inputs, { messages: col.chat, generation: col.string });
    assert.deepEqual(step.outputs(), { prompt: col.string, prompt_id: col.string, messages: col.chat });
  });

  test('no user message: the row is kept, messages untouched, with the reason', () => {
    const system = [{ role: 'system', content: 'Be brief.' }];
    const error = '`messages` has no user message, so there is no prompt';
    assert.deepEqual(step.process({ messages: system, generation: '4' }), [
      { row: { messages: system, generation: '4', prompt: null, prompt_id: null, ...errorMetadata('format_chat_generation_sft_0', error) }, error },
    ]);
  });

  test('messages that are not a chat are reported and kept as they were', () => {
    const error = `column "messages" should be a chat (a list of {"role", "content"} messages), got a string ("Hi"). ${FIX}`;
    assert.deepEqual(step.process({ messages: 'Hi', generation: '4' }), [
      { row: { messages: 'Hi', generation: '4', prompt: null, prompt_id: null, ...errorMetadata('format_chat_generation_sft_0', error) }, error },
    ]);
  });

  test('prompt_id is the sha256 hex of the UTF-8 prompt', () => {
    const prompt = 'Grüße, 世界 👋';
    assert.equal(step.process({ messages: [{ role: 'user', content: prompt }], generation: 'x' })[0]?.row.prompt_id, sha256(prompt));
  });
});
