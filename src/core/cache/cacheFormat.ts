import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestCacheError, errorCode, errorMessage } from './cacheError';

/**
 * The file that says which on-disk format a cache directory holds, so a Distillery that reads
 * another format stops with a clear message instead of reading every entry as damaged.
 */
export const FORMAT_FILE = 'cache-format.json';
const FORMAT_NAME = 'distillery-request-cache';
export const FORMAT_VERSION = 1;
/** The format file is written to a temporary name and renamed, so it is never seen half-written. */
const FORMAT_TEMP_FILE = /^cache-format\.json\.\d+-[0-9a-f]{8}\.tmp$/;

const CLEAR_ADVICE = 'Run `distillery cache clear` to empty it, or use another cache directory.';

export function isFormatFileName(fileName: string): boolean {
  return fileName === FORMAT_FILE || FORMAT_TEMP_FILE.test(fileName);
}

/** Creates `dir` if missing and checks (or, in a new cache, writes) its format file. */
export function prepareCacheDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new RequestCacheError(`Could not create the request cache directory ${dir}: ${errorMessage(error)}. Choose a directory you can write to.`, dir, { cause: error });
  }
  const path = join(dir, FORMAT_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') {
      throw new RequestCacheError(`Could not read ${path}: ${errorMessage(error)}. Check the directory's permissions. ${CLEAR_ADVICE}`, path, { cause: error });
    }
    writeFormatFile(dir);
    return;
  }
  const version = formatVersionIn(text);
  if (version === FORMAT_VERSION) return;
  if (version === undefined) {
    throw new RequestCacheError(`${path} is not a Distillery request cache format file, so ${dir} cannot be used as the request cache. ${CLEAR_ADVICE}`, path);
  }
  throw new RequestCacheError(
    `The request cache in ${dir} has format version ${version}, and this Distillery reads version ${FORMAT_VERSION} (the cache was probably written by another Distillery version). ${CLEAR_ADVICE}`,
    path,
  );
}

export function writeFormatFile(dir: string): void {
  const path = join(dir, FORMAT_FILE);
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify({ format: FORMAT_NAME, version: FORMAT_VERSION })}\n`, { flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    throw new RequestCacheError(`Could not write ${path}: ${errorMessage(error)}. Check that ${dir} is writable and has free space.`, path, { cause: error });
  }
}

function formatVersionIn(text: string): number | string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { format, version } = parsed as { format?: unknown; version?: unknown };
  if (format !== FORMAT_NAME) return undefined;
  return typeof version === 'number' || typeof version === 'string' ? version : undefined;
}
