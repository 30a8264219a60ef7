import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../../src/core/jsonl/types';
import type { EmbeddingRequest, LlmClient } from '../../../src/core/llm/types';
import { embeddingText } from '../../../src/core/tasks/generateEmbeddings';
import { findTask } from '../../../src/core/tasks/registry';
import { scriptedClient, scriptedEmbedding } from '../../support/scriptedClient';
import { metadataOf, runWithClient } from './kit';

const STEP = 'generate_embeddings_0';

/** A scripted client that keeps the embedding requests and can answer with given vectors. */
function embeddingClient(vectors?: (texts: string[]) => number[][]): LlmClient & { embedded: string[][] } {
  const base = scriptedClient(() => {
    throw new Error('GenerateEmbeddings must not send chat requests');
  });
  const embedded: string[][] = [];
  return {
    ...base,
    embedded,
    async embed(request: EmbeddingRequest) {
      embedded.push(request.input);
      const result = await base.embed(request);
      return vectors ? { ...result, embeddings: vectors(request.input) } : result;
    },
  };
}

async function embedRow(value: JsonObject, vectors?: (texts: string[]) => number[][]) {
  const client = embeddingClient(vectors);
  const result = await runWithClient('GenerateEmbeddings', {}, value, client);
  return { result, client };
}

describe('GenerateEmbeddings column contract', () => {
  test('text (any JSON: a string or a chat) in, embedding (list of numbers) out, no parameters of its own', () => {
    const configured = findTask('GenerateEmbeddings').configure({});
    assert.equal(findTask('GenerateEmbeddings').kind, 'task');
    assert.deepEqual(configured.inputs, { text: { kind: 'json', nullable: false } });
    assert.deepEqual(configured.outputs, { embedding: { kind: 'list', item: { kind: 'number', nullable: false }, nullable: true } });
    assert.deepEqual(configured.params, { num_generations: 1, group_generations: false });
    assert.throws(() => findTask('GenerateEmbeddings').configure({ pooling: 'mean' }), /pooling/);
  });
});

describe('GenerateEmbeddings rows', () => {
  test('a string is embedded as it is, through /v1/embeddings', async () => {
    const { result, client } = await embedRow({ text: 'Hello, how are you?', id: 3 });
    assert.equal(result.status, 'ok');
    assert.deepEqual(client.embedded, [['Hello, how are you?']]);
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    assert.deepEqual(row, { text: 'Hello, how are you?', id: 3, embedding: scriptedEmbedding('Hello, how are you?'), model_name: 'scripted-model' });
    assert.equal(metadataOf(result)[`raw_output_${STEP}`], '1 vector(s) of 3 dimensions');
    assert.deepEqual(metadataOf(result)[`raw_input_${STEP}`], [{ role: 'user', content: 'Hello, how are you?' }]);
  });

  test('a chat is embedded as one text: every message as "role: content", a blank line between', async () => {
    const chat = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'How much is 2+2?' },
      { role: 'assistant', content: '4' },
    ];
    const { result, client } = await embedRow({ text: chat });
    const joined = 'system: Be brief.\n\nuser: How much is 2+2?\n\nassistant: 4';
    assert.deepEqual(client.embedded, [[joined]]);
    assert.deepEqual(result.rows[0].embedding, scriptedEmbedding(joined));
    assert.deepEqual(result.rows[0].text, chat, 'the input column is kept as it was');
  });

  const refused: { name: string; value: JsonObject; error: string }[] = [
    { name: 'missing', value: {}, error: 'column "text" is missing. Map or fix the column, then run again.' },
    { name: 'a number', value: { text: 42 }, error: 'column "text" should be a string or a chat (a non-empty list of {"role", "content"} messages), got a number (42). Map or fix the column, then run again.' },
    { name: 'an empty chat', value: { text: [] }, error: 'column "text" should be a string or a chat (a non-empty list of {"role", "content"} messages), got an empty list. Map or fix the column, then run again.' },
    { name: 'a list of strings', value: { text: ['a', 'b'] }, error: 'column "text" should be a string or a chat (a non-empty list of {"role", "content"} messages), got a list. Map or fix the column, then run again.' },
    { name: 'an empty string', value: { text: '  ' }, error: 'the text is empty: nothing to embed' },
  ];
  for (const { name, value, error } of refused) {
    test(`${name}: embedding null with the reason, no request`, async () => {
      const { result, client } = await embedRow(value);
      assert.equal(result.status, 'parse_error');
      assert.equal(result.error, error);
      assert.equal(result.rows[0].embedding, null);
      assert.equal(client.embedded.length, 0);
    });
  }

  test('an unusable vector from the endpoint: null with the reason', async () => {
    for (const vectors of [[[]], [[1, Number.NaN]], []]) {
      const { result } = await embedRow({ text: 'x' }, () => vectors);
      assert.equal(result.rows[0].embedding, null);
      assert.equal(result.error, 'the endpoint returned no usable vector (empty, or not all finite numbers)');
    }
  });

  test('an endpoint failure: llm_error with the message', async () => {
    const client = embeddingClient();
    client.embed = async () => {
      throw new Error('HTTP 404: model not found');
    };
    const result = await runWithClient('GenerateEmbeddings', {}, { text: 'x' }, client);
    assert.equal(result.status, 'llm_error');
    assert.equal(result.error, 'HTTP 404: model not found');
    assert.equal(result.rows[0].embedding, null);
  });
});

describe('embeddingText', () => {
  test('strings as they are; chats joined; the rest refused', () => {
    assert.deepEqual(embeddingText('a\nb'), { text: 'a\nb' });
    assert.deepEqual(embeddingText([{ role: 'user', content: 'q' }]), { text: 'user: q' });
    assert.ok('problem' in embeddingText([{ role: 'narrator', content: 'q' }]));
    assert.ok('problem' in embeddingText({ role: 'user', content: 'q' }));
    assert.ok('problem' in embeddingText(null));
  });
});
