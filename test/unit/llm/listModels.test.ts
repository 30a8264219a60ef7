import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listModels, LlmError } from '../../../src/core/llm';
import { startMockOpenAi, type MockOpenAi, type MockOpenAiOptions } from '../../support/mockOpenAi';

async function withMock(options: MockOpenAiOptions, test: (mock: MockOpenAi) => Promise<void>): Promise<void> {
  const mock = await startMockOpenAi(options);
  try {
    await test(mock);
  } finally {
    await mock.close();
  }
}

describe('listModels', () => {
  it("lists the endpoint's models, sorted, with one GET /v1/models", () =>
    withMock({ model: 'zeta-model', extraModels: ['alpha-model', 'mid-model'] }, async (mock) => {
      const models = await listModels({ baseUrl: mock.url, model: 'any' });
      assert.deepEqual(models, ['alpha-model', 'mid-model', 'zeta-model']);
      assert.deepEqual(
        mock.requests.map((request) => `${request.method} ${request.path}`),
        ['GET /v1/models'],
      );
    }));

  it('sends the key, and a refused key becomes an LlmError that says what to check without showing it', () =>
    withMock({}, async (mock) => {
      const apiKey = 'sk-list-models-7d1e';
      mock.requireApiKey(apiKey);
      assert.deepEqual(await listModels({ baseUrl: mock.url, model: 'm', apiKey }), ['mock-model']);
      const error = await listModels({ baseUrl: mock.url, model: 'm', apiKey: 'sk-wrong-key' }).then(
        () => assert.fail('expected a 401'),
        (rejection: unknown) => rejection,
      );
      assert.ok(error instanceof LlmError);
      assert.equal(error.status, 401);
      assert.match(error.message, /answered HTTP 401.*after 1 attempt\. Check the API key\./);
      assert.ok(!error.message.includes('sk-wrong-key'));
      assert.equal(mock.requests.length, 2, 'no retry');
    }));

  it('says the server is not running when nothing listens', async () => {
    const mock = await startMockOpenAi();
    const url = mock.url;
    await mock.close();
    await assert.rejects(listModels({ baseUrl: url, model: 'm' }), (error: Error) => {
      assert.match(error.message, /Could not reach .*connection refused.*Is the server running\?/);
      return true;
    });
  });
});
