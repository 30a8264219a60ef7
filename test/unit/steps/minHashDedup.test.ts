import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../../src/core/jsonl/types';
import { col } from '../../../src/core/tasks/columns';
import { errorMetadata, FIX, streamStep } from './kit';

const BASE =
  'Large language models are trained on vast collections of text gathered from books, articles and websites, and they learn to predict the next word in a sentence. ' +
  'This simple objective, repeated billions of times, gives them a surprising ability to answer questions, summarise documents and write code in many languages.';

const TEXTS = [
  BASE,
  // One word changed: word-set Jaccard 0.95.
  BASE.replace('surprising', 'remarkable'),
  'Photosynthesis converts light energy into chemical energy stored in glucose, releasing oxygen as a by-product in the leaves of green plants.',
  BASE,
  // Several words changed and a sentence cut: well below 0.9.
  'Large language models are trained on text from books and websites, and learn to predict the next word. Their abilities surprise many people.',
  'Photosynthesis converts light energy into chemical energy stored in glucose, releasing oxygen as a by-product in the leaves of green plants!',
];

function flags(params: unknown, texts: readonly string[]): (boolean | null)[] {
  const stream = streamStep('MinHashDedup', params).open();
  return texts.flatMap((text) => stream.push({ text }).map((result) => result.row.keep_row_after_minhash_filtering as boolean | null));
}

describe('MinHashDedup', () => {
  test('near-duplicates of an earlier kept row are flagged, distinct texts kept', () => {
    assert.deepEqual(flags({}, TEXTS), [true, false, true, false, true, false]);
  });

  test('a lower threshold catches the looser paraphrase too', () => {
    assert.deepEqual(flags({ threshold: 0.3 }, TEXTS), [true, false, true, false, false, false]);
  });

  test('character n-grams', () => {
    assert.deepEqual(flags({ tokenizer: 'ngrams', n: 3 }, TEXTS), [true, false, true, false, true, false]);
    assert.deepEqual(flags({ tokenizer: 'ngrams', n: 5 }, ['abc', 'abd', 'abc', '']), [true, true, false, true]);
  });

  test('deterministic: the same seed and rows give the same flags, run after run', () => {
    const many = Array.from({ length: 40 }, (_, index) => `${BASE} ${index % 7 === 0 ? 'variant' : ''} ${index % 3}`);
    assert.deepEqual(flags({ seed: 5 }, many), flags({ seed: 5 }, many));
    assert.deepEqual(flags({ seed: 5 }, TEXTS), flags({ seed: 99 }, TEXTS));
  });

  test('each open() starts from an empty index', () => {
    const step = streamStep('MinHashDedup');
    for (let run = 0; run < 2; run++) {
      const stream = step.open();
      assert.equal(stream.push({ text: BASE })[0]?.row.keep_row_after_minhash_filtering, true);
      assert.deepEqual(stream.finish(), []);
    }
  });

  test('the row passes through with the flag added', () => {
    const stream = streamStep('MinHashDedup').open();
    assert.deepEqual(stream.push({ id: 1, text: 'hello world' }), [{ row: { id: 1, text: 'hello world', keep_row_after_minhash_filtering: true } }]);
  });

  test('column contract', () => {
    const step = streamStep('MinHashDedup');
    assert.deepEqual(step.inputs, { text: col.string });
    assert.deepEqual(step.outputs(), { keep_row_after_minhash_filtering: col.boolean });
    assert.deepEqual(step.columnsAfter({ text: col.string, id: col.number }), { text: col.string, id: col.number, keep_row_after_minhash_filtering: col.boolean });
    assert.deepEqual(step.params, { threshold: 0.9, num_perm: 128, seed: 1, tokenizer: 'words', n: 5 });
  });

  test('a row without a text gets a null flag and the reason, and does not enter the index', () => {
    const stream = streamStep('MinHashDedup').open();
    const error = `column "text" should be a string, got a number (42). ${FIX}`;
    const results = [{ text: 42 }, { text: BASE }, { text: BASE }].flatMap((row: JsonObject) => stream.push(row));
    assert.deepEqual(results, [
      { row: { text: 42, keep_row_after_minhash_filtering: null, ...errorMetadata('min_hash_dedup_0', error) }, error },
      { row: { text: BASE, keep_row_after_minhash_filtering: true } },
      { row: { text: BASE, keep_row_after_minhash_filtering: false } },
    ]);
  });

  test('parameters are checked', () => {
    assert.throws(() => streamStep('MinHashDedup', { threshold: 0 }), /threshold: /);
    assert.throws(() => streamStep('MinHashDedup', { threshold: 1.5 }), /threshold: /);
    assert.throws(() => streamStep('MinHashDedup', { tokenizer: 'chars' }), /tokenizer: /);
    assert.throws(() => streamStep('MinHashDedup', { num_perm: 1 }), /num_perm: /);
  });
});
