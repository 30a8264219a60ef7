import { PendingInBatchError, type DeferredRequests } from '../llm/deferredRequests';
import { LlmError } from '../llm/types';

export interface BatchRoundOptions {
  /** Reasons each request failed in earlier batches, oldest first (see failuresByRequest). */
  failures: ReadonlyMap<string, readonly string[]>;
  /** Send a request an earlier batch failed online, now, instead of in the next batch (`--batch-fallback online`). */
  fallbackOnline: boolean;
  /**
   * Batches one request may fail in before its row fails with the last reason, as a request
   * online fails after its retries; the client's retries plus one.
   */
  maxBatchAttempts: number;
}

/**
 * One round of a batch run, for one endpoint: every chat request the cache lacks is recorded
 * here, with the exact body it would send, and fails unsent with a PendingInBatchError, so its
 * row waits for the batch. A request an earlier batch failed goes into the next batch (its row
 * is told why), online with `fallbackOnline`, and fails its row once it has used its attempts.
 */
export class BatchRound implements DeferredRequests {
  /** The requests to put in a batch, by cache key, in the order they were met. */
  readonly pending = new Map<string, Readonly<Record<string, unknown>>>();

  constructor(private readonly options: BatchRoundOptions) {}

  take(key: string, body: Readonly<Record<string, unknown>>): Error | undefined {
    const failures = this.options.failures.get(key) ?? [];
    const lastFailure = failures.at(-1);
    if (lastFailure !== undefined && this.options.fallbackOnline) return undefined;
    if (lastFailure !== undefined && failures.length >= this.options.maxBatchAttempts) {
      return new LlmError(
        `its request failed in ${failures.length} batches, the last time with ${lastFailure}. Pass --batch-fallback online to send it online instead, or check the request.`,
        null,
        0,
        false,
      );
    }
    this.pending.set(key, body);
    return new PendingInBatchError(key, lastFailure);
  }
}
