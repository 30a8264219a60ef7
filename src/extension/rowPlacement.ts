/**
 * Where each processed row is when its result is written back: rows are followed through the
 * edits made to the document during the run (a line inserted above moves them down), so a
 * result lands on its own row, never on another one. Pure, unit-tested; the glue feeds it
 * VS Code's content changes.
 */

/** One content change, in the coordinates of the document before it (as VS Code reports it). */
export interface LineEdit {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  text: string;
}

interface Position {
  line: number;
  /** False once an edit touched the line itself: its content must be checked before trusting it. */
  certain: boolean;
}

function newlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count += 1;
  return count;
}

/** 0-based line positions of rows, kept up to date through edits. */
export class LineTracker {
  private readonly positions = new Map<number, Position>();

  constructor(lines: Iterable<readonly [key: number, line: number]>) {
    for (const [key, line] of lines) this.positions.set(key, { line, certain: true });
  }

  /** Applies the changes of one change event; they do not overlap and all refer to the document before the event. */
  applyAll(edits: readonly LineEdit[]): void {
    // From the bottom up, so an edit never moves the coordinates of the ones still to apply.
    const ordered = [...edits].sort((a, b) => b.startLine - a.startLine || b.startCharacter - a.startCharacter);
    for (const edit of ordered) this.apply(edit);
  }

  apply(edit: LineEdit): void {
    const added = newlines(edit.text);
    const delta = added - (edit.endLine - edit.startLine);
    // A change that ends at the very start of a line, made of whole lines, leaves that line's
    // content alone and only moves it: inserting "row\n" at (L, 0), deleting lines above L.
    const wholeLinesBefore =
      edit.endCharacter === 0 && edit.startCharacter === 0 && (edit.text === '' || edit.text.endsWith('\n'));
    for (const position of this.positions.values()) {
      if (position.line < edit.startLine) continue;
      if (position.line > edit.endLine || (position.line === edit.endLine && wholeLinesBefore)) {
        position.line += delta;
        continue;
      }
      // The line itself was edited: keep a best guess and let its text decide.
      position.certain = false;
      position.line = Math.min(position.line, edit.startLine + added);
    }
  }

  position(key: number): Readonly<Position> | undefined {
    return this.positions.get(key);
  }
}

export interface TrackedRow {
  /** The row's key in the tracker (its index in the run). */
  index: number;
  /** 1-based line when the run started, for messages. */
  line: number;
  sourceText: string;
  /** No other line of the document had the same text when the run started. */
  uniqueAtStart: boolean;
}

export interface Placements {
  /** Row index -> 0-based line it is on now. */
  lines: Map<number, number>;
  /** 1-based start lines of rows that could not be found with certainty; their results are not written. */
  lost: number[];
}

/**
 * The line each row is on now. A row followed with certainty is taken where it is, if its text
 * is unchanged. A row whose own line was edited is taken at its best-guess line if the text is
 * still there, else where its text now occurs, but only when that text was unique at the start
 * and still is (so it is the same row, moved). Anything else is lost rather than guessed: a
 * result must never land on another row.
 */
export function placeRows(
  rows: readonly TrackedRow[],
  tracker: LineTracker,
  lineCount: number,
  lineText: (line: number) => string,
): Placements {
  let textIndex: Map<string, number[]> | undefined;
  const linesWithText = (text: string): number[] => {
    if (!textIndex) {
      textIndex = new Map();
      for (let line = 0; line < lineCount; line++) {
        const current = lineText(line);
        const list = textIndex.get(current);
        if (list) list.push(line);
        else textIndex.set(current, [line]);
      }
    }
    return textIndex.get(text) ?? [];
  };

  const lines = new Map<number, number>();
  const claimed = new Set<number>();
  const lost: number[] = [];
  for (const row of rows) {
    const position = tracker.position(row.index);
    const guess = position?.line;
    let found: number | undefined;
    if (guess !== undefined && guess >= 0 && guess < lineCount && lineText(guess) === row.sourceText) found = guess;
    else if (position && !position.certain && row.uniqueAtStart) {
      const matches = linesWithText(row.sourceText);
      if (matches.length === 1) found = matches[0];
    }
    if (found === undefined || claimed.has(found)) {
      lost.push(row.line);
      continue;
    }
    claimed.add(found);
    lines.set(row.index, found);
  }
  return { lines, lost };
}
