import { whenAborted } from './cancellation';
import type { Clock } from './clock';
import type { AttemptFailure, HeaderReader } from './failure';

export const RETRY_AFTER_CAP_MS = 60_000;
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 8_000;

/** 408 timeout, 409 conflict (OpenAI's "try again"), 429 rate limit and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

// Network errors that a retry cannot fix: a mistyped host or a certificate problem.
const PERMANENT_NETWORK_CODES = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'ERR_INVALID_ARG_VALUE']);

/** Connection refused/reset and other transient network errors are worth retrying; DNS and TLS failures are not. */
export function isRetryableNetworkCode(code: string | undefined): boolean {
  if (code === undefined) return true;
  return !PERMANENT_NETWORK_CODES.has(code) && !code.includes('CERT') && !code.startsWith('ERR_TLS');
}

export function isRetryable(failure: AttemptFailure): boolean {
  switch (failure.kind) {
    case 'http':
      return isRetryableStatus(failure.status);
    case 'network':
      return isRetryableNetworkCode(failure.code);
    // A hung attempt, or a garbled body from an overloaded proxy, often goes fine the next time.
    case 'timeout':
    case 'malformed':
      return true;
    case 'unexpected':
      return false;
  }
}

/**
 * Milliseconds to wait after failed attempt number `attempt` (1 for the first). The server's
 * `retry-after-ms`, then `retry-after` (seconds or an HTTP date), win, capped at a minute.
 * Otherwise exponential backoff from 500 ms, capped at 8 s, with equal jitter: half the step
 * is fixed and half random, so retries from many requests spread out without any of them
 * coming back at once.
 */
export function retryDelayMs(
  attempt: number,
  headers: HeaderReader | undefined,
  random: () => number = Math.random,
  nowMs: number = Date.now(),
): number {
  const fromServer = serverRetryDelayMs(headers, nowMs);
  if (fromServer !== undefined) return Math.min(fromServer, RETRY_AFTER_CAP_MS);
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

function serverRetryDelayMs(headers: HeaderReader | undefined, nowMs: number): number | undefined {
  const milliseconds = parseNonNegative(headers?.get('retry-after-ms'));
  if (milliseconds !== undefined) return milliseconds;
  const retryAfter = headers?.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  const seconds = parseNonNegative(retryAfter);
  if (seconds !== undefined) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function parseNonNegative(text: string | null | undefined): number | undefined {
  if (!text || !/^\s*\d+(\.\d+)?\s*$/.test(text)) return undefined;
  return Number(text);
}

export interface AttemptSignal {
  /** Aborts when the caller cancels or the attempt runs out of time. */
  readonly signal: AbortSignal;
  timedOut(): boolean;
  /** Stops the timer and detaches from the caller's signal. */
  dispose(): void;
}

/**
 * The signal for one attempt: the caller's signal plus a time limit on `clock`, so a hung
 * request turns into a retryable timeout. Built by hand rather than with AbortSignal.any/timeout
 * so each attempt removes its listener from the run-long caller signal and its timer when it
 * ends, instead of leaving both to garbage collection across thousands of requests, and so a
 * test's fake clock decides when the limit passes.
 */
export function startAttemptSignal(callerSignal: AbortSignal | undefined, timeoutMs: number, clock: Clock): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const cancelTimer = clock.schedule(() => {
    timedOut = true;
    controller.abort(new DOMException(`No answer within ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  let detach: (() => void) | undefined;
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else if (callerSignal) detach = whenAborted(callerSignal, () => controller.abort(callerSignal.reason));
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      cancelTimer();
      detach?.();
    },
  };
}
