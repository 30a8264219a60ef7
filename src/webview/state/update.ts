/**
 * The panel's state machine: messages from the host and the user's actions in, the next state
 * and the messages to send to the host out. Pure (no DOM, no vscode API), so every behaviour of
 * the panel is tested in plain node.
 */
import type { Decision, PanelRow, RowBody, WebviewMessage } from '../../protocol/resultsPanel';
import type { PanelAction, UiAction } from './actions';
import type { CellRef, PanelState } from './panelState';
import { RowIndex } from './rowIndex';
import { effectiveView, visibleKeys } from './selectors';

export interface Update {
  state: PanelState;
  /** Messages for the host, in order. */
  outgoing: WebviewMessage[];
}

const ROW_CELL: CellRef = { kind: 'row' };

/** Bodies the page keeps at most: a few screens' worth, whatever the number of rows. */
export const BODY_LIMIT = 500;

function indexRows(rows: readonly PanelRow[]): RowIndex {
  return RowIndex.of(rows.map((row) => row.key));
}

/** Drops what refers to rows that are gone: decisions, focus, selection, details. */
function pruned(state: PanelState): PanelState {
  const has = (key: string | null) => key !== null && state.rowIndex.has(key);
  const decisions = [...state.decisions].every(([key]) => has(key)) ? state.decisions : new Map([...state.decisions].filter(([key]) => has(key)));
  const selection = [...state.selection].every(has) ? state.selection : new Set([...state.selection].filter(has));
  return {
    ...state,
    decisions,
    selection,
    focusKey: has(state.focusKey) ? state.focusKey : null,
    anchorKey: has(state.anchorKey) ? state.anchorKey : null,
    details: state.details && has(state.details.key) ? state.details : null,
    busy: new Set([...state.busy].filter(has)),
  };
}

function focusOn(state: PanelState, key: string, outgoing: WebviewMessage[]): PanelState {
  // The details drawer follows the focus, so a reviewer can walk the rows with it open.
  const details = state.details && state.details.key !== key ? { key, cell: ROW_CELL, details: null, loading: true } : state.details;
  if (details !== state.details) outgoing.push({ type: 'requestDetails', key });
  return { ...state, focusKey: key, details };
}

function moveFocus(state: PanelState, delta: number, extend: boolean, outgoing: WebviewMessage[]): PanelState {
  const keys = visibleKeys(state);
  if (keys.length === 0) return state;
  const current = state.focusKey === null ? -1 : keys.indexOf(state.focusKey);
  // Without a focus, Down starts at the first row and Up at the last.
  const start = current !== -1 ? current : delta > 0 ? -1 : keys.length;
  const target = Math.max(0, Math.min(keys.length - 1, start + delta));
  const key = keys[target] as string;
  const focused = focusOn(state, key, outgoing);
  if (!extend) return { ...focused, selection: new Set([key]), anchorKey: key };
  const anchor = state.anchorKey !== null && keys.includes(state.anchorKey) ? keys.indexOf(state.anchorKey) : target;
  const [from, to] = anchor <= target ? [anchor, target] : [target, anchor];
  return { ...focused, selection: new Set(keys.slice(from, to + 1)), anchorKey: keys[anchor] as string };
}

function select(state: PanelState, key: string, extend: boolean, toggle: boolean, outgoing: WebviewMessage[]): PanelState {
  if (!state.rowIndex.has(key)) return state;
  const focused = focusOn(state, key, outgoing);
  if (toggle) {
    const selection = new Set(state.selection);
    if (selection.has(key)) selection.delete(key);
    else selection.add(key);
    return { ...focused, selection, anchorKey: key };
  }
  if (extend && state.anchorKey !== null) {
    const keys = visibleKeys(state);
    const [a, b] = [keys.indexOf(state.anchorKey), keys.indexOf(key)];
    if (a !== -1 && b !== -1) return { ...focused, selection: new Set(keys.slice(Math.min(a, b), Math.max(a, b) + 1)) };
  }
  return { ...focused, selection: new Set([key]), anchorKey: key };
}

/** Sets (or, when every row already has it, clears) a decision on `keys`. */
function decide(state: PanelState, keys: readonly string[], decision: Decision | null, outgoing: WebviewMessage[]): PanelState {
  const existing = keys.filter((key) => state.rowIndex.has(key));
  if (existing.length === 0) return state;
  const toggledOff = decision !== null && existing.every((key) => state.decisions.get(key) === decision);
  const next = toggledOff ? null : decision;
  const decisions = new Map(state.decisions);
  for (const key of existing) {
    if (next) decisions.set(key, next);
    else decisions.delete(key);
  }
  outgoing.push({ type: 'decide', keys: existing, decision: next });
  return { ...state, decisions };
}

