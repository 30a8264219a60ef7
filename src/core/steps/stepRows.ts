import type { JsonObject } from '../jsonl/types';
import { explainTypeMismatch, type ColumnSpec, type ColumnType } from '../tasks/columns';

export const METADATA_COLUMN = 'distilabel_metadata';

/**
 * Why `row` does not fit `inputs`, one problem per column. A required column must be present
 * even when its type is `json` (which accepts any value, null included); nullable columns are
 * optional.
 */
export function inputProblems(row: JsonObject, inputs: ColumnSpec): string[] {
  const problems: string[] = [];
  for (const { name, type, path } of inputChecks(inputs)) {
    const value = row[name];
    if (value === undefined && !type.nullable) problems.push(`${path} is missing`);
    else {
      const problem = explainTypeMismatch(value, type, path);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

interface InputCheck {
  name: string;
  type: ColumnType;
  /** How messages name the column. */
  path: string;
}

/** The checks of a step's inputs, made once per step rather than once per row: a big file has a million rows. */
const checksOfInputs = new WeakMap<ColumnSpec, readonly InputCheck[]>();

function inputChecks(inputs: ColumnSpec): readonly InputCheck[] {
  let checks = checksOfInputs.get(inputs);
  if (!checks) {
    checks = Object.entries(inputs).map(([name, type]) => ({ name, type, path: `column "${name}"` }));
    checksOfInputs.set(inputs, checks);
  }
  return checks;
}

/** The row unchanged, with null for every output column it lacks, so its shape stays predictable. */
export function passThroughRow(row: JsonObject, outputs: ColumnSpec): JsonObject {
  const missing = Object.keys(outputs).filter((name) => row[name] === undefined);
  return { ...row, ...Object.fromEntries(missing.map((name) => [name, null])) };
}

function metadataOf(row: JsonObject): JsonObject | undefined {
  const metadata = row[METADATA_COLUMN];
  return typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? (metadata as JsonObject) : undefined;
}

/**
 * Records `error` under `distilabel_metadata.error_<step>` (metadata from earlier steps kept), or
 * removes a stale one left by an earlier run of the same step when the row is fine now.
 */
export function settleError(row: JsonObject, stepName: string, error: string | undefined, includeMetadata: boolean): JsonObject {
  const key = `error_${stepName}`;
  const metadata = metadataOf(row);
  if (error === undefined || !includeMetadata) {
    if (metadata === undefined || !(key in metadata)) return row;
    const { [key]: _stale, ...rest } = metadata;
    return { ...row, [METADATA_COLUMN]: rest };
  }
  return { ...row, [METADATA_COLUMN]: { ...metadata, [key]: error } };
}

/** The metadata objects of several rows, merged key by key; a later row wins a shared key. */
export function mergeMetadata(rows: readonly (JsonObject | undefined)[]): JsonObject | undefined {
  const objects = rows.flatMap((row) => {
    const metadata = row === undefined ? undefined : metadataOf(row);
    return metadata === undefined ? [] : [metadata];
  });
  return objects.length === 0 ? undefined : (Object.assign({}, ...objects) as JsonObject);
}
