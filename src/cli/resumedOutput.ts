import { readFile, truncate } from 'node:fs/promises';
import { openJsonlWriter, type JsonlFileWriter } from '../core/jsonl';
import { serializeRow } from '../core/jsonl/serializeRow';
import type { JsonObject } from '../core/jsonl/types';

/** An --out that already holds the first rows of this very run. */
export interface ResumedOutput extends JsonlFileWriter {
  /** Rows found complete in the file and kept. */
  readonly kept: number;
}

/**
 * Continues an --out written by an interrupted run of the same command. The run is replayed
 * from the start (its answered requests come from the cache, so this costs nothing): each row
 * that the file already holds must be exactly the line this run writes there, and is skipped;
 * the rest are appended. A torn last line (a crash mid-write) is cut off first. A line that
 * differs means the file came from another command, and nothing is written.
 */
export async function openResumedOutput(path: string): Promise<ResumedOutput> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  if (complete.length < text.length) await truncate(path, Buffer.byteLength(complete, 'utf8'));
  const existing = complete === '' ? [] : complete.slice(0, -1).split('\n');
  let next = 0;
  let writer: JsonlFileWriter | undefined;
  const writeLine = async (line: string) => {
    if (next < existing.length) {
      const lineNumber = next + 1;
      if (line !== existing[next++]) {
        throw new Error(
          `--out ${path} line ${lineNumber} is not the row this run writes there, so it was not made by this command (other input, task or parameters). Pass --force to rewrite the file (answers already paid for come from the cache), or choose another --out.`,
        );
      }
      return;
    }
    writer ??= await openJsonlWriter(path, { append: true });
    await writer.writeLine(line);
  };
  return {
    kept: existing.length,
    write: async (row: JsonObject) => writeLine(serializeRow(row)),
    writeLine,
    async writeLines(lines: readonly string[]) {
      for (const line of lines) await writeLine(line);
    },
    async close() {
      await writer?.close();
    },
  };
}
