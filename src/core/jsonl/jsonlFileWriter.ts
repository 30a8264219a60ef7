import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { serializeRow } from './serializeRow';
import type { JsonObject } from './types';

export interface JsonlFileWriter {
  /** Queues `row` as one complete line; lines reach the file in call order, within a turn of the event loop or as soon as the write before them ends. */
  write(row: JsonObject): Promise<void>;
  /**
   * Queues a row already serialized by serializeRow (without its line ending), as `write` does:
   * a row going to several files is serialized once.
   */
  writeLine(line: string): Promise<void>;
  /** `writeLine` for each line in order, waiting only where one of them has to. */
  writeLines(lines: readonly string[]): Promise<void>;
  /** Writes what is queued, then closes the file; rejects if any line could not be written. */
  close(): Promise<void>;
}

export interface OpenJsonlWriterOptions {
  /** Add to the end of an existing file instead of replacing it. */
  append?: boolean;
}

async function writeFully(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  // One write call per batch in practice; the loop only matters if the OS writes short.
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

async function endsWithNewline(handle: FileHandle): Promise<boolean> {
  const { size } = await handle.stat();
  if (size === 0) return true;
  const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
  return buffer[0] === 0x0a;
}

/** Bytes held before a write waits for them to reach the file: enough for one large write call. */
const HIGH_WATER_BYTES = 1 << 20;
/** Room for the high-water mark and then a line of up to a third of it (UTF-8 takes at most 3 bytes per UTF-16 unit). */
const BUFFER_BYTES = HIGH_WATER_BYTES + (HIGH_WATER_BYTES >> 1);
/** Emptied buffers kept for reuse: one filling while one is written is the usual case. */
const SPARE_BUFFERS = 2;
const NEWLINE = 0x0a;

/**
 * Collects lines and writes them in one call per turn of the event loop, or, while a write is
 * going, in one call when it ends (or per megabyte), so a run of thousands of rows a second
 * makes a few large writes instead of one a row. Lines are encoded straight into a large reused
 * Buffer, with no string joined or copied on the way. Every call writes whole lines. A write
 * resolves once its line is queued, unless megabytes are waiting: then it waits for the file,
 * which holds a fast producer back. A failed write fails every later `write` and `close`,
 * rather than appending after what may be half a line.
 */
class BatchedLineWriter implements JsonlFileWriter {
  private buffer: Buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private filled = 0;
  private readonly spares: Buffer[] = [];
  private flushScheduled = false;
  /** Writes handed to the file and not yet done. */
  private writing = 0;
  private lastFlush: Promise<void> = Promise.resolve();
  private failure: unknown;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  write(row: JsonObject): Promise<void> {
    try {
      return this.writeLine(serializeRow(row));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  writeLine(line: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`Cannot write to ${this.path}: the JSONL writer is closed.`));
    if (this.failure !== undefined) return Promise.reject(this.failure);
    this.makeRoom(line.length * 3 + 1);
    this.filled += this.buffer.write(line, this.filled);
    this.buffer[this.filled++] = NEWLINE;
    if (this.filled >= HIGH_WATER_BYTES) {
      const before = this.lastFlush;
      this.flush().catch(() => undefined);
      // A megabyte may go to the file while the next one fills; the caller waits for the one before.
      return before;
    }
    this.scheduleFlush();
    return QUEUED;
  }

  async writeLines(lines: readonly string[]): Promise<void> {
    for (const line of lines) {
      const queued = this.writeLine(line);
      if (queued !== QUEUED) await queued;
    }
  }

  /**
   * Writes what is queued once this turn of the event loop is over, or, when a write is still
   * going, once it ends: a fast producer's lines gather into large writes, a slow one's reach
   * the file at once.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      // A failure is kept and thrown by the next write or close.
      if (this.writing === 0) this.flush().catch(() => undefined);
    });
  }

  /** Grows the buffer, keeping what it holds, when `bytes` more might not fit: only for a line of hundreds of kilobytes. */
  private makeRoom(bytes: number): void {
    if (this.filled + bytes <= this.buffer.length) return;
    const larger = Buffer.allocUnsafe(this.filled + bytes);
    this.buffer.copy(larger, 0, 0, this.filled);
    this.buffer = larger;
  }

  /** Writes every line queued so far, after the writes before it. */
  private flush(): Promise<void> {
    if (this.filled === 0) return this.lastFlush.then(() => this.throwIfFailed());
    const full = this.buffer;
    const bytes = full.subarray(0, this.filled);
    this.buffer = this.spares.pop() ?? Buffer.allocUnsafe(BUFFER_BYTES);
    this.filled = 0;
    this.writing += 1;
    this.lastFlush = this.lastFlush
      .then(async () => {
        this.throwIfFailed();
        try {
          await writeFully(this.handle, bytes);
        } catch (error) {
          this.failure = error;
          throw error;
        }
      })
      .finally(() => {
        this.writing -= 1;
        if (this.failure !== undefined) return;
        // A buffer grown for a huge line is left to the garbage collector.
        if (full.length === BUFFER_BYTES && this.spares.length < SPARE_BUFFERS) this.spares.push(full);
        if (this.filled > 0 && this.writing === 0) this.scheduleFlush();
      });
    return this.lastFlush;
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }
}

/** What `write` returns when its line is queued and the file need not be waited for. */
const QUEUED: Promise<void> = Promise.resolve();

/**
 * Opens `path` for writing JSONL in whole lines, creating parent directories. When
 * appending to a file whose last line has no newline, one is added first so that the next
 * row starts on its own line.
 */
export async function openJsonlWriter(path: string, options: OpenJsonlWriterOptions = {}): Promise<JsonlFileWriter> {
  await mkdir(dirname(path), { recursive: true });
  // 'a+' rather than 'a' so that the last byte can be read.
  const handle = await open(path, options.append ? 'a+' : 'w');
  try {
    if (options.append && !(await endsWithNewline(handle))) await writeFully(handle, Buffer.from('\n'));
  } catch (error) {
    await handle.close();
    throw error;
  }
  return new BatchedLineWriter(path, handle);
}
