import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createOpenAiClient,
  LlmError,
  type ChatMessage,
  type ClientTuning,
  type LlmClientConfig,
  type LlmEvent,
} from '../../../src/core/llm';
import { FakeClock } from '../../support/fakeClock';
import { countWords, mockAnswerFor, startMockOpenAi, type MockOpenAi, type MockOpenAiOptions } from '../../support/mockOpenAi';
import { ChangeNotifier, Gate } from '../../support/waiting';

const question: ChatMessage[] = [{ role: 'user', content: 'What makes sourdough bread rise without any added yeast at all?' }];

async function withMock(options: MockOpenAiOptions, test: (mock: MockOpenAi) => Promise<void>): Promise<void> {
  const mock = await startMockOpenAi(options);
  try {
    await test(mock);
  } finally {
    await mock.close();
  }
}

/** The client's events as they come, with a way to wait for them instead of sleeping. */
class EventLog {
  readonly events: LlmEvent[] = [];
  private readonly notifier = new ChangeNotifier();

  readonly record = (event: LlmEvent): void => {
    this.events.push(event);
    this.notifier.changed();
  };

  count(type: LlmEvent['type']): number {
    return this.events.filter((event) => event.type === type).length;
  }

  /** Resolves once `count` events of `type` have come. */
  whenCounted(type: LlmEvent['type'], count: number): Promise<void> {
    return this.notifier.until(() => this.count(type) >= count);
  }
}

/**
 * A client of the mock. Tests about timing pass a FakeClock in `tuning` and move it by hand;
 * the others run on the system clock, where nothing they assert depends on time.
 */
function clientFor(mock: MockOpenAi, config: Partial<LlmClientConfig> = {}, log = new EventLog(), tuning: ClientTuning = {}) {
  // Jitter at zero makes the backoff exact: 250 ms, then 500 ms.
  return createOpenAiClient({ baseUrl: mock.url, model: 'test-model', ...config }, log.record, {
    random: () => 0,
    ...tuning,
  });
}

const chatRequests = (mock: MockOpenAi) => mock.requests.filter((request) => request.path === '/v1/chat/completions');

