import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

/** The random choices a task may make; seeded so that the same seed gives the same choices. */
export interface RandomSource {
  /** A uniform integer in [from, to], both included. */
  int(from: number, to: number): number;
  /** A uniform pick from a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/**
 * A generator for one row (and one of its generations). Seeding per row (from the task seed
 * and the row's position in the run) rather than sharing one generator makes the choices independent of the order in which
 * concurrent requests complete: the same seed and input give the same mutations every time.
 */
export function rowRandom(seed: number, rowIndex: number, generation = 0): RandomSource {
  // Mix the integers so neighbouring rows and generations do not get correlated streams.
  const mixed =
    Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(rowIndex + 1, 0x85ebca6b) ^ Math.imul(generation, 0xc2b2ae35);
  const generator = xoroshiro128plus(mixed | 0);
  return {
    int: (from, to) => uniformInt(generator, from, to),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[uniformInt(generator, 0, items.length - 1)] as T;
    },
  };
}
