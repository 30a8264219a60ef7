import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from 'zod';
import { evolInstruct } from '../../../src/core/tasks/evolInstruct';
import {
  checkParamValue,
  formatParamValue,
  missingRequired,
  paramFields,
  parseParamText,
  usableParams,
  type ParamField,
} from '../../../src/extension/paramFields';

const schema = z.strictObject({
  count: z.int().min(1).describe('How many.'),
  ratio: z.number().default(0.5),
  label: z.string().optional(),
  flag: z.boolean().default(false),
  level: z.enum(['low', 'high']).nullable().default(null).describe('The level.'),
  size: z.union([z.literal(50), z.literal(100)]).default(50),
  templates: z.record(z.string(), z.string()).default({ A: 'a' }),
});

const field = (name: string): ParamField => {
  const found = paramFields(schema).find((candidate) => candidate.name === name);
  assert.ok(found, name);
  return found;
};

describe('paramFields', () => {
  it('reads kind, requiredness, default, options and description from the schema', () => {
    assert.deepEqual(
      paramFields(schema).map(({ name, kind, required, nullable, options }) => ({ name, kind, required, nullable, options })),
      [
        { name: 'count', kind: 'integer', required: true, nullable: false, options: [] },
        { name: 'ratio', kind: 'number', required: false, nullable: false, options: [] },
        { name: 'label', kind: 'string', required: false, nullable: false, options: [] },
        { name: 'flag', kind: 'boolean', required: false, nullable: false, options: [] },
        { name: 'level', kind: 'enum', required: false, nullable: true, options: ['low', 'high'] },
        { name: 'size', kind: 'enum', required: false, nullable: false, options: [50, 100] },
        { name: 'templates', kind: 'json', required: false, nullable: false, options: [] },
      ],
    );
    assert.equal(field('count').description, 'How many.');
    assert.equal(field('level').description, 'The level.');
    assert.deepEqual([field('ratio').hasDefault, field('ratio').default], [true, 0.5]);
    assert.equal(field('label').hasDefault, false);
  });

  it("finds a real task's required parameters", () => {
    const fields = paramFields(evolInstruct.params);
    assert.deepEqual(fields.filter((candidate) => candidate.required).map((candidate) => candidate.name), ['num_evolutions']);
    assert.deepEqual(missingRequired(fields, { seed: 1 }).map((candidate) => candidate.name), ['num_evolutions']);
    assert.deepEqual(missingRequired(fields, { num_evolutions: 2 }), []);
  });
});

describe('parseParamText', () => {
  const cases: [string, string, ReturnType<typeof parseParamText>][] = [
    ['count', '3', { ok: true, value: 3 }],
    ['count', '2.5', { ok: false, error: 'count must be a whole number.' }],
    ['count', '', { ok: false, error: 'count is required.' }],
    ['ratio', 'abc', { ok: false, error: 'ratio must be a number, not "abc".' }],
    ['ratio', '', { ok: true, value: undefined }],
    ['label', '  spaced text ', { ok: true, value: '  spaced text ' }],
    ['flag', 'true', { ok: true, value: true }],
    ['flag', 'yes', { ok: false, error: 'flag must be true or false.' }],
    ['level', 'null', { ok: true, value: null }],
    ['level', 'mid', { ok: false, error: 'level must be one of "low", "high".' }],
    ['size', '100', { ok: true, value: 100 }],
    ['templates', '{"B": "b"}', { ok: true, value: { B: 'b' } }],
    ['templates', '{B}', { ok: false, error: 'templates must be written as JSON, e.g. {"KEY": "value"} or ["a", "b"].' }],
  ];
  for (const [name, text, expected] of cases) {
    it(`${name} <- ${JSON.stringify(text)}`, () => assert.deepEqual(parseParamText(field(name), text), expected));
  }
});

describe('checkParamValue and usableParams', () => {
  it('uses the schema of the one parameter', () => {
    assert.equal(checkParamValue(schema, 'count', 2), undefined);
    assert.match(checkParamValue(schema, 'count', 0) ?? '', /^count: Too small/);
    assert.equal(checkParamValue(schema, 'nope', 1), 'unknown parameter "nope"');
  });

  it('drops remembered parameters the task would now refuse', () => {
    assert.deepEqual(usableParams(schema, { count: 2, ratio: 'x', gone: true, flag: true }), { count: 2, flag: true });
  });

  it('formats values for the input box', () => {
    assert.deepEqual([formatParamValue('text'), formatParamValue(3), formatParamValue({ A: 'a' }), formatParamValue(undefined)], ['text', '3', '{"A":"a"}', '']);
  });
});
