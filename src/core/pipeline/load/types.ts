import type { JsonObject, LineRange } from '../../jsonl/types';

export type LoadFormat = 'jsonl' | 'json' | 'csv';

/** A `load` source with its path made absolute and its format and row range settled. */
export interface LoadSource {
  path: string;
  format: LoadFormat;
  /** JSONL: file lines; JSON and CSV: rows (array items, data records), 1-based and inclusive. */
  range?: LineRange;
}

/** A row, or a part of the file that could not be read as one (reported, then skipped). */
export type LoadedItem = { kind: 'row'; row: LoadedRow } | { kind: 'problem'; problem: LoadProblem };

export interface LoadedRow {
  /** 1-based line of the file where the row starts, kept so results can point back to it. */
  line: number;
  value: JsonObject;
}

export interface LoadProblem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}
