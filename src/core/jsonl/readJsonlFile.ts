import { readJsonlBatches, type ReadJsonlOptions } from './readJsonlBatches';
import type { JsonlReadItem } from './types';

/**
 * Streams the rows and bad lines of a JSONL file one at a time (see readJsonlBatches, which
 * hands them over a chunk at a time for callers that handle many rows a second).
 */
export async function* readJsonlFile(path: string, options: ReadJsonlOptions = {}): AsyncGenerator<JsonlReadItem> {
  for await (const batch of readJsonlBatches(path, options)) {
    for (const item of batch) {
      // The rest of a batch already read would otherwise still arrive after an abort.
      options.signal?.throwIfAborted();
      yield item;
    }
  }
}
