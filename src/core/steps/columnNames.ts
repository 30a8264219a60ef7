import * as z from 'zod';

/** A non-empty list of distinct column names, as the column steps' `columns` parameters take. */
export function columnNameList(description: string) {
  return z
    .array(z.string().min(1))
    .min(1)
    .refine((names) => new Set(names).size === names.length, { message: 'lists a column more than once' })
    .describe(description);
}
