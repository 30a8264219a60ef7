import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultStepName, runRow } from '../../../src/core/run/rowRunner';
import { col, describeColumnType } from '../../../src/core/tasks/columns';
import { TaskParamsError, type ColumnMappings } from '../../../src/core/tasks/defineTask';
import { findTask } from '../../../src/core/tasks/registry';
import { lastUserContent, scriptedClient } from '../../support/scriptedClient';
import { metadataOf } from './kit';

/** SelfInstruct answers that differ per request, so generations can be told apart. */
const numberedQueries = (_: unknown, requestNumber: number) => `query ${requestNumber}a\nquery ${requestNumber}b`;

async function run(taskName: string, params: unknown, value: Record<string, unknown>, mappings: ColumnMappings = {}) {
  const task = findTask(taskName).configure(params, mappings);
  const client = scriptedClient((messages, n) => {
    const content = lastUserContent({ messages });
    return content.includes('#Given Prompt#:') ? `#Rewritten Prompt#:\nevolved ${n}` : numberedQueries(messages, n);
  });
  const result = await runRow({ index: 0, value }, { task, client, stepName: defaultStepName(taskName), includeMetadata: true });
  return { task, client, result };
}

describe('num_generations and group_generations', () => {
  test('every task declares both, with distilabel defaults', () => {
    const required: Record<string, object> = { EvolInstruct: { num_evolutions: 1 }, EvolQuality: { num_evolutions: 1 } };
    for (const name of ['EvolInstruct', 'EvolQuality', 'SelfInstruct', 'ComplexityScorer']) {
      const params = findTask(name).configure(required[name] ?? {}).params;
      assert.equal(params.num_generations, 1, name);
      assert.equal(params.group_generations, false, name);
    }
  });

  test('three generations give three rows, each with its own output, calls and metadata', async () => {
    const { result, client } = await run('SelfInstruct', { num_generations: 3, num_instructions: 2 }, { input: 'rice' });
    assert.equal(client.requests.length, 3);
    assert.equal(result.status, 'ok');
    assert.deepEqual(
      result.rows.map((row) => row.instructions).sort(),
      [['query 1a', 'query 1b'], ['query 2a', 'query 2b'], ['query 3a', 'query 3b']],
    );
    for (const row of result.rows) {
      assert.equal(row.input, 'rice');
      const metadata = row.distilabel_metadata as Record<string, unknown>;
      assert.match(String(metadata.raw_output_self_instruct_0), /^query \da\nquery \db$/);
      assert.deepEqual((metadata.statistics_self_instruct_0 as { requests: number }).requests, 1);
    }
  });

  test('grouped generations give one row whose outputs are lists, one entry per generation', async () => {
    const { result, task } = await run('SelfInstruct', { num_generations: 2, group_generations: true, num_instructions: 2 }, { input: 'rice' });
    assert.equal(describeColumnType(task.outputs.instructions ?? col.json), 'list<list<string>?>?');
    assert.equal(result.rows.length, 1);
    const [row] = result.rows;
    assert.deepEqual((row.instructions as string[][]).map((list) => list.length), [2, 2]);
    const calls = metadataOf(result).calls_self_instruct_0 as { label: string }[];
    assert.deepEqual(calls.map((call) => call.label).sort(), ['generation 1: generation', 'generation 2: generation']);
  });

  test('multi-call tasks repeat the whole process per generation, with independent mutation choices', async () => {
    const { result, client } = await run('EvolInstruct', { num_evolutions: 2, num_generations: 2 }, { instruction: 'Q' });
    assert.equal(client.requests.length, 4);
    assert.equal(result.rows.length, 2);
    const labels = result.rows.map((row) =>
      ((row.distilabel_metadata as Record<string, unknown>).calls_evol_instruct_0 as { label: string }[]).map((call) => call.label),
    );
    for (const [index, rowLabels] of labels.entries()) {
      assert.equal(rowLabels.length, 2);
      for (const label of rowLabels) assert.match(label, new RegExp(`^generation ${index + 1}: evolution \\d \\(`));
    }
  });

  test('num_generations must be a whole number of at least 1', () => {
    assert.throws(() => findTask('SelfInstruct').configure({ num_generations: 0 }), /num_generations/);
  });
});

describe('input_mappings and output_mappings', () => {
  test('an input mapping reads the task input from another column', async () => {
    const { result, task, client } = await run('EvolInstruct', { num_evolutions: 1 }, { prompt: 'Name a river.' }, { input: { instruction: 'prompt' } });
    assert.deepEqual(Object.keys(task.inputs), ['prompt']);
    assert.match(lastUserContent(client.requests[0]), /#Given Prompt#:\nName a river\.\n/);
    assert.equal(result.status, 'ok');
    assert.equal(result.rows[0].instruction, undefined, 'the mapped-from name is not added to the row');
  });

  test('an output mapping writes the output under another name', async () => {
    const { result, task } = await run('EvolInstruct', { num_evolutions: 1 }, { instruction: 'Q' }, { output: { evolved_instruction: 'harder' } });
    assert.deepEqual(Object.keys(task.outputs), ['harder']);
    assert.deepEqual(Object.keys(result.rows[0]), ['instruction', 'harder', 'model_name', 'distilabel_metadata']);
    assert.equal(result.rows[0].harder, 'evolved 1');
  });

  test('a missing mapped column is reported by its dataset name', async () => {
    const { result, client } = await run('EvolInstruct', { num_evolutions: 1 }, { instruction: 'Q' }, { input: { instruction: 'prompt' } });
    assert.equal(result.status, 'input_error');
    assert.equal(client.requests.length, 0);
    assert.match(result.error ?? '', /column "prompt" is missing/);
  });

  test('mapping a name the task does not have is refused, listing the real ones', () => {
    assert.throws(
      () => findTask('EvolInstruct').configure({ num_evolutions: 1 }, { input: { instructions: 'prompt' } }),
      (error: unknown) =>
        error instanceof TaskParamsError && /input_mappings: "instructions" is not an input of EvolInstruct \(its inputs: instruction\)/.test(error.message),
    );
    assert.throws(
      () => findTask('EvolInstruct').configure({ num_evolutions: 1 }, { output: { answer: 'a' } }),
      /output_mappings: "answer" is not an output of EvolInstruct \(its outputs: evolved_instruction\)/,
    );
  });
});
