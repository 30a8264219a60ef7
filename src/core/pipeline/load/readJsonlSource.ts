import { readJsonlFile } from '../../jsonl';
import type { LoadedItem, LoadSource } from './types';

/** Streams a JSONL file: one row per line, each bad line a problem at its line and column. */
export async function* readJsonlSource(source: LoadSource, signal?: AbortSignal): AsyncGenerator<LoadedItem> {
  const options = { ...(source.range ? { range: source.range } : {}), ...(signal ? { signal } : {}) };
  for await (const item of readJsonlFile(source.path, options)) {
    if (item.kind === 'row') yield { kind: 'row', row: item.row };
    else yield { kind: 'problem', problem: { file: source.path, ...item.error } };
  }
}
