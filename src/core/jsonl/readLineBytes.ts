import { createReadStream } from 'node:fs';

const LF = 0x0a;
const CR = 0x0d;

function withoutTrailingCr(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === CR ? line.subarray(0, -1) : line;
}

/**
 * Yields each line of a file as raw bytes without its '\n' or '\r\n', splitting chunks by
 * hand: readline would also break at a lone '\r' and disagree with splitLines on line numbers.
 * Only the current line is buffered, so memory is bounded by the longest line.
 */
export async function* readLineBytes(path: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
  let pieces: Buffer[] = [];
  for await (const chunk of createReadStream(path, { signal }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let newline = chunk.indexOf(LF); newline !== -1; newline = chunk.indexOf(LF, start)) {
      pieces.push(chunk.subarray(start, newline));
      yield withoutTrailingCr(Buffer.concat(pieces));
      pieces = [];
      start = newline + 1;
    }
    if (start < chunk.length) pieces.push(chunk.subarray(start));
  }
  // A last line without a newline keeps any '\r', as in splitLines.
  if (pieces.length > 0) yield Buffer.concat(pieces);
}
