import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runRow } from '../../../../src/core/run/rowRunner';
import { findTask } from '../../../../src/core/tasks/registry';
import { recordedFailure, rowDetailsOf, rowStatsOf, taskOfStep } from '../../../../src/extension/panels/rowDetails';
import { scriptedClient } from '../../../support/scriptedClient';

async function evolvedRow() {
  const task = findTask('EvolInstruct').configure({ num_evolutions: 2, store_evolutions: true, generate_answers: true });
  const client = scriptedClient((messages) => `#Rewritten Prompt#: ${messages.at(-1)?.content.slice(-20)} more`);
  const result = await runRow({ index: 0, value: { instruction: 'Name a colour.' } }, { task, client, stepName: 'evol_instruct_0', includeMetadata: true });
  return result.rows[0];
}

describe('reading the metadata behind a row', () => {
  it('lists every request a step made, with messages, raw output, tokens and latency', async () => {
    const row = await evolvedRow();
    const details = rowDetailsOf(row);
    assert.equal(details?.steps.length, 1);
    const step = details?.steps[0];
    assert.equal(step?.task, 'EvolInstruct');
    assert.deepEqual(step?.calls.map((call) => call.label.replace(/ \(.*\)$/, '')), ['evolution 1', 'evolution 2', 'answer 1', 'answer 2']);
    const first = step?.calls[0];
    assert.equal(first?.model, 'scripted-model');
    assert.equal(first?.messages[0]?.role, 'user');
    assert.match(first?.messages[0]?.content ?? '', /Name a colour\./);
    assert.match(first?.output ?? '', /more$/);
    assert.equal(first?.latencyMs, 1);
    assert.deepEqual(rowStatsOf(row), { ...rowStatsOf(row)!, requests: 4, latencyMs: 4 });
  });

  it('reads distilabel\'s own one-request metadata, with token counts as lists', () => {
    const row = {
      instruction: 'x',
      generation: 'y',
      distilabel_metadata: {
        raw_input_text_generation_0: [{ role: 'user', content: 'x' }],
        raw_output_text_generation_0: 'y',
        statistics_text_generation_0: { input_tokens: [3], output_tokens: [5] },
      },
    };
    const step = rowDetailsOf(row)?.steps[0];
    assert.deepEqual(step?.calls, [{ label: 'request', model: null, messages: [{ role: 'user', content: 'x' }], output: 'y', inputTokens: 3, outputTokens: 5, latencyMs: 0 }]);
    assert.equal(step?.task, 'TextGeneration');
  });

  it('leaves out what it cannot read instead of failing', () => {
    const row = { distilabel_metadata: { raw_output_mystery_step: 42, calls_mystery_step: ['nonsense', { label: 'ok', messages: 'a prompt' }], error_mystery_step: 'broke' } };
    const step = rowDetailsOf(row)?.steps[0];
    assert.equal(step?.task, null);
    assert.deepEqual(step?.calls.map((call) => [call.label, call.messages]), [['ok', [{ role: 'user', content: 'a prompt' }]]]);
    assert.equal(recordedFailure(row), 'broke');
    assert.equal(rowDetailsOf({ instruction: 'no metadata' }), null);
  });

  it('knows every task by its default step name', () => {
    assert.equal(taskOfStep('evol_complexity_0'), 'EvolComplexity');
    assert.equal(taskOfStep('ultra_feedback_3'), 'UltraFeedback');
    assert.equal(taskOfStep('my_own_step'), null);
  });
});
