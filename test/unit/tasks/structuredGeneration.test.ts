import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkJsonSchema } from '../../../src/core/tasks/jsonSchemaCheck';
import { findTask } from '../../../src/core/tasks/registry';
import { parseStructuredGeneration, rowSchema } from '../../../src/core/tasks/structuredGeneration';
import { metadataOf, runOnce, userContent } from './kit';

const STEP = 'structured_generation_0';
const PERSON = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    age: { type: 'integer', minimum: 0 },
    role: { type: 'string', enum: ['admin', 'user'] },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 2 },
  },
  required: ['name', 'age'],
  additionalProperties: false,
};
const ROW = { instruction: 'Invent a person.', structured_output: { format: 'json', schema: PERSON } };

describe('checkJsonSchema', () => {
  const cases: { name: string; value: unknown; schema: unknown; violations: string[] }[] = [
    { name: 'conforming object', value: { name: 'Ada', age: 36, role: 'admin', tags: ['x'] }, schema: PERSON, violations: [] },
    {
      name: 'every kind of object problem',
      value: { name: '', age: 3.5, role: 'root', tags: ['a', 1, 'c'], extra: true },
      schema: PERSON,
      violations: [
        '$.name: is 0 characters long, fewer than 1',
        '$.age: expected integer, got number 3.5',
        '$.role: "root" is not one of "admin", "user"',
        '$.tags: has 3 items, more than 2',
        '$.tags[1]: expected string, got integer 1',
        '$: unexpected property "extra"',
      ],
    },
    { name: 'missing required', value: { age: -1 }, schema: PERSON, violations: ['$: missing required property "name"', '$.age: -1 is less than the minimum 0'] },
    { name: 'wrong root type', value: [1], schema: PERSON, violations: ['$: expected object, got array [1]'] },
    { name: 'integer counts as number', value: 3, schema: { type: 'number', maximum: 2 }, violations: ['$: 3 is more than the maximum 2'] },
    { name: 'type list with null', value: null, schema: { type: ['string', 'null'] }, violations: [] },
    { name: 'const', value: 'b', schema: { const: 'a' }, violations: ['$: expected "a", got "b"'] },
    { name: 'pattern', value: 'abc', schema: { type: 'string', pattern: '^\\d+$' }, violations: ['$: "abc" does not match the pattern "^\\\\d+$"'] },
    {
      name: 'local $ref and $defs (pydantic shape)',
      value: { pet: { kind: 'cat' }, odd: { 'a b': 1 } },
      schema: {
        $defs: { Pet: { type: 'object', properties: { kind: { enum: ['dog'] } }, required: ['kind'] } },
        type: 'object',
        properties: { pet: { $ref: '#/$defs/Pet' }, odd: { type: 'object', additionalProperties: { type: 'string' } } },
      },
      violations: ['$.pet.kind: "cat" is not one of "dog"', '$.odd["a b"]: expected string, got integer 1'],
    },
    { name: 'unresolvable $ref', value: 1, schema: { $ref: '#/$defs/Missing' }, violations: ['$: cannot resolve $ref "#/$defs/Missing"'] },
    { name: 'anyOf passes', value: 2, schema: { anyOf: [{ type: 'string' }, { type: 'integer' }] }, violations: [] },
    {
      name: 'anyOf fails with the closest reason',
      value: 7,
      schema: { anyOf: [{ type: 'string' }, { type: 'integer', maximum: 5 }] },
      violations: ['$: matches none of the anyOf alternatives ($: 7 is more than the maximum 5)'],
    },
    { name: 'oneOf matching two', value: 2, schema: { oneOf: [{ type: 'number' }, { type: 'integer' }] }, violations: ['$: matches 2 of the oneOf alternatives; exactly 1 is required'] },
    { name: 'allOf', value: 'abcdef', schema: { allOf: [{ type: 'string' }, { maxLength: 3 }] }, violations: ['$: is 6 characters long, more than 3'] },
    { name: 'prefixItems and minItems', value: [1], schema: { type: 'array', prefixItems: [{ type: 'string' }], minItems: 2 }, violations: ['$: has 1 items, fewer than 2', '$[0]: expected string, got integer 1'] },
    { name: 'false schema', value: 1, schema: false, violations: ['$: no value is allowed here'] },
    { name: 'annotations are not checked', value: 'x', schema: { type: 'string', format: 'email', title: 'T', description: 'D' }, violations: [] },
    { name: 'not a schema', value: 1, schema: 'string', violations: ['$: the schema is not a JSON object'] },
  ];
  for (const { name, value, schema, violations } of cases) {
    test(name, () => {
      assert.deepEqual(
        checkJsonSchema(value, schema).map((violation) => `${violation.path}: ${violation.message}`),
        violations,
      );
    });
  }

  test('a $ref cycle ends with a violation, not a stack overflow', () => {
    const schema = { $defs: { Loop: { $ref: '#/$defs/Loop' } }, $ref: '#/$defs/Loop' };
    assert.deepEqual(checkJsonSchema(1, schema), [{ path: '$', message: 'the schema nests too deeply (a $ref cycle?)' }]);
  });

  test('at most `limit` violations', () => {
    assert.equal(checkJsonSchema(Array.from({ length: 30 }, () => 1), { type: 'array', items: { type: 'string' } }, 5).length, 5);
  });
});

