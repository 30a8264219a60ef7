/**
 * Which dataset column feeds each task input. When the selected rows lack an input (they have
 * `prompt`, the task wants `instruction`), the columns whose values fit the input's type are
 * offered, and the others are explained in words. Pure, unit-tested.
 */
import type { JsonObject } from '../core/jsonl';
import { col, explainTypeMismatch, type ColumnSpec, type ColumnType } from '../core/tasks/columns';

/** A column that can feed the input: its values fit the type in `fittingRows` of the rows having it. */
export interface ColumnCandidate {
  column: string;
  fittingRows: number;
  rowsWithColumn: number;
}

export interface IncompatibleColumn {
  column: string;
  /** "column `messages` is a chat, ComplexityScorer's `instructions` needs a list of strings" */
  explanation: string;
}

export type InputPlan =
  | { input: string; type: ColumnType; status: 'present' }
  | { input: string; type: ColumnType; status: 'mapped'; column: string }
  | {
      input: string;
      type: ColumnType;
      status: 'missing';
      /** Why the input cannot be read as is, in words. */
      reason: string;
      candidates: ColumnCandidate[];
      incompatible: IncompatibleColumn[];
    };

/**
 * For every input of the task: present under its own name, read from a preferred (remembered
 * or given) column, or missing with the columns that could feed it. A column fits when at
 * least one selected row's value has the input's type; rows whose value does not fit are
 * reported one by one when the run gets to them, so one odd row does not block the others.
 */
export function planInputs(
  taskName: string,
  inputs: ColumnSpec,
  rows: readonly JsonObject[],
  preferred: Readonly<Record<string, string>> = {},
): InputPlan[] {
  const columns = columnsOf(rows);
  return Object.entries(inputs).map(([input, type]): InputPlan => {
    const wanted = preferred[input];
    let preferredProblem: string | undefined;
    if (wanted !== undefined && wanted !== input) {
      const check = checkColumn(wanted, type, rows);
      if (check.kind === 'fits') return { input, type, status: 'mapped', column: wanted };
      preferredProblem =
        check.kind === 'absent'
          ? `the selected rows have no column \`${wanted}\` (chosen before for \`${input}\`)`
          : explainIncompatible(wanted, check.value, taskName, input, type);
    }
    const own = checkColumn(input, type, rows);
    if (own.kind === 'fits' && preferredProblem === undefined) return { input, type, status: 'present' };

    const candidates: ColumnCandidate[] = [];
    const incompatible: IncompatibleColumn[] = [];
    for (const column of columns) {
      const check = checkColumn(column, type, rows);
      if (check.kind === 'fits') candidates.push({ column, fittingRows: check.fittingRows, rowsWithColumn: check.rowsWithColumn });
      else if (check.kind === 'mismatch') incompatible.push({ column, explanation: explainIncompatible(column, check.value, taskName, input, type) });
    }
    // Most rows fitting first; the sort is stable, so ties keep the file's column order.
    candidates.sort((a, b) => b.fittingRows - a.fittingRows);
    const reason =
      preferredProblem ??
      (own.kind === 'mismatch'
        ? explainIncompatible(input, own.value, taskName, input, type)
        : `${taskName} needs \`${input}\` (${describeTypeInWords(type)}), and the selected rows have no column of that name`);
    return { input, type, status: 'missing', reason, candidates, incompatible };
  });
}

/** The input mappings to pass to `configure`: input name -> column, only where they differ. */
export function mappingFrom(plans: readonly InputPlan[]): Record<string, string> {
  return Object.fromEntries(plans.flatMap((plan) => (plan.status === 'mapped' && plan.column !== plan.input ? [[plan.input, plan.column]] : [])));
}

/** Column names in order of first appearance across the rows. */
export function columnsOf(rows: readonly JsonObject[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

type ColumnCheck =
  | { kind: 'absent' }
  | { kind: 'fits'; fittingRows: number; rowsWithColumn: number }
  /** No row's value fits; `value` is the first one, for the explanation. */
  | { kind: 'mismatch'; value: unknown };

function checkColumn(column: string, type: ColumnType, rows: readonly JsonObject[]): ColumnCheck {
  let rowsWithColumn = 0;
  let fittingRows = 0;
  let firstValue: unknown;
  for (const row of rows) {
    if (!(column in row)) continue;
    const value = row[column];
    if (rowsWithColumn === 0) firstValue = value;
    rowsWithColumn += 1;
    if (explainTypeMismatch(value, type, column) === null) fittingRows += 1;
  }
  if (rowsWithColumn === 0) return { kind: 'absent' };
  return fittingRows > 0 ? { kind: 'fits', fittingRows, rowsWithColumn } : { kind: 'mismatch', value: firstValue };
}

/** "column `messages` is a chat, ComplexityScorer's `instructions` needs a list of strings" */
export function explainIncompatible(column: string, value: unknown, taskName: string, input: string, type: ColumnType): string {
  return `column \`${column}\` is ${describeValueInWords(value)}, ${taskName}'s \`${input}\` needs ${describeTypeInWords(type)}`;
}

/** "a string", "a list of strings", "a chat", "a number or null", "any JSON value". */
export function describeTypeInWords(type: ColumnType): string {
  const base = type.kind === 'json' ? 'any JSON value' : `a ${singular(type)}`;
  return type.nullable && type.kind !== 'json' ? `${base} or null` : base;
}

function singular(type: ColumnType): string {
  switch (type.kind) {
    case 'list':
      return `list of ${plural(type.item)}`;
    case 'json':
      return 'JSON value';
    default:
      return type.kind;
  }
}

function plural(type: ColumnType): string {
  const base = type.kind === 'list' ? `lists of ${plural(type.item)}` : type.kind === 'json' ? 'JSON values' : `${type.kind}s`;
  return type.nullable ? `${base} (or nulls)` : base;
}

/** A JSON value's shape in words: "a chat", "a list of strings", "an object", "null". */
export function describeValueInWords(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty list';
    if (explainTypeMismatch(value, col.chat, '') === null) return 'a chat';
    const kinds = new Set(value.map(itemKind));
    if (kinds.size > 1) return 'a list of mixed values';
    return `a list of ${[...kinds][0] as string}`;
  }
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function itemKind(item: unknown): string {
  if (item === null) return 'nulls';
  if (Array.isArray(item)) return 'lists';
  if (typeof item === 'object') return 'objects';
  return `${typeof item}s`;
}
