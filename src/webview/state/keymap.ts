/** The panel's keyboard, as data: a key press in, the action it stands for out. Pure. */
import type { UiAction } from './actions';
import type { PanelState } from './panelState';

export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

const PAGE = 10;

/** The action for a key pressed in the rows list; null leaves the key to VS Code. */
export function actionForKey(press: KeyPress, state: PanelState): UiAction | null {
  // Chords belong to VS Code (Ctrl+P, Cmd+S...): the panel never takes them.
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  const extend = press.shiftKey;
  switch (press.key) {
    case 'ArrowDown':
    case 'j':
      return { type: 'move', delta: 1, extend };
    case 'ArrowUp':
    case 'k':
      return { type: 'move', delta: -1, extend };
    case 'PageDown':
      return { type: 'move', delta: PAGE, extend };
    case 'PageUp':
      return { type: 'move', delta: -PAGE, extend };
    case 'Home':
      return { type: 'move', delta: -Infinity, extend };
    case 'End':
      return { type: 'move', delta: Infinity, extend };
    case 'a':
      return { type: 'decideSelection', decision: 'accepted' };
    case 'r':
      return { type: 'decideSelection', decision: 'rejected' };
    case 'u':
      return { type: 'decideSelection', decision: null };
    case 'Enter':
      return state.focusKey === null ? null : { type: 'openDetails', key: state.focusKey, cell: { kind: 'row' } };
    case 'Escape':
      return state.details ? { type: 'closeDetails' } : null;
    case '1':
      return { type: 'setView', view: 'evolutions' };
    case '2':
      return { type: 'setView', view: 'scores' };
    case '3':
      return { type: 'setView', view: 'table' };
    default:
      return null;
  }
}
