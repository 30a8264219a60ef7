import type { Decision, DecisionFilter, PanelSource, PersistedState, ScoreRange, SortOrder, ViewMode } from '../../protocol/resultsPanel';
import { memoizeLast } from './memo';
import type { PanelState } from './panelState';

const persistedMemo = memoizeLast(
  (
    source: PanelSource | null,
    decisions: ReadonlyMap<string, Decision>,
    view: ViewMode | null,
    sort: SortOrder | null,
    filters: Readonly<Record<string, ScoreRange>>,
    decisionFilter: DecisionFilter,
    showRemoved: boolean,
    focusKey: string | null,
  ): PersistedState | null =>
    source === null
      ? null
      : { version: 1, source, decisions: Object.fromEntries(decisions), view, sort, filters, decisionFilter, showRemoved, focusKey },
);

/**
 * What survives the page being reloaded and VS Code restarting (vscode.setState): which file,
 * the decisions, and how the user was looking at it. The rows are not kept: the host reads them
 * from the file again, so a large file costs nothing here.
 */
export function persistedOf(state: PanelState): PersistedState | null {
  // The same object while none of its parts changed, so callers can skip saving it again.
  return persistedMemo(state.source, state.decisions, state.view, state.sort, state.filters, state.decisionFilter, state.showRemoved, state.focusKey);
}
