/** The bar above the rows: views, filters, the run's progress, counts, and writing back. */
import type { DecisionFilter, ViewMode } from '../../protocol/resultsPanel';
import type { PanelState } from '../state/panelState';
import { decisionCounts, effectiveView, visibleKeys } from '../state/selectors';
import { button, el, setAttr, setText } from './dom';
import type { Dispatch } from './rowChrome';

const VIEWS: readonly { view: ViewMode; label: string }[] = [
  { view: 'evolutions', label: 'Evolutions' },
  { view: 'scores', label: 'Scores' },
  { view: 'table', label: 'Table' },
];

const FILTERS: readonly { filter: DecisionFilter; label: string }[] = [
  { filter: 'all', label: 'All rows' },
  { filter: 'undecided', label: 'Undecided' },
  { filter: 'accepted', label: 'Accepted' },
  { filter: 'rejected', label: 'Rejected' },
  { filter: 'failed', label: 'Failed' },
];

export class Toolbar {
  readonly element: HTMLElement;
  private readonly title = el('h1', { className: 'title' });
  private readonly tabs: Map<ViewMode, HTMLButtonElement>;
  private readonly filter: HTMLSelectElement;
  private readonly showRemoved: HTMLInputElement;
  private readonly showRemovedLabel: HTMLElement;
  private readonly progress = el('progress', { className: 'run-progress', attrs: { 'aria-label': 'Rows done' } });
  private readonly runText = el('span', { className: 'run-text', attrs: { role: 'status' } });
  private readonly counts = el('span', { className: 'counts', attrs: { 'aria-live': 'polite' } });
  private readonly writeInPlace: HTMLButtonElement;
  private readonly writeNewFile: HTMLButtonElement;

  constructor(dispatch: Dispatch) {
    this.tabs = new Map(
      VIEWS.map(({ view, label }, index) => {
        const tab = button(label, () => dispatch({ type: 'setView', view }), { className: 'tab', title: `${label} (${index + 1})` });
        tab.setAttribute('role', 'tab');
        return [view, tab];
      }),
    );
    this.filter = el('select', { className: 'select', attrs: { 'aria-label': 'Show rows' } }, FILTERS.map(({ filter, label }) => el('option', { text: label, attrs: { value: filter } })));
    this.filter.addEventListener('change', () => dispatch({ type: 'setDecisionFilter', filter: this.filter.value as DecisionFilter }));
    this.showRemoved = el('input', { attrs: { type: 'checkbox' } });
    this.showRemoved.addEventListener('change', () => dispatch({ type: 'setShowRemoved', show: this.showRemoved.checked }));
    this.showRemovedLabel = el('label', { className: 'checkbox' }, [this.showRemoved, 'Removed words']);
    this.writeInPlace = button('Write in place', () => dispatch({ type: 'write', target: 'inPlace' }), {
      className: 'button primary',
      title: 'Accepted rows are written with their latest values, rejected rows are removed, undecided rows stay as they are: one edit, one Undo.',
    });
    this.writeNewFile = button('Save accepted', () => dispatch({ type: 'write', target: 'newFile' }), {
      className: 'button secondary',
      title: 'Save accepted to new file: writes only the accepted rows to a new .accepted.jsonl file next to this one.',
    });
    this.writeNewFile.append(el('span', { className: 'wide-only', text: ' to new file' }));
    this.element = el('header', { className: 'toolbar' }, [
      el('div', { className: 'toolbar-line' }, [
        this.title,
        el('div', { className: 'tabs', attrs: { role: 'tablist', 'aria-label': 'View' } }, [...this.tabs.values()]),
        this.filter,
        this.showRemovedLabel,
        el('span', { className: 'grow' }),
        this.progress,
        this.runText,
      ]),
      el('div', { className: 'toolbar-line' }, [
        this.counts,
        el('span', { className: 'keys', text: '↑↓ move · a accept · r reject · u clear · Enter details · Esc close' }),
        el('span', { className: 'grow' }),
        this.writeInPlace,
        this.writeNewFile,
      ]),
    ]);
  }

  update(state: PanelState): void {
    const view = effectiveView(state);
    setText(this.title, state.source?.label ?? 'Distillery results');
    for (const [mode, tab] of this.tabs) {
      setAttr(tab, 'aria-selected', String(mode === view));
      tab.classList.toggle('active', mode === view);
    }
    this.filter.value = state.decisionFilter;
    this.showRemoved.checked = state.showRemoved;
    this.showRemovedLabel.hidden = view !== 'evolutions';

    const { run } = state;
    this.progress.hidden = run?.state !== 'running';
    if (run) {
      this.progress.max = Math.max(1, run.totalRows);
      this.progress.value = run.rowsDone;
      const verb = run.state === 'running' ? 'running' : run.state;
      const text = `${run.task}: ${run.rowsDone} of ${run.totalRows} rows, ${verb}`;
      setText(this.runText, text);
      // The text is hidden in a narrow split: the bar then says it on hover.
      setAttr(this.progress, 'title', text);
    } else setText(this.runText, '');

    const counts = decisionCounts(state);
    const shown = visibleKeys(state).length;
    const loading = state.pendingRows === null ? ' (reading the file…)' : state.pendingRows > 0 ? ` (loading ${state.pendingRows} more)` : '';
    setText(this.counts, `${state.rows.length} rows${loading}${shown !== state.rows.length ? ` (${shown} shown)` : ''} · ${counts.accepted} accepted · ${counts.rejected} rejected · ${counts.undecided} undecided`);
    const running = run?.state === 'running';
    const nothingDecided = counts.accepted + counts.rejected === 0;
    this.writeInPlace.disabled = running || nothingDecided;
    this.writeNewFile.disabled = running || counts.accepted === 0;
  }
}