describe('StructuredGeneration column contract and prompt', () => {
  test('inputs instruction, structured_output (json), optional system_prompt; output generation', () => {
    const configured = findTask('StructuredGeneration').configure({});
    assert.deepEqual(configured.inputs, {
      instruction: { kind: 'string', nullable: false },
      structured_output: { kind: 'json', nullable: false },
      system_prompt: { kind: 'string', nullable: true },
    });
    assert.deepEqual(configured.outputs, { generation: { kind: 'string', nullable: true } });
  });

  test('sends the row schema as response_format and shows it after the instruction', async () => {
    const { client } = await runOnce('StructuredGeneration', {}, { ...ROW, system_prompt: 'ignored by default' }, () => '{"name": "A", "age": 1}');
    const request = client.requests[0];
    assert.deepEqual(request?.responseFormat, { name: 'structured_output', schema: PERSON });
    assert.deepEqual(request?.messages.map((message) => message.role), ['user']);
    assert.equal(userContent(request?.messages ?? []), `Invent a person.\n\nAnswer with JSON only, matching this JSON schema:\n\`\`\`json\n${JSON.stringify(PERSON, null, 2)}\n\`\`\``);
  });

  test('use_system_prompt sends the row system_prompt first', async () => {
    const { client } = await runOnce('StructuredGeneration', { use_system_prompt: true }, { ...ROW, system_prompt: 'You write JSON.' }, () => '{}');
    assert.deepEqual(client.requests[0]?.messages[0], { role: 'system', content: 'You write JSON.' });
  });

  test('a schema given as JSON text is read', async () => {
    const { client, result } = await runOnce('StructuredGeneration', {}, { instruction: 'x', structured_output: { format: 'json', schema: JSON.stringify(PERSON) } }, () => '{"name":"A","age":2}');
    assert.deepEqual(client.requests[0]?.responseFormat?.schema, PERSON);
    assert.equal(result.rows[0].generation, '{"name":"A","age":2}');
  });
});

describe('StructuredGeneration rows', () => {
  const cases: { name: string; raw: string | null; generation: string | null; problem?: string }[] = [
    { name: 'conforming JSON, compacted', raw: '{\n  "name": "Ada",\n  "age": 36\n}', generation: '{"name":"Ada","age":36}' },
    { name: 'fenced with prose', raw: 'Here:\n```json\n{"name": "Bo", "age": 5, "role": "user"}\n```\nDone.', generation: '{"name":"Bo","age":5,"role":"user"}' },
    {
      name: 'violations: the first three and a count',
      raw: '{"age": "old", "role": "root", "tags": [1, 2, 3], "x": 1}',
      generation: null,
      problem:
        'the JSON does not match the schema: $: missing required property "name"; $.age: expected integer, got string "old"; $.role: "root" is not one of "admin", "user"; and 5 more',
    },
    { name: 'truncated JSON', raw: '{"name": "Ada", "age": 3', generation: null, problem: 'the JSON is cut off before its end' },
    { name: 'no JSON', raw: 'I cannot do that.', generation: null, problem: 'the output holds no JSON' },
    { name: 'empty', raw: '', generation: null, problem: 'the output is empty' },
    { name: 'null', raw: null, generation: null, problem: 'the endpoint returned no content' },
  ];
  for (const { name, raw, generation, problem } of cases) {
    test(`${name}: ${JSON.stringify(raw)}`, async () => {
      const values = { generation };
      assert.deepEqual(parseStructuredGeneration(raw, PERSON), problem ? { values, parseError: problem } : { values });
      const { result, step } = await runOnce('StructuredGeneration', {}, ROW, () => raw);
      assert.equal(result.rows[0].generation, generation);
      assert.equal(result.status, problem ? 'parse_error' : 'ok');
      assert.equal(metadataOf(result)[`error_${step}`], problem);
      assert.equal(metadataOf(result)[`raw_output_${STEP}`], raw, 'the raw text stays in the metadata');
    });
  }

  const badRows: { structured_output: unknown; problem: string }[] = [
    { structured_output: undefined, problem: 'column "structured_output" is missing. It should be {"format": "json", "schema": {...a JSON schema...}}.' },
    { structured_output: 'json', problem: 'column "structured_output" is a string ("json"). It should be {"format": "json", "schema": {...a JSON schema...}}.' },
    {
      structured_output: { format: 'regex', schema: '\\d+' },
      problem: 'column "structured_output" has format "regex"; only "json" is supported (endpoints are asked for JSON through response_format).',
    },
    { structured_output: { format: 'json' }, problem: 'column "structured_output": its schema is missing. It should be {"format": "json", "schema": {...a JSON schema...}}.' },
    { structured_output: { format: 'json', schema: '{bad' }, problem: 'column "structured_output": its schema is text that is not valid JSON. It should be {"format": "json", "schema": {...a JSON schema...}}.' },
    { structured_output: { format: 'json', schema: [1] }, problem: 'column "structured_output": its schema is a list. It should be {"format": "json", "schema": {...a JSON schema...}}.' },
  ];
  for (const { structured_output, problem } of badRows) {
    test(`bad structured_output ${JSON.stringify(structured_output)}: nulls and the reason, no request`, async () => {
      const row: Record<string, unknown> = { instruction: 'x' };
      if (structured_output !== undefined) row.structured_output = structured_output;
      const { result, client } = await runOnce('StructuredGeneration', {}, row, () => '{}');
      assert.equal(client.requests.length, 0);
      assert.equal(result.rows[0].generation, null);
      assert.equal(result.error, problem);
    });
  }

  test('rowSchema accepts a schema without "format"', () => {
    assert.deepEqual(rowSchema({ schema: { type: 'string' } }), { schema: { type: 'string' } });
  });
});
