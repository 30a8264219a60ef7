import type { ColumnType } from '../tasks/columns';
import type { ConfiguredTask } from '../tasks/defineTask';
import type { MappingEntry, StepEntry } from './pipelineModel';

/** One column a task reads or writes: its name for the task, and the dataset column it maps to. */
export interface TaskColumn {
  /** The task's own name for it (`instructions`). */
  name: string;
  /** The dataset column after mappings (`evolved_instructions`). */
  column: string;
  type: ColumnType;
  /** The mapping entry that renamed it, when one did. */
  mapping?: MappingEntry;
}

/** Columns every task writes besides its declared outputs (see docs/tasks.md). */
export const TASK_EXTRA_OUTPUTS: Readonly<Record<string, ColumnType>> = {
  model_name: { kind: 'string', nullable: false },
  distilabel_metadata: { kind: 'json', nullable: false },
};

function mapped(spec: Readonly<Record<string, ColumnType>>, mappings: readonly MappingEntry[]): TaskColumn[] {
  return Object.entries(spec).map(([name, type]) => {
    const mapping = mappings.find((entry) => entry.key.value === name);
    return { name, column: mapping?.column?.value ?? name, type, ...(mapping ? { mapping } : {}) };
  });
}

/** The task's inputs as the step reads them. `configured` is configured without mappings. */
export function taskInputs(step: StepEntry, configured: ConfiguredTask): TaskColumn[] {
  return mapped(configured.inputs, step.inputMappings);
}

/** The task's outputs as the step writes them, before `model_name` and the metadata. */
export function taskOutputs(step: StepEntry, configured: ConfiguredTask): TaskColumn[] {
  return mapped(configured.outputs, step.outputMappings);
}
