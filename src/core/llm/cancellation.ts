import type { Clock } from './clock';

/** The rejection for work the caller cancelled; callers recognise it by `name === 'AbortError'`. */
export function createAbortError(): Error {
  const error = new Error('The request was cancelled.');
  error.name = 'AbortError';
  return error;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** Waits `ms` on `clock`, or rejects with an AbortError as soon as `signal` aborts. */
export function abortableSleep(ms: number, clock: Clock, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(createAbortError());
      return;
    }
    const onAbort = (): void => {
      cancelTimer();
      reject(createAbortError());
    };
    const cancelTimer = clock.schedule(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface LinkedSignal {
  /** Aborts when either source does. */
  readonly signal: AbortSignal;
  /** Detaches from both sources. */
  dispose(): void;
}

/** The callbacks waiting on each signal that `whenAborted` listens to, in the order they came. */
const waitingOn = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `onAbort` when `signal` aborts (never if it already has); returns what detaches it.
 * Every request in flight listens to the same run-long signals (the run's, the endpoint
 * breaker's), and an AbortSignal walks its whole list of listeners on every add and remove:
 * here each signal has one listener, and requests join and leave a Set.
 */
export function whenAborted(signal: AbortSignal, onAbort: () => void): () => void {
  let waiting = waitingOn.get(signal);
  if (!waiting) {
    const callbacks = new Set<() => void>();
    waitingOn.set(signal, callbacks);
    signal.addEventListener(
      'abort',
      () => {
        waitingOn.delete(signal);
        for (const callback of callbacks) callback();
      },
      { once: true },
    );
    waiting = callbacks;
  }
  const callbacks = waiting;
  callbacks.add(onAbort);
  return () => callbacks.delete(onAbort);
}

/**
 * A signal that aborts with either source. Built by hand rather than with AbortSignal.any so
 * each request detaches from the run-long signals when it ends.
 */
export function linkSignals(first: AbortSignal | undefined, second: AbortSignal | undefined): LinkedSignal {
  if (!first || !second) return { signal: first ?? second ?? new AbortController().signal, dispose: () => {} };
  const controller = new AbortController();
  if (first.aborted) controller.abort(first.reason);
  else if (second.aborted) controller.abort(second.reason);
  const detachFirst = whenAborted(first, () => controller.abort(first.reason));
  const detachSecond = whenAborted(second, () => controller.abort(second.reason));
  return {
    signal: controller.signal,
    dispose: () => {
      detachFirst();
      detachSecond();
    },
  };
}
