import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialState } from '../../../src/webview/state/panelState';
import { persistedOf } from '../../../src/webview/state/persisted';
import { effectiveView, visibleKeys } from '../../../src/webview/state/selectors';
import type { PanelAction } from '../../../src/webview/state/actions';
import { RowIndex } from '../../../src/webview/state/rowIndex';
import { BODY_LIMIT, update } from '../../../src/webview/state/update';
import { deitaRow, init, panelRow, run, withoutBody } from './kit';

const rows = [deitaRow('a', 1, [2, 3]), deitaRow('b', 2, [4, 5]), deitaRow('c', 3, [1, null]), deitaRow('d', 4, [3, 4])];

describe('panel state: host messages', () => {
  it('init shows the rows in line order, with the decisions the host kept', () => {
    const { state } = run([init([rows[2], rows[0], rows[1]].map((row) => row!), { b: 'accepted' })]);
    assert.deepEqual(visibleKeys(state), ['a', 'b', 'c']);
    assert.equal(state.decisions.get('b'), 'accepted');
    assert.equal(state.source?.label, 'data.jsonl');
  });

  it('rows stream in: new keys are added, known keys replaced in place', () => {
    const { state } = run([
      init([]),
      { type: 'rowsUpserted', rows: [rows[0]!], columns: [] },
      { type: 'rowsUpserted', rows: [rows[1]!, panelRow('a', { instruction: 'changed' })], columns: ['instruction'] },
    ]);
    assert.deepEqual(state.rows.map((row) => row.key), ['a', 'b']);
    assert.equal(state.rows[0]?.body?.values.instruction, 'changed');
    assert.deepEqual(state.columns, ['instruction']);
  });

  it('asks for the next chunk of a large file once per drawn frame, until none is left', () => {
    const [a, b, c] = rows;
    const { state, sent } = run([
      { type: 'init', source: { uri: 'file:///big.jsonl', label: 'big' }, rows: [a!], pendingRows: 2, columns: [], decisions: {}, run: null },
      { type: 'drawn', shown: [] },
      { type: 'drawn', shown: [] },
      { type: 'rowsChunk', rows: [b!], pendingRows: 1, columns: [] },
      { type: 'drawn', shown: [] },
      { type: 'rowsChunk', rows: [c!], pendingRows: 0, columns: [] },
      { type: 'drawn', shown: [] },
    ]);
    assert.deepEqual(sent, [{ type: 'moreRows' }, { type: 'moreRows' }]);
    assert.deepEqual(visibleKeys(state), ['a', 'b', 'c']);
    assert.equal(state.pendingRows, 0);
  });

  it('rowsRemoved drops the rows and everything that pointed at them', () => {
    const { state } = run([init(rows, { a: 'rejected' }), { type: 'select', key: 'a', extend: false, toggle: false }, { type: 'rowsRemoved', keys: ['a'] }]);
    assert.deepEqual(visibleKeys(state), ['b', 'c', 'd']);
    assert.equal(state.decisions.has('a'), false);
    assert.equal(state.focusKey, null);
    assert.equal(state.selection.size, 0);
  });

  it('decisionsChanged clears what a re-run made stale', () => {
    const { state } = run([init(rows, { a: 'accepted', b: 'rejected' }), { type: 'decisionsChanged', changes: { a: null } }]);
    assert.deepEqual([...state.decisions], [['b', 'rejected']]);
  });

  it('details arrive for the row asked for, and are ignored for another one', () => {
    const details = { steps: [] };
    const asked = run([init(rows), { type: 'openDetails', key: 'b', cell: { kind: 'row' } }]);
    assert.deepEqual(asked.sent, [{ type: 'requestDetails', key: 'b' }]);
    assert.equal(asked.state.details?.loading, true);
    const answered = run([{ type: 'details', key: 'b', details }], asked.state);
    assert.equal(answered.state.details?.loading, false);
    assert.equal(answered.state.details?.details, details);
    const stray = run([{ type: 'details', key: 'a', details }], asked.state);
    assert.equal(stray.state, asked.state);
  });

  it('reportState answers with what the page shows', () => {
    const { sent } = run([init(rows, { c: 'accepted' }), { type: 'setDecisionFilter', filter: 'accepted' }, { type: 'reportState', requestId: 7 }]);
    assert.deepEqual(sent, [{ type: 'stateReport', requestId: 7, view: 'evolutions', rowKeys: ['a', 'b', 'c', 'd'], visibleKeys: ['c'], decisions: { c: 'accepted' } }]);
  });

  it('runStatus and rowBusy and notice are kept for the views', () => {
    const { state } = run([
      init(rows),
      { type: 'runStatus', run: { task: 'EvolInstruct', state: 'running', rowsDone: 2, totalRows: 4 } },
      { type: 'rowBusy', key: 'a', busy: true },
      { type: 'notice', level: 'warning', text: 'careful' },
    ]);
    assert.deepEqual(state.run, { task: 'EvolInstruct', state: 'running', rowsDone: 2, totalRows: 4 });
    assert.deepEqual([...state.busy], ['a']);
    assert.deepEqual(state.notice, { level: 'warning', text: 'careful' });
  });
});

