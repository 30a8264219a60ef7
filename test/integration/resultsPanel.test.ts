import * as assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { hasBody, type HostMessage, type LoadedRow, type PanelRow } from '../../src/protocol/resultsPanel';
import type { DistilleryApi } from '../../src/extension/extension';
import { api, chatRequests, EXTENSION_ID, openRows, type SelectionRunSummary, suiteMockEndpoint, waitFor, workspaceFile } from './support';

const MODEL = 'mock-results';

const INSTRUCTIONS = ['Name a prime number.', 'Describe the sea.', 'Explain recursion.', 'List two planets.', 'Define entropy.', 'Write a limerick.'];

/** Every message the panels are sent from now on, by file. */
async function recordPosts(): Promise<{ posts: { uri: string; message: HostMessage }[]; dispose(): void }> {
  const posts: { uri: string; message: HostMessage }[] = [];
  const subscription = (await api()).resultsPanels.onDidPostMessage((post) => posts.push(post));
  return { posts, dispose: () => subscription.dispose() };
}

/** The rows sent to the page of `uri`, each with the last body sent for it (the page asks for those of the rows it shows). */
function postedRows(posts: readonly { uri: string; message: HostMessage }[], uri: string): Map<string, PanelRow> {
  const rows = new Map<string, PanelRow>();
  for (const { message } of posts.filter((post) => post.uri === uri)) {
    if (message.type === 'init' || message.type === 'rowsUpserted' || message.type === 'rowsChunk') {
      for (const row of message.rows) rows.set(row.key, { ...row, body: row.body ?? rows.get(row.key)?.body ?? null });
    }
    if (message.type === 'rowBodies') {
      for (const { key, body } of message.bodies) {
        const row = rows.get(key);
        if (row) rows.set(key, { ...row, body });
      }
    }
  }
  return rows;
}

/** The rows sent to the page of `uri`, once it has the body of each (it asks for them as it draws them). */
async function loadedRows(posts: readonly { uri: string; message: HostMessage }[], uri: string): Promise<Map<string, LoadedRow>> {
  await waitFor(() => [...postedRows(posts, uri).values()].every(hasBody), `the page of ${uri} has the body of every row`, 30_000);
  return postedRows(posts, uri) as Map<string, LoadedRow>;
}

type Reports = Awaited<ReturnType<DistilleryApi['resultsPanels']['reportStates']>>;

/** The panels' reports, once `condition` holds for them (a page still loading answers later). */
async function reportsWhen(condition: (reports: Reports) => boolean, what: string): Promise<Reports> {
  const { resultsPanels } = await api();
  let reports: Reports = [];
  await waitFor(async () => {
    reports = await resultsPanels.reportStates();
    return condition(reports);
  }, `${what} (last reports: ${JSON.stringify(reports)})`, 30_000);
  return reports;
}

/** What the page of the panel for `uri` reports it shows, once it shows `count` rows. */
async function pageShowing(uri: string, count: number): Promise<Reports[number]> {
  const reports = await reportsWhen((all) => all.find((report) => report.uri === uri)?.rowKeys.length === count, `the results panel of ${uri} shows ${count} rows`);
  return reports.find((report) => report.uri === uri) as Reports[number];
}

