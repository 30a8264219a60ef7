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

/**
 * A signal that aborts with either source. Built by hand rather than with AbortSignal.any so
 * each request removes its listeners from the run-long signals when it ends.
 */
export function linkSignals(first: AbortSignal | undefined, second: AbortSignal | undefined): LinkedSignal {
  if (!first || !second) return { signal: first ?? second ?? new AbortController().signal, dispose: () => {} };
  const controller = new AbortController();
  const onFirst = (): void => controller.abort(first.reason);
  const onSecond = (): void => controller.abort(second.reason);
  if (first.aborted) onFirst();
  else if (second.aborted) onSecond();
  first.addEventListener('abort', onFirst, { once: true });
  second.addEventListener('abort', onSecond, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      first.removeEventListener('abort', onFirst);
      second.removeEventListener('abort', onSecond);
    },
  };
}
