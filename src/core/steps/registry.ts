import { combineOutputs } from './combineOutputs';
import { conversationTemplate } from './conversationTemplate';
import type { StepDefinition } from './defineColumnStep';
import { expandColumns } from './expandColumns';
import { formatChatGenerationDpo, formatTextGenerationDpo } from './formatDpo';
import { formatChatGenerationSft, formatTextGenerationSft } from './formatSft';
import { groupColumns } from './groupColumns';
import { keepColumns } from './keepColumns';
import { mergeColumns } from './mergeColumns';
import { minHashDedup } from './minHashDedup';

/** Every column step, by its distilabel name, in the order the task reference lists them. */
export const STEPS: ReadonlyMap<string, StepDefinition> = new Map(
  [
    keepColumns,
    mergeColumns,
    expandColumns,
    groupColumns,
    combineOutputs,
    conversationTemplate,
    formatTextGenerationSft,
    formatChatGenerationSft,
    formatTextGenerationDpo,
    formatChatGenerationDpo,
    minHashDedup,
  ].map((step): [string, StepDefinition] => [step.name, step]),
);

/** The step called `name`, or an Error listing the known names. */
export function findStep(name: string): StepDefinition {
  const step = STEPS.get(name);
  if (step) return step;
  const caseInsensitive = [...STEPS.keys()].find((known) => known.toLowerCase() === name.toLowerCase());
  const hint = caseInsensitive ? `Did you mean ${caseInsensitive}? ` : '';
  throw new Error(`Unknown step "${name}". ${hint}Known steps: ${[...STEPS.keys()].join(', ')}.`);
}
