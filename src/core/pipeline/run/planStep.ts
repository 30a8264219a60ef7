import { existsSync } from 'node:fs';
import { StepParamsError } from '../../steps/defineColumnStep';
import { STEPS } from '../../steps/registry';
import { TaskParamsError } from '../../tasks/defineTask';
import { TASKS } from '../../tasks/registry';
import { isLoadSourceProblem, resolveLoadSource } from '../load';
import { predecessorsOf, type ColumnStep, type LlmEntry, type LoadStep, type PipelineStep, type TaskStep } from '../schema';
import type { DocumentPath, PipelineProblem } from './problems';
import type { PlannedStep } from './runPlan';

/** What planning one step needs to know about the rest of the pipeline. */
export interface StepPlanContext {
  pipelineDir: string;
  llms: Readonly<Record<string, LlmEntry>>;
  includeMetadata: boolean;
  report(problem: PipelineProblem): void;
}

/** A step with its task or column step configured, not yet linked to the steps that read it. */
export type UnlinkedStep = WithoutConsumers<PlannedStep>;
// Distributes over the union, so each kind keeps its own keys.
type WithoutConsumers<Step> = Step extends PlannedStep ? Omit<Step, 'consumers'> : never;

/** Configures the step at `steps[index]`, reporting what is wrong with it; undefined when it cannot run. */
export function planStep(step: PipelineStep, index: number, context: StepPlanContext): UnlinkedStep | undefined {
  const path: DocumentPath = ['steps', index];
  if ('load' in step) return planLoadStep(step, path, context);
  if ('task' in step) return planTaskStep(step, path, context);
  return planColumnStep(step, path, context);
}

function planLoadStep(step: LoadStep, path: DocumentPath, context: StepPlanContext): UnlinkedStep | undefined {
  const source = resolveLoadSource(step.load, context.pipelineDir);
  const at = (key: string): DocumentPath => (typeof step.load === 'string' ? [...path, 'load'] : [...path, 'load', key]);
  if (isLoadSourceProblem(source)) {
    context.report({ path: at(source.key), code: source.key === 'lines' ? 'schema' : 'load-format', message: source.message });
    return undefined;
  }
  if (!existsSync(source.path)) {
    context.report({ path: at('path'), code: 'load-missing', message: `no file at ${source.path} (load paths are relative to the pipeline file)` });
    return undefined;
  }
  return { kind: 'load', name: step.name, predecessors: [], source };
}

function planTaskStep(step: TaskStep, path: DocumentPath, context: StepPlanContext): UnlinkedStep | undefined {
  const definition = TASKS.get(step.task);
  if (!definition) {
    context.report({ path: [...path, 'task'], code: 'unknown-task', message: `unknown task "${step.task}"${didYouMean(step.task, TASKS.keys())}` });
    return undefined;
  }
  const predecessors = predecessorsOf(step);
  const llm = step.llm ?? 'default';
  let healthy = true;
  const report = (problem: PipelineProblem) => {
    healthy = false;
    context.report(problem);
  };
  if (!(llm in context.llms)) {
    const known = Object.keys(context.llms);
    report({
      path: [...path, step.llm === undefined ? 'task' : 'llm'],
      code: step.llm === undefined ? 'no-llm' : 'unknown-llm',
      message:
        step.llm === undefined
          ? `${step.task} needs an LLM: add a "default" entry to llms, or choose one with llm: NAME`
          : `no entry "${llm}" in llms${known.length > 0 ? ` (there are: ${known.join(', ')})` : ''}`,
    });
  }

  let params: Record<string, unknown> = { ...step.with };
  let generatorRows: number | undefined;
  if (definition.kind === 'generator') {
    if (predecessors.length > 0) {
      report({ path: [...path, 'after'], code: 'generator-after', message: `${step.task} makes rows from nothing and reads no step: remove after` });
    }
    const countParam = definition.rowCountParam;
    const fromParams = countParam === undefined ? undefined : params[countParam];
    generatorRows = step.rows ?? (typeof fromParams === 'number' ? fromParams : undefined);
    if (generatorRows === undefined) {
      report({ path: [...path, 'task'], code: 'generator-rows', message: `${step.task} is a generator: say how many rows to make with rows: N` });
    } else if (countParam !== undefined) {
      if (fromParams !== undefined && fromParams !== generatorRows) {
        report({ path: [...path, 'rows'], code: 'generator-rows', message: `rows: ${generatorRows} and with.${countParam}: ${String(fromParams)} disagree; give one of them` });
      }
      params = { ...params, [countParam]: generatorRows };
    }
  } else {
    if (step.rows !== undefined) {
      report({ path: [...path, 'rows'], at: 'key', code: 'rows-not-generator', message: `rows is for generator tasks; ${step.task} makes one result per row of after` });
    }
    if (predecessors.length === 0) {
      report({ path: [...path, 'task'], code: 'missing-after', message: `${step.task} needs input rows: add after: STEP` });
    }
  }

  try {
    const task = definition.configure(params, { input: step.input_mappings ?? {}, output: step.output_mappings ?? {} });
    if (!healthy) return undefined;
    return { kind: 'task', name: step.name, predecessors, task, llm, ...(generatorRows !== undefined ? { generatorRows } : {}) };
  } catch (error) {
    if (!(error instanceof TaskParamsError)) throw error;
    for (const problem of error.problems) report(paramProblem(path, step.task, problem));
    return undefined;
  }
}

function planColumnStep(step: ColumnStep, path: DocumentPath, context: StepPlanContext): UnlinkedStep | undefined {
  const definition = STEPS.get(step.step);
  if (!definition) {
    context.report({ path: [...path, 'step'], code: 'unknown-step-kind', message: `unknown column step "${step.step}"${didYouMean(step.step, STEPS.keys())}` });
    return undefined;
  }
  const predecessors = predecessorsOf(step);
  if (predecessors.length === 0) {
    context.report({ path: [...path, 'step'], code: 'missing-after', message: `${step.step} needs input rows: add after: STEP` });
    return undefined;
  }
  try {
    const configured = definition.configure(step.with ?? {}, { stepName: step.name, includeMetadata: context.includeMetadata });
    return { kind: 'column', name: step.name, predecessors, step: configured };
  } catch (error) {
    if (!(error instanceof StepParamsError)) throw error;
    for (const problem of error.problems) context.report(paramProblem(path, step.step, problem));
    return undefined;
  }
}

/**
 * Places one line of a TaskParamsError or StepParamsError ("num_evolutions: Invalid input...",
 * "input_mappings: ...") on the key it is about.
 */
function paramProblem(path: DocumentPath, owner: string, problem: string): PipelineProblem {
  const [key = '', ...rest] = problem.split(': ');
  const reason = rest.join(': ').replace(/^Invalid input: /, '');
  if (key === 'input_mappings' || key === 'output_mappings') return { path: [...path, key], code: 'unknown-mapping-key', message: reason };
  if (/received undefined$/.test(reason)) {
    return { path: [...path, 'with'], code: 'missing-param', message: `${owner} needs the parameter ${key}` };
  }
  return { path: [...path, 'with', ...key.split('.')], code: 'invalid-param', message: `${owner} ${key}: ${reason}` };
}

function didYouMean(name: string, known: Iterable<string>): string {
  const match = [...known].find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return match ? `; did you mean ${match}?` : '';
}
