import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { TaskDefinition } from '../../core/tasks/defineTask';
import { parseCommandArgs, runTaskArgsSchema, type OutputMode } from '../commandArgs';
import { siblingOutputPath } from '../outputPath';
import { editParams, pickTask } from '../prompts';
import type { SelectionRunSummary } from '../runSummary';
import { initialParams, outputModeFor, prepareTask, readSelection, runOnSelection, taskNamed, type PreparedTask, type Selection } from '../selectionRun';
import type { Services } from '../services';

/**
 * Run Task on Selected Rows...: pick a task (grouped by category), give its required
 * parameters (last used for this file as defaults), map missing input columns, then choose
 * where the results go, or edit every parameter first.
 *
 * Scripted form: `executeCommand('distillery.runTaskOnSelectedRows', { task, params?, inputMappings?, output? })`
 * starts at once; only a required parameter or an input column it cannot find is asked for.
 */
export async function runTaskOnSelectedRows(services: Services, rawArgs?: unknown): Promise<SelectionRunSummary | undefined> {
  const args = parseCommandArgs('Run Task on Selected Rows', runTaskArgsSchema, rawArgs);
  const selection = readSelection(services, 'run a task on');
  const definition = args
    ? taskNamed(args.task, 'task')
    : await pickTask('task', services.memory.get(selection.fileUri).lastTask, `Run a task on ${describeRows(selection)}`);
  if (!definition) return undefined;

  let prepared = await prepareTask(services, selection, definition, {
    params: initialParams(services, selection.fileUri, definition, args?.params),
    ...(args?.inputMappings ? { inputMappings: args.inputMappings } : {}),
    interactive: true,
  });
  if (!prepared) return undefined;
  if (args) return runOnSelection(services, selection, prepared, outputModeFor(services, selection.fileUri, args.output));

  for (;;) {
    const choice = await finalStep(selection, prepared, outputModeFor(services, selection.fileUri));
    if (!choice) return undefined;
    if (choice !== 'edit') return runOnSelection(services, selection, prepared, choice);
    const edited = await editParams(definition, prepared.params);
    if (!edited) continue;
    prepared = (await prepareTask(services, selection, definition, { params: edited, interactive: true })) ?? prepared;
  }
}

function describeRows(selection: Selection): string {
  return `${selection.rows.length} ${selection.rows.length === 1 ? 'row' : 'rows'} of ${basename(selection.document.uri.path)}`;
}

/** Where the results go (the last choice for this file first), or "Edit parameters...". */
async function finalStep(selection: Selection, prepared: PreparedTask, remembered: OutputMode): Promise<OutputMode | 'edit' | undefined> {
  type Item = vscode.QuickPickItem & { choice: OutputMode | 'edit' };
  const outputs: Item[] = [
    {
      label: '$(edit) Run: write into the selected rows',
      detail: 'Adds the output columns to exactly these rows, as one edit that Undo takes back.',
      choice: 'inPlace',
    },
  ];
  if (selection.document.uri.scheme === 'file') {
    outputs.push({
      label: `$(new-file) Run: append to ${basename(siblingOutputPath(selection.document.uri.fsPath))}`,
      detail: 'Each row is appended to the file next to this one as soon as it is done, so an interruption loses nothing finished.',
      choice: 'siblingFile',
    });
  }
  outputs.sort((a, b) => Number(b.choice === remembered) - Number(a.choice === remembered));
  const chosen = Object.entries(prepared.params).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  const mapped = Object.entries(prepared.mappings).map(([input, column]) => `${input} ← ${column}`);
  const items: Item[] = [
    ...outputs,
    { label: '', kind: vscode.QuickPickItemKind.Separator, choice: 'edit' },
    { label: '$(settings-gear) Edit parameters...', detail: describeTaskSetup(prepared.definition, chosen, mapped), choice: 'edit' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `${prepared.definition.name} on ${describeRows(selection)}`, placeHolder: 'Where should the results go?' });
  return picked?.choice;
}

function describeTaskSetup(definition: TaskDefinition, chosen: string[], mapped: string[]): string {
  const parts = [chosen.length > 0 ? chosen.join(', ') : `${definition.name}'s defaults`];
  if (mapped.length > 0) parts.push(`columns: ${mapped.join(', ')}`);
  return parts.join(' · ');
}
