/** Rows and a driver for the panel's state machine, shared by the webview tests. */
import { summaryOf } from '../../../src/core/results/rowSummary';
import type { LoadedRow, PanelRow, WebviewMessage } from '../../../src/protocol/resultsPanel';
import type { PanelAction } from '../../../src/webview/state/actions';
import { initialState, type PanelState } from '../../../src/webview/state/panelState';
import { update } from '../../../src/webview/state/update';

/** A row as the host sends it with its body: the summary made from `values` as the host makes it. */
export function panelRow(key: string, values: Record<string, unknown>, extra: Partial<PanelRow> = {}): LoadedRow {
  return { key, line: null, status: 'ok', error: null, ...summaryOf(values), body: { values, stats: null }, ...extra } as LoadedRow;
}

/** The same row without its body, as chunks and run updates send it. */
export function withoutBody(row: PanelRow): PanelRow {
  return { ...row, body: null };
}

/** A DEITA row: two evolutions, each scored. */
export function deitaRow(key: string, line: number, scores: (number | null)[]): LoadedRow {
  return panelRow(
    key,
    {
      instruction: `Explain ${key}.`,
      evolved_instructions: scores.map((_, index) => `Explain ${key} in ${index + 2} steps.`),
      scores,
    },
    { line },
  );
}

/** Applies actions in order; returns the final state and every message sent to the host. */
export function run(actions: readonly PanelAction[], from: PanelState = initialState): { state: PanelState; sent: WebviewMessage[] } {
  let state = from;
  const sent: WebviewMessage[] = [];
  for (const action of actions) {
    const next = update(state, action);
    state = next.state;
    sent.push(...next.outgoing);
  }
  return { state, sent };
}

export function init(rows: PanelRow[], decisions: Record<string, 'accepted' | 'rejected'> = {}): PanelAction {
  return { type: 'init', source: { uri: 'file:///data.jsonl', label: 'data.jsonl' }, rows, pendingRows: 0, columns: [...new Set(rows.flatMap((row) => Object.keys(row.body?.values ?? {})))], decisions, run: null };
}
