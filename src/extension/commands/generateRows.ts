import { basename } from 'node:path';
import * as vscode from 'vscode';
import { openJsonlWriter, serializeRow, type JsonObject } from '../../core/jsonl';
import type { RowInput } from '../../core/run/rowRunner';
import { TaskParamsError, type ConfiguredTask, type TaskDefinition } from '../../core/tasks/defineTask';
import { generateArgsSchema, parseCommandArgs, type GenerateTarget } from '../commandArgs';
import { describeRequestsAndCost } from '../cost';
import { askRequiredParams, pickTask } from '../prompts';
import { runWithProgress } from '../runWithProgress';
import { initialParams, taskNamed } from '../selectionRun';
import { UserError, type Services } from '../services';

export interface GenerateSummary {
  task: string;
  /** Rows asked for (slots the generator fills). */
  requested: number;
  linesWritten: number;
  failed: number;
  cancelled: boolean;
  target: 'untitled' | 'append' | 'file';
  /** The document the rows went to (untitled or appended), or the file. */
  uri: string;
  /** Requests sent to the endpoint. */
  requests: number;
  /** Requests the request cache answered, sending nothing (and costing nothing). */
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  cost?: number;
}

/** What is remembered for Generate Rows when no JSONL file is open. */
const NO_FILE_KEY = 'distillery:generate';
const DEFAULT_ROW_COUNT = 10;

/**
 * Generate Rows...: runs a generator task (no input rows) into a new untitled document, the end
 * of the active JSONL document (one undoable edit), or a file (rows appended as they finish).
 *
 * Scripted form: `executeCommand('distillery.generateRows', { task, rows?, params?, target? })`
 * with target `'untitled'` (default), `'append'` or `{ path }`.
 */
export async function generateRows(services: Services, rawArgs?: unknown): Promise<GenerateSummary | undefined> {
  const args = parseCommandArgs('Generate Rows', generateArgsSchema, rawArgs);
  const active = vscode.window.activeTextEditor?.document;
  const activeJsonl = active?.languageId === 'jsonl' ? active : undefined;
  const memoryKey = activeJsonl?.uri.toString() ?? NO_FILE_KEY;
  const definition = args
    ? taskNamed(args.task, 'generator')
    : await pickTask('generator', services.memory.get(memoryKey).lastGenerator, 'Generate rows');
  if (!definition) return undefined;

  let params = initialParams(services, memoryKey, definition, args?.params);
  const countParam = definition.rowCountParam;
  const count = args?.rows ?? (countParam && args?.params?.[countParam] !== undefined ? Number(args.params[countParam]) : await askRowCount(definition, params));
  if (count === undefined) return undefined;
  if (countParam) {
    if (args?.params?.[countParam] !== undefined && args.rows !== undefined && args.params[countParam] !== args.rows) {
      throw new UserError(`"rows" (${args.rows}) and params.${countParam} (${String(args.params[countParam])}) disagree; give one of them.`);
    }
    params = { ...params, [countParam]: count };
  }
  const asked = await askRequiredParams(definition, params, countParam ? [countParam] : []);
  if (!asked) return undefined;
  params = asked;
  const task = configure(definition, params);

  const target = args ? (args.target ?? 'untitled') : await pickTarget(activeJsonl);
  if (target === undefined) return undefined;
  if (target === 'append' && !activeJsonl) throw new UserError('To append generated rows, open the JSONL file to append to first.');

  const profile = services.profiles.active();
  const clientConfig = await services.profiles.clientConfig(profile);
  await services.memory.rememberRun(memoryKey, { taskName: definition.name, params, generator: true });
  // A generator reads nothing: each empty row is one slot it fills.
  const slots: RowInput[] = Array.from({ length: count }, (_, index) => ({ index, value: {} }));
  const what = `${definition.name}: generating ${count} ${count === 1 ? 'row' : 'rows'}`;
  const generated: JsonObject[] = [];
  let failed = 0;
  let uri: vscode.Uri;
  let finished;
  if (typeof target === 'object') {
    const writer = await openJsonlWriter(target.path, { append: true });
    try {
      finished = await runWithProgress(services, {
        what,
        task,
        rows: slots,
        profile,
        clientConfig,
        fileUri: vscode.Uri.file(target.path),
        onResult: async (result) => {
          for (const row of result.rows) await writer.write(row);
          generated.push(...result.rows);
          if (result.status !== 'ok') failed += 1;
        },
      });
    } finally {
      await writer.close();
    }
    uri = vscode.Uri.file(target.path);
    await vscode.window.showTextDocument(uri);
  } else {
    finished = await runWithProgress(services, {
      what,
      task,
      rows: slots,
      profile,
      clientConfig,
      fileUri: target === 'append' ? activeJsonl?.uri : undefined,
      onResult: async (result) => {
        generated.push(...result.rows);
        if (result.status !== 'ok') failed += 1;
      },
    });
    uri = await insertRows(target === 'append' && activeJsonl && !activeJsonl.isClosed ? activeJsonl : undefined, generated);
  }

  const summary: GenerateSummary = {
    task: definition.name,
    requested: count,
    linesWritten: generated.length,
    failed,
    cancelled: finished.cancelled,
    target: typeof target === 'object' ? 'file' : target,
    uri: uri.toString(),
    requests: finished.requests,
    cacheHits: finished.cacheHits,
    inputTokens: finished.inputTokens,
    outputTokens: finished.outputTokens,
    ...(finished.cost !== undefined ? { cost: finished.cost } : {}),
  };
  const parts = [`Distillery: ${definition.name} generated ${generated.length} ${generated.length === 1 ? 'row' : 'rows'} into ${uri.scheme === 'untitled' ? 'a new document' : basename(uri.path)}`];
  if (failed > 0) parts.push(`${failed} with null outputs (reasons in their metadata)`);
  if (finished.cancelled) parts.push('cancelled');
  parts.push(describeRequestsAndCost(finished));
  void vscode.window.showInformationMessage(`${parts.join('; ')}.`);
  return summary;
}