/** The user message of each chat request the mock received, in arrival order. */
const sentPrompts = (mock: MockOpenAi) => chatRequests(mock).map((request) => (request.body as { messages: ChatMessage[] }).messages.at(-1)?.content);

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
      const [sent] = chatRequests(mock);
      assert.deepEqual(sent?.body, { temperature: 0.9, max_tokens: 50, model: 'test-model', messages: question });
    }));

  it("reports the successful attempt's latency, measured on the client's clock", () =>
    withMock({}, async (mock) => {
      const clock = new FakeClock();
      const answer = new Gate();
      mock.setLatency(() => answer.opened);
      const pending = clientFor(mock, {}, new EventLog(), { clock }).complete({ messages: question });
      await mock.until(() => chatRequests(mock).length === 1);
      await clock.advance(1234);
      answer.open();
      assert.equal((await pending).latencyMs, 1234);
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
      const clock = new FakeClock();
      const log = new EventLog();
      const pending = clientFor(mock, {}, log, { clock }).complete({ messages: question });
      await log.whenCounted('retry', 1);
      await clock.advance(299);
      assert.equal(log.count('request'), 1, 'no second attempt before the 300 ms are up');
      await clock.advance(1);
      assert.equal(log.count('request'), 2, 'the second attempt goes out when they are');
      const result = await pending;
      assert.equal(result.attempts, 2);
      assert.equal(chatRequests(mock).length, 2);
      assert.deepEqual(
        log.events.map((event) => event.type),
        ['request', 'retry', 'request', 'response'],
      );
      const retry = log.events[1];
      assert.ok(retry?.type === 'retry');
      assert.deepEqual([retry.id, retry.attempt, retry.status, retry.delayMs], [1, 1, 429, 300]);
      assert.match(retry.reason, /^HTTP 429 \(Rate limit reached/);
    }));

  it('retries a 429 after retry-after seconds', () =>
    withMock({}, async (mock) => {
      mock.injectFaults({ kind: 'rateLimit', retryAfterSeconds: 1 });
      const clock = new FakeClock();
      const log = new EventLog();
      const pending = clientFor(mock, {}, log, { clock }).complete({ messages: question });
      await log.whenCounted('retry', 1);
      const retry = log.events.find((event) => event.type === 'retry');
      assert.ok(retry?.type === 'retry');
      assert.equal(retry.delayMs, 1000);
      await clock.advance(999);
      assert.equal(log.count('request'), 1, 'no second attempt before the second is up');
      await clock.advance(1);
      assert.equal(log.count('request'), 2);
      assert.equal((await pending).attempts, 2);
    }));

  it('retries server errors and dropped connections', () =>
    withMock({}, async (mock) => {
      mock.injectFaults({ kind: 'serverError', status: 502 }, { kind: 'dropConnection' });
      const log = new EventLog();
      const result = await clientFor(mock, {}, log).complete({ messages: question });
      assert.equal(result.attempts, 3);
      assert.deepEqual(result.outputs, [mockAnswerFor(question)]);
      const retries = log.events.filter((event) => event.type === 'retry');
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
      const log = new EventLog();
      await assert.rejects(clientFor(mock, { maxRetries: 2 }, log).complete({ messages: question }), (error: unknown) => {
        assert.ok(error instanceof LlmError);
        assert.equal(error.status, 503);
        assert.equal(error.attempts, 3);
        assert.equal(error.retryable, true);
        assert.match(error.message, /HTTP 503 .*after 3 attempts/);
        return true;
      });
      assert.equal(chatRequests(mock).length, 3);
      const failure = log.events.at(-1);
      assert.ok(failure?.type === 'failure');
      assert.deepEqual([failure.attempt, failure.status, failure.reason], [3, 503, 'HTTP 503 (The server had an error while processing your request.)']);
    }));

  it('turns a hung attempt into a retried timeout', () =>
    withMock({}, async (mock) => {
      mock.injectFaults({ kind: 'hang' });
      const clock = new FakeClock();
      const log = new EventLog();
      // The SDK keeps a wall-clock timer at the same limit as a backstop: 30 s keeps it out of the test.
      const pending = clientFor(mock, { timeoutMs: 30_000 }, log, { clock }).complete({ messages: question });
      await mock.until(() => chatRequests(mock).length === 1);
      await clock.advance(29_999);
      assert.equal(log.count('retry'), 0, 'the attempt still has time');
      await clock.advance(1);
      await log.whenCounted('retry', 1);
      const retry = log.events.find((event) => event.type === 'retry');
      assert.ok(retry?.type === 'retry');
      assert.deepEqual([retry.reason, retry.status, retry.delayMs], ['no answer within 30 s', null, 250]);
      await clock.advance(249);
      assert.equal(log.count('request'), 1, 'the backoff is not over');
      await clock.advance(1);
      assert.equal(log.count('request'), 2);
      const result = await pending;
      assert.equal(result.attempts, 2);
      assert.equal(chatRequests(mock).length, 2);
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
    withMock({}, async (mock) => {
      // The mock never answers and the time limit is two minutes away: only the cancel can end the request.
      mock.injectFaults({ kind: 'hang' });
      const controller = new AbortController();
      const log = new EventLog();
      const pending = clientFor(mock, {}, log).complete({ messages: question }, { signal: controller.signal });
      await mock.until(() => chatRequests(mock).length === 1);
      controller.abort();
      await assert.rejects(pending, { name: 'AbortError' });
      assert.equal(chatRequests(mock).length, 1, 'cancelled requests are not retried');
      assert.deepEqual(log.events, [
        { type: 'request', id: 1, attempt: 1 },
        { type: 'failure', id: 1, attempt: 1, status: null, reason: 'cancelled' },
      ]);
    }));

  it('stops waiting for a retry when cancelled during the backoff', () =>
    withMock({}, async (mock) => {
      mock.injectFaults({ kind: 'rateLimit', retryAfterMs: 5000 });
      const controller = new AbortController();
      const log = new EventLog();
      // The fake clock never moves, so the backoff never ends: only the cancel can end the wait.
      const pending = clientFor(mock, {}, log, { clock: new FakeClock() }).complete({ messages: question }, { signal: controller.signal });
      await log.whenCounted('retry', 1);
      controller.abort();
      await assert.rejects(pending, { name: 'AbortError' });
      assert.equal(chatRequests(mock).length, 1);
      assert.equal(log.count('request'), 1);
    }));

  it('never sends a queued request that is cancelled', () =>
    withMock({}, async (mock) => {
      const answers = new Gate();
      mock.setLatency(() => answers.opened);
      const client = clientFor(mock, { maxConcurrency: 1 });
      const first = client.complete({ messages: question });
      const controller = new AbortController();
      const queued = client.complete({ messages: [{ role: 'user', content: 'queued' }] }, { signal: controller.signal });
      await mock.until(() => chatRequests(mock).length === 1);
      controller.abort();
      await assert.rejects(queued, { name: 'AbortError' });
      answers.open();
      await first;
      await client.complete({ messages: [{ role: 'user', content: 'after' }] });
      // The only slot went from the first request straight to the last one.
      assert.deepEqual(sentPrompts(mock), [question[0]?.content, 'after']);
    }));

  it('never has more than maxConcurrency requests in flight', () =>
    withMock({}, async (mock) => {
      const answers = new Gate();
      mock.setLatency(() => answers.opened);
      const log = new EventLog();
      const client = clientFor(mock, { maxConcurrency: 3 }, log);
      const results = Promise.all(
        Array.from({ length: 20 }, (_, i) => client.complete({ messages: [{ role: 'user', content: `question ${i}` }] })),
      );
      await mock.until(() => mock.inFlight === 3);
      assert.equal(log.count('request'), 3, 'the other 17 wait for a slot');
      answers.open();
      assert.equal((await results).length, 20);
      assert.equal(mock.maxInFlight, 3);
      assert.equal(chatRequests(mock).length, 20);
    }));

  it('starts no more than requestsPerMinute requests per minute', () =>
    withMock({}, async (mock) => {
      const clock = new FakeClock();
      const log = new EventLog();
      const client = clientFor(mock, { requestsPerMinute: 2 }, log, { clock });
      const results = Promise.all(Array.from({ length: 5 }, () => client.complete({ messages: question })));
      await log.whenCounted('response', 2);
      assert.equal(log.count('request'), 2, 'two starts fill the minute; finishing frees no room in it');
      await clock.advance(59_999);
      assert.equal(log.count('request'), 2);
      await clock.advance(1);
      assert.equal(log.count('request'), 4, 'both first starts left the window together');
      await log.whenCounted('response', 4);
      await clock.advance(59_999);
      assert.equal(log.count('request'), 4);
      await clock.advance(1);
      assert.equal((await results).length, 5);
      assert.equal(chatRequests(mock).length, 5);
    }));

  it('keeps the tokens started per minute under tokensPerMinute', () =>
    withMock({}, async (mock) => {
      // 399 characters: an estimate of 100 prompt tokens + max_tokens 1, so four fit in 500 and a
      // fifth does not; the mock reports 200 + 14 each, which fills the minute all the more.
      const messages: ChatMessage[] = [{ role: 'user', content: 'a '.repeat(200).trim() }];
      const clock = new FakeClock();
      const log = new EventLog();
      const client = clientFor(mock, { tokensPerMinute: 500 }, log, { clock });
      const results = Promise.all(Array.from({ length: 6 }, () => client.complete({ messages, generation: { max_tokens: 1 } })));
      await log.whenCounted('response', 4);
      assert.equal(log.count('request'), 4);
      await clock.advance(59_999);
      assert.equal(log.count('request'), 4);
      await clock.advance(1);
      assert.equal(log.count('request'), 6, 'the last two fit once the first four left the window');
      assert.equal((await results).length, 6);
      assert.equal(chatRequests(mock).length, 6);
    }));

  it('keeps the API key out of events and errors, yet sends it', () =>
    withMock({}, async (mock) => {
      const apiKey = 'sk-test-DoNotLeak-4f9c2e';
      mock.injectFaults({ kind: 'serverError' }, { kind: 'clientError', status: 401, message: `Incorrect API key provided: ${apiKey}.` });
      const log = new EventLog();
      const error = await clientFor(mock, { apiKey }, log)
        .complete({ messages: question })
        .then(
          () => assert.fail('expected a 401'),
          (rejection: unknown) => rejection,
        );
      assert.ok(error instanceof LlmError);
      assert.equal(error.status, 401);
      assert.match(error.message, /Check the API key/);
      assert.ok(!error.message.includes(apiKey) && !(error.stack ?? '').includes(apiKey));
      assert.ok(!JSON.stringify(log.events).includes(apiKey));
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
