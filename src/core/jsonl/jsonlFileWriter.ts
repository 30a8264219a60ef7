import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { serializeRow } from './serializeRow';
import type { JsonObject } from './types';

export interface JsonlFileWriter {
  /** Queues `row` as one complete line; lines reach the file in call order, within a turn of the event loop. */
  write(row: JsonObject): Promise<void>;
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

/** Lines held before a write waits for them to reach the file: enough for one large write call. */
const HIGH_WATER_CHARACTERS = 1 << 20;

/**
 * Collects lines and writes them in one call per turn of the event loop (or per megabyte), so
 * a run of thousands of rows a second makes a few large writes instead of one a row. Every call
 * writes whole lines. A write resolves once its line is queued, unless a megabyte is waiting:
 * then it waits for the file, which holds a fast producer back. A failed write fails every
 * later `write` and `close`, rather than appending after what may be half a line.
 */
class BatchedLineWriter implements JsonlFileWriter {
  private pending: string[] = [];
  private pendingCharacters = 0;
  private flushScheduled = false;
  private lastFlush: Promise<void> = Promise.resolve();
  private failure: unknown;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  async write(row: JsonObject): Promise<void> {
    if (this.closed) throw new Error(`Cannot write to ${this.path}: the JSONL writer is closed.`);
    if (this.failure !== undefined) throw this.failure;
    const line = `${serializeRow(row)}\n`;
    this.pending.push(line);
    this.pendingCharacters += line.length;
    if (this.pendingCharacters >= HIGH_WATER_CHARACTERS) return this.flush();
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        // A failure is kept and thrown by the next write or close.
        this.flush().catch(() => undefined);
      });
    }
  }

  /** Writes every line queued so far, after the writes before it. */
  private flush(): Promise<void> {
    this.lastFlush = this.lastFlush.then(async () => {
      if (this.failure !== undefined) throw this.failure;
      if (this.pending.length === 0) return;
      const bytes = Buffer.from(this.pending.join(''), 'utf8');
      this.pending = [];
      this.pendingCharacters = 0;
      try {
        await writeFully(this.handle, bytes);
      } catch (error) {
        this.failure = error;
        throw error;
      }
    });
    return this.lastFlush;
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
