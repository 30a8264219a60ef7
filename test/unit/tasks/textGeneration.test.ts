import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TaskParamsError } from '../../../src/core/tasks/defineTask';
import { findTask } from '../../../src/core/tasks/registry';
import { findTemplateMarkup, renderTemplate, templatePlaceholders, templateProblems } from '../../../src/core/tasks/templatePlaceholders';
import { metadataOf, paramsError as kitParamsError, runOnce } from './kit';

const STRING = { kind: 'string', nullable: false };
const NULLABLE_STRING = { kind: 'string', nullable: true };

const paramsError = (params: unknown): TaskParamsError => kitParamsError('TextGeneration', params);

describe('templatePlaceholders', () => {
  const cases: [string, string[]][] = [
    ['{{ instruction }}', ['instruction']],
    ['{{instruction}}', ['instruction']],
    ['{{   instruction\t}} and {{\ninstruction }}', ['instruction']],
    ['Q: {{ question }}\nContext: {{ context }}\n{{ question }}', ['question', 'context']],
    ['{{ rationales-for-ratings }} {{ _private }} {{ col_2 }}', ['rationales-for-ratings', '_private', 'col_2']],
    ['no placeholders at all', []],
    ['{{ x | upper }} {% if a %}{{ a.b }}{% endif %} {# c #}', []],
    ['{ single } {{ }} {{2col}}', []],
  ];
  for (const [template, names] of cases) {
    test(`${JSON.stringify(template)} -> ${JSON.stringify(names)}`, () => assert.deepEqual(templatePlaceholders(template), names));
  }

  test('findTemplateMarkup gives offsets and names, and marks non-placeholders', () => {
    assert.deepEqual(findTemplateMarkup('Hi {{ name }}, {{ x|upper }}{% raw %}'), [
      { text: '{{ name }}', start: 3, end: 13, name: 'name' },
      { text: '{{ x|upper }}', start: 15, end: 28 },
      { text: '{% raw %}', start: 28, end: 37 },
    ]);
  });
});

describe('renderTemplate', () => {
  test('fills every occurrence, tolerating spaces, in one pass', () => {
    assert.equal(renderTemplate('{{a}}-{{ b }}-{{  a }}', { a: 'A', b: 'B' }), 'A-B-A');
  });
  test('a value holding a placeholder or $ patterns is inserted literally', () => {
    assert.equal(renderTemplate('{{ a }}|{{ b }}', { a: '{{ b }} $& $1', b: 'B' }), '{{ b }} $& $1|B');
  });
  test('unknown names and non-placeholders stay as written', () => {
    assert.equal(renderTemplate('{{ a }} {{ zz }} {{ a|x }}', { a: 'A' }), 'A {{ zz }} {{ a|x }}');
  });
  test('a name inherited from Object.prototype is not a value', () => {
    assert.equal(renderTemplate('{{ toString }}', {}), '{{ toString }}');
  });
});

describe('templateProblems', () => {
  test('a valid template has none', () => {
    assert.deepEqual(templateProblems('{{ a }} and {{b}}', ['a', 'b']), []);
  });
  test('unknown placeholder, unused column, markup, repeated column: each named', () => {
    assert.deepEqual(templateProblems('{{ a }} {{ instuction }} {{ a | upper }} {% for x in y %}', ['a', 'instruction', 'a']), [
      { param: 'columns', message: '"a" is listed more than once' },
      { param: 'template', message: 'placeholder {{ instuction }} is not one of the columns (a, instruction, a); add it to columns or fix its name' },
      { param: 'template', message: '{{ a | upper }} is not a plain placeholder: templates fill {{ column }} placeholders only (no filters, expressions or blocks)' },
      {
        param: 'template',
        message: '{% for x in y %} is a Jinja block or comment, which is not supported: templates fill {{ column }} placeholders only (no filters, expressions or blocks)',
      },
      { param: 'columns', message: 'column "instruction" is not used by the template; add {{ instruction }} to the template or remove it from columns' },
    ]);
  });
});

