import { abortableSleep, createAbortError, linkSignals } from './cancellation';
import type { Clock } from './clock';
import type { EndpointBreaker } from './endpointBreaker';
import { describeFailure, failureStatus, type AttemptFailure } from './failure';
import type { RequestLimiter } from './limiter';
import { isLostConnection, LostConnectionError } from './lostConnection';
import { isRetryable, retryDelayMs, startAttemptSignal } from './retry';
import type { LlmError, LlmEvent, TokenUsage } from './types';

/** What one successful attempt produced. */
export interface SentAttempt<T> {
  value: T;
  status: number;
  usage: TokenUsage;
}

/** One request as the retry loop sees it, independent of the SDK that sends it. */
export interface AttemptSpec<T> {
  id: number;
  estimatedTokens: number;
  /** Its place in the limiter's queue: lower goes first (the row's start order). */
  priority?: number;
  send(signal: AbortSignal): Promise<SentAttempt<T>>;
  /** Turns what `send` threw into a failure; only called when neither cancellation nor the time limit caused it. */
  classify(error: unknown): AttemptFailure;
  toError(failure: AttemptFailure, attempts: number): LlmError;
}

export interface AttemptPolicy {
  limiter: RequestLimiter;
  /** Times the backoff, each attempt's time limit and the latency: the limiter's clock, so one fake clock drives a test. */
  clock: Clock;
  maxRetries: number;
  timeoutMs: number;
  random: () => number;
  onEvent: (event: LlmEvent) => void;
  /** Shared by every request to the endpoint; stops them all once it is clearly unusable. */
  breaker?: EndpointBreaker;
  /**
   * Set for a fleet member: a lost connection (refused, reset) ends the request at once with a
   * LostConnectionError instead of a retry here, so the fleet moves it to another member.
   */
  handOffLostConnection?: boolean;
}

export interface AttemptsResult<T> extends SentAttempt<T> {
  latencyMs: number;
  attempts: number;
}

/**
 * Sends a request until it succeeds, fails for good or runs out of retries. Every attempt,
 * retries included, waits its turn at the limiter, so a burst of retries cannot break the rate
 * limits; the concurrency slot is given back during the backoff. Every `request` event is
 * followed by exactly one `response`, `retry` or `failure` event for the same attempt.
 * Cancelling `signal` rejects at once with an AbortError, never retried. Once the policy's
 * breaker judges the endpoint unusable, this and every other request rejects with its
 * EndpointDownError. A fleet member's request whose connection is lost rejects with a
 * LostConnectionError (see `handOffLostConnection`).
 */
export async function runAttempts<T>(
  spec: AttemptSpec<T>,
  policy: AttemptPolicy,
  signal?: AbortSignal,
): Promise<AttemptsResult<T>> {
  const { breaker } = policy;
  if (breaker?.error) throw breaker.error.withAttempts(0);
  const linked = linkSignals(signal, breaker?.signal);
  const sent = { attempts: 0 };
  try {
    return await attemptUntilDone(spec, policy, linked.signal, sent);
  } catch (error) {
    // Tripped by another request: this one stops with the same error, unless the caller cancelled first.
    if (!signal?.aborted && breaker?.error && error !== breaker.error) throw breaker.error.withAttempts(sent.attempts);
    throw error;
  } finally {
    linked.dispose();
  }
}

async function attemptUntilDone<T>(
  spec: AttemptSpec<T>,
  policy: AttemptPolicy,
  signal: AbortSignal,
  sent: { attempts: number },
): Promise<AttemptsResult<T>> {
  const { id } = spec;
  const { breaker } = policy;
  // Taken when the first attempt goes out, not when the request queued at the limiter: what
  // succeeded while it waited says nothing about the time it spent failing.
  let successMark = 0;
  for (let attempt = 1; ; attempt++) {
    const permit = await policy.limiter.acquire(spec.estimatedTokens, signal, spec.priority);
    if (attempt === 1) successMark = breaker?.successMark() ?? 0;
    sent.attempts = attempt;
    policy.onEvent({ type: 'request', id, attempt });
    const outcome = await attemptOnce(spec, policy, signal);
    if (outcome.ok) {
      const { sent, latencyMs } = outcome;
      permit.release(sent.usage.inputTokens + sent.usage.outputTokens);
      breaker?.recordSuccess();
      policy.onEvent({ type: 'response', id, attempt, status: sent.status, latencyMs, usage: sent.usage });
      return { value: sent.value, status: sent.status, usage: sent.usage, latencyMs, attempts: attempt };
    }
    permit.release();
    if (outcome.cancelled) {
      policy.onEvent({ type: 'failure', id, attempt, status: null, reason: breaker?.error ? 'stopped: the endpoint is down' : 'cancelled' });
      throw createAbortError();
    }

    const { failure } = outcome;
    const status = failureStatus(failure);
    const reason = describeFailure(failure);
    const toError = () => spec.toError(failure, attempt);
    const endpointDown = breaker?.recordFailure(id, failure, toError);
    if (!endpointDown && policy.handOffLostConnection && isLostConnection(failure)) {
      policy.onEvent({ type: 'failure', id, attempt, status, reason });
      throw new LostConnectionError(toError());
    }
    if (endpointDown || !isRetryable(failure) || attempt > policy.maxRetries) {
      policy.onEvent({ type: 'failure', id, attempt, status, reason });
      throw endpointDown ?? breaker?.judgeFinalFailure(successMark, failure, toError) ?? toError();
    }
    const headers = failure.kind === 'http' ? failure.headers : undefined;
    const delayMs = retryDelayMs(attempt, headers, policy.random);
    policy.onEvent({ type: 'retry', id, attempt, status, delayMs, reason });
    await abortableSleep(delayMs, policy.clock, signal);
  }
}

type AttemptOutcome<T> =
  | { ok: true; sent: SentAttempt<T>; latencyMs: number }
  | { ok: false; cancelled: true }
  | { ok: false; cancelled: false; failure: AttemptFailure };

async function attemptOnce<T>(spec: AttemptSpec<T>, policy: AttemptPolicy, signal?: AbortSignal): Promise<AttemptOutcome<T>> {
  const { clock, timeoutMs } = policy;
  const attemptSignal = startAttemptSignal(signal, timeoutMs, clock);
  const startedAt = clock.now();
  try {
    const sent = await spec.send(attemptSignal.signal);
    return { ok: true, sent, latencyMs: Math.round(clock.now() - startedAt) };
  } catch (error) {
    if (signal?.aborted) return { ok: false, cancelled: true };
    const failure: AttemptFailure = attemptSignal.timedOut() ? { kind: 'timeout', timeoutMs } : spec.classify(error);
    return { ok: false, cancelled: false, failure };
  } finally {
    attemptSignal.dispose();
  }
}
