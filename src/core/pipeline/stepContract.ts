import type * as z from 'zod';
import type { ConfiguredStep, StepDefinition } from '../steps/defineColumnStep';
import { STEPS } from '../steps/registry';
import type { ConfiguredTask, TaskDefinition } from '../tasks/defineTask';
import { TASKS } from '../tasks/registry';
import type { StepEntry } from './pipelineModel';

/**
 * What a step does with columns, from its task or column step declaration and its `with`.
 * `configured` is missing when the parameters cannot be applied even leniently; the columns
 * after such a step are then unknown, and only the parameter problems are reported.
 */
export type StepContract =
  | { kind: 'load' }
  | { kind: 'task'; definition: TaskDefinition; configured?: ConfiguredTask; issues: readonly z.core.$ZodIssue[] }
  | { kind: 'column'; definition: StepDefinition; configured?: ConfiguredStep; issues: readonly z.core.$ZodIssue[] }
  | { kind: 'unknown' };

/** The top-level parameters an issue is about; unknown keys are listed on the issue itself. */
function paramsAtFault(issues: readonly z.core.$ZodIssue[]): Set<string> {
  const names = new Set<string>();
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) issue.keys.forEach((key) => names.add(key));
    else if (typeof issue.path[0] === 'string') names.add(issue.path[0]);
  }
  return names;
}

/**
 * Configures with the parameters as written, else without the ones at fault (their defaults
 * apply), so a typo in one parameter still leaves the step's columns known downstream.
 */
function leniently<T>(params: Record<string, unknown>, issues: readonly z.core.$ZodIssue[], configure: (params: Record<string, unknown>) => T): T | undefined {
  const atFault = paramsAtFault(issues);
  try {
    return configure(Object.fromEntries(Object.entries(params).filter(([name]) => !atFault.has(name))));
  } catch {
    // Still invalid (a required parameter is missing): the issues say why, the columns stay unknown.
    return undefined;
  }
}

function issuesOf(schema: z.ZodObject, params: Record<string, unknown>): readonly z.core.$ZodIssue[] {
  const parsed = schema.safeParse(params);
  return parsed.success ? [] : parsed.error.issues;
}

/** A generator's `rows` fills its count parameter when `with` leaves it out, as the engine does. */
function generatorParams(step: StepEntry, definition: TaskDefinition): Record<string, unknown> {
  const countParam = definition.rowCountParam;
  if (countParam === undefined || step.rows === undefined || countParam in step.params) return step.params;
  return { ...step.params, [countParam]: step.rows };
}

export function contractOf(step: StepEntry): StepContract {
  if (step.kind === 'load') return { kind: 'load' };
  const name = step.type?.value;
  if (name === undefined) return { kind: 'unknown' };
  if (step.kind === 'task') {
    const definition = TASKS.get(name);
    if (!definition) return { kind: 'unknown' };
    const params = generatorParams(step, definition);
    const issues = issuesOf(definition.params, params);
    const configured = leniently(params, issues, (usable) => definition.configure(usable));
    return { kind: 'task', definition, issues, ...(configured ? { configured } : {}) };
  }
  const definition = STEPS.get(name);
  if (!definition) return { kind: 'unknown' };
  const issues = issuesOf(definition.params, step.params);
  const configured = leniently(step.params, issues, (params) => definition.configure(params, step.name ? { stepName: step.name.value } : {}));
  return { kind: 'column', definition, issues, ...(configured ? { configured } : {}) };
}
