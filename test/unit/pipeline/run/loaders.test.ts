import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readLoadSource, resolveLoadSource, type LoadedItem, type LoadSource } from '../../../../src/core/pipeline/load';
import { withTempDir } from './kit';

async function load(source: LoadSource): Promise<LoadedItem[]> {
  const items: LoadedItem[] = [];
  for await (const item of readLoadSource(source)) items.push(item);
  return items;
}

/** Rows as `line: value` and problems as `line:column message`, in file order. */
function summarise(items: readonly LoadedItem[]): string[] {
  return items.map((item) =>
    item.kind === 'row' ? `${item.row.line}: ${JSON.stringify(item.row.value)}` : `${item.problem.line}:${item.problem.column} ${item.problem.message}`,
  );
}

describe('load sources', () => {
  test('JSONL: a bad line is reported at its line and column and skipped; the rows keep their lines', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'rows.jsonl');
      await writeFile(path, '{"a":1}\n\n{"a": }\n[2]\n{"a":3}\n');
      const items = await load({ path, format: 'jsonl' });
      const problems = items.flatMap((item) => (item.kind === 'problem' ? [item.problem] : []));
      assert.deepEqual(
        problems.map(({ file, line, column }) => `${file}:${line}:${column}`),
        [`${path}:3:7`, `${path}:4:1`],
      );
      assert.deepEqual(
        items.flatMap((item) => (item.kind === 'row' ? [[item.row.line, item.row.value]] : [])),
        [[1, { a: 1 }], [5, { a: 3 }]],
      );
    });
  });

  test('JSONL lines range: only those file lines', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'rows.jsonl');
      await writeFile(path, '{"a":1}\n{"a":2}\n{"a":3}\n{"a":4}\n');
      assert.deepEqual(summarise(await load({ path, format: 'jsonl', range: { start: 2, end: 3 } })), ['2: {"a":2}', '3: {"a":3}']);
    });
  });

  test('JSON: an array of objects, each row at the line its object starts; a non-object item is reported and skipped', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'rows.json');
      await writeFile(path, '[\n  {"a": 1},\n  {\n    "a": 2\n  },\n  "text",\n  {"a": 3}\n]\n');
      assert.deepEqual(summarise(await load({ path, format: 'json' })), [
        '2: {"a":1}',
        '3: {"a":2}',
        '6:3 row 3 is a string, not an object; it was skipped.',
        '7: {"a":3}',
      ]);
    });
  });

  test('JSON rows range counts array items', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'rows.json');
      await writeFile(path, '[{"a":1},{"a":2},{"a":3}]');
      assert.deepEqual(summarise(await load({ path, format: 'json', range: { start: 2, end: 9 } })), ['1: {"a":2}', '1: {"a":3}']);
    });
  });

  test('JSON that does not parse, or is not an array, is one problem with its position and no rows', async () => {
    await withTempDir(async (dir) => {
      const broken = join(dir, 'broken.json');
      await writeFile(broken, '[\n  {"a": 1},\n  {"a": }\n]');
      assert.deepEqual(summarise(await load({ path: broken, format: 'json' })), [
        '3:9 invalid JSON (ValueExpected); no rows were loaded. Fix the file, or use JSONL to keep going past bad rows.',
      ]);
      const object = join(dir, 'object.json');
      await writeFile(object, '{"rows": []}');
      assert.deepEqual(summarise(await load({ path: object, format: 'json' })), ['1:1 expected an array of objects, found an object. Wrap the rows in [ ... ].']);
    });
  });

  test('CSV: the header names the columns and every value stays a string as written', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'rows.csv');
      await writeFile(path, '\uFEFFid,zip,flag,note\n1,007,true,\n2,10115,false,"multi\nline, with comma"\n');
      assert.deepEqual(summarise(await load({ path, format: 'csv' })), [
        '2: {"id":"1","zip":"007","flag":"true","note":""}',
        '3: {"id":"2","zip":"10115","flag":"false","note":"multi\\nline, with comma"}',
      ]);
    });
  });

  test('CSV: a record with the wrong number of values, or an unclosed quote, is reported at its line and skipped', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'rows.csv');
      await writeFile(path, 'text,label\na,1\nb,2,extra\nc,3\n"never closed,4\nd,5\n');
      assert.deepEqual(summarise(await load({ path, format: 'csv' })), [
        '2: {"text":"a","label":"1"}',
        '3:1 this record has a different number of values than the header has columns; it was skipped. Quote values that contain commas.',
        '4: {"text":"c","label":"3"}',
        '5:1 a quoted value starting here is never closed, so the rest of the file was read as part of it and skipped. Close the quote.',
      ]);
    });
  });

  test('CSV rows range counts data records, not file lines', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'rows.csv');
      await writeFile(path, 'n\n"one\ntwo"\n3\n4\n5\n');
      assert.deepEqual(summarise(await load({ path, format: 'csv', range: { start: 2, end: 3 } })), ['4: {"n":"3"}', '5: {"n":"4"}']);
    });
  });

  test('the format comes from the extension unless given; lines "A" is one row', () => {
    assert.deepEqual(resolveLoadSource('data/a.CSV', '/p'), { path: '/p/data/a.CSV', format: 'csv' });
    assert.deepEqual(resolveLoadSource({ path: 'a.txt', format: 'jsonl', lines: '4' }, '/p'), { path: '/p/a.txt', format: 'jsonl', range: { start: 4, end: 4 } });
    assert.deepEqual(resolveLoadSource('a.txt', '/p'), { key: 'path', message: 'cannot tell the format of "a.txt" from its extension: add format: jsonl, json or csv' });
    assert.deepEqual(resolveLoadSource({ path: 'a.json', lines: '5-2' }, '/p'), { key: 'lines', message: 'lines "5-2" is empty: give A-B with 1 <= A <= B' });
  });
});
