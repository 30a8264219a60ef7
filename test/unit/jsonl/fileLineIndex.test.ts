import assert from 'node:assert/strict';
import { appendFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileChangedError, FileLineIndex } from '../../../src/core/jsonl/fileLineIndex';
import { withTempDir } from './tempDir';

/** Scans the whole file `budget` bytes at a time; returns every line handed over. */
async function scanAll(index: FileLineIndex, budget: number): Promise<[number, string][]> {
  const seen: [number, string][] = [];
  while (!index.complete) await index.scan(budget, (line, text) => seen.push([line, text]));
  return seen;
}

describe('a line index over a file on disk', () => {
  const content = '\uFEFF{"a":1}\r\n{"b":"é ü"}\n\n{"c":3}\r';
  const expected: [number, string][] = [
    [0, '{"a":1}'],
    [1, '{"b":"é ü"}'],
    [2, ''],
    // The last line has no newline: its '\r' stays, as readLineBytes keeps it.
    [3, '{"c":3}\r'],
  ];

  for (const budget of [1, 3, 7, 1 << 20]) {
    it(`hands over every line once, in order, whatever the slice (${budget} bytes), and reads each back`, () =>
      withTempDir(async (dir) => {
        const path = join(dir, 'rows.jsonl');
        await writeFile(path, content);
        const index = await FileLineIndex.open(path);
        try {
          assert.deepEqual(await scanAll(index, budget), expected);
          assert.equal(index.lineCount, 4);
          assert.equal(index.fraction, 1);
          for (const [line, text] of expected) assert.equal(index.line(line), text);
        } finally {
          await index.close();
        }
      }));
  }

  it('a file ending in a newline has no empty last line; an empty file has none', () =>
    withTempDir(async (dir) => {
      await writeFile(join(dir, 'a.jsonl'), '{"a":1}\n{"b":2}\n');
      await writeFile(join(dir, 'empty.jsonl'), '');
      const a = await FileLineIndex.open(join(dir, 'a.jsonl'));
      const empty = await FileLineIndex.open(join(dir, 'empty.jsonl'));
      assert.deepEqual(await scanAll(a, 4), [
        [0, '{"a":1}'],
        [1, '{"b":2}'],
      ]);
      assert.equal(a.line(1), '{"b":2}');
      assert.deepEqual(await scanAll(empty, 4), []);
      assert.throws(() => a.line(2), /line 3 is not indexed \(2 lines so far\)/);
      await Promise.all([a.close(), empty.close()]);
    }));

  it('refuses to read a line back once the file changed on disk, saying what to do', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'rows.jsonl');
      await writeFile(path, '{"a":1}\n{"b":2}\n');
      const index = await FileLineIndex.open(path);
      await scanAll(index, 1 << 20);
      await writeFile(path, '{"b":2}\n{"a":1}\n');
      await utimes(path, new Date(), new Date(Date.now() + 5000));
      assert.throws(() => index.line(0), (error: unknown) => error instanceof FileChangedError && /changed on disk since it was read: show its results again/.test(error.message));
      await index.close();
    }));
});

describe('a line index following a growing file', () => {
  it('hands over lines as they are completed, never a half-written one, and the last one once ended', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'out.jsonl');
      await writeFile(path, '{"a":1}\n{"b"');
      const index = await FileLineIndex.open(path, { growing: true });
      const seen: [number, string][] = [];
      const scan = () => index.scan(1 << 20, (line, text) => seen.push([line, text]));
      await scan();
      assert.deepEqual(seen, [[0, '{"a":1}']]);
      await appendFile(path, ':2}\n{"c":3}');
      await scan();
      assert.deepEqual(seen, [
        [0, '{"a":1}'],
        [1, '{"b":2}'],
      ]);
      assert.equal(index.line(1), '{"b":2}', 'a growing file may change: it is still the one indexed');
      assert.equal(index.complete, false);
      index.end();
      await scan();
      assert.deepEqual(seen.at(-1), [2, '{"c":3}']);
      assert.equal(index.complete, true);
      await index.close();
    }));
});
