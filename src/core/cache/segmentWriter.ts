import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { RequestCacheError, errorMessage } from './cacheError';
import { INDEX_ENTRY_BYTES, encodeIndexEntry, type KeyDigest } from './indexEntry';
import { indexPath, newSegmentName, segmentPath } from './segmentFiles';

/**
 * Appends records to a segment this process created, and their entries to its index. Nothing
 * else ever writes to these two files, so no lock is needed and records never interleave.
 */
export class SegmentWriter {
  /** Where the next record goes. */
  segmentBytes = 0;
  private indexBytes = 0;

  private constructor(
    readonly name: string,
    readonly segmentPath: string,
    readonly indexPath: string,
    private readonly segmentFd: number,
    private readonly indexFd: number,
  ) {}

  /** A new, empty segment in `dir`. */
  static create(dir: string): SegmentWriter {
    const name = newSegmentName();
    let segmentFd: number | undefined;
    try {
      // 'wx': fail rather than write into a file that already exists.
      segmentFd = openSync(segmentPath(dir, name), 'wx');
      const indexFd = openSync(indexPath(dir, name), 'wx');
      return new SegmentWriter(name, segmentPath(dir, name), indexPath(dir, name), segmentFd, indexFd);
    } catch (error) {
      if (segmentFd !== undefined) closeSync(segmentFd);
      throw new RequestCacheError(`Could not create a request cache segment in ${dir}: ${errorMessage(error)}. Check that the directory is writable and the disk has free space.`, dir, { cause: error });
    }
  }

  /**
   * Writes `record` to the segment and then its index entry, and returns the record's offset.
   * When this returns, both are in the operating system's hands: they survive the process being
   * killed at any moment, though not a power cut (no fsync per record; see RequestStore).
   * The index entry comes second, so an entry never points at a record not yet written.
   */
  append(record: Buffer, digest: KeyDigest): number {
    const offset = this.segmentBytes;
    writeFully(this.segmentFd, record, offset, this.segmentPath);
    this.segmentBytes += record.length;
    writeFully(this.indexFd, encodeIndexEntry({ ...digest, offset, length: record.length }), this.indexBytes, this.indexPath);
    this.indexBytes += INDEX_ENTRY_BYTES;
    return offset;
  }

  /** Flushes both files to the disk and closes them. */
  close(): void {
    for (const fd of [this.segmentFd, this.indexFd]) {
      try {
        fsyncSync(fd);
      } catch {
        // Only a power cut could lose what a failed fsync leaves unflushed, and reads check every record.
      }
      closeSync(fd);
    }
  }
}

function writeFully(fd: number, bytes: Buffer, position: number, path: string): void {
  try {
    for (let written = 0; written < bytes.length; ) {
      written += writeSync(fd, bytes, written, bytes.length - written, position + written);
    }
  } catch (error) {
    throw new RequestCacheError(`Could not write to the request cache file ${path}: ${errorMessage(error)}. Check that the disk has free space; this entry was not cached.`, path, { cause: error });
  }
}
