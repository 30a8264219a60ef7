/**
 * Hands a page its rows in chunks: the first with `init`, the next each time the page asks
 * (`moreRows`), so 10,000 rows never arrive as one message the page must copy and validate
 * before drawing anything. Rows read from a large file join the queue as the file is read; a
 * page asking while none is ready is answered when some are. Chunks are made when sent, from the
 * model as it is then: a row re-run or removed meanwhile is sent as it is now, or not at all.
 * Only the first chunk carries bodies (the first screen); the page asks for the others' as
 * they come into view. Pure.
 */
import type { HostMessage, PanelSource, RunStatus } from '../../protocol/resultsPanel';
import type { ModelRow, ResultsModel } from './resultsModel';

/** A screen of rows and more, for the first paint. */
const FIRST_CHUNK = 100;
/**
 * The others come without bodies (about 150 bytes each), many at once: the page's work per
 * chunk grows with the rows it already has, so fewer, larger chunks fill it faster.
 */
const CHUNK = 10_000;

export class RowPager {
  private pending: string[] = [];
  /** Position in `pending` of the next row to send (the queue is never spliced: it can hold a million keys). */
  private head = 0;
  private reading: boolean;
  /** The page asked for rows while none was ready. */
  private asked = false;

  constructor(
    private readonly model: ResultsModel,
    /** Rows are still being read from the file: more will be added. */
    reading = false,
  ) {
    this.reading = reading;
  }

  /** The `init` message; the rows it leaves out wait for `next`. */
  init(source: PanelSource, run: RunStatus | null): HostMessage {
    const keys = this.model.rows().map((row) => row.key);
    this.pending = keys.slice(FIRST_CHUNK);
    this.head = 0;
    const rows = this.panelRows(keys.slice(0, FIRST_CHUNK), true);
    return { type: 'init', source, rows, pendingRows: this.pendingCount(), columns: this.model.columns(), decisions: this.model.decisionsRecord(), run };
  }

  /** Rows read since; the chunk a waiting page asked for, if it can be sent now. */
  add(rows: readonly ModelRow[], reading: boolean): HostMessage | undefined {
    for (const row of rows) this.pending.push(row.key);
    this.reading = reading;
    return this.asked ? this.next() : undefined;
  }

  /**
   * The next chunk, empty with `pendingRows: 0` once every row has been sent; undefined while
   * none is ready yet (`add` returns it once some is).
   */
  next(): HostMessage | undefined {
    if (this.pending.length === this.head && this.reading) {
      this.asked = true;
      return undefined;
    }
    this.asked = false;
    const keys = this.pending.slice(this.head, this.head + CHUNK);
    this.head += keys.length;
    if (this.head === this.pending.length) {
      this.pending = [];
      this.head = 0;
    }
    return { type: 'rowsChunk', rows: this.panelRows(keys, false), pendingRows: this.pendingCount(), columns: this.model.columns() };
  }

  private pendingCount(): number | null {
    return this.reading ? null : this.pending.length - this.head;
  }

  private panelRows(keys: readonly string[], withBodies: boolean) {
    return keys.flatMap((key) => {
      const row = this.model.row(key);
      return row ? [this.model.toPanelRow(row, withBodies)] : [];
    });
  }
}
