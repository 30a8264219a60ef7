import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { settle } from '../../support/fakeClock';
import { open, readFile, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { openJsonlWriter, serializeRow } from '../../../src/core/jsonl';
import { withTempDir } from './tempDir';

type WriteMethod = FileHandle['write'];

/** Runs `body` with every FileHandle's write method replaced by `wrap(original)`. */
async function withFileHandleWrite(
  dir: string,
  wrap: (original: WriteMethod) => WriteMethod,
  body: () => Promise<void>,
): Promise<void> {
  const probe = await open(join(dir, 'probe'), 'w');
  const prototype = Object.getPrototypeOf(probe) as FileHandle;
  await probe.close();
  const original = prototype.write;
  prototype.write = wrap(original);
  try {
    await body();
  } finally {
    prototype.write = original;
  }
}

describe('openJsonlWriter', () => {
  test('creates parent directories and writes one line per row', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'a', 'b', 'out.jsonl');
      const writer = await openJsonlWriter(path);
      await writer.write({ n: 1 });
      await writer.write({ n: 'x\ny\u2028' });
      await writer.close();
      assert.equal(await readFile(path, 'utf8'), '{"n":1}\n{"n":"x\\ny\\u2028"}\n');
    });
  });

  test('replaces an existing file unless appending', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'out.jsonl');
      await writeFile(path, '{"old":1}\n');
      const writer = await openJsonlWriter(path);
      await writer.write({ n: 1 });
      await writer.close();
      assert.equal(await readFile(path, 'utf8'), '{"n":1}\n');
    });
  });

  describe('append', () => {
    const cases: Array<[string, string | undefined, string]> = [
      ['adds a newline first when the last line has none', '{"n":1}', '{"n":1}\n{"n":2}\n'],
      ['adds nothing after a final newline', '{"n":1}\n', '{"n":1}\n{"n":2}\n'],
      ['adds nothing after a final CRLF', '{"n":1}\r\n', '{"n":1}\r\n{"n":2}\n'],
      ['adds nothing to an empty file', '', '{"n":2}\n'],
      ['creates a missing file', undefined, '{"n":2}\n'],
    ];
    for (const [name, existing, expected] of cases) {
      test(name, async () => {
        await withTempDir(async (dir) => {
          const path = join(dir, 'out.jsonl');
          if (existing !== undefined) await writeFile(path, existing);
          const writer = await openJsonlWriter(path, { append: true });
          await writer.write({ n: 2 });
          await writer.close();
          assert.equal(await readFile(path, 'utf8'), expected);
        });
      });
    }
  });

  test('writes whole lines, those of one turn in one write call, and a megabyte at once', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'out.jsonl');
      const big = 'z'.repeat(1024 * 1024);
      const writes: string[] = [];
      const recording = (original: WriteMethod) =>
        function (this: FileHandle, ...args: Parameters<WriteMethod>) {
          const [data, offset, length] = args;
          if (Buffer.isBuffer(data) && typeof offset === 'number' && typeof length === 'number') {
            writes.push(data.subarray(offset, offset + length).toString());
          }
          return original.apply(this, args);
        } as WriteMethod;
      await withFileHandleWrite(dir, recording, async () => {
        const writer = await openJsonlWriter(path, { append: true });
        await writer.write({ n: 1 });
        await writer.write({ n: 2 });
        await settle();
        await writer.write({ n: 3 });
        // A megabyte waiting is written at once, with the line queued before it.
        await writer.write({ text: big });
        await writer.write({ n: 4 });
        await writer.close();
      });
      assert.deepEqual(writes, ['{"n":1}\n{"n":2}\n', `{"n":3}\n{"text":"${big}"}\n`, '{"n":4}\n']);
    });
  });

  test('writes rows in call order when calls are not awaited one by one', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'out.jsonl');
      const writer = await openJsonlWriter(path);
      const numbers = Array.from({ length: 200 }, (_, index) => index);
      await Promise.all(numbers.map((n) => writer.write({ n })));
      await writer.close();
      assert.equal(await readFile(path, 'utf8'), numbers.map((n) => `{"n":${n}}\n`).join(''));
    });
  });

  test('writes megabytes of multi-byte text through its reused buffers, every line whole and in order', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'out.jsonl');
      const writer = await openJsonlWriter(path);
      // Three-byte characters, four-byte ones and long lines, so lines end near and across each buffer's end.
      const rows = Array.from({ length: 12_000 }, (_, n) => ({ n, text: `€${'✓'.repeat(n % 97)}😀${'x'.repeat((n * 7919) % 600)}` }));
      for (let start = 0; start < rows.length; start += 50) {
        const chunk = rows.slice(start, start + 50);
        if (start % 100 === 0) await writer.writeLines(chunk.map((row) => serializeRow(row)));
        else for (const [index, row] of chunk.entries()) await (index % 2 === 0 ? writer.writeLine(serializeRow(row)) : writer.write(row));
        if (start % 1000 === 0) await settle();
      }
      await writer.close();
      assert.equal(await readFile(path, 'utf8'), rows.map((row) => `${serializeRow(row)}\n`).join(''));
    });
  });

  test('a row that cannot be serialized fails alone and writes nothing', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'out.jsonl');
      const writer = await openJsonlWriter(path);
      await assert.rejects(writer.write({ n: 1n }), { name: 'TypeError' });
      await writer.write({ n: 2 });
      await writer.close();
      assert.equal(await readFile(path, 'utf8'), '{"n":2}\n');
    });
  });

  test('after a failed write, close and every later write fail, so nothing follows a half line', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'out.jsonl');
      const writer = await openJsonlWriter(path);
      const diskFull = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      let calls = 0;
      const failingOnce = (original: WriteMethod) =>
        function (this: FileHandle, ...args: Parameters<WriteMethod>) {
          calls += 1;
          return calls === 1 ? Promise.reject(diskFull) : original.apply(this, args);
        } as WriteMethod;
      await withFileHandleWrite(dir, failingOnce, async () => {
        await writer.write({ n: 1 });
        await settle();
        await assert.rejects(writer.write({ n: 2 }), diskFull);
        await assert.rejects(writer.close(), diskFull);
      });
      assert.equal(calls, 1);
      assert.equal(await readFile(path, 'utf8'), '');
    });
  });

  test('close waits for pending writes; writing after close fails; closing twice is harmless', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'out.jsonl');
      const writer = await openJsonlWriter(path);
      const pending = writer.write({ n: 1 });
      await writer.close();
      await pending;
      assert.equal(await readFile(path, 'utf8'), '{"n":1}\n');
      await assert.rejects(writer.write({ n: 2 }), {
        message: `Cannot write to ${path}: the JSONL writer is closed.`,
      });
      await writer.close();
    });
  });
});
