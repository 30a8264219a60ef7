import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createOpenAiClient } from '../../../src/core/llm';
import { startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';

const format = { name: 'scores', schema: { type: 'object', properties: { scores: { type: 'array' } } } };
const messages = [{ role: 'user' as const, content: 'Rate this.' }];

describe('structured output', () => {
  let mock: MockOpenAi;
  before(async () => {
    mock = await startMockOpenAi();
  });
  after(async () => {
    await mock.close();
  });

  test('sends response_format as a json_schema and reports that it was accepted', async () => {
    mock.requests.length = 0;
    const client = createOpenAiClient({ baseUrl: mock.url, model: 'mock-model' });
    const result = await client.complete({ messages, responseFormat: format });
    assert.equal(result.structuredOutput, true);
    assert.deepEqual((mock.requests[0]?.body as { response_format?: unknown }).response_format, {
      type: 'json_schema',
      json_schema: { name: 'scores', schema: format.schema, strict: false },
    });
  });

  test('an endpoint that refuses response_format gets plain requests from then on', async () => {
    mock.requests.length = 0;
    mock.injectFaults({ kind: 'clientError', status: 400, message: "Unrecognized request argument supplied: response_format" });
    const client = createOpenAiClient({ baseUrl: mock.url, model: 'mock-model' });
    const first = await client.complete({ messages, responseFormat: format });
    const second = await client.complete({ messages, responseFormat: format });
    assert.deepEqual([first.structuredOutput, second.structuredOutput], [false, false]);
    const sentFormats = mock.requests.map((request) => (request.body as { response_format?: unknown }).response_format !== undefined);
    assert.deepEqual(sentFormats, [true, false, false], 'refused once, then never sent again');
  });

  test('a 400 on a request without response_format is not retried as if it were one', async () => {
    mock.requests.length = 0;
    mock.injectFaults({ kind: 'clientError', status: 400, message: 'context too long' });
    const client = createOpenAiClient({ baseUrl: mock.url, model: 'mock-model' });
    await assert.rejects(client.complete({ messages }), /HTTP 400/);
    assert.equal(mock.requests.length, 1);
  });
});
