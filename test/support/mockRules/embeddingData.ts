import type { MockRule } from './types';

/** Answers for the embeddingData prompts; tried before the seed tasks' rules. */
export const embeddingDataRules: MockRule[] = [];
