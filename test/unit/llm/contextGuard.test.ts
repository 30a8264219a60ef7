import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextProblem, contextWindowFor } from '../../../src/core/llm/contextGuard';
import { findKnownModel } from '../../../src/core/llm/knownModels';
import { countChatTokens } from '../../../src/core/llm/tokenCount';
import { createOpenAiClient, EndpointDownError, LlmError } from '../../../src/core/llm';
import { startMockOpenAi } from '../../support/mockOpenAi';

const user = (content: string) => [{ role: 'user' as const, content }];

describe('known models and token counts', () => {
  it('finds dated and provider-prefixed names, and nothing for unknown ones', () => {
    assert.equal(findKnownModel('gpt-4o-mini-2024-07-18')?.name, 'gpt-4o-mini');
    assert.equal(findKnownModel('openai/GPT-4o')?.name, 'gpt-4o');
    assert.equal(findKnownModel('gpt-4.1-nano')?.contextTokens, 1_047_576);
    assert.equal(findKnownModel('llama3.1:8b'), undefined);
  });

  it("counts a known model's chat tokens exactly, and estimates the rest", () => {
    // "Hello" and " world" are two tokens, "user" one, and the chat wrapping six.
    assert.deepEqual(countChatTokens('gpt-4o', user('Hello world')), { tokens: 9, exact: true });
    assert.deepEqual(countChatTokens('gpt-4o', user('<|endoftext|>')).exact, true, 'special-token text is counted as text, not refused');
    assert.deepEqual(countChatTokens('llama3.1', user('Hello world')), { tokens: 3 + 3 + 3, exact: false });
  });
});

describe('contextProblem', () => {
  it('lets a prompt that fits through, counting only when it could not', () => {
    assert.equal(contextProblem('gpt-4o', contextWindowFor('gpt-4o', 12), { messages: user('Hello world') }, undefined), undefined);
  });

  it('refuses a prompt over the window, with the exact count and where the window comes from', () => {
    assert.equal(
      contextProblem('gpt-4o', contextWindowFor('gpt-4o', 8), { messages: user('Hello world') }, undefined),
      'The prompt is 9 tokens, more than the 8-token context window (the window of "gpt-4o" is from the endpoint settings), so it was not sent. ' +
        "Shorten the row's input, or set the endpoint's context window (contextTokens) if the model takes more.",
    );
  });

  it('keeps max_tokens for the answer', () => {
    assert.match(
      contextProblem('gpt-4o', contextWindowFor('gpt-4o', 20), { messages: user('Hello world') }, 15) ?? '',
      /^The prompt is 9 tokens, more than the 5 tokens left of the 20-token context window once max_tokens \(15\) is kept for the answer/,
    );
  });

  it('refuses a 10 MB prompt for a model with no known window', () => {
    const problem = contextProblem('mock-model', contextWindowFor('mock-model', undefined), { messages: user('x'.repeat(10_000_000)) }, undefined);
    assert.equal(
      problem,
      'The prompt is about 2,500,006 tokens (estimated at 4 characters a token), more than the 1,000,000-token context window ' +
        '(no window is known for "mock-model", so the 1,000,000-token ceiling applies), so it was not sent. ' +
        "Shorten the row's input, or set the endpoint's context window (contextTokens) if the model takes more.",
    );
  });
});

describe('the client refuses an overlong prompt without sending it', () => {
  it('fails that request alone, with attempts 0; the next one is sent', async () => {
    const mock = await startMockOpenAi();
    try {
      const client = createOpenAiClient({ baseUrl: mock.url, model: 'mock-model', contextTokens: 50 });
      const error = await client.complete({ messages: user('word '.repeat(400)) }).catch((caught: unknown) => caught);
      assert.ok(error instanceof LlmError && !(error instanceof EndpointDownError));
      assert.equal(error.attempts, 0);
      assert.match(error.message, /^The prompt is about 506 tokens \(estimated at 4 characters a token\), more than the 50-token context window/);
      assert.equal(mock.requests.length, 0);
      await client.complete({ messages: user('short') });
      assert.equal(mock.requests.length, 1);
    } finally {
      await mock.close();
    }
  });
});
