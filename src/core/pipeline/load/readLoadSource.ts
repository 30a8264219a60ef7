import { readCsvSource } from './readCsvSource';
import { readJsonlSource } from './readJsonlSource';
import { readJsonSource } from './readJsonSource';
import type { LoadedItem, LoadSource } from './types';

/**
 * The rows of a `load` source in file order, with every unreadable part reported as a problem,
 * in batches: a JSONL file's as each chunk is read (the format big files come in), one item
 * each for the others.
 */
export function readLoadBatches(source: LoadSource, signal?: AbortSignal): AsyncGenerator<LoadedItem[]> {
  switch (source.format) {
    case 'jsonl':
      return readJsonlSource(source, signal);
    case 'json':
      return oneByOne(readJsonSource(source, signal));
    case 'csv':
      return oneByOne(readCsvSource(source, signal));
  }
}

/** The same items one at a time; an abort stops them at the next item. */
export async function* readLoadSource(source: LoadSource, signal?: AbortSignal): AsyncGenerator<LoadedItem> {
  for await (const batch of readLoadBatches(source, signal)) {
    for (const item of batch) {
      signal?.throwIfAborted();
      yield item;
    }
  }
}

async function* oneByOne(items: AsyncGenerator<LoadedItem>): AsyncGenerator<LoadedItem[]> {
  for await (const item of items) yield [item];
}
