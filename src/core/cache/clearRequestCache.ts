import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { RequestCacheError, errorCode, errorMessage } from './cacheError';
import { isFormatFileName } from './cacheFormat';
import { isSegmentFileName } from './segmentFiles';

export interface ClearedCache {
  files: number;
  bytes: number;
}

/**
 * Deletes the cache's own files in `dir` (segments, indexes, the format file) and nothing else.
 * It needs no open store and reads no entry, so it also empties a cache of a format this
 * version cannot read (`distillery cache clear`). A missing directory is an empty cache.
 */
export function clearRequestCache(dir: string): ClearedCache {
  let fileNames: string[];
  try {
    fileNames = readdirSync(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { files: 0, bytes: 0 };
    throw new RequestCacheError(`Could not list the request cache directory ${dir}: ${errorMessage(error)}. Check that it is a readable directory.`, dir, { cause: error });
  }
  const cleared: ClearedCache = { files: 0, bytes: 0 };
  for (const fileName of fileNames) {
    if (!isSegmentFileName(fileName) && !isFormatFileName(fileName)) continue;
    const path = join(dir, fileName);
    try {
      const { size } = statSync(path);
      unlinkSync(path);
      cleared.files++;
      cleared.bytes += size;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') continue;
      throw new RequestCacheError(`Could not delete ${path} while emptying the request cache: ${errorMessage(error)}. Check the file's permissions and try again.`, path, { cause: error });
    }
  }
  return cleared;
}
