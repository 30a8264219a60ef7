/**
 * The panel's page: holds the state, sends what `update` asks to the host, and renders on the
 * next animation frame (many messages or keys in one frame cost one render). Rows are built once
 * per content and view; decisions, focus and selection only restyle them.
 */
import { hasBody, type PersistedState, type ViewMode, type WebviewMessage } from '../../protocol/resultsPanel';
import { FIRST_ROWS_MARK } from '../performanceMarks';
import type { PanelAction } from '../state/actions';
import { actionForKey } from '../state/keymap';
import { initialState, type Notice, type PanelState } from '../state/panelState';
import { persistedOf } from '../state/persisted';
import { digestOf } from '../state/rowDigest';
import { effectiveView, histogramOf, scoreColumnsOf, visibleKeys, type ScoreColumn } from '../state/selectors';
import { update } from '../state/update';
import { DetailsDrawer } from './detailsDrawer';
import { button, el, replaceChildren, setAttr, setText } from './dom';
import { estimateEvolutionsHeight, evolutionsRow } from './evolutionsRow';
import { plainGridTemplate, plainTableHeader, plainTableRow } from './plainTable';
import { applyRowChrome } from './rowChrome';
import { gridTemplate, primaryText, scoreTableHeader, scoreTableRow } from './scoreTable';
import { Toolbar } from './toolbar';
import { VirtualList } from './virtualList';

export interface HostPort {
  post(message: WebviewMessage): void;
  persist(state: PersistedState | null): void;
}

interface CachedRow {
  /** What the element was built from; any change (by identity) rebuilds it. */
  inputs: readonly unknown[];
  element: HTMLElement;
}

const TABLE_ROW_HEIGHT = 112;
const EVOLUTIONS_ROW_HEIGHT = 240;

export class ResultsApp {
  private state: PanelState = initialState;
  private readonly toolbar: Toolbar;
  private readonly notice = el('div', { className: 'notice', attrs: { role: 'status', hidden: true } });
  private readonly rowsHost = el('div', { className: 'rows', attrs: { role: 'listbox', tabindex: 0, 'aria-multiselectable': 'true', 'aria-label': 'Result rows' } });
  private readonly empty = el('p', { className: 'empty' });
  private readonly list: VirtualList;
  private readonly drawer: DetailsDrawer;
  private header: { element: HTMLElement; inputs: readonly unknown[] } | null = null;
  private readonly rowCache = new Map<string, CachedRow>();
  private usedThisFrame = new Set<string>();
  private renderedView: ViewMode | null = null;
  private revealedFocus: string | null = null;
  private frame = 0;
  private markedFirstRows = false;
  private persisted: PersistedState | null = null;
  private renderedNotice: Notice | null = null;

  constructor(
    root: HTMLElement,
    private readonly port: HostPort,
  ) {
    const dispatch = (action: PanelAction) => this.dispatch(action);
    this.toolbar = new Toolbar(dispatch);
    this.drawer = new DetailsDrawer(dispatch);
    this.list = new VirtualList(this.rowsHost, { elementFor: (key) => this.elementFor(key), estimateHeight: (key) => this.estimateHeight(key) }, () => this.schedule());
    replaceChildren(root, [this.toolbar.element, this.notice, el('div', { className: 'body' }, [el('div', { className: 'rows-frame' }, [this.rowsHost, this.empty]), this.drawer.element])]);
    root.addEventListener('keydown', (event) => this.onKey(event));
  }

  dispatch(action: PanelAction): void {
    const { state, outgoing } = update(this.state, action);
    for (const message of outgoing) this.port.post(message);
    if (state === this.state) return;
    this.state = state;
    const persisted = persistedOf(state);
    // Only what is saved changed: setState crosses into VS Code on every call.
    if (persisted !== this.persisted) this.port.persist(persisted);
    this.persisted = persisted;
    this.schedule();
  }

  private onKey(event: KeyboardEvent): void {
    const target = event.target as Element;
    if (target.closest('input, select, textarea')) return;
    // Enter and Space on a button or a disclosure activate it, as everywhere else.
    if ((event.key === 'Enter' || event.key === ' ') && target.closest('button, summary')) return;
    const action = actionForKey(event, this.state);
    if (!action) return;
    event.preventDefault();
    this.dispatch(action);
  }

