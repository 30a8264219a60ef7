import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { runRow } from '../../../src/core/run/rowRunner';
import { col } from '../../../src/core/tasks/columns';
import { defineTask } from '../../../src/core/tasks/defineTask';
import { findTask } from '../../../src/core/tasks/registry';
import { captureRowPrompts, type RowPrompts } from '../../../src/core/estimate/promptCapture';
import { MAX_ROWS_SHOWN, previewTotals, renderPromptPreview, type PromptPreviewInput } from '../../../src/extension/promptPreview';
import { scriptedClient } from '../../support/scriptedClient';

/** Two requests side by side, then one built from their answers. */
const fanOut = defineTask({
  name: 'FanOut',
  description: 'test task',
  categories: ['test'],
  params: z.strictObject({}),
  inputs: () => ({ topic: col.string }),
  outputs: () => ({ summary: col.nullable(col.string) }),
  async process(row, _params, context) {
    const [a, b] = await Promise.all([
      context.generate([{ role: 'user', content: `Pros of ${String(row.topic)}` }], 'pros'),
      context.generate([{ role: 'user', content: `Cons of ${String(row.topic)}` }], 'cons'),
    ]);
    const summary = await context.generate([{ role: 'user', content: `Summarise: ${a} / ${b}` }], 'summary');
    return { values: { summary } };
  },
});

describe('captureRowPrompts', () => {
  it('captures exactly the first request a run sends for the same row position', async () => {
    const task = findTask('EvolInstruct').configure({ num_evolutions: 2, seed: 7 });
    const row = { index: 3, line: 9, value: { instruction: 'Name three rivers in Africa.' } };
    const captured = await captureRowPrompts(task, row);
    const client = scriptedClient(() => '#Rewritten Prompt#:\nName three long rivers in Africa.');
    await runRow(row, { task, client, stepName: 's', includeMetadata: false });
    assert.equal(captured.calls.length, 1);
    const [call] = captured.calls;
    assert.ok(call?.kind === 'chat');
    assert.deepEqual(call.messages, client.requests[0]?.messages);
    assert.match(call.label, /^evolution 1 \(/);
    assert.equal(captured.line, 9);
    assert.deepEqual(captured.inputProblems, []);
  });

  it('shows the requests sent side by side, and counts the ones that depend on answers', async () => {
    const captured = await captureRowPrompts(fanOut.configure({}), { index: 0, value: { topic: 'tea' } });
    assert.deepEqual(
      captured.calls.map((call) => (call.kind === 'chat' ? call.messages[0]?.content : '')),
      ['Pros of tea', 'Cons of tea'],
    );
    assert.equal(captured.dependentCalls, 1);
  });

  it('reports a row whose input does not fit, without any request', async () => {
    const captured = await captureRowPrompts(findTask('ComplexityScorer').configure({}), { index: 0, value: { instructions: 'one' } });
    assert.deepEqual(captured.calls, []);
    assert.match(captured.inputProblems[0] ?? '', /column "instructions" should be a list of string/);
  });
});

function input(rows: RowPrompts[], overrides: Partial<PromptPreviewInput> = {}): PromptPreviewInput {
  return {
    taskName: 'ComplexityScorer',
    documentName: 'rows.jsonl',
    profileName: 'openai',
    model: 'gpt-4o-mini',
    chosenParams: {},
    generations: 1,
    rows,
    invalidLines: [],
    ...overrides,
  };
}

const row = (line: number, content: string, dependentCalls = 0): RowPrompts => ({
  index: line - 1,
  line,
  calls: [{ kind: 'chat', label: 'scores', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content }] }],
  dependentCalls,
  inputProblems: [],
});

describe('renderPromptPreview', () => {
  it('shows every message exactly, in a fence longer than any backticks inside', () => {
    const text = renderPromptPreview(input([row(2, 'Use ```code``` here')]));
    assert.match(text, /^# Prompt preview: ComplexityScorer on rows\.jsonl$/m);
    assert.match(text, /^## Line 2$/m);
    assert.ok(text.includes('**system**\n\n```text\nBe brief.\n```'));
    assert.ok(text.includes('**user**\n\n````text\nUse ```code``` here\n````'));
    assert.match(text, /nothing has been sent/);
  });

  it('estimates tokens per request and in total, and the cost at the profile prices', () => {
    // 'Be brief.' (9) + 31 characters = 40 characters = 10 prompt tokens; 100 completion tokens.
    const rows = [row(1, 'x'.repeat(31)), row(2, 'x'.repeat(31))];
    const pricing = { inputPerMillionTokens: 1000, outputPerMillionTokens: 2000 };
    const totals = previewTotals(input(rows, { maxTokens: 100, pricing, generations: 2 }));
    assert.deepEqual(totals, { requests: 4, promptTokens: 40, completionTokens: 400, rowsWithDependentCalls: 0, cost: 0.84 });
    const text = renderPromptPreview(input(rows, { maxTokens: 100, pricing, generations: 2 }));
    assert.match(text, /\| 4 \| 40 \| 400 \| \$0\.84 \|/);
    assert.match(text, /≈ 10 prompt tokens · up to 100 completion tokens · ≈ \$0\.21/);
    assert.match(text, /Each row is sent 2 times/);
    const noPrices = renderPromptPreview(input(rows));
    assert.match(noPrices, /no prices in the profile/);
    assert.match(noPrices, /the profile sets none, so 256 is assumed/);
  });

  it('says when later prompts depend on answers, and which lines were skipped', () => {
    const text = renderPromptPreview(input([row(1, 'a', 2)], { invalidLines: [4, 7] }));
    assert.match(text, /1 row sends more requests after the first answer comes back/);
    assert.match(text, /_Later requests of this row depend on the answers, so they are not shown\._/);
    assert.match(text, /Lines 4, 7 are not JSON objects/);
  });

  it('renders at most MAX_ROWS_SHOWN rows but counts them all', () => {
    const rows = Array.from({ length: MAX_ROWS_SHOWN + 5 }, (_, index) => row(index + 1, 'q'));
    const text = renderPromptPreview(input(rows));
    assert.equal(text.match(/^## Line /gm)?.length, MAX_ROWS_SHOWN);
    assert.match(text, /… 5 more rows are not shown/);
    assert.match(text, new RegExp(`^\\| ${MAX_ROWS_SHOWN + 5} \\|`, 'm'));
  });
});
