import { dirname, resolve } from 'node:path';
import { predecessorsOf, type Pipeline } from '../schema';
import { endpointsWithOverrides, type LlmOverrides } from './llmEndpoints';
import type { PipelineProblem } from './problems';
import { planStep, type UnlinkedStep } from './planStep';
import type { Consumer, PlannedStep, RunPlan } from './runPlan';
import { orderSteps } from './stepOrder';

export interface PlanOptions {
  /** The pipeline file: `load` and `output` paths are relative to its folder. */
  pipelineFile: string;
  llmOverrides?: LlmOverrides;
  /** Add `distilabel_metadata` to the rows (default true). */
  includeMetadata?: boolean;
}

export type PlanResult = { plan: RunPlan; problems: [] } | { plan: undefined; problems: PipelineProblem[] };

/**
 * Turns a schema-valid pipeline into a plan the engine can run, or the problems that stop it:
 * unknown or duplicate steps and references, cycles, task and step parameters, LLM entries,
 * generator row counts, missing files, and more than one last step.
 */
export function planPipeline(pipeline: Pipeline, options: PlanOptions): PlanResult {
  const problems: PipelineProblem[] = [];
  const report = (problem: PipelineProblem) => problems.push(problem);
  const names = pipeline.steps.map((step) => step.name);
  const referencesSound = checkNamesAndReferences(pipeline, names, report);

  const context = {
    pipelineDir: dirname(resolve(options.pipelineFile)),
    llms: endpointsWithOverrides(pipeline.llms, options.llmOverrides),
    includeMetadata: options.includeMetadata ?? true,
    report,
  };
  const unlinked = pipeline.steps.map((step, index) => planStep(step, index, context));

  const predecessors = new Map(pipeline.steps.map((step) => [step.name, predecessorsOf(step)]));
  const { order, cycles } = orderSteps(names, (name) => predecessors.get(name) ?? []);
  const consumers = consumersByStep(pipeline);
  // With a reference to no step, or two steps of one name, the graph the user means is unknown:
  // it is judged once the references are fixed.
  if (referencesSound) checkGraph(names, predecessors, cycles, consumers, report);
  if (problems.length > 0) return { plan: undefined, problems };

  const byName = new Map(unlinked.map((step) => [step?.name, step]));
  const steps = order.map((name): PlannedStep => ({ ...(byName.get(name) as UnlinkedStep), consumers: consumers.get(name) ?? [] }));
  return {
    plan: {
      name: pipeline.name,
      steps,
      lastStep: steps.find((step) => step.consumers.length === 0)?.name as string,
      llms: context.llms,
      ...(pipeline.output !== undefined ? { output: resolve(context.pipelineDir, pipeline.output) } : {}),
      includeMetadata: context.includeMetadata,
    },
    problems: [],
  };
}

/** Reports duplicate step names and references to no step; true when there are none. */
function checkNamesAndReferences(pipeline: Pipeline, names: readonly string[], report: (problem: PipelineProblem) => void): boolean {
  let sound = true;
  pipeline.steps.forEach((step, index) => {
    if (names.indexOf(step.name) !== index) {
      sound = false;
      report({ path: ['steps', index, 'name'], code: 'duplicate-step', message: `another step is already called "${step.name}"; step names must be unique` });
    }
    const after = predecessorsOf(step);
    after.forEach((reference, position) => {
      // For `after: name` (no list) the locator stops at the name itself.
      const path = ['steps', index, 'after', position];
      if (!names.includes(reference)) {
        sound = false;
        report({ path, code: 'unknown-reference', message: `no step is called "${reference}"${closestName(reference, names)}` });
      } else if (after.indexOf(reference) !== position) {
        report({ path, code: 'duplicate-reference', message: `"${reference}" is already listed in after` });
      }
    });
  });
  return sound;
}

/** Cycles, and more than one last step (the output must come from one). */
function checkGraph(
  names: readonly string[],
  predecessors: ReadonlyMap<string, readonly string[]>,
  cycles: readonly (readonly string[])[],
  consumers: ReadonlyMap<string, readonly Consumer[]>,
  report: (problem: PipelineProblem) => void,
): void {
  for (const cycle of cycles) {
    const members = cycle.map((member) => `"${member}"`).join(', ');
    for (const name of cycle) {
      const after = predecessors.get(name) ?? [];
      after.forEach((reference, position) => {
        if (!cycle.includes(reference)) return;
        const path = ['steps', names.indexOf(name), 'after', position];
        const message = cycle.length === 1 ? `"${name}" reads itself` : `"${name}" reads "${reference}" in a cycle (${members} read each other)`;
        report({ path, code: 'cycle', message: `${message}; remove one of these after references` });
      });
    }
  }
  const lastSteps = names.filter((name) => (consumers.get(name) ?? []).length === 0);
  for (const name of cycles.length === 0 ? lastSteps.slice(1) : []) {
    report({
      path: ['steps', names.indexOf(name), 'name'],
      code: 'unreachable-step',
      message: `no step reads "${name}" nor "${lastSteps[0]}": a pipeline has one last step, whose rows are its output. Let one read the other, join them (e.g. CombineOutputs), or remove one`,
    });
  }
}

/** Who reads each step, with the branch (position in their `after`) it is for them. */
function consumersByStep(pipeline: Pipeline): Map<string, Consumer[]> {
  const consumers = new Map<string, Consumer[]>();
  for (const step of pipeline.steps) {
    predecessorsOf(step).forEach((predecessor, branch) => {
      consumers.set(predecessor, [...(consumers.get(predecessor) ?? []), { step: step.name, branch }]);
    });
  }
  return consumers;
}

function closestName(reference: string, names: readonly string[]): string {
  const match = names.find((name) => name.toLowerCase() === reference.toLowerCase());
  return match ? `; did you mean "${match}"?` : '';
}
