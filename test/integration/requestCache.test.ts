import * as assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ClearedRequestCache } from '../../src/extension/commands/clearRequestCache';
import type { GenerateSummary } from '../../src/extension/commands/generateRows';
import type { LoggedRequest } from '../support/mockOpenAi';
import { api, chatRequests, openRows, setSetting, type SelectionRunSummary, suiteMockEndpoint, waitFor, workspaceFolder } from './support';

const MODEL = 'mock-cache';
/** Two evolutions a row, one after the other: a row can be cut off between its requests. */
const EVOLVE = { params: { num_evolutions: 2, store_evolutions: true }, output: 'inPlace' } as const;

function folderCacheDir(): string {
  return join(workspaceFolder().fsPath, '.distillery', 'cache');
}

function selectAll(editor: vscode.TextEditor): void {
  const last = editor.document.lineCount - 2;
  editor.selection = new vscode.Selection(0, 0, last, editor.document.lineAt(last).text.length);
}

function evolve(): Thenable<SelectionRunSummary | undefined> {
  return vscode.commands.executeCommand<SelectionRunSummary>('distillery.evolveSelectedRows', EVOLVE);
}

const bodyOf = (request: LoggedRequest): string => JSON.stringify(request.body);

/** A result line with its timings left out: they are the one thing two runs never share. */
function withoutLatency(line: string): string {
  return JSON.stringify(JSON.parse(line), (key, value: unknown) => (key === 'latency_ms' ? undefined : value));
}

describe('Request cache', () => {
  const mock = suiteMockEndpoint({ model: MODEL });

  it('a run cancelled and run again sends only the requests never answered, and writes the rows of an uninterrupted run', async () => {
    const instructions = ['Name a colour.', 'Name a fruit.', 'HALF Describe a storm.', 'HOLD Describe a river.'];
    const editor = await openRows('interrupted.jsonl', instructions);
    const original = editor.document.getText();
    selectAll(editor);
    // Requests the endpoint holds until the run is cancelled: they are sent, never answered.
    const held: number[] = [];
    let halfAnswered = false;
    mock().setLatency(({ messages, index }) => {
      const text = messages.map((message) => message.content).join('\n');
      // The HALF row gets its first evolution; its second, and the HOLD row's first, hang.
      if (text.includes('HALF') && !halfAnswered) {
        halfAnswered = true;
        return 0;
      }
      if (!text.includes('HALF') && !text.includes('HOLD')) return 0;
      held.push(index);
      return new Promise<void>(() => undefined);
    });
    let rowsDone = 0;
    const subscription = (await api()).onDidReportRunProgress((progress) => {
      rowsDone = progress.rowsDone;
    });
    let cancelled: SelectionRunSummary | undefined;
    try {
      const run = evolve();
      await waitFor(() => rowsDone === 2 && held.length === 2, 'two rows were done and two requests hung');
      assert.equal(await vscode.commands.executeCommand('distillery.cancelRun'), 1);
      cancelled = await run;
    } finally {
      subscription.dispose();
    }
    assert.deepEqual(
      { cancelled: cancelled?.cancelled, applied: cancelled?.applied, unfinished: cancelled?.unfinished, requests: cancelled?.requests, cacheHits: cancelled?.cacheHits },
      { cancelled: true, applied: 2, unfinished: 2, requests: 5, cacheHits: 0 },
    );

    mock().setLatency(0);
    selectAll(editor);
    const rerun = await evolve();
    // 2 + 2 + 1 answers came back before the cancel; the HALF row's second evolution and both of the HOLD row's are new.
    assert.deepEqual(
      { cancelled: rerun?.cancelled, applied: rerun?.applied, failed: rerun?.failed, requests: rerun?.requests, cacheHits: rerun?.cacheHits },
      { cancelled: false, applied: 4, failed: 0, requests: 3, cacheHits: 5 },
    );
    const sent = chatRequests(mock());
    assert.equal(sent.length, 7 + 3);
    const answered = sent.filter((request) => !held.includes(request.chatIndex ?? -1)).map(bodyOf);
    assert.equal(new Set(answered).size, answered.length, 'a request was answered twice');
    assert.deepEqual(new Set(sent.map(bodyOf)), new Set(answered), 'a request that hung was never sent again');

    // The same rows in a fresh file, with the cache off: a run that was never interrupted.
    const uninterrupted = await openRows('uninterrupted.jsonl', instructions);
    await setSetting('cache.enabled', false);
    try {
      const before = sent.length;
      assert.equal(uninterrupted.document.getText(), original);
      selectAll(uninterrupted);
      const whole = await evolve();
      assert.deepEqual({ applied: whole?.applied, requests: whole?.requests, cacheHits: whole?.cacheHits }, { applied: 4, requests: 8, cacheHits: 0 });
      assert.deepEqual(chatRequests(mock()).slice(before).map(bodyOf).sort(), [...answered].sort(), 'it asks exactly what the interrupted run had answered');
    } finally {
      await setSetting('cache.enabled', undefined);
    }
    const rows = (of: vscode.TextEditor): string[] => of.document.getText().split('\n').filter((line) => line !== '').map(withoutLatency);
    assert.deepEqual(rows(editor), rows(uninterrupted));
  });

  it('Clear Request Cache empties the cache of the active file\'s folder: the same row is then sent again', async () => {
    const editor = await openRows('cleared.jsonl', ['Name a mountain.']);
    selectAll(editor);
    const once = await evolve();
    const again = await evolve();
    assert.deepEqual([once?.requests, once?.cacheHits, again?.requests, again?.cacheHits], [2, 0, 0, 2]);
    assert.ok((await readdir(folderCacheDir())).length > 0, 'the answers are kept in the workspace folder');

    const cleared = await vscode.commands.executeCommand<ClearedRequestCache>('distillery.clearRequestCache');
    assert.equal(cleared?.dir, folderCacheDir());
    assert.ok((cleared?.files ?? 0) > 0 && (cleared?.bytes ?? 0) > 0, `nothing was removed: ${JSON.stringify(cleared)}`);
    assert.deepEqual(await readdir(folderCacheDir()), []);

    const afterClear = await evolve();
    assert.deepEqual([afterClear?.requests, afterClear?.cacheHits], [2, 0]);
    assert.equal(chatRequests(mock()).length, 4);
    assert.ok((await readdir(folderCacheDir())).length > 0, 'the new answers are kept again');
  });

  it('runs into a new untitled document keep their answers in the extension\'s storage, not in the workspace', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const generate = (): Thenable<GenerateSummary | undefined> =>
      vscode.commands.executeCommand<GenerateSummary>('distillery.generateRows', { task: 'EvolInstructGenerator', rows: 2, params: { min_length: 1, max_length: 10_000 } });
    const first = await generate();
    const second = await generate();
    assert.deepEqual([first?.target, first?.cacheHits, second?.requests], ['untitled', 0, 0]);
    assert.equal(second?.cacheHits, first?.requests, 'the second run is answered from the cache');
    assert.deepEqual(await readdir(folderCacheDir()).catch(() => []), [], 'nothing was kept in the workspace folder');
  });
});