describe('panel state: sort and filters', () => {
  it('sorts by a score highest first, then lowest first, then back to line order; missing scores stay last', () => {
    const once = run([init(rows), { type: 'toggleSort', column: 'scores[2]' }]);
    assert.deepEqual(visibleKeys(once.state), ['b', 'd', 'a', 'c']);
    const twice = run([{ type: 'toggleSort', column: 'scores[2]' }], once.state);
    assert.deepEqual(visibleKeys(twice.state), ['a', 'd', 'b', 'c']);
    const thrice = run([{ type: 'toggleSort', column: 'scores[2]' }], twice.state);
    assert.equal(thrice.state.sort, null);
    assert.deepEqual(visibleKeys(thrice.state), ['a', 'b', 'c', 'd']);
  });

  it('keeps only rows whose score is in range; a row without that score does not pass', () => {
    const { state } = run([init(rows), { type: 'setFilter', column: 'scores[2]', range: { min: 4, max: null } }]);
    assert.deepEqual(visibleKeys(state), ['b', 'd']);
    const both = run([{ type: 'setFilter', column: 'scores[1]', range: { min: null, max: 3 } }], state);
    assert.deepEqual(visibleKeys(both.state), ['d']);
    const cleared = run([{ type: 'setFilter', column: 'scores[2]', range: { min: null, max: null } }], both.state);
    assert.deepEqual(Object.keys(cleared.state.filters), ['scores[1]']);
  });

  it('filters by decision and by failure', () => {
    const failed = panelRow('x', { instruction: 'bad', evolved_instruction: null }, { line: 9, status: 'parse_error', error: 'empty output' });
    const { state } = run([init([...rows, failed], { a: 'accepted', b: 'rejected' })]);
    const shown = (filter: 'undecided' | 'accepted' | 'rejected' | 'failed') => visibleKeys(run([{ type: 'setDecisionFilter', filter }], state).state);
    assert.deepEqual(shown('accepted'), ['a']);
    assert.deepEqual(shown('rejected'), ['b']);
    assert.deepEqual(shown('undecided'), ['c', 'd', 'x']);
    assert.deepEqual(shown('failed'), ['x']);
  });

  it('picks the view from the rows until the user picks one', () => {
    assert.equal(effectiveView(run([init(rows)]).state), 'evolutions');
    assert.equal(effectiveView(run([init([panelRow('s', { instruction: 'i', generation: 'g', score: 4, reason: 'ok' })])]).state), 'scores');
    assert.equal(effectiveView(run([init([panelRow('t', { text: 'plain' })])]).state), 'table');
    assert.equal(effectiveView(run([init(rows), { type: 'setView', view: 'table' }]).state), 'table');
  });
});

