import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { GenerateSummary } from '../../src/extension/commands/generateRows';
import type { PreviewSummary } from '../../src/extension/commands/previewPrompts';
import type { SelectionRunSummary } from '../../src/extension/runSummary';
import { openRows, parseLine, setSetting, suiteMockEndpoint, workspaceFile } from './support';

const MODEL = 'mock-preview';

/** Generator parameters that accept the mock's short instructions at once. */
const GENERATOR_PARAMS = { min_length: 1, max_length: 10_000 };

describe('Preview Prompts and Generate Rows', () => {
  const mock = suiteMockEndpoint({ model: MODEL });

  after(async () => {
    await setSetting('llm.profiles', undefined);
  });

  it('Preview Prompts shows the exact messages of each selected row, with estimates, and sends nothing', async () => {
    await setSetting('llm.profiles', [
      {
        name: 'priced',
        baseUrl: mock().url,
        model: MODEL,
        generation: { max_tokens: 100 },
        pricing: { inputPerMillionTokens: 1000, outputPerMillionTokens: 1000 },
      },
    ]);
    try {
      const editor = await openRows('preview.jsonl', ['Name a prime number.', 'Describe the sea.', 'Untouched row.']);
      const before = editor.document.getText();
      editor.selection = new vscode.Selection(0, 3, 1, 3);

      const preview = await vscode.commands.executeCommand<PreviewSummary>('distillery.previewPrompts', {
        task: 'EvolInstruct',
        params: { num_evolutions: 2 },
      });

      assert.equal(mock().requests.length, 0, 'no request is sent');
      assert.equal(editor.document.getText(), before);
      assert.ok(preview);
      assert.deepEqual({ rows: preview.rows, requests: preview.requests, completionTokens: preview.completionTokens }, { rows: 2, requests: 2, completionTokens: 200 });
      assert.ok(preview.cost !== undefined && preview.cost > 0.2, 'the cost is estimated from the profile prices');
      const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === preview.document);
      assert.ok(document, 'the preview document is open');
      assert.equal(document.languageId, 'markdown');
      const text = document.getText();
      assert.match(text, /^# Prompt preview: EvolInstruct on preview\.jsonl$/m);
      assert.match(text, /^## Line 1$/m);
      assert.match(text, /^## Line 2$/m);
      assert.doesNotMatch(text, /^## Line 3$/m);
      assert.ok(text.includes('Name a prime number.') && text.includes('Describe the sea.'));
      assert.ok(!text.includes('Untouched row.'));
      assert.match(text, /#Given Prompt#:/, 'the template text is shown as sent');
      assert.match(text, /Later requests of this row depend on the answers|more requests after the first answer|^### Request 1/m);

      // Once the rows have run, their first requests are in the request cache: a preview says so, and prices only the rest.
      // (The preview document took the focus: the rows' editor is brought back first.)
      (await vscode.window.showTextDocument(editor.document)).selection = new vscode.Selection(0, 3, 1, 3);
      const ran = await vscode.commands.executeCommand<SelectionRunSummary>('distillery.runTaskOnSelectedRows', { task: 'EvolInstruct', params: { num_evolutions: 2 }, output: 'siblingFile' });
      assert.equal(ran?.linesWritten, 2);
      const requestsPaid = mock().requests.length;
      (await vscode.window.showTextDocument(editor.document)).selection = new vscode.Selection(0, 3, 1, 3);
      const again = await vscode.commands.executeCommand<PreviewSummary>('distillery.previewPrompts', { task: 'EvolInstruct', params: { num_evolutions: 2 } });
      assert.equal(mock().requests.length, requestsPaid, 'a preview sends nothing');
      assert.deepEqual({ requests: again?.requests, cachedRequests: again?.cachedRequests, completionTokens: again?.completionTokens }, { requests: 2, cachedRequests: 2, completionTokens: 0 });
    } finally {
      await setSetting('llm.profiles', undefined);
    }
  });

  it('Generate Rows makes N rows in a new untitled document', async () => {
    const summary = await vscode.commands.executeCommand<GenerateSummary>('distillery.generateRows', {
      task: 'EvolInstructGenerator',
      rows: 3,
      params: GENERATOR_PARAMS,
    });
    assert.ok(summary);
    assert.deepEqual({ linesWritten: summary.linesWritten, target: summary.target }, { linesWritten: 3, target: 'untitled' });
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === summary.uri);
    assert.ok(document && document.isUntitled);
    assert.equal(document.languageId, 'jsonl');
    const rows = document.getText().trimEnd().split('\n').map((line) => parseLine(line));
    assert.equal(rows.length, 3);
    for (const row of rows) assert.equal(typeof row.instruction, 'string');
  });

  it('Generate Rows appends N rows to the current file as one undoable edit', async () => {
    const editor = await openRows('append.jsonl', ['Existing row.']);
    const before = editor.document.getText();
    const summary = await vscode.commands.executeCommand<GenerateSummary>('distillery.generateRows', {
      task: 'EvolInstructGenerator',
      rows: 2,
      params: GENERATOR_PARAMS,
      target: 'append',
    });
    assert.equal(summary?.linesWritten, 2);
    const lines = editor.document.getText().split('\n');
    assert.equal(lines.length, 4, 'one row, two generated rows, and the final newline');
    assert.equal(`${lines[0]}\n`, before);
    assert.equal(typeof parseLine(lines[1]).instruction, 'string');
    assert.equal(typeof parseLine(lines[2]).instruction, 'string');
    assert.equal(lines[3], '');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
  });

  it('Generate Rows writes N rows to a file as they finish', async () => {
    const path = workspaceFile('generated/out.jsonl').fsPath;
    const summary = await vscode.commands.executeCommand<GenerateSummary>('distillery.generateRows', {
      task: 'EvolInstructGenerator',
      rows: 4,
      params: GENERATOR_PARAMS,
      target: { path },
    });
    assert.equal(summary?.target, 'file');
    const text = await readFile(path, 'utf8');
    assert.equal(text.trimEnd().split('\n').length, 4);
    assert.ok(text.endsWith('\n'));
  });
});
