import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestCacheError, RequestStore, clearRequestCache, type JsonValue } from '../../../src/core/cache';
import { cacheBytesOnDisk, filesEnding, keyOf, withCacheDir } from './cacheDir';

/** A value whose JSON is 102 bytes, so each record is 180 bytes (12 header + 2 + 64 key + 102) and 200 with its index entry. */
function fixedSizeValue(n: number): string {
  return `${String(n).padStart(2, '0')}${'x'.repeat(98)}`;
}
const RECORD_BYTES = 180;
const INDEX_ENTRY_BYTES = 20;

function putNumbered(store: RequestStore, from: number, to: number): void {
  for (let n = from; n < to; n++) store.put(keyOf(n), { n, text: `value ${n}` });
}

function assertNumbered(store: RequestStore, from: number, to: number): void {
  for (let n = from; n < to; n++) assert.deepEqual(store.get(keyOf(n)), { n, text: `value ${n}` }, `entry ${n}`);
}

describe('RequestStore', () => {
  test('gives back what was put, and nothing for other keys', async () => {
    await withCacheDir((dir) => {
      const store = RequestStore.open(dir);
      const values: JsonValue[] = [
        { outputs: ['Seven.', null], usage: { inputTokens: 12, outputTokens: 3 }, nested: { list: [1, 2.5, -3e-7] } },
        'plain text with "quotes", a newline\n, émojis 🎉 and a lone \ud800 surrogate',
        42,
        null,
        false,
        [],
        {},
      ];
      values.forEach((value, n) => store.put(keyOf(n), value));
      values.forEach((value, n) => {
        assert.deepEqual(store.get(keyOf(n)), value);
        assert.equal(store.has(keyOf(n)), true);
      });
      assert.equal(store.get(keyOf(99)), undefined);
      assert.equal(store.has(keyOf(99)), false);
      assert.deepEqual(store.stats(), { entries: 7, bytes: cacheBytesOnDisk(dir), segments: 1 });
      store.close();
    });
  });

  test('keeps the latest value put for a key, also after reopening', async () => {
    await withCacheDir((dir) => {
      const store = RequestStore.open(dir);
      store.put('k', 'first');
      store.put('k', 'second');
      assert.equal(store.get('k'), 'second');
      assert.equal(store.stats().entries, 1);
      store.close();
      const reopened = RequestStore.open(dir);
      reopened.put('k', 'third');
      reopened.close();
      const again = RequestStore.open(dir);
      assert.equal(again.get('k'), 'third');
      assert.equal(again.stats().entries, 1);
      again.close();
    });
  });

  test('sees every entry after reopening, across segments', async () => {
    await withCacheDir((dir) => {
      const store = RequestStore.open(dir, { segmentBytes: 1000 });
      putNumbered(store, 0, 300);
      const written = store.stats();
      store.close();
      const reopened = RequestStore.open(dir, { segmentBytes: 1000 });
      assertNumbered(reopened, 0, 300);
      assert.deepEqual(reopened.stats(), written);
      assert.ok(written.segments > 20, `${written.segments} segments`);
      reopened.close();
    });
  });

  test('creates a missing directory, with its format file', async () => {
    await withCacheDir((dir) => {
      const cacheDir = join(dir, 'a', 'b', 'cache');
      const store = RequestStore.open(cacheDir);
      store.put('k', 1);
      store.close();
      assert.deepEqual(JSON.parse(readFileSync(join(cacheDir, 'cache-format.json'), 'utf8')), { format: 'distillery-request-cache', version: 1 });
      assert.equal(RequestStore.open(cacheDir).get('k'), 1);
    });
  });

  test('keeps what two writers on one directory wrote, each in its own segment', async () => {
    await withCacheDir((dir) => {
      const extension = RequestStore.open(dir);
      const cli = RequestStore.open(dir);
      for (let n = 0; n < 100; n++) (n % 2 === 0 ? extension : cli).put(keyOf(n), { n, text: `value ${n}` });
      assert.deepEqual(extension.get(keyOf(0)), { n: 0, text: 'value 0' });
      // Each sees what it wrote; the other's entries once reopened.
      assert.equal(extension.get(keyOf(1)), undefined);
      extension.close();
      cli.close();
      assert.equal(filesEnding(dir, '.seg').length, 2);
      const reopened = RequestStore.open(dir);
      assertNumbered(reopened, 0, 100);
      assert.equal(reopened.stats().entries, 100);
      reopened.close();
    });
  });

  describe('after a crash', () => {
    test('a torn segment tail loses only the torn record, and the next writer starts a new segment', async () => {
      await withCacheDir((dir) => {
        const store = RequestStore.open(dir);
        putNumbered(store, 0, 5);
        store.close();
        const [segment] = filesEnding(dir, '.seg');
        truncateSync(segment!, statSync(segment!).size - 3);
        appendFileSync(segment!, Buffer.from('garbage after the tear'));
        const damagedSize = statSync(segment!).size;

        const reopened = RequestStore.open(dir);
        assertNumbered(reopened, 0, 4);
        assert.equal(reopened.get(keyOf(4)), undefined);
        assert.equal(reopened.stats().entries, 4);
        reopened.put(keyOf(5), { n: 5, text: 'value 5' });
        reopened.close();
        assert.equal(statSync(segment!).size, damagedSize);
        assert.equal(filesEnding(dir, '.seg').length, 2);
        const again = RequestStore.open(dir);
        assertNumbered(again, 0, 4);
        assertNumbered(again, 5, 6);
        again.close();
      });
    });

    test('a record cut short after the indexed ones is skipped', async () => {
      await withCacheDir((dir) => {
        const store = RequestStore.open(dir);
        putNumbered(store, 0, 6);
        store.close();
        const [segment] = filesEnding(dir, '.seg');
        const [index] = filesEnding(dir, '.idx');
        // The state of a writer killed in the middle of writing its sixth record.
        const lastRecordStart = readFileSync(index!).readUInt32LE(5 * INDEX_ENTRY_BYTES + 8);
        truncateSync(index!, 5 * INDEX_ENTRY_BYTES);
        truncateSync(segment!, lastRecordStart + 30);
        const reopened = RequestStore.open(dir);
        assertNumbered(reopened, 0, 5);
        assert.equal(reopened.get(keyOf(5)), undefined);
        assert.equal(reopened.stats().entries, 5);
        reopened.close();
      });
    });

    test('a torn index tail loses nothing: whole records past it are recovered from the segment', async () => {
      await withCacheDir((dir) => {
        const store = RequestStore.open(dir);
        putNumbered(store, 0, 5);
        store.close();
        const [index] = filesEnding(dir, '.idx');
        truncateSync(index!, statSync(index!).size - 7);
        appendFileSync(index!, Buffer.from('garbage after the tear, longer than one entry'));
        const reopened = RequestStore.open(dir);
        assertNumbered(reopened, 0, 5);
        assert.equal(reopened.stats().entries, 5);
        reopened.close();
      });
    });

    test('a missing index is rebuilt from its segment', async () => {
      await withCacheDir((dir) => {
        const store = RequestStore.open(dir);
        putNumbered(store, 0, 5);
        store.close();
        unlinkSync(filesEnding(dir, '.idx')[0]!);
        const reopened = RequestStore.open(dir);
        assertNumbered(reopened, 0, 5);
        reopened.close();
      });
    });
  });

  test('a flipped byte in a value makes that entry a miss and leaves the others', async () => {
    await withCacheDir((dir) => {
      const store = RequestStore.open(dir);
      putNumbered(store, 0, 5);
      store.close();
      const [segment] = filesEnding(dir, '.seg');
      const bytes = readFileSync(segment!);
      const at = bytes.indexOf('value 2');
      bytes[at] = bytes[at]! ^ 0x01;
      writeFileSync(segment!, bytes);

      const reopened = RequestStore.open(dir);
      assert.equal(reopened.stats().entries, 5);
      assert.equal(reopened.get(keyOf(2)), undefined);
      assert.equal(reopened.has(keyOf(2)), false);
      assert.equal(reopened.stats().entries, 4);
      assertNumbered(reopened, 0, 2);
      assertNumbered(reopened, 3, 5);
      reopened.close();
    });
  });

  describe('size limit', () => {
    // 5 records of 180 bytes fill a 900-byte segment; with its index a full segment takes 1,000 bytes.
    const limits = { maxBytes: 3000, segmentBytes: 900 };

    test('keeps the files under maxBytes by dropping the oldest segments whole', async () => {
      await withCacheDir((dir) => {
        const store = RequestStore.open(dir, limits);
        for (let n = 0; n < 20; n++) {
          store.put(keyOf(n), fixedSizeValue(n));
          assert.ok(store.stats().bytes <= limits.maxBytes, `${store.stats().bytes} bytes after entry ${n}`);
          assert.equal(cacheBytesOnDisk(dir), store.stats().bytes, `after entry ${n}`);
        }
        assert.equal(store.get(keyOf(19))?.toString().length, 100);
        // Entries 0-4 (the first segment) made room for 15-19.
        for (let n = 0; n < 5; n++) assert.equal(store.get(keyOf(n)), undefined, `entry ${n}`);
        for (let n = 5; n < 20; n++) assert.equal(store.get(keyOf(n)), fixedSizeValue(n), `entry ${n}`);
        assert.deepEqual(store.stats(), { entries: 15, bytes: 15 * (RECORD_BYTES + INDEX_ENTRY_BYTES), segments: 3 });
        store.close();
      });
    });

    test('opening with a lower limit drops the oldest segments', async () => {
      await withCacheDir((dir) => {
        const store = RequestStore.open(dir, limits);
        for (let n = 0; n < 15; n++) store.put(keyOf(n), fixedSizeValue(n));
        store.close();
        const smaller = RequestStore.open(dir, { maxBytes: 2000, segmentBytes: 900 });
        assert.deepEqual(smaller.stats(), { entries: 10, bytes: 2000, segments: 2 });
        for (let n = 0; n < 5; n++) assert.equal(smaller.get(keyOf(n)), undefined, `entry ${n}`);
        for (let n = 5; n < 15; n++) assert.equal(smaller.get(keyOf(n)), fixedSizeValue(n), `entry ${n}`);
        assert.equal(cacheBytesOnDisk(dir), 2000);
        smaller.close();
      });
    });

    test('counts and evicts segments other writers added since opening', async () => {
      await withCacheDir((dir) => {
        const first = RequestStore.open(dir, limits);
        const second = RequestStore.open(dir, limits);
        for (let n = 0; n < 10; n++) second.put(keyOf(n), fixedSizeValue(n));
        second.close();
        for (let n = 10; n < 25; n++) first.put(keyOf(n), fixedSizeValue(n));
        assert.ok(cacheBytesOnDisk(dir) <= limits.maxBytes, `${cacheBytesOnDisk(dir)} bytes`);
        first.close();
        const reopened = RequestStore.open(dir, limits);
        for (let n = 0; n < 10; n++) assert.equal(reopened.get(keyOf(n)), undefined, `entry ${n}`);
        for (let n = 10; n < 25; n++) assert.equal(reopened.get(keyOf(n)), fixedSizeValue(n), `entry ${n}`);
        reopened.close();
      });
    });

    test('refuses an entry larger than maxBytes and stays usable', async () => {
      await withCacheDir((dir) => {
        const store = RequestStore.open(dir, { maxBytes: 1000, segmentBytes: 500 });
        store.put('small', 'fits');
        assert.throws(() => store.put('large', 'x'.repeat(2000)), (error: Error) => error instanceof RangeError && /does not fit in the cache's limit of 1000 bytes/.test(error.message));
        store.put('small again', 'fits');
        assert.equal(store.get('small again'), 'fits');
        store.close();
      });
    });

    test('rejects limits that cannot work', () => {
      assert.throws(() => RequestStore.open('unused', { maxBytes: 0 }), /maxBytes must be a whole number of bytes above 0, got 0/);
      assert.throws(() => RequestStore.open('unused', { maxBytes: 1000, segmentBytes: 2000 }), /segmentBytes must be a whole number of bytes from 1 to 1000/);
      assert.equal(existsSync('unused'), false);
    });
  });

  describe('clear', () => {
    test('empties the cache, including other writers’ segments, and keeps every other file', async () => {
      await withCacheDir((dir) => {
        writeFileSync(join(dir, 'notes.txt'), 'mine');
        writeFileSync(join(dir, 'backup.seg'), 'also mine');
        const other = RequestStore.open(dir);
        putNumbered(other, 0, 3);
        other.close();
        const store = RequestStore.open(dir);
        putNumbered(store, 3, 6);
        store.clear();
        assert.deepEqual(store.stats(), { entries: 0, bytes: 0, segments: 0 });
        assert.equal(store.get(keyOf(4)), undefined);
        assert.deepEqual(filesEnding(dir, '.idx'), []);
        assert.deepEqual(filesEnding(dir, '.seg'), [join(dir, 'backup.seg')]);
        assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
        store.put(keyOf(7), 'after clearing');
        store.close();
        const reopened = RequestStore.open(dir);
        assert.equal(reopened.get(keyOf(0)), undefined);
        assert.equal(reopened.get(keyOf(7)), 'after clearing');
        assert.equal(reopened.stats().entries, 1);
        reopened.close();
      });
    });

    test('clearRequestCache empties a directory without opening it, and reports what it removed', async () => {
      await withCacheDir((dir) => {
        const store = RequestStore.open(dir);
        putNumbered(store, 0, 3);
        store.close();
        const bytes = cacheBytesOnDisk(dir) + statSync(join(dir, 'cache-format.json')).size;
        writeFileSync(join(dir, 'notes.txt'), 'mine');
        assert.deepEqual(clearRequestCache(dir), { files: 3, bytes });
        assert.deepEqual(clearRequestCache(dir), { files: 0, bytes: 0 });
        assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
        assert.deepEqual(clearRequestCache(join(dir, 'missing')), { files: 0, bytes: 0 });
      });
    });
  });

  describe('format', () => {
    test('a cache of another format version is refused, naming the directory and how to empty it', async () => {
      await withCacheDir((dir) => {
        const store = RequestStore.open(dir);
        store.put('k', 1);
        store.close();
        writeFileSync(join(dir, 'cache-format.json'), JSON.stringify({ format: 'distillery-request-cache', version: 2 }));
        assert.throws(
          () => RequestStore.open(dir),
          (error: Error) =>
            error instanceof RequestCacheError &&
            error.message === `The request cache in ${dir} has format version 2, and this Distillery reads version 1 (the cache was probably written by another Distillery version). Run \`distillery cache clear\` to empty it, or use another cache directory.`,
        );
        clearRequestCache(dir);
        const cleared = RequestStore.open(dir);
        assert.equal(cleared.get('k'), undefined);
        cleared.close();
      });
    });

    test('a format file that is not the cache’s is refused', async () => {
      await withCacheDir((dir) => {
        writeFileSync(join(dir, 'cache-format.json'), '{"format":"something else"}');
        assert.throws(() => RequestStore.open(dir), new RegExp(`is not a Distillery request cache format file, so ${dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')} cannot be used`));
      });
    });
  });

  test('a directory path that is a file is refused with the path', async () => {
    await withCacheDir((dir) => {
      const file = join(dir, 'file');
      writeFileSync(file, '');
      assert.throws(() => RequestStore.open(file), (error: Error) => error instanceof RequestCacheError && error.message.startsWith(`Could not create the request cache directory ${file}: `));
    });
  });

  test('a closed store says so', async () => {
    await withCacheDir((dir) => {
      const store = RequestStore.open(dir);
      store.close();
      store.close();
      assert.throws(() => store.get('k'), new RegExp('Cannot read from the request cache in .*: it was closed'));
      assert.throws(() => store.put('k', 1), /Cannot write to the request cache/);
    });
  });
});
