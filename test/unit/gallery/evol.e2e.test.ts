/**
 * The evol gallery end to end: each task through the engine and the real OpenAI client against
 * the mock endpoint over HTTP, and each generator through `distillery generate`. The mock's
 * answers are a pure function of the prompt, so every value is computed exactly.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenAiClient } from '../../../src/core/llm';
import { runTask } from '../../../src/core/run/engine';
import { defaultStepName, type RecordedCall, type RowInput, type RowResult } from '../../../src/core/run/rowRunner';
import { EVOL_COMPLEXITY_GENERATION_TEMPLATES, EVOL_COMPLEXITY_TEMPLATES } from '../../../src/core/tasks/evolComplexity';
import { EVOL_INSTRUCT_GENERATION_TEMPLATES } from '../../../src/core/tasks/evolInstructGeneratorTemplates';
import type { JsonObject } from '../../../src/core/jsonl/types';
import { findTask } from '../../../src/core/tasks/registry';
import { MOCK_CONSTRAINTS, mockAnswerFor, startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';
import { runCli } from '../../support/cli';
import { extracted, modelSlot } from '../tasks/evolGeneratorModel';
import { render } from '../tasks/kit';

const MODEL = 'mock-evol';
const mockAnswer = (content: string) => mockAnswerFor([{ role: 'user', content }]);

let mock: MockOpenAi;
before(async () => {
  mock = await startMockOpenAi({ model: MODEL });
});
after(async () => {
  await mock.close();
});

async function runAll(taskName: string, params: Record<string, unknown>, values: JsonObject[]): Promise<RowResult[]> {
  const task = findTask(taskName).configure(params);
  const client = createOpenAiClient({ baseUrl: mock.url, model: MODEL });
  const rows: RowInput[] = values.map((value, index) => ({ index, value }));
  const results: RowResult[] = [];
  for await (const result of runTask({ task, client, rows, stepName: defaultStepName(taskName), includeMetadata: true, ordered: true })) {
    results.push(result);
  }
  return results;
}

function callsOf(row: JsonObject, taskName: string): RecordedCall[] {
  const metadata = row.distilabel_metadata as Record<string, unknown>;
  const step = defaultStepName(taskName);
  const calls = metadata[`calls_${step}`];
  // Every row here makes at least two calls (evolutions, or an attempt and its answer).
  if (!Array.isArray(calls)) throw new Error(`row has no calls_${step}`);
  return calls as RecordedCall[];
}

describe('EvolComplexity through the engine against the mock endpoint', () => {
  test('three rows, two stored evolutions each with answers: exact values', async () => {
    const instructions = ['Describe a bridge.', 'How do magnets work?', 'Plan a picnic for four people.'];
    const results = await runAll(
      'EvolComplexity',
      { num_evolutions: 2, store_evolutions: true, generate_answers: true },
      instructions.map((instruction) => ({ instruction })),
    );
    assert.equal(results.length, 3);
    results.forEach((result, index) => {
      const row = result.rows[0];
      assert.equal(result.status, 'ok');
      assert.deepEqual(Object.keys(row), ['instruction', 'evolved_instructions', 'answers', 'model_name', 'distilabel_metadata']);
      const mutations = callsOf(row, 'EvolComplexity')
        .slice(0, 2)
        .map((call) => /^evolution \d \((.+)\)$/.exec(call.label)?.[1] as string);
      for (const mutation of mutations) assert.ok(mutation in EVOL_COMPLEXITY_TEMPLATES, mutation);
      // Each evolution is the mock's answer to the chosen template around the previous text.
      let current = instructions[index] as string;
      const expected: string[] = [];
      for (const mutation of mutations) {
        current = extracted(mockAnswer(render(EVOL_COMPLEXITY_TEMPLATES[mutation] as string, { '<PROMPT>': current })));
        expected.push(current);
      }
      assert.deepEqual(row.evolved_instructions, expected);
      // Plausible: the original, then one constraint sentence appended per evolution.
      const [first, second] = expected as [string, string];
      assert.ok(first.startsWith(`${instructions[index]} `) && MOCK_CONSTRAINTS.some((c) => first.endsWith(c)), first);
      assert.ok(second.startsWith(`${first} `), second);
      assert.deepEqual(row.answers, expected.map(mockAnswer));
      assert.equal(row.model_name, MODEL);
    });
  });
});

const generatorCases = [
  { taskName: 'EvolInstructGenerator', templates: EVOL_INSTRUCT_GENERATION_TEMPLATES },
  { taskName: 'EvolComplexityGenerator', templates: EVOL_COMPLEXITY_GENERATION_TEMPLATES },
] as const;

describe('evol generators through the engine against the mock endpoint', () => {
  for (const { taskName, templates } of generatorCases) {
    test(`${taskName}: five slots with answers, each instruction inside [100, 400] and equal to the modelled slot`, async () => {
      const window = { min_length: 100, max_length: 400 };
      const results = await runAll(taskName, { num_instructions: 5, generate_answers: true, ...window }, [{}, {}, {}, {}, {}]);
      assert.equal(results.length, 5);
      let remutated = 0;
      results.forEach((result, index) => {
        const row = result.rows[0];
        const expected = modelSlot({ seed: 42, index, templates, minLength: 100, maxLength: 400, maxAttempts: 20, answer: mockAnswer });
        assert.equal(result.status, 'ok', result.error);
        assert.deepEqual(Object.keys(row), ['instruction', 'answer', 'model_name', 'distilabel_metadata']);
        assert.equal(row.instruction, expected.instruction);
        const instruction = row.instruction as string;
        assert.ok([...instruction].length >= 100 && [...instruction].length <= 400, instruction);
        assert.match(instruction, /^(In a rarer setting: )*(What is one everyday use for|How could) /);
        assert.equal(row.answer, mockAnswer(instruction));
        assert.equal(row.model_name, MODEL);
        const calls = callsOf(row, taskName);
        assert.deepEqual(
          calls.map((call) => call.label),
          [...expected.calls.map((call) => call.label), 'answer'],
        );
        assert.deepEqual(calls.at(-1)?.messages, [{ role: 'user', content: instruction }]);
        if (expected.calls.length > 1) remutated += 1;
      });
      assert.ok(remutated > 0, 'at least one slot needed a re-mutation');
    });
  }
});

describe('distillery generate with the evol generators', () => {
  for (const { taskName, templates } of generatorCases) {
    test(`${taskName} --rows 3: exit 0, three rows, each instruction in [60, 400]`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'distillery-evol-'));
      const out = join(dir, 'generated.jsonl');
      const run = await runCli([
        'generate', taskName, '--rows', '3', '--param', 'min_length=60', '--param', 'max_length=400',
        '--base-url', mock.url, '--model', MODEL, '--quiet', '--out', out,
      ]);
      assert.equal(run.code, 0, run.stderr);
      const rows = (await readFile(out, 'utf8'))
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as JsonObject);
      assert.equal(rows.length, 3);
      rows.forEach((row, index) => {
        assert.deepEqual(Object.keys(row), ['instruction', 'model_name', 'distilabel_metadata']);
        const length = [...(row.instruction as string)].length;
        assert.ok(length >= 60 && length <= 400, `${length}: ${String(row.instruction)}`);
        const expected = modelSlot({ seed: 42, index, templates, minLength: 60, maxLength: 400, maxAttempts: 20, answer: mockAnswer });
        assert.equal(row.instruction, expected.instruction);
        assert.equal(row.model_name, MODEL);
      });
      await rm(dir, { recursive: true });
    });
  }
});
