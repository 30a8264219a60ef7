import { report } from '../report';
import type { PipelineRule } from './rule';

/** `after` references that close a loop: rows cannot flow through steps that wait on each other. */
export const cycles: PipelineRule = ({ source, model, graph }) =>
  graph.cycles.flatMap((cycle) => {
    const members = new Set(cycle);
    const names = cycle.map((index) => `"${model.steps[index]?.name?.value ?? ''}"`);
    const what = cycle.length === 1 ? `Step ${names[0]} reads its own rows` : `Steps ${names.slice(0, -1).join(', ')} and ${names.at(-1)} read each other's rows in a cycle`;
    return cycle.flatMap((index) =>
      (model.steps[index]?.after ?? []).flatMap((reference) => {
        const target = graph.byName.get(reference.value);
        return target && members.has(target.index)
          ? [report(source, reference.node, 'cycle', `${what}: a step can only read steps that come before it. Remove one of these \`after\` references.`)]
          : [];
      }),
    );
  });
