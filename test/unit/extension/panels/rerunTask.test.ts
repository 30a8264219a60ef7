import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runRow } from '../../../../src/core/run/rowRunner';
import { findTask } from '../../../../src/core/tasks/registry';
import { recordedRerun } from '../../../../src/extension/panels/rerunTask';
import { scriptedClient } from '../../../support/scriptedClient';

const nothingRemembered = () => ({ params: undefined, mappings: {} });

describe('the task a file row re-runs with', () => {
  it('reads the Evol parameters off the row when none were remembered', async () => {
    const params = { num_evolutions: 3, store_evolutions: true, include_original_instruction: true, generate_answers: true };
    const task = findTask('EvolComplexity').configure(params);
    const client = scriptedClient(() => 'a longer instruction');
    const { rows } = await runRow({ index: 0, value: { instruction: 'short' } }, { task, client, stepName: 'evol_complexity_0', includeMetadata: true });
    const spec = recordedRerun(rows[0], nothingRemembered);
    assert.deepEqual(spec, { task: 'EvolComplexity', params, mappings: {} });
    assert.doesNotThrow(() => findTask(spec.task).configure(spec.params));
  });

  it('prefers the parameters and mappings remembered for the file, and the last task recorded', () => {
    const row = { distilabel_metadata: { raw_output_evol_instruct_0: 'x', raw_output_complexity_scorer_0: '[1] Score: 2' } };
    const spec = recordedRerun(row, (task) => ({ params: { use_default_structured_output: true }, mappings: { instructions: `${task}-column` } }));
    assert.deepEqual(spec, { task: 'ComplexityScorer', params: { use_default_structured_output: true }, mappings: { instructions: 'ComplexityScorer-column' } });
  });

  it('has nothing to offer for a row without a known step', () => {
    assert.equal(recordedRerun({ distilabel_metadata: { raw_output_custom: 'x' } }, nothingRemembered), null);
    assert.equal(recordedRerun({ instruction: 'plain' }, nothingRemembered), null);
  });
});
