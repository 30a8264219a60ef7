import { needsRows } from '../columns';
import { stepAnchor } from '../pipelineModel';
import { report } from '../report';
import type { PipelineRule } from './rule';

/**
 * A pipeline writes the rows of one step, its last: the one no other step reads. A second step
 * that no step reads would run for nothing (the engine refuses to start), so every such step
 * but the output is reported: the output is the last of them in file order, since a forgotten
 * branch is usually the earlier one.
 */
export const unreachableSteps: PipelineRule = ({ source, model, graph, contracts }) => {
  const output = graph.outputStep === undefined ? undefined : model.steps[graph.outputStep];
  // An `after` naming no step, or a step that reads rows but has no `after`, is most likely
  // the missing reader: that is reported, and the dead end only once it is fixed.
  const brokenReader = model.steps.some(
    (step) => step.after.some((reference) => !graph.byName.has(reference.value)) || (step.after.length === 0 && needsRows(contracts[step.index] ?? { kind: 'unknown' })),
  );
  if (!output || brokenReader) return [];
  const outputName = output.name ? `"${output.name.value}"` : `step ${output.position + 1}`;
  return graph.lastSteps.flatMap((index) => {
    const step = model.steps[index];
    if (!step || step === output) return [];
    const label = step.name ? `"${step.name.value}"` : `${step.position + 1}`;
    return [
      report(
        source,
        stepAnchor(step),
        'unreachable-step',
        `No step reads the rows of step ${label}, so they never reach the output (the rows of ${outputName}, the last step). Read ${label} in a later step's \`after\` (CombineOutputs joins branches), or remove it.`,
        { related: [{ range: source.rangeOf(stepAnchor(output)), message: 'The output step' }] },
      ),
    ];
  });
};
