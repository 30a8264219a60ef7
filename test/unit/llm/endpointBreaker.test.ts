import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOpenAiClient, EndpointDownError, LlmError, type ChatMessage, type LlmClientConfig, type LlmEvent } from '../../../src/core/llm';
import { FakeClock } from '../../support/fakeClock';
import { startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';
import { ChangeNotifier } from '../../support/waiting';

const ask = (text: string): { messages: ChatMessage[] } => ({ messages: [{ role: 'user', content: text }] });

async function withMock(test: (mock: MockOpenAi) => Promise<void>): Promise<void> {
  const mock = await startMockOpenAi();
  try {
    await test(mock);
  } finally {
    await mock.close();
  }
}

function clientFor(mock: MockOpenAi, config: Partial<LlmClientConfig>, onEvent: (event: LlmEvent) => void = () => {}, clock?: FakeClock) {
  return createOpenAiClient({ baseUrl: mock.url, model: 'test-model', ...config }, onEvent, { random: () => 0, ...(clock ? { clock } : {}) });
}

const chatCount = (mock: MockOpenAi) => mock.requests.filter((request) => request.path === '/v1/chat/completions').length;

describe('EndpointBreaker, through the client', () => {
  for (const status of [401, 403, 404] as const) {
    it(`stops every later request at the first ${status}, sending nothing more`, () =>
      withMock(async (mock) => {
        mock.failAllAfter(0, { kind: 'clientError', status, message: 'no' });
        const client = clientFor(mock, { maxConcurrency: 1 });
        const first = await client.complete(ask('one')).catch((error: unknown) => error);
        assert.ok(first instanceof EndpointDownError);
        assert.equal(first.status, status);
        assert.match(first.message, new RegExp(`^${mock.url} answered HTTP ${status} \\(no\\) after 1 attempt\\. `));
        const later = await client.complete(ask('two')).catch((error: unknown) => error);
        assert.ok(later instanceof EndpointDownError);
        assert.equal(later.message, first.message);
        assert.equal(later.attempts, 0, 'the later request was never sent');
        assert.equal(chatCount(mock), 1);
      }));
  }

  it('stops once two waves of requests failed with nothing answered, after a bounded number of attempts', () =>
    withMock(async (mock) => {
      mock.failAllAfter(0, { kind: 'serverError', status: 503 });
      const client = clientFor(mock, { maxConcurrency: 2, maxRetries: 4 });
      const texts = Array.from({ length: 30 }, (_, i) => `row ${i}`);
      const outcomes = await Promise.all(texts.map((text) => client.complete(ask(text)).catch((error: unknown) => error)));
      for (const outcome of outcomes) {
        assert.ok(outcome instanceof EndpointDownError, String(outcome));
        assert.match(outcome.message, /answered HTTP 503 .* after \d attempts?\. The server is failing or overloaded/);
      }
      // Eight requests failed (twice the concurrency of 2, at least 8), plus at most one more in flight
      // at the trip; each with at most its 5 attempts, should the machine be slower than the backoff.
      const failing = new Set(mock.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => JSON.stringify(request.body)));
      assert.ok(failing.size >= 8 && failing.size <= 9, `${failing.size} requests failed`);
      assert.ok(chatCount(mock) <= 9 * 5, `${chatCount(mock)} attempts`);
      // Each error counts its request's attempts, the ones cut short in flight included (the server may have seen them).
      const counted = outcomes.reduce<number>((total, outcome) => total + (outcome as EndpointDownError).attempts, 0);
      assert.ok(counted >= chatCount(mock) && counted <= chatCount(mock) + 2, `${counted} attempts counted`);
    }));

  it('at a concurrency of 1, stops when a second request uses up its retries with nothing answered', () =>
    withMock(async (mock) => {
      mock.failAllAfter(0, { kind: 'serverError', status: 502 });
      const client = clientFor(mock, { maxConcurrency: 1, maxRetries: 1 });
      const first = await client.complete(ask('a')).catch((error: unknown) => error);
      assert.ok(first instanceof LlmError && !(first instanceof EndpointDownError), 'one request failing is not yet an outage');
      const second = await client.complete(ask('b')).catch((error: unknown) => error);
      assert.ok(second instanceof EndpointDownError);
      assert.equal((await client.complete(ask('c')).catch((error: unknown) => error as EndpointDownError)).attempts, 0);
      assert.equal(chatCount(mock), 4);
    }));

  it('stops when the endpoint refuses connections', async () => {
    const mock = await startMockOpenAi();
    const { url } = mock;
    await mock.close();
    const client = createOpenAiClient({ baseUrl: url, model: 'test-model', maxConcurrency: 2, maxRetries: 1 }, () => {}, { random: () => 0 });
    const outcomes = await Promise.all(['a', 'b', 'c'].map((text) => client.complete(ask(text)).catch((error: unknown) => error)));
    for (const outcome of outcomes) {
      assert.ok(outcome instanceof EndpointDownError);
      assert.match(outcome.message, /^Could not reach .* \(connection refused\) after 2 attempts\. Is the server running\?/);
    }
  });

  it('requests queued behind the limiter while others were answered still see the outage that follows', () =>
    withMock(async (mock) => {
      mock.failAllAfter(3, { kind: 'serverError', status: 503 });
      const client = clientFor(mock, { maxConcurrency: 1, maxRetries: 1 });
      // All six are asked at once; at a concurrency of 1 they queue, and the first three are answered.
      const outcomes = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((text) => client.complete(ask(text)).then(() => 'answered', (error: unknown) => error)));
      assert.deepEqual(outcomes.slice(0, 3), ['answered', 'answered', 'answered']);
      for (const outcome of outcomes.slice(3)) assert.ok(outcome instanceof EndpointDownError, String(outcome));
    }));

  it('one request failing alone is that request’s failure, not an outage: the next one is sent', () =>
    withMock(async (mock) => {
      mock.injectFaults({ kind: 'serverError', status: 500 }, { kind: 'serverError', status: 500 });
      const client = clientFor(mock, { maxConcurrency: 1, maxRetries: 1 });
      const error = await client.complete(ask('crashes the server')).catch((caught: unknown) => caught);
      assert.ok(error instanceof LlmError && !(error instanceof EndpointDownError), String(error));
      assert.deepEqual((await client.complete(ask('fine'))).outputs.length, 1);
    }));

  it('failures with answers between them are no outage', () =>
    withMock(async (mock) => {
      const clock = new FakeClock();
      const retries = new ChangeNotifier();
      let retried = 0;
      const client = clientFor(mock, { maxConcurrency: 2, maxRetries: 1 }, (event) => {
        if (event.type === 'retry') {
          retried += 1;
          retries.changed();
        }
      }, clock);
      mock.injectFaults({ kind: 'serverError', status: 503 });
      const failing = client.complete(ask('unlucky')).catch((caught: unknown) => caught);
      await retries.until(() => retried === 1);
      // Answered while the first request waits to retry: the endpoint is up.
      await client.complete(ask('answered'));
      mock.injectFaults({ kind: 'serverError', status: 503 });
      await clock.advance(250);
      const error = await failing;
      assert.ok(error instanceof LlmError && !(error instanceof EndpointDownError), String(error));
      await client.complete(ask('still sent'));
      assert.equal(chatCount(mock), 4);
    }));
});
