/** The table view: every column of every row, for rows of any task (and for checking the raw values). */
import { textOf } from '../../core/results/columnRoles';
import type { LoadedRow } from '../../protocol/resultsPanel';
import { el } from './dom';
import { cellText } from './cellText';
import { rowShell, type Dispatch } from './rowChrome';

export function plainGridTemplate(columns: readonly string[]): string {
  return `repeat(${Math.max(1, columns.length)}, minmax(12rem, 1fr))`;
}

export function plainTableRow(row: LoadedRow, columns: readonly string[], dispatch: Dispatch): HTMLElement {
  const firstText = columns.map((name) => row.body.values[name]).find((value) => typeof value === 'string');
  const { element } = rowShell(row, typeof firstText === 'string' ? firstText : null, dispatch);
  element.classList.add('table-row');
  const grid = el(
    'div',
    { className: 'grid' },
    columns.map((name) => (name in row.body.values ? cellText(textOf(row.body.values[name]), () => dispatch({ type: 'openDetails', key: row.key, cell: { kind: 'column', name } }), 'cell-text clamp') : el('span', { className: 'missing', text: '—' }))),
  );
  element.append(grid);
  return element;
}

export function plainTableHeader(columns: readonly string[]): HTMLElement {
  return el('div', { className: 'table-header', attrs: { role: 'rowgroup' } }, [
    el('div', { className: 'grid', attrs: { role: 'row' } }, columns.map((name) => el('div', { className: 'header-cell', text: name, attrs: { role: 'columnheader' } }))),
  ]);
}
