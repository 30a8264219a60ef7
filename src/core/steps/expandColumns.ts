import * as z from 'zod';
import type { JsonObject } from '../jsonl/types';
import { col, type ColumnType } from '../tasks/columns';
import { columnNameList } from './columnNames';
import { defineColumnStep } from './defineColumnStep';

const expandColumnsParams = z.strictObject({
  columns: z
    .union([
      columnNameList('List columns to expand, each written back under its own name.'),
      z
        .record(z.string().min(1), z.string())
        .refine((columns) => Object.keys(columns).length > 0, { message: 'needs at least one column' })
        .describe('List column to expand -> the column that receives its items ("" keeps the name).'),
    ])
    .describe('The list columns to expand: a list of names, or a map from each column to the column that receives its items.'),
});

type ExpandColumnsParams = z.output<typeof expandColumnsParams>;

/** Each expanded column paired with the column its items go to. */
function expansions(params: ExpandColumnsParams): [string, string][] {
  if (Array.isArray(params.columns)) return params.columns.map((name) => [name, name]);
  return Object.entries(params.columns).map(([name, target]) => [name, target === '' ? name : target]);
}

function itemType(type: ColumnType | undefined): ColumnType {
  return type?.kind === 'list' ? type.item : col.json;
}

export const expandColumns = defineColumnStep({
  kind: 'row',
  name: 'ExpandColumns',
  description: 'Expand list columns into one row per item; several columns expand in lockstep (row i takes item i of each).',
  categories: ['columns'],
  notes: [
    'Other columns are copied into every row. An empty list gives no rows: that is what expanding it means.',
    'An item column\'s type is the item type of its list upstream, else `json`. Under the map form the list column stays as it was next to the new one.',
  ],
  deviations: [
    'Lists of different lengths are refused for that row (kept unexpanded, with the reason in `distilabel_metadata`); distilabel pads the shorter one with the whole row.',
    '`split_statistics` and `encoded` are not supported.',
  ],
  example: { columns: ['generations'] },
  params: expandColumnsParams,
  inputs: (params) => Object.fromEntries(expansions(params).map(([name]) => [name, col.list(col.json)])),
  outputs: (params, upstream) => Object.fromEntries(expansions(params).map(([name, target]) => [target, itemType(upstream?.[name])])),
  process: (row, params) => {
    const pairs = expansions(params).map(([name, target]) => ({ name, target, items: row[name] as unknown[] }));
    const lengths = new Set(pairs.map((pair) => pair.items.length));
    if (lengths.size > 1) {
      const described = pairs.map((pair) => `"${pair.name}" has ${pair.items.length}`).join(', ');
      return {
        row: { ...row, ...Object.fromEntries(pairs.filter((pair) => !(pair.target in row)).map((pair) => [pair.target, null])) },
        error: `the columns to expand must hold lists of the same length to expand in lockstep: ${described} items`,
      };
    }
    const count = pairs[0]?.items.length ?? 0;
    return Array.from({ length: count }, (_, index): { row: JsonObject } => ({
      row: { ...row, ...Object.fromEntries(pairs.map((pair) => [pair.target, pair.items[index]])) },
    }));
  },
});
