import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttemptFailure } from '../../../src/core/llm/failure';
import {
  isRetryable,
  isRetryableStatus,
  retryDelayMs,
  startAttemptSignal,
  BACKOFF_CAP_MS,
  RETRY_AFTER_CAP_MS,
} from '../../../src/core/llm/retry';
import { FakeClock } from '../../support/fakeClock';

const headers = (values: Record<string, string>) => new Headers(values);

describe('isRetryable', () => {
  it('retries 408, 409, 429 and 5xx, and no other status', () => {
    for (const status of [408, 409, 429, 500, 502, 503, 504]) assert.equal(isRetryableStatus(status), true, `${status}`);
    for (const status of [400, 401, 403, 404, 422]) assert.equal(isRetryableStatus(status), false, `${status}`);
  });

  it('retries connection resets, refusals and timeouts, but not DNS or certificate failures', () => {
    const network = (code: string | undefined): AttemptFailure => ({ kind: 'network', code, detail: '' });
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'UND_ERR_SOCKET', undefined]) {
      assert.equal(isRetryable(network(code)), true, `${code}`);
    }
    for (const code of ['ENOTFOUND', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID']) {
      assert.equal(isRetryable(network(code)), false, code);
    }
    assert.equal(isRetryable({ kind: 'timeout', timeoutMs: 1000 }), true);
    assert.equal(isRetryable({ kind: 'malformed', detail: '' }), true);
    assert.equal(isRetryable({ kind: 'unexpected', detail: '' }), false);
  });
});

describe('retryDelayMs', () => {
  it('honours retry-after-ms before retry-after', () => {
    assert.equal(retryDelayMs(1, headers({ 'retry-after-ms': '300', 'retry-after': '5' }), () => 0.5), 300);
  });

  it('reads retry-after in seconds or as an HTTP date', () => {
    assert.equal(retryDelayMs(1, headers({ 'retry-after': '1' }), () => 0.5), 1000);
    assert.equal(retryDelayMs(1, headers({ 'retry-after': '2.5' }), () => 0.5), 2500);
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(retryDelayMs(1, headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }), () => 0.5, now), 7000);
    assert.equal(retryDelayMs(1, headers({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }), () => 0.5, now), 0);
  });

  it('caps what the server asks for', () => {
    assert.equal(retryDelayMs(1, headers({ 'retry-after': '3600' }), () => 0.5), RETRY_AFTER_CAP_MS);
  });

  it('backs off exponentially from 500 ms with equal jitter, capped at 8 s', () => {
    assert.deepEqual([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, undefined, () => 0)), [250, 500, 1000, 2000]);
    assert.deepEqual([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, undefined, () => 1)), [500, 1000, 2000, 4000]);
    assert.equal(retryDelayMs(12, undefined, () => 1), BACKOFF_CAP_MS);
    assert.equal(retryDelayMs(12, undefined, () => 0), BACKOFF_CAP_MS / 2);
  });

  it('falls back to backoff when the header is unreadable', () => {
    assert.equal(retryDelayMs(1, headers({ 'retry-after': 'soon', 'retry-after-ms': '-5' }), () => 0), 250);
  });
});

describe('startAttemptSignal', () => {
  it('aborts and reports a timeout when the attempt runs out of time', async () => {
    const clock = new FakeClock();
    const attempt = startAttemptSignal(undefined, 20, clock);
    await clock.advance(19);
    assert.equal(attempt.signal.aborted, false);
    await clock.advance(1);
    assert.equal(attempt.signal.aborted, true);
    assert.equal(attempt.timedOut(), true);
    attempt.dispose();
  });

  it("follows the caller's signal without calling it a timeout", () => {
    const caller = new AbortController();
    const attempt = startAttemptSignal(caller.signal, 10_000, new FakeClock());
    caller.abort();
    assert.equal(attempt.signal.aborted, true);
    assert.equal(attempt.timedOut(), false);
    attempt.dispose();
  });

  it('starts aborted when the caller already cancelled', () => {
    const attempt = startAttemptSignal(AbortSignal.abort(), 10_000, new FakeClock());
    assert.equal(attempt.signal.aborted, true);
    attempt.dispose();
  });

  it('detaches from the caller and stops the time limit once disposed', async () => {
    const clock = new FakeClock();
    const caller = new AbortController();
    const attempt = startAttemptSignal(caller.signal, 10_000, clock);
    attempt.dispose();
    caller.abort();
    await clock.advance(10_000);
    assert.equal(attempt.signal.aborted, false);
  });
});
