/** Applies a write plan to the document (one WorkspaceEdit: one Undo) or writes a new file. */
import { posix } from 'node:path';
import * as vscode from 'vscode';
import type { SpanEdit } from './writePlan';

/** The document's lines, without their line breaks. */
export function documentLines(document: vscode.TextDocument): string[] {
  return Array.from({ length: document.lineCount }, (_, line) => document.lineAt(line).text);
}

function spanRange(document: vscode.TextDocument, { start, end, lines }: SpanEdit): vscode.Range {
  const last = end - 1;
  const endOfLast = document.lineAt(last).text.length;
  if (lines.length > 0) return new vscode.Range(start, 0, last, endOfLast);
  // Removing whole lines takes one line break with them: the one after, or the one before at the end.
  if (end < document.lineCount) return new vscode.Range(start, 0, end, 0);
  if (start > 0) return new vscode.Range(start - 1, document.lineAt(start - 1).text.length, last, endOfLast);
  return new vscode.Range(0, 0, last, endOfLast);
}

/** True when VS Code applied the edit. */
export async function applySpanEdits(document: vscode.TextDocument, edits: readonly SpanEdit[]): Promise<boolean> {
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const edit = new vscode.WorkspaceEdit();
  for (const span of edits) edit.replace(document.uri, spanRange(document, span), span.lines.join(eol));
  return vscode.workspace.applyEdit(edit);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `lines` to `<name>.accepted.jsonl` next to `source` (`-2`, `-3`... when taken, so
 * nothing is ever overwritten), or to a new untitled document when `source` is not on disk.
 */
export async function writeAcceptedFile(source: vscode.Uri, lines: readonly string[]): Promise<vscode.Uri> {
  const content = `${lines.join('\n')}\n`;
  if (source.scheme === 'untitled') {
    const document = await vscode.workspace.openTextDocument({ language: 'jsonl', content });
    return document.uri;
  }
  const folder = posix.dirname(source.path);
  const stem = posix.basename(source.path).replace(/\.jsonl$/i, '');
  for (let attempt = 1; ; attempt++) {
    const target = source.with({ path: posix.join(folder, `${stem}.accepted${attempt === 1 ? '' : `-${attempt}`}.jsonl`) });
    if (await exists(target)) continue;
    await vscode.workspace.fs.writeFile(target, Buffer.from(content, 'utf8'));
    return target;
  }
}