  private schedule(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.render());
  }

  private render(): void {
    this.frame = 0;
    const { state } = this;
    const view = effectiveView(state);
    this.toolbar.update(state);
    this.renderNotice();
    if (view !== this.renderedView) {
      this.rowCache.clear();
      this.list.reset();
      this.renderedView = view;
      this.revealedFocus = null;
    }
    this.renderHeader(view);

    const keys = visibleKeys(state);
    this.list.setKeys(keys);
    this.usedThisFrame = new Set();
    this.list.render();
    if (state.focusKey !== this.revealedFocus && state.focusKey !== null) {
      this.list.reveal(state.focusKey);
      this.list.render();
    }
    this.revealedFocus = state.focusKey;
    // Rows scrolled away are rebuilt when they come back; keeping them all would hold 10,000 trees.
    for (const key of this.rowCache.keys()) if (!this.usedThisFrame.has(key)) this.rowCache.delete(key);

    if (state.focusKey !== null && state.rowIndex.has(state.focusKey)) setAttr(this.rowsHost, 'aria-activedescendant', `row-${state.focusKey}`);
    else this.rowsHost.removeAttribute('aria-activedescendant');
    this.empty.hidden = keys.length > 0;
    setText(this.empty, state.rows.length === 0 ? (state.run?.state === 'running' ? 'Rows appear here as the run finishes them.' : 'No rows yet.') : 'No row matches the filters.');
    const detailsRow = state.details ? state.rows[state.rowIndex.get(state.details.key) ?? -1] : undefined;
    this.drawer.update(state.details, detailsRow && hasBody(detailsRow) ? detailsRow : undefined);

    if (!this.markedFirstRows && keys.length > 0) {
      this.markedFirstRows = true;
      performance.mark(FIRST_ROWS_MARK);
    }
    // Bodies of the rows shown, and rows still to come, are asked for once this frame is drawn.
    this.dispatch({ type: 'drawn', shown: this.list.mountedKeys() });
  }

  private renderNotice(): void {
    const { notice } = this.state;
    if (notice === this.renderedNotice) return;
    this.renderedNotice = notice;
    this.notice.hidden = notice === null;
    if (!notice) return;
    this.notice.className = `notice ${notice.level}`;
    replaceChildren(this.notice, [el('span', { text: notice.text }), button('✕', () => this.dispatch({ type: 'dismissNotice' }), { className: 'button icon', ariaLabel: 'Dismiss' })]);
  }

  private scoreColumns(): ScoreColumn[] {
    return scoreColumnsOf(this.state.rows);
  }

  private renderHeader(view: ViewMode): void {
    const { state } = this;
    let inputs: readonly unknown[];
    let build: () => HTMLElement | null;
    let grid: { template: string; minWidth: string } | null = null;
    if (view === 'scores') {
      const columns = this.scoreColumns();
      const histograms = histogramOf(state.rows, columns);
      const first = state.rows.find(hasBody);
      const textColumn = (first && primaryText(first).column) || 'text';
      inputs = [view, columns, histograms, state.sort, state.filters, textColumn];
      build = () => scoreTableHeader(textColumn, columns, histograms, { sort: state.sort, filters: state.filters }, (action) => this.dispatch(action));
      grid = { template: gridTemplate(columns), minWidth: `${14 + Math.max(1, columns.length) * 12 + 2}rem` };
    } else if (view === 'table') {
      const { columns } = state;
      inputs = [view, columns];
      build = () => plainTableHeader(columns);
      grid = { template: plainGridTemplate(columns), minWidth: `${Math.max(1, columns.length) * 12 + 2}rem` };
    } else {
      inputs = [view];
      build = () => null;
    }
    if (this.header && this.header.inputs.length === inputs.length && this.header.inputs.every((input, index) => input === inputs[index])) return;
    // Column widths are shared by the header and every row through these two properties.
    if (grid) {
      this.rowsHost.style.setProperty('--grid-template', grid.template);
      this.rowsHost.style.setProperty('--grid-min-width', grid.minWidth);
    } else this.rowsHost.style.removeProperty('--grid-min-width');
    this.header?.element.remove();
    const element = build();
    this.header = element ? { element, inputs } : { element: el('div'), inputs };
    this.rowsHost.prepend(this.header.element);
  }

  private elementFor(key: string): HTMLElement {
    const { state } = this;
    const row = state.rows[state.rowIndex.get(key) ?? -1];
    if (!row) throw new Error(`no row ${key}`);
    if (!hasBody(row)) return this.placeholderFor(row.key);
    const view = effectiveView(state);
    const dispatch = (action: PanelAction) => this.dispatch(action);
    const inputs: unknown[] = [row, view];
    let build: () => HTMLElement;
    if (view === 'evolutions') {
      const columns = this.scoreColumns();
      inputs.push(state.showRemoved, columns);
      build = () => evolutionsRow(row, digestOf(row), state.showRemoved, new Map(columns.map((column) => [column.id, column])), dispatch);
    } else if (view === 'scores') {
      const columns = this.scoreColumns();
      inputs.push(columns);
      build = () => scoreTableRow(row, digestOf(row), columns, dispatch);
    } else {
      const { columns } = state;
      inputs.push(columns);
      build = () => plainTableRow(row, columns, dispatch);
    }
    let cached = this.rowCache.get(key);
    if (!cached || cached.inputs.length !== inputs.length || cached.inputs.some((input, index) => input !== inputs[index])) {
      cached = { inputs, element: build() };
      this.rowCache.set(key, cached);
    }
    this.usedThisFrame.add(key);
    applyRowChrome(cached.element, {
      decision: state.decisions.get(key),
      focused: state.focusKey === key,
      selected: state.selection.has(key),
      busy: state.busy.has(key),
    });
    return cached.element;
  }

  /** A row whose body is on its way: an empty row of the estimated height, replaced when it comes. */
  private placeholderFor(key: string): HTMLElement {
    let cached = this.rowCache.get(key);
    if (!cached || cached.inputs.length !== 0) {
      cached = { inputs: [], element: el('div', { className: 'row placeholder', attrs: { role: 'option', 'aria-busy': 'true', 'aria-selected': 'false' } }) };
      cached.element.style.height = `${this.estimateHeight(key)}px`;
      this.rowCache.set(key, cached);
    }
    this.usedThisFrame.add(key);
    return cached.element;
  }

  private estimateHeight(key: string): number {
    const row = this.state.rows[this.state.rowIndex.get(key) ?? -1];
    if (!row || effectiveView(this.state) !== 'evolutions') return TABLE_ROW_HEIGHT;
    // Without its texts, a row is guessed at the height of one with short ones.
    return hasBody(row) ? estimateEvolutionsHeight(digestOf(row), this.rowsHost.clientWidth) : EVOLUTIONS_ROW_HEIGHT;
  }
}
