import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIAGNOSTIC_CODES, type DiagnosticCode, type Severity } from '../../../src/core/pipeline/diagnostic';
import { nodePipelineHost, validatePipeline } from '../../../src/core/pipeline/languageService';
import { diagnose, FIXTURES, loadFixture, rangeText } from './kit';

/**
 * One fixture per diagnostic code (test/fixtures/pipelines/diagnostics/<code>.pipeline.yaml),
 * each with every diagnostic it gives: the exact range (1-based, as an editor shows it), code,
 * severity and message. A fixture gives nothing else, so a rule that starts reporting noise
 * fails here too.
 */
interface Expected {
  at: string;
  code: DiagnosticCode;
  severity?: Severity;
  message: string;
}

const TABLE: { fixture: DiagnosticCode; expected: Expected[] }[] = [
  {
    fixture: 'column-type-mismatch',
    expected: [
      { at: '14:37-14:48', code: 'column-type-mismatch', message: 'Column "instruction" from step "seeds" is string, but ComplexityScorer reads "instructions" as list<string>: map it to "evolved_instructions" (list<string>?) instead?' },
    ],
  },
  {
    fixture: 'cycle',
    expected: [
      { at: '9:20-9:26', code: 'cycle', message: 'Steps "first" and "second" read each other\'s rows in a cycle: a step can only read steps that come before it. Remove one of these `after` references.' },
      { at: '12:12-12:17', code: 'cycle', message: 'Steps "first" and "second" read each other\'s rows in a cycle: a step can only read steps that come before it. Remove one of these `after` references.' },
    ],
  },
  {
    fixture: 'duplicate-step',
    expected: [
      { at: '7:11-7:16', code: 'duplicate-step', message: 'Another step is already named "seeds": step names must be unique, since `after` refers to steps by name.' },
    ],
  },
  {
    fixture: 'generator-after',
    expected: [
      { at: '9:5-9:10', code: 'generator-after', message: 'EvolInstructGenerator makes rows rather than reading them: remove `after`.' },
    ],
  },
  {
    fixture: 'generator-rows',
    expected: [
      { at: '6:11-6:32', code: 'generator-rows', message: 'EvolInstructGenerator is a generator: say how many rows to make with `rows: N` (or `with.num_instructions`).' },
    ],
  },
  {
    fixture: 'invalid-param',
    expected: [
      { at: '10:29-10:30', code: 'invalid-param', message: 'Invalid `num_evolutions` for EvolInstruct: must be ≥ 1, got a number (0).' },
    ],
  },
  {
    fixture: 'load-format',
    expected: [
      { at: '6:11-6:28', code: 'load-format', message: 'Cannot tell the format of "../data/seeds.txt" from its extension: write `load: { path: ../data/seeds.txt, format: jsonl }` (or json, csv).' },
    ],
  },
  {
    fixture: 'load-missing',
    expected: [
      { at: '6:11-6:37', code: 'load-missing', message: 'File "../data/no-such-file.jsonl" not found (paths are relative to the pipeline file).' },
    ],
  },
  {
    fixture: 'load-unreadable',
    expected: [
      { at: '6:11-6:30', code: 'load-unreadable', severity: 'warning', message: 'Could not take the columns of "../data/empty.jsonl": it has no rows to take the columns from. The columns after this step are not checked.' },
    ],
  },
  {
    fixture: 'missing-after',
    expected: [
      { at: '8:11-8:25', code: 'missing-after', message: 'TextGeneration reads rows, but this step has no `after`: name the step whose rows it reads.' },
    ],
  },
  {
    fixture: 'missing-column',
    expected: [
      { at: '12:11-12:25', code: 'missing-column', message: 'TextGeneration reads column "instruction" (string), but step "keep" removed it. Columns here: id (number), tags (list<string>).' },
    ],
  },
  {
    fixture: 'missing-param',
    expected: [
      { at: '8:11-8:23', code: 'missing-param', message: 'EvolInstruct needs parameter `num_evolutions` (integer ≥ 1): How many times each instruction is evolved, each evolution building on the last.' },
    ],
  },
  {
    fixture: 'no-llm',
    expected: [
      { at: '8:11-8:25', code: 'no-llm', message: 'TextGeneration needs an LLM, but this step names no `llm` and `llms` has no `default` entry: add `llm: <name>` to the step, or a `default` endpoint under `llms`.' },
    ],
  },
  {
    fixture: 'overwrites-column',
    expected: [
      { at: '11:11-11:25', code: 'overwrites-column', severity: 'warning', message: 'TextGeneration writes "generation", replacing the "generation" column from step "draft": rename the output with `output_mappings` to keep both.' },
    ],
  },
  {
    fixture: 'rows-not-generator',
    expected: [
      { at: '10:5-10:9', code: 'rows-not-generator', message: '`rows` is for generator tasks; TextGeneration makes one result per row it reads.' },
    ],
  },
  {
    fixture: 'schema',
    expected: [
      { at: '7:5-7:10', code: 'schema', message: 'Unknown key "after" in step "seeds". It takes: name, load.' },
      { at: '11:10-11:19', code: 'schema', message: '`llm`: expected a string, got a list' },
      { at: '12:1-12:7', code: 'schema', message: 'Unknown key "outptu" in the pipeline; did you mean "output"? It takes: name, description, llms, steps, output.' },
    ],
  },
  {
    fixture: 'template-placeholder',
    expected: [
      { at: '11:59-11:69', code: 'template-placeholder', message: '{{ topc }} is not one of `columns` (instruction), and no step before step "answer" writes "topc"; did you mean "topic"?' },
    ],
  },
  {
    fixture: 'unknown-llm',
    expected: [
      { at: '11:10-11:15', code: 'unknown-llm', message: 'No entry "jugde" in `llms`; did you mean "judge"?' },
    ],
  },
  {
    fixture: 'unknown-mapping-column',
    expected: [
      { at: '10:36-10:42', code: 'unknown-mapping-column', message: '`input_mappings` maps "instruction" to column "prompt", and no step before step "answer" writes it: map it to "instruction" (string)?' },
    ],
  },
  {
    fixture: 'unknown-mapping-key',
    expected: [
      { at: '10:24-10:35', code: 'unknown-mapping-key', message: 'TextGeneration has no output "generations"; did you mean "generation"?' },
    ],
  },
  {
    fixture: 'unknown-param',
    expected: [
      { at: '12:7-12:22', code: 'unknown-param', message: 'EvolInstruct has no parameter "store_evolution"; did you mean "store_evolutions"?' },
    ],
  },
  {
    fixture: 'unknown-reference',
    expected: [
      { at: '9:12-9:16', code: 'unknown-reference', message: 'No step is named "seed"; did you mean "seeds"?' },
    ],
  },
  {
    fixture: 'unknown-step-kind',
    expected: [
      { at: '8:11-8:21', code: 'unknown-step-kind', message: 'Unknown column step "KeepColums"; did you mean "KeepColumns"?' },
    ],
  },
  {
    fixture: 'unknown-task',
    expected: [
      { at: '8:11-8:22', code: 'unknown-task', message: 'Unknown task "EvolInstrct"; did you mean "EvolInstruct"?' },
    ],
  },
  {
    fixture: 'unreachable-step',
    expected: [
      { at: '7:11-7:16', code: 'unreachable-step', message: 'No step reads the rows of step "draft", so they never reach the output (the rows of "evolve", the last step). Read "draft" in a later step\'s `after` (CombineOutputs joins branches), or remove it.' },
    ],
  },
  {
    fixture: 'yaml-syntax',
    expected: [
      { at: '10:5-10:9', code: 'yaml-syntax', message: 'YAML: Map keys must be unique' },
    ],
  },
];

