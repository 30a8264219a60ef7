import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../../support/cli';

const FIXTURES = join('test', 'fixtures', 'pipelines');

const check = (...args: string[]) => runCli(['check', ...args]);

describe('distillery check', () => {
  test('a clean pipeline: exit 0, nothing on stdout', async () => {
    const file = join(FIXTURES, 'clean', 'preferences.pipeline.yaml');
    const result = await check(file);
    assert.deepEqual(result, { code: 0, stdout: '', stderr: `${file}: no problems\n` });
  });

  test('errors: one line each as file:line:col: code message, exit 1', async () => {
    const file = join(FIXTURES, 'diagnostics', 'unknown-reference.pipeline.yaml');
    const result = await check(file);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, `${file}:9:12: unknown-reference No step is named "seed"; did you mean "seeds"?\n`);
    assert.equal(result.stderr, `${file}: 1 error, 0 warnings\n`);
  });

  test('warnings only: exit 0', async () => {
    const result = await check(join(FIXTURES, 'diagnostics', 'overwrites-column.pipeline.yaml'));
    assert.equal(result.code, 0);
    assert.match(result.stdout, /:11:11: overwrites-column TextGeneration writes "generation"/);
  });

  test('--format json: 1-based positions, severity and related places', async () => {
    const file = join(FIXTURES, 'diagnostics', 'missing-column.pipeline.yaml');
    const result = await check(file, '--format', 'json');
    assert.equal(result.code, 1);
    assert.deepEqual(JSON.parse(result.stdout), [
      {
        file,
        line: 12,
        column: 11,
        endLine: 12,
        endColumn: 25,
        severity: 'error',
        code: 'missing-column',
        message: 'TextGeneration reads column "instruction" (string), but step "keep" removed it. Columns here: id (number), tags (list<string>).',
        related: [{ line: 8, column: 11, message: '"instruction" is removed here' }],
      },
    ]);
  });

  test('usage errors: exit 2', async () => {
    assert.equal((await check()).code, 2);
    assert.equal((await check('a.yaml', 'b.yaml')).code, 2);
    assert.equal((await check(join(FIXTURES, 'clean', 'preferences.pipeline.yaml'), '--format', 'xml')).code, 2);
    const missing = await check('no-such.pipeline.yaml');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: cannot read no-such\.pipeline\.yaml/);
  });
});
