import type { Clock } from '../../src/core/llm/clock';

interface Timer {
  at: number;
  callback: () => void;
}

/**
 * A clock that only moves when the test says so, for the client, the limiter and in-process
 * fake clients: a test asserts what has happened before and after a given moment exactly,
 * however slow the machine is.
 */
export class FakeClock implements Clock {
  private time = 0;
  private timers: Timer[] = [];

  now(): number {
    return this.time;
  }

  schedule(callback: () => void, delayMs: number): () => void {
    const timer = { at: this.time + delayMs, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Resolves after `ms` of this clock's time; rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        cancel();
        reject(signal?.reason);
      };
      const cancel = this.schedule(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Moves time forward by `ms`, firing the timers due on the way in time order, each followed by a settle. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (let due = this.earliestTimer(); due !== undefined && due.at <= target; due = this.earliestTimer()) {
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.callback();
      await settle();
    }
    this.time = target;
    await settle();
  }

  /**
   * Moves time from timer to timer until `work` settles, and returns its result. For work that
   * waits on nothing but this clock and promises: anything else (a socket, a file) could still
   * be pending when the timers run out, so that throws.
   */
  async runUntil<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    await settle();
    while (!settled) {
      const due = this.earliestTimer();
      if (due === undefined) throw new Error('the work waits for something other than the fake clock');
      await this.advance(due.at - this.time);
    }
    return work;
  }

  private earliestTimer(): Timer | undefined {
    // Timers due at the same moment fire in the order they were scheduled (the sort is stable).
    return [...this.timers].sort((a, b) => a.at - b.at)[0];
  }
}

/** Lets every promise continuation that is ready run: one turn of the event loop. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
