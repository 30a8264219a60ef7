import { FRESH_START_TEMPLATE } from '../../../src/core/tasks/evolInstructGeneratorTemplates';
import type { MockRule } from './types';

const FRESH_START_PREFIX = FRESH_START_TEMPLATE.slice(0, FRESH_START_TEMPLATE.indexOf('<PROMPT>'));

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/**
 * A question from the nouns of a fresh-start request (EvolInstructGenerator and
 * EvolComplexityGenerator): one noun gives a short question (about 40 characters), several a
 * longer one, so tests see texts both below and inside a small length window. Rewrites of the
 * question are left to the generic "#Rewritten Prompt#:" rule, which appends a constraint.
 */
export function freshStartQuestion(nouns: readonly string[]): string {
  const [first, ...rest] = nouns.map(withArticle);
  if (rest.length === 0) return `What is one everyday use for ${first}?`;
  return `How could ${[first, ...rest.slice(0, -1)].join(', ')} and ${rest.at(-1)} be used together in one afternoon?`;
}

/** Answers for the evolGenerators prompts; tried before the seed tasks' rules. */
export const evolGeneratorsRules: MockRule[] = [
  ({ content }) => {
    if (!content.startsWith(FRESH_START_PREFIX)) return undefined;
    const nouns = content.slice(FRESH_START_PREFIX.length).split(',').map((noun) => noun.trim()).filter((noun) => noun !== '');
    return nouns.length === 0 ? undefined : freshStartQuestion(nouns);
  },
];
