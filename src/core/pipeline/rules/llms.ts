import type { Node } from 'yaml';
import { report, replaceFix } from '../report';
import { addStepKeyEdit } from '../stepEdits';
import { closestNames, didYouMean } from '../suggest';
import { yamlScalar } from '../yamlText';
import type { PipelineRule } from './rule';

/** The endpoint a step uses when it names none. */
const DEFAULT_LLM = 'default';

/**
 * Every task step has an endpoint: the `llms` entry its `llm` names, else `llms.default`. A file
 * with no `llms` at all is not flagged: its endpoint comes from the run (`distillery run
 * --base-url --model`, which then makes the `default` entry).
 */
export const llms: PipelineRule = ({ source, model, contracts }) => {
  const names = [...model.llms.keys()];
  return model.steps.flatMap((step) => {
    const contract = contracts[step.index];
    if (contract?.kind !== 'task' || !step.type) return [];
    if (step.llm) {
      if (model.llms.has(step.llm.value)) return [];
      const suggestions = closestNames(step.llm.value, names);
      const known = names.length > 0 ? `; \`llms\` has: ${names.join(', ')}.` : '; add it under `llms`.';
      return [
        report(source, step.llm.node, 'unknown-llm', `No entry "${step.llm.value}" in \`llms\`${didYouMean(suggestions) || known}`, {
          fixes: suggestions.map((name, index) => replaceFix(source, step.llm?.node as Node, name, `Change to "${name}"`, index === 0)),
        }),
      ];
    }
    if (model.llms.size === 0 || model.llms.has(DEFAULT_LLM)) return [];
    const [only] = names.length === 1 ? names : [];
    return [
      report(source, step.type.node, 'no-llm', `${contract.definition.name} needs an LLM, but this step names no \`llm\` and \`llms\` has no \`${DEFAULT_LLM}\` entry: add \`llm: <name>\` to the step, or a \`${DEFAULT_LLM}\` endpoint under \`llms\`.`, {
        fixes: only ? [{ title: `Use the endpoint "${only}"`, edits: [addStepKeyEdit(source, step, 'llm', yamlScalar(only))], preferred: true }] : [],
      }),
    ];
  });
};
