import type { Node } from 'yaml';
import { STEPS } from '../../steps/registry';
import { TASKS } from '../../tasks/registry';
import type { PipelineDiagnostic } from '../diagnostic';
import type { PipelineSource } from '../locate';
import type { StepEntry } from '../pipelineModel';
import { replaceFix, report } from '../report';
import { closestNames, didYouMean } from '../suggest';
import type { PipelineRule } from './rule';

/** The key a step names its task or column step with, and what it says in messages. */
const KINDS = {
  task: { key: 'task', names: TASKS, noun: 'task', code: 'unknown-task', list: 'run `distillery tasks` for the list' },
  column: { key: 'step', names: STEPS, noun: 'column step', code: 'unknown-step-kind', list: 'docs/tasks.md lists them' },
} as const;

/** A task written under `step:` (or a column step under `task:`): say so, and offer to swap the key. */
function underWrongKey(source: PipelineSource, step: StepEntry, name: Node, kind: 'task' | 'column'): PipelineDiagnostic {
  const [used, other] = kind === 'task' ? [KINDS.task, KINDS.column] : [KINDS.column, KINDS.task];
  const keyNode = step.node.items.find((pair) => pair.value === name)?.key as Node;
  const written = step.type?.value ?? '';
  return report(source, name, used.code, `"${written}" is a ${other.noun}, not a ${used.noun}: write \`${other.key}: ${written}\`.`, {
    fixes: [replaceFix(source, keyNode, other.key, `Change \`${used.key}\` to \`${other.key}\``, true)],
  });
}

/** `Unknown task "X"; did you mean "Y"?`, or where the names are listed: the editor's words, and the CLI's. */
export function unknownTypeMessage(kind: 'task' | 'column', value: string, suggestions: readonly string[]): string {
  const { noun, list } = KINDS[kind];
  return suggestions.length > 0 ? `Unknown ${noun} "${value}"${didYouMean(suggestions)}` : `Unknown ${noun} "${value}" (${list}).`;
}

/** Every `task:` and `step:` names a declared task or column step; a misspelt one gets "did you mean". */
export const stepTypes: PipelineRule = ({ source, model }) =>
  model.steps.flatMap((step) => {
    if ((step.kind !== 'task' && step.kind !== 'column') || !step.type) return [];
    const kind = KINDS[step.kind];
    const { value, node } = step.type;
    if (kind.names.has(value)) return [];
    const other = step.kind === 'task' ? KINDS.column : KINDS.task;
    if (other.names.has(value)) return [underWrongKey(source, step, node, step.kind)];
    const suggestions = closestNames(value, kind.names.keys());
    return [
      report(source, node, kind.code, unknownTypeMessage(step.kind, value, suggestions), {
        fixes: suggestions.map((name, index) => replaceFix(source, node, name, `Change to "${name}"`, index === 0)),
      }),
    ];
  });
