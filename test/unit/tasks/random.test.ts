import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rowRandom } from '../../../src/core/tasks/random';

const NAMES = ['CONSTRAINTS', 'DEEPENING', 'CONCRETIZING', 'INCREASED_REASONING_STEPS', 'BREADTH'];

function draws(seed: number, row: number, count = 10): number[] {
  const random = rowRandom(seed, row);
  return Array.from({ length: count }, () => random.int(0, 1_000_000));
}

describe('rowRandom', () => {
  test('the same seed and row give the same sequence, every time', () => {
    assert.deepEqual(draws(42, 0), draws(42, 0));
    assert.deepEqual(draws(42, 17), draws(42, 17));
    const a = rowRandom(7, 3);
    const b = rowRandom(7, 3);
    assert.deepEqual(
      Array.from({ length: 20 }, () => a.pick(NAMES)),
      Array.from({ length: 20 }, () => b.pick(NAMES)),
    );
  });

  test('a generator does not depend on other generators being used in between', () => {
    const alone = draws(42, 5);
    const interleaved = rowRandom(42, 5);
    const other = rowRandom(42, 6);
    const seen = Array.from({ length: 10 }, () => {
      other.int(0, 9);
      return interleaved.int(0, 1_000_000);
    });
    assert.deepEqual(seen, alone);
  });

  test('different rows and different seeds give different sequences', () => {
    assert.notDeepEqual(draws(42, 0), draws(42, 1));
    assert.notDeepEqual(draws(42, 0), draws(43, 0));
    const firstPicks = (seed: number) => Array.from({ length: 20 }, (_, row) => rowRandom(seed, row).pick(NAMES));
    assert.notDeepEqual(firstPicks(42), firstPicks(43));
    assert.notDeepEqual(firstPicks(42), firstPicks(0));
    // Neighbouring rows are not all handed the same first mutation.
    assert.ok(new Set(firstPicks(42)).size >= 3, firstPicks(42).join(','));
  });

  test('all seeds across many rows: no two (seed, row) streams collide in their first draws', () => {
    const seen = new Set<string>();
    for (const seed of [0, 1, 42, -1, 2 ** 31 - 1]) {
      for (let row = 0; row < 200; row++) seen.add(draws(seed, row, 4).join(','));
    }
    assert.equal(seen.size, 5 * 200);
  });

  test('int stays in [from, to], both ends reachable', () => {
    const random = rowRandom(1, 0);
    const values = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const value = random.int(1, 4);
      assert.ok(Number.isInteger(value) && value >= 1 && value <= 4, String(value));
      values.add(value);
    }
    assert.deepEqual([...values].sort(), [1, 2, 3, 4]);
  });

  test('pick covers every item, roughly uniformly, and refuses an empty list', () => {
    const random = rowRandom(42, 0);
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const name = random.pick(NAMES);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    assert.deepEqual([...counts.keys()].sort(), [...NAMES].sort());
    for (const [name, count] of counts) assert.ok(count > 800 && count < 1200, `${name}: ${count}`);
    assert.throws(() => random.pick([]), { message: 'cannot pick from an empty list' });
  });
});
