import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatProblem, preparePipeline } from '../../../../src/core/pipeline/run';
import { parsePipelineDocument } from '../../../../src/core/pipeline/run/pipelineDocument';
import { planPipeline } from '../../../../src/core/pipeline/run/planPipeline';
import type { LocatedProblem } from '../../../../src/core/pipeline/run/problems';
import { withTempDir } from './kit';

/** In file order, without the file name. */
function shortly(file: string, problems: readonly LocatedProblem[]): string[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column).map((problem) => formatProblem(problem).slice(file.length + 1));
}

/**
 * The engine's own checks of `text` as a pipeline in `dir` (the ones planning needs), as
 * `line:column: code message`. preparePipeline runs the editor's checks before them.
 */
function problemsOf(dir: string, text: string): string[] {
  const file = join(dir, 'p.pipeline.yaml');
  const document = parsePipelineDocument(text, file);
  if (!document.pipeline) return shortly(file, document.problems);
  const planned = planPipeline(document.pipeline, { pipelineFile: file });
  assert.equal(planned.plan, undefined);
  return shortly(file, planned.problems.map(document.locate));
}

describe("the editor's checks run before anything is sent", () => {
  test('an input column no step produces stops the run, with the diagnostic the editor shows', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), '{"instruction":"a"}\n');
      const file = join(dir, 'p.pipeline.yaml');
      const text = `name: columns
llms: { default: { base_url: http://localhost:1/v1, model: m } }
steps:
  - { name: rows, load: rows.jsonl }
  - { name: score, task: ComplexityScorer, after: rows }
`;
      const prepared = await preparePipeline(file, { text });
      assert.equal(prepared.plan, undefined);
      assert.deepEqual(prepared.problems.map((problem) => [problem.line, problem.code]), [[5, 'missing-column']]);
    });
  });

  test('warnings do not stop a run', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), '{"instruction":"a"}\n');
      const text = `name: warned
llms: { default: { base_url: http://localhost:1/v1, model: m } }
steps:
  - { name: rows, load: rows.jsonl }
  - { name: answer, task: TextGeneration, after: rows, output_mappings: { generation: instruction } }
`;
      const prepared = await preparePipeline(join(dir, 'p.pipeline.yaml'), { text });
      assert.deepEqual(prepared.problems, []);
      assert.deepEqual(prepared.plan?.steps.map((step) => step.name), ['rows', 'answer']);
    });
  });
});

