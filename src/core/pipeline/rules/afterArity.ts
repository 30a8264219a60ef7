import type { Node } from 'yaml';
import { needsRows } from '../columns';
import { pairOf } from '../locate';
import { report } from '../report';
import { addStepKeyEdit } from '../stepEdits';
import { yamlScalar } from '../yamlText';
import type { PipelineRule } from './rule';

/**
 * Whether each step reads rows as its kind requires: a task or column step reads the rows of
 * the steps its `after` names, so it needs one; a generator task makes rows, so it takes none.
 * (A `load` with `after` is an unknown key, for the schema rule.)
 */
export const afterArity: PipelineRule = ({ source, model, contracts }) =>
  model.steps.flatMap((step) => {
    const contract = contracts[step.index];
    if (!contract || !step.type) return [];
    const afterPair = pairOf(step.node, 'after');
    if (contract.kind === 'task' && contract.definition.kind === 'generator') {
      return afterPair
        ? [report(source, afterPair.key as Node, 'generator-after', `${contract.definition.name} makes rows rather than reading them: remove \`after\`.`)]
        : [];
    }
    if (!needsRows(contract) || afterPair) return [];
    const previous = model.steps.slice(0, step.index).reverse().find((other) => other.name);
    const what = contract.kind === 'task' || contract.kind === 'column' ? contract.definition.name : step.type.value;
    return [
      report(source, step.type.node, 'missing-after', `${what} reads rows, but this step has no \`after\`: name the step whose rows it reads.`, {
        fixes: previous?.name
          ? [{ title: `Read the rows of "${previous.name.value}"`, edits: [addStepKeyEdit(source, step, 'after', yamlScalar(previous.name.value))], preferred: true }]
          : [],
      }),
    ];
  });
