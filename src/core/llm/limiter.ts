import { createAbortError, whenAborted } from './cancellation';
import { systemClock, type Clock } from './clock';

export interface RateLimits {
  maxConcurrency: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

export interface LimiterOptions {
  clock?: Clock;
  /** Length of the rate window; one minute unless a test shortens it. */
  windowMs?: number;
}

/** A started request's claim on the limits; release it exactly once when the request ends. */
export interface Permit {
  /** Frees the concurrency slot; `actualTokens` replaces the estimate in the token budget. */
  release(actualTokens?: number): void;
}

interface Waiter {
  tokens: number;
  priority: number;
  start(permit: Permit): void;
}

interface WindowEntry {
  startedAt: number;
  tokens: number;
}

/**
 * Admits requests by priority (lowest first; arrival order among equals) under three limits:
 * requests in flight, requests started per minute and tokens per minute. The engine gives each
 * request its row's start order as priority, so a row that has started goes ahead of rows that
 * have not: its next request overtakes their first ones, and rows finish roughly in the order
 * they started instead of all together at the end.
 *
 * The rate limits use a sliding window: a log of the requests started in the last minute with
 * their token cost. Unlike a token bucket it never lets more than the limit start within any
 * 60 s span, which is how providers meter, so a run kept under it does not collect 429s. The
 * log holds at most one minute of starts, which is small at any realistic rate.
 *
 * The head of the queue is never skipped: a request that does not fit yet holds back the ones
 * behind it, so a large prompt cannot be starved by a stream of small ones.
 */
export class RequestLimiter {
  private readonly clock: Clock;
  private readonly windowMs: number;
  private readonly queue: Waiter[] = [];
  private readonly window: WindowEntry[] = [];
  private active = 0;
  private cancelWakeUp: (() => void) | undefined;
  private pumpPending = false;

  constructor(
    private readonly limits: RateLimits,
    options: LimiterOptions = {},
  ) {
    if (!(limits.maxConcurrency >= 1)) throw new RangeError('maxConcurrency must be at least 1');
    this.clock = options.clock ?? systemClock;
    this.windowMs = options.windowMs ?? 60_000;
  }

  get inFlight(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Resolves when a request costing `estimatedTokens` may start, before every waiting request
   * of a higher `priority` number; rejects with an AbortError if `signal` aborts first.
   */
  acquire(estimatedTokens: number, signal?: AbortSignal, priority = 0): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(createAbortError());
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(createAbortError());
        // The head may have been what held the others back.
        if (index === 0) this.pump();
      };
      // Through whenAborted: every queued request listens to the same run-long signal.
      const stopListening = signal ? whenAborted(signal, onAbort) : undefined;
      const waiter: Waiter = {
        tokens: estimatedTokens,
        priority,
        start: (permit) => {
          stopListening?.();
          resolve(permit);
        },
      };
      this.queue.splice(this.insertionIndex(waiter), 0, waiter);
      this.pump();
    });
  }

  /**
   * A freed slot is handed on once the current turn of the event loop is over: the row whose
   * request just ended builds its next request in that turn, and must find it queued, ahead
   * of rows that have not started, rather than find the slot already given away.
   */
  private pumpAfterThisTurn(): void {
    if (this.pumpPending) return;
    this.pumpPending = true;
    setImmediate(() => {
      this.pumpPending = false;
      this.pump();
    });
  }

  /** Where `waiter` goes in the queue: after every waiter of a lower or equal priority, so equals keep arrival order. */
  private insertionIndex(waiter: Waiter): number {
    let low = 0;
    let high = this.queue.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const other = this.queue[middle] as Waiter;
      if (other.priority <= waiter.priority) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Starts queued requests from the head while they fit; otherwise waits for a release or for the window to move. */
  private pump(): void {
    this.cancelWakeUp?.();
    this.cancelWakeUp = undefined;
    for (let head = this.queue[0]; head !== undefined; head = this.queue[0]) {
      if (this.active >= this.limits.maxConcurrency) return;
      const waitMs = this.rateWaitMs(head.tokens);
      if (waitMs > 0) {
        this.cancelWakeUp = this.clock.schedule(() => {
          this.cancelWakeUp = undefined;
          this.pump();
        }, waitMs);
        return;
      }
      this.queue.shift();
      head.start(this.admit(head.tokens));
    }
  }

  private admit(tokens: number): Permit {
    const entry: WindowEntry = { startedAt: this.clock.now(), tokens };
    this.window.push(entry);
    this.active += 1;
    let released = false;
    return {
      release: (actualTokens) => {
        if (released) return;
        released = true;
        // Without a usage report the estimate stays: erring high keeps the run under the limit.
        if (actualTokens !== undefined) entry.tokens = actualTokens;
        this.active -= 1;
        this.pumpAfterThisTurn();
      },
    };
  }

  /** How long until a request costing `tokens` fits both rate limits; 0 when it fits now. */
  private rateWaitMs(tokens: number): number {
    const now = this.clock.now();
    while (this.window[0] !== undefined && this.window[0].startedAt + this.windowMs <= now) this.window.shift();
    let readyAt = now;
    const rpm = this.limits.requestsPerMinute;
    if (rpm !== undefined && this.window.length >= rpm) {
      // Enough of the oldest starts must leave the window to bring the count below the limit.
      const entry = this.window[this.window.length - rpm];
      if (entry) readyAt = Math.max(readyAt, entry.startedAt + this.windowMs);
    }
    const tpm = this.limits.tokensPerMinute;
    if (tpm !== undefined) {
      let used = this.window.reduce((total, entry) => total + entry.tokens, 0);
      // A request larger than the whole budget runs once the window is empty rather than never.
      for (const entry of this.window) {
        if (used + tokens <= tpm) break;
        used -= entry.tokens;
        readyAt = Math.max(readyAt, entry.startedAt + this.windowMs);
      }
    }
    return readyAt - now;
  }
}
