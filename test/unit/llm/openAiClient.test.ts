import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import {
  createOpenAiClient,
  LlmError,
  type ChatMessage,
  type ClientTuning,
  type LlmClientConfig,
  type LlmEvent,
} from '../../../src/core/llm';
import { countWords, mockAnswerFor, startMockOpenAi, type MockOpenAi, type MockOpenAiOptions } from '../../support/mockOpenAi';

const question: ChatMessage[] = [{ role: 'user', content: 'What makes sourdough bread rise without any added yeast at all?' }];

async function withMock(options: MockOpenAiOptions, test: (mock: MockOpenAi) => Promise<void>): Promise<void> {
  const mock = await startMockOpenAi(options);
  try {
    await test(mock);
  } finally {
    await mock.close();
  }
}

function clientFor(mock: MockOpenAi, config: Partial<LlmClientConfig> = {}, events: LlmEvent[] = [], tuning: ClientTuning = {}) {
  // Jitter at zero keeps backoff short and the tests quick: 250 ms, then 500 ms.
  return createOpenAiClient({ baseUrl: mock.url, model: 'test-model', ...config }, (event) => events.push(event), {
    random: () => 0,
    ...tuning,
  });
}

const chatRequests = (mock: MockOpenAi) => mock.requests.filter((request) => request.path === '/v1/chat/completions');

/** Arrival times of the chat requests, in ms after the first. */
function arrivals(mock: MockOpenAi): number[] {
  const times = chatRequests(mock).map((request) => request.receivedAt);
  const first = times[0] ?? 0;
  return times.map((time) => time - first);
}

