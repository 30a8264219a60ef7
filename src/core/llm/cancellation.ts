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
