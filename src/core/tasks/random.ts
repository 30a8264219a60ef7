import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { JsonObject } from '../jsonl/types';

/** The random choices a task may make; seeded so that the same seed gives the same choices. */
export interface RandomSource {
  /** A uniform integer in [from, to], both included. */
  int(from: number, to: number): number;
  /** A uniform pick from a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/**
 * What seeds a row's random choices besides the task seed: the values of the columns the task
 * reads, never the row's position in the run. So a row gets the same choices (and sends the
 * same, cacheable, requests) whether the file is run whole, in `--lines` pieces or as a
 * selection; two rows with the same inputs get the same choices. Generators read no column:
 * their rows are told apart by their number among the generated rows.
 */
export function rowSeedKey(inputColumns: readonly string[], row: JsonObject, index: number): number {
  if (inputColumns.length === 0) return index;
  return fnv1a(JSON.stringify(inputColumns.map((column) => row[column] ?? null)));
}

/** 32-bit FNV-1a over UTF-16 code units: a fast, stable hash; a rare collision only repeats choices. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * A generator for one row (and one of its generations), seeded from the task seed and the row's
 * `rowSeedKey`. One generator per row rather than a shared one makes the choices independent of
 * the order in which concurrent requests complete.
 */
export function rowRandom(seed: number, rowKey: number, generation = 0): RandomSource {
  // Mix the integers so neighbouring rows and generations do not get correlated streams.
  const mixed =
    Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(rowKey + 1, 0x85ebca6b) ^ Math.imul(generation, 0xc2b2ae35);
  const generator = xoroshiro128plus(mixed | 0);
  return {
    int: (from, to) => uniformInt(generator, from, to),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[uniformInt(generator, 0, items.length - 1)] as T;
    },
  };
}
