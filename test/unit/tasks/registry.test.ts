import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultStepName } from '../../../src/core/run/rowRunner';
import { findTask, TASKS } from '../../../src/core/tasks/registry';

const KNOWN = 'Known tasks: EvolInstruct, EvolQuality, SelfInstruct, ComplexityScorer.';

describe('registry', () => {
  test('TASKS holds the four tasks by their distilabel names', () => {
    assert.deepEqual([...TASKS.keys()], ['EvolInstruct', 'EvolQuality', 'SelfInstruct', 'ComplexityScorer']);
    for (const [name, task] of TASKS) assert.equal(task.name, name);
  });

  test('findTask by exact name', () => {
    for (const name of TASKS.keys()) assert.equal(findTask(name), TASKS.get(name));
  });

  test('a case mismatch is refused with a hint', () => {
    assert.throws(() => findTask('evolinstruct'), { message: `Unknown task "evolinstruct". Did you mean EvolInstruct? ${KNOWN}` });
    assert.throws(() => findTask('COMPLEXITYSCORER'), { message: `Unknown task "COMPLEXITYSCORER". Did you mean ComplexityScorer? ${KNOWN}` });
  });

  test('an unknown name lists the known tasks', () => {
    assert.throws(() => findTask('EvolComplexityGenerator'), { message: `Unknown task "EvolComplexityGenerator". ${KNOWN}` });
    assert.throws(() => findTask(''), { message: `Unknown task "". ${KNOWN}` });
  });

  test('every task has a description, categories and documented deviations', () => {
    for (const task of TASKS.values()) {
      assert.ok(task.description.length > 0, task.name);
      assert.ok(task.categories.length > 0, task.name);
      assert.ok(task.deviations.length > 0, task.name);
    }
  });
});

describe('defaultStepName', () => {
  const cases: [string, string][] = [
    ['EvolInstruct', 'evol_instruct_0'],
    ['EvolQuality', 'evol_quality_0'],
    ['SelfInstruct', 'self_instruct_0'],
    ['ComplexityScorer', 'complexity_scorer_0'],
    ['LLMJudge', 'llm_judge_0'],
    ['Task', 'task_0'],
  ];
  for (const [name, step] of cases) {
    test(`${name} -> ${step}`, () => assert.equal(defaultStepName(name), step));
  }
});