function decideSelection(state: PanelState, decision: Decision | null, outgoing: WebviewMessage[]): PanelState {
  const keys = state.selection.size > 1 ? [...state.selection] : state.focusKey !== null ? [state.focusKey] : [];
  if (keys.length !== 1) return decide(state, keys, decision, outgoing);
  // One row: decide and move on to the next one, in the order shown before the decision (a
  // filter on undecided rows would otherwise make the row vanish under the focus).
  const before = visibleKeys(state);
  const decided = decide(state, keys, decision, outgoing);
  const position = before.indexOf(keys[0] as string);
  const after = visibleKeys(decided);
  const next = before.slice(position + 1).find((key) => after.includes(key)) ?? after[Math.min(position, after.length - 1)];
  if (next === undefined || next === keys[0]) return decided;
  return { ...focusOn(decided, next, outgoing), selection: new Set([next]), anchorKey: next };
}

/** Adds new rows at the end and replaces known ones in place; open details are asked for again. */
function upsert(state: PanelState, incoming: readonly PanelRow[], outgoing: WebviewMessage[]): PanelState {
  const rows = [...state.rows];
  /** Keys new in this message -> their position. */
  const added = new Map<string, number>();
  const loaded = new Set<string>();
  for (const row of incoming) {
    if (row.body) loaded.add(row.key);
    const index = state.rowIndex.get(row.key) ?? added.get(row.key);
    if (index !== undefined) rows[index] = row;
    else {
      added.set(row.key, rows.length);
      rows.push(row);
    }
  }
  const rowIndex = added.size > 0 ? state.rowIndex.appended([...added.keys()]) : state.rowIndex;
  const refreshed = state.details !== null && incoming.some((row) => row.key === state.details?.key);
  if (refreshed && state.details) outgoing.push({ type: 'requestDetails', key: state.details.key });
  const bodyOrder = loaded.size > 0 ? [...state.bodyOrder.filter((key) => !loaded.has(key)), ...loaded] : state.bodyOrder;
  return { ...state, rows, rowIndex, bodyOrder, details: refreshed && state.details ? { ...state.details, loading: true } : state.details };
}

/** The bodies that arrived, given to their rows (a row gone or changed meanwhile is left as it is). */
function withBodies(state: PanelState, bodies: readonly { key: string; body: RowBody }[]): PanelState {
  const rows = [...state.rows];
  const requestedBodies = new Set(state.requestedBodies);
  const loaded: string[] = [];
  for (const { key, body } of bodies) {
    requestedBodies.delete(key);
    const index = state.rowIndex.get(key);
    const row = index === undefined ? undefined : rows[index];
    if (index === undefined || !row || row.body) continue;
    rows[index] = { ...row, body };
    loaded.push(key);
  }
  return { ...state, rows, requestedBodies, bodyOrder: [...state.bodyOrder, ...loaded] };
}

/**
 * After a frame: the shown rows' missing bodies are asked for, the next chunk too if rows are
 * still to come, and past BODY_LIMIT the rows loaded longest ago that are not shown (nor open
 * in details, nor focused) give their bodies up. Unchanged when there is nothing to do, so a
 * frame does not cause another.
 */
function afterFrame(state: PanelState, shown: readonly string[], outgoing: WebviewMessage[]): PanelState {
  let next = state;
  const missing = shown.filter((key) => !state.requestedBodies.has(key) && state.rows[state.rowIndex.get(key) ?? -1]?.body === null);
  if (missing.length > 0) {
    outgoing.push({ type: 'requestBodies', keys: missing });
    next = { ...next, requestedBodies: new Set([...next.requestedBodies, ...missing]) };
  }
  if (next.pendingRows !== 0 && !next.chunkRequested) {
    outgoing.push({ type: 'moreRows' });
    next = { ...next, chunkRequested: true };
  }
  if (next.bodyOrder.length <= BODY_LIMIT) return next;
  const kept = new Set([...shown, next.details?.key, next.focusKey]);
  const rows = [...next.rows];
  let excess = next.bodyOrder.length - BODY_LIMIT;
  const bodyOrder = next.bodyOrder.filter((key) => {
    const index = next.rowIndex.get(key);
    const row = index === undefined ? undefined : rows[index];
    if (index === undefined || !row?.body) return false; // gone, or replaced by a row without one
    if (excess === 0 || kept.has(key)) return true;
    rows[index] = { ...row, body: null };
    excess -= 1;
    return false;
  });
  return { ...next, rows, bodyOrder };
}