describe("the engine's own checks, made while planning", () => {
  test('YAML syntax and schema problems, at their position', () => {
    assert.deepEqual(problemsOf('/p', 'name: x\nsteps:\n  - name: a\n    load: rows.jsonl\n   bad: [\n'), [
      '5:1: yaml-syntax Sequence item without - indicator',
      '6:1: yaml-syntax Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    assert.deepEqual(problemsOf('/p', 'name: x\nsteps:\n  - { name: rows, load: rows.jsonl }\noutput: 3\n'), ['4:9: schema Invalid input: expected string, received number']);
  });

  test('missing files, unknown tasks and references, LLM entries and parameters', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), '{"instruction":"a"}\n');
      const text = `name: problems
llms:
  judge: { base_url: http://localhost:1/v1, model: m }
steps:
  - name: rows
    load: missing.jsonl
  - name: evolve
    task: EvolInstrukt
    after: rows
  - name: score
    task: ComplexityScorer
    after: [evolve, nowhere]
    llm: judges
  - name: answer
    task: TextGeneration
    after: rows
    input_mappings: { prompt: instruction }
  - name: keep
    step: KeepColumns
    after: [score, answer]
    with: { columns: [] }
`;
      assert.deepEqual(problemsOf(dir, text), [
        `6:11: load-missing no file at ${join(dir, 'missing.jsonl')} (load paths are relative to the pipeline file)`,
        '8:11: unknown-task unknown task "EvolInstrukt"',
        '12:21: unknown-reference no step is called "nowhere"',
        '13:10: unknown-llm no entry "judges" in llms (there are: judge)',
        '15:11: no-llm TextGeneration needs an LLM: add a "default" entry to llms, or choose one with llm: NAME',
        '17:21: unknown-mapping-key "prompt" is not an input of TextGeneration (its inputs: instruction, system_prompt)',
        '21:22: invalid-param KeepColumns columns: Too small: expected array to have >=1 items',
      ]);
    });
  });

  test('the graph: duplicate names and references, cycles, generators, and one last step', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), '{"instruction":"a"}\n');
      const duplicates = `name: g
llms: { default: { base_url: http://localhost:1/v1, model: m } }
steps:
  - { name: rows, load: rows.jsonl }
  - { name: gen, task: EvolInstructGenerator, after: rows, rows: 3, with: { num_instructions: 4 } }
  - { name: evolve, task: EvolInstruct, rows: 2, after: [rows, rows], with: { num_evolutions: 1 } }
  - { name: rows, step: KeepColumns, after: evolve, with: { columns: [x] } }
`;
      assert.deepEqual(problemsOf(dir, duplicates), [
        '5:54: generator-after EvolInstructGenerator makes rows from nothing and reads no step: remove after',
        '5:66: generator-rows rows: 3 and with.num_instructions: 4 disagree; give one of them',
        '6:41: rows-not-generator rows is for generator tasks; EvolInstruct makes one result per row of after',
        '6:64: duplicate-reference "rows" is already listed in after',
        '7:13: duplicate-step another step is already called "rows"; step names must be unique',
      ]);
      const cycle = `name: c
steps:
  - { name: rows, load: rows.jsonl }
  - { name: a, step: KeepColumns, after: [rows, b], with: { columns: [x] } }
  - { name: b, step: KeepColumns, after: a, with: { columns: [x] } }
  - { name: c, step: KeepColumns, after: b, with: { columns: [x] } }
`;
      assert.deepEqual(problemsOf(dir, cycle), [
        '4:49: cycle "a" reads "b" in a cycle ("a", "b" read each other); remove one of these after references',
        '5:42: cycle "b" reads "a" in a cycle ("a", "b" read each other); remove one of these after references',
      ]);
      const twoEnds = `name: l
steps:
  - { name: rows, load: rows.jsonl }
  - { name: a, step: KeepColumns, after: rows, with: { columns: [instruction] } }
  - { name: b, step: KeepColumns, after: rows, with: { columns: [instruction] } }
`;
      assert.deepEqual(problemsOf(dir, twoEnds), [
        '5:13: unreachable-step no step reads "b" nor "a": a pipeline has one last step, whose rows are its output. Let one read the other, join them (e.g. CombineOutputs), or remove one',
      ]);
    });
  });

  test('--base-url and --model replace every endpoint, and give a pipeline without llms a default one', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), '{"instruction":"a"}\n');
      const file = join(dir, 'p.pipeline.yaml');
      const text = 'name: o\nsteps:\n  - { name: rows, load: rows.jsonl }\n  - { name: answer, task: TextGeneration, after: rows }\n';
      const prepared = await preparePipeline(file, { text, llmOverrides: { baseUrls: ['http://127.0.0.1:9/v1'], model: 'local' } });
      assert.deepEqual(prepared.plan?.llms, { default: { base_url: 'http://127.0.0.1:9/v1', model: 'local' } });
      const withLlms = `${text}llms:\n  default: { base_url: https://api.example.com/v1, model: big, api_key_env: KEY, max_concurrency: 2 }\n`;
      const overridden = await preparePipeline(file, { text: withLlms, llmOverrides: { baseUrls: ['http://127.0.0.1:9/v1'] } });
      assert.deepEqual(overridden.plan?.llms, { default: { base_url: 'http://127.0.0.1:9/v1', model: 'big', api_key_env: 'KEY', max_concurrency: 2 } });
      // Several --base-url make every entry a fleet, each endpoint at the entry's max_concurrency.
      const fleet = await preparePipeline(file, { text: withLlms, llmOverrides: { baseUrls: ['http://127.0.0.1:9/v1', 'http://127.0.0.1:10/v1'] } });
      assert.deepEqual(fleet.plan?.llms, {
        default: { base_urls: [{ url: 'http://127.0.0.1:9/v1' }, { url: 'http://127.0.0.1:10/v1' }], model: 'big', api_key_env: 'KEY', max_concurrency: 2 },
      });
    });
  });
});
