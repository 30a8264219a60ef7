/**
 * Mutation prompts for EvolInstruct, written for this project after the method of WizardLM
 * (arXiv 2304.12244): in-depth evolving (add a constraint, deepen, concretize, require more
 * reasoning) and in-breadth evolving (a new prompt in the same domain). Each template holds
 * `<PROMPT>` where the current instruction goes and ends with a header ending in "Prompt#:",
 * after which the answer is read.
 */

function inDepthTemplate(method: string): string {
  return [
    'You rewrite prompts. Turn the prompt below into a more demanding version of itself: one that',
    'capable AI assistants such as ChatGPT and GPT-4 find harder to handle well, yet that a person',
    'can still understand and answer sensibly.',
    'Keep everything in the original that is not plain prose, such as tables, code and data, and',
    'keep any input it comes with.',
    '',
    `How to make it harder: ${method}`,
    '',
    'The rewritten prompt may be at most 10 to 20 words longer than the original. Do not refer to',
    'the "given prompt" or the "rewritten prompt" in what you write.',
    '',
    '#Given Prompt#:',
    '<PROMPT>',
    '',
    '#Rewritten Prompt#:',
    '',
  ].join('\n');
}

const BREADTH_TEMPLATE = [
  'You create prompts. Let the prompt below inspire a brand-new one that belongs to the same',
  'domain but treats a rarer, less common subject. Keep its length and difficulty close to the',
  'original, and make sure a person can understand and answer it.',
  'Do not refer to the "given prompt" or the "created prompt" in what you write.',
  '',
  '#Given Prompt#:',
  '<PROMPT>',
  '',
  '#Created Prompt#:',
  '',
].join('\n');

/** The in-depth methods shared by EvolInstruct and EvolComplexity. */
export const IN_DEPTH_TEMPLATES = {
  CONSTRAINTS: inDepthTemplate('add exactly one more constraint or requirement to it.'),
  DEEPENING: inDepthTemplate('where it asks about particular issues, ask about them in more depth and breadth.'),
  CONCRETIZING: inDepthTemplate('replace general concepts in it with more specific ones.'),
  INCREASED_REASONING_STEPS: inDepthTemplate(
    'if a few simple thoughts are enough to answer it, rewrite it so that answering explicitly takes several steps of reasoning.',
  ),
} as const;

export const EVOL_INSTRUCT_TEMPLATES: Readonly<Record<string, string>> = {
  ...IN_DEPTH_TEMPLATES,
  BREADTH: BREADTH_TEMPLATE,
};
