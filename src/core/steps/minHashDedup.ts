import * as z from 'zod';
import { col } from '../tasks/columns';
import { defineColumnStep } from './defineColumnStep';
import { MinHasher } from './minhash/minHash';
import { LshIndex, optimalBanding } from './minhash/lshIndex';
import { shingles, type Tokenizer } from './minhash/shingles';

const minHashDedupParams = z.strictObject({
  threshold: z
    .number()
    .gt(0)
    .max(1)
    .default(0.9)
    .describe('Estimated Jaccard similarity at or above which a row is a duplicate of an earlier kept row; lower finds more duplicates.'),
  num_perm: z.int().min(2).max(1024).default(128).describe('Number of MinHash permutations: more is more precise and slower.'),
  seed: z.int().default(1).describe('Seed of the hash functions: the same seed and rows give the same flags.'),
  tokenizer: z
    .enum(['words', 'ngrams'])
    .default('words')
    .describe('`words` compares sets of words and punctuation marks; `ngrams` compares sets of character n-grams of size `n`.'),
  n: z.int().min(1).default(5).describe('Size of the character n-grams; only used with `tokenizer: ngrams`.'),
});

export const minHashDedup = defineColumnStep({
  kind: 'stream',
  name: 'MinHashDedup',
  description: 'Flag near-duplicate texts with MinHash and LSH: `keep_row_after_minhash_filtering` is false for a row too similar to an earlier kept one.',
  categories: ['filtering'],
  notes: [
    'Rows are taken in order; the first of a group of near-duplicates is kept. No row is removed: filter on the flag.',
    'MinHash uses a seeded MurmurHash3 per shingle and seeded 32-bit permutations; the LSH banding is chosen as datasketch chooses it, and every LSH candidate is confirmed by its estimated Jaccard similarity.',
  ],
  deviations: [
    'A row is flagged only when its estimated Jaccard similarity with an earlier kept row reaches `threshold`; distilabel flags every LSH candidate, which includes some less similar rows.',
    'The index lives in memory (`storage: disk` is not supported). The `words` tokenizer is a Unicode word/punctuation splitter rather than nltk\'s, and an n-gram text shorter than `n` is its own single shingle.',
    'MurmurHash3 replaces datasketch\'s SHA-1, so flags match distilabel\'s in kind but not bit for bit.',
  ],
  params: minHashDedupParams,
  inputs: () => ({ text: col.string }),
  outputs: () => ({ keep_row_after_minhash_filtering: col.boolean }),
  open: (params) => {
    const hasher = new MinHasher(params.num_perm, params.seed);
    const index = new LshIndex(params.threshold, optimalBanding(params.threshold, params.num_perm));
    const tokenizer: Tokenizer = params.tokenizer === 'words' ? { kind: 'words' } : { kind: 'ngrams', n: params.n };
    return {
      push(row) {
        const signature = hasher.signature(shingles(row.text as string, tokenizer));
        const duplicate = index.hasNearDuplicate(signature);
        if (!duplicate) index.insert(signature);
        return { row: { ...row, keep_row_after_minhash_filtering: !duplicate } };
      },
    };
  },
});
