import type {
  Decision,
  DecisionFilter,
  PanelRow,
  PanelSource,
  RowDetails,
  RunStatus,
  ScoreRange,
  SortOrder,
  ViewMode,
} from '../../protocol/resultsPanel';
import { RowIndex } from './rowIndex';

/** A cell of a row whose details can be opened. */
export type CellRef =
  | { kind: 'row' }
  /** A version of the row's evolution track (0 = the original). */
  | { kind: 'version'; index: number }
  | { kind: 'answer'; index: number }
  | { kind: 'score'; id: string }
  | { kind: 'column'; name: string };

export interface DetailsState {
  key: string;
  cell: CellRef;
  /** Null while the host has not answered, or when the row has no metadata. */
  details: RowDetails | null;
  loading: boolean;
}

export interface Notice {
  level: 'info' | 'warning' | 'error';
  text: string;
}

/** Everything the panel shows; changed only by `update`. */
export interface PanelState {
  source: PanelSource | null;
  rows: readonly PanelRow[];
  /** Key -> position in `rows`. */
  rowIndex: RowIndex;
  decisions: ReadonlyMap<string, Decision>;
  /** Rows the host still has to send in chunks (see `moreRows`); null while it is still reading them. */
  pendingRows: number | null;
  /** Every column some row has (the plain table's), as the host last said. */
  columns: readonly string[];
  /** Rows whose bodies were asked for and have not arrived. */
  requestedBodies: ReadonlySet<string>;
  /** Rows holding a body, oldest first: past BODY_LIMIT, the oldest off screen give theirs up. */
  bodyOrder: readonly string[];
  /** A chunk was asked for and has not arrived yet. */
  chunkRequested: boolean;
  run: RunStatus | null;
  /** Null until the user picks one: the rows decide (evolutions, else scores, else the table). */
  view: ViewMode | null;
  /** Null: by line, in the order the rows came. */
  sort: SortOrder | null;
  /** Score column id -> the range its values must be in. */
  filters: Readonly<Record<string, ScoreRange>>;
  decisionFilter: DecisionFilter;
  /** Show the words an evolution removed (struck through) as well as those it added. */
  showRemoved: boolean;
  focusKey: string | null;
  selection: ReadonlySet<string>;
  /** Where a Shift selection started. */
  anchorKey: string | null;
  details: DetailsState | null;
  /** Rows being re-run. */
  busy: ReadonlySet<string>;
  notice: Notice | null;
}

export const initialState: PanelState = {
  source: null,
  rows: [],
  rowIndex: RowIndex.of([]),
  decisions: new Map(),
  pendingRows: 0,
  columns: [],
  requestedBodies: new Set(),
  bodyOrder: [],
  chunkRequested: false,
  run: null,
  view: null,
  sort: null,
  filters: {},
  decisionFilter: 'all',
  showRemoved: true,
  focusKey: null,
  selection: new Set(),
  anchorKey: null,
  details: null,
  busy: new Set(),
  notice: null,
};
