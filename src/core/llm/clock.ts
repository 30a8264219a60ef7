/**
 * The time source of the client: the rate limiter, the retry backoff, the per-attempt time
 * limit and the latency measurement all read it, so tests can pass a fake one and move time by
 * hand instead of waiting on (and racing) the wall clock.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale; only differences mean anything. */
  now(): number;
  /**
   * Calls `callback` after `delayMs`; the returned function cancels it. A `background` timer
   * does not keep the process running on its own (a fleet's probe of a member that is out,
   * which nothing waits for once the run is over).
   */
  schedule(callback: () => void, delayMs: number, background?: boolean): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  schedule: (callback, delayMs, background) => {
    const timer = setTimeout(callback, delayMs);
    if (background) timer.unref();
    return () => clearTimeout(timer);
  },
};
