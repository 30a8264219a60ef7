import { isMap, type Node, type YAMLMap } from 'yaml';
import type * as z from 'zod';
import type { PipelineDiagnostic } from '../diagnostic';
import { deepestNodeAt, pairOf, valueOf } from '../locate';
import type { PipelineSource } from '../locate';
import { paramProblems, type ParamProblem } from '../paramProblems';
import type { StepEntry } from '../pipelineModel';
import { replaceFix, report } from '../report';
import type { StepContract } from '../stepContract';
import type { PipelineRule } from './rule';
import { isTemplateIssue } from './textGenerationTemplate';

type Issue = z.core.$ZodIssue;
type Configurable = Extract<StepContract, { kind: 'task' | 'column' }>;

interface ParamContext {
  source: PipelineSource;
  step: StepEntry;
  /** Where a problem about the parameters as a whole goes: the `with` key, else the task name. */
  anchor: Node;
}

/** A parameter problem placed on the key or value it is about, with "did you mean" fixes. */
function diagnosticFor(context: ParamContext, problem: ParamProblem): PipelineDiagnostic {
  const { source, step, anchor } = context;
  switch (problem.code) {
    case 'unknown-param': {
      const map = deepestNodeAt(step.withMap, problem.path).node;
      const keyNode = isMap(map) ? (pairOf(map as YAMLMap, problem.key)?.key as Node | undefined) : undefined;
      return report(source, keyNode ?? anchor, problem.code, problem.message, {
        fixes: keyNode ? problem.suggestions.map((name, index) => replaceFix(source, keyNode, name, `Change to "${name}"`, index === 0)) : [],
      });
    }
    case 'missing-param':
      return report(source, anchor, problem.code, problem.message);
    case 'invalid-param':
      return report(source, deepestNodeAt(step.withMap, problem.path).node ?? anchor, problem.code, problem.message);
  }
}

/** A generator's missing count parameter: the `generator-rows` rule asks for `rows` instead. */
function isRowCountIssue(step: StepEntry, contract: Configurable, issue: Issue): boolean {
  const countParam = contract.kind === 'task' ? contract.definition.rowCountParam : undefined;
  return countParam !== undefined && issue.path.length === 1 && issue.path[0] === countParam && !(countParam in step.params);
}

/** `with` against the task's (or column step's) parameter schema: unknown, missing and ill-typed parameters. */
export const params: PipelineRule = ({ source, model, contracts }) =>
  model.steps.flatMap((step) => {
    const contract = contracts[step.index];
    if (!contract || (contract.kind !== 'task' && contract.kind !== 'column') || !step.type) return [];
    const written = valueOf(step.node, 'with');
    // A `with` that is not a map is the schema rule's to report; its parameters cannot be read.
    if (written && !isMap(written)) return [];
    const context: ParamContext = { source, step, anchor: (pairOf(step.node, 'with')?.key as Node | undefined) ?? step.type.node };
    const issues = contract.issues.filter((issue) => !isTemplateIssue(contract, issue) && !isRowCountIssue(step, contract, issue));
    return paramProblems(contract.definition.name, contract.definition.params, step.params, issues).map((problem) => diagnosticFor(context, problem));
  });
