import { closeSync, openSync, readSync } from 'node:fs';

/** Open read handles kept at once; more segments than this are reopened as they are read. */
const MAX_OPEN = 32;

/**
 * Positioned reads of records, keeping the most recently read segments open (reopening a file
 * per read would cost more than the read). Any failure is a miss, never an error: the caller
 * then asks the endpoint again.
 */
export class SegmentReaders {
  /** Segment id -> descriptor, least recently used first. */
  private readonly open = new Map<number, number>();

  /** Exactly `length` bytes at `offset`, or undefined if the file is gone, shorter, or unreadable. */
  read(segmentId: number, path: string, offset: number, length: number): Buffer | undefined {
    const fd = this.descriptorFor(segmentId, path);
    if (fd === undefined) return undefined;
    const bytes = Buffer.allocUnsafe(length);
    try {
      for (let done = 0; done < length; ) {
        const read = readSync(fd, bytes, done, length - done, offset + done);
        if (read === 0) return undefined;
        done += read;
      }
      return bytes;
    } catch {
      this.forget(segmentId);
      return undefined;
    }
  }

  forget(segmentId: number): void {
    const fd = this.open.get(segmentId);
    if (fd === undefined) return;
    this.open.delete(segmentId);
    closeSync(fd);
  }

  closeAll(): void {
    for (const segmentId of [...this.open.keys()]) this.forget(segmentId);
  }

  private descriptorFor(segmentId: number, path: string): number | undefined {
    const known = this.open.get(segmentId);
    if (known !== undefined) {
      this.open.delete(segmentId);
      this.open.set(segmentId, known);
      return known;
    }
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return undefined;
    }
    this.open.set(segmentId, fd);
    if (this.open.size > MAX_OPEN) this.forget(this.open.keys().next().value!);
    return fd;
  }
}
