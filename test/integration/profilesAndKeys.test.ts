import * as assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionResult } from '../../src/extension/commands/profileCommands';
import { startMockOpenAi } from '../support/mockOpenAi';
import { api, openRows, setSetting, suiteMockEndpoint, waitFor, workspaceFile, type SelectionRunSummary } from './support';

const MODEL = 'mock-keyed';
const API_KEY = 'sk-distillery-test-5b7e1c9d2f4a';

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]))),
  );
  return nested.flat();
}

/** The user data folder: the parent of the `logs` folder that holds the extension's log folder. */
function userDataDir(logUri: vscode.Uri): { userData: string; logs: string } {
  let dir = logUri.fsPath;
  while (basename(dir) !== 'logs') {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no "logs" folder above ${logUri.fsPath}`);
    dir = parent;
  }
  return { userData: dirname(dir), logs: dir };
}

describe('Profiles and API keys', () => {
  const mock = suiteMockEndpoint({ model: MODEL, extraModels: ['mock-embedder', 'another-model'] });
  const other = suiteMockEndpoint({ model: 'other-model' }, null);

  after(async () => {
    await vscode.commands.executeCommand('distillery.setApiKey', '');
    await setSetting('llm.profiles', undefined);
    await setSetting('llm.activeProfile', undefined);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it("Test Connection lists the endpoint's models", async () => {
    const result = await vscode.commands.executeCommand<ConnectionResult>('distillery.testConnection');
    assert.deepEqual(result, { ok: true, profile: 'default', models: ['another-model', 'mock-embedder', MODEL], modelListed: true });
    assert.deepEqual(
      mock().requests.map((request) => `${request.method} ${request.path}`),
      ['GET /v1/models'],
    );
  });

  it('Test Connection says what is wrong when nothing answers', async () => {
    const closed = await startMockOpenAi();
    const url = closed.url;
    await closed.close();
    await setSetting('llm.baseUrl', url);
    try {
      const result = await vscode.commands.executeCommand<ConnectionResult>('distillery.testConnection');
      assert.ok(result && !result.ok);
      assert.match(result.error, /Could not reach .* \(connection refused\).*Is the server running\?/);
    } finally {
      await setSetting('llm.baseUrl', mock().url);
    }
  });

  it('Select Endpoint Profile switches the profile that runs use', async () => {
    await setSetting('llm.profiles', [
      { name: 'first', baseUrl: mock().url, model: MODEL },
      { name: 'second', baseUrl: other().url, model: 'other-model' },
    ]);
    try {
      assert.equal(await vscode.commands.executeCommand('distillery.selectProfile', 'second'), 'second');
      assert.equal(vscode.workspace.getConfiguration('distillery.llm').get('activeProfile'), 'second');
      const result = await vscode.commands.executeCommand<ConnectionResult>('distillery.testConnection');
      assert.deepEqual(result, { ok: true, profile: 'second', models: ['other-model'], modelListed: true });
      assert.equal(mock().requests.length, 0);
      assert.equal(other().requests.length, 1);
      // An invalid profile list stops runs with a message naming the profile and field, before any request.
      await setSetting('llm.profiles', [{ name: 'broken', baseUrl: 'not a url', model: MODEL }]);
      await setSetting('llm.activeProfile', undefined);
      assert.equal(await vscode.commands.executeCommand('distillery.testConnection'), undefined);
      assert.equal(mock().requests.length + other().requests.length, 1);
    } finally {
      await setSetting('llm.profiles', undefined);
      await setSetting('llm.activeProfile', undefined);
    }
  });

  it('a profile listing several base URLs (a fleet) spreads a run over them', async () => {
    const members = [await startMockOpenAi({ model: 'fleet-model' }), await startMockOpenAi({ model: 'fleet-model' })];
    try {
      await setSetting('llm.profiles', [{ name: 'fleet', baseUrls: members.map((member) => ({ url: member.url, maxConcurrency: 2 })), model: 'fleet-model', maxRetries: 0 }]);
      await setSetting('llm.activeProfile', 'fleet');
      const instructions = ['Name a river.', 'Name a lake.', 'Name a sea.', 'Name a hill.', 'Name a bay.', 'Name a cape.'];
      const editor = await openRows('fleet-rows.jsonl', instructions);
      editor.selection = new vscode.Selection(0, 0, instructions.length - 1, 1);
      const summary = await vscode.commands.executeCommand<SelectionRunSummary>('distillery.runTaskOnSelectedRows', { task: 'EvolInstruct', params: { num_evolutions: 1 }, output: 'inPlace' });
      assert.equal(summary?.applied, instructions.length);
      assert.equal(summary?.profile, 'fleet');
      const answered = members.map((member) => member.requests.filter((request) => request.path === '/v1/chat/completions').length);
      assert.equal(answered[0]! + answered[1]!, instructions.length, `each row answered once: ${answered.join(' + ')}`);
      // Rows start together: the second request goes to the member the first left idle.
      assert.ok(answered.every((count) => count > 0), `both members answered: ${answered.join(' + ')}`);
      assert.equal(mock().requests.length + other().requests.length, 0);
    } finally {
      await Promise.all(members.map((member) => member.close()));
      await setSetting('llm.profiles', undefined);
      await setSetting('llm.activeProfile', undefined);
    }
  });

  it('Set API Key keeps the key in SecretStorage, sends it, and it appears in no setting, log, output or workspace file', async () => {
    const { logUri } = await api();
    mock().requireApiKey(API_KEY);
    const refused = await vscode.commands.executeCommand<ConnectionResult>('distillery.testConnection');
    assert.ok(refused && !refused.ok);
    assert.match(refused.error, /HTTP 401/);

    assert.deepEqual(await vscode.commands.executeCommand('distillery.setApiKey', API_KEY), { profile: 'default', stored: true });
    const accepted = await vscode.commands.executeCommand<ConnectionResult>('distillery.testConnection');
    assert.equal(accepted?.ok, true, 'the stored key is sent as the Authorization header');

    const editor = await openRows('secret.jsonl', ['Name a prime number.', 'Describe the sea.']);
    editor.selection = new vscode.Selection(0, 0, 1, 1);
    const summary = await vscode.commands.executeCommand<SelectionRunSummary>('distillery.runTaskOnSelectedRows', {
      task: 'EvolInstruct',
      params: { num_evolutions: 1 },
      output: 'siblingFile',
    });
    assert.deepEqual({ applied: summary?.applied, failed: summary?.failed }, { applied: 2, failed: 0 });
    assert.ok(mock().requests.every((request) => request.hadAuthorization));

    // The log is written asynchronously: wait for the run's closing line to reach the file.
    const { userData, logs } = userDataDir(logUri);
    let logFiles: string[] = [];
    await waitFor(async () => {
      logFiles = await filesUnder(logs);
      const contents = await Promise.all(logFiles.map((file) => readFile(file, 'utf8').catch(() => '')));
      return contents.some((text) => text.includes('EvolInstruct on 2 rows of secret.jsonl: done'));
    }, 'the Distillery log holds the run');

    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder);
    const scanned = [join(userData, 'User', 'settings.json'), ...logFiles, ...(await filesUnder(folder))];
    assert.ok(scanned.includes(workspaceFile('secret.distilled.jsonl').fsPath), 'the output file is scanned');
    assert.ok(scanned.some((file) => file.startsWith(join(folder, '.distillery', 'cache')) && file.endsWith('.seg')), 'the request cache is scanned');
    for (const file of scanned) {
      const text = await readFile(file, 'utf8').catch(() => '');
      assert.ok(!text.includes(API_KEY), `the API key leaked into ${file}`);
    }

    assert.deepEqual(await vscode.commands.executeCommand('distillery.setApiKey', ''), { profile: 'default', stored: false });
    const deleted = await vscode.commands.executeCommand<ConnectionResult>('distillery.testConnection');
    assert.ok(deleted && !deleted.ok, 'without the stored key the endpoint refuses again');
  });
});
