/**
 * Which task, with which parameters, re-runs a row. A row from a run re-runs exactly as that run
 * did. A row read from a file re-runs the last task its metadata records, with the parameters
 * last used for that task on the file; when none were remembered, the Evol tasks' shape
 * parameters are read off the row itself (how many evolutions, whether they were all kept,
 * with the original, with answers). Pure, unit-tested.
 */
import type { JsonObject } from '../../core/jsonl';
import { EVOLUTION_COLUMNS } from '../../core/results/columnRoles';
import type { StepDetails } from '../../protocol/resultsPanel';
import { rowDetailsOf } from './rowDetails';

export interface RerunSpec {
  task: string;
  params: Record<string, unknown>;
  mappings: Record<string, string>;
}

export interface RememberedRun {
  params: Record<string, unknown> | undefined;
  mappings: Record<string, string>;
}

const EVOLUTION_CALL = /^(generation \d+: )?evolution \d+\b/;

/** The Evol tasks' parameters as the row shows them; {} for other tasks. */
function paramsReadOffRow(task: string, row: JsonObject, step: StepDetails): Record<string, unknown> {
  const role = EVOLUTION_COLUMNS.find((candidate) => candidate.tasks.includes(task));
  if (!role) return {};
  const list = row[role.list];
  const includesOriginal = Array.isArray(list) && list.length > 0 && list[0] === row[role.original];
  const evolutionCalls = step.calls.filter((call) => EVOLUTION_CALL.test(call.label)).length;
  const kept = Array.isArray(list) ? list.length - (includesOriginal ? 1 : 0) : 1;
  return {
    num_evolutions: Math.max(1, evolutionCalls || kept),
    store_evolutions: Array.isArray(list),
    [role.kind === 'instruction' ? 'include_original_instruction' : 'include_original_response']: includesOriginal,
    ...(role.answers ? { generate_answers: role.answers.list in row || role.answers.single in row } : {}),
  };
}

/** The last task the row's metadata records; null when no step names a known task. */
export function recordedRerun(row: JsonObject, remembered: (task: string) => RememberedRun): RerunSpec | null {
  const step = rowDetailsOf(row)?.steps.findLast((candidate) => candidate.task !== null);
  if (!step?.task) return null;
  const memory = remembered(step.task);
  return { task: step.task, params: memory.params ?? paramsReadOffRow(step.task, row, step), mappings: memory.mappings };
}