describe('Results panel', () => {
  const mock = suiteMockEndpoint({ model: MODEL });

  it('opens when a run starts, beside the editor, and its page receives every result row', async () => {
    const recorder = await recordPosts();
    try {
      const editor = await openRows('panel-run.jsonl', INSTRUCTIONS);
      editor.selection = new vscode.Selection(0, 0, INSTRUCTIONS.length - 1, 1);
      const summary = await vscode.commands.executeCommand<SelectionRunSummary>('distillery.runTaskOnSelectedRows', {
        task: 'EvolInstruct',
        params: { num_evolutions: 2, store_evolutions: true },
        output: 'inPlace',
      });
      assert.equal(summary?.applied, INSTRUCTIONS.length);
      assert.equal(vscode.window.activeTextEditor?.document, editor.document, 'the editor keeps the focus');

      const uri = editor.document.uri.toString();
      const report = await pageShowing(uri, INSTRUCTIONS.length);
      assert.equal(report.view, 'evolutions');
      const rows = await loadedRows(recorder.posts, uri);
      assert.deepEqual(new Set(report.rowKeys), new Set(rows.keys()), 'the page holds exactly the rows the host sent');
      assert.deepEqual([...rows.values()].map((row) => row.body.values.instruction).sort(), [...INSTRUCTIONS].sort());
      for (const row of rows.values()) {
        assert.equal(row.status, 'ok');
        assert.equal((row.body.values.evolved_instructions as unknown[]).length, 2);
        assert.equal('distilabel_metadata' in row.body.values, false, 'metadata stays on the host until asked for');
      }
      // The run's end reaches the page in `runStatus`, or in `init` when the page loaded after it.
      const statuses = recorder.posts.flatMap(({ uri: to, message }) => (to === uri && (message.type === 'runStatus' || message.type === 'init') ? [message.run] : []));
      assert.deepEqual(statuses.at(-1), { task: 'EvolInstruct', state: 'finished', rowsDone: INSTRUCTIONS.length, totalRows: INSTRUCTIONS.length });

      // Re-run one row: the same task and parameters, the same key, new content.
      const [key, before] = [...rows.entries()][0] as [string, LoadedRow];
      const requestsBefore = chatRequests(mock()).length;
      await (await api()).resultsPanels.sendAsPage(uri, { type: 'rerun', key });
      assert.equal(chatRequests(mock()).length - requestsBefore, 2, 'num_evolutions 2: two requests');
      const rerun = postedRows(recorder.posts, uri).get(key);
      assert.equal(rerun?.body?.values.instruction, before.body.values.instruction);
      assert.equal((rerun?.body?.values.evolved_instructions as unknown[]).length, 2);
    } finally {
      recorder.dispose();
    }
  });

  it('Show Results for This File: decisions written in place as one undoable edit, or to a new file', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const recorded = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, 'test', 'fixtures', 'results', 'deita.jsonl'));
    const target = workspaceFile('deita-review.jsonl');
    const header = JSON.stringify({ note: 'a row without task outputs' });
    await vscode.workspace.fs.writeFile(target, Buffer.concat([Buffer.from(`${header}\n`), recorded]));
    const document = await vscode.workspace.openTextDocument(target);
    await vscode.window.showTextDocument(document);
    const before = document.getText();
    const lines = before.split('\n');

    const recorder = await recordPosts();
    try {
      const shown = await vscode.commands.executeCommand<{ rows: number }>('distillery.showResults');
      assert.deepEqual(shown, { rows: 6 });
      const uri = target.toString();
      const report = await pageShowing(uri, 6);
      const rows = [...postedRows(recorder.posts, uri).values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      assert.deepEqual(rows.map((row) => row.line), [2, 3, 4, 5, 6, 7]);
      assert.deepEqual(new Set(report.rowKeys), new Set(rows.map((row) => row.key)));
      assert.deepEqual(rows.map((row) => row.status), ['ok', 'ok', 'ok', 'ok', 'ok', 'failed']);

      const { resultsPanels } = await api();
      const [first, second, third] = rows as [PanelRow, PanelRow, PanelRow];
      await resultsPanels.sendAsPage(uri, { type: 'decide', keys: [first.key, third.key], decision: 'accepted' });
      await resultsPanels.sendAsPage(uri, { type: 'decide', keys: [second.key], decision: 'rejected' });

      await resultsPanels.sendAsPage(uri, { type: 'write', target: 'newFile' });
      const accepted = (await readFile(workspaceFile('deita-review.accepted.jsonl').fsPath, 'utf8')).split('\n');
      assert.deepEqual(accepted, [lines[1], lines[3], '']);

      await resultsPanels.sendAsPage(uri, { type: 'write', target: 'inPlace' });
      assert.deepEqual(document.getText().split('\n'), [lines[0], lines[1], ...lines.slice(3)], 'the rejected row is gone, the rest unchanged');
      const removed = recorder.posts.find((post) => post.uri === uri && post.message.type === 'rowsRemoved')?.message;
      assert.deepEqual(removed, { type: 'rowsRemoved', keys: [second.key] });
      await pageShowing(uri, 5);

      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), before, 'one undo restores the file');
    } finally {
      recorder.dispose();
    }
  });

  it('Show Results for This File opens a file larger than VS Code gives extensions, reading it from disk', async () => {
    // Over 50 MB: VS Code opens no document of it for extensions; the panel reads it through a line index.
    const row = (id: number) => JSON.stringify({ id, instruction: `Explain case ${id}. ${'Some context. '.repeat(640)}`, scores: [1 + (id % 5)] });
    const count = 6_000;
    const target = workspaceFile('big-results.jsonl');
    await writeFile(target.fsPath, `${Array.from({ length: count }, (_, index) => row(index + 1)).join('\n')}\n`);
    assert.ok((await stat(target.fsPath)).size > 50 * 1024 * 1024);
    const recorder = await recordPosts();
    try {
      const shown = await vscode.commands.executeCommand<{ rows: number }>('distillery.showResults', target);
      assert.deepEqual(shown, { rows: count });
      const uri = target.toString();
      const report = await pageShowing(uri, count);
      assert.equal(report.view, 'scores');
      // Every row's summary reached the page: sorting and filters cover the whole file.
      const rows = postedRows(recorder.posts, uri);
      assert.equal([...rows.values()].filter((posted) => posted.scores['scores[1]'] === 5).length, count / 5);
      const last = [...rows.values()].find((posted) => posted.line === count) as PanelRow;
      assert.equal(last.body, null, 'rows beyond the first screen come without their texts');
      const { resultsPanels } = await api();
      await resultsPanels.sendAsPage(uri, { type: 'requestBodies', keys: [last.key] });
      const bodies = recorder.posts.flatMap(({ message }) => (message.type === 'rowBodies' ? message.bodies : [])).filter((body) => body.key === last.key);
      assert.deepEqual(bodies.at(-1)?.body.values, JSON.parse(row(count)), 'read back from its line on disk');

      await resultsPanels.sendAsPage(uri, { type: 'decide', keys: [last.key], decision: 'accepted' });
      await resultsPanels.sendAsPage(uri, { type: 'write', target: 'newFile' });
      assert.equal(await readFile(workspaceFile('big-results.accepted.jsonl').fsPath, 'utf8'), `${row(count)}\n`);
      await resultsPanels.sendAsPage(uri, { type: 'write', target: 'inPlace' });
      const notice = recorder.posts.flatMap(({ message }) => (message.type === 'notice' ? [message] : [])).at(-1);
      assert.equal(notice?.level, 'warning');
      assert.match(notice?.text ?? '', /^Cannot write the decisions in place: VS Code does not open big-results\.jsonl for extensions \(.+\)\. Save the accepted rows to a new file instead\.$/);
    } finally {
      recorder.dispose();
    }
  });

  it('Show Results for This File refuses a file without task outputs', async () => {
    await openRows('no-outputs.jsonl', INSTRUCTIONS.slice(0, 2));
    const shown = await vscode.commands.executeCommand('distillery.showResults');
    assert.equal(shown, undefined);
    const reports = await reportsWhen(() => true, 'the panels answer');
    assert.equal(reports.some((report) => report.uri.endsWith('no-outputs.jsonl')), false);
  });
});
