import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { chatRequests, setSetting, suiteMockEndpoint, useMock, workspaceFile } from './support';

const MODEL = 'mock-evolver';

async function openWithSelection(uri: vscode.Uri, selection: vscode.Selection): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  editor.selection = selection;
  return editor;
}

interface EvolveSummary {
  rows: number;
  applied: number;
  failed: number;
  invalidLines: number[];
  cancelled: boolean;
}

function assertEvolved(line: string, original: string): void {
  const row = JSON.parse(line) as Record<string, unknown>;
  const originalRow = JSON.parse(original) as Record<string, unknown>;
  assert.equal(row.instruction, originalRow.instruction, 'the instruction itself is kept');
  assert.equal(typeof row.evolved_instruction, 'string');
  assert.ok(
    (row.evolved_instruction as string).includes(originalRow.instruction as string) && row.evolved_instruction !== row.instruction,
    `evolved_instruction should build on the instruction, got ${String(row.evolved_instruction)}`,
  );
  assert.equal(row.model_name, MODEL);
  assert.ok(typeof row.distilabel_metadata === 'object' && row.distilabel_metadata !== null, 'metadata is added');
  assert.deepEqual(Object.keys(row), [...Object.keys(originalRow), 'evolved_instruction', 'model_name', 'distilabel_metadata']);
}

describe('Evolve Selected Rows', () => {
  const mock = suiteMockEndpoint({ model: MODEL }, async (started) => {
    await useMock(started, MODEL);
    await setSetting('evolInstruct.numEvolutions', 2);
  });

  it('adds the outputs to lines 2-4 only, and undo restores the file byte for byte', async () => {
    const uri = workspaceFile('rows.jsonl');
    // A partial selection from inside line 2 to inside line 4 takes those three rows whole.
    const editor = await openWithSelection(uri, new vscode.Selection(1, 5, 3, 7));
    const before = editor.document.getText();
    const originalLines = before.split('\n');

    const summary = await vscode.commands.executeCommand<EvolveSummary>('distillery.evolveSelectedRows');

    assert.deepEqual(
      { rows: summary?.rows, applied: summary?.applied, failed: summary?.failed, cancelled: summary?.cancelled },
      { rows: 3, applied: 3, failed: 0, cancelled: false },
    );
    assert.equal(chatRequests(mock()).length, 6, 'two evolutions for each of three rows');
    const after = editor.document.getText().split('\n');
    assert.equal(after.length, originalLines.length);
    for (const [index, line] of after.entries()) {
      if (index >= 1 && index <= 3) assertEvolved(line, originalLines[index] as string);
      else assert.equal(line, originalLines[index], `line ${index + 1} must be untouched`);
    }

    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
  });

  it('keeps CRLF endings, skips blank and invalid lines and reports the invalid ones', async () => {
    const uri = workspaceFile('mixed.jsonl');
    const text = '{"instruction":"Name a prime number."}\r\n\r\nnot json\r\n{"instruction":"Describe the sea."}\r\n{"instruction":"Untouched."}';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    const editor = await openWithSelection(uri, new vscode.Selection(0, 0, 3, 3));

    const summary = await vscode.commands.executeCommand<EvolveSummary>('distillery.evolveSelectedRows');

    assert.deepEqual(summary?.invalidLines, [3]);
    assert.equal(summary?.applied, 2);
    const lines = editor.document.getText().split('\r\n');
    assert.equal(lines.length, 5, 'CRLF line endings are kept');
    assertEvolved(lines[0] as string, '{"instruction":"Name a prime number."}');
    assert.equal(lines[1], '');
    assert.equal(lines[2], 'not json');
    assertEvolved(lines[3] as string, '{"instruction":"Describe the sea."}');
    assert.equal(lines[4], '{"instruction":"Untouched."}');

    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), text);
  });
});
