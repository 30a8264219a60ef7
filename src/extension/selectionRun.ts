/**
 * The steps shared by the commands that work on selected rows: read the selection, fill in the
 * task's parameters and input columns, run, and write the results in place or to the sibling file.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { openJsonlWriter, serializeRow } from '../core/jsonl';
import type { RowResult } from '../core/run/rowRunner';
import { TaskParamsError, type ConfiguredTask, type TaskDefinition } from '../core/tasks/defineTask';
import { findTask } from '../core/tasks/registry';
import { RowTracking } from './applyResults';
import { mappingFrom, planInputs } from './columnMapping';
import type { OutputMode } from './commandArgs';
import { missingRequired, paramFields, usableParams } from './paramFields';
import { askMapping, askRequiredParams } from './prompts';
import { siblingOutputPath } from './outputPath';
import { describeSelectionRun, type SelectionRunSummary } from './runSummary';
import type { RunSource } from './runs';
import { runWithProgress } from './runWithProgress';
import { readSelectedRows, type SelectedRow } from './selectedRows';
import { UserError, type Services } from './services';
import { defaultOutputMode, readEvolveParams } from './settings';

export interface Selection {
  document: vscode.TextDocument;
  /** Keys what is remembered for this file. */
  fileUri: string;
  rows: SelectedRow[];
  invalidLines: number[];
}

/** The selected rows of the active JSONL editor; invalid lines are reported and left out. */
export function readSelection({ log }: Services, verb: string): Selection {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'jsonl') {
    throw new UserError(`Open a .jsonl file and select the rows to ${verb}.`);
  }
  const { document } = editor;
  const { rows, invalid } = readSelectedRows(document, editor.selections);
  const invalidLines = invalid.map((error) => error.line);
  for (const error of invalid) log.warn(`${document.uri.fsPath}:${error.line}:${error.column}: ${error.message}`);
  if (rows.length === 0) {
    throw new UserError(
      invalid.length > 0
        ? `The selected lines are not JSON objects (lines ${invalidLines.join(', ')}); nothing to ${verb}. See the Distillery log.`
        : `The selection holds no JSON rows to ${verb}.`,
    );
  }
  if (invalid.length > 0) {
    void vscode.window.showWarningMessage(
      `Distillery: skipping ${invalid.length} selected ${invalid.length === 1 ? 'line' : 'lines'} that ${invalid.length === 1 ? 'is not a JSON object' : 'are not JSON objects'}: ${invalidLines.join(', ')}. See the Distillery log.`,
    );
  }
  return { document, fileUri: document.uri.toString(), rows, invalidLines };
}

