import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashString, murmur3 } from '../../../src/core/steps/minhash/hash32';
import { LshIndex, optimalBanding } from '../../../src/core/steps/minhash/lshIndex';
import { estimateJaccard, MinHasher } from '../../../src/core/steps/minhash/minHash';
import { jaccard, shingles } from '../../../src/core/steps/minhash/shingles';

describe('murmur3', () => {
  // Reference values of MurmurHash3_x86_32.
  const vectors: [string, number, number][] = [
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['a', 0x9747b28c, 0x7fa09ea6],
    ['abc', 0, 0xb3dd93fa],
    ['Hello, world!', 1234, 0xfaf6cdb3],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ];
  for (const [text, seed, expected] of vectors) {
    test(`${JSON.stringify(text)} seed ${seed}`, () => assert.equal(hashString(text, seed), expected));
  }

  test('hashes bytes as given', () => assert.equal(murmur3(new Uint8Array([0x21, 0x43, 0x65, 0x87]), 0), 0xf55b516b));
});

describe('shingles', () => {
  test('words: words with inner apostrophes and punctuation marks, case kept, as a set', () => {
    assert.deepEqual([...shingles("Don't stop, don't STOP now!", { kind: 'words' })], ["Don't", 'stop', ',', "don't", 'STOP', 'now', '!']);
    assert.deepEqual([...shingles('Grüße aus 東京 2024', { kind: 'words' })], ['Grüße', 'aus', '東京', '2024']);
  });

  test('ngrams: character n-grams over code points; a shorter text is one shingle', () => {
    assert.deepEqual([...shingles('abcab', { kind: 'ngrams', n: 2 })], ['ab', 'bc', 'ca']);
    assert.deepEqual([...shingles('👋👋x', { kind: 'ngrams', n: 2 })], ['👋👋', '👋x']);
    assert.deepEqual([...shingles('abc', { kind: 'ngrams', n: 5 })], ['abc']);
    assert.deepEqual([...shingles('', { kind: 'ngrams', n: 5 })], []);
  });

  test('exact jaccard', () => {
    assert.equal(jaccard(new Set(['a', 'b']), new Set(['b', 'c'])), 1 / 3);
    assert.equal(jaccard(new Set(), new Set()), 1);
  });
});

describe('MinHash', () => {
  const words = (from: number, to: number) => new Set(Array.from({ length: to - from }, (_, index) => `w${from + index}`));

  test('the estimate tracks the true Jaccard similarity', () => {
    const hasher = new MinHasher(128, 1);
    const pairs: [Set<string>, Set<string>][] = [
      [words(0, 100), words(0, 100)],
      [words(0, 200), words(20, 200)],
      [words(0, 100), words(10, 110)],
      [words(0, 100), words(50, 150)],
      [words(0, 30), words(25, 55)],
      [words(0, 100), words(100, 200)],
    ];
    for (const [a, b] of pairs) {
      const estimate = estimateJaccard(hasher.signature(a), hasher.signature(b));
      // One standard error is at most sqrt(0.25 / 128) = 0.044.
      assert.ok(Math.abs(estimate - jaccard(a, b)) <= 0.1, `estimate ${estimate} for true ${jaccard(a, b)}`);
    }
  });

  test('deterministic per seed; other seeds give other signatures', () => {
    const set = words(0, 50);
    assert.deepEqual(new MinHasher(64, 7).signature(set), new MinHasher(64, 7).signature(set));
    assert.notDeepEqual(new MinHasher(64, 7).signature(set), new MinHasher(64, 8).signature(set));
  });

  test('the order of shingles does not matter', () => {
    const hasher = new MinHasher(32, 1);
    assert.deepEqual(hasher.signature(['a', 'b', 'c']), hasher.signature(['c', 'a', 'b']));
  });
});

describe('LSH banding', () => {
  test("datasketch's choice for its common settings", () => {
    assert.deepEqual(optimalBanding(0.9, 128), { bands: 5, rows: 25 });
    assert.deepEqual(optimalBanding(0.5, 128), { bands: 25, rows: 5 });
  });

  test('finds an indexed near-duplicate and rejects a candidate below the threshold', () => {
    const hasher = new MinHasher(128, 1);
    const index = new LshIndex(0.8, optimalBanding(0.8, 128));
    const base = new Set(Array.from({ length: 100 }, (_, index) => `w${index}`));
    index.insert(hasher.signature(base));
    assert.equal(index.size, 1);
    assert.equal(index.hasNearDuplicate(hasher.signature(new Set([...base, 'extra']))), true);
    assert.equal(index.hasNearDuplicate(hasher.signature(new Set([...base].slice(0, 50)))), false);
  });
});
