/**
 * Hands a page its rows in chunks: the first with `init`, the next each time the page asks
 * (`moreRows`), so 10,000 rows never arrive as one message the page must copy and validate
 * before drawing anything. Chunks are made when sent, from the model as it is then: a row
 * re-run or removed meanwhile is sent as it is now, or not at all. Pure.
 */
import type { HostMessage, PanelSource, RunStatus } from '../../protocol/resultsPanel';
import type { ResultsModel } from './resultsModel';

/** A screen of rows and more, for the first paint. */
const FIRST_CHUNK = 100;
const CHUNK = 1000;

export class RowPager {
  private pending: string[] = [];

  constructor(private readonly model: ResultsModel) {}

  /** The `init` message; the rows it leaves out wait for `next`. */
  init(source: PanelSource, run: RunStatus | null): HostMessage {
    const keys = this.model.rows().map((row) => row.key);
    this.pending = keys.slice(FIRST_CHUNK);
    return { type: 'init', source, rows: this.panelRows(keys.slice(0, FIRST_CHUNK)), pendingRows: this.pending.length, decisions: this.model.decisionsRecord(), run };
  }

  /** The next chunk; undefined when every row has been sent. */
  next(): HostMessage | undefined {
    if (this.pending.length === 0) return undefined;
    const keys = this.pending.splice(0, CHUNK);
    return { type: 'rowsChunk', rows: this.panelRows(keys), pendingRows: this.pending.length };
  }

  private panelRows(keys: readonly string[]) {
    return keys.flatMap((key) => {
      const row = this.model.row(key);
      return row ? [this.model.toPanelRow(row)] : [];
    });
  }
}
