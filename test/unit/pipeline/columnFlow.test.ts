import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePipeline } from '../../../src/core/pipeline/analysis';
import type { ColumnSet } from '../../../src/core/pipeline/columns';
import { describeColumnType } from '../../../src/core/tasks/columns';
import { diagnose, inlineFixture } from './kit';

const HEAD = `name: flow
llms:
  default: { base_url: http://localhost:11434/v1, model: llama3.1 }
steps:
  - name: seeds
    load: ../data/seeds.jsonl
`;

async function columnsAfter(steps: string, stepName: string) {
  const fixture = inlineFixture(`${HEAD}${steps}`);
  const analysis = await analyzePipeline(fixture.text, fixture.host);
  const step = analysis.graph.byName.get(stepName);
  const columns = step && analysis.columns[step.index];
  assert.ok(columns, `no columns for ${stepName}`);
  const describe = (set: ColumnSet) =>
    Object.fromEntries([...set.columns].map(([name, column]) => [name, `${describeColumnType(column.type)} from ${analysis.model.steps[column.producer]?.name?.value}`]));
  return { after: describe(columns.after), upstream: describe(columns.upstream), dropped: Object.fromEntries([...columns.after.dropped].map(([name, index]) => [name, analysis.model.steps[index]?.name?.value])), complete: columns.after.complete };
}

describe('columns along the graph', () => {
  test('a task adds its outputs, model_name and the metadata to the columns it received', async () => {
    const { after } = await columnsAfter(`  - name: answer\n    task: TextGeneration\n    after: seeds\n    output_mappings: { generation: answer }\n`, 'answer');
    assert.deepEqual(after, {
      id: 'number from seeds',
      instruction: 'string from seeds',
      topic: 'string from seeds',
      tags: 'list<string> from seeds',
      difficulty: 'number? from seeds',
      answer: 'string? from answer',
      model_name: 'string from answer',
      distilabel_metadata: 'json from answer',
    });
  });

  test('a kept column keeps the step that wrote it; a removed one remembers who removed it', async () => {
    const { after, dropped } = await columnsAfter(`  - name: keep\n    step: KeepColumns\n    after: seeds\n    with: { columns: [topic] }\n`, 'keep');
    assert.deepEqual(after, { topic: 'string from seeds' });
    assert.deepEqual(dropped, { id: 'keep', instruction: 'keep', tags: 'keep', difficulty: 'keep' });
  });

  test('a one-input step after two branches reads the columns both have', async () => {
    const steps = `  - name: left\n    task: TextGeneration\n    after: seeds\n  - name: right\n    step: KeepColumns\n    after: seeds\n    with: { columns: [instruction] }\n  - name: both\n    task: TextGeneration\n    after: [left, right]\n`;
    const { upstream } = await columnsAfter(steps, 'both');
    assert.deepEqual(upstream, { instruction: 'string from seeds' });
  });

  test('after a step whose columns are unknown, nothing is reported missing', async () => {
    const steps = `  - name: mystery\n    task: NoSuchTask\n    after: seeds\n  - name: score\n    task: ComplexityScorer\n    after: mystery\n`;
    const { complete } = await columnsAfter(steps, 'score');
    assert.equal(complete, false);
    const codes = (await diagnose(inlineFixture(`${HEAD}${steps}`))).map((diagnostic) => diagnostic.code);
    assert.deepEqual(codes, ['unknown-task']);
  });

  test('a typo in one parameter still leaves the step’s columns known downstream', async () => {
    const steps = `  - name: evolve\n    task: EvolInstruct\n    after: seeds\n    with: { num_evolutions: 1, store_evolution: true }\n  - name: score\n    task: ComplexityScorer\n    after: evolve\n`;
    const codes = (await diagnose(inlineFixture(`${HEAD}${steps}`))).map((diagnostic) => diagnostic.code);
    assert.deepEqual(codes, ['unknown-param', 'missing-column']);
  });
});
