/**
 * The details of a cell: its full text, the row's status and failure reason, then the exact
 * requests behind it (every message sent, the raw output, tokens and latency), with the row's
 * other requests below. Opened by clicking a cell or pressing Enter; Escape closes it.
 */
import type { CallDetails, LoadedRow, PanelRow, StepDetails } from '../../protocol/resultsPanel';
import { callsForCell, cellFocusOf, type CellFocus } from '../state/cellFocus';
import type { DetailsState } from '../state/panelState';
import { button, el, replaceChildren } from './dom';
import { formatLatency, formatTokens } from './format';
import type { Dispatch } from './rowChrome';

const STATUS_TEXT: Record<PanelRow['status'], string> = {
  ok: 'parsed: ok',
  parse_error: 'the output could not be used',
  llm_error: 'the endpoint failed',
  input_error: 'the row’s input did not fit the task',
  failed: 'failed',
};

function callView(step: StepDetails, call: CallDetails, open: boolean): HTMLElement {
  const facts = [
    step.task ?? step.step,
    call.model,
    formatTokens(call.inputTokens, call.outputTokens),
    call.latencyMs === null ? null : formatLatency(call.latencyMs),
  ].filter((fact): fact is string => fact !== null);
  const details = el('details', { className: 'call' }, [
    el('summary', {}, [el('span', { className: 'call-label', text: call.label }), el('span', { className: 'call-facts', text: facts.join(' · ') })]),
    ...call.messages.map((message) => el('div', { className: 'message' }, [el('div', { className: 'message-role', text: message.role }), el('pre', { className: 'message-content', text: message.content })])),
    el('div', { className: 'message output' }, [el('div', { className: 'message-role', text: 'raw output' }), el('pre', { className: 'message-content', text: call.output ?? '(no content)' })]),
  ]);
  details.open = open;
  return details;
}

function stepView(step: StepDetails): HTMLElement {
  const stats = step.stats ? `${formatTokens(step.stats.inputTokens, step.stats.outputTokens)} · ${step.stats.requests} requests · ${formatLatency(step.stats.latencyMs)}` : null;
  return el('section', { className: 'step' }, [
    el('h3', { className: 'step-title', text: step.task ? `${step.task} (${step.step})` : step.step }),
    stats === null ? null : el('p', { className: 'step-stats', text: stats }),
    step.error === null ? null : el('p', { className: 'error-text', text: step.error }),
    ...step.calls.map((call) => callView(step, call, false)),
  ]);
}

export class DetailsDrawer {
  readonly element = el('aside', { className: 'drawer', attrs: { 'aria-label': 'Details', hidden: true } });
  private shown: { state: DetailsState; row: LoadedRow } | undefined;

  constructor(private readonly dispatch: Dispatch) {}

  update(details: DetailsState | null, row: LoadedRow | undefined): void {
    if (!details || !row) {
      this.element.hidden = true;
      this.shown = undefined;
      return;
    }
    if (this.shown?.state === details && this.shown.row === row) return;
    this.shown = { state: details, row };
    this.element.hidden = false;
    const focus = cellFocusOf(row, details.cell);
    replaceChildren(this.element, [
      el('header', { className: 'drawer-head' }, [
        el('h2', { className: 'drawer-title', text: focus.title }),
        button('✕', () => this.dispatch({ type: 'closeDetails' }), { className: 'button icon', ariaLabel: 'Close details (Escape)' }),
      ]),
      ...focus.fields.map((field) => el('section', { className: 'field' }, [el('h3', { className: 'field-label', text: field.label }), el('pre', { className: field.text === null ? 'field-text missing' : 'field-text', text: field.text ?? 'none' })])),
      el('p', { className: row.status === 'ok' ? 'status-line' : 'status-line error-text', text: `${STATUS_TEXT[row.status]}${row.error ? `: ${row.error}` : ''}` }),
      ...this.requests(details, focus),
    ]);
  }

  private requests(state: DetailsState, focus: CellFocus): (HTMLElement | null)[] {
    if (state.loading) return [el('p', { className: 'muted', text: 'Loading the requests…' })];
    if (!state.details) return [el('p', { className: 'muted', text: 'This row has no distilabel_metadata: its prompts and raw outputs were not recorded.' })];
    const forCell = callsForCell(state.details, focus);
    return [
      forCell.length > 0 ? el('h3', { className: 'section-title', text: forCell.length === 1 ? 'The request behind this cell' : 'The requests behind this cell' }) : null,
      ...forCell.map(({ step, call }) => callView(step, call, true)),
      el('h3', { className: 'section-title', text: 'Every request of this row' }),
      ...state.details.steps.map(stepView),
    ];
  }
}
