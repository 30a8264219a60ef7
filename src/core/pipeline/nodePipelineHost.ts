import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { JsonObject } from '../jsonl/types';
import { readLoadSource, type LoadFormat } from './load';
import type { PipelineHost, SampleResult } from './pipelineHost';

/** Enough rows to see a column's type and its nulls, few enough to read while typing. */
const SAMPLE_ROWS = 200;
/** Distinct files whose samples are kept; a pipeline names a handful. */
const CACHED_FILES = 64;

/** The first rows of a file, read the way the engine reads it (CSV values stay strings). */
export async function readSampleRows(path: string, format: LoadFormat, limit = SAMPLE_ROWS): Promise<SampleResult> {
  const rows: JsonObject[] = [];
  let firstProblem: string | undefined;
  try {
    for await (const item of readLoadSource({ path, format })) {
      if (item.kind === 'problem') {
        firstProblem ??= `line ${item.problem.line}: ${item.problem.message}`;
        continue;
      }
      rows.push(item.row.value);
      if (rows.length >= limit) break;
    }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  return rows.length === 0 && firstProblem !== undefined ? { error: firstProblem } : { rows };
}

/**
 * Samples by absolute path, reused while the file keeps its size and modification time, so
 * validating on every keystroke reads each data file once. The language server also forgets
 * a file when the editor reports a change to it.
 */
export class SampleCache {
  private readonly entries = new Map<string, { stamp: string; sample: Promise<SampleResult> }>();

  async read(path: string, format: LoadFormat): Promise<SampleResult> {
    let stamp: string;
    try {
      const stats = await stat(path);
      stamp = `${stats.mtimeMs}:${stats.size}:${format}`;
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
    const cached = this.entries.get(path);
    if (cached?.stamp === stamp) return cached.sample;
    const sample = readSampleRows(path, format);
    this.entries.delete(path);
    this.entries.set(path, { stamp, sample });
    if (this.entries.size > CACHED_FILES) this.entries.delete(this.entries.keys().next().value as string);
    return sample;
  }

  /** Forgets one file, or every file. */
  forget(path?: string): void {
    if (path === undefined) this.entries.clear();
    else this.entries.delete(path);
  }
}

/** File access for a pipeline file on disk: `load` paths resolve against its folder. */
export function nodePipelineHost(pipelineFile: string, cache: SampleCache = new SampleCache()): PipelineHost {
  const folder = dirname(resolve(pipelineFile));
  return {
    async fileExists(path) {
      try {
        return (await stat(resolve(folder, path))).isFile();
      } catch {
        return false;
      }
    },
    readSample: (path, format) => cache.read(resolve(folder, path), format),
  };
}