describe('panel state: focus, selection and decisions', () => {
  it('Down starts at the first row, moves on, and stops at the last', () => {
    const { state } = run([init(rows), { type: 'move', delta: 1, extend: false }]);
    assert.equal(state.focusKey, 'a');
    assert.equal(run([{ type: 'move', delta: 2, extend: false }], state).state.focusKey, 'c');
    assert.equal(run([{ type: 'move', delta: Infinity, extend: false }], state).state.focusKey, 'd');
    assert.equal(run([{ type: 'move', delta: 99, extend: false }, { type: 'move', delta: 1, extend: false }], state).state.focusKey, 'd');
  });

  it('moves in the order shown, not the order received', () => {
    const { state } = run([init(rows), { type: 'toggleSort', column: 'scores[1]' }, { type: 'move', delta: 1, extend: false }, { type: 'move', delta: 1, extend: false }]);
    assert.deepEqual([state.focusKey, visibleKeys(state)], ['d', ['b', 'd', 'a', 'c']]);
  });

  it('accepting a row tells the host and moves to the next one', () => {
    const { state, sent } = run([init(rows), { type: 'move', delta: 1, extend: false }, { type: 'decideSelection', decision: 'accepted' }]);
    assert.equal(state.decisions.get('a'), 'accepted');
    assert.equal(state.focusKey, 'b');
    assert.deepEqual(sent, [{ type: 'decide', keys: ['a'], decision: 'accepted' }]);
  });

  it('deciding again the same way clears the decision', () => {
    const { state, sent } = run([init(rows, { a: 'rejected' }), { type: 'decideRow', key: 'a', decision: 'rejected' }]);
    assert.equal(state.decisions.has('a'), false);
    assert.deepEqual(sent, [{ type: 'decide', keys: ['a'], decision: null }]);
  });

  it('with the undecided filter, a decided row leaves the list and the focus goes to the next one', () => {
    const { state } = run([init(rows), { type: 'setDecisionFilter', filter: 'undecided' }, { type: 'select', key: 'b', extend: false, toggle: false }, { type: 'decideSelection', decision: 'rejected' }]);
    assert.deepEqual(visibleKeys(state), ['a', 'c', 'd']);
    assert.equal(state.focusKey, 'c');
  });

  it('Shift extends the selection, and a decision then applies to every selected row', () => {
    const { state, sent } = run([
      init(rows),
      { type: 'move', delta: 1, extend: false },
      { type: 'move', delta: 1, extend: true },
      { type: 'move', delta: 1, extend: true },
      { type: 'decideSelection', decision: 'rejected' },
    ]);
    assert.deepEqual([...state.selection].sort(), ['a', 'b', 'c']);
    assert.deepEqual(sent.at(-1), { type: 'decide', keys: ['a', 'b', 'c'], decision: 'rejected' });
    assert.equal(state.focusKey, 'c', 'a multi-row decision keeps the focus');
  });

  it('a click selects one row, Ctrl+click toggles, Shift+click selects the range from the anchor', () => {
    const clicked = run([init(rows), { type: 'select', key: 'b', extend: false, toggle: false }]);
    assert.deepEqual([...clicked.state.selection], ['b']);
    const toggled = run([{ type: 'select', key: 'd', extend: false, toggle: true }], clicked.state);
    assert.deepEqual([...toggled.state.selection].sort(), ['b', 'd']);
    const ranged = run([{ type: 'select', key: 'a', extend: false, toggle: false }, { type: 'select', key: 'c', extend: true, toggle: false }], clicked.state);
    assert.deepEqual([...ranged.state.selection], ['a', 'b', 'c']);
  });

  it('with the details open, moving the focus asks for the next row\'s details', () => {
    const { state, sent } = run([init(rows), { type: 'openDetails', key: 'a', cell: { kind: 'version', index: 1 } }, { type: 'move', delta: 1, extend: false }]);
    assert.deepEqual(sent, [
      { type: 'requestDetails', key: 'a' },
      { type: 'requestDetails', key: 'b' },
    ]);
    assert.deepEqual(state.details && { key: state.details.key, cell: state.details.cell }, { key: 'b', cell: { kind: 'row' } });
  });

  it('re-run, write and reveal go to the host; a busy row is not re-run twice', () => {
    const { sent } = run([
      init(rows),
      { type: 'rerun', key: 'a' },
      { type: 'rowBusy', key: 'a', busy: true },
      { type: 'rerun', key: 'a' },
      { type: 'write', target: 'inPlace' },
      { type: 'reveal', key: 'c' },
    ]);
    assert.deepEqual(sent, [
      { type: 'rerun', key: 'a' },
      { type: 'write', target: 'inPlace' },
      { type: 'revealRow', key: 'c' },
    ]);
  });
});

describe('panel state: what is saved across restarts', () => {
  it('round-trips decisions and the way the rows were shown', () => {
    const { state } = run([
      init(rows, { a: 'accepted' }),
      { type: 'setView', view: 'scores' },
      { type: 'toggleSort', column: 'scores[1]' },
      { type: 'setFilter', column: 'scores[1]', range: { min: 2, max: null } },
      { type: 'select', key: 'b', extend: false, toggle: false },
    ]);
    const saved = persistedOf(state);
    assert.ok(saved);
    assert.equal(persistedOf(initialState), null);
    const restored = run([{ type: 'restore', saved }, init(rows, saved.decisions)]).state;
    assert.equal(restored.view, 'scores');
    assert.deepEqual(restored.sort, { column: 'scores[1]', direction: 'desc' });
    assert.deepEqual(visibleKeys(restored), visibleKeys(state));
    assert.equal(restored.focusKey, 'b');
    assert.equal(restored.decisions.get('a'), 'accepted');
  });

  it('a saved view for another file is not applied to this one', () => {
    const saved = persistedOf(run([init(rows), { type: 'setView', view: 'table' }, { type: 'toggleSort', column: 'line' }]).state);
    assert.ok(saved);
    const other = run([{ type: 'restore', saved: { ...saved, source: { uri: 'file:///other.jsonl', label: 'other' } } }, init(rows)]).state;
    assert.equal(other.view, null);
    assert.equal(other.sort, null);
  });
});

