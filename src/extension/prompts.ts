/**
 * The quick picks and input boxes of the commands. Only the asking lives here; what is offered
 * and how answers are checked comes from the pure modules (paramFields, columnMapping).
 */
import * as vscode from 'vscode';
import { TaskParamsError, type TaskDefinition, type TaskKind } from '../core/tasks/defineTask';
import { TASKS } from '../core/tasks/registry';
import type { InputPlan } from './columnMapping';
import { describeTypeInWords } from './columnMapping';
import { checkParamValue, formatParamValue, missingRequired, paramFields, parseParamText, type ParamField } from './paramFields';
import { UserError } from './services';

interface TaskItem extends vscode.QuickPickItem {
  task?: TaskDefinition;
}

/** Every task of `kind`, grouped by its first category, the one used last on this file on top. */
export async function pickTask(kind: TaskKind, recent: string | undefined, title: string): Promise<TaskDefinition | undefined> {
  const tasks = [...TASKS.values()].filter((task) => task.kind === kind);
  if (tasks.length === 0) throw new UserError(`No ${kind === 'generator' ? 'generator ' : ''}tasks are available.`);
  const item = (task: TaskDefinition): TaskItem => ({
    label: task.name,
    description: task.categories.join(' · '),
    detail: task.description,
    task,
  });
  const items: TaskItem[] = [];
  const recentTask = recent ? tasks.find((task) => task.name === recent) : undefined;
  if (recentTask) items.push({ label: 'last used on this file', kind: vscode.QuickPickItemKind.Separator }, item(recentTask));
  const groups = new Map<string, TaskDefinition[]>();
  for (const task of tasks) {
    const category = task.categories[0] ?? 'other';
    groups.set(category, [...(groups.get(category) ?? []), task]);
  }
  for (const [category, members] of groups) {
    items.push({ label: category, kind: vscode.QuickPickItemKind.Separator }, ...members.map(item));
  }
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Pick a task (type to filter by name, category or description)',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.task;
}

/** Asks for one parameter; undefined when the user cancelled, else the value (undefined = the default). */
export async function askParam(
  schema: TaskDefinition['params'],
  field: ParamField,
  current: unknown,
  taskName: string,
): Promise<{ value: unknown } | undefined> {
  const title = `${taskName}: ${field.name}${field.required ? ' (required)' : ''}`;
  if (field.kind === 'boolean' || field.kind === 'enum') {
    const options: unknown[] = field.kind === 'boolean' ? [true, false] : [...field.options];
    if (field.nullable) options.push(null);
    const value = current ?? field.default;
    const items = options.map((option) => ({
      label: option === null ? 'null' : String(option),
      description: option === value ? '(current)' : option === field.default ? '(default)' : '',
      option,
    }));
    items.sort((a, b) => Number(b.option === value) - Number(a.option === value));
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: field.description || undefined });
    return picked ? { value: picked.option } : undefined;
  }
  const text = await vscode.window.showInputBox({
    title,
    prompt: field.description || undefined,
    value: formatParamValue(current ?? (field.hasDefault ? field.default : undefined)),
    placeHolder: field.kind === 'json' ? 'JSON, e.g. {"KEY": "value"}' : field.kind,
    ignoreFocusOut: true,
    validateInput: (input) => {
      const parsed = parseParamText(field, input);
      if (!parsed.ok) return parsed.error;
      return parsed.value === undefined ? undefined : checkParamValue(schema, field.name, parsed.value);
    },
  });
  if (text === undefined) return undefined;
  const parsed = parseParamText(field, text);
  return parsed.ok ? { value: parsed.value } : undefined;
}

/** Asks for each required parameter `params` does not give; undefined when the user cancelled. */
export async function askRequiredParams(
  definition: TaskDefinition,
  params: Record<string, unknown>,
  skip: readonly string[] = [],
): Promise<Record<string, unknown> | undefined> {
  const result = { ...params };
  for (const field of missingRequired(paramFields(definition.params), result)) {
    if (skip.includes(field.name)) continue;
    const answer = await askParam(definition.params, field, undefined, definition.name);
    if (!answer) return undefined;
    result[field.name] = answer.value;
  }
  return result;
}

/** Every parameter in a list; picking one edits it. Returns the edited parameters, or undefined when cancelled. */
export async function editParams(definition: TaskDefinition, params: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  const fields = paramFields(definition.params);
  let current = { ...params };
  for (;;) {
    type Item = vscode.QuickPickItem & { field?: ParamField };
    const items: Item[] = [
      { label: '$(check) Done', description: 'back to the run' },
      { label: 'parameters', kind: vscode.QuickPickItemKind.Separator },
      ...fields.map((field) => ({
        label: field.name,
        description: current[field.name] !== undefined ? `= ${shorten(formatParamValue(current[field.name]))}` : field.hasDefault ? `default ${shorten(formatParamValue(field.default))}` : 'required',
        detail: field.description,
        field,
      })),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: `${definition.name}: parameters`, placeHolder: 'Pick a parameter to change it' });
    if (!picked) return undefined;
    if (!picked.field) {
      try {
        definition.configure(current);
        return current;
      } catch (error) {
        if (!(error instanceof TaskParamsError)) throw error;
        void vscode.window.showWarningMessage(`Distillery: ${error.message}`);
        continue;
      }
    }
    const answer = await askParam(definition.params, picked.field, current[picked.field.name], definition.name);
    if (!answer) continue;
    current = { ...current, [picked.field.name]: answer.value };
    if (answer.value === undefined) delete current[picked.field.name];
  }
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 59)}…` : oneLine;
}

/** Asks which column feeds a missing input; undefined when cancelled. */
export async function askMapping(taskName: string, plan: Extract<InputPlan, { status: 'missing' }>): Promise<string | undefined> {
  if (plan.candidates.length === 0) {
    const others = plan.incompatible.map((column) => column.explanation);
    throw new UserError(
      `${plan.reason}, and no column of the selected rows fits (${describeTypeInWords(plan.type)}).` +
        (others.length > 0 ? ` ${others.join('; ')}.` : '') +
        ' Select rows that have such a column, or add one.',
    );
  }
  type Item = vscode.QuickPickItem & { column?: string; explanation?: string };
  const items: Item[] = [
    ...plan.candidates.map((candidate) => ({
      label: candidate.column,
      description:
        candidate.fittingRows === candidate.rowsWithColumn ? describeTypeInWords(plan.type) : `fits ${candidate.fittingRows} of ${candidate.rowsWithColumn} rows that have it`,
      column: candidate.column,
    })),
  ];
  if (plan.incompatible.length > 0) {
    items.push(
      { label: 'not compatible', kind: vscode.QuickPickItemKind.Separator },
      ...plan.incompatible.map((column) => ({ label: `$(circle-slash) ${column.column}`, detail: column.explanation, explanation: column.explanation })),
    );
  }
  for (;;) {
    const picked = await vscode.window.showQuickPick(items, {
      title: `${taskName}: which column holds \`${plan.input}\` (${describeTypeInWords(plan.type)})?`,
      placeHolder: `${plan.reason}. The choice is remembered for this file.`,
      matchOnDetail: true,
    });
    if (!picked) return undefined;
    if (picked.column) return picked.column;
    void vscode.window.showWarningMessage(`Distillery: ${picked.explanation ?? 'that column does not fit'}.`);
  }
}
