import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PendingInBatchError } from '../../../src/core/llm/deferredRequests';
import type { ChatRequest, ChatResult, CompleteOptions } from '../../../src/core/llm/types';
import { runTask } from '../../../src/core/run/engine';
import { defaultStepName, type RowResult } from '../../../src/core/run/rowRunner';
import { findTask } from '../../../src/core/tasks/registry';
import { scriptedClient } from '../../support/scriptedClient';
import { userContent } from '../tasks/kit';

const task = findTask('EvolInstruct').configure({ num_evolutions: 1, mutation_templates: { SAME: '<PROMPT>' } });

/** Answers every prompt but those holding "wait", which are left for a batch as a batch round's client leaves them. */
function clientLeaving(word: string) {
  const answering = scriptedClient((messages) => `${userContent(messages)}!`);
  return {
    ...answering,
    complete(request: ChatRequest, options?: CompleteOptions): Promise<ChatResult> {
      if (userContent(request.messages).includes(word)) return Promise.reject(new PendingInBatchError(`key of ${userContent(request.messages)}`));
      return answering.complete(request, options);
    },
  };
}

describe('rows left for a batch', () => {
  test('are left out and counted, never failed; the rows behind them still come out, in order', async () => {
    const instructions = ['one', 'wait two', 'three', 'wait four', 'five'];
    const pending: { index: number; line?: number; key: string }[] = [];
    const results = runTask({
      task,
      client: clientLeaving('wait'),
      rows: instructions.map((instruction, index) => ({ index, line: index + 1, value: { instruction } })),
      stepName: defaultStepName('EvolInstruct'),
      includeMetadata: false,
      ordered: true,
      onRowPending: (row, error) => pending.push({ ...row, key: error.key }),
    });
    const yielded: RowResult[] = [];
    for (;;) {
      const next = await results.next();
      if (next.done) {
        assert.equal(next.value.rowsPending, 2);
        assert.equal(next.value.rowsFailed, 0);
        assert.equal(next.value.cancelled, false);
        break;
      }
      yielded.push(next.value);
    }
    assert.deepEqual(yielded.map((result) => result.index), [0, 2, 4]);
    assert.ok(yielded.every((result) => result.status === 'ok'));
    assert.deepEqual(
      pending.sort((a, b) => a.index - b.index),
      [
        { index: 1, line: 2, key: 'key of wait two' },
        { index: 3, line: 4, key: 'key of wait four' },
      ],
    );
  });
});
