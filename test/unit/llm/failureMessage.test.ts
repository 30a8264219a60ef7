import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFailure, safeDetail } from '../../../src/core/llm/failure';
import { displayUrl, failureToLlmError, type EndpointFacts } from '../../../src/core/llm/failureMessage';
import { LlmError } from '../../../src/core/llm/types';

const endpoint: EndpointFacts = {
  url: 'http://127.0.0.1:8000/v1',
  model: 'llama3.1',
  apiKeySource: { kind: 'env', name: 'OPENAI_API_KEY', found: true },
};

describe('failureToLlmError', () => {
  it('says what failed, the status, the attempts and what to check for a rejected key', () => {
    const error = failureToLlmError({ kind: 'http', status: 401, detail: 'Incorrect API key' }, 1, endpoint);
    assert.ok(error instanceof LlmError);
    assert.equal(error.status, 401);
    assert.equal(error.attempts, 1);
    assert.equal(error.retryable, false);
    assert.match(error.message, /HTTP 401 \(Incorrect API key\) after 1 attempt\. Check the API key in the environment variable OPENAI_API_KEY/);
  });

  it('says when the key variable is not set', () => {
    const error = failureToLlmError({ kind: 'http', status: 401, detail: '' }, 1, {
      ...endpoint,
      apiKeySource: { kind: 'env', name: 'MY_KEY', found: false },
    });
    assert.match(error.message, /MY_KEY is not set: set it to the API key/);
  });

  it('points at the base URL when the connection is refused', () => {
    const error = failureToLlmError({ kind: 'network', code: 'ECONNREFUSED', detail: 'connect ECONNREFUSED' }, 5, endpoint);
    assert.equal(error.status, null);
    assert.equal(error.retryable, true);
    assert.match(error.message, /Could not reach http:\/\/127\.0\.0\.1:8000\/v1 \(connection refused\) after 5 attempts/);
    assert.match(error.message, /Is the server running\? Check the base URL\./);
  });

  it('names the model on a 404 and the timeout setting on a timeout', () => {
    assert.match(failureToLlmError({ kind: 'http', status: 404, detail: '' }, 1, endpoint).message, /"llama3\.1"/);
    assert.match(
      failureToLlmError({ kind: 'timeout', timeoutMs: 120_000 }, 3, endpoint).message,
      /no answer within 120 s after 3 attempts\. Raise the timeout/,
    );
  });
});

describe('describeFailure', () => {
  it('gives short reasons for events', () => {
    assert.equal(describeFailure({ kind: 'http', status: 503, detail: '' }), 'HTTP 503');
    assert.equal(describeFailure({ kind: 'network', code: 'ECONNRESET', detail: 'x' }), 'connection reset');
    assert.equal(describeFailure({ kind: 'network', code: 'EWHAT', detail: 'x' }), 'network error (EWHAT)');
    assert.equal(describeFailure({ kind: 'timeout', timeoutMs: 300 }), 'no answer within 0.3 s');
  });
});

describe('safeDetail and displayUrl', () => {
  it('removes the key, flattens and shortens server text', () => {
    assert.equal(safeDetail('bad key sk-123\n  given', 'sk-123'), 'bad key *** given');
    assert.equal(safeDetail('x'.repeat(500), undefined).length, 200);
  });

  it('leaves credentials and query out of the URL', () => {
    assert.equal(displayUrl('https://user:secret@example.com/v1/?api-key=secret'), 'https://example.com/v1');
  });
});