describe('pipeline diagnostics: one fixture per code', () => {
  test('every code has a fixture, and every fixture a row', () => {
    assert.deepEqual(TABLE.map((row) => row.fixture).sort(), [...DIAGNOSTIC_CODES].sort());
    const files = readdirSync(join(FIXTURES, 'diagnostics')).map((name) => name.replace('.pipeline.yaml', ''));
    assert.deepEqual(files.sort(), [...DIAGNOSTIC_CODES].sort());
  });

  for (const { fixture, expected } of TABLE) {
    test(fixture, async () => {
      const diagnostics = await diagnose(loadFixture('diagnostics', fixture));
      const actual = diagnostics.map((diagnostic) => ({
        at: rangeText(diagnostic.range),
        code: diagnostic.code,
        ...(diagnostic.severity === 'warning' ? { severity: diagnostic.severity } : {}),
        message: diagnostic.message,
      }));
      assert.deepEqual(actual, expected);
      assert.ok(actual.some((diagnostic) => diagnostic.code === fixture), `the ${fixture} fixture gives a ${fixture} diagnostic`);
    });
  }
});

describe('pipeline diagnostics: clean pipelines', () => {
  const names = readdirSync(join(FIXTURES, 'clean')).map((name) => name.replace('.pipeline.yaml', ''));
  test('there are several', () => assert.ok(names.length >= 5));
  for (const name of names) {
    test(`${name} has no diagnostics`, async () => {
      assert.deepEqual(await diagnose(loadFixture('clean', name)), []);
    });
  }
  for (const name of readdirSync(join(process.cwd(), 'examples')).filter((file) => file.endsWith('.pipeline.yaml'))) {
    test(`examples/${name} has no diagnostics`, async () => {
      const path = join(process.cwd(), 'examples', name);
      assert.deepEqual(await validatePipeline(readFileSync(path, 'utf8'), nodePipelineHost(path)), []);
    });
  }
});
