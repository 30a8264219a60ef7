/**
 * Where each line of a file starts, so a line can be read again on demand without holding the
 * file: a million lines cost 8 MB of offsets instead of the file's size in strings. The file is
 * scanned a slice at a time (the caller decides how much per turn, so the extension host stays
 * responsive while a 1 GB file is indexed), and each line's text is handed to the caller once,
 * as it is found. Lines split as in readLineBytes: at '\n', with a '\r' before it dropped.
 * A growing file (one a run is still appending to) is followed instead: its end is not its last
 * line until `end` says so, and it may change as long as it only grows.
 */
import { fstatSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { withoutBom } from './bom';

const LF = 0x0a;
const CR = 0x0d;
const READ_CHUNK = 1 << 20;

/** The file changed on disk since it was indexed: its offsets no longer point at its lines. */
export class FileChangedError extends Error {}

export class FileLineIndex {
  /** starts[i] is the byte offset of line i; starts[lineCount] the end of the last line read. */
  private starts = new Float64Array(1024);
  private count = 0;
  /** Bytes of a line the last slice ended in the middle of. */
  private carry: Buffer = Buffer.alloc(0);
  private scanned = 0;
  private done = false;
  private readonly fd: number;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    /** Size and modification time when opened: reads check the file is still the one indexed. */
    private readonly size: number,
    private readonly mtimeMs: number,
    /** Opened on a growing file: it may change, as long as it only grows. */
    private readonly followed: boolean,
  ) {
    this.fd = handle.fd;
    this.growing = followed;
  }

  /** Still growing: its end may be a line being written. */
  private growing: boolean;

  static async open(path: string, { growing = false } = {}): Promise<FileLineIndex> {
    const handle = await open(path, 'r');
    const stat = await handle.stat();
    return new FileLineIndex(path, handle, stat.size, stat.mtimeMs, growing);
  }

  /** A growing file is complete: its end is now its last line (read by the next `scan`). */
  end(): void {
    this.growing = false;
  }

  /** Lines found so far (all of them once `complete`). */
  get lineCount(): number {
    return this.count;
  }

  get complete(): boolean {
    return this.done;
  }

  /** How far the scan has come, 0..1, for progress. */
  get fraction(): number {
    return this.size === 0 ? 1 : this.scanned / this.size;
  }

  /**
   * Reads about `maxBytes` more of the file, calling `onLine` with each line found (0-based
   * number, text); the first line's byte order mark is left out, as editors do.
   */
  async scan(maxBytes: number, onLine: (line: number, text: string) => void): Promise<void> {
    let budget = maxBytes;
    while (!this.done && budget > 0) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, budget));
      const { bytesRead } = await this.handle.read(chunk, 0, chunk.length, this.scanned);
      if (bytesRead === 0) {
        // A growing file's last bytes may be a line still being written.
        if (!this.growing) this.finish(onLine);
        return;
      }
      budget -= bytesRead;
      this.take(chunk.subarray(0, bytesRead), onLine);
    }
  }

  private take(chunk: Buffer, onLine: (line: number, text: string) => void): void {
    const base = this.scanned;
    let start = 0;
    for (let newline = chunk.indexOf(LF); newline !== -1; newline = chunk.indexOf(LF, start)) {
      const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk.subarray(start, newline)]) : chunk.subarray(start, newline);
      this.carry = Buffer.alloc(0);
      this.addLine(base + newline + 1, decode(bytes, this.count, true), onLine);
      start = newline + 1;
    }
    if (start < chunk.length) this.carry = Buffer.concat([this.carry, chunk.subarray(start)]);
    this.scanned = base + chunk.length;
  }

  private finish(onLine: (line: number, text: string) => void): void {
    // A last line without a newline keeps any '\r', as readLineBytes does.
    if (this.carry.length > 0) this.addLine(this.scanned, decode(this.carry, this.count, false), onLine);
    this.carry = Buffer.alloc(0);
    this.done = true;
  }

  private addLine(nextStart: number, text: string, onLine: (line: number, text: string) => void): void {
    if (this.count + 2 > this.starts.length) {
      const grown = new Float64Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.count += 1;
    this.starts[this.count] = nextStart;
    onLine(this.count - 1, text);
  }

  /** The text of a line already scanned (0-based), read from the file. */
  line(line: number): string {
    if (!Number.isInteger(line) || line < 0 || line >= this.count) throw new RangeError(`line ${line + 1} is not indexed (${this.count} lines so far)`);
    const stat = fstatSync(this.fd);
    const changed = this.followed ? stat.size < this.scanned : stat.size < this.size || stat.mtimeMs !== this.mtimeMs;
    if (changed) {
      throw new FileChangedError(`${this.path} changed on disk since it was read: show its results again to read it anew.`);
    }
    const start = this.starts[line] as number;
    const bytes = Buffer.allocUnsafe((this.starts[line + 1] as number) - start);
    let read = 0;
    while (read < bytes.length) {
      const got = readSync(this.fd, bytes, read, bytes.length - read, start + read);
      if (got === 0) break;
      read += got;
    }
    // Only an unterminated last line does not end with its '\n'.
    const terminated = bytes[bytes.length - 1] === LF;
    return decode(terminated ? bytes.subarray(0, bytes.length - 1) : bytes, line, terminated);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** A line's text from its bytes without the '\n'; a '\r' before the '\n' is dropped. */
function decode(bytes: Buffer, line: number, terminated: boolean): string {
  const end = terminated && bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
  const text = bytes.toString('utf8', 0, end);
  return line === 0 ? withoutBom(text) : text;
}
