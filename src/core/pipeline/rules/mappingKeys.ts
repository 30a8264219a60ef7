import type { ColumnSpec } from '../../tasks/columns';
import type { MappingEntry } from '../pipelineModel';
import { replaceFix, report } from '../report';
import { closestNames, didYouMean } from '../suggest';
import type { PipelineRule } from './rule';

/** The keys of `input_mappings` are the task's inputs, and those of `output_mappings` its outputs. */
export const mappingKeys: PipelineRule = ({ source, model, contracts }) =>
  model.steps.flatMap((step) => {
    const contract = contracts[step.index];
    if (contract?.kind !== 'task' || !contract.configured) return [];
    const task = contract.definition.name;
    const check = (entries: readonly MappingEntry[], spec: ColumnSpec, side: 'input' | 'output') =>
      entries.flatMap(({ key }) => {
        if (key.value in spec) return [];
        const known = Object.keys(spec);
        const suggestions = closestNames(key.value, known);
        const listed = `; its ${side}s: ${known.join(', ') || 'none'}.`;
        return [
          report(source, key.node, 'unknown-mapping-key', `${task} has no ${side} "${key.value}"${didYouMean(suggestions) || listed}`, {
            fixes: suggestions.map((name, index) => replaceFix(source, key.node, name, `Change to "${name}"`, index === 0)),
          }),
        ];
      });
    return [...check(step.inputMappings, contract.configured.inputs, 'input'), ...check(step.outputMappings, contract.configured.outputs, 'output')];
  });
