import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import {
  assertEvolvedFrom,
  chatRequests,
  openRows,
  parseLine,
  type SelectionRunSummary,
  sentPrompts,
  setSetting,
  suiteMockEndpoint,
  workspaceFile,
} from './support';

const MODEL = 'mock-runner';

const INSTRUCTIONS = [
  'Name a prime number.',
  'Describe the sea.',
  'Explain recursion.',
  'List two planets.',
  'Define entropy.',
  'Write a limerick.',
  'Sort three numbers.',
  'Translate hello to French.',
];

describe('Run Task on Selected Rows', () => {
  const mock = suiteMockEndpoint({ model: MODEL });

  it('processes exactly the lines of two separate selections, and undo restores the file byte for byte', async () => {
    const editor = await openRows('two-selections.jsonl', INSTRUCTIONS);
    const before = editor.document.getText();
    const lines = before.split('\n');
    // Lines 2-3 (partly selected) and line 6 (a cursor).
    editor.selections = [new vscode.Selection(1, 4, 2, 2), new vscode.Selection(5, 3, 5, 3)];

    const summary = await vscode.commands.executeCommand<SelectionRunSummary>('distillery.runTaskOnSelectedRows', {
      task: 'EvolInstruct',
      params: { num_evolutions: 1 },
      output: 'inPlace',
    });

    assert.deepEqual(
      { rows: summary?.rows, applied: summary?.applied, failed: summary?.failed, cancelled: summary?.cancelled, output: summary?.output },
      { rows: 3, applied: 3, failed: 0, cancelled: false, output: 'inPlace' },
    );
    const prompts = sentPrompts(mock());
    assert.equal(prompts.length, 3);
    for (const [index, instruction] of INSTRUCTIONS.entries()) {
      const sent = prompts.some((prompt) => prompt.includes(instruction));
      assert.equal(sent, [1, 2, 5].includes(index), `line ${index + 1} ${sent ? 'was' : 'was not'} sent`);
    }
    const after = editor.document.getText().split('\n');
    assert.equal(after.length, lines.length);
    for (const [index, line] of after.entries()) {
      if ([1, 2, 5].includes(index)) assertEvolvedFrom(line, lines[index] as string);
      else assert.equal(line, lines[index], `line ${index + 1} must be untouched`);
    }

    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
  });

  it('Evolve Selected Rows uses the parameters last used for the file, the settings elsewhere', async () => {
    await setSetting('evolInstruct.numEvolutions', 3);
    try {
      const remembered = await openRows('remembered.jsonl', INSTRUCTIONS.slice(0, 3));
      remembered.selection = new vscode.Selection(0, 0, 0, 0);
      await vscode.commands.executeCommand('distillery.runTaskOnSelectedRows', { task: 'EvolInstruct', params: { num_evolutions: 2 }, output: 'inPlace' });
      assert.equal(chatRequests(mock()).length, 2);

      mock().requests.length = 0;
      remembered.selection = new vscode.Selection(1, 0, 2, 0);
      const summary = await vscode.commands.executeCommand<SelectionRunSummary>('distillery.evolveSelectedRows');
      assert.equal(summary?.applied, 1);
      assert.equal(chatRequests(mock()).length, 2, 'num_evolutions 2, remembered for this file');

      mock().requests.length = 0;
      const fresh = await openRows('fresh.jsonl', INSTRUCTIONS.slice(0, 2));
      fresh.selection = new vscode.Selection(0, 0, 0, 0);
      const fromSettings = await vscode.commands.executeCommand<SelectionRunSummary>('distillery.evolveSelectedRows');
      // The row is remembered.jsonl's first: the request cache answers the evolutions asked there.
      assert.equal(chatRequests(mock()).length, fromSettings?.requests);
      assert.equal((fromSettings?.requests ?? 0) + (fromSettings?.cacheHits ?? 0), 3, 'num_evolutions 3, from the settings');
    } finally {
      await setSetting('evolInstruct.numEvolutions', 1);
    }
  });

  it('reads a task input from another column, and remembers that mapping for the file', async () => {
    const uri = workspaceFile('mapped.jsonl');
    const text = `${JSON.stringify({ prompt: 'Name a large ocean.' })}\n${JSON.stringify({ prompt: 'Name a small lake.' })}\n`;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    editor.selection = new vscode.Selection(0, 0, 0, 1);

    const first = await vscode.commands.executeCommand<SelectionRunSummary>('distillery.runTaskOnSelectedRows', {
      task: 'EvolInstruct',
      params: { num_evolutions: 1 },
      inputMappings: { instruction: 'prompt' },
    });
    assert.equal(first?.applied, 1);
    assert.ok(sentPrompts(mock())[0]?.includes('Name a large ocean.'));

    // No arguments: the mapping chosen for this file is used without asking.
    editor.selection = new vscode.Selection(1, 0, 1, 1);
    const second = await vscode.commands.executeCommand<SelectionRunSummary>('distillery.evolveSelectedRows');
    assert.equal(second?.applied, 1);
    assert.ok(sentPrompts(mock())[1]?.includes('Name a small lake.'));
    const row = parseLine(editor.document.lineAt(1).text);
    assert.equal(row.prompt, 'Name a small lake.');
    assert.equal(typeof row.evolved_instruction, 'string');
    assert.equal('instruction' in row, false, 'the mapped input is read, not copied');
  });

  it('refuses a task whose input no column of the rows can feed, without sending anything', async () => {
    const uri = workspaceFile('no-fit.jsonl');
    const text = `${JSON.stringify({ instructions: 'one question', messages: [{ role: 'user', content: 'Hi' }] })}\n`;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const summary = await vscode.commands.executeCommand('distillery.runTaskOnSelectedRows', { task: 'ComplexityScorer' });
    assert.equal(summary, undefined);
    assert.equal(mock().requests.length, 0);
    assert.equal(editor.document.getText(), text);
  });

  it('appends to <name>.distilled.jsonl in sibling-file mode, leaving the source alone', async () => {
    const editor = await openRows('sibling.jsonl', INSTRUCTIONS.slice(0, 4));
    const before = editor.document.getText();
    editor.selection = new vscode.Selection(0, 0, 3, 5);
    const summary = await vscode.commands.executeCommand<SelectionRunSummary>('distillery.runTaskOnSelectedRows', {
      task: 'EvolInstruct',
      params: { num_evolutions: 1 },
      output: 'siblingFile',
    });
    assert.equal(summary?.outputPath, workspaceFile('sibling.distilled.jsonl').fsPath);
    assert.equal(summary?.linesWritten, 4);
    assert.equal(editor.document.getText(), before);
    const written = (await readFile(workspaceFile('sibling.distilled.jsonl').fsPath, 'utf8')).split('\n');
    assert.equal(written.pop(), '', 'every line is complete');
    assert.deepEqual(written.map((line) => parseLine(line).instruction).sort(), INSTRUCTIONS.slice(0, 4).sort());
  });

  it('stops once the endpoint fails every request, keeping every finished row in the sibling file and leaving the rest', async () => {
    await setSetting('llm.maxConcurrency', 1);
    await setSetting('llm.maxRetries', 1);
    try {
      const editor = await openRows('failing.jsonl', INSTRUCTIONS.slice(0, 6));
      editor.selection = new vscode.Selection(0, 0, 5, 3);
      mock().failAllAfter(3, { kind: 'serverError', status: 503 });

      const summary = await vscode.commands.executeCommand<SelectionRunSummary>('distillery.runTaskOnSelectedRows', {
        task: 'EvolInstruct',
        params: { num_evolutions: 1 },
        output: 'siblingFile',
      });

      // Rows 4 to 6 all start failing (at a concurrency of 1 they take turns while the others back
      // off); the first to use up its retries with another failing and nothing answered stops the
      // run. Had the machine stalled through a whole backoff, row 4 could have failed alone first:
      // then it is written with its reason, and the stop comes with row 5.
      assert.equal(summary?.cancelled, false);
      const failedAlone = summary?.failed ?? 0;
      assert.ok(failedAlone <= 1, `${failedAlone} rows failed`);
      assert.deepEqual({ applied: summary?.applied, unfinished: summary?.unfinished }, { applied: 3 + failedAlone, unfinished: 3 - failedAlone });
      assert.match(summary?.endpointDown ?? '', /answered HTTP 503 .* after 2 attempts\. The server is failing or overloaded/);
      assert.ok(chatRequests(mock()).length <= 3 + 3 * 2, `${chatRequests(mock()).length} requests: none after the stop`);
      const text = await readFile(workspaceFile('failing.distilled.jsonl').fsPath, 'utf8');
      assert.ok(text.endsWith('\n'), 'the file ends with a complete line');
      const rows = text.trimEnd().split('\n').map((line) => parseLine(line));
      assert.deepEqual(rows.slice(0, 3).map((row) => typeof row.evolved_instruction), ['string', 'string', 'string']);
      assert.equal(rows.length, 3 + failedAlone, 'the rows never answered are not written');
    } finally {
      await setSetting('llm.maxConcurrency', undefined);
      await setSetting('llm.maxRetries', undefined);
    }
  });
});
