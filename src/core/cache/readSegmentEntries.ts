import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { RequestCacheError, errorCode, errorMessage } from './cacheError';
import { INDEX_ENTRY_BYTES, decodeIndexEntry, keyDigest, type IndexEntry } from './indexEntry';
import { decodeRecordAt } from './segmentRecord';

/**
 * Calls `onEntry` for every entry of one segment, in the order they were written: first those
 * its index lists, then whole records in the segment past the last of them (a writer killed
 * between writing a record and its index entry, or an index whose tail is damaged). Reading
 * stops at the first entry that does not check out, so a torn or garbled tail is left out and
 * everything before it kept. Only that unindexed tail of the segment is read.
 *
 * `segmentBytes` is the segment's size when the caller looked: entries a live writer added
 * since are left for a later open. The entry passed to `onEntry` is reused for the next one.
 */
export function readSegmentEntries(segmentPath: string, indexPath: string, segmentBytes: number, onEntry: (entry: IndexEntry) => void): void {
  const index = readIndexFile(indexPath);
  let indexedEnd = 0;
  const entry: IndexEntry = { low: 0, high: 0, offset: 0, length: 0 };
  for (let at = 0; at + INDEX_ENTRY_BYTES <= index.length; at += INDEX_ENTRY_BYTES) {
    // A writer's records follow one another, so an entry anywhere else is not one it wrote.
    if (!decodeIndexEntry(index, at, entry) || entry.offset !== indexedEnd || entry.offset + entry.length > segmentBytes) break;
    onEntry(entry);
    indexedEnd += entry.length;
  }
  if (indexedEnd < segmentBytes) recoverUnindexedRecords(segmentPath, indexedEnd, segmentBytes, onEntry);
}

function readIndexFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return Buffer.alloc(0);
    throw new RequestCacheError(`Could not read the request cache index ${path}: ${errorMessage(error)}. Check the directory's permissions, or empty the cache with \`distillery cache clear\`.`, path, { cause: error });
  }
}

function recoverUnindexedRecords(path: string, start: number, end: number, onEntry: (entry: IndexEntry) => void): void {
  const tail = readRange(path, start, end);
  for (let at = 0; at < tail.length; ) {
    const record = decodeRecordAt(tail, at);
    if (!record) return;
    onEntry({ ...keyDigest(record.key), offset: start + at, length: record.recordBytes });
    at += record.recordBytes;
  }
}

/** The bytes of `path` in [start, end), fewer if the file is shorter, none if it is gone. */
function readRange(path: string, start: number, end: number): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const bytes = Buffer.allocUnsafe(end - start);
    let done = 0;
    while (done < bytes.length) {
      const read = readSync(fd, bytes, done, bytes.length - done, start + done);
      if (read === 0) break;
      done += read;
    }
    return bytes.subarray(0, done);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return Buffer.alloc(0);
    throw new RequestCacheError(`Could not read the request cache segment ${path}: ${errorMessage(error)}. Check the directory's permissions, or empty the cache with \`distillery cache clear\`.`, path, { cause: error });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
