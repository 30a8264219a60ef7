import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionForKey, type KeyPress } from '../../../src/webview/state/keymap';
import { visibleKeys } from '../../../src/webview/state/selectors';
import { deitaRow, init, run } from './kit';

const press = (key: string, modifiers: Partial<KeyPress> = {}): KeyPress => ({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });

describe('the panel keyboard', () => {
  const loaded = run([init([deitaRow('a', 1, [1]), deitaRow('b', 2, [2]), deitaRow('c', 3, [3])])]).state;

  it('maps keys to actions', () => {
    assert.deepEqual(actionForKey(press('ArrowDown'), loaded), { type: 'move', delta: 1, extend: false });
    assert.deepEqual(actionForKey(press('ArrowUp', { shiftKey: true }), loaded), { type: 'move', delta: -1, extend: true });
    assert.deepEqual(actionForKey(press('a'), loaded), { type: 'decideSelection', decision: 'accepted' });
    assert.deepEqual(actionForKey(press('r'), loaded), { type: 'decideSelection', decision: 'rejected' });
    assert.deepEqual(actionForKey(press('u'), loaded), { type: 'decideSelection', decision: null });
    assert.deepEqual(actionForKey(press('2'), loaded), { type: 'setView', view: 'scores' });
  });

  it('leaves chords and unknown keys to VS Code', () => {
    assert.equal(actionForKey(press('a', { ctrlKey: true }), loaded), null);
    assert.equal(actionForKey(press('ArrowDown', { metaKey: true }), loaded), null);
    assert.equal(actionForKey(press('x'), loaded), null);
  });

  it('Enter opens the focused row\'s details; Escape closes them', () => {
    assert.equal(actionForKey(press('Enter'), loaded), null, 'nothing focused yet');
    const focused = run([{ type: 'move', delta: 1, extend: false }], loaded).state;
    const enter = actionForKey(press('Enter'), focused);
    assert.deepEqual(enter, { type: 'openDetails', key: 'a', cell: { kind: 'row' } });
    const open = run([enter!], focused).state;
    assert.deepEqual(actionForKey(press('Escape'), open), { type: 'closeDetails' });
    assert.equal(actionForKey(press('Escape'), focused), null);
  });

  it('reviews rows with the keyboard alone: down, accept, reject, accept', () => {
    let state = loaded;
    const sent = [];
    for (const key of ['ArrowDown', 'a', 'r', 'a']) {
      const action = actionForKey(press(key), state);
      assert.ok(action, key);
      const step = run([action], state);
      state = step.state;
      sent.push(...step.sent);
    }
    assert.deepEqual(Object.fromEntries(state.decisions), { a: 'accepted', b: 'rejected', c: 'accepted' });
    assert.deepEqual(sent.map((message) => message.type), ['decide', 'decide', 'decide']);
    assert.deepEqual(visibleKeys(state), ['a', 'b', 'c']);
  });
});
