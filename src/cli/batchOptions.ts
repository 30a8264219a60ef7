import type { CacheArgs } from './cacheOptions';
import { textFlag, type FlagOptions, type FlagValues } from './parseFlags';
import { UsageError } from './usageError';

/** The flags of the commands that can hand their requests to a batch API. */
export const BATCH_FLAGS = {
  batch: { type: 'boolean' },
  'batch-fallback': { type: 'string' },
} as const satisfies FlagOptions;

const FALLBACKS = ['batch', 'online'] as const;

export interface BatchArgs {
  /** Send the requests the cache lacks as a batch job instead of one by one (--batch). */
  batch: boolean;
  /** Where a request its batch failed goes: the next batch (default) or online at once. */
  batchFallback: (typeof FALLBACKS)[number];
}

export function parseBatchArgs(values: FlagValues, cache: CacheArgs): BatchArgs {
  const batch = values.batch === true;
  const fallback = textFlag(values, 'batch-fallback');
  if (fallback !== undefined && !(FALLBACKS as readonly string[]).includes(fallback)) {
    throw new UsageError(`--batch-fallback takes ${FALLBACKS.join(' or ')}, got "${fallback}"`);
  }
  if (!batch) {
    if (fallback !== undefined) throw new UsageError('--batch-fallback says where requests a batch failed go: it needs --batch');
    return { batch, batchFallback: 'batch' };
  }
  // Batch answers come back through the cache; a run that ignores it would wait for them forever.
  if (cache.cacheDir === undefined) throw new UsageError('--batch puts the answers in the request cache, which --no-cache turns off: give one of them');
  if (cache.refresh) throw new UsageError('--batch reads the answers back from the request cache, which --refresh ignores: give one of them');
  if (values['dry-run'] === true) throw new UsageError('--dry-run sends nothing and --batch sends a batch: give one of them');
  return { batch, batchFallback: (fallback ?? 'batch') as BatchArgs['batchFallback'] };
}
