/**
 * The score table: one row per dataset row, the text it is about, then every score column with
 * the scored text beside the score. The header sorts by any score, filters by range and shows
 * each column's distribution as a small histogram (click a bar to keep only that range).
 */
import { textOf } from '../../core/results/columnRoles';
import type { LoadedRow, ScoreRange, SortOrder } from '../../protocol/resultsPanel';
import type { RowDigest } from '../state/rowDigest';
import type { HistogramBin, ScoreColumn } from '../state/selectors';
import { button, el } from './dom';
import { cellText } from './cellText';
import { formatScore } from './format';
import { rowShell, type Dispatch } from './rowChrome';
import { scoreChip } from './scoreChip';

/** The column the row's text comes from: its instruction, else its first text column. */
export function primaryText(row: LoadedRow): { column: string; text: string | null } {
  if ('instruction' in row.body.values) return { column: 'instruction', text: textOf(row.body.values.instruction) };
  const first = Object.entries(row.body.values).find(([, value]) => typeof value === 'string');
  return first ? { column: first[0], text: first[1] as string } : { column: '', text: null };
}

export function gridTemplate(columns: readonly ScoreColumn[]): string {
  return `minmax(14rem, 2fr) repeat(${Math.max(1, columns.length)}, minmax(12rem, 1fr))`;
}

export function scoreTableRow(row: LoadedRow, digest: RowDigest, columns: readonly ScoreColumn[], dispatch: Dispatch): HTMLElement {
  const primary = primaryText(row);
  const { element } = rowShell(row, primary.text, dispatch);
  element.classList.add('table-row');
  const grid = el('div', { className: 'grid' });
  grid.append(cellText(primary.text, () => dispatch({ type: 'openDetails', key: row.key, cell: { kind: 'column', name: primary.column } }), 'cell-text clamp'));
  for (const column of columns) {
    const cell = digest.scoreById.get(column.id);
    const open = () => dispatch({ type: 'openDetails', key: row.key, cell: { kind: 'score', id: column.id } });
    grid.append(
      el('div', { className: 'score-cell' }, [
        scoreChip(cell, column),
        cell?.scoredText != null ? cellText(cell.scoredText, open, 'cell-text clamp scored') : null,
        cell?.note != null ? cellText(cell.note, open, 'cell-text clamp note') : null,
        cell ? null : el('span', { className: 'missing', text: 'not scored' }),
      ]),
    );
  }
  element.append(grid);
  return element;
}

export interface HeaderState {
  sort: SortOrder | null;
  filters: Readonly<Record<string, ScoreRange>>;
}

function rangeOf(filters: HeaderState['filters'], id: string): ScoreRange {
  return filters[id] ?? { min: null, max: null };
}

function histogram(column: ScoreColumn, bins: readonly HistogramBin[], state: HeaderState, dispatch: Dispatch): HTMLElement {
  const most = Math.max(1, ...bins.map((bin) => bin.count));
  const range = rangeOf(state.filters, column.id);
  const whole = bins.every((bin) => bin.from === bin.to);
  return el(
    'div',
    { className: 'histogram', attrs: { role: 'group', 'aria-label': `Distribution of ${column.id}` } },
    bins.map((bin, index) => {
      const label = whole ? formatScore(bin.from) : `${formatScore(bin.from)}–${formatScore(bin.to)}`;
      const inRange = (range.min === null || bin.to >= range.min) && (range.max === null || bin.from <= range.max);
      const only = range.min === bin.from && range.max === bin.to;
      const bar = button('', () => dispatch({ type: 'setFilter', column: column.id, range: only ? { min: null, max: null } : { min: bin.from, max: bin.to } }), {
        className: `bar${inRange ? '' : ' out-of-range'}`,
        ariaLabel: `${column.id} ${label}: ${bin.count} ${bin.count === 1 ? 'row' : 'rows'}${only ? ' (filter on; click to clear)' : ' (click to keep only these)'}`,
      });
      const fill = el('span', { className: 'bar-fill' });
      fill.style.height = `${Math.round((bin.count / most) * 100)}%`;
      // Whole-number bins are labelled each; ten equal bins only at both ends.
      const labelled = whole || index === 0 || index === bins.length - 1;
      bar.append(el('span', { className: 'bar-area' }, [fill]), el('span', { className: 'bar-label', text: labelled ? formatScore(whole ? bin.from : index === 0 ? bin.from : bin.to) : '' }));
      return bar;
    }),
  );
}

function sortButton(label: string, column: string, state: HeaderState, dispatch: Dispatch): HTMLButtonElement {
  const direction = state.sort?.column === column ? state.sort.direction : null;
  const arrow = direction === 'asc' ? ' ▲' : direction === 'desc' ? ' ▼' : '';
  return button(`${label}${arrow}`, () => dispatch({ type: 'toggleSort', column }), {
    className: 'button sort',
    ariaLabel: `Sort by ${label}${direction ? `, now ${direction === 'desc' ? 'highest' : 'lowest'} first` : ''}`,
  });
}

function rangeInputs(column: ScoreColumn, state: HeaderState, dispatch: Dispatch): HTMLElement {
  const range = rangeOf(state.filters, column.id);
  const input = (bound: 'min' | 'max') => {
    const field = el('input', {
      className: 'range-input',
      attrs: { type: 'number', step: 'any', placeholder: bound, 'aria-label': `${column.id}: ${bound === 'min' ? 'lowest' : 'highest'} score shown` },
    });
    const value = range[bound];
    field.value = value === null ? '' : String(value);
    field.addEventListener('change', () => {
      const parsed = field.value.trim() === '' ? null : Number(field.value);
      const next = parsed === null || Number.isNaN(parsed) ? null : parsed;
      dispatch({ type: 'setFilter', column: column.id, range: { ...rangeOf(state.filters, column.id), [bound]: next } });
    });
    return field;
  };
  return el('div', { className: 'range' }, [input('min'), el('span', { text: '–' }), input('max')]);
}

/** The sticky header; rebuilt when the columns, sort or filters change (not on scroll). */
export function scoreTableHeader(textColumn: string, columns: readonly ScoreColumn[], histograms: ReadonlyMap<string, HistogramBin[]>, state: HeaderState, dispatch: Dispatch): HTMLElement {
  const cells = columns.map((column) => {
    const bins = histograms.get(column.id);
    const sorted = state.sort?.column === column.id ? (state.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
    return el('div', { className: 'header-cell', attrs: { role: 'columnheader', 'aria-sort': sorted } }, [
      sortButton(column.id, column.id, state, dispatch),
      column.numeric && bins ? histogram(column, bins, state, dispatch) : el('div', { className: 'histogram-none', text: column.numeric ? '' : 'verdicts' }),
      column.numeric ? rangeInputs(column, state, dispatch) : null,
    ]);
  });
  const grid = el('div', { className: 'grid', attrs: { role: 'row' } }, [
    el('div', { className: 'header-cell', attrs: { role: 'columnheader' } }, [sortButton('line', 'line', state, dispatch), el('span', { className: 'header-note', text: textColumn })]),
    ...cells,
  ]);
  return el('div', { className: 'table-header', attrs: { role: 'rowgroup' } }, [grid]);
}
