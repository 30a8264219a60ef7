import { CACHE_FLAGS, parseCacheArgs, type CacheArgs } from './cacheOptions';
import { onePositional, parseFlags, textFlag } from './parseFlags';
import { UsageError } from './usageError';

export interface CheckArgs extends CacheArgs {
  file: string;
  format: 'text' | 'json';
  /** Also print what a run would send and cost (--estimate). */
  estimate: boolean;
  prices?: string;
}

export function parseCheckArgs(argv: string[]): CheckArgs {
  const { values, positionals } = parseFlags(argv, { format: { type: 'string' }, estimate: { type: 'boolean' }, prices: { type: 'string' }, ...CACHE_FLAGS });
  const file = onePositional('check', 'pipeline file', positionals);
  const format = textFlag(values, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format is text or json, got "${format}"`);
  const estimate = values.estimate === true;
  if (estimate && format === 'json') throw new UsageError('--estimate prints text: leave out --format json');
  const prices = textFlag(values, 'prices');
  return { file, format, estimate, ...parseCacheArgs(values), ...(prices !== undefined ? { prices } : {}) };
}
