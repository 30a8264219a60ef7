/**
 * Helpers shared by the editor-workflow suites: settings, files, the extension's API and
 * waiting for conditions (never fixed sleeps).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DistilleryApi } from '../../src/extension/extension';
import type { SelectionRunSummary } from '../../src/extension/runSummary';
import { startMockOpenAi, type MockOpenAi, type MockOpenAiOptions } from '../support/mockOpenAi';

export type { SelectionRunSummary };

export const EXTENSION_ID = 'distillery.distillery';

export async function api(): Promise<DistilleryApi> {
  const extension = vscode.extensions.getExtension<DistilleryApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('distillery').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Points the implicit profile at `mock` and clears any profile list a suite left behind. */
export async function useMock(mock: MockOpenAi, model: string): Promise<void> {
  await setSetting('llm.profiles', undefined);
  await setSetting('llm.activeProfile', undefined);
  await setSetting('llm.baseUrl', mock.url);
  await setSetting('llm.model', model);
  await setSetting('llm.maxRetries', 0);
  await setSetting('evolInstruct.numEvolutions', 1);
}

/**
 * One mock endpoint for a suite (call it inside `describe`): started before the suite's tests
 * and pointed at by `configure` (by default the implicit profile, as `useMock` does; null for
 * nothing), closed after them, and reset before each test (no recorded requests or batch lines,
 * the suite's batch behaviour, no faults, latency or required key, and an empty request cache in
 * the workspace folder). The returned function gives the running mock in tests and hooks.
 */
export function suiteMockEndpoint(
  options: MockOpenAiOptions & { model: string },
  configure: ((mock: MockOpenAi) => Promise<void>) | null = (mock) => useMock(mock, options.model),
): () => MockOpenAi {
  let running: MockOpenAi | undefined;
  const mock = (): MockOpenAi => {
    if (!running) throw new Error('the suite mock endpoint is used outside its suite');
    return running;
  };
  before(async () => {
    running = await startMockOpenAi(options);
    await configure?.(running);
  });
  after(async () => {
    await running?.close();
    running = undefined;
  });
  beforeEach(async () => {
    mock().requests.length = 0;
    mock().batchLines.length = 0;
    mock().setBatchBehaviour(options.batches ?? {});
    mock().clearFaults();
    mock().setLatency(0);
    mock().requireApiKey(undefined);
    // Runs keep every answer: without this, a prompt an earlier test sent would not reach the mock again.
    await vscode.commands.executeCommand('distillery.clearRequestCache', workspaceFolder());
  });
  return mock;
}

export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test workspace has no folder');
  return folder.uri;
}

export function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), name);
}

export const rowLine = (id: number, instruction: string): string => JSON.stringify({ id, instruction });

/** Writes a JSONL file of `{ id, instruction }` rows and opens it; returns its editor. */
export async function openRows(name: string, instructions: readonly string[]): Promise<vscode.TextEditor> {
  return openLines(name, instructions.map((instruction, index) => rowLine(index + 1, instruction)));
}

/** Writes `lines` (each with a newline) to a file of the workspace and opens it. */
export async function openLines(name: string, lines: readonly string[]): Promise<vscode.TextEditor> {
  const uri = workspaceFile(name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

export function chatRequests(mock: MockOpenAi) {
  return mock.requests.filter((request) => request.path === '/v1/chat/completions');
}

/** The user message of every chat request the mock received. */
export function sentPrompts(mock: MockOpenAi): string[] {
  return chatRequests(mock).map((request) => {
    const body = request.body as { messages: { role: string; content: string }[] };
    return body.messages.map((message) => message.content).join('\n');
  });
}

/** Resolves once `condition` holds, checking on every turn of the event loop (bounded by the test's timeout). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function parseLine(text: string | undefined): Record<string, unknown> {
  assert.ok(text !== undefined, 'missing line');
  return JSON.parse(text) as Record<string, unknown>;
}

/** The row with the task's outputs: same instruction, an evolved one that builds on it. */
export function assertEvolvedFrom(line: string | undefined, original: string): void {
  const row = parseLine(line);
  const source = JSON.parse(original) as Record<string, unknown>;
  assert.equal(row.id, source.id);
  assert.equal(row.instruction, source.instruction);
  assert.equal(typeof row.evolved_instruction, 'string', `no evolved_instruction in ${line}`);
  assert.ok((row.evolved_instruction as string).includes(source.instruction as string), `evolved_instruction should build on "${String(source.instruction)}"`);
}
