import { existsSync } from 'node:fs';
import { clearRequestCache, RequestStore } from '../core/cache';
import { CACHE_FLAGS, cacheDirFrom } from './cacheOptions';
import { onePositional, parseFlags } from './parseFlags';
import { EXIT } from './usage';
import { UsageError } from './usageError';

const ACTIONS = ['stats', 'clear'] as const;

/** `distillery cache stats|clear [--cache-dir DIR]`: what the request cache holds, or empty it. */
export function cacheCommand(argv: string[]): number {
  const { values, positionals } = parseFlags(argv, { 'cache-dir': CACHE_FLAGS['cache-dir'] });
  const action = onePositional('cache', 'action (stats or clear)', positionals);
  const dir = cacheDirFrom(values);
  switch (action) {
    case 'stats': {
      if (!existsSync(dir)) {
        process.stdout.write(`${dir}: no request cache yet (it is made by the first run that sends a request).\n`);
        return EXIT.ok;
      }
      const store = RequestStore.open(dir);
      const { entries, bytes, segments } = store.stats();
      store.close();
      process.stdout.write(`${dir}: ${entries} answers, ${formatBytes(bytes)} in ${segments} ${segments === 1 ? 'file' : 'files'}.\n`);
      return EXIT.ok;
    }
    case 'clear': {
      const { files, bytes } = clearRequestCache(dir);
      process.stdout.write(`${dir}: removed ${files} ${files === 1 ? 'file' : 'files'} (${formatBytes(bytes)}).\n`);
      return EXIT.ok;
    }
    default:
      throw new UsageError(`cache takes ${ACTIONS.join(' or ')}, got "${action}"`);
  }
}

function formatBytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
