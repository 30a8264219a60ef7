import * as z from 'zod';
import { col } from '../tasks/columns';
import { columnNameList } from './columnNames';
import { commonColumnType, flattenedItemType } from './columnTypes';
import { defineColumnStep } from './defineColumnStep';

const mergeColumnsParams = z.strictObject({
  columns: columnNameList('The columns to merge, in order; they are removed from the row.'),
  output_column: z.string().min(1).default('merged_column').describe('The column that receives the list of merged values.'),
});

export const mergeColumns = defineColumnStep({
  kind: 'row',
  name: 'MergeColumns',
  description: 'Merge several columns of a row into one list in `output_column`; list values are flattened into it.',
  categories: ['columns'],
  notes: [
    'A list value contributes its items, any other value (null included) contributes itself: `"a"` and `["b", "c"]` merge to `["a", "b", "c"]`.',
    'The item type is the common item type of the merged columns upstream, else `json`.',
  ],
  deviations: ['A row missing one of `columns` is kept unmerged with a null `output_column` and the reason in `distilabel_metadata` (distilabel raises a KeyError).'],
  example: { columns: ['instruction', 'evolved_instructions'], output_column: 'instructions' },
  params: mergeColumnsParams,
  inputs: (params) => Object.fromEntries(params.columns.map((name) => [name, col.json])),
  outputs: (params, upstream) => ({
    [params.output_column]: col.list(commonColumnType(params.columns.map((name) => flattenedItemType(upstream?.[name])))),
  }),
  drops: (params) => params.columns,
  process: (row, params) => {
    const rest = Object.fromEntries(Object.entries(row).filter(([name]) => !params.columns.includes(name)));
    const merged = params.columns.flatMap((name) => {
      const value = row[name];
      return Array.isArray(value) ? (value as unknown[]) : [value];
    });
    return { row: { ...rest, [params.output_column]: merged } };
  },
});
