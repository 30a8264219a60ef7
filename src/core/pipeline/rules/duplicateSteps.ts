import { stepAnchor } from '../pipelineModel';
import { report } from '../report';
import type { PipelineRule } from './rule';

/** Step names are unique: `after` and the metadata keys name steps by them. */
export const duplicateSteps: PipelineRule = ({ source, model, graph }) =>
  model.steps.flatMap((step) => {
    const first = step.name ? graph.byName.get(step.name.value) : undefined;
    if (!step.name || !first || first === step) return [];
    return [
      report(source, step.name.node, 'duplicate-step', `Another step is already named "${step.name.value}": step names must be unique, since \`after\` refers to steps by name.`, {
        related: [{ range: source.rangeOf(stepAnchor(first)), message: `The first step named "${step.name.value}"` }],
      }),
    ];
  });
