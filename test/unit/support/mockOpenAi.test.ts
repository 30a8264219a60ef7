import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countWords, mockAnswerFor, startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';
import { MOCK_EMBEDDING_DIMENSIONS, mockEmbeddingFor } from '../../support/mockOpenAi';
import { createOpenAiClient } from '../../../src/core/llm';
import { Gate } from '../../support/waiting';

const messages = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Name three rivers that flow north.' },
];

async function withMock(test: (mock: MockOpenAi) => Promise<void>): Promise<void> {
  const mock = await startMockOpenAi({ model: 'm1', extraModels: ['m2'] });
  try {
    await test(mock);
  } finally {
    await mock.close();
  }
}

function chat(mock: MockOpenAi, body: object, init: RequestInit = {}): Promise<Response> {
  return fetch(`${mock.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer secret-key' },
    body: JSON.stringify({ model: 'whatever', messages, ...body }),
    ...init,
  });
}

interface Completion {
  model: string;
  choices: { index: number; message: { content: string | null } }[];
  usage: { prompt_tokens: number; completion_tokens: number };
}

/** The content deltas and the usage of an SSE stream, and whether it ended with [DONE]. */
async function readStream(response: Response): Promise<{ text: string; usage: unknown; done: boolean }> {
  const events = (await response.text()).split('\n\n').filter((event) => event.startsWith('data: '));
  const payloads = events.map((event) => event.slice('data: '.length));
  const chunks = payloads
    .filter((payload) => payload !== '[DONE]')
    .map((payload) => JSON.parse(payload) as { choices: { delta: { content?: string } }[]; usage?: unknown });
  return {
    text: chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''),
    usage: chunks.find((chunk) => chunk.usage)?.usage,
    done: payloads.at(-1) === '[DONE]',
  };
}

describe('startMockOpenAi', () => {
  it('answers a chat completion with the deterministic answer, model and word-count usage', () =>
    withMock(async (mock) => {
      assert.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const response = await chat(mock, { n: 2 });
      assert.equal(response.status, 200);
      const body = (await response.json()) as Completion;
      const answer = mockAnswerFor(messages);
      assert.equal(body.model, 'm1');
      assert.deepEqual(
        body.choices.map((choice) => [choice.index, choice.message.content]),
        [
          [0, answer],
          [1, answer],
        ],
      );
      assert.deepEqual(body.usage, {
        prompt_tokens: 3 + 6,
        completion_tokens: 2 * countWords(answer),
        total_tokens: 9 + 2 * countWords(answer),
      });
    }));

  it('streams the same text as a plain completion, with usage when asked, ending with [DONE]', () =>
    withMock(async (mock) => {
      const stream = await readStream(await chat(mock, { stream: true, stream_options: { include_usage: true } }));
      assert.equal(stream.text, mockAnswerFor(messages));
      assert.equal(stream.done, true);
      assert.deepEqual(stream.usage, { prompt_tokens: 9, completion_tokens: countWords(stream.text), total_tokens: 9 + countWords(stream.text) });
      const withoutUsage = await readStream(await chat(mock, { stream: true }));
      assert.equal(withoutUsage.usage, undefined);
    }));

  it('lists its models and answers unknown paths with a 404 error body', () =>
    withMock(async (mock) => {
      const models = (await (await fetch(`${mock.url}/models`)).json()) as { data: { id: string }[] };
      assert.deepEqual(
        models.data.map((model) => model.id),
        ['m1', 'm2'],
      );
      const missing = await fetch(`${mock.url}/audio/speech`, { method: 'POST', body: '{}' });
      assert.equal(missing.status, 404);
      assert.match(((await missing.json()) as { error: { message: string } }).error.message, /audio\/speech/);
    }));

  it('rejects a chat request without messages with a 400', () =>
    withMock(async (mock) => {
      const response = await chat(mock, { messages: [] });
      assert.equal(response.status, 400);
    }));

  it('logs requests without the authorization header, and the fault applied', () =>
    withMock(async (mock) => {
      mock.injectFaults({ kind: 'serverError', status: 503 });
      await (await chat(mock, {})).text();
      await (await chat(mock, {})).text();
      const [first, second] = mock.requests;
      assert.equal(first?.hadAuthorization, true);
      assert.equal(first?.headers.authorization, undefined);
      assert.equal(first?.headers['content-type'], 'application/json');
      assert.deepEqual(first?.fault, { kind: 'serverError', status: 503 });
      assert.deepEqual([first?.chatIndex, second?.chatIndex], [0, 1]);
      assert.equal(second?.fault, undefined);
      assert.deepEqual((second?.body as { messages: unknown }).messages, messages);
    }));

  it('answers rate-limit faults with 429, retry headers and an OpenAI-style error', () =>
    withMock(async (mock) => {
      mock.injectFaults({ kind: 'rateLimit', retryAfterSeconds: 2, retryAfterMs: 1500 }, { kind: 'rateLimit' });
      const limited = await chat(mock, {});
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '2');
      assert.equal(limited.headers.get('retry-after-ms'), '1500');
      const body = (await limited.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'rate_limit_exceeded');
      const bare = await chat(mock, {});
      assert.equal(bare.headers.get('retry-after'), null);
      await bare.text();
    }));

  it('answers server and client error faults with their status', () =>
    withMock(async (mock) => {
      mock.injectFaults({ kind: 'serverError' }, { kind: 'serverError', status: 502 }, { kind: 'clientError', status: 422, message: 'bad n' });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await chat(mock, {});
        statuses.push(response.status);
        await response.text();
      }
      assert.deepEqual(statuses, [500, 502, 422]);
    }));

  it('drops the connection without a response', () =>
    withMock(async (mock) => {
      mock.injectFaults({ kind: 'dropConnection' });
      await assert.rejects(chat(mock, {}), TypeError);
      assert.equal((await chat(mock, {})).status, 200);
    }));

  it('sends a body that is not JSON, or content null, when told to', () =>
    withMock(async (mock) => {
      mock.injectFaults({ kind: 'malformed' }, { kind: 'emptyContent' }, { kind: 'malformed' });
      const malformed = await chat(mock, {});
      assert.equal(malformed.status, 200);
      await assert.rejects(malformed.json(), SyntaxError);
      const empty = (await (await chat(mock, {})).json()) as Completion;
      assert.equal(empty.choices[0]?.message.content, null);
      assert.equal(empty.usage.completion_tokens, 0);
      await assert.rejects(readStream(await chat(mock, { stream: true })), SyntaxError);
    }));

  it('hangs until the client gives up, and close() ends hung connections', async () => {
    const mock = await startMockOpenAi();
    mock.injectFaults({ kind: 'hang' }, { kind: 'hang' });
    const controller = new AbortController();
    const givenUp = chat(mock, {}, { signal: controller.signal });
    await mock.until(() => mock.inFlight === 1);
    controller.abort();
    await assert.rejects(givenUp, { name: 'AbortError' });
    await mock.until(() => mock.inFlight === 0);
    const hung = chat(mock, {}).catch((error: unknown) => error);
    await mock.until(() => mock.inFlight === 1);
    // A hung connection left open would keep close() waiting for ever.
    await mock.close();
    assert.ok((await hung) instanceof TypeError);
    await mock.until(() => mock.inFlight === 0);
  });

  it('fails every chat request after the first n once failAllAfter is set, until cleared', () =>
    withMock(async (mock) => {
      mock.failAllAfter(2, { kind: 'serverError', status: 503 });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await chat(mock, {});
        statuses.push(response.status);
        await response.text();
      }
      mock.clearFaults();
      statuses.push((await chat(mock, {})).status);
      assert.deepEqual(statuses, [200, 200, 503, 503, 200]);
    }));

  it('delays answers by the configured latency', () =>
    withMock(async (mock) => {
      mock.setLatency(200);
      const started = performance.now();
      await (await chat(mock, {})).text();
      // Half the latency: a timer never fires that early, and an answer sent without waiting comes far sooner.
      assert.ok(performance.now() - started >= 100);
    }));

  it('holds an answer until the promise the latency gives resolves, without holding back the others, and counts requests in flight', () =>
    withMock(async (mock) => {
      const firstAnswer = new Gate();
      mock.setLatency(({ index }) => (index === 0 ? firstAnswer.opened : 0));
      let firstAnswered = false;
      const first = chat(mock, {}).then(async (response) => {
        firstAnswered = true;
        return response.text();
      });
      await mock.until(() => mock.inFlight === 1);
      await (await chat(mock, {})).text();
      assert.equal(firstAnswered, false, 'the second request does not wait for the first');
      assert.equal(mock.maxInFlight, 2);
      firstAnswer.open();
      await first;
      await mock.until(() => mock.inFlight === 0);
    }));
});

describe('startMockOpenAi /v1/embeddings', () => {
  function embed(mock: MockOpenAi, body: object): Promise<Response> {
    return fetch(`${mock.url}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer secret-key' },
      body: JSON.stringify({ model: 'whatever', ...body }),
    });
  }

  interface EmbeddingList {
    object: string;
    model: string;
    data: { object: string; index: number; embedding: number[] | string }[];
    usage: { prompt_tokens: number; total_tokens: number };
  }

  it('answers in the OpenAI shape: one deterministic unit vector per input, in order, with word-count usage', () =>
    withMock(async (mock) => {
      const response = await embed(mock, { input: ['Hello, how are you?', 'rivers that flow north'] });
      assert.equal(response.status, 200);
      const body = (await response.json()) as EmbeddingList;
      assert.deepEqual(body, {
        object: 'list',
        data: [
          { object: 'embedding', index: 0, embedding: mockEmbeddingFor('Hello, how are you?') },
          { object: 'embedding', index: 1, embedding: mockEmbeddingFor('rivers that flow north') },
        ],
        model: 'm1',
        usage: { prompt_tokens: 8, total_tokens: 8 },
      });
      const vector = mockEmbeddingFor('Hello, how are you?');
      assert.equal(vector.length, MOCK_EMBEDDING_DIMENSIONS);
      assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-5);
      assert.deepEqual(mockEmbeddingFor('Hello, how are you?'), vector, 'deterministic');
      assert.notDeepEqual(mockEmbeddingFor('Hello, how are you!'), vector);
      assert.ok(vector.every((value) => Number.isFinite(value) && Math.round(value * 1e6) / 1e6 === value));
    }));

  it('takes a single string, and base64 encoding (float32, little-endian)', () =>
    withMock(async (mock) => {
      const single = (await (await embed(mock, { input: 'one text' })).json()) as EmbeddingList;
      assert.deepEqual(single.data.map((item) => item.embedding), [mockEmbeddingFor('one text')]);
      const encoded = (await (await embed(mock, { input: 'one text', encoding_format: 'base64' })).json()) as EmbeddingList;
      const bytes = Buffer.from(encoded.data[0]?.embedding as string, 'base64');
      const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
      assert.deepEqual(decoded, Array.from(new Float32Array(mockEmbeddingFor('one text'))));
    }));

  it('refuses empty, non-text or empty-string input with a 400', () =>
    withMock(async (mock) => {
      for (const input of [[], undefined, [[1, 2, 3]], ['ok', ''], 7]) {
        const response = await embed(mock, { input });
        assert.equal(response.status, 400, JSON.stringify(input));
        const body = (await response.json()) as { error: { type: string } };
        assert.equal(body.error.type, 'invalid_request_error');
      }
      assert.equal((await embed(mock, { input: 'x', encoding_format: 'int8' })).status, 400);
    }));

  it('logs embedding requests with their own index, and takes faults from the same queue as chat', () =>
    withMock(async (mock) => {
      mock.injectFaults({ kind: 'serverError', status: 503 }, { kind: 'rateLimit', retryAfterMs: 5 }, { kind: 'emptyContent' }, { kind: 'malformed' });
      assert.equal((await embed(mock, { input: 'a' })).status, 503);
      assert.equal((await chat(mock, {})).status, 429, 'the next fault in the queue goes to the chat request');
      const empty = (await (await embed(mock, { input: 'a' })).json()) as EmbeddingList;
      assert.deepEqual(empty.data, []);
      await assert.rejects((await embed(mock, { input: 'a' })).json(), SyntaxError);
      assert.equal((await embed(mock, { input: 'a' })).status, 200);
      const logged = mock.requests.map((request) => [request.path, request.embeddingIndex, request.chatIndex, request.fault?.kind]);
      assert.deepEqual(logged, [
        ['/v1/embeddings', 0, undefined, 'serverError'],
        ['/v1/chat/completions', undefined, 0, 'rateLimit'],
        ['/v1/embeddings', 1, undefined, 'emptyContent'],
        ['/v1/embeddings', 2, undefined, 'malformed'],
        ['/v1/embeddings', 3, undefined, undefined],
      ]);
      assert.deepEqual(mock.requests[0]?.body, { model: 'whatever', input: 'a' });
      assert.equal(mock.requests[0]?.hadAuthorization, true);
    }));

  it('applies the latency, with the texts as messages, and counts embedding requests in flight', () =>
    withMock(async (mock) => {
      const seen: unknown[] = [];
      const answers = new Gate();
      mock.setLatency((info) => {
        seen.push(info);
        return answers.opened;
      });
      let answered = 0;
      const responses = [embed(mock, { input: ['a b', 'c'] }), embed(mock, { input: 'd' })].map(async (response) => {
        const answer = await response;
        answered += 1;
        return answer.text();
      });
      await mock.until(() => mock.inFlight === 2);
      assert.equal(answered, 0, 'both answers wait for the latency');
      answers.open();
      await Promise.all(responses);
      assert.equal(mock.maxInFlight, 2);
      assert.deepEqual(
        seen.sort((a, b) => (a as { index: number }).index - (b as { index: number }).index),
        [
          { messages: [{ role: 'user', content: 'a b' }, { role: 'user', content: 'c' }], index: 0 },
          { messages: [{ role: 'user', content: 'd' }], index: 1 },
        ],
      );
    }));

  it('works with the project client: vectors, model and usage come through, failures are retried', () =>
    withMock(async (mock) => {
      const client = createOpenAiClient({ baseUrl: mock.url, model: 'm1', maxRetries: 2 });
      mock.injectFaults({ kind: 'serverError', status: 502 });
      const result = await client.embed({ input: ['first text', 'second'] });
      assert.deepEqual(result.embeddings, [mockEmbeddingFor('first text'), mockEmbeddingFor('second')]);
      assert.equal(result.model, 'm1');
      assert.deepEqual(result.usage, { inputTokens: 3, outputTokens: 0 });
      assert.equal(result.attempts, 2);
      assert.deepEqual((mock.requests.at(-1)?.body as { encoding_format?: string }).encoding_format, 'float');
    }));
});
