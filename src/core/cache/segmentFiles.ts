import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RequestCacheError, errorCode, errorMessage } from './cacheError';

/**
 * Segment and index files are named `<creation ms, 13 digits>-<pid>-<8 random hex>.seg|.idx`:
 * unique per writer without any lock, and sorting by name sorts by creation time, which is the
 * order in which later entries for a key win.
 */
const SEGMENT_FILE = /^(\d{13}-\d+-[0-9a-f]{8})\.(seg|idx)$/;
const SEGMENT_EXTENSION = '.seg';
const INDEX_EXTENSION = '.idx';

/** The last creation time used by this process, so two segments started in one millisecond still sort in order. */
let lastCreatedMs = 0;

export function newSegmentName(): string {
  lastCreatedMs = Math.max(Date.now(), lastCreatedMs + 1);
  return `${String(lastCreatedMs).padStart(13, '0')}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export function segmentPath(dir: string, name: string): string {
  return join(dir, name + SEGMENT_EXTENSION);
}

export function indexPath(dir: string, name: string): string {
  return join(dir, name + INDEX_EXTENSION);
}

export function isSegmentFileName(fileName: string): boolean {
  return SEGMENT_FILE.test(fileName);
}

/** The names of the segments in `dir` (a segment counts when either of its two files exists), oldest first. */
export function listSegmentNames(dir: string): string[] {
  let fileNames: string[];
  try {
    fileNames = readdirSync(dir);
  } catch (error) {
    throw new RequestCacheError(`Could not list the request cache directory ${dir}: ${errorMessage(error)}. Check that it exists and is readable.`, dir, { cause: error });
  }
  const names = new Set<string>();
  for (const fileName of fileNames) {
    const match = SEGMENT_FILE.exec(fileName);
    if (match) names.add(match[1]!);
  }
  return [...names].sort();
}

/** The size and modification time of a file, or zeros when it does not exist (another writer may just have removed it). */
export function statOrZero(path: string): { size: number; mtimeMs: number } {
  try {
    const { size, mtimeMs } = statSync(path);
    return { size, mtimeMs };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { size: 0, mtimeMs: 0 };
    throw new RequestCacheError(`Could not read the request cache file ${path}: ${errorMessage(error)}. Check the directory's permissions, or empty the cache with \`distillery cache clear\`.`, path, { cause: error });
  }
}
