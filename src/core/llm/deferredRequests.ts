/**
 * How a batch run takes over the requests the request cache lacks: instead of sending one, the
 * client hands it to `take`, which records it for a batch and returns the error to fail the
 * request with, or returns undefined to have it sent online after all (`--batch-fallback online`
 * for a request its batch failed).
 */
export interface DeferredRequests {
  /** `key` is the request's cache key, `body` the exact chat-completions body it would send. */
  take(key: string, body: Readonly<Record<string, unknown>>): Error | undefined;
}

/**
 * A request left for a batch: its row is not finished this round. Never an LlmError, so it is
 * never retried, never counts against the endpoint and never becomes a row's failure: the
 * engine leaves the row out and a later run, with the batch's answers in the cache, finishes it.
 */
export class PendingInBatchError extends Error {
  constructor(
    /** The request's cache key: the custom_id of its batch line. */
    readonly key: string,
    /** Why it is asked again, when an earlier batch failed it (already scrubbed of keys). */
    readonly earlierFailure?: string,
  ) {
    super(earlierFailure ? `its request failed in a batch (${earlierFailure}) and goes into the next batch` : 'its request is pending in a batch');
    this.name = 'PendingInBatchError';
  }
}

export function isPendingInBatch(error: unknown): error is PendingInBatchError {
  return error instanceof PendingInBatchError;
}