describe('createOpenAiClient against the mock endpoint', () => {
  it("returns the endpoint's answer, model name and usage", () =>
    withMock({ model: 'served-model' }, async (mock) => {
      const client = clientFor(mock, { generation: { temperature: 0.2, max_tokens: 50 } });
      const result = await client.complete({ messages: question, generation: { temperature: 0.9, top_p: undefined } });
      const answer = mockAnswerFor(question);
      assert.deepEqual(result.outputs, [answer]);
      assert.equal(result.model, 'served-model');
      assert.equal(client.model, 'test-model');
      assert.deepEqual(result.usage, { inputTokens: countWords(question[0]?.content ?? ''), outputTokens: countWords(answer) });
      assert.equal(result.attempts, 1);
      assert.ok(result.latencyMs >= 0);
      const [sent] = chatRequests(mock);
      assert.deepEqual(sent?.body, { temperature: 0.9, max_tokens: 50, model: 'test-model', messages: question });
    }));

  it('asks for n completions and returns one output per choice', () =>
    withMock({}, async (mock) => {
      const result = await clientFor(mock).complete({ messages: question, n: 3 });
      assert.equal(result.outputs.length, 3);
      assert.equal((chatRequests(mock)[0]?.body as { n?: number }).n, 3);
    }));

  it('retries a 429 after the retry-after-ms the server asks for', () =>
    withMock({}, async (mock) => {
      mock.injectFaults({ kind: 'rateLimit', retryAfterMs: 300 });
      const events: LlmEvent[] = [];
      const result = await clientFor(mock, {}, events).complete({ messages: question });
      assert.equal(result.attempts, 2);
      const gap = arrivals(mock)[1] ?? 0;
      assert.ok(gap >= 300 && gap < 2000, `gap ${gap} ms`);
      assert.deepEqual(
        events.map((event) => event.type),
        ['request', 'retry', 'request', 'response'],
      );
      const retry = events[1];
      assert.ok(retry?.type === 'retry');
      assert.deepEqual([retry.id, retry.attempt, retry.status, retry.delayMs], [1, 1, 429, 300]);
      assert.match(retry.reason, /^HTTP 429 \(Rate limit reached/);
    }));

  it('retries a 429 after retry-after seconds', () =>
    withMock({}, async (mock) => {
      mock.injectFaults({ kind: 'rateLimit', retryAfterSeconds: 1 });
      const result = await clientFor(mock).complete({ messages: question });
      assert.equal(result.attempts, 2);
      const gap = arrivals(mock)[1] ?? 0;
      assert.ok(gap >= 1000 && gap < 3000, `gap ${gap} ms`);
    }));

  it('retries server errors and dropped connections', () =>
    withMock({}, async (mock) => {
      mock.injectFaults({ kind: 'serverError', status: 502 }, { kind: 'dropConnection' });
      const events: LlmEvent[] = [];
      const result = await clientFor(mock, {}, events).complete({ messages: question });
      assert.equal(result.attempts, 3);
      assert.deepEqual(result.outputs, [mockAnswerFor(question)]);
      const retries = events.filter((event) => event.type === 'retry');
      assert.deepEqual(
        retries.map((event) => event.status),
        [502, null],
      );
    }));

  it('retries a malformed body and reports empty content as null', () =>
    withMock({}, async (mock) => {
      mock.injectFaults({ kind: 'malformed' });
      const client = clientFor(mock);
      const first = await client.complete({ messages: question });
      assert.equal(first.attempts, 2);
      assert.deepEqual(first.outputs, [mockAnswerFor(question)]);
      mock.injectFaults({ kind: 'emptyContent' });
      const second = await client.complete({ messages: question });
      assert.deepEqual(second.outputs, [null]);
      assert.equal(second.usage.outputTokens, 0);
    }));

  for (const status of [400, 401] as const) {
    it(`does not retry HTTP ${status}`, () =>
      withMock({}, async (mock) => {
        mock.injectFaults({ kind: 'clientError', status });
        await assert.rejects(clientFor(mock).complete({ messages: question }), (error: unknown) => {
          assert.ok(error instanceof LlmError);
          assert.equal(error.status, status);
          assert.equal(error.attempts, 1);
          assert.equal(error.retryable, false);
          return true;
        });
        assert.equal(chatRequests(mock).length, 1);
      }));
  }

  it('gives up after maxRetries with the status and attempt count', () =>
    withMock({}, async (mock) => {
      mock.failAllAfter(0, { kind: 'serverError', status: 503 });
      const events: LlmEvent[] = [];
      await assert.rejects(clientFor(mock, { maxRetries: 2 }, events).complete({ messages: question }), (error: unknown) => {
        assert.ok(error instanceof LlmError);
        assert.equal(error.status, 503);
        assert.equal(error.attempts, 3);
        assert.equal(error.retryable, true);
        assert.match(error.message, /HTTP 503 .*after 3 attempts/);
        return true;
      });
      assert.equal(chatRequests(mock).length, 3);
      const failure = events.at(-1);
      assert.ok(failure?.type === 'failure');
      assert.deepEqual([failure.attempt, failure.status, failure.reason], [3, 503, 'HTTP 503 (The server had an error while processing your request.)']);
    }));

  it('turns a hung attempt into a retried timeout', () =>
    withMock({}, async (mock) => {
      mock.injectFaults({ kind: 'hang' });
      const events: LlmEvent[] = [];
      const result = await clientFor(mock, { timeoutMs: 300 }, events).complete({ messages: question });
      assert.equal(result.attempts, 2);
      const retry = events.find((event) => event.type === 'retry');
      assert.ok(retry?.type === 'retry');
      assert.equal(retry.reason, 'no answer within 0.3 s');
    }));

  it('says to check the base URL when nothing listens there', async () => {
    const mock = await startMockOpenAi();
    await mock.close();
    await assert.rejects(clientFor(mock, { maxRetries: 1 }).complete({ messages: question }), (error: unknown) => {
      assert.ok(error instanceof LlmError);
      assert.equal(error.status, null);
      assert.equal(error.attempts, 2);
      assert.match(error.message, /connection refused.*Check the base URL/);
      return true;
    });
  });

  it('rejects at once with an AbortError when a request in flight is cancelled', () =>
    withMock({ latencyMs: 2000 }, async (mock) => {
      const controller = new AbortController();
      const events: LlmEvent[] = [];
      const started = performance.now();
      const pending = clientFor(mock, {}, events).complete({ messages: question }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      await assert.rejects(pending, { name: 'AbortError' });
      assert.ok(performance.now() - started < 1000);
      assert.equal(chatRequests(mock).length, 1, 'cancelled requests are not retried');
      assert.deepEqual(events, [
        { type: 'request', id: 1, attempt: 1 },
        { type: 'failure', id: 1, attempt: 1, status: null, reason: 'cancelled' },
      ]);
    }));

  it('stops waiting for a retry when cancelled during the backoff', () =>
    withMock({}, async (mock) => {
      mock.injectFaults({ kind: 'rateLimit', retryAfterMs: 5000 });
      const controller = new AbortController();
      const started = performance.now();
      const pending = clientFor(mock).complete({ messages: question }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      await assert.rejects(pending, { name: 'AbortError' });
      assert.ok(performance.now() - started < 1000);
      assert.equal(chatRequests(mock).length, 1);
    }));

  it('never sends a queued request that is cancelled', () =>
    withMock({ latencyMs: 300 }, async (mock) => {
      const client = clientFor(mock, { maxConcurrency: 1 });
      const first = client.complete({ messages: question });
      const controller = new AbortController();
      const queued = client.complete({ messages: [{ role: 'user', content: 'queued' }] }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(queued, { name: 'AbortError' });
      await first;
      await delay(50);
      assert.equal(chatRequests(mock).length, 1);
    }));

  it('never has more than maxConcurrency requests in flight', () =>
    withMock({ latencyMs: 50 }, async (mock) => {
      const client = clientFor(mock, { maxConcurrency: 3 });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => client.complete({ messages: [{ role: 'user', content: `question ${i}` }] })),
      );
      assert.equal(results.length, 20);
      assert.equal(mock.maxInFlight, 3);
      assert.equal(chatRequests(mock).length, 20);
    }));

  it('starts no more than requestsPerMinute requests per window', () =>
    withMock({}, async (mock) => {
      const client = clientFor(mock, { requestsPerMinute: 2 }, [], { rateWindowMs: 600 });
      await Promise.all(Array.from({ length: 5 }, () => client.complete({ messages: question })));
      const times = arrivals(mock);
      assert.equal(times.filter((time) => time < 500).length, 2, `arrivals ${times.join(', ')}`);
      assert.ok((times[2] ?? 0) >= 550 && (times[4] ?? 0) >= 1150, `arrivals ${times.join(', ')}`);
    }));

  it('keeps the tokens started per window under tokensPerMinute', () =>
    withMock({}, async (mock) => {
      // 399 characters: an estimate of 100 prompt tokens + max_tokens 1; the mock reports 200 + 14.
      const messages: ChatMessage[] = [{ role: 'user', content: 'a '.repeat(200).trim() }];
      const client = clientFor(mock, { tokensPerMinute: 500 }, [], { rateWindowMs: 1000 });
      await Promise.all(Array.from({ length: 6 }, () => client.complete({ messages, generation: { max_tokens: 1 } })));
      const times = arrivals(mock);
      assert.equal(times.filter((time) => time < 900).length, 4, `arrivals ${times.join(', ')}`);
      assert.ok(times.slice(4).every((time) => time >= 950), `arrivals ${times.join(', ')}`);
    }));

  it('keeps the API key out of events and errors, yet sends it', () =>
    withMock({}, async (mock) => {
      const apiKey = 'sk-test-DoNotLeak-4f9c2e';
      mock.injectFaults({ kind: 'serverError' }, { kind: 'clientError', status: 401, message: `Incorrect API key provided: ${apiKey}.` });
      const events: LlmEvent[] = [];
      const error = await clientFor(mock, { apiKey }, events)
        .complete({ messages: question })
        .then(
          () => assert.fail('expected a 401'),
          (rejection: unknown) => rejection,
        );
      assert.ok(error instanceof LlmError);
      assert.equal(error.status, 401);
      assert.match(error.message, /Check the API key/);
      assert.ok(!error.message.includes(apiKey) && !(error.stack ?? '').includes(apiKey));
      assert.ok(!JSON.stringify(events).includes(apiKey));
      for (const request of chatRequests(mock)) {
        assert.equal(request.hadAuthorization, true);
        assert.ok(!JSON.stringify(request.headers).includes(apiKey));
      }
    }));

  it('reads the key from the named environment variable', () =>
    withMock({}, async (mock) => {
      const name = 'DISTILLERY_TEST_KEY_VARIABLE';
      process.env[name] = 'sk-from-env';
      try {
        mock.injectFaults({ kind: 'clientError', status: 401 });
        await assert.rejects(clientFor(mock, { apiKeyEnv: name }).complete({ messages: question }), (error: Error) => {
          assert.match(error.message, new RegExp(`environment variable ${name}\\.`));
          assert.ok(!error.message.includes('sk-from-env'));
          return true;
        });
      } finally {
        delete process.env[name];
      }
    }));
});
