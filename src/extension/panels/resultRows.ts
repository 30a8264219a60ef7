/**
 * Reads the rows of a JSONL file that hold task outputs into a results model, a slice at a time,
 * from a line index over the file on disk (the model keeps each row's summary and line, and
 * reads the rest back when asked) or from an editor's text. Other rows and bad lines are left
 * out. Pure of VS Code.
 */
import { parseJsonlLine } from '../../core/jsonl';
import { FileLineIndex } from '../../core/jsonl/fileLineIndex';
import { holdsTaskOutputs } from '../../core/results/holdsTaskOutputs';
import { ResultsModel, type LineSource, type ModelRow } from './resultsModel';

/** Lines to read a slice at a time and read back later. */
export interface ScannableLines extends LineSource {
  readonly complete: boolean;
  scan(maxBytes: number, onLine: (line: number, text: string) => void): Promise<void>;
  close(): Promise<void>;
}

/** An editor's lines (unsaved edits included): read in one slice. */
export class TextLines implements ScannableLines {
  complete = false;

  constructor(private readonly lines: readonly string[]) {}

  line(line: number): string {
    return this.lines[line] as string;
  }

  async scan(_maxBytes: number, onLine: (line: number, text: string) => void): Promise<void> {
    this.lines.forEach((text, line) => onLine(line, text));
    this.complete = true;
  }

  async close(): Promise<void> {}
}

export function fileLines(path: string): Promise<ScannableLines> {
  return FileLineIndex.open(path);
}

/** A slice is parsed in one go (about 0.1 s on 2 cores): the extension host answers in between. */
const SLICE_BYTES = 4 << 20;
/** The first rows are wanted at once: the first slices are small. */
const FIRST_SLICE_BYTES = 256 << 10;

export class ResultRowsReader {
  readonly model = new ResultsModel();

  constructor(readonly lines: ScannableLines) {}

  get complete(): boolean {
    return this.lines.complete;
  }

  /** Reads the next slice; the rows holding task outputs it found. */
  async readSlice(maxBytes = SLICE_BYTES): Promise<ModelRow[]> {
    const found: ModelRow[] = [];
    await this.lines.scan(maxBytes, (line, text) => {
      const parsed = parseJsonlLine(text, line + 1);
      if (parsed.kind === 'row' && holdsTaskOutputs(parsed.row.value)) found.push(this.model.addFileRow(line + 1, text, parsed.row.value, this.lines));
    });
    return found;
  }

  /** Reads until a row holding task outputs is found, or to the end; the rows found. */
  async readUntilFound(): Promise<ModelRow[]> {
    let found: ModelRow[] = [];
    while (found.length === 0 && !this.complete) found = await this.readSlice(FIRST_SLICE_BYTES);
    return found;
  }
}