describe('panel state: row bodies on demand', () => {
  const many = Array.from({ length: BODY_LIMIT + 40 }, (_, index) => deitaRow(`r${index}`, index + 1, [index % 5]));
  const keys = many.map((row) => row.key);

  it('asks once for the bodies of the rows shown that lack one, and gives them to their rows', () => {
    const summaries = many.slice(0, 4).map(withoutBody);
    const asked = run([init(summaries), { type: 'drawn', shown: ['r0', 'r1'] }, { type: 'drawn', shown: ['r0', 'r1', 'r2'] }]);
    assert.deepEqual(asked.sent, [
      { type: 'requestBodies', keys: ['r0', 'r1'] },
      { type: 'requestBodies', keys: ['r2'] },
    ]);
    const { state } = run([{ type: 'rowBodies', bodies: [{ key: 'r1', body: many[1]!.body }, { key: 'gone', body: many[1]!.body }] }], asked.state);
    assert.deepEqual(state.rows[1]?.body, many[1]!.body);
    assert.equal(state.rows[0]?.body, null);
    assert.deepEqual([...state.requestedBodies], ['r0', 'r2']);
    assert.deepEqual(state.bodyOrder, ['r1']);
  });

  it('keeps at most BODY_LIMIT bodies: the rows loaded longest ago and not shown give theirs up', () => {
    const { state, sent } = run([init(many), { type: 'select', key: 'r1', extend: false, toggle: false }, { type: 'drawn', shown: ['r0', 'r2'] }]);
    assert.equal(state.bodyOrder.length, BODY_LIMIT);
    const bodiless = state.rows.filter((row) => row.body === null).map((row) => row.key);
    // r0 and r2 are shown and r1 has the focus: the next oldest 40 go.
    assert.deepEqual(bodiless, keys.slice(3, 43));
    assert.deepEqual(sent, []);
    // A frame with nothing to do changes nothing, so it does not cause another frame.
    assert.equal(update(state, { type: 'drawn', shown: ['r0', 'r2'] }).state, state);
  });

  it('keeps asking for rows while the host is still reading the file, and stops at the end', () => {
    const { state, sent } = run([
      { ...init([many[0]!]), pendingRows: null } as PanelAction,
      { type: 'drawn', shown: [] },
      { type: 'rowsChunk', rows: [withoutBody(many[1]!)], pendingRows: null, columns: ['instruction'] },
      { type: 'drawn', shown: [] },
      { type: 'rowsChunk', rows: [], pendingRows: 0, columns: ['instruction'] },
      { type: 'drawn', shown: [] },
    ]);
    assert.deepEqual(sent, [{ type: 'moreRows' }, { type: 'moreRows' }]);
    assert.deepEqual(visibleKeys(state), ['r0', 'r1']);
  });
});

describe('the index of the panel\'s rows', () => {
  it('appends without changing what an older state sees, and copies when appended to from an older state', () => {
    const first = RowIndex.of(['a', 'b']);
    const second = first.appended(['c']);
    assert.deepEqual([second.get('c'), first.get('c'), first.get('b')], [2, undefined, 1]);
    const branch = first.appended(['d']);
    assert.deepEqual([branch.get('d'), branch.get('c'), second.get('c'), second.get('d')], [2, undefined, 2, undefined]);
  });

  it('chunks of rows streaming in keep every row findable by key, later duplicates replacing earlier ones', () => {
    const { state } = run([
      init([rows[0]!]),
      { type: 'rowsChunk', rows: [rows[1]!, rows[2]!, panelRow('b', { instruction: 'twice' })], pendingRows: 1, columns: [] },
      { type: 'rowsChunk', rows: [rows[3]!], pendingRows: 0, columns: [] },
    ]);
    assert.deepEqual(state.rows.map((row) => row.key), ['a', 'b', 'c', 'd']);
    assert.deepEqual(['a', 'b', 'c', 'd'].map((key) => state.rowIndex.get(key)), [0, 1, 2, 3]);
    assert.equal(state.rows[1]?.body?.values.instruction, 'twice');
  });
});
