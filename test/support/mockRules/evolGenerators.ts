import type { MockRule } from './types';

/** Answers for the evolGenerators prompts; tried before the seed tasks' rules. */
export const evolGeneratorsRules: MockRule[] = [];
