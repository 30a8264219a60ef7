import { documentColumns } from '../docs/columnDocs';
import { code } from '../docs/markdown';
import type { ParamDoc } from '../docs/paramDocs';
import type { StepDefinition } from '../steps/defineColumnStep';
import { describeColumnType, type ColumnSpec } from '../tasks/columns';
import type { TaskDefinition } from '../tasks/defineTask';
import type { TaskColumn } from './taskColumns';

/** Markdown for hovers and completion details: a task's or column step's contract, a parameter. */

const STEP_SHAPES: Readonly<Record<StepDefinition['kind'], string>> = {
  row: 'column step, row by row',
  'multi-input': 'column step joining several predecessors',
  stream: 'column step over the whole stream',
};

function typed(name: string, type: TaskColumn['type']): string {
  return `${code(name)} ${code(describeColumnType(type))}`;
}

function columnsMarkdown(spec: ColumnSpec): string {
  const entries = Object.entries(spec);
  return entries.length === 0 ? 'none' : entries.map(([name, type]) => typed(name, type)).join(', ');
}

/** A task column as this step uses it: `instructions` ← column `evolved_instructions`. */
function usedColumn(column: TaskColumn, arrow: string): string {
  return column.column === column.name ? typed(column.name, column.type) : `${code(column.name)} ${arrow} column ${typed(column.column, column.type)}`;
}

/** The columns under the declaration's example (or sampled) parameters, when the step's own are unknown. */
function declaredColumns(definition: TaskDefinition | StepDefinition, configure: (params: Record<string, unknown>) => { inputs: ColumnSpec; outputs: ColumnSpec; params: Readonly<Record<string, unknown>> }): string[] {
  const doc = documentColumns({ params: definition.params, ...(definition.example ? { example: definition.example } : {}), columns: configure });
  if (doc.kind === 'unavailable') return [];
  return [`Reads: ${columnsMarkdown(doc.inputs)}`, '', `Writes: ${columnsMarkdown(doc.outputs)}`];
}

/** A task's contract; with `usage`, the columns as this step's parameters and mappings make them. */
export function taskMarkdown(task: TaskDefinition, usage?: { inputs: readonly TaskColumn[]; outputs: readonly TaskColumn[] }): string {
  const columns = usage
    ? [
        `Reads: ${usage.inputs.map((column) => usedColumn(column, '←')).join(', ') || 'no columns'}`,
        '',
        `Writes: ${usage.outputs.map((column) => usedColumn(column, '→')).join(', ')}`,
      ]
    : declaredColumns(task, (params) => {
        const configured = task.configure(params);
        return { inputs: configured.inputs, outputs: configured.outputs, params: configured.params };
      });
  return [
    `**${task.name}** · ${task.kind === 'generator' ? 'generator task (makes rows)' : 'task'}`,
    '',
    task.description,
    '',
    ...columns,
    '',
    `Every task also writes ${code('model_name')} and ${code('distilabel_metadata')}.`,
  ].join('\n');
}

/** A column step's contract; with `usage`, its inputs and outputs under this step's parameters. */
export function columnStepMarkdown(step: StepDefinition, usage?: { inputs: ColumnSpec; outputs: ColumnSpec }): string {
  const columns = usage
    ? [`Reads: ${columnsMarkdown(usage.inputs)}`, '', `Writes: ${columnsMarkdown(usage.outputs)}`]
    : declaredColumns(step, (params) => {
        const configured = step.configure(params);
        return { inputs: configured.inputs, outputs: configured.outputs(), params: configured.params };
      });
  return [`**${step.name}** · ${STEP_SHAPES[step.kind]}`, '', step.description, '', ...columns, ...step.notes.flatMap((note) => ['', note])].join('\n');
}

export function paramMarkdown(doc: ParamDoc): string {
  const fallback = doc.required ? 'required' : doc.default === 'none' ? 'optional' : `default ${doc.default}`;
  return [`**${doc.name}**: ${doc.type} · ${fallback}`, ...(doc.description ? ['', doc.description] : [])].join('\n');
}
