import { FRESH_START_TEMPLATE } from '../../../src/core/tasks/evolInstructGeneratorTemplates';
import type { MockRule } from './types';

const FRESH_START_PREFIX = FRESH_START_TEMPLATE.slice(0, FRESH_START_TEMPLATE.indexOf('<PROMPT>'));

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/**
 * A question from the nouns of a fresh-start request (EvolInstructGenerator and
 * EvolComplexityGenerator): one noun gives a short question (about 40 characters), several a
 * longer one, so tests see texts both below and inside a small length window. In-depth rewrites
 * of the question are answered by `generatedQuestionRewrite` below; in-breadth ones by the
 * generic "#Created Prompt#:" rule.
 */
export function freshStartQuestion(nouns: readonly string[]): string {
  const [first, ...rest] = nouns.map(withArticle);
  if (rest.length === 0) return `What is one everyday use for ${first}?`;
  return `How could ${[first, ...rest.slice(0, -1)].join(', ')} and ${rest.at(-1)} be used together in one afternoon?`;
}

/** A question `freshStartQuestion` wrote, after any number of in-breadth rewrites. */
const GENERATED_QUESTION = /^(?:In a rarer setting: )*(?:What is one everyday use for|How could) /;

/**
 * What a model adds in one in-depth rewrite, by the method the template asks for: 15 to 20 words
 * each, the most the templates allow ("at most 10 to 20 words longer"), as a model told to make a
 * short question harder tends to use.
 */
const IN_DEPTH_ADDITIONS: readonly (readonly [RegExp, readonly string[]])[] = [
  [
    /constraint or requirement/,
    [
      'Keep the whole answer under two hundred words, and name one situation in which the idea would not work.',
      'Use only things that a household of four would already own, and say roughly what each one costs.',
      'Finish within thirty minutes, without any power tools, and explain what to do if something breaks halfway.',
    ],
  ],
  [
    /more depth and breadth/,
    [
      'Go further into why it works, which mistakes people commonly make with it, and how experienced people avoid them.',
      'Also compare it with two alternatives, weighing effort, cost and safety, and say which one you would pick.',
      'Discuss how the answer changes for a child, for an older person, and for someone with little spare time.',
    ],
  ],
  [
    /more specific ones/,
    [
      'Set it in a rented flat in a rainy northern city during a cold and windy week in late November.',
      'Plan it for a primary-school class of twenty-four pupils with one teacher and a budget of fifty euros.',
      'Make it about a small family bakery on a busy high street that opens at six every morning.',
    ],
  ],
  [
    /steps of reasoning/,
    [
      'First list the options, then rule out the weakest two with reasons, and finally justify the one that remains.',
      'Work out how long each step takes, add the times up, and check the total against a two-hour limit.',
      'Start from what could go wrong, trace each risk back to its cause, and only then suggest a plan.',
    ],
  ],
];

/**
 * An in-depth rewrite of a generated question: the question with one addition of the template's
 * method appended, the first of that method's additions the text does not hold yet. Each rewrite
 * adds about 100 characters, as a model's would, so the generators' default window (512 to 1024
 * characters) is reached in four or five rewrites, and a step never jumps over a window of
 * 120 characters or more. The seed tasks' rewrites keep the one-sentence constraint of the
 * generic rule, which their tests compute.
 */
function generatedQuestionRewrite(content: string): string | undefined {
  const end = content.lastIndexOf('#Rewritten Prompt#:');
  const start = content.lastIndexOf('#Given Prompt#:', end);
  if (end < 0 || start < 0) return undefined;
  const given = content.slice(start + '#Given Prompt#:'.length, end).trim();
  if (!GENERATED_QUESTION.test(given)) return undefined;
  const method = /^How to make it harder: (.*)$/m.exec(content)?.[1] ?? '';
  const additions = IN_DEPTH_ADDITIONS.find(([pattern]) => pattern.test(method))?.[1];
  if (!additions) return undefined;
  const addition = additions.find((sentence) => !given.includes(sentence)) ?? (additions[0] as string);
  return `#Rewritten Prompt#:\n${given} ${addition}`;
}

/** Answers for the evolGenerators prompts; tried before the seed tasks' rules. */
export const evolGeneratorsRules: MockRule[] = [
  ({ content }) => {
    if (!content.startsWith(FRESH_START_PREFIX)) return undefined;
    const nouns = content.slice(FRESH_START_PREFIX.length).split(',').map((noun) => noun.trim()).filter((noun) => noun !== '');
    return nouns.length === 0 ? undefined : freshStartQuestion(nouns);
  },
  ({ content }) => generatedQuestionRewrite(content),
];
