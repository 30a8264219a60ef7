import { EVOLUTION_COLUMNS, METADATA_COLUMN, SCORE_COLUMNS } from './columnRoles';

const OUTPUT_COLUMNS = new Set([
  ...EVOLUTION_COLUMNS.flatMap((role) => [role.list, role.single]),
  ...SCORE_COLUMNS.map((role) => role.column),
]);

/**
 * Whether a row came out of a task: it has a column the panel knows as a task output, or
 * distilabel metadata recording a request (`raw_output_<step>`), which every task run adds.
 */
export function holdsTaskOutputs(values: Readonly<Record<string, unknown>>): boolean {
  for (const column of Object.keys(values)) if (OUTPUT_COLUMNS.has(column)) return true;
  const metadata = values[METADATA_COLUMN];
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return false;
  return Object.keys(metadata).some((key) => key.startsWith('raw_output_'));
}
