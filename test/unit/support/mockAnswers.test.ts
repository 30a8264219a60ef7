import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IN_DEPTH_TEMPLATES } from '../../../src/core/tasks/evolInstructTemplates';
import { FRESH_START_TEMPLATE } from '../../../src/core/tasks/evolInstructGeneratorTemplates';
import { MOCK_CONSTRAINTS, MOCK_IMPROVEMENTS, mockAnswerFor } from '../../support/mockAnswers';

const user = (content: string) => [{ role: 'user', content }];

describe('mockAnswerFor', () => {
  it('rewrites the given prompt with one of the fixed constraints, chosen by the prompt', () => {
    const prompt = [
      'Make the prompt harder. Do not mention "#Rewritten Prompt#" in what you write.',
      '#Given Prompt#:',
      'Explain photosynthesis.',
      '',
      '#Rewritten Prompt#:',
      '',
    ].join('\n');
    const answer = mockAnswerFor(user(prompt));
    const [header, body] = answer.split('\n');
    assert.equal(header, '#Rewritten Prompt#:');
    const constraint = body?.slice('Explain photosynthesis. '.length);
    assert.ok(body?.startsWith('Explain photosynthesis. '));
    assert.ok(MOCK_CONSTRAINTS.some((sentence) => sentence === constraint));
    assert.equal(mockAnswerFor(user(prompt)), answer, 'deterministic');
  });

  it('spreads different prompts over different constraints', () => {
    const constraints = new Set(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((given) =>
        mockAnswerFor(user(`#Given Prompt#:\n${given}\n#Rewritten Prompt#:\n`)).split('\n')[1],
      ),
    );
    assert.ok(constraints.size > 1);
  });

  it('creates a new prompt from the given one', () => {
    const answer = mockAnswerFor(user('Be inspired.\n#Given Prompt#:\nName a prime.\n\n#Created Prompt#:\n'));
    assert.equal(answer, '#Created Prompt#:\nIn a rarer setting: Name a prime.');
  });

  it('improves a given response, without a header', () => {
    const prompt = '#Given Prompt#:\nWhy is the sky blue?\n\n#Given Response#:\nRayleigh scattering.\n\n#Rewritten Response#:\n';
    const answer = mockAnswerFor(user(prompt));
    assert.ok(answer.startsWith('Rayleigh scattering. '));
    assert.ok(MOCK_IMPROVEMENTS.some((sentence) => answer === `Rayleigh scattering. ${sentence}`));
  });

  it('scores each numbered item by its word count, ignoring the example score lines', () => {
    const prompt = [
      'Score each question. Answer in this form:',
      '[1] Score: <score>',
      '[2] Score: <score>',
      '[3] Score: <score>',
      'The questions:',
      '[1] What is two plus two?', // 5 words -> 1
      '[2] Why?', // 1 word -> 2
      '[3] Prove that there are infinitely many primes.', // 7 words -> 3
    ].join('\n');
    assert.equal(mockAnswerFor(user(prompt)), '[1] Score: 1\n[2] Score: 2\n[3] Score: 3');
  });

  it('writes exactly the number of distinct queries asked for, about the input', () => {
    const prompt = 'Write exactly 3 user queries about the input below.\n\n# Input\nTide pools of northern Chile in winter';
    const lines = mockAnswerFor(user(prompt)).split('\n');
    assert.equal(lines.length, 3);
    assert.equal(new Set(lines).size, 3);
    assert.ok(lines.every((line, i) => line.startsWith(`Query ${i + 1}: `) && line.includes('Tide pools of northern')));
    assert.equal(mockAnswerFor(user('Give exactly 2 instructions.')).split('\n').length, 2);
  });

  it('grows a generated question by 15 to 20 words per in-depth rewrite, never repeating an addition', () => {
    const question = mockAnswerFor(user(FRESH_START_TEMPLATE.replace('<PROMPT>', 'lamp')));
    assert.equal(question, 'What is one everyday use for a lamp?');
    let text = question;
    const seen = new Set<string>();
    for (let round = 0; round < 3; round++) {
      for (const template of Object.values(IN_DEPTH_TEMPLATES)) {
        const answer = mockAnswerFor(user(template.replace('<PROMPT>', text)));
        assert.ok(answer.startsWith(`#Rewritten Prompt#:\n${text} `), answer);
        const added = answer.slice(`#Rewritten Prompt#:\n${text} `.length);
        const words = added.split(' ').length;
        assert.ok(words >= 15 && words <= 20, `${words} words: ${added}`);
        assert.ok(!seen.has(added), `repeated: ${added}`);
        seen.add(added);
        text = answer.slice('#Rewritten Prompt#:\n'.length);
      }
    }
    // Twelve rewrites take the one-noun question well past the generators' default 512 characters.
    assert.ok([...text].length > 1024, String([...text].length));
  });

  it('leaves rewrites of other prompts to the one-sentence constraint', () => {
    const answer = mockAnswerFor(user((IN_DEPTH_TEMPLATES.DEEPENING as string).replace('<PROMPT>', 'Explain photosynthesis.')));
    assert.ok(MOCK_CONSTRAINTS.some((sentence) => answer === `#Rewritten Prompt#:\nExplain photosynthesis. ${sentence}`), answer);
  });

  it('otherwise answers with the first twelve words of the last user message', () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'first answer' },
      { role: 'user', content: 'one two three four five six seven eight nine ten eleven twelve thirteen' },
    ];
    assert.equal(mockAnswerFor(messages), 'Answer: one two three four five six seven eight nine ten eleven twelve ...');
  });
});
