import * as z from 'zod';
import type { JsonObject } from '../jsonl/types';
import { col } from '../tasks/columns';
import { columnNameList } from './columnNames';
import { defineColumnStep } from './defineColumnStep';

const keepColumnsParams = z.strictObject({
  columns: columnNameList('The columns to keep, in the order they are written; every other column is removed.'),
});

/** Only `columns`, in that order; a missing one is null (that row also carries an error). */
function keep(row: JsonObject, columns: readonly string[]): JsonObject {
  return Object.fromEntries(columns.map((name) => [name, row[name] ?? null]));
}

export const keepColumns = defineColumnStep({
  kind: 'row',
  name: 'KeepColumns',
  description: 'Keep only `columns`, in that order; every other column, `distilabel_metadata` included, is removed.',
  categories: ['columns'],
  notes: ['The kept columns keep their upstream types (`json` in the tables above stands for "as upstream").'],
  deviations: [
    'A row missing one of `columns` is kept with null in that column and the reason in `distilabel_metadata` (distilabel raises a KeyError and stops the pipeline).',
  ],
  example: { columns: ['instruction', 'generation'] },
  params: keepColumnsParams,
  inputs: (params) => Object.fromEntries(params.columns.map((name) => [name, col.json])),
  outputs: (params, upstream) => Object.fromEntries(params.columns.map((name) => [name, upstream?.[name] ?? col.json])),
  drops: () => 'all',
  process: (row, params) => ({ row: keep(row, params.columns) }),
  fallback: (row, params) => {
    const metadata = row.distilabel_metadata;
    return metadata === undefined ? keep(row, params.columns) : { ...keep(row, params.columns), distilabel_metadata: metadata };
  },
});
