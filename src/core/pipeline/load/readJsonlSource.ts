import { readJsonlBatches } from '../../jsonl';
import type { LoadedItem, LoadSource } from './types';

/** Streams a JSONL file a chunk at a time: one row per line, each bad line a problem at its line and column. */
export async function* readJsonlSource(source: LoadSource, signal?: AbortSignal): AsyncGenerator<LoadedItem[]> {
  const options = { ...(source.range ? { range: source.range } : {}), ...(signal ? { signal } : {}) };
  for await (const batch of readJsonlBatches(source.path, options)) {
    // A row item is already a loaded row; only a bad line needs the file named.
    yield batch.map((item) => (item.kind === 'row' ? item : { kind: 'problem', problem: { file: source.path, ...item.error } }));
  }
}