/** A task by name, for command arguments: a clear message when unknown or of the wrong kind. */
export function taskNamed(name: string, kind: TaskDefinition['kind']): TaskDefinition {
  let definition: TaskDefinition;
  try {
    definition = findTask(name);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  if (definition.kind !== kind) {
    throw new UserError(
      kind === 'generator'
        ? `${definition.name} transforms selected rows: use Run Task on Selected Rows.`
        : `${definition.name} makes rows from nothing: use Generate Rows.`,
    );
  }
  return definition;
}

/**
 * The parameters a run starts from: the ones given, else the ones last used for this task on
 * this file, else (EvolInstruct only) the `distillery.evolInstruct.*` settings. Remembered
 * ones the task would now refuse are dropped. Only chosen values are kept (not the defaults),
 * so a default that changes later still applies.
 */
export function initialParams(services: Services, fileUri: string, definition: TaskDefinition, given?: Record<string, unknown>): Record<string, unknown> {
  if (given) return { ...given };
  const remembered = services.memory.params(fileUri, definition.name);
  if (remembered) return usableParams(definition.params, remembered);
  return definition.name === 'EvolInstruct' ? readEvolveParams() : {};
}

export interface PreparedTask {
  definition: TaskDefinition;
  task: ConfiguredTask;
  params: Record<string, unknown>;
  /** Task input -> dataset column, where they differ. */
  mappings: Record<string, string>;
}

/**
 * Configures the task for the selected rows: asks for missing required parameters (or refuses,
 * when `interactive` is false), then checks every input against the rows' columns and asks
 * which column feeds a missing one (remembered per file). Undefined when the user cancelled.
 */
export async function prepareTask(
  services: Services,
  selection: Selection,
  definition: TaskDefinition,
  options: { params: Record<string, unknown>; inputMappings?: Record<string, string>; interactive: boolean },
): Promise<PreparedTask | undefined> {
  let params = options.params;
  const missing = missingRequired(paramFields(definition.params), params);
  if (missing.length > 0) {
    if (!options.interactive) {
      throw new UserError(`${definition.name} needs ${missing.map((field) => `"${field.name}"`).join(', ')}: pass ${missing.length === 1 ? 'it' : 'them'} in "params".`);
    }
    const asked = await askRequiredParams(definition, params);
    if (!asked) return undefined;
    params = asked;
  }
  const base = configure(definition, params);
  const preferred = options.inputMappings ?? services.memory.mappings(selection.fileUri, definition.name);
  const plans = planInputs(definition.name, base.inputs, selection.rows.map((row) => row.value), preferred);
  for (const [position, plan] of plans.entries()) {
    if (plan.status !== 'missing') continue;
    if (options.inputMappings?.[plan.input] !== undefined) {
      throw new UserError(`${plan.reason}. Fix "inputMappings".`);
    }
    if (!options.interactive) {
      const fits = plan.candidates.map((candidate) => `"${candidate.column}"`).join(', ');
      throw new UserError(`${plan.reason}. ${fits ? `Columns that fit: ${fits}; pass one in "inputMappings".` : 'No column of the selected rows fits.'}`);
    }
    const column = await askMapping(definition.name, plan);
    if (column === undefined) return undefined;
    plans[position] = { input: plan.input, type: plan.type, status: 'mapped', column };
  }
  const mappings = mappingFrom(plans);
  return { definition, task: configure(definition, params, mappings), params, mappings };
}

function configure(definition: TaskDefinition, params: Record<string, unknown>, mappings: Record<string, string> = {}): ConfiguredTask {
  try {
    return definition.configure(params, { input: mappings });
  } catch (error) {
    if (error instanceof TaskParamsError) throw new UserError(error.message);
    throw error;
  }
}

/** The output mode for a run: given, else remembered for the file, else the setting. */
export function outputModeFor(services: Services, fileUri: string, given?: OutputMode): OutputMode {
  return given ?? services.memory.output(fileUri) ?? defaultOutputMode();
}

/** Runs a prepared task on the selection and writes the results; remembers what was used. */
export async function runOnSelection(
  services: Services,
  selection: Selection,
  prepared: PreparedTask,
  output: OutputMode,
): Promise<SelectionRunSummary> {
  const { document, rows } = selection;
  if (output === 'siblingFile' && document.uri.scheme !== 'file') {
    throw new UserError(`${basename(document.uri.path)} is not saved to disk, so it has no folder for a sibling file: save it first, or write the results in place.`);
  }
  const profile = services.profiles.active();
  const clientConfig = await services.profiles.clientConfig(profile);
  const what = `${prepared.definition.name} on ${rows.length} ${rows.length === 1 ? 'row' : 'rows'} of ${basename(document.uri.path)}`;
  await services.memory.rememberRun(selection.fileUri, {
    taskName: prepared.definition.name,
    params: prepared.params,
    mappings: prepared.mappings,
    output,
  });

  const source = (resultsUri: vscode.Uri): RunSource => ({
    task: prepared.definition.name,
    params: prepared.params,
    mappings: prepared.mappings,
    resultsUri,
    inputs: new Map(rows.map((row) => [row.index, row.value])),
    totalRows: rows.length,
  });
  const results: RowResult[] = [];
  let linesWritten = 0;
  let outputPath: string | undefined;
  let skippedLines: number[] = [];
  let finished;
  if (output === 'siblingFile') {
    outputPath = siblingOutputPath(document.uri.fsPath);
    const writer = await openJsonlWriter(outputPath, { append: true });
    try {
      finished = await runWithProgress(services, {
        what,
        task: prepared.task,
        rows,
        profile,
        clientConfig,
        fileUri: document.uri,
        source: source(vscode.Uri.file(outputPath)),
        onResult: async (result) => {
          // Each line is written whole as soon as its row is done: a crash loses nothing finished.
          for (const row of result.rows) await writer.write(row);
          linesWritten += result.rows.length;
          results.push(result);
        },
      });
    } finally {
      await writer.close();
    }
  } else {
    const tracking = new RowTracking(document, rows);
    try {
      finished = await runWithProgress(services, {
        what,
        task: prepared.task,
        rows,
        profile,
        clientConfig,
        fileUri: document.uri,
        source: source(document.uri),
        onResult: async (result) => {
          results.push(result);
        },
      });
      if (document.isClosed) {
        outputPath = await keepResultsOfClosedDocument(document, results);
        linesWritten = results.reduce((total, result) => total + result.rows.length, 0);
      } else {
        const outcome = await tracking.apply(results);
        skippedLines = outcome.skipped;
        linesWritten = outcome.linesWritten;
      }
    } finally {
      tracking.dispose();
    }
  }

  for (const result of results) {
    if (result.status !== 'ok') services.log.warn(`${document.uri.fsPath}:${result.line ?? '?'}: ${result.error ?? result.status}`);
  }
  const applied = outputPath !== undefined ? results.length : results.length - skippedLines.length;
  const summary: SelectionRunSummary = {
    task: prepared.definition.name,
    profile: profile.name,
    output,
    ...(outputPath !== undefined ? { outputPath } : {}),
    rows: rows.length,
    applied,
    linesWritten,
    failed: results.filter((result) => result.status !== 'ok').length,
    cancelled: finished.cancelled,
    ...(finished.endpointDown ? { endpointDown: finished.endpointDown.message } : {}),
    unfinished: rows.length - results.length,
    invalidLines: selection.invalidLines,
    skippedLines,
    requests: finished.requests,
    retries: finished.retries,
    cacheHits: finished.cacheHits,
    inputTokens: finished.inputTokens,
    outputTokens: finished.outputTokens,
    ...(finished.cost !== undefined ? { cost: finished.cost } : {}),
  };
  showSummary(services, summary);
  return summary;
}

function showSummary(services: Services, summary: SelectionRunSummary): void {
  const described = describeSelectionRun(summary, summary.outputPath ? basename(summary.outputPath) : undefined);
  const message = summary.endpointDown !== undefined ? `${summary.endpointDown} ${described}` : described;
  const actions = [...(summary.outputPath ? ['Open Output'] : []), ...(summary.failed > 0 || summary.skippedLines.length > 0 ? ['Show Log'] : [])];
  const show =
    summary.endpointDown !== undefined ? vscode.window.showErrorMessage : summary.skippedLines.length > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(message, ...actions).then(async (action) => {
    if (action === 'Open Output' && summary.outputPath) await vscode.window.showTextDocument(vscode.Uri.file(summary.outputPath));
    if (action === 'Show Log') services.log.show(true);
  });
}

/**
 * The document was closed during the run, so its rows can no longer be edited safely: the
 * results go to the sibling file (or, for an untitled document, a new one) instead of being lost.
 */
async function keepResultsOfClosedDocument(document: vscode.TextDocument, results: readonly RowResult[]): Promise<string | undefined> {
  const rows = results.flatMap((result) => result.rows);
  if (document.uri.scheme === 'file') {
    const path = siblingOutputPath(document.uri.fsPath);
    const writer = await openJsonlWriter(path, { append: true });
    try {
      for (const row of rows) await writer.write(row);
    } finally {
      await writer.close();
    }
    void vscode.window.showWarningMessage(`Distillery: ${basename(document.uri.path)} was closed during the run; the results were appended to ${basename(path)} instead.`);
    return path;
  }
  const untitled = await vscode.workspace.openTextDocument({ language: 'jsonl', content: `${rows.map(serializeRow).join('\n')}\n` });
  await vscode.window.showTextDocument(untitled);
  void vscode.window.showWarningMessage(`Distillery: ${basename(document.uri.path)} was closed during the run; the results are in a new untitled document.`);
  return undefined;
}
