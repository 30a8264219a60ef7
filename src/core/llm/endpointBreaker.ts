import { setMaxListeners } from 'node:events';
import type { AttemptFailure } from './failure';
import { isRetryable } from './retry';
import { LlmError } from './types';

/**
 * Thrown by every request of a client once its endpoint is judged unusable: the run stops
 * instead of paying for retries on every row and writing rows it never had answers for.
 */
export class EndpointDownError extends LlmError {
  constructor(message: string, status: number | null, attempts: number) {
    super(message, status, attempts, false);
    this.name = 'EndpointDownError';
  }

  /** The same stop, as thrown by a request that had sent `attempts` attempts when it came. */
  withAttempts(attempts: number): EndpointDownError {
    return new EndpointDownError(this.message, this.status, attempts);
  }
}

export function isEndpointDown(error: unknown): error is EndpointDownError {
  return error instanceof EndpointDownError;
}

/** Statuses that no retry and no other row will fix: a key refused, a model or a path unknown. */
const DEAD_STATUSES = new Set([401, 403, 404]);

/** Requests that must have failed since the last success before a request's own failure counts as the endpoint's. */
const OUTAGE_MIN_REQUESTS = 2;

/**
 * Watches every attempt a client makes and trips once the endpoint is clearly unusable:
 * - at once, on a 401, 403 or 404, or a network error no retry fixes (unknown host, TLS);
 * - when, with no success in between, failures worth retrying (connection errors, timeouts,
 *   5xx, 429) have hit twice as many requests as may be in flight (at least 8): two whole
 *   waves failed, so this is an outage, not bad luck, and waiting out every row's retries
 *   would only send more;
 * - when a request has used all its retries while no request succeeded since it began and at
 *   least one other failed (what the rule above cannot see at a concurrency of 1 to 3).
 * One prompt that keeps crashing the server while others get answers stays that row's failure.
 * Once tripped, `signal` aborts every attempt in flight and `error` is what they all throw.
 */
export class EndpointBreaker {
  private readonly controller = new AbortController();
  private successes = 0;
  /** Requests with a failed attempt since the last success. */
  private readonly failingRequests = new Set<number>();
  private tripped: EndpointDownError | undefined;
  private readonly outageRequests: number;

  constructor(maxConcurrency: number) {
    this.outageRequests = Math.max(8, 2 * maxConcurrency);
    // Every request in flight listens to it; hundreds are expected.
    setMaxListeners(0, this.controller.signal);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get error(): EndpointDownError | undefined {
    return this.tripped;
  }

  /** A mark taken when a request's first attempt goes out, for `judgeFinalFailure` to tell whether anything succeeded since. */
  successMark(): number {
    return this.successes;
  }

  recordSuccess(): void {
    this.successes += 1;
    this.failingRequests.clear();
  }

  /** Records a failed attempt; returns the stop error when the endpoint is now judged unusable. */
  recordFailure(requestId: number, failure: AttemptFailure, toError: () => LlmError): EndpointDownError | undefined {
    if (isRetryable(failure)) this.failingRequests.add(requestId);
    const dead = (failure.kind === 'http' && DEAD_STATUSES.has(failure.status)) || (failure.kind === 'network' && !isRetryable(failure));
    return dead || this.failingRequests.size >= this.outageRequests ? this.trip(toError()) : undefined;
  }

  /** Judges a request's last failure, after its retries: an outage when nothing succeeded meanwhile. */
  judgeFinalFailure(mark: number, failure: AttemptFailure, toError: () => LlmError): EndpointDownError | undefined {
    const outage = isRetryable(failure) && this.successes === mark && this.failingRequests.size >= OUTAGE_MIN_REQUESTS;
    return outage ? this.trip(toError()) : undefined;
  }

  private trip(cause: LlmError): EndpointDownError {
    this.tripped ??= new EndpointDownError(cause.message, cause.status, cause.attempts);
    this.controller.abort(this.tripped);
    return this.tripped;
  }
}
