import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { serializeRow } from './serializeRow';
import type { JsonObject } from './types';

export interface JsonlFileWriter {
  /** Writes `row` as one complete line; calls are written in call order. */
  write(row: JsonObject): Promise<void>;
  /** Waits for pending writes, then closes the file. */
  close(): Promise<void>;
}

export interface OpenJsonlWriterOptions {
  /** Add to the end of an existing file instead of replacing it. */
  append?: boolean;
}

async function writeFully(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  // One write call per line in practice; the loop only matters if the OS writes short.
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

class LineAtATimeWriter implements JsonlFileWriter {
  // Chains the writes so that they reach the file in call order. After a failed write every
  // later one fails too, rather than appending after what may be half a line.
  private lastWrite: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  async write(row: JsonObject): Promise<void> {
    if (this.closed) throw new Error(`Cannot write to ${this.path}: the JSONL writer is closed.`);
    // A single write of the whole line, so a killed process never leaves half a line behind.
    const line = Buffer.from(`${serializeRow(row)}\n`, 'utf8');
    this.lastWrite = this.lastWrite.then(() => writeFully(this.handle, line));
    return this.lastWrite;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // A failed write was already reported to its caller; closing must still happen.
    await this.lastWrite.catch(() => undefined);
    await this.handle.close();
  }
}

/**
 * Opens `path` for writing JSONL one line at a time, creating parent directories. When
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
  return new LineAtATimeWriter(path, handle);
}
