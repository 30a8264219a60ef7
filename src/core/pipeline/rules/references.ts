import { replaceFix, report } from '../report';
import { closestNames, didYouMean } from '../suggest';
import type { PipelineRule } from './rule';

/** Every name in `after` is the name of a step. */
export const references: PipelineRule = ({ source, model, graph }) => {
  const names = [...graph.byName.keys()];
  return model.steps.flatMap((step) =>
    step.after.flatMap((reference) => {
      if (graph.byName.has(reference.value)) return [];
      const suggestions = closestNames(reference.value, names.filter((name) => name !== step.name?.value));
      const message = `No step is named "${reference.value}"${didYouMean(suggestions) || `; the steps are: ${names.join(', ')}.`}`;
      return [
        report(source, reference.node, 'unknown-reference', message, {
          fixes: suggestions.map((name, index) => replaceFix(source, reference.node, name, `Change to "${name}"`, index === 0)),
        }),
      ];
    }),
  );
};
