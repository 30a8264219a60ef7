import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseJsonl, readJsonlBatches, readJsonlFile, type JsonlReadItem, type ReadJsonlOptions } from '../../../src/core/jsonl';
import { withTempDir } from './tempDir';

async function collect(items: AsyncIterable<JsonlReadItem>): Promise<JsonlReadItem[]> {
  const collected: JsonlReadItem[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

/** What readJsonlFile should yield for `text`: parseJsonl's rows and errors, in line order. */
function expectedItems(text: string): JsonlReadItem[] {
  const { rows, errors } = parseJsonl(text);
  const items: JsonlReadItem[] = [
    ...rows.map((row) => ({ kind: 'row' as const, row })),
    ...errors.map((error) => ({ kind: 'error' as const, error })),
  ];
  return items.sort((a, b) => lineOf(a) - lineOf(b));
}

function lineOf(item: JsonlReadItem): number {
  return item.kind === 'row' ? item.row.line : item.error.line;
}

async function readText(text: string | Buffer, options?: ReadJsonlOptions): Promise<JsonlReadItem[]> {
  let items: JsonlReadItem[] = [];
  await withTempDir(async (dir) => {
    const path = join(dir, 'data.jsonl');
    await writeFile(path, text);
    items = await collect(readJsonlFile(path, options));
  });
  return items;
}

describe('readJsonlFile', () => {
  test('yields rows and errors in line order, skipping blank lines, with BOM, CRLF and no final newline', async () => {
    const text = '\uFEFF{"a":1}\r\n\r\n{"a":}\r\n  \n[1]\n{"b":"x"}';
    assert.deepEqual(await readText(text), [
      { kind: 'row', row: { line: 1, value: { a: 1 } } },
      {
        kind: 'error',
        error: {
          line: 3,
          column: 6,
          message: "invalid JSON at column 6: unexpected '}' (expected a value). Fix or delete this line.",
        },
      },
      {
        kind: 'error',
        error: {
          line: 5,
          column: 1,
          message:
            'expected a JSON object, got an array. Each line must hold one {...} object: wrap the value in an object or delete this line.',
        },
      },
      { kind: 'row', row: { line: 6, value: { b: 'x' } } },
    ]);
  });

  test('agrees with parseJsonl, lone CRs included', async () => {
    const text = '{"a":1}\r{"b":2}\n\uFEFF{}\n{"c":3}\r\n\r\r\n{"d":\n';
    const items = await readText(text);
    assert.deepEqual(items, expectedItems(text));
    assert.equal(items.length, 4);
  });

  test('an empty file yields nothing', async () => {
    assert.deepEqual(await readText(''), []);
  });

  test('reads only the lines in range, numbered as in the whole file', async () => {
    const text = '{"n":1}\n{"n":2}\n\n{"n":\n{"n":5}\n';
    assert.deepEqual(await readText(text, { range: { start: 2, end: 4 } }), [
      { kind: 'row', row: { line: 2, value: { n: 2 } } },
      {
        kind: 'error',
        error: {
          line: 4,
          column: 6,
          message: 'invalid JSON at column 6: unexpected end of line (expected a value). Fix or delete this line.',
        },
      },
    ]);
    assert.deepEqual(await readText(text, { range: { start: 5, end: 50 } }), [
      { kind: 'row', row: { line: 5, value: { n: 5 } } },
    ]);
  });

  test('rejects a malformed range', async () => {
    await assert.rejects(collect(readJsonlFile('unused.jsonl', { range: { start: 2, end: 1 } })), {
      name: 'RangeError',
      message: 'Invalid line range 2-1: start and end must be whole numbers with 1 <= start <= end.',
    });
  });

  test('joins lines, CRLFs and multi-byte characters split across read chunks', async () => {
    // Streams read 64 KiB chunks: the '\r' of line 1 ends chunk 1 and its '\n' starts chunk 2;
    // the 2-byte 'é' of line 3 straddles the end of chunk 2.
    const CHUNK = 64 * 1024;
    const line1 = `{"t":"${'a'.repeat(CHUNK - 1 - 8)}"}`;
    const line2 = '{"t":"b"}';
    const line3Prefix = '{"t":"';
    const padding = 2 * CHUNK - 1 - (line1.length + 2 + line2.length + 2 + line3Prefix.length);
    const line3 = `${line3Prefix}${'c'.repeat(padding)}é"}`;
    const text = `${line1}\r\n${line2}\r\n${line3}\r\n`;
    assert.equal(Buffer.byteLength(`${line1}\r`), CHUNK);
    assert.equal(Buffer.from(text).subarray(2 * CHUNK - 1, 2 * CHUNK + 1).toString(), 'é');
    assert.deepEqual(await readText(text), [
      { kind: 'row', row: { line: 1, value: { t: 'a'.repeat(CHUNK - 9) } } },
      { kind: 'row', row: { line: 2, value: { t: 'b' } } },
      { kind: 'row', row: { line: 3, value: { t: `${'c'.repeat(padding)}é` } } },
    ]);
  });

  test('readJsonlBatches hands over the same items a chunk at a time, bytes that are not UTF-8 included', async () => {
    const lines = Array.from({ length: 6000 }, (_, n) => (n % 500 === 7 ? '{"bad":' : n % 300 === 3 ? '' : `{"n":${n},"t":"${'é✓'.repeat(n % 13)}"}`));
    const text = lines.join('\r\n');
    const bytes = Buffer.concat([Buffer.from(text), Buffer.from('\n{"x":"'), Buffer.from([0xc3]), Buffer.from('"}\n{"last":1}')]);
    await withTempDir(async (dir) => {
      const path = join(dir, 'data.jsonl');
      await writeFile(path, bytes);
      const batches: JsonlReadItem[][] = [];
      for await (const batch of readJsonlBatches(path)) batches.push(batch);
      assert.ok(batches.length > 1, 'the file spans several chunks');
      const items = batches.flat();
      assert.deepEqual(items.slice(0, -2), expectedItems(text));
      assert.deepEqual(
        items.slice(-2).map((item) => (item.kind === 'row' ? item.row : item.error.message)),
        ['the line is not valid UTF-8. Re-save the file as UTF-8 or fix or delete this line.', { line: 6002, value: { last: 1 } }],
      );
    });
  });

  test('reads a 10 MB line', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const items = await readText(`{"id":1}\n{"text":"${big}"}\n{"id":3}`);
    assert.deepEqual(
      items.map((item) => (item.kind === 'row' ? item.row.line : -1)),
      [1, 2, 3],
    );
    const second = items[1];
    assert.equal(second?.kind === 'row' && second.row.value.text === big, true);
  });

  test('reports a line that is not valid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('{"a":1}\n{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n{"a":3}\n')]);
    assert.deepEqual(await readText(bytes), [
      { kind: 'row', row: { line: 1, value: { a: 1 } } },
      {
        kind: 'error',
        error: {
          line: 2,
          column: 1,
          message: 'the line is not valid UTF-8. Re-save the file as UTF-8 or fix or delete this line.',
        },
      },
      { kind: 'row', row: { line: 3, value: { a: 3 } } },
    ]);
  });

  test('a missing file rejects with ENOENT', async () => {
    await withTempDir(async (dir) => {
      await assert.rejects(collect(readJsonlFile(join(dir, 'missing.jsonl'))), { code: 'ENOENT' });
    });
  });

  describe('abort', () => {
    test('an already aborted signal rejects before reading', async () => {
      await assert.rejects(collect(readJsonlFile('unused.jsonl', { signal: AbortSignal.abort() })), {
        name: 'AbortError',
      });
    });

    test('aborting mid-read stops at the next line', async () => {
      await withTempDir(async (dir) => {
        const path = join(dir, 'data.jsonl');
        await writeFile(path, '{"n":1}\n{"n":2}\n{"n":3}\n');
        const controller = new AbortController();
        const seen: number[] = [];
        await assert.rejects(
          (async () => {
            for await (const item of readJsonlFile(path, { signal: controller.signal })) {
              if (item.kind === 'row') seen.push(item.row.line);
              controller.abort();
            }
          })(),
          { name: 'AbortError' },
        );
        assert.deepEqual(seen, [1]);
      });
    });
  });

  test(
    'stops reading after range.end',
    { skip: process.platform === 'win32' ? 'needs a named pipe' : false },
    async () => {
      await withTempDir(async (dir) => {
        // A pipe whose writer stays open never reaches its end: only a reader that stops after
        // range.end can finish.
        const pipe = join(dir, 'pipe.jsonl');
        execFileSync('mkfifo', [pipe]);
        const writerOpening = open(pipe, 'w');
        const reading = collect(readJsonlFile(pipe, { range: { start: 1, end: 2 } }));
        const writer = await writerOpening;
        try {
          await writer.write('{"n":1}\n{"n":2}\n{"n":3}\n');
          const outcome = await Promise.race([reading, delay(3000, 'still reading', { ref: false })]);
          assert.deepEqual(outcome, [
            { kind: 'row', row: { line: 1, value: { n: 1 } } },
            { kind: 'row', row: { line: 2, value: { n: 2 } } },
          ]);
        } finally {
          await writer.close();
          await reading.catch(() => undefined);
        }
      });
    },
  );
});
