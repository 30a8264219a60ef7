import { isMap, type Node, type YAMLMap } from 'yaml';
import type { z } from 'zod';
import { describeParams, type ParamDoc } from '../../docs/paramDocs';
import type { PipelineDiagnostic } from '../diagnostic';
import { deepestNodeAt, pairOf, valueOf } from '../locate';
import type { PipelineSource } from '../locate';
import type { StepEntry } from '../pipelineModel';
import { replaceFix, report } from '../report';
import type { StepContract } from '../stepContract';
import { closestNames, didYouMean } from '../suggest';
import { describeIssue, valueAt } from '../zodIssues';
import type { PipelineRule } from './rule';
import { isTemplateIssue } from './textGenerationTemplate';

type Issue = z.core.$ZodIssue;
type Configurable = Extract<StepContract, { kind: 'task' | 'column' }>;

interface ParamContext {
  source: PipelineSource;
  step: StepEntry;
  contract: Configurable;
  docs: ReadonlyMap<string, ParamDoc>;
  /** Where a problem about the parameters as a whole goes: the `with` key, else the task name. */
  anchor: Node;
}

function unknownParams(context: ParamContext, issue: Extract<Issue, { code: 'unrecognized_keys' }>): PipelineDiagnostic[] {
  const { source, step, contract, docs } = context;
  const map = deepestNodeAt(step.withMap, issue.path).node;
  const known = issue.path.length === 0 ? [...docs.keys()] : [];
  return issue.keys.map((key) => {
    const keyNode = isMap(map) ? (pairOf(map as YAMLMap, key)?.key as Node | undefined) : undefined;
    const suggestions = closestNames(key, known);
    const place = issue.path.length === 0 ? `${contract.definition.name} has no parameter "${key}"` : `Unknown key "${key}" in \`${issue.path.join('.')}\``;
    const hint = suggestions.length > 0 ? didYouMean(suggestions) : known.length > 0 ? `; its parameters: ${known.join(', ')}.` : '.';
    return report(source, keyNode ?? context.anchor, 'unknown-param', `${place}${hint}`, {
      fixes: keyNode ? suggestions.map((name, index) => replaceFix(source, keyNode, name, `Change to "${name}"`, index === 0)) : [],
    });
  });
}

function missingParam(context: ParamContext, name: string): PipelineDiagnostic {
  const doc = context.docs.get(name);
  const what = doc ? ` (${doc.type})${doc.description ? `: ${doc.description}` : ''}` : '.';
  return report(context.source, context.anchor, 'missing-param', `${context.contract.definition.name} needs parameter \`${name}\`${what}`);
}

function invalidParam(context: ParamContext, issue: Issue): PipelineDiagnostic {
  const { source, step, contract } = context;
  const node = deepestNodeAt(step.withMap, issue.path).node ?? context.anchor;
  return report(source, node, 'invalid-param', `Invalid \`${issue.path.join('.')}\` for ${contract.definition.name}: ${describeIssue(issue, step.params)}.`);
}

function paramDiagnostics(context: ParamContext, issue: Issue): PipelineDiagnostic[] {
  if (issue.code === 'unrecognized_keys') return unknownParams(context, issue);
  if (issue.code === 'invalid_type' && issue.path.length === 1 && valueAt(context.step.params, issue.path) === undefined) {
    return [missingParam(context, String(issue.path[0]))];
  }
  return [invalidParam(context, issue)];
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
    const context: ParamContext = {
      source,
      step,
      contract,
      docs: new Map(describeParams(contract.definition.params).map((doc) => [doc.name, doc])),
      anchor: (pairOf(step.node, 'with')?.key as Node | undefined) ?? step.type.node,
    };
    return contract.issues.filter((issue) => !isTemplateIssue(contract, issue) && !isRowCountIssue(step, contract, issue)).flatMap((issue) => paramDiagnostics(context, issue));
  });
