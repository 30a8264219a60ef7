import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TaskParamsError } from '../../../src/core/tasks/defineTask';
import { EVOL_INSTRUCT_TEMPLATES } from '../../../src/core/tasks/evolInstructTemplates';
import { EVOL_QUALITY_TEMPLATES } from '../../../src/core/tasks/evolQualityTemplates';
import { findTask } from '../../../src/core/tasks/registry';
import { DEFAULT_QUERY_CRITERIA } from '../../../src/core/tasks/selfInstruct';
import { paramsError } from './kit';


describe('Evol task parameters', () => {
  for (const taskName of ['EvolInstruct', 'EvolQuality']) {
    for (const params of [undefined, {}, { num_evolutions: 0 }, { num_evolutions: -2 }, { num_evolutions: 1.5 }, { num_evolutions: '3' }]) {
      test(`${taskName}: num_evolutions ${JSON.stringify(params)} is refused, naming it`, () => {
        const error = paramsError(taskName, params);
        assert.equal(error.taskName, taskName);
        assert.equal(error.name, 'TaskParamsError');
        assert.equal(error.problems.length, 1);
        assert.match(error.problems[0] as string, /^num_evolutions: /);
        assert.equal(error.message, `Invalid parameters for ${taskName}: ${error.problems[0]}`);
      });
    }
  }

  test('EvolInstruct: a custom template without <PROMPT> is refused, naming the template', () => {
    const error = paramsError('EvolInstruct', { num_evolutions: 1, mutation_templates: { GOOD: 'Rewrite <PROMPT>', SHOUT: 'Rewrite it louder' } });
    assert.deepEqual(error.problems, ['mutation_templates.SHOUT: template SHOUT does not contain <PROMPT>']);
  });

  test('EvolQuality: templates need both <PROMPT> and <RESPONSE>', () => {
    const error = paramsError('EvolQuality', {
      num_evolutions: 1,
      mutation_templates: { OK: '<PROMPT> <RESPONSE>', NO_RESPONSE: 'Improve <PROMPT>', NEITHER: 'Improve' },
    });
    assert.deepEqual(error.problems, [
      'mutation_templates.NO_RESPONSE: template NO_RESPONSE does not contain <RESPONSE>',
      'mutation_templates.NEITHER: template NEITHER does not contain <PROMPT>',
      'mutation_templates.NEITHER: template NEITHER does not contain <RESPONSE>',
    ]);
  });

  test('an empty mutation_templates map is refused', () => {
    assert.deepEqual(paramsError('EvolInstruct', { num_evolutions: 1, mutation_templates: {} }).problems, [
      'mutation_templates: needs at least one mutation template',
    ]);
  });

  test('several problems are all reported', () => {
    const error = paramsError('EvolInstruct', { num_evolutions: 0, store_evolutions: 'yes', seed: 1.5 });
    assert.deepEqual(
      error.problems.map((problem) => problem.split(':')[0]),
      ['num_evolutions', 'store_evolutions', 'seed'],
    );
  });

  test('EvolInstruct defaults', () => {
    const configured = findTask('EvolInstruct').configure({ num_evolutions: 2 });
    assert.deepEqual(configured.params, {
      num_generations: 1,
      group_generations: false,
      num_evolutions: 2,
      store_evolutions: false,
      generate_answers: false,
      include_original_instruction: false,
      mutation_templates: EVOL_INSTRUCT_TEMPLATES,
      seed: 42,
    });
    assert.equal(configured.seed, 42);
    assert.deepEqual(Object.keys(EVOL_INSTRUCT_TEMPLATES), ['CONSTRAINTS', 'DEEPENING', 'CONCRETIZING', 'INCREASED_REASONING_STEPS', 'BREADTH']);
  });

  test('EvolQuality defaults', () => {
    const configured = findTask('EvolQuality').configure({ num_evolutions: 1 });
    assert.deepEqual(configured.params, {
      num_generations: 1,
      group_generations: false,
      num_evolutions: 1,
      store_evolutions: false,
      include_original_response: false,
      mutation_templates: EVOL_QUALITY_TEMPLATES,
      seed: 42,
    });
    assert.deepEqual(Object.keys(EVOL_QUALITY_TEMPLATES), ['HELPFULNESS', 'RELEVANCE', 'DEEPENING', 'CREATIVITY', 'DETAILS']);
  });

  test('every default template holds its placeholders exactly once and ends with the header the parser expects', () => {
    for (const template of Object.values(EVOL_INSTRUCT_TEMPLATES)) {
      assert.equal(template.split('<PROMPT>').length, 2);
      assert.match(template, /#(Rewritten|Created) Prompt#:\n$/);
    }
    for (const template of Object.values(EVOL_QUALITY_TEMPLATES)) {
      assert.equal(template.split('<PROMPT>').length, 2);
      assert.equal(template.split('<RESPONSE>').length, 2);
      assert.match(template, /#Rewritten Response#:\n$/);
    }
  });

  test('the seed is taken from the params', () => {
    assert.equal(findTask('EvolInstruct').configure({ num_evolutions: 1, seed: 7 }).seed, 7);
    assert.equal(findTask('EvolQuality').configure({ num_evolutions: 1, seed: -3 }).seed, -3);
    assert.equal(findTask('EvolQuality').configure({ num_evolutions: 1 }).seed, 42);
  });
});

describe('SelfInstruct parameters', () => {
  test('defaults filled', () => {
    assert.deepEqual(findTask('SelfInstruct').configure({}).params, {
      num_generations: 1,
      group_generations: false,
      num_instructions: 5,
      criteria_for_query_generation: DEFAULT_QUERY_CRITERIA,
      application_description: 'AI assistant',
    });
  });

  test('given values are kept', () => {
    const params = { num_instructions: 2, criteria_for_query_generation: 'C', application_description: 'a bot', system_prompt: 'S', num_generations: 3, group_generations: true };
    assert.deepEqual(findTask('SelfInstruct').configure(params).params, params);
  });

  for (const num_instructions of [0, -1, 2.5, 'five']) {
    test(`num_instructions ${JSON.stringify(num_instructions)} is refused, naming it`, () => {
      const error = paramsError('SelfInstruct', { num_instructions });
      assert.equal(error.problems.length, 1);
      assert.match(error.problems[0] as string, /^num_instructions: /);
    });
  }
});

describe('ComplexityScorer parameters', () => {
  test('none required, seed 0', () => {
    const configured = findTask('ComplexityScorer').configure(undefined);
    assert.deepEqual(configured.params, { use_default_structured_output: false, num_generations: 1, group_generations: false });
    assert.equal(configured.seed, 0);
  });
});

describe('unknown parameters', () => {
  test('a misspelt parameter is refused, naming it', () => {
    assert.throws(
      () => findTask('EvolInstruct').configure({ num_evolutions: 1, store_evolution: true }),
      (error: unknown) => error instanceof TaskParamsError && /store_evolution/.test(error.message),
    );
  });
});