function configure(definition: TaskDefinition, params: Record<string, unknown>): ConfiguredTask {
  try {
    return definition.configure(params);
  } catch (error) {
    if (error instanceof TaskParamsError) throw new UserError(error.message);
    throw error;
  }
}

async function askRowCount(definition: TaskDefinition, params: Record<string, unknown>): Promise<number | undefined> {
  const remembered = definition.rowCountParam ? params[definition.rowCountParam] : undefined;
  const text = await vscode.window.showInputBox({
    title: `${definition.name}: how many rows?`,
    value: String(typeof remembered === 'number' ? remembered : DEFAULT_ROW_COUNT),
    ignoreFocusOut: true,
    validateInput: (input) => (/^\s*[1-9]\d*\s*$/.test(input) ? undefined : 'A whole number of at least 1.'),
  });
  return text === undefined ? undefined : Number(text);
}

async function pickTarget(activeJsonl: vscode.TextDocument | undefined): Promise<GenerateTarget | undefined> {
  type Item = vscode.QuickPickItem & { target: 'untitled' | 'append' | 'save' };
  const items: Item[] = [
    { label: '$(new-file) New untitled JSONL document', target: 'untitled' },
    ...(activeJsonl ? [{ label: `$(add) Append to ${basename(activeJsonl.uri.path)}`, detail: 'One edit at the end of the document, which Undo takes back.', target: 'append' as const }] : []),
    { label: '$(save) Save to a file...', detail: 'Rows are appended to the file as they finish, so an interruption loses nothing finished.', target: 'save' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Where should the generated rows go?' });
  if (!picked) return undefined;
  if (picked.target !== 'save') return picked.target;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const chosen = await vscode.window.showSaveDialog({
    filters: { 'JSON Lines': ['jsonl'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'generated.jsonl') } : {}),
  });
  return chosen ? { path: chosen.fsPath } : undefined;
}

/** Adds the rows at the end of `document` as one edit, or opens them in a new untitled document. */
async function insertRows(document: vscode.TextDocument | undefined, rows: readonly JsonObject[]): Promise<vscode.Uri> {
  const text = rows.map(serializeRow);
  if (!document) {
    const created = await vscode.workspace.openTextDocument({ language: 'jsonl', content: text.length > 0 ? `${text.join('\n')}\n` : '' });
    await vscode.window.showTextDocument(created);
    return created.uri;
  }
  if (text.length > 0) {
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const last = document.lineAt(document.lineCount - 1);
    // Rows start on a line of their own; the file keeps ending with a newline if it did.
    const prefix = last.text === '' ? '' : eol;
    const suffix = last.text === '' ? eol : '';
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, last.range.end, prefix + text.join(eol) + suffix);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused to append to ${document.uri.fsPath}.`);
  }
  return document.uri;
}
