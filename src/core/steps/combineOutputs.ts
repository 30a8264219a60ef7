import * as z from 'zod';
import type { JsonObject } from '../jsonl/types';
import { mergeColumnSpecs } from './columnTypes';
import { defineColumnStep } from './defineColumnStep';
import { mergeMetadata, METADATA_COLUMN } from './stepRows';

export const combineOutputs = defineColumnStep({
  kind: 'multi-input',
  name: 'CombineOutputs',
  description: 'Join the rows of several branches position by position into one row with all their columns.',
  categories: ['columns'],
  notes: [
    'A later branch\'s column wins over an earlier one of the same name, except `distilabel_metadata`, which is merged key by key.',
    'The outputs are every column of every branch, with the winning branch\'s type.',
  ],
  deviations: [
    'Branches of different lengths are not truncated: positions past a short branch combine the rows that are there and say which branch ran short in `distilabel_metadata`.',
    'Metadata keys present in several branches keep the later value; distilabel turns them into lists.',
  ],
  params: z.strictObject({}),
  inputs: () => ({}),
  outputs: (_params, upstreams) => mergeColumnSpecs(upstreams ?? []),
  combine: (rows) => {
    const row: JsonObject = {};
    for (const source of rows) {
      for (const [name, value] of Object.entries(source ?? {})) if (name !== METADATA_COLUMN) row[name] = value;
    }
    const metadata = mergeMetadata(rows);
    if (metadata !== undefined) row[METADATA_COLUMN] = metadata;
    return { row };
  },
});
