/**
 * The sets MinHash compares. `words`: runs of letters, marks and digits (with inner apostrophes,
 * as in "don't") and single punctuation marks, case kept, like distilabel's nltk word tokenizer
 * without its English-specific splits. `ngrams`: character n-grams over code points, as
 * distilabel's; a text shorter than `n` is one shingle (itself), so short texts are not all
 * treated as the same empty set.
 */
export type Tokenizer = { kind: 'words' } | { kind: 'ngrams'; n: number };

const WORD_OR_MARK = /[\p{L}\p{M}\p{N}_]+(?:['’][\p{L}\p{M}\p{N}_]+)*|[^\s\p{L}\p{M}\p{N}_]/gu;

export function shingles(text: string, tokenizer: Tokenizer): Set<string> {
  if (tokenizer.kind === 'words') return new Set(text.match(WORD_OR_MARK) ?? []);
  const characters = Array.from(text);
  if (characters.length < tokenizer.n) return new Set(characters.length === 0 ? [] : [text]);
  const grams = new Set<string>();
  for (let start = 0; start + tokenizer.n <= characters.length; start++) {
    grams.add(characters.slice(start, start + tokenizer.n).join(''));
  }
  return grams;
}

/** The exact Jaccard similarity of two sets (1 for two empty sets). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}
