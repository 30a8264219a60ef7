import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonValue } from '../../../src/core/cache';
import { createLlmClient, parseLlmClientConfig, type LlmEvent } from '../../../src/core/llm';
import { chatCacheKey } from '../../../src/core/llm/openAiClient';
import type { ResponseStore } from '../../../src/core/llm/responseCache';
import { FakeClock } from '../../support/fakeClock';
import { startMockOpenAi } from '../../support/mockOpenAi';

const ask = (text: string) => ({ messages: [{ role: 'user' as const, content: text }] });
const chats = (mock: { requests: { path: string }[] }) => mock.requests.filter((request) => request.path === '/v1/chat/completions').length;

function memoryStore(): ResponseStore & { keys(): string[] } {
  const entries = new Map<string, JsonValue>();
  return { get: (key) => entries.get(key), put: (key, value) => void entries.set(key, value), keys: () => [...entries.keys()] };
}

describe('a fleet of OpenAI clients over mock endpoints', () => {
  it('caches under the first base URL whichever member answered, so a cached answer is a hit for every member', async () => {
    const [first, second] = await Promise.all([startMockOpenAi(), startMockOpenAi()]);
    try {
      const store = memoryStore();
      const events: LlmEvent[] = [];
      const config = { model: 'mock-model', baseUrls: [{ url: first.url }, { url: second.url }], maxConcurrency: 1 };
      const client = createLlmClient(config, (event) => events.push(event), {}, { store });
      const prompts = ['one', 'two', 'three', 'four'];
      const answers = await Promise.all(prompts.map((prompt) => client.complete(ask(prompt))));
      assert.ok(chats(first) > 0 && chats(second) > 0, 'both members answered');
      assert.equal(chats(first) + chats(second), 4);
      const single = parseLlmClientConfig({ baseUrl: first.url, model: 'mock-model' });
      assert.deepEqual(store.keys().sort(), prompts.map((prompt) => chatCacheKey(single, ask(prompt), false, 0)).sort());

      // Asked again, every answer comes from the cache, at whichever member the request goes to.
      const again = await Promise.all(prompts.map((prompt) => client.complete(ask(prompt))));
      assert.deepEqual(again.map((answer) => [answer.cached, answer.attempts]), prompts.map(() => [true, 0]));
      assert.deepEqual(again.map((answer) => answer.outputs), answers.map((answer) => answer.outputs));
      assert.equal(chats(first) + chats(second), 4, 'nothing more was sent');

      const responses = events.filter((event) => event.type === 'response');
      assert.deepEqual(new Set(responses.map((event) => event.endpoint)), new Set([first.url, second.url]), 'each response names its member');
      assert.equal(new Set(responses.map((event) => event.id)).size, 4, 'ids are unique across members');
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('takes out a member that refuses connections at its first attempt and sends its requests to the others', async () => {
    const [gone, alive] = await Promise.all([startMockOpenAi(), startMockOpenAi()]);
    await gone.close();
    try {
      const events: LlmEvent[] = [];
      const config = { model: 'mock-model', baseUrls: [{ url: gone.url }, { url: alive.url }], maxConcurrency: 2 };
      // The fake clock keeps the probe from ever running: nothing here depends on time.
      const client = createLlmClient(config, (event) => events.push(event), { clock: new FakeClock() });
      const answers = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((prompt) => client.complete(ask(prompt))));
      assert.equal(chats(alive), 5, 'the live member answered every request once');
      assert.ok(answers.every((answer) => answer.outputs[0]));
      const failures = events.filter((event) => event.type === 'failure');
      assert.ok(failures.length >= 1 && failures.every((event) => event.endpoint === gone.url && event.reason === 'connection refused' && event.attempt === 1), 'no retry at the refusing member');
      assert.equal(events.filter((event) => event.type === 'retry').length, 0);
      assert.deepEqual(
        events.filter((event) => event.type === 'endpoint-out').map((event) => event.endpoint),
        [gone.url],
      );
      assert.equal(answers.reduce((total, answer) => total + answer.attempts, 0), 5 + failures.length, 'the refused attempts are counted as sent');
    } finally {
      await alive.close();
    }
  });
});

describe('parseLlmClientConfig with baseUrls', () => {
  it("gives each member the shared concurrency unless it has its own, and the fleet their total and its first member's URL", () => {
    const config = parseLlmClientConfig({ model: 'm', maxConcurrency: 3, baseUrls: [{ url: 'http://a:1/v1', maxConcurrency: 5 }, { url: 'http://b:1/v1' }] });
    assert.deepEqual(config.baseUrls, [
      { url: 'http://a:1/v1', maxConcurrency: 5 },
      { url: 'http://b:1/v1', maxConcurrency: 3 },
    ]);
    assert.equal(config.maxConcurrency, 8);
    assert.equal(config.baseUrl, 'http://a:1/v1');
  });

  it('refuses both baseUrl and baseUrls, neither, a fleet of one and a bad member URL, saying what to write', () => {
    const cases: [unknown, RegExp][] = [
      [{ model: 'm', baseUrl: 'http://a/v1', baseUrls: [{ url: 'http://b/v1' }, { url: 'http://c/v1' }] }, /baseUrl for one endpoint or baseUrls for a fleet, not both[\s\S]*baseUrls/],
      [{ model: 'm' }, /baseUrl is required \(or baseUrls/],
      [{ model: 'm', baseUrls: [{ url: 'http://b/v1' }] }, /at least two endpoints; for one, give baseUrl/],
      [{ model: 'm', baseUrls: [{ url: 'http://b/v1' }, { url: 'gpu2:8000' }] }, /url must be an http\(s\) URL[\s\S]*baseUrls\[1\]\.url/],
    ];
    for (const [input, message] of cases) assert.throws(() => parseLlmClientConfig(input), message);
  });
});
