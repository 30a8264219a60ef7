/**
 * Follows the file a run appends its rows to, one line per row in the order they are published
 * (a pipeline's output): each row lets go of its value once its line is on disk and reads it
 * back from there when needed, so a panel following a million-row run holds only the rows not
 * yet written, not every row. Pure of VS Code.
 */
import { FileLineIndex } from '../../core/jsonl/fileLineIndex';
import type { ModelRow } from './resultsModel';

export class WrittenRows {
  private index: FileLineIndex | null = null;
  private ended = false;
  /** The rows published, by their line in the file; a row is dropped from here once written. */
  private readonly published: (ModelRow | undefined)[] = [];
  private catching: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  add(rows: readonly ModelRow[]): void {
    this.published.push(...rows);
  }

  /** Lets go of the rows whose lines were written since; one catch-up at a time. */
  catchUp(): Promise<void> {
    this.catching = this.catching.then(() => this.scan());
    return this.catching;
  }

  /** The run ended: the file's last line is complete too. */
  end(): Promise<void> {
    this.ended = true;
    return this.catchUp();
  }

  async close(): Promise<void> {
    await this.catching;
    await this.index?.close();
  }

  private async scan(): Promise<void> {
    if (!this.index) {
      try {
        this.index = await FileLineIndex.open(this.path, { growing: true });
      } catch {
        return; // not created yet: the rows stay held until it is
      }
    }
    const index = this.index;
    if (this.ended) index.end();
    await index.scan(Number.MAX_SAFE_INTEGER, (line, text) => {
      const row = this.published[line];
      this.published[line] = undefined;
      // A row re-run meanwhile keeps its new value; a line that is not the row's keeps the row held.
      row?.storeAt(index, line, text);
    });
  }
}