function onUi(state: PanelState, action: UiAction, outgoing: WebviewMessage[]): PanelState {
  switch (action.type) {
    case 'restore': {
      const { saved } = action;
      return {
        ...state,
        source: state.source ?? saved.source,
        view: saved.view,
        sort: saved.sort,
        filters: saved.filters,
        decisionFilter: saved.decisionFilter,
        showRemoved: saved.showRemoved,
        focusKey: saved.focusKey,
        anchorKey: saved.focusKey,
        selection: saved.focusKey === null ? new Set() : new Set([saved.focusKey]),
      };
    }
    case 'setView':
      return { ...state, view: action.view };
    case 'toggleSort': {
      const { sort } = state;
      if (sort?.column !== action.column) return { ...state, sort: { column: action.column, direction: action.column === 'line' ? 'asc' : 'desc' } };
      const first = action.column === 'line' ? 'asc' : 'desc';
      return { ...state, sort: sort.direction === first ? { column: action.column, direction: first === 'asc' ? 'desc' : 'asc' } : null };
    }
    case 'setFilter': {
      const filters = { ...state.filters };
      if (action.range.min === null && action.range.max === null) delete filters[action.column];
      else filters[action.column] = action.range;
      return { ...state, filters };
    }
    case 'setDecisionFilter':
      return { ...state, decisionFilter: action.filter };
    case 'setShowRemoved':
      return { ...state, showRemoved: action.show };
    case 'select':
      return select(state, action.key, action.extend, action.toggle, outgoing);
    case 'move':
      return moveFocus(state, action.delta, action.extend, outgoing);
    case 'decideSelection':
      return decideSelection(state, action.decision, outgoing);
    case 'decideRow':
      return decide(state, [action.key], action.decision, outgoing);
    case 'openDetails': {
      if (!state.rowIndex.has(action.key)) return state;
      outgoing.push({ type: 'requestDetails', key: action.key });
      return {
        ...state,
        focusKey: action.key,
        selection: state.selection.has(action.key) ? state.selection : new Set([action.key]),
        anchorKey: action.key,
        details: { key: action.key, cell: action.cell, details: null, loading: true },
      };
    }
    case 'closeDetails':
      return { ...state, details: null };
    case 'rerun':
      if (!state.rowIndex.has(action.key) || state.busy.has(action.key)) return state;
      outgoing.push({ type: 'rerun', key: action.key });
      return state;
    case 'write':
      outgoing.push({ type: 'write', target: action.target });
      return state;
    case 'reveal':
      outgoing.push({ type: 'revealRow', key: action.key });
      return state;
    case 'dismissNotice':
      return { ...state, notice: null };
    case 'drawn':
      return afterFrame(state, action.shown, outgoing);
  }
}

function onHost(state: PanelState, action: Exclude<PanelAction, UiAction>, outgoing: WebviewMessage[]): PanelState {
  switch (action.type) {
    case 'init': {
      // Another file than the one the saved view settings were for: start from a clean view.
      const sameSource = state.source === null || state.source.uri === action.source.uri;
      const base = sameSource ? state : { ...state, view: null, sort: null, filters: {}, decisionFilter: 'all' as const, focusKey: null, anchorKey: null };
      return pruned({
        ...base,
        source: action.source,
        rows: action.rows,
        rowIndex: indexRows(action.rows),
        columns: action.columns,
        requestedBodies: new Set(),
        bodyOrder: action.rows.flatMap((row) => (row.body ? [row.key] : [])),
        decisions: new Map(Object.entries(action.decisions)),
        pendingRows: action.pendingRows,
        chunkRequested: false,
        run: action.run,
        selection: base.focusKey === null ? new Set() : base.selection,
        details: null,
        busy: new Set(),
      });
    }
    case 'rowsChunk':
      return { ...upsert(state, action.rows, outgoing), columns: action.columns, pendingRows: action.pendingRows, chunkRequested: false };
    case 'rowsUpserted':
      return { ...upsert(state, action.rows, outgoing), columns: action.columns };
    case 'rowBodies':
      return withBodies(state, action.bodies);
    case 'rowsRemoved': {
      const gone = new Set(action.keys);
      const rows = state.rows.filter((row) => !gone.has(row.key));
      return pruned({ ...state, rows, rowIndex: indexRows(rows) });
    }
    case 'decisionsChanged': {
      const decisions = new Map(state.decisions);
      for (const [key, decision] of Object.entries(action.changes)) {
        if (decision && state.rowIndex.has(key)) decisions.set(key, decision);
        else decisions.delete(key);
      }
      return { ...state, decisions };
    }
    case 'runStatus':
      return { ...state, run: action.run };
    case 'details':
      if (state.details?.key !== action.key) return state;
      return { ...state, details: { ...state.details, details: action.details, loading: false } };
    case 'rowBusy': {
      const busy = new Set(state.busy);
      if (action.busy) busy.add(action.key);
      else busy.delete(action.key);
      return { ...state, busy };
    }
    case 'notice':
      return { ...state, notice: { level: action.level, text: action.text } };
    case 'reportState':
      outgoing.push({
        type: 'stateReport',
        requestId: action.requestId,
        view: effectiveView(state),
        rowKeys: state.rows.map((row) => row.key),
        visibleKeys: visibleKeys(state),
        decisions: Object.fromEntries(state.decisions),
      });
      return state;
  }
}

// A record, so that a message type added to the protocol and not listed here fails to compile.
const HOST_TYPES: Record<Exclude<PanelAction, UiAction>['type'], true> = {
  init: true,
  rowsChunk: true,
  rowBodies: true,
  rowsUpserted: true,
  rowsRemoved: true,
  decisionsChanged: true,
  runStatus: true,
  details: true,
  rowBusy: true,
  notice: true,
  reportState: true,
};

function isHostMessage(action: PanelAction): action is Exclude<PanelAction, UiAction> {
  return Object.hasOwn(HOST_TYPES, action.type);
}

export function update(state: PanelState, action: PanelAction): Update {
  const outgoing: WebviewMessage[] = [];
  const next = isHostMessage(action) ? onHost(state, action, outgoing) : onUi(state, action, outgoing);
  return { state: next, outgoing };
}
