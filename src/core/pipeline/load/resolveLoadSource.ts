import { extname, resolve } from 'node:path';
import type { LoadStep } from '../schema';
import type { LoadFormat, LoadSource } from './types';

const FORMAT_BY_EXTENSION: Readonly<Record<string, LoadFormat>> = { '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'json', '.csv': 'csv' };

/** Why a `load` value cannot be used, and which of its keys is at fault. */
export interface LoadSourceProblem {
  key: 'path' | 'format' | 'lines';
  message: string;
}

/** The source a `load` value names, with its path resolved against the pipeline file's folder. */
export function resolveLoadSource(load: LoadStep['load'], pipelineDir: string): LoadSource | LoadSourceProblem {
  const spec = typeof load === 'string' ? { path: load } : load;
  const path = resolve(pipelineDir, spec.path);
  const format = spec.format ?? loadFormatOf(path);
  if (format === undefined) {
    return { key: 'path', message: `cannot tell the format of "${spec.path}" from its extension: add format: jsonl, json or csv` };
  }
  if (spec.lines === undefined) return { path, format };
  const [start, end = start] = spec.lines.split('-').map(Number) as [number, number?];
  if (start < 1 || end < start) return { key: 'lines', message: `lines "${spec.lines}" is empty: give A-B with 1 <= A <= B` };
  return { path, format, range: { start, end } };
}

/** The format a file's extension names (`.jsonl`, `.ndjson`, `.json`, `.csv`), if any. */
export function loadFormatOf(path: string): LoadFormat | undefined {
  return FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
}

export function isLoadSourceProblem(value: LoadSource | LoadSourceProblem): value is LoadSourceProblem {
  return 'message' in value;
}
