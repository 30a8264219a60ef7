import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from 'zod';
import { runRow } from '../../../src/core/run/rowRunner';
import { col } from '../../../src/core/tasks/columns';
import { defineTask } from '../../../src/core/tasks/defineTask';
import { findTask } from '../../../src/core/tasks/registry';
import { captureRowPrompts, type RowPrompts } from '../../../src/core/estimate/promptCapture';
import type { RunEstimate } from '../../../src/core/estimate/runEstimate';
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

/** The run's figures as the estimate gives them; one first request a row unless told otherwise. */
function estimateOf(rows: RowPrompts[], overrides: Partial<RunEstimate> = {}): RunEstimate {
  return { rows: rows.length, firstRequests: rows.length, laterRequests: 0, cached: 0, promptTokens: 0, exact: false, maxOutputTokens: 0, rowsWithInputProblems: 0, ...overrides };
}

function input(rows: RowPrompts[], overrides: Partial<PromptPreviewInput> = {}): PromptPreviewInput {
  return {
    taskName: 'ComplexityScorer',
    documentName: 'rows.jsonl',
    profileName: 'local',
    model: 'llama3.1',
    chosenParams: {},
    generations: 1,
    estimate: estimateOf(rows),
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

  it('shows the run in total, what the cache answers, the cost range, and each request estimated for a model without a tokenizer', () => {
    // 'Be brief.' (3 tokens at 4 characters a token) + 31 characters (8) + 3 per message + 3 = 20 prompt tokens.
    const rows = [row(1, 'x'.repeat(31)), row(2, 'x'.repeat(31))];
    const price = { price: { inputPerMillionTokens: 1000, outputPerMillionTokens: 2000 }, source: 'the profile "local"' };
    const estimate = estimateOf(rows, { firstRequests: 4, cached: 1, promptTokens: 60, maxOutputTokens: 300 });
    assert.deepEqual(previewTotals({ estimate, price }), { requests: 4, cachedRequests: 1, laterRequests: 0, promptTokens: 60, completionTokens: 300, minCost: 0.06, cost: 0.66 });
    const text = renderPromptPreview(input(rows, { maxTokens: 100, price, generations: 2, estimate }));
    assert.match(text, /\n\| requests \| answered by the request cache \| prompt tokens to send \(estimate\) \| completion tokens \(at most\) \| cost \|\n/);
    assert.match(text, /\n\| 4 \| 1 \| 60 \| 300 \| \$0\.06 to \$0\.66 \|\n/);
    assert.match(text, /no tokenizer is known for `llama3\.1`/);
    assert.match(text, /Prices: llama3\.1 at \$1000 in \/ \$2000 out per million tokens, from the profile "local"\./);
    assert.match(text, /≈ 20 prompt tokens · up to 100 completion tokens · up to \$0\.22/);
    assert.match(text, /Each row is sent 2 times/);
    const noPrices = renderPromptPreview(input(rows));
    assert.match(noPrices, /\| no price known \|/);
    assert.match(noPrices, /No price is known for `llama3\.1`: set the profile's `pricing` or the `distillery\.prices` setting\./);
    assert.match(noPrices, /the profile sets none, so 256 is assumed/);
  });

  it('counts exactly for a model with a known tokenizer', () => {
    const rows = [row(1, 'Hello world')];
    const text = renderPromptPreview(input(rows, { model: 'gpt-4o-mini', estimate: estimateOf(rows, { exact: true, promptTokens: 15 }) }));
    // "Be brief." is 3 tokens and "Hello world" 2, each role 1, 3 a message and 3 for the reply.
    assert.match(text, /\n16 prompt tokens · up to 256 completion tokens\n/);
    assert.match(text, /Prompt tokens are counted with the tokenizer of `gpt-4o-mini`/);
    assert.match(text, /\| prompt tokens to send \|/);
  });

  it('says when later prompts depend on answers, and which lines were skipped', () => {
    const rows = [row(1, 'a', 2)];
    const text = renderPromptPreview(input(rows, { invalidLines: [4, 7], estimate: estimateOf(rows, { laterRequests: 2 }) }));
    assert.match(text, /At least 2 more requests follow once answers come back/);
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
