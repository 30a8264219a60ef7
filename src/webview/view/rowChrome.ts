/**
 * What every row has whatever the view: its line, status, totals and the buttons to decide,
 * re-run, open details and go to the line. Decision, focus and selection are applied to an
 * existing element (`applyRowChrome`) so a key press never rebuilds a row.
 */
import type { Decision, LoadedRow, PanelRow } from '../../protocol/resultsPanel';
import type { UiAction } from '../state/actions';
import { button, el } from './dom';
import { excerpt, formatCount, formatLatency } from './format';

export type Dispatch = (action: UiAction) => void;

const STATUS_LABELS: Record<PanelRow['status'], string> = {
  ok: 'ok',
  parse_error: 'unusable output',
  llm_error: 'endpoint error',
  input_error: 'input error',
  failed: 'failed',
};

interface ChromeParts {
  accept: HTMLButtonElement;
  reject: HTMLButtonElement;
  rerun: HTMLButtonElement;
  decisionLabel: HTMLElement;
  summary: string;
  applied?: RowFlags;
}

function sameFlags(a: RowFlags, b: RowFlags): boolean {
  return a.decision === b.decision && a.focused === b.focused && a.selected === b.selected && a.busy === b.busy;
}

const parts = new WeakMap<HTMLElement, ChromeParts>();

export function rowName(row: PanelRow): string {
  return row.line === null ? 'row' : `line ${row.line}`;
}

/** The row element and its head; the view appends its body. */
export function rowShell(row: LoadedRow, summaryText: string | null, dispatch: Dispatch): { element: HTMLElement; head: HTMLElement } {
  const name = rowName(row);
  const accept = button('✓ Accept', () => dispatch({ type: 'decideRow', key: row.key, decision: 'accepted' }), { className: 'button icon accept', ariaLabel: `Accept ${name}`, title: 'Accept (a)' });
  const reject = button('✗ Reject', () => dispatch({ type: 'decideRow', key: row.key, decision: 'rejected' }), { className: 'button icon reject', ariaLabel: `Reject ${name}`, title: 'Reject (r)' });
  const rerun = button('↻ Re-run', () => dispatch({ type: 'rerun', key: row.key }), { className: 'button icon', ariaLabel: `Run the task again on ${name}`, title: 'Run the task again on this row, with the same task and parameters' });
  const details = button('Details', () => dispatch({ type: 'openDetails', key: row.key, cell: { kind: 'row' } }), { className: 'button icon', ariaLabel: `Details of ${name}: prompts, raw outputs, tokens`, title: 'Prompts, raw outputs, tokens and latency (Enter)' });
  const reveal = button('Go to line', () => dispatch({ type: 'reveal', key: row.key }), { className: 'button icon', ariaLabel: `Show ${name} in its file` });
  const decisionLabel = el('span', { className: 'decision-label' });

  const { stats: figures } = row.body;
  const stats = figures
    ? `${formatCount(figures.inputTokens + figures.outputTokens)} tokens · ${figures.requests} ${figures.requests === 1 ? 'request' : 'requests'} · ${formatLatency(figures.latencyMs)}`
    : null;
  const head = el('div', { className: 'row-head' }, [
    el('span', { className: 'row-line', text: name }),
    row.status === 'ok' ? null : el('span', { className: 'status-badge', text: STATUS_LABELS[row.status] }),
    row.error === null ? null : el('span', { className: 'row-error', text: row.error, attrs: { title: row.error } }),
    stats === null ? null : el('span', { className: 'row-stats', text: stats }),
    decisionLabel,
    el('span', { className: 'row-actions' }, [accept, reject, rerun, details, reveal]),
  ]);
  const element = el('div', { className: 'row', attrs: { role: 'option', id: `row-${row.key}`, 'aria-selected': 'false' } }, [head]);
  element.dataset.key = row.key;
  element.addEventListener('click', (event) => {
    // Buttons and cells dispatch their own actions.
    if ((event.target as Element).closest('button, .cell-text')) return;
    dispatch({ type: 'select', key: row.key, extend: event.shiftKey, toggle: event.ctrlKey || event.metaKey });
  });
  parts.set(element, { accept, reject, rerun, decisionLabel, summary: `${name}${summaryText ? `: ${excerpt(summaryText)}` : ''}` });
  return { element, head };
}

export interface RowFlags {
  decision: Decision | undefined;
  focused: boolean;
  selected: boolean;
  busy: boolean;
}

export function applyRowChrome(element: HTMLElement, flags: RowFlags): void {
  const chrome = parts.get(element);
  // Called for every row in view on every frame: only a change touches the DOM.
  if (!chrome || (chrome.applied && sameFlags(chrome.applied, flags))) return;
  chrome.applied = flags;
  element.classList.toggle('accepted', flags.decision === 'accepted');
  element.classList.toggle('rejected', flags.decision === 'rejected');
  element.classList.toggle('focused', flags.focused);
  element.classList.toggle('selected', flags.selected);
  element.classList.toggle('busy', flags.busy);
  element.setAttribute('aria-selected', String(flags.selected));
  element.setAttribute('aria-busy', String(flags.busy));
  chrome.accept.setAttribute('aria-pressed', String(flags.decision === 'accepted'));
  chrome.reject.setAttribute('aria-pressed', String(flags.decision === 'rejected'));
  chrome.rerun.disabled = flags.busy;
  chrome.rerun.textContent = flags.busy ? '↻ Running…' : '↻ Re-run';
  chrome.decisionLabel.textContent = flags.decision ?? '';
  element.setAttribute('aria-label', `${chrome.summary}${flags.decision ? `, ${flags.decision}` : ''}`);
}
