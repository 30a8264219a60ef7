import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { describeDefault, describeSchemaType, paramsSchema } from '../../../src/core/docs/paramDocs';
import { renderTaskReference } from '../../../src/core/docs/taskReference';
import { defineColumnStep } from '../../../src/core/steps/defineColumnStep';
import { STEPS } from '../../../src/core/steps/registry';
import { col, type ColumnSpec } from '../../../src/core/tasks/columns';
import { defineTask } from '../../../src/core/tasks/defineTask';
import { TASKS } from '../../../src/core/tasks/registry';

describe('docs/tasks.md', () => {
  test('is up to date with the declarations', () => {
    const file = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'tasks.md'), 'utf8');
    const rendered = renderTaskReference(TASKS.values(), STEPS.values());
    if (file !== rendered) assert.fail('docs/tasks.md is out of date: run npm run docs');
  });
});

const fakeTask = defineTask({
  name: 'FakeSummarizer',
  description: 'Summarise a text | in one line.',
  categories: ['test', 'summary'],
  deviations: ['Summaries are never longer than the text, because the fake says so.'],
  params: z.strictObject({
    max_words: z.int().min(1).describe('Longest summary, in words.'),
    store_drafts: z.boolean().default(false).describe('Keep every draft in `summaries`.'),
    style: z.enum(['plain', 'bullets']).default('plain').describe('How the summary is laid out.'),
    glossary: z.record(z.string(), z.string()).default({ a: 'alpha', b: 'beta', c: 'gamma', d: 'delta', e: 'epsilon', f: 'zeta' }).describe('Terms to keep.'),
  }),
  inputs: () => ({ text: col.string, title: col.nullable(col.string) }),
  outputs: (params): ColumnSpec =>
    params.store_drafts
      ? { summaries: col.nullable(col.list(col.string)) }
      : { summary: col.nullable(col.string), ...(params.style === 'bullets' ? { bullet_count: col.nullable(col.number) } : {}) },
  prompt: (row) => [{ role: 'user', content: String(row.text) }],
  parse: (raw) => ({ values: { summary: raw } }),
});

const fakeStep = defineColumnStep({
  kind: 'row',
  name: 'FakeUpper',
  description: 'Upper-case `columns`.',
  categories: ['test'],
  notes: ['Types follow upstream.'],
  example: { columns: ['a'] },
  params: z.strictObject({ columns: z.array(z.string()).min(1).describe('Columns to upper-case.') }),
  inputs: (params) => Object.fromEntries(params.columns.map((name) => [name, col.string])),
  outputs: (params) => Object.fromEntries(params.columns.map((name) => [name, col.string])),
  process: (row) => ({ row }),
});

describe('renderTaskReference', () => {
  const markdown = renderTaskReference([fakeTask], [fakeStep]);
  const lines = markdown.split('\n');
  const has = (line: string) => assert.ok(lines.includes(line), `missing line:\n${line}\nin:\n${markdown}`);

  test('a task: heading, kind and categories, sampled required parameters', () => {
    has('### FakeSummarizer');
    has('Kind: task. Categories: test, summary.');
    has('Columns shown with `max_words: 1`.');
  });

  test('columns with types; optional inputs marked', () => {
    has('| `text` | `string` |');
    has('| `title` | `string?` (optional) |');
    has('| `summary` | `string?` |');
  });

  test('variants for boolean and choice parameters', () => {
    has('- `store_drafts: true`: outputs add `summaries` (`list<string>?`), remove `summary`.');
    has('- `style: "bullets"`: outputs add `bullet_count` (`number?`).');
    assert.ok(!markdown.includes('`group_generations: true`:'), 'group_generations is described once, not per task');
  });

  test('parameter table rows: type, default or required, description; pipes escaped', () => {
    has('| parameter | type | default | description |');
    has('| `max_words` | integer ≥ 1 | **required** | Longest summary, in words. |');
    has('| `store_drafts` | boolean | `false` | Keep every draft in `summaries`. |');
    has('| `style` | "plain" or "bullets" | `"plain"` | How the summary is laid out. |');
    has('| `glossary` | map<string, string> | built-in map: `a`, `b`, `c`, `d`, `e`, `f` | Terms to keep. |');
    has('| `num_generations` | integer ≥ 1 | `1` | How many generations to make for each row. |');
    has('| [FakeSummarizer](#fakesummarizer) | task | Summarise a text \\| in one line. |');
  });

  test('a column step: kind, example parameters, notes; deviations listed at the end', () => {
    has('Kind: column step (row-wise). Categories: test.');
    has('Columns shown with `columns: ["a"]`.');
    has('- Types follow upstream.');
    has('| `columns` | list<string> (at least 1) | **required** | Columns to upper-case. |');
    const deviations = markdown.slice(markdown.indexOf('## Deviations from the seeds'));
    assert.ok(deviations.includes('**[FakeSummarizer](#fakesummarizer)**\n\n- Summaries are never longer than the text, because the fake says so.\n'));
    assert.ok(!deviations.includes('FakeUpper'), 'a step without deviations is not listed');
  });

  test('common outputs are stated once at the top', () => {
    assert.equal(markdown.split('| `model_name` | `string` |').length, 2);
    assert.ok(markdown.indexOf('`distilabel_metadata`') < markdown.indexOf('### FakeSummarizer'));
  });

  test('the same declarations give the same text', () => {
    assert.equal(renderTaskReference([fakeTask], [fakeStep]), markdown);
    assert.ok(markdown.endsWith('\n') && !markdown.endsWith('\n\n'));
  });
});

describe('parameter types and defaults', () => {
  const schema = paramsSchema(
    z.strictObject({
      ratio: z.number().gt(0).max(1).describe('r'),
      names: z.array(z.string().min(1)).min(2).describe('n'),
      either: z.union([z.string(), z.array(z.string())]).describe('e'),
      seed: z.int().describe('s'),
    }),
  );
  const typeOf = (name: string) => describeSchemaType(schema.properties?.[name] ?? {});

  test('types', () => {
    assert.equal(typeOf('ratio'), 'number > 0, ≤ 1');
    assert.equal(typeOf('names'), 'list<string> (at least 2)');
    assert.equal(typeOf('either'), 'string or list<string>');
    assert.equal(typeOf('seed'), 'integer');
  });

  test('defaults', () => {
    assert.equal(describeDefault(0.9), '`0.9`');
    assert.equal(describeDefault('short'), '`"short"`');
    assert.equal(describeDefault('line one\nline two'), 'built-in text (17 characters)');
    assert.equal(describeDefault(Array.from({ length: 30 }, (_, index) => index)), 'built-in list of 30');
  });
});
