import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLlmClientConfig, resolveApiKey } from '../../../src/core/llm/config';
import { estimateRequestTokens } from '../../../src/core/llm/tokenEstimate';

describe('parseLlmClientConfig', () => {
  it('fills in the defaults', () => {
    const config = parseLlmClientConfig({ baseUrl: 'http://127.0.0.1:8000/v1', model: 'm' });
    assert.equal(config.maxConcurrency, 8);
    assert.equal(config.timeoutMs, 120_000);
    assert.equal(config.maxRetries, 4);
    assert.equal(config.requestsPerMinute, undefined);
  });

  it('reads null limits, as VS Code settings give them, as no limit', () => {
    const config = parseLlmClientConfig({
      baseUrl: 'http://127.0.0.1:8000/v1',
      model: 'm',
      requestsPerMinute: null,
      tokensPerMinute: null,
    });
    assert.equal(config.requestsPerMinute, undefined);
    assert.equal(config.tokensPerMinute, undefined);
  });

  it('names every bad field', () => {
    assert.throws(
      () => parseLlmClientConfig({ baseUrl: 'localhost:8000', model: '', maxConcurrency: 0 }),
      (error: Error) => ['baseUrl', 'model', 'maxConcurrency'].every((field) => error.message.includes(field)),
    );
  });
});

describe('resolveApiKey', () => {
  it('prefers a key passed in over the environment', () => {
    const key = resolveApiKey({ apiKey: 'k1', apiKeyEnv: 'KEY' }, { KEY: 'k2' });
    assert.deepEqual(key, { value: 'k1', source: { kind: 'config' } });
  });

  it('reads the named environment variable and says whether it was set', () => {
    assert.deepEqual(resolveApiKey({ apiKeyEnv: 'KEY' }, { KEY: 'k2' }), {
      value: 'k2',
      source: { kind: 'env', name: 'KEY', found: true },
    });
    assert.deepEqual(resolveApiKey({ apiKeyEnv: 'KEY' }, { KEY: '' }), {
      value: undefined,
      source: { kind: 'env', name: 'KEY', found: false },
    });
  });

  it('has no key when none is configured', () => {
    assert.deepEqual(resolveApiKey({}, { OPENAI_API_KEY: 'ambient' }), { value: undefined, source: { kind: 'none' } });
  });
});

describe('estimateRequestTokens', () => {
  it('charges a quarter token per character plus the completion budget per completion', () => {
    const messages = [
      { role: 'system' as const, content: 'abcde' },
      { role: 'user' as const, content: 'abcd' },
    ];
    assert.equal(estimateRequestTokens(messages, undefined), 3 + 256);
    assert.equal(estimateRequestTokens(messages, 100, 2), 3 + 200);
  });
});
