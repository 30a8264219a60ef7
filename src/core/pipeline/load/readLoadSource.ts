import { readCsvSource } from './readCsvSource';
import { readJsonlSource } from './readJsonlSource';
import { readJsonSource } from './readJsonSource';
import type { LoadedItem, LoadSource } from './types';

/** The rows of a `load` source in file order, with every unreadable part reported as a problem. */
export function readLoadSource(source: LoadSource, signal?: AbortSignal): AsyncGenerator<LoadedItem> {
  switch (source.format) {
    case 'jsonl':
      return readJsonlSource(source, signal);
    case 'json':
      return readJsonSource(source, signal);
    case 'csv':
      return readCsvSource(source, signal);
  }
}
