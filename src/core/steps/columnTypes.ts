import { col, type ColumnSpec, type ColumnType } from '../tasks/columns';

/** Upstream columns a step removes: these names, or every column but the step's outputs. */
export type DroppedColumns = readonly string[] | 'all';

export function sameColumnType(a: ColumnType, b: ColumnType): boolean {
  if (a.kind !== b.kind || a.nullable !== b.nullable) return false;
  return a.kind === 'list' && b.kind === 'list' ? sameColumnType(a.item, b.item) : true;
}

/** The type all of `types` share, or `json` when they differ or one is unknown. */
export function commonColumnType(types: readonly (ColumnType | undefined)[]): ColumnType {
  const [first, ...rest] = types;
  if (first === undefined || rest.some((type) => type === undefined || !sameColumnType(type, first))) return col.json;
  return first;
}

/**
 * The type of the items a value of `type` contributes when lists are flattened: a list's items
 * (nullable when the list itself may be null, since a null is kept as one item), else the value.
 */
export function flattenedItemType(type: ColumnType | undefined): ColumnType | undefined {
  if (type === undefined || type.kind !== 'list') return type;
  return type.nullable ? col.nullable(type.item) : type.item;
}

/** Merges the predecessors' columns; a later predecessor's type wins, as its values do. */
export function mergeColumnSpecs(specs: readonly ColumnSpec[]): ColumnSpec {
  return Object.assign({}, ...specs) as ColumnSpec;
}

/** The columns of rows leaving a step: the upstream ones it keeps, then those it writes. */
export function columnsAfterStep(upstreams: readonly ColumnSpec[], dropped: DroppedColumns, outputs: ColumnSpec): ColumnSpec {
  if (dropped === 'all') return { ...outputs };
  const drop = new Set(dropped);
  // A dropped column that is also written comes back after the kept ones, as it does in the rows.
  const kept = Object.entries(mergeColumnSpecs(upstreams)).filter(([name]) => !drop.has(name));
  return { ...Object.fromEntries(kept), ...outputs };
}
