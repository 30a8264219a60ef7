import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { requestKey, type ChatRequestIdentity, type EmbeddingRequestIdentity } from '../../../src/core/cache';
import { canonicalJson } from '../../../src/core/cache/canonicalJson';

const chat: ChatRequestIdentity = {
  endpoint: 'http://localhost:11434/v1',
  model: 'llama3.1',
  kind: 'chat',
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'Name a prime.' },
  ],
  generation: {
    temperature: 0.7,
    top_p: 0.9,
    max_tokens: 256,
    stop: ['\n\n'],
    seed: 42,
    presence_penalty: 0.1,
    frequency_penalty: 0.2,
    n: 1,
    response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: { a: { type: 'string' } } } } },
  },
  sampleIndex: 0,
};

const embedding: EmbeddingRequestIdentity = {
  endpoint: 'https://api.openai.com/v1',
  model: 'text-embedding-3-small',
  kind: 'embedding',
  input: ['one', 'two'],
  generation: { dimensions: 256 },
  sampleIndex: 0,
};

/** The same value with every object's keys in reverse order. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([name, item]) => [name, reversedKeys(item)])) as T;
}

describe('canonicalJson', () => {
  test('sorts keys at every depth, drops undefined fields and keeps array order', () => {
    assert.equal(canonicalJson({ b: [{ d: 1, c: undefined, a: null }, 'x'], a: { z: true, y: undefined } }), '{"a":{"z":true},"b":[{"a":null,"d":1},"x"]}');
  });

  test('turns an undefined array item into null, as JSON does', () => {
    assert.equal(canonicalJson([1, undefined]), '[1,null]');
  });
});

describe('requestKey', () => {
  test('is a hex SHA-256', () => {
    assert.match(requestKey(chat), /^[0-9a-f]{64}$/);
  });

  test('is the same for identical identities, whatever the order of object keys', () => {
    assert.equal(requestKey(reversedKeys(chat)), requestKey(chat));
    assert.equal(requestKey(reversedKeys(embedding)), requestKey(embedding));
    assert.equal(requestKey(structuredClone(chat)), requestKey(chat));
  });

  test('treats an undefined field as absent', () => {
    const { seed: _seed, ...withoutSeed } = chat.generation!;
    assert.equal(requestKey({ ...chat, generation: { ...withoutSeed, seed: undefined } }), requestKey({ ...chat, generation: withoutSeed }));
    assert.equal(requestKey({ ...chat, generation: undefined }), requestKey({ ...chat, generation: {} }));
  });

  test('ignores the case of scheme and host, a default port and trailing slashes', () => {
    const key = requestKey(chat);
    for (const endpoint of ['http://localhost:11434/v1/', 'HTTP://LocalHost:11434/v1', 'http://LOCALHOST:11434/v1//', ' http://localhost:11434/v1 ']) {
      assert.equal(requestKey({ ...chat, endpoint }), key, endpoint);
    }
    assert.equal(requestKey({ ...embedding, endpoint: 'https://API.openai.com:443/v1/' }), requestKey(embedding));
  });

  test('leaves user and password of the endpoint URL out', () => {
    assert.equal(requestKey({ ...chat, endpoint: 'http://user:secret@localhost:11434/v1' }), requestKey(chat));
  });

  test('changes with every part of the identity', () => {
    const key = requestKey(chat);
    const variants: Array<[string, ChatRequestIdentity | EmbeddingRequestIdentity]> = [
      ['endpoint host', { ...chat, endpoint: 'http://127.0.0.1:11434/v1' }],
      ['endpoint port', { ...chat, endpoint: 'http://localhost:8000/v1' }],
      ['endpoint path', { ...chat, endpoint: 'http://localhost:11434/v2' }],
      ['endpoint query', { ...chat, endpoint: 'http://localhost:11434/v1?api-version=2024-10-21' }],
      ['model', { ...chat, model: 'llama3.2' }],
      ['kind', { ...embedding, endpoint: chat.endpoint, model: chat.model, generation: chat.generation, input: chat.messages.map((m) => m.content) }],
      ['message content', { ...chat, messages: [chat.messages[0]!, { role: 'user', content: 'Name a prime!' }] }],
      ['message role', { ...chat, messages: [{ role: 'user', content: 'You are terse.' }, chat.messages[1]!] }],
      ['message order', { ...chat, messages: [...chat.messages].reverse() }],
      ['a message more', { ...chat, messages: [...chat.messages, { role: 'assistant', content: '' }] }],
      ['sampleIndex', { ...chat, sampleIndex: 1 }],
    ];
    const generation = chat.generation!;
    const changedGeneration: Record<string, unknown> = {
      temperature: 0.8,
      top_p: 1,
      max_tokens: 257,
      stop: ['\n'],
      seed: 43,
      presence_penalty: 0,
      frequency_penalty: 0,
      n: 2,
      response_format: { type: 'json_object' },
    };
    for (const [name, value] of Object.entries(changedGeneration)) {
      variants.push([`generation.${name}`, { ...chat, generation: { ...generation, [name]: value } }]);
      const { [name as keyof typeof generation]: _dropped, ...without } = generation;
      variants.push([`generation.${name} absent`, { ...chat, generation: without }]);
    }
    variants.push(['generation.logit_bias added', { ...chat, generation: { ...generation, logit_bias: { '50256': -100 } } }]);
    const keys = new Map<string, string>([[key, 'the original']]);
    for (const [name, identity] of variants) {
      const variantKey = requestKey(identity);
      assert.equal(keys.get(variantKey), undefined, `${name} gives the same key as ${keys.get(variantKey)}`);
      keys.set(variantKey, name);
    }
  });

  test('changes with the embedding input, its order and its shape', () => {
    const keys = new Set([
      requestKey(embedding),
      requestKey({ ...embedding, input: ['two', 'one'] }),
      requestKey({ ...embedding, input: ['one'] }),
      requestKey({ ...embedding, input: 'one' }),
      requestKey({ ...embedding, generation: { dimensions: 512 } }),
    ]);
    assert.equal(keys.size, 5);
  });

  test('takes only role and content from a message, and nothing but the identity fields', () => {
    const withExtras = {
      ...chat,
      apiKey: 'sk-not-part-of-the-key',
      messages: chat.messages.map((message) => ({ ...message, name: 'someone' })),
    };
    assert.equal(requestKey(withExtras), requestKey(chat));
  });

  test('rejects a sampleIndex that is not a whole number from 0', () => {
    for (const sampleIndex of [-1, 0.5, Number.NaN]) {
      assert.throws(() => requestKey({ ...chat, sampleIndex }), /sampleIndex must be a whole number from 0/);
    }
  });

  test('rejects an endpoint that is not an absolute URL, without repeating it', () => {
    assert.throws(
      () => requestKey({ ...chat, endpoint: '//sk-secret-key/v1' }),
      (error: Error) => /not an absolute URL/.test(error.message) && !error.message.includes('secret-key'),
    );
  });
});
