import * as vscode from 'vscode';
import { serializeRow } from '../core/jsonl';
import type { RowResult } from '../core/run/rowRunner';
import type { SelectedRow } from './selectedRows';

export interface ApplyOutcome {
  applied: number;
  /** 1-based lines whose row changed while the run was going on, so their result was not written. */
  skipped: number[];
}

/**
 * Writes every result over the row it came from, as one WorkspaceEdit (one undo step). A row
 * is found by its exact original text: on its old line when that line is unchanged, else on
 * the only line that still holds that text. When neither exists the result is not written:
 * writing it anywhere else could overwrite a different row.
 */
export async function applyResultsInPlace(
  document: vscode.TextDocument,
  rows: readonly SelectedRow[],
  results: readonly RowResult[],
): Promise<ApplyOutcome> {
  const byIndex = new Map(rows.map((row) => [row.index, row]));
  const edit = new vscode.WorkspaceEdit();
  const skipped: number[] = [];
  let applied = 0;
  for (const result of results) {
    const source = byIndex.get(result.index);
    if (!source) continue;
    const lineIndex = findRowLine(document, source);
    if (lineIndex === undefined) {
      skipped.push(source.line);
      continue;
    }
    // A task that makes several rows from one (num_generations) puts them on consecutive lines.
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    edit.replace(document.uri, document.lineAt(lineIndex).range, result.rows.map(serializeRow).join(eol));
    applied += 1;
  }
  if (applied > 0 && !(await vscode.workspace.applyEdit(edit))) {
    throw new Error(`VS Code refused the edit to ${document.uri.fsPath}; no row was changed.`);
  }
  return { applied, skipped };
}

function findRowLine(document: vscode.TextDocument, row: SelectedRow): number | undefined {
  const original = row.line - 1;
  if (original < document.lineCount && document.lineAt(original).text === row.sourceText) return original;
  let found: number | undefined;
  for (let line = 0; line < document.lineCount; line++) {
    if (document.lineAt(line).text !== row.sourceText) continue;
    if (found !== undefined) return undefined; // two candidates: refusing beats guessing
    found = line;
  }
  return found;
}
