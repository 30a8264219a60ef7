import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findTask } from '../../../src/core/tasks/registry';
import { metadataOf, runOnce } from './kit';

const STEP = 'chat_generation_0';
const GUIDE = 'Each row needs a list of {"role", "content"} messages ending with the user\'s turn (see https://cookbook.openai.com/examples/how_to_format_inputs_to_chatgpt_models).';

describe('ChatGeneration column contract', () => {
  test('input: messages (chat); output: generation (nullable string)', () => {
    const configured = findTask('ChatGeneration').configure({});
    assert.deepEqual(configured.inputs, { messages: { kind: 'chat', nullable: false } });
    assert.deepEqual(configured.outputs, { generation: { kind: 'string', nullable: true } });
    assert.deepEqual(configured.params, { num_generations: 1, group_generations: false });
  });
});

describe('ChatGeneration rows', () => {
  test('the docs example: the conversation is sent unchanged, the answer becomes generation', async () => {
    const messages = [{ role: 'user', content: 'How much is 2+2?' }];
    const { result, client } = await runOnce('ChatGeneration', {}, { messages }, () => '4', { model: 'mistralai/Mistral-7B-Instruct-v0.2' });
    assert.deepEqual(client.requests[0]?.messages, messages);
    assert.equal(result.status, 'ok');
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    assert.deepEqual(row, { messages, generation: '4', model_name: 'mistralai/Mistral-7B-Instruct-v0.2' });
  });

  test('a multi-turn conversation with a system message is sent whole, extra message keys dropped', async () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!', name: 'bot' },
      { role: 'user', content: 'Capital of France?' },
    ];
    const { result, client } = await runOnce('ChatGeneration', {}, { messages }, () => 'Paris.');
    assert.deepEqual(client.requests[0]?.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'Capital of France?' },
    ]);
    assert.equal(result.rows[0].generation, 'Paris.');
    assert.deepEqual(result.rows[0].messages, messages, 'the input column is kept as it was');
  });

  const refused: { name: string; messages: unknown[]; error: string }[] = [
    { name: 'empty conversation', messages: [], error: `column "messages" is an empty conversation. ${GUIDE}` },
    {
      name: 'last message from the assistant',
      messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }],
      error: `column "messages": the last message must come from the user, but it comes from the assistant. ${GUIDE}`,
    },
    {
      name: 'only a system message',
      messages: [{ role: 'system', content: 'Be brief.' }],
      error: `column "messages": the last message must come from the user, but it comes from the system. ${GUIDE}`,
    },
    {
      name: 'a tool message',
      messages: [{ role: 'user', content: 'Hi' }, { role: 'tool', content: '{}' }, { role: 'user', content: 'And?' }],
      error: `column "messages"[1] has role "tool"; ChatGeneration sends only system, user and assistant messages. ${GUIDE}`,
    },
  ];
  for (const { name, messages, error } of refused) {
    test(`${name}: the row is kept with generation null and the reason, no request`, async () => {
      const { result, client } = await runOnce('ChatGeneration', {}, { messages, id: 7 }, () => 'never');
      assert.equal(client.requests.length, 0);
      assert.equal(result.status, 'parse_error');
      assert.equal(result.error, error);
      assert.equal(result.rows[0].generation, null);
      assert.equal(result.rows[0].id, 7);
      assert.equal(metadataOf(result)[`error_${STEP}`], error);
    });
  }

  const notChat: { messages: unknown; error: string }[] = [
    { messages: 'Hi', error: 'column "messages" should be a chat (a list of {"role", "content"} messages), got a string ("Hi")' },
    { messages: [{ role: 'user' }], error: 'column "messages" should be a chat (a list of {"role", "content"} messages), got a list' },
    { messages: [{ role: 'robot', content: 'x' }], error: 'column "messages" should be a chat (a list of {"role", "content"} messages), got a list' },
  ];
  for (const { messages, error } of notChat) {
    test(`not a chat ${JSON.stringify(messages)}: input_error from the column check`, async () => {
      const { result, client } = await runOnce('ChatGeneration', {}, { messages }, () => 'never');
      assert.equal(client.requests.length, 0);
      assert.equal(result.status, 'input_error');
      assert.equal(result.error, `${error}. Map or fix the column, then run again.`);
      assert.equal(result.rows[0].generation, null);
    });
  }

  test('a null output: generation null with the reason (ambiguity 34)', async () => {
    const { result } = await runOnce('ChatGeneration', {}, { messages: [{ role: 'user', content: 'Hi' }] }, () => null);
    assert.equal(result.status, 'parse_error');
    assert.equal(result.rows[0].generation, null);
    assert.equal(result.error, 'the endpoint returned no content');
  });

  test('three generations give three rows', async () => {
    const { result } = await runOnce('ChatGeneration', { num_generations: 3 }, { messages: [{ role: 'user', content: 'Hi' }] }, (_, n) => `answer ${n}`);
    assert.deepEqual(result.rows.map((row) => row.generation).sort(), ['answer 1', 'answer 2', 'answer 3']);
  });
});
