import * as z from 'zod';
import type { JsonObject } from '../jsonl/types';
import { col } from '../tasks/columns';
import { columnNameList } from './columnNames';
import { commonColumnType } from './columnTypes';
import { defineColumnStep } from './defineColumnStep';
import { mergeMetadata, METADATA_COLUMN } from './stepRows';

const groupColumnsParams = z
  .strictObject({
    columns: columnNameList('The columns each predecessor gives, grouped into one list per column.'),
    output_columns: z
      .array(z.string().min(1))
      .optional()
      .describe('The names of the grouped columns, one per entry of `columns`; default `grouped_<column>`.'),
  })
  .refine((params) => params.output_columns === undefined || params.output_columns.length === params.columns.length, {
    message: 'output_columns must name one column for each entry of columns',
    path: ['output_columns'],
  });

type GroupColumnsParams = z.output<typeof groupColumnsParams>;

function groupedNames(params: GroupColumnsParams): [string, string][] {
  return params.columns.map((name, index) => [name, params.output_columns?.[index] ?? `grouped_${name}`]);
}

export const groupColumns = defineColumnStep({
  kind: 'multi-input',
  name: 'GroupColumns',
  description: 'Group the same-named `columns` of several predecessors, row by row, into lists (one item per predecessor).',
  categories: ['columns'],
  notes: [
    'Rows are aligned by position. Other columns are merged, a later predecessor winning; the grouped columns themselves are removed; `distilabel_metadata` is merged key by key.',
    'A list\'s item type is the column\'s type if every predecessor gives the same one, else `json`.',
  ],
  deviations: [
    'A predecessor that lacks a column, or has no row at a position, puts null in that list position and the reason in `distilabel_metadata`, so list positions stay aligned with predecessors; distilabel skips the value, and truncates to the shortest predecessor.',
    'Metadata keys present in several predecessors keep the later value; distilabel turns them into lists.',
  ],
  example: { columns: ['generation', 'model_name'], output_columns: ['generations', 'model_names'] },
  params: groupColumnsParams,
  inputs: (params) => Object.fromEntries(params.columns.map((name) => [name, col.json])),
  outputs: (params, upstreams) =>
    Object.fromEntries(groupedNames(params).map(([name, output]) => [output, col.list(commonColumnType(upstreams?.map((spec) => spec[name]) ?? []))])),
  drops: (params) => params.columns,
  combine: (rows, params) => {
    const grouping = new Set(params.columns);
    const row: JsonObject = {};
    for (const source of rows) {
      for (const [name, value] of Object.entries(source ?? {})) {
        if (!grouping.has(name) && name !== METADATA_COLUMN) row[name] = value;
      }
    }
    for (const [name, output] of groupedNames(params)) row[output] = rows.map((source) => source?.[name] ?? null);
    const metadata = mergeMetadata(rows);
    if (metadata !== undefined) row[METADATA_COLUMN] = metadata;
    return { row };
  },
});
