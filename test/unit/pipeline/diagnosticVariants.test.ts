import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, inlineFixture, rangeText } from './kit';

/**
 * The other shapes each code takes, beyond its fixture: every case is a whole pipeline (the
 * steps after a common head) and every diagnostic it gives, as `range code message`.
 */

const HEAD = `name: variants
llms:
  default: { base_url: http://localhost:11434/v1, model: llama3.1 }
steps:
  - name: seeds
    load: ../data/seeds.jsonl
`;

async function problems(steps: string): Promise<string[]> {
  const diagnostics = await diagnose(inlineFixture(`${HEAD}${steps}`));
  return diagnostics.map((diagnostic) => `${rangeText(diagnostic.range)} ${diagnostic.code} ${diagnostic.message}`);
}

describe('diagnostic variants', () => {
  test('a task written under `step:` (and the reverse) says which key to use', async () => {
    assert.deepEqual(await problems(`  - name: answer\n    step: TextGeneration\n    after: seeds\n`), [
      '8:11-8:25 unknown-step-kind "TextGeneration" is a task, not a column step: write `task: TextGeneration`.',
    ]);
    assert.deepEqual(await problems(`  - name: keep\n    task: KeepColumns\n    after: seeds\n    with: { columns: [id] }\n`), [
      '8:11-8:22 unknown-task "KeepColumns" is a column step, not a task: write `step: KeepColumns`.',
    ]);
  });

  test('a name far from every task lists where to find them', async () => {
    assert.deepEqual(await problems(`  - name: answer\n    task: Summarize\n    after: seeds\n`), ['8:11-8:20 unknown-task Unknown task "Summarize" (run `distillery tasks` for the list).']);
  });

  test('a step with no kind, and one with two', async () => {
    assert.deepEqual(await problems(`  - name: nothing\n    after: seeds\n`), [
      '7:11-7:18 schema Step "nothing" needs one of `load` (read a file), `task` (run an LLM task) or `step` (a column step).',
    ]);
    assert.deepEqual(await problems(`  - name: both\n    task: TextGeneration\n    step: KeepColumns\n    after: seeds\n`), [
      '9:5-9:9 schema A step does one thing: step "both" has `task`, so it cannot also have `step`.',
    ]);
  });

  test('a step without a name; a name with spaces', async () => {
    assert.deepEqual(await problems(`  - task: TextGeneration\n    after: seeds\n`), ['7:5-7:9 schema Step 2 needs `name`: The step name, unique in the pipeline; `after` and `distilabel_metadata` keys use it.']);
    assert.deepEqual(await problems(`  - name: my answer\n    task: TextGeneration\n    after: seeds\n`), [
      '7:11-7:20 schema `name`: a step name is letters, digits, "_" and "-", starting with a letter or "_"',
    ]);
  });

  test('`after` of the wrong type', async () => {
    assert.deepEqual(await problems(`  - name: answer\n    task: TextGeneration\n    after: { seeds: 1 }\n`), [
      '9:12-9:24 schema `after`: expected a string or a list, got an object',
    ]);
  });

  test('a step that reads itself', async () => {
    assert.deepEqual(await problems(`  - name: loop\n    task: TextGeneration\n    after: [seeds, loop]\n`), [
      '9:20-9:24 cycle Step "loop" reads its own rows: a step can only read steps that come before it. Remove one of these `after` references.',
    ]);
  });

  test('TextGeneration: Jinja markup, a listed column the template never uses, a column listed twice', async () => {
    assert.deepEqual(
      await problems(`  - name: answer\n    task: TextGeneration\n    after: seeds\n    with:\n      template: "{{ instruction | upper }} {% if topic %}{{ topic }}{% endif %}"\n      columns: [topic, id, topic]\n`),
      [
        '11:18-11:43 template-placeholder {{ instruction | upper }} is not a plain placeholder: a template fills {{ column }} placeholders only (no filters, expressions or blocks).',
        '11:44-11:58 template-placeholder {% if topic %} is a Jinja block or comment, which templates do not support: a template fills {{ column }} placeholders only (no filters, expressions or blocks).',
        '11:69-11:80 template-placeholder {% endif %} is a Jinja block or comment, which templates do not support: a template fills {{ column }} placeholders only (no filters, expressions or blocks).',
        '12:24-12:26 template-placeholder Column "id" is in `columns` but the template never uses it: add {{ id }} to the template or remove it from `columns`.',
        '12:28-12:33 template-placeholder "topic" is listed more than once in `columns`.',
      ],
    );
  });

  test('TextGeneration: a template without the default column, `columns` not written', async () => {
    assert.deepEqual(await problems(`  - name: answer\n    task: TextGeneration\n    after: seeds\n    with: { template: "Say hello." }\n`), [
      '10:23-10:35 template-placeholder The template does not use {{ instruction }}, which `columns` lists by default: set `columns` to the columns the template uses.',
    ]);
  });

  test('a multi-input step names the predecessor that lacks a column', async () => {
    const steps = `  - name: answer\n    task: TextGeneration\n    after: seeds\n  - name: keep\n    step: KeepColumns\n    after: seeds\n    with: { columns: [instruction] }\n  - name: grouped\n    step: GroupColumns\n    after: [answer, keep]\n    with: { columns: [generation] }\n`;
    assert.deepEqual(await problems(steps), [
      '17:23-17:33 missing-column GroupColumns needs column "generation" from step "keep", and no step before step "grouped" writes it. Columns here: instruction (string).',
    ]);
  });

  test('a column step’s misspelt column offers the name it resembles', async () => {
    const diagnostics = await diagnose(inlineFixture(`${HEAD}  - name: keep\n    step: KeepColumns\n    after: seeds\n    with: { columns: [instrution] }\n`));
    assert.equal(diagnostics[0]?.message, 'KeepColumns needs column "instrution", and no step before step "keep" writes it; did you mean "instruction"?');
    assert.deepEqual(diagnostics[0]?.data?.fixes.map((fix) => fix.title), ['Change to "instruction"']);
  });

  test('an output mapping onto an existing column is warned at the mapping', async () => {
    assert.deepEqual(await problems(`  - name: answer\n    task: TextGeneration\n    after: seeds\n    output_mappings: { generation: topic }\n`), [
      '10:36-10:41 overwrites-column TextGeneration writes "topic", replacing the "topic" column from step "seeds": rename the output with `output_mappings` to keep both.',
    ]);
  });

  test('a load in map form without a format, and an unknown format', async () => {
    assert.deepEqual(await problems(`  - name: more\n    load: { path: ../data/seeds.txt }\n  - name: answer\n    task: TextGeneration\n    after: [seeds, more]\n`), [
      '8:19-8:36 load-format Cannot tell the format of "../data/seeds.txt" from its extension: add `format: jsonl` (or json, csv).',
    ]);
  });

  test('a generator whose rows and count parameter disagree', async () => {
    const text = `name: g\nllms:\n  default: { base_url: http://localhost:11434/v1, model: llama3.1 }\nsteps:\n  - name: invent\n    task: EvolInstructGenerator\n    rows: 5\n    with: { num_instructions: 3 }\n`;
    const diagnostics = await diagnose(inlineFixture(text));
    assert.deepEqual(diagnostics.map((diagnostic) => `${rangeText(diagnostic.range)} ${diagnostic.code} ${diagnostic.message}`), [
      '7:11-7:12 generator-rows `rows: 5` and `with.num_instructions: 3` disagree: give one of them.',
    ]);
  });

  test('a file with no `llms` at all: its endpoint comes from the run, so no task step is flagged', async () => {
    const text = `name: g\nsteps:\n  - name: seeds\n    load: ../data/seeds.jsonl\n  - name: answer\n    task: TextGeneration\n    after: seeds\n`;
    assert.deepEqual(await diagnose(inlineFixture(text)), []);
  });

  test('a YAML error hides every other check', async () => {
    assert.deepEqual(await problems(`  - name: answer\n    task: NoSuchTask\n    after: [seeds\n`), [
      '10:1-10:1 yaml-syntax YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  test('a file that is not a map', async () => {
    assert.deepEqual(
      (await diagnose(inlineFixture('- just\n- a list\n'))).map((diagnostic) => `${rangeText(diagnostic.range)} ${diagnostic.message}`),
      ['1:1-2:9 A pipeline file is a map with `name` and `steps` (see docs/pipelines.md).'],
    );
  });
});
