import { unlinkSync } from 'node:fs';
import { RequestCacheError, errorCode, errorMessage } from './cacheError';
import { prepareCacheDir, writeFormatFile } from './cacheFormat';
import { clearRequestCache } from './clearRequestCache';
import { EntryTable, type RecordLocation } from './entryTable';
import { INDEX_ENTRY_BYTES, keyDigest, type KeyDigest } from './indexEntry';
import type { JsonValue } from './jsonValue';
import { readSegmentEntries } from './readSegmentEntries';
import { indexPath, listSegmentNames, segmentPath, statOrZero } from './segmentFiles';
import { SegmentReaders } from './segmentReaders';
import { encodeRecord, decodeRecordAt } from './segmentRecord';
import { SegmentWriter } from './segmentWriter';

export interface RequestStoreOptions {
  /**
   * Most bytes the cache's files may take (default 2 GiB). Past it, whole segments go, least
   * recently written first.
   */
  maxBytes?: number;
  /**
   * A segment is closed and a new one started when the next record would take it past this
   * many bytes (default 64 MiB, or a quarter of maxBytes when that is less). It is also what
   * eviction frees at a time.
   */
  segmentBytes?: number;
}

export interface RequestStoreStats {
  /** Keys this store can look up. */
  entries: number;
  /** Bytes of the segments and indexes in the directory, as of this store's last look. */
  bytes: number;
  segments: number;
}

const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
const DEFAULT_SEGMENT_BYTES = 64 * 1024 ** 2;
/** Record offsets are stored as 32-bit numbers. */
const MAX_SEGMENT_BYTES = 0xffffffff;

interface Segment {
  /** Positive, unique within this store; what the entry table records. */
  id: number;
  name: string;
  segmentPath: string;
  indexPath: string;
  segmentBytes: number;
  indexBytes: number;
  modifiedMs: number;
}

/**
 * A crash-safe key -> JSON value store in one directory, for caching LLM responses.
 *
 * On disk: append-only segment files of checksummed records (segmentRecord.ts), each with an
 * index file of fixed-size entries (indexEntry.ts) written after the record, and a format file
 * (cacheFormat.ts). Opening reads only the indexes, into an in-memory table of key digest ->
 * record location; values are read when asked for, and their checksum checked.
 *
 * Durability: `put` has written the record and its index entry with write(2) when it returns,
 * so they survive the process being killed at any moment (kill -9, a crash, VS Code closing).
 * There is no fsync per put (it costs milliseconds); a segment is fsynced when it is full and on
 * `close`, so a power cut or OS crash can lose the latest entries, never corrupt older ones: a
 * torn or damaged record reads as a miss, and opening skips a torn tail.
 *
 * Several processes (the extension host and a CLI run) can share a directory without locks:
 * each writes only segments it created (named by time, pid and a random part), and never
 * appends to an existing file, so nothing written after a crash follows a torn tail. A store
 * sees the entries other processes wrote before it opened; later ones only once reopened.
 * Eviction may remove another process's segment; that process's later writes to it are then
 * lost (on POSIX they go to the deleted file), which costs requests, never wrong answers.
 */