describe('TextGeneration parameters', () => {
  test('defaults: template "{{ instruction }}", columns ["instruction"]', () => {
    const configured = findTask('TextGeneration').configure({});
    assert.deepEqual(configured.params, { template: '{{ instruction }}', columns: ['instruction'], num_generations: 1, group_generations: false });
    assert.deepEqual(configured.inputs, { instruction: STRING, system_prompt: NULLABLE_STRING });
    assert.deepEqual(configured.outputs, { generation: NULLABLE_STRING });
  });

  test('columns as one string or a list give the same inputs, in order', () => {
    const one = findTask('TextGeneration').configure({ template: 'Say {{ question }}', columns: 'question' });
    assert.deepEqual(one.inputs, { question: STRING, system_prompt: NULLABLE_STRING });
    const two = findTask('TextGeneration').configure({ template: '{{ b }} then {{ a }}', columns: ['a', 'b'] });
    assert.deepEqual(Object.keys(two.inputs), ['a', 'b', 'system_prompt']);
  });

  test('group_generations makes generation a list', () => {
    const configured = findTask('TextGeneration').configure({ group_generations: true, num_generations: 2 });
    assert.deepEqual(configured.outputs, { generation: { kind: 'list', item: NULLABLE_STRING, nullable: true } });
  });

  test('an unknown placeholder is refused, naming it and the available columns', () => {
    const error = paramsError({ template: 'Answer {{ questoin }}', columns: ['question'] });
    assert.deepEqual(error.problems, [
      'template: placeholder {{ questoin }} is not one of the columns (question); add it to columns or fix its name',
      'columns: column "question" is not used by the template; add {{ question }} to the template or remove it from columns',
    ]);
    assert.equal(error.message, `Invalid parameters for TextGeneration: ${error.problems.join('; ')}`);
  });

  test('the default columns with a custom template that names another column', () => {
    assert.deepEqual(paramsError({ template: '{{ prompt }}' }).problems, [
      'template: placeholder {{ prompt }} is not one of the columns (instruction); add it to columns or fix its name',
      'columns: column "instruction" is not used by the template; add {{ instruction }} to the template or remove it from columns',
    ]);
  });

  test('a Jinja filter is refused, quoting it', () => {
    assert.deepEqual(paramsError({ template: '{{ instruction | trim }}' }).problems, [
      'template: {{ instruction | trim }} is not a plain placeholder: templates fill {{ column }} placeholders only (no filters, expressions or blocks)',
      'columns: column "instruction" is not used by the template; add {{ instruction }} to the template or remove it from columns',
    ]);
  });

  test('bad types and unknown keys are refused by the schema', () => {
    assert.deepEqual(paramsError({ columns: [] }).problems.map((problem) => problem.split(':')[0]), ['columns']);
    assert.deepEqual(paramsError({ template: 3 }).problems.map((problem) => problem.split(':')[0]), ['template']);
    assert.deepEqual(paramsError({ templates: 'x' }).problems, ['(parameters): Unrecognized key: "templates"']);
  });
});

describe('TextGeneration rows', () => {
  test('the template is rendered with the row and sent as the user message', async () => {
    const params = { template: 'Context: {{context}}\nQuestion: {{ question }}', columns: ['question', 'context'] };
    const row = { question: 'Why is the sky blue?', context: 'Rayleigh {{ question }} $1', extra: 1 };
    const { result, client } = await runOnce('TextGeneration', params, row, () => 'Because of scattering.');
    assert.deepEqual(client.requests[0]?.messages, [
      { role: 'user', content: 'Context: Rayleigh {{ question }} $1\nQuestion: Why is the sky blue?' },
    ]);
    assert.equal(result.status, 'ok');
    const { distilabel_metadata: _metadata, ...values } = result.rows[0];
    assert.deepEqual(values, { ...row, generation: 'Because of scattering.', model_name: 'scripted-model' });
  });

  const systemCases: { param?: string; column?: unknown; system: string | null }[] = [
    { system: null },
    { param: 'PARAM', system: 'PARAM' },
    { column: 'ROW', system: 'ROW' },
    { param: 'PARAM', column: 'ROW', system: 'ROW' },
    { param: 'PARAM', column: '  ', system: 'PARAM' },
    { param: 'PARAM', column: null, system: 'PARAM' },
  ];
  for (const { param, column, system } of systemCases) {
    test(`system message: param ${JSON.stringify(param)}, column ${JSON.stringify(column)} -> ${JSON.stringify(system)}`, async () => {
      const row: Record<string, unknown> = { instruction: 'Hi' };
      if (column !== undefined) row.system_prompt = column;
      const { client } = await runOnce('TextGeneration', param === undefined ? {} : { system_prompt: param }, row, () => 'ok');
      const expected = system === null ? [] : [{ role: 'system', content: system }];
      assert.deepEqual(client.requests[0]?.messages, [...expected, { role: 'user', content: 'Hi' }]);
    });
  }

  test('a system_prompt column that the template uses is content, not a system message', async () => {
    const params = { template: 'Rewrite this system prompt: {{ system_prompt }}', columns: ['system_prompt'], system_prompt: 'PARAM' };
    const { client } = await runOnce('TextGeneration', params, { system_prompt: 'Be nice.' }, () => 'ok');
    assert.deepEqual(client.requests[0]?.messages, [
      { role: 'system', content: 'PARAM' },
      { role: 'user', content: 'Rewrite this system prompt: Be nice.' },
    ]);
  });

  const outputs: { raw: string | null; generation: string | null; error?: string }[] = [
    { raw: '  kept exactly, spaces too \n', generation: '  kept exactly, spaces too \n' },
    { raw: null, generation: null, error: 'the endpoint returned no content' },
    { raw: '', generation: null, error: 'the output is empty' },
    { raw: ' \n\t', generation: null, error: 'the output is empty' },
  ];
  for (const { raw, generation, error } of outputs) {
    test(`output ${JSON.stringify(raw)} -> ${JSON.stringify(generation)}`, async () => {
      const { result, step } = await runOnce('TextGeneration', {}, { instruction: 'Hi' }, () => raw);
      assert.equal(result.rows[0].generation, generation);
      assert.equal(result.status, error ? 'parse_error' : 'ok');
      assert.equal(result.error, error);
      assert.equal(metadataOf(result)[`raw_output_${step}`], raw);
    });
  }

  test('a non-string column is an input error without a request', async () => {
    const { result, client } = await runOnce('TextGeneration', {}, { instruction: 42 }, () => 'x');
    assert.equal(result.status, 'input_error');
    assert.equal(result.error, 'column "instruction" should be a string, got a number (42). Map or fix the column, then run again.');
    assert.equal(client.requests.length, 0);
  });
});
