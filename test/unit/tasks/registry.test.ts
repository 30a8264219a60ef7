import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultStepName } from '../../../src/core/run/rowRunner';
import { findTask, TASKS } from '../../../src/core/tasks/registry';

/** The whole gallery: the seeds' tasks and the curation tasks beyond them, by distilabel name. */
const GALLERY = [
  'EvolInstruct', 'EvolQuality', 'SelfInstruct', 'ComplexityScorer',
  'EvolComplexity', 'EvolInstructGenerator', 'EvolComplexityGenerator',
  'EmbeddingTaskGenerator', 'GenerateShortTextMatchingData', 'GenerateLongTextMatchingData',
  'GenerateTextClassificationData', 'GenerateTextRetrievalData', 'BitextRetrievalGenerator',
  'MonolingualTripletGenerator', 'GenerateSentencePair', 'GenerateEmbeddings',
  'TextGeneration', 'ChatGeneration', 'StructuredGeneration', 'Genstruct', 'TextClassification',
  'QualityScorer', 'UltraFeedback', 'InstructionBacktranslation', 'PrometheusEval',
];
const KNOWN = `Known tasks: ${GALLERY.join(', ')}.`;
const GENERATORS = ['EvolInstructGenerator', 'EvolComplexityGenerator', 'EmbeddingTaskGenerator', 'BitextRetrievalGenerator', 'MonolingualTripletGenerator'];

describe('registry', () => {
  test('TASKS holds the whole gallery by distilabel names', () => {
    assert.deepEqual([...TASKS.keys()], GALLERY);
    for (const [name, task] of TASKS) assert.equal(task.name, name);
  });

  test('the generators, and only they, take no input rows', () => {
    assert.deepEqual([...TASKS.values()].filter((task) => task.kind === 'generator').map((task) => task.name).sort(), [...GENERATORS].sort());
  });

  test('findTask by exact name', () => {
    for (const name of TASKS.keys()) assert.equal(findTask(name), TASKS.get(name));
  });

  test('a case mismatch is refused with a hint', () => {
    assert.throws(() => findTask('evolinstruct'), { message: `Unknown task "evolinstruct". Did you mean EvolInstruct? ${KNOWN}` });
    assert.throws(() => findTask('COMPLEXITYSCORER'), { message: `Unknown task "COMPLEXITYSCORER". Did you mean ComplexityScorer? ${KNOWN}` });
  });

  test('an unknown name lists the known tasks', () => {
    assert.throws(() => findTask('EvolAnything'), { message: `Unknown task "EvolAnything". ${KNOWN}` });
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
