import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EntryTable, type RecordLocation } from '../../../src/core/cache/entryTable';
import type { KeyDigest } from '../../../src/core/cache/indexEntry';

/** Digests that all start probing at slot 0, so they collide and chain. */
const colliding = (n: number) => ({ low: 0, high: n });
const at = (segmentId: number, offset: number) => ({ segmentId, offset, length: offset + 1 });
const place = (table: EntryTable, digest: KeyDigest, location: RecordLocation) => table.set(digest, location.segmentId, location.offset, location.length);

describe('EntryTable', () => {
  test('finds, replaces and removes entries whose digests collide', () => {
    const table = new EntryTable();
    for (let n = 0; n < 5; n++) place(table, colliding(n), at(1, n));
    place(table, colliding(2), at(2, 20));
    assert.equal(table.size, 5);
    assert.deepEqual(table.get(colliding(2)), at(2, 20));

    table.deleteIfAt(colliding(1), at(1, 1));
    assert.equal(table.get(colliding(1)), undefined);
    // Probing goes on past the removed one.
    assert.deepEqual(table.get(colliding(4)), at(1, 4));
    // A newer entry than the one named is left alone.
    table.deleteIfAt(colliding(2), at(1, 2));
    assert.deepEqual(table.get(colliding(2)), at(2, 20));
    // A removed slot is reused.
    place(table, colliding(9), at(3, 9));
    assert.equal(table.size, 5);
    assert.deepEqual(table.get(colliding(9)), at(3, 9));
    assert.equal(table.get(colliding(7)), undefined);
  });

  test('grows past its first capacity and keeps every entry', () => {
    const table = new EntryTable();
    const digest = (n: number) => ({ low: Math.imul(n, 0x9e3779b1) >>> 0, high: n });
    for (let n = 0; n < 50_000; n++) place(table, digest(n), at(1 + (n % 3), n));
    assert.equal(table.size, 50_000);
    for (let n = 0; n < 50_000; n++) assert.deepEqual(table.get(digest(n)), at(1 + (n % 3), n));
  });

  test('removes whole segments and keeps the rest', () => {
    const table = new EntryTable();
    const digest = (n: number) => ({ low: n * 7, high: n });
    for (let n = 0; n < 3000; n++) place(table, digest(n), at(1 + (n % 3), n));
    table.deleteSegments(new Set([1, 3]));
    assert.equal(table.size, 1000);
    for (let n = 0; n < 3000; n++) assert.deepEqual(table.get(digest(n)), n % 3 === 1 ? at(2, n) : undefined, `entry ${n}`);
    table.clear();
    assert.equal(table.size, 0);
    assert.equal(table.get(digest(1)), undefined);
  });
});
