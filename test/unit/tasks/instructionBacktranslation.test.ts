import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backtranslationPrompt, parseBacktranslation } from '../../../src/core/tasks/instructionBacktranslation';
import { findTask } from '../../../src/core/tasks/registry';
import { metadataOf, runOnce, userContent } from './kit';

const STEP = 'instruction_backtranslation_0';
const ROW = { instruction: 'How do I boil an egg?', generation: 'Put it in boiling water for 8 minutes.' };

describe('InstructionBacktranslation column contract', () => {
  test('inputs instruction, generation; outputs score (number?) and reason (string?)', () => {
    const configured = findTask('InstructionBacktranslation').configure({});
    assert.deepEqual(configured.inputs, { instruction: { kind: 'string', nullable: false }, generation: { kind: 'string', nullable: false } });
    assert.deepEqual(configured.outputs, { score: { kind: 'number', nullable: true }, reason: { kind: 'string', nullable: true } });
  });
});

describe('InstructionBacktranslation prompt', () => {
  test('the 5-point scale, the answer format, then instruction and answer', async () => {
    const { client } = await runOnce('InstructionBacktranslation', {}, ROW, () => 'Reason: ok\nScore: 4');
    const messages = client.requests[0]?.messages ?? [];
    assert.deepEqual(messages, backtranslationPrompt(ROW.instruction, ROW.generation));
    const content = userContent(messages);
    for (const score of [1, 2, 3, 4, 5]) assert.ok(content.includes(`\n${score}: `), `scale point ${score}`);
    assert.ok(content.includes('\nReason: <your reasoning>\nScore: <a whole number from 1 to 5>\n'));
    assert.ok(content.endsWith(`\n# Instruction\n${ROW.instruction}\n\n# Answer\n${ROW.generation}`));
  });
});

describe('InstructionBacktranslation parsing', () => {
  const cases: { name: string; raw: string | null; score: number | null; reason: string | null; problem?: string }[] = [
    { name: 'the asked-for format', raw: 'Reason: Direct and complete.\nScore: 5', score: 5, reason: 'Direct and complete.' },
    { name: 'score first', raw: 'Score: 3\nReason: Reads like a blog post.', score: 3, reason: 'Reads like a blog post.' },
    { name: 'markdown', raw: '**Reasoning:** Clear answer.\n\n**Score:** 4', score: 4, reason: 'Clear answer.' },
    { name: 'no reason label: the rest of the output', raw: 'The answer is focused\nand complete.\n\nScore: 5', score: 5, reason: 'The answer is focused\nand complete.' },
    { name: '4/5 and a multi-line reason', raw: 'Reason: Good.\nMissing timing.\nScore: 4/5', score: 4, reason: 'Good.\nMissing timing.' },
    { name: 'the last score counts', raw: 'Reason: At first Score: 2 seemed right, but no.\nScore: 4', score: 4, reason: 'At first Score: 2 seemed right, but no.' },
    { name: 'a non-numeric "score:" in later reasoning', raw: 'Score: 4\nReason: I gave this score: it is direct.', score: 4, reason: 'I gave this score: it is direct.' },
    { name: 'score on the reason line', raw: 'Reason: Fine answer. Score: 4', score: 4, reason: 'Fine answer.' },
    { name: 'lowercase and spacing', raw: 'reason : fine\nscore = 2', score: 2, reason: 'fine' },
    { name: 'no score', raw: 'Reason: It is fine.', score: null, reason: 'It is fine.', problem: 'no "Score: n" in the output' },
    { name: 'out of range', raw: 'Reason: x\nScore: 9', score: null, reason: 'x', problem: 'the score 9 is outside 1-5' },
    { name: 'not a number', raw: 'Reason: x\nScore: high', score: null, reason: 'x', problem: 'the score "high" is not a number' },
    { name: 'N/A', raw: 'Reason: x\nScore: N/A', score: null, reason: 'x', problem: 'the score "N/A" is not a number' },
    { name: 'only a score', raw: 'Score: 4', score: 4, reason: null, problem: 'the output gives no reasoning' },
    { name: 'empty', raw: '', score: null, reason: null, problem: 'no "Score: n" in the output; the output gives no reasoning' },
    { name: 'null', raw: null, score: null, reason: null, problem: 'the endpoint returned no content' },
  ];
  for (const { name, raw, score, reason, problem } of cases) {
    test(`${name}: ${JSON.stringify(raw)}`, async () => {
      const values = { score, reason };
      assert.deepEqual(parseBacktranslation(raw), problem ? { values, parseError: problem } : { values });
      const { result } = await runOnce('InstructionBacktranslation', {}, ROW, () => raw);
      assert.equal(result.rows[0].score, score);
      assert.equal(result.rows[0].reason, reason);
      assert.equal(result.status, problem ? 'parse_error' : 'ok');
      assert.equal(metadataOf(result)[`error_${STEP}`], problem);
    });
  }
});
