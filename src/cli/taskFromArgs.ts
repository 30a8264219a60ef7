import { paramProblems, type ParamProblem } from '../core/pipeline/paramProblems';
import { unknownTypeMessage } from '../core/pipeline/rules/stepTypes';
import { closestNames } from '../core/pipeline/suggest';
import { TaskParamsError, type ConfiguredTask, type TaskDefinition } from '../core/tasks/defineTask';
import { TASKS } from '../core/tasks/registry';
import type { RunArgs } from './args';
import { UsageError } from './usageError';

/** The task named on the command line, or a UsageError worded as the editor's `unknown-task`. */
export function lookUpTask(name: string): TaskDefinition {
  const task = TASKS.get(name);
  if (task) return task;
  throw new UsageError(unknownTypeMessage('task', name, closestNames(name, TASKS.keys())));
}

function withFullStop(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/**
 * What is wrong with the --param values, one line per problem, in the editor's words plus the
 * flag that fixes it. A misspelt required parameter is also reported missing by zod; its
 * "did you mean" already says what to write, so the missing line is left out.
 */
export function paramsMessage(definition: TaskDefinition, params: Readonly<Record<string, unknown>>, error: TaskParamsError): string {
  if (error.issues.length === 0) {
    // Mapping problems: name the flags, not the pipeline keys.
    return error.problems.map((problem) => withFullStop(problem.replace(/^(input|output)_mappings: /, (_, side: string) => `--${side}-mapping: `))).join('\n');
  }
  const problems = paramProblems(definition.name, definition.params, params, error.issues);
  const suggested = new Set(problems.flatMap((problem) => (problem.code === 'unknown-param' ? problem.suggestions.slice(0, 1) : [])));
  const shown = (problem: ParamProblem) => !(problem.code === 'missing-param' && suggested.has(problem.name));
  const line = (problem: ParamProblem) => (problem.code === 'missing-param' ? `${withFullStop(problem.message)} Pass --param ${problem.name}=VALUE.` : problem.message);
  return problems.filter(shown).map(line).join('\n');
}

export function configureTask(definition: TaskDefinition, args: RunArgs, params = args.params): ConfiguredTask {
  try {
    return definition.configure(params, args.mappings);
  } catch (error) {
    if (error instanceof TaskParamsError) throw new UsageError(paramsMessage(definition, params, error));
    throw error;
  }
}