export class RequestStore {
  private readonly segments = new Map<string, Segment>();
  private readonly segmentsById = new Map<number, Segment>();
  private readonly readers = new SegmentReaders();
  private table = new EntryTable();
  private writer: SegmentWriter | undefined;
  private nextSegmentId = 1;
  private knownBytes = 0;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly maxBytes: number,
    /** When a segment is full: `segmentBytes` of the options. */
    private readonly segmentLimit: number,
  ) {}

  /** Opens (creating if needed) the cache in `dir`, evicting what is over `maxBytes`. */
  static open(dir: string, options: RequestStoreOptions = {}): RequestStore {
    const { maxBytes, segmentBytes } = resolveLimits(options);
    prepareCacheDir(dir);
    const store = new RequestStore(dir, maxBytes, segmentBytes);
    store.load();
    return store;
  }

  get(key: string): JsonValue | undefined {
    const found = this.find(key);
    if (!found) return undefined;
    try {
      return JSON.parse(found.valueJson) as JsonValue;
    } catch {
      this.table.deleteIfAt(found.digest, found.location);
      return undefined;
    }
  }

  /** Whether `get(key)` finds a value (this reads and checks the record, without parsing it). */
  has(key: string): boolean {
    return this.find(key) !== undefined;
  }

  /** Stores `value` under `key`, replacing any earlier value; on disk when this returns (see above). */
  put(key: string, value: JsonValue): void {
    this.assertOpen('write to');
    const valueJson = JSON.stringify(value) as string | undefined;
    if (valueJson === undefined) throw new TypeError(`The request cache stores JSON values; got ${typeof value} for key ${key}.`);
    const record = encodeRecord(key, valueJson);
    const needed = record.length + INDEX_ENTRY_BYTES;
    if (this.writer && this.writer.segmentBytes > 0 && this.writer.segmentBytes + record.length > this.segmentLimit) this.retireWriter();
    // Other writers' growth is seen only on a fresh look at the directory: one as each segment
    // starts, and whenever what this store knows of would pass the limit.
    if (!this.writer || this.knownBytes + needed > this.maxBytes) this.makeRoom(needed);
    const writer = this.writer ?? this.startWriter();
    const segment = this.segments.get(writer.name)!;
    const digest = keyDigest(key);
    let offset: number;
    try {
      offset = writer.append(record, digest);
    } catch (error) {
      // Its tail may now be torn: the next put starts a new segment rather than append after it.
      this.retireWriter();
      throw error;
    }
    segment.segmentBytes += record.length;
    segment.indexBytes += INDEX_ENTRY_BYTES;
    segment.modifiedMs = Date.now();
    this.knownBytes += needed;
    this.table.set(digest, segment.id, offset, record.length);
  }

  stats(): RequestStoreStats {
    return { entries: this.table.size, bytes: this.knownBytes, segments: this.segments.size };
  }

  /** Deletes every entry: all segments and indexes in the directory, also other processes'. */
  clear(): void {
    this.assertOpen('clear');
    this.retireWriter();
    this.readers.closeAll();
    clearRequestCache(this.dir);
    writeFormatFile(this.dir);
    this.segments.clear();
    this.segmentsById.clear();
    this.table.clear();
    this.knownBytes = 0;
  }

  /** Flushes this store's segment to the disk and closes its files. Calling it again does nothing. */
  close(): void {
    if (this.closed) return;
    this.retireWriter();
    this.readers.closeAll();
    this.closed = true;
  }

  private load(): void {
    const segments = listSegmentNames(this.dir).map((name) => this.register(name));
    const indexedEntries = segments.reduce((sum, segment) => sum + segment.indexBytes / INDEX_ENTRY_BYTES, 0);
    this.table = new EntryTable(indexedEntries);
    // Oldest first, so a later entry for a key replaces an earlier one.
    for (const segment of segments) {
      readSegmentEntries(segment.segmentPath, segment.indexPath, segment.segmentBytes, (entry) =>
        this.table.set(entry, segment.id, entry.offset, entry.length),
      );
    }
    this.evictUntilFits(0);
  }

  /** The record for `key`, read and checked; a damaged one leaves the table. */
  private find(key: string): { digest: KeyDigest; location: RecordLocation; valueJson: string } | undefined {
    this.assertOpen('read from');
    const digest = keyDigest(key);
    const location = this.table.get(digest);
    if (!location) return undefined;
    const segment = this.segmentsById.get(location.segmentId);
    const bytes = segment && this.readers.read(segment.id, segment.segmentPath, location.offset, location.length);
    const record = bytes && decodeRecordAt(bytes, 0);
    if (!record || record.recordBytes !== location.length) {
      this.table.deleteIfAt(digest, location);
      return undefined;
    }
    // Another key sharing the first 64 bits of its SHA-256: its entry stays, this key misses.
    if (record.key !== key) return undefined;
    return { digest, location, valueJson: record.valueJson };
  }

  private register(name: string): Segment {
    const segment: Segment = {
      id: this.nextSegmentId++,
      name,
      segmentPath: segmentPath(this.dir, name),
      indexPath: indexPath(this.dir, name),
      segmentBytes: 0,
      indexBytes: 0,
      modifiedMs: 0,
    };
    this.segments.set(name, segment);
    this.segmentsById.set(segment.id, segment);
    this.restat(segment);
    return segment;
  }

  private restat(segment: Segment): void {
    const data = statOrZero(segment.segmentPath);
    const index = statOrZero(segment.indexPath);
    this.knownBytes += data.size + index.size - segment.segmentBytes - segment.indexBytes;
    segment.segmentBytes = data.size;
    segment.indexBytes = index.size;
    segment.modifiedMs = Math.max(data.mtimeMs, index.mtimeMs);
  }

  private unregister(segments: readonly Segment[]): void {
    for (const segment of segments) {
      this.segments.delete(segment.name);
      this.segmentsById.delete(segment.id);
      this.readers.forget(segment.id);
      this.knownBytes -= segment.segmentBytes + segment.indexBytes;
    }
    this.table.deleteSegments(new Set(segments.map((segment) => segment.id)));
  }

  /** A fresh look at the directory: sizes now, segments other processes added or removed. */
  private rescan(): void {
    const present = new Set(listSegmentNames(this.dir));
    if (this.writer && !present.has(this.writer.name)) {
      // Another process cleared the cache: writing on would go to deleted files.
      this.retireWriter();
    }
    this.unregister([...this.segments.values()].filter((segment) => !present.has(segment.name)));
    for (const segment of this.segments.values()) this.restat(segment);
    // Counted towards the limit; their entries are seen only once the cache is reopened.
    for (const name of present) if (!this.segments.has(name)) this.register(name);
  }

  private makeRoom(needed: number): void {
    this.rescan();
    this.evictUntilFits(needed);
    if (this.knownBytes + needed > this.maxBytes && this.writer && this.writer.segmentBytes > 0) {
      this.retireWriter();
      this.evictUntilFits(needed);
    }
    if (this.knownBytes + needed > this.maxBytes) {
      throw new RangeError(`A request cache entry of ${needed} bytes does not fit in the cache's limit of ${this.maxBytes} bytes (${this.dir}): raise maxBytes.`);
    }
  }

  /** Removes whole segments, least recently written first, never the one being written. */
  private evictUntilFits(needed: number): void {
    if (this.knownBytes + needed <= this.maxBytes) return;
    const candidates = [...this.segments.values()]
      .filter((segment) => segment.name !== this.writer?.name)
      .sort((a, b) => a.modifiedMs - b.modifiedMs || (a.name < b.name ? -1 : 1));
    const evicted: Segment[] = [];
    let bytes = this.knownBytes;
    for (const segment of candidates) {
      if (bytes + needed <= this.maxBytes) break;
      // Closed first: on Windows an open file stays in the directory until it is closed.
      this.readers.forget(segment.id);
      this.deleteFiles(segment);
      evicted.push(segment);
      bytes -= segment.segmentBytes + segment.indexBytes;
    }
    this.unregister(evicted);
  }

  private deleteFiles(segment: Segment): void {
    // The segment first: an index left alone by a crash points at nothing and is dropped, while
    // a segment left alone would be recovered, entries and all.
    for (const path of [segment.segmentPath, segment.indexPath]) {
      try {
        unlinkSync(path);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') continue;
        throw new RequestCacheError(
          `Could not delete ${path} to keep the request cache under ${this.maxBytes} bytes: ${errorMessage(error)}. Check the file's permissions, or empty the cache with \`distillery cache clear\`.`,
          path,
          { cause: error },
        );
      }
    }
  }

  private startWriter(): SegmentWriter {
    const writer = SegmentWriter.create(this.dir);
    this.writer = writer;
    this.register(writer.name);
    return writer;
  }

  private retireWriter(): void {
    this.writer?.close();
    this.writer = undefined;
  }

  private assertOpen(action: string): void {
    if (this.closed) throw new RequestCacheError(`Cannot ${action} the request cache in ${this.dir}: it was closed. Open it again with RequestStore.open.`, this.dir);
  }
}

function resolveLimits(options: RequestStoreOptions): { maxBytes: number; segmentBytes: number } {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new RangeError(`The request cache's maxBytes must be a whole number of bytes above 0, got ${maxBytes}.`);
  }
  const segmentBytes = options.segmentBytes ?? Math.max(1, Math.min(DEFAULT_SEGMENT_BYTES, Math.floor(maxBytes / 4)));
  const largest = Math.min(maxBytes, MAX_SEGMENT_BYTES);
  if (!Number.isSafeInteger(segmentBytes) || segmentBytes < 1 || segmentBytes > largest) {
    throw new RangeError(`The request cache's segmentBytes must be a whole number of bytes from 1 to ${largest} (no more than maxBytes), got ${segmentBytes}.`);
  }
  return { maxBytes, segmentBytes };
}
