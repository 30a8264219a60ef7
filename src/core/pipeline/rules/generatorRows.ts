import type { Node } from 'yaml';
import { pairOf } from '../locate';
import { report } from '../report';
import type { PipelineRule } from './rule';

/**
 * How many rows a generator task makes: `rows`, or its own count parameter (`num_instructions`)
 * when it has one; the two must agree when both are written. Other tasks make one result per
 * row they read, so `rows` means nothing there. The same checks as the engine's plan.
 */
export const generatorRows: PipelineRule = ({ source, model, contracts }) =>
  model.steps.flatMap((step) => {
    const contract = contracts[step.index];
    if (contract?.kind !== 'task' || !step.type) return [];
    const rowsPair = pairOf(step.node, 'rows');
    const rows = step.rows;
    const { definition } = contract;
    if (definition.kind !== 'generator') {
      return rowsPair ? [report(source, rowsPair.key as Node, 'rows-not-generator', `\`rows\` is for generator tasks; ${definition.name} makes one result per row it reads.`)] : [];
    }
    const countParam = definition.rowCountParam;
    const fromParams = countParam === undefined ? undefined : step.params[countParam];
    if (rows === undefined && typeof fromParams !== 'number') {
      if (rowsPair) return []; // A `rows` that is not a number is the schema rule's.
      return [report(source, step.type.node, 'generator-rows', `${definition.name} is a generator: say how many rows to make with \`rows: N\`${countParam ? ` (or \`with.${countParam}\`)` : ''}.`)];
    }
    if (rows !== undefined && typeof fromParams === 'number' && rows !== fromParams && rowsPair?.value) {
      return [report(source, rowsPair.value as Node, 'generator-rows', `\`rows: ${rows}\` and \`with.${countParam}: ${fromParams}\` disagree: give one of them.`)];
    }
    return [];
  });
