import type * as vscode from 'vscode';
import { parseJsonlLine } from '../core/jsonl';
import type { JsonlLineError } from '../core/jsonl/types';
import type { RowInput } from '../core/run/rowRunner';
import { selectedLines } from './selectedLines';

/** A selected row together with the exact text it was read from, to find it again later. */
export interface SelectedRow extends RowInput {
  line: number;
  sourceText: string;
}

export interface SelectedRows {
  rows: SelectedRow[];
  /** Selected lines that are not JSON objects; they are reported and left alone. */
  invalid: JsonlLineError[];
}

export function readSelectedRows(document: vscode.TextDocument, selections: readonly vscode.Selection[]): SelectedRows {
  const rows: SelectedRow[] = [];
  const invalid: JsonlLineError[] = [];
  for (const lineIndex of selectedLines(selections)) {
    const text = document.lineAt(lineIndex).text;
    const parsed = parseJsonlLine(text, lineIndex + 1);
    if (parsed.kind === 'row') rows.push({ index: rows.length, line: parsed.row.line, value: parsed.row.value, sourceText: text });
    else if (parsed.kind === 'error') invalid.push(parsed.error);
  }
  return { rows, invalid };
}
