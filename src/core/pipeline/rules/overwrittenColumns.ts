import { describeStep } from '../pipelineModel';
import { report } from '../report';
import { setMappingEdit } from '../stepEdits';
import { taskOutputs } from '../taskColumns';
import { producedAt } from './columnEvidence';
import type { PipelineRule } from './rule';

/**
 * A task output that lands on a column the rows already have replaces it without a word: the
 * classic case is a second TextGeneration overwriting the first one's `generation`. Warned,
 * with a fix that writes the output under a name of its own. (`model_name` and the metadata are
 * written by every task on purpose.)
 */
export const overwrittenColumns: PipelineRule = (analysis) =>
  analysis.model.steps.flatMap((step) => {
    const contract = analysis.contracts[step.index];
    const upstream = analysis.columns[step.index]?.upstream;
    if (contract?.kind !== 'task' || !contract.configured || !upstream || contract.definition.kind === 'generator') return [];
    return taskOutputs(step, contract.configured).flatMap((output) => {
      const existing = upstream.columns.get(output.column);
      const producer = existing && analysis.model.steps[existing.producer];
      if (!existing || !producer) return [];
      const renamed = step.name ? `${output.column}_${step.name.value}` : `${output.column}_2`;
      return [
        report(
          analysis.source,
          output.mapping?.column?.node ?? step.type?.node ?? step.node,
          'overwrites-column',
          `${contract.definition.name} writes "${output.column}", replacing the "${output.column}" column from ${describeStep(producer)}: rename the output with \`output_mappings\` to keep both.`,
          {
            severity: 'warning',
            related: producedAt(analysis, upstream, output.column),
            fixes: [{ title: `Write "${output.name}" to "${renamed}"`, edits: [setMappingEdit(analysis.source, step, 'output_mappings', output.name, renamed)], preferred: true }],
          },
        ),
      ];
    });
  });
