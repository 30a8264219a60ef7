import * as vscode from 'vscode';
import { serializeRow } from '../core/jsonl';
import type { RowResult } from '../core/run/rowRunner';
import { LineTracker, placeRows, type TrackedRow } from './rowPlacement';
import type { SelectedRow } from './selectedRows';

export interface ApplyOutcome {
  /** Input rows whose results were written. */
  applied: number;
  /** 1-based start lines of rows that changed or could not be found again; their results were not written. */
  skipped: number[];
  /** Lines written (more than `applied` when a task makes several rows from one). */
  linesWritten: number;
}

/**
 * Follows the selected rows of a document through the edits made while a run is going on, so
 * that their results can be written where the rows are by then. Start it before the run, and
 * dispose of it after applying.
 */
export class RowTracking implements vscode.Disposable {
  private readonly tracker: LineTracker;
  private readonly rows: TrackedRow[];
  private readonly subscription: vscode.Disposable;

  constructor(
    readonly document: vscode.TextDocument,
    selected: readonly SelectedRow[],
  ) {
    const counts = new Map<string, number>();
    for (let line = 0; line < document.lineCount; line++) {
      const text = document.lineAt(line).text;
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    this.rows = selected.map((row) => ({
      index: row.index,
      line: row.line,
      sourceText: row.sourceText,
      uniqueAtStart: counts.get(row.sourceText) === 1,
    }));
    this.tracker = new LineTracker(selected.map((row) => [row.index, row.line - 1] as const));
    this.subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document !== document || event.contentChanges.length === 0) return;
      this.tracker.applyAll(
        event.contentChanges.map((change) => ({
          startLine: change.range.start.line,
          startCharacter: change.range.start.character,
          endLine: change.range.end.line,
          endCharacter: change.range.end.character,
          text: change.text,
        })),
      );
    });
  }

  /**
   * Writes every result over the row it came from, as one WorkspaceEdit (one undo step). A
   * task that makes several rows from one (num_generations) puts them on consecutive lines.
   * Rows that cannot be found with certainty are left alone and listed in `skipped`.
   */
  async apply(results: readonly RowResult[]): Promise<ApplyOutcome> {
    const { document } = this;
    const wanted = new Set(results.map((result) => result.index));
    const placements = placeRows(
      this.rows.filter((row) => wanted.has(row.index)),
      this.tracker,
      document.lineCount,
      (line) => document.lineAt(line).text,
    );
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const edit = new vscode.WorkspaceEdit();
    let applied = 0;
    let linesWritten = 0;
    for (const result of results) {
      const line = placements.lines.get(result.index);
      if (line === undefined) continue;
      edit.replace(document.uri, document.lineAt(line).range, result.rows.map(serializeRow).join(eol));
      applied += 1;
      linesWritten += result.rows.length;
    }
    if (applied > 0 && !(await vscode.workspace.applyEdit(edit))) {
      throw new Error(`VS Code refused the edit to ${document.uri.fsPath}; no row was changed.`);
    }
    return { applied, skipped: placements.lost.sort((a, b) => a - b), linesWritten };
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
