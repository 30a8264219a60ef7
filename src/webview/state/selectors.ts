/** Values derived from the state, memoized: the views ask for them on every frame. */
import { SCORE_COLUMNS } from '../../core/results/columnRoles';
import { scoreIdParts } from '../../core/results/scoreCells';
import type { Decision, DecisionFilter, PanelRow, ScoreRange, SortOrder, ViewMode } from '../../protocol/resultsPanel';
import { memoizeLast } from './memo';
import type { PanelState } from './panelState';

export interface ScoreColumn {
  /** `scores[2]`, `score`: what sort and filters name. */
  id: string;
  column: string;
  position: number | null;
  /** True when every value present is a number: sortable as numbers, filterable, histogrammed. */
  numeric: boolean;
  min: number | null;
  max: number | null;
  /**
   * The colour scale's ends: the range of the whole task column (every position of `scores`),
   * so that a 3 has the same colour in every column of one scorer.
   */
  scaleMin: number | null;
  scaleMax: number | null;
}

const ROLE_ORDER = new Map(SCORE_COLUMNS.map((role, index) => [role.column, index]));

/** Every score column some row has, in the order of the task roles and then by position. */
export const scoreColumnsOf = memoizeLast((rows: readonly PanelRow[]): ScoreColumn[] => {
  const columns = new Map<string, ScoreColumn>();
  for (const row of rows) {
    for (const id in row.scores) {
      const value = row.scores[id];
      let column = columns.get(id);
      if (!column) {
        column = { id, ...scoreIdParts(id), numeric: true, min: null, max: null, scaleMin: null, scaleMax: null };
        columns.set(id, column);
      }
      if (typeof value === 'string') column.numeric = false;
      if (typeof value === 'number') {
        column.min = column.min === null ? value : Math.min(column.min, value);
        column.max = column.max === null ? value : Math.max(column.max, value);
      }
    }
  }
  const scales = new Map<string, { min: number; max: number }>();
  for (const { column, min, max } of columns.values()) {
    if (min === null || max === null) continue;
    const scale = scales.get(column);
    scales.set(column, scale ? { min: Math.min(scale.min, min), max: Math.max(scale.max, max) } : { min, max });
  }
  for (const column of columns.values()) {
    column.scaleMin = scales.get(column.column)?.min ?? null;
    column.scaleMax = scales.get(column.column)?.max ?? null;
  }
  return [...columns.values()].sort(
    (a, b) => (ROLE_ORDER.get(a.column) ?? 0) - (ROLE_ORDER.get(b.column) ?? 0) || (a.position ?? 0) - (b.position ?? 0),
  );
});

const defaultViewOf = memoizeLast((rows: readonly PanelRow[]): ViewMode => {
  if (rows.some((row) => row.track)) return 'evolutions';
  return rows.some((row) => Object.keys(row.scores).length > 0) ? 'scores' : 'table';
});

export function effectiveView(state: PanelState): ViewMode {
  return state.view ?? defaultViewOf(state.rows);
}

function passesDecision(filter: DecisionFilter, row: PanelRow, decision: Decision | undefined): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'undecided':
      return decision === undefined;
    case 'failed':
      return row.status !== 'ok';
    default:
      return decision === filter;
  }
}

function passesRanges(row: PanelRow, ranges: readonly [string, ScoreRange][]): boolean {
  return ranges.every(([id, range]) => {
    const value = row.scores[id];
    if (typeof value !== 'number') return false;
    return (range.min === null || value >= range.min) && (range.max === null || value <= range.max);
  });
}

/** Nulls (and absent cells) last in both directions; ties are left to the caller. */
function compareRows(sort: SortOrder | null): (a: PanelRow, b: PanelRow) => number {
  const sign = sort?.direction === 'desc' ? -1 : 1;
  const valueOf = (row: PanelRow): number | string | null =>
    sort === null || sort.column === 'line' ? row.line : (row.scores[sort.column] ?? null);
  return (a, b) => {
    const left = valueOf(a);
    const right = valueOf(b);
    let result = 0;
    if (left === null || right === null) result = left === right ? 0 : left === null ? 1 : -1;
    else if (typeof left === 'number' && typeof right === 'number') result = sign * (left - right);
    else result = sign * String(left).localeCompare(String(right));
    return result;
  };
}

const visibleKeysMemo = memoizeLast(
  (
    rows: readonly PanelRow[],
    decisions: ReadonlyMap<string, Decision>,
    sort: SortOrder | null,
    filters: Readonly<Record<string, ScoreRange>>,
    decisionFilter: DecisionFilter,
  ): string[] => {
    const ranges = Object.entries(filters).filter(([, range]) => range.min !== null || range.max !== null);
    // Positions are sorted, not rows, so ties keep the rows' own order without a map of them;
    // rows already in order (a file's, by line) cost one pass.
    const kept: number[] = [];
    rows.forEach((row, position) => {
      if (passesDecision(decisionFilter, row, decisions.get(row.key)) && passesRanges(row, ranges)) kept.push(position);
    });
    const compare = compareRows(sort);
    return kept.sort((a, b) => compare(rows[a] as PanelRow, rows[b] as PanelRow) || a - b).map((position) => (rows[position] as PanelRow).key);
  },
);

/** The keys of the rows shown, in the order shown. */
export function visibleKeys(state: PanelState): string[] {
  return visibleKeysMemo(state.rows, state.decisions, state.sort, state.filters, state.decisionFilter);
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/**
 * The distribution of a numeric column over every row (filters do not change it, so it shows
 * what a range leaves out). Whole numbers in a short range get a bin each (ratings 1..5);
 * anything else, ten equal bins.
 */
export const histogramOf = memoizeLast((rows: readonly PanelRow[], columns: readonly ScoreColumn[]): ReadonlyMap<string, HistogramBin[]> => {
  const histograms = new Map<string, HistogramBin[]>();
  for (const column of columns) {
    // Over the task column's whole range, so ratings 1..5 show all five bars even where one
    // position only ever got 4s and 5s.
    if (!column.numeric || column.scaleMin === null || column.scaleMax === null) continue;
    const { scaleMin: min, scaleMax: max } = column;
    const values = rows.flatMap((row) => {
      const value = row.scores[column.id];
      return typeof value === 'number' ? [value] : [];
    });
    const whole = values.every(Number.isInteger) && max - min <= 20;
    const count = whole ? max - min + 1 : min === max ? 1 : 10;
    const width = whole ? 1 : (max - min) / count || 1;
    const bins: HistogramBin[] = Array.from({ length: count }, (_, index) => ({
      from: min + index * width,
      to: whole ? min + index : min + (index + 1) * width,
      count: 0,
    }));
    for (const value of values) {
      const index = Math.min(count - 1, Math.floor((value - min) / width));
      (bins[index] as HistogramBin).count += 1;
    }
    histograms.set(column.id, bins);
  }
  return histograms;
});

/** Where a value sits between its task column's lowest and highest, 0..1, for the colour scale. */
export function scoreFraction(value: number, column: ScoreColumn): number {
  const { scaleMin, scaleMax } = column;
  if (scaleMin === null || scaleMax === null || scaleMax === scaleMin) return 1;
  return (value - scaleMin) / (scaleMax - scaleMin);
}

export interface DecisionCounts {
  accepted: number;
  rejected: number;
  undecided: number;
}

export function decisionCounts(state: PanelState): DecisionCounts {
  let accepted = 0;
  let rejected = 0;
  for (const decision of state.decisions.values()) {
    if (decision === 'accepted') accepted += 1;
    else rejected += 1;
  }
  return { accepted, rejected, undecided: state.rows.length - accepted - rejected };
}
