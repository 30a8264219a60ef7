import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  api,
  assertEvolvedFrom,
  chatRequests,
  openLines,
  openRows,
  rowLine,
  type SelectionRunSummary,
  suiteMockEndpoint,
  waitFor,
} from './support';

const MODEL = 'mock-control';

describe('Runs in progress', () => {
  const mock = suiteMockEndpoint({ model: MODEL });

  it('Cancel Run mid-run writes the finished rows and leaves the others untouched', async () => {
    const instructions = ['FAST Name a colour.', 'Slow one.', 'FAST Name a fruit.', 'Slow two.', 'Slow three.'];
    const editor = await openRows('cancel.jsonl', instructions);
    const lines = editor.document.getText().split('\n');
    editor.selection = new vscode.Selection(0, 0, 4, 2);
    // Rows marked FAST are answered at once; the others would take a minute.
    mock().setLatency(({ messages }) => (messages.some((message) => message.content.includes('FAST')) ? 0 : 60_000));

    const { onDidReportRunProgress } = await api();
    const twoDone = new Promise<void>((resolve) => {
      const subscription = onDidReportRunProgress((progress) => {
        if (progress.rowsDone < 2) return;
        subscription.dispose();
        resolve();
      });
    });
    const run = vscode.commands.executeCommand<SelectionRunSummary>('distillery.evolveSelectedRows', { output: 'inPlace' });
    await twoDone;
    const cancelled = await vscode.commands.executeCommand<number>('distillery.cancelRun');
    const summary = await run;

    assert.equal(cancelled, 1);
    assert.deepEqual(
      { cancelled: summary?.cancelled, applied: summary?.applied, unfinished: summary?.unfinished, failed: summary?.failed },
      { cancelled: true, applied: 2, unfinished: 3, failed: 0 },
    );
    const after = editor.document.getText().split('\n');
    for (const [index, instruction] of instructions.entries()) {
      if (instruction.startsWith('FAST')) assertEvolvedFrom(after[index], lines[index] as string);
      else assert.equal(after[index], lines[index], `unfinished line ${index + 1} must be untouched`);
    }
    assert.equal(chatRequests(mock()).length, 5, 'every row had been sent');
  });

  it('a line inserted above the selection during the run does not shift results into other rows', async () => {
    // Rows 3 and 5 are identical: the result of row 5 must land on row 5, not on row 3.
    const same = rowLine(7, 'Same text.');
    const editor = await openLines('moving.jsonl', [rowLine(1, 'Keep me.'), rowLine(2, 'Describe a storm.'), same, rowLine(4, 'Name a tree.'), same, rowLine(6, 'Keep me too.')]);
    const lines = editor.document.getText().split('\n');
    editor.selection = new vscode.Selection(3, 0, 4, 3);
    mock().setLatency(800);

    const run = vscode.commands.executeCommand<SelectionRunSummary>('distillery.evolveSelectedRows', { output: 'inPlace' });
    await waitFor(() => chatRequests(mock()).length === 2, 'both rows were sent');
    const inserted = rowLine(99, 'Inserted while the run was going on.');
    assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(1, 0), `${inserted}\n`)));
    const summary = await run;

    assert.deepEqual({ applied: summary?.applied, skipped: summary?.skippedLines }, { applied: 2, skipped: [] });
    const after = editor.document.getText().split('\n');
    assert.equal(after[0], lines[0]);
    assert.equal(after[1], inserted);
    assert.equal(after[2], lines[1]);
    assert.equal(after[3], lines[2], 'the identical row above the selection is untouched');
    assertEvolvedFrom(after[4], lines[3] as string);
    assertEvolvedFrom(after[5], lines[4] as string);
    assert.equal(after[6], lines[5]);
  });

  it('a row edited during the run keeps the edit, and its result is written nowhere', async () => {
    const same = rowLine(7, 'Same text.');
    const editor = await openLines('edited.jsonl', [same, rowLine(2, 'Name a river.'), same]);
    const lines = editor.document.getText().split('\n');
    editor.selection = new vscode.Selection(1, 0, 2, 3);
    mock().setLatency(800);

    const run = vscode.commands.executeCommand<SelectionRunSummary>('distillery.evolveSelectedRows', { output: 'inPlace' });
    await waitFor(() => chatRequests(mock()).length === 2, 'both rows were sent');
    const edited = rowLine(3, 'Same text, edited.');
    assert.ok(await editor.edit((builder) => builder.replace(editor.document.lineAt(2).range, edited)));
    const summary = await run;

    assert.deepEqual({ applied: summary?.applied, skipped: summary?.skippedLines }, { applied: 1, skipped: [3] });
    const after = editor.document.getText().split('\n');
    assert.equal(after[0], lines[0], 'the identical row elsewhere does not get the result');
    assertEvolvedFrom(after[1], lines[1] as string);
    assert.equal(after[2], edited);
  });
});
