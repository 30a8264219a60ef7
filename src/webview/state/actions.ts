import type { Decision, DecisionFilter, HostMessage, PersistedState, ScoreRange, ViewMode, WriteTarget } from '../../protocol/resultsPanel';
import type { CellRef } from './panelState';

/** What the user does in the panel; the views turn DOM events into these. */
export type UiAction =
  /** The state saved before the page was reloaded or VS Code restarted. */
  | { type: 'restore'; saved: PersistedState }
  | { type: 'setView'; view: ViewMode }
  /** First click sorts highest first, the second lowest first, the third goes back to line order. */
  | { type: 'toggleSort'; column: string }
  | { type: 'setFilter'; column: string; range: ScoreRange }
  | { type: 'setDecisionFilter'; filter: DecisionFilter }
  | { type: 'setShowRemoved'; show: boolean }
  /** A click on a row: Shift extends the selection from the anchor, Ctrl/Cmd toggles the row. */
  | { type: 'select'; key: string; extend: boolean; toggle: boolean }
  /** Arrow keys: moves the focus by `delta` rows (clamped); Shift extends the selection. */
  | { type: 'move'; delta: number; extend: boolean }
  /** a / r / u: the selected rows (or the focused one), toggled; a single row then moves on. */
  | { type: 'decideSelection'; decision: Decision | null }
  /** A row's own Accept / Reject button, toggled. */
  | { type: 'decideRow'; key: string; decision: Decision }
  | { type: 'openDetails'; key: string; cell: CellRef }
  | { type: 'closeDetails' }
  | { type: 'rerun'; key: string }
  | { type: 'write'; target: WriteTarget }
  | { type: 'reveal'; key: string }
  | { type: 'dismissNotice' }
  /**
   * The page drew a frame with the rows `shown` (on screen or near it): time to ask for their
   * bodies and the next chunk of rows, and to let rows far away give their bodies up.
   */
  | { type: 'drawn'; shown: readonly string[] };

/** Everything `update` takes: the host's messages and the user's actions. */
export type PanelAction = HostMessage | UiAction;
