import { resolve } from 'node:path';
import { RequestStore } from '../core/cache';
import type { ResponseCache } from '../core/llm';
import type { RequestCounts } from '../core/run/requestCounts';
import { textFlag, type FlagOptions, type FlagValues } from './parseFlags';
import { UsageError } from './usageError';

/** The flags every command that sends requests takes. */
export const CACHE_FLAGS = {
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  refresh: { type: 'boolean' },
} as const satisfies FlagOptions;

/** Where the cache is unless --cache-dir or DISTILLERY_CACHE_DIR says otherwise: beside the work, like .git. */
export const DEFAULT_CACHE_DIR = '.distillery/cache';

export interface CacheArgs {
  /** Undefined with --no-cache. */
  cacheDir?: string;
  /** Send every request again and overwrite what the cache held (--refresh). */
  refresh: boolean;
}

export function cacheDirFrom(values: FlagValues): string {
  return resolve(textFlag(values, 'cache-dir') ?? (process.env.DISTILLERY_CACHE_DIR || DEFAULT_CACHE_DIR));
}

export function parseCacheArgs(values: FlagValues): CacheArgs {
  const refresh = values.refresh === true;
  if (values['no-cache'] === true) {
    if (refresh) throw new UsageError('--refresh rewrites the cache, and --no-cache leaves it alone: give one of them');
    if (textFlag(values, 'cache-dir') !== undefined) throw new UsageError('--cache-dir names a cache that --no-cache does not use: give one of them');
    return { refresh };
  }
  return { cacheDir: cacheDirFrom(values), refresh };
}

/** The run's cache, opened once per process and shared by every client, with what it did. */
export interface OpenedCache {
  cache?: ResponseCache;
  store?: RequestStore;
  close(): void;
}

export function openCache(args: CacheArgs): OpenedCache {
  if (args.cacheDir === undefined) return { close: () => undefined };
  const store = RequestStore.open(args.cacheDir);
  return { cache: { store, refresh: args.refresh }, store, close: () => store.close() };
}

/** "Request cache .distillery/cache: 40 answers reused; it holds 1,234." Every new answer is in it the moment it arrives. */
export function describeCacheUse(counts: Pick<RequestCounts, 'cacheHits'>, store: RequestStore): string {
  return `Request cache ${store.dir}: ${counts.cacheHits.toLocaleString('en-US')} answers reused; it holds ${store.stats().entries.toLocaleString('en-US')}.`;
}
