import type { MockRule } from './types';

/** Answers for the curation prompts; tried before the seed tasks' rules. */
export const curationRules: MockRule[] = [];
