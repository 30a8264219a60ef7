import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { genstructPrompt, parseGenstruct } from '../../../src/core/tasks/genstruct';
import { findTask } from '../../../src/core/tasks/registry';
import { metadataOf, runOnce, userContent } from './kit';

const STEP = 'genstruct_0';
const ROW = { title: 'Photosynthesis', content: 'Plants turn light, water and CO2 into sugar and oxygen.' };

describe('Genstruct column contract', () => {
  test('inputs title, content; outputs user, assistant', () => {
    const configured = findTask('Genstruct').configure({});
    assert.deepEqual(configured.inputs, { title: { kind: 'string', nullable: false }, content: { kind: 'string', nullable: false } });
    assert.deepEqual(configured.outputs, { user: { kind: 'string', nullable: true }, assistant: { kind: 'string', nullable: true } });
  });
});

describe('Genstruct prompt', () => {
  test('the document under [[[Title]]]/[[[Content]]], then the request and the markers to answer with', async () => {
    const { client } = await runOnce('Genstruct', {}, ROW, () => '[[[User]]] q\n[[[Assistant]]] a');
    const messages = client.requests[0]?.messages ?? [];
    assert.deepEqual(messages, genstructPrompt(ROW.title, ROW.content));
    const content = userContent(messages);
    assert.ok(content.startsWith(`[[[Title]]] ${ROW.title}\n[[[Content]]] ${ROW.content}\n\n`));
    assert.ok(content.endsWith("\n[[[User]]] <the user's message>\n[[[Assistant]]] <the assistant's answer>"));
  });
});

describe('Genstruct parsing', () => {
  const cases: { name: string; raw: string | null; user: string | null; assistant: string | null; problem?: string }[] = [
    { name: 'both markers', raw: '[[[User]]] Why do plants need light?\n[[[Assistant]]] Light powers the reaction.', user: 'Why do plants need light?', assistant: 'Light powers the reaction.' },
    { name: 'no user marker (Genstruct-7B continues after it)', raw: 'Why is it green?\n[[[Assistant]]] Chlorophyll.', user: 'Why is it green?', assistant: 'Chlorophyll.' },
    { name: 'preamble before the user marker', raw: 'Sure!\n[[[User]]] Q?\n[[[Assistant]]] A.', user: 'Q?', assistant: 'A.' },
    { name: 'case and spaces in markers', raw: '[[[ user ]]] Q?\n[[[ASSISTANT]]]\nMulti\nline.', user: 'Q?', assistant: 'Multi\nline.' },
    { name: 'a second turn is left out', raw: '[[[User]]] Q1\n[[[Assistant]]] A1\n[[[User]]] Q2\n[[[Assistant]]] A2', user: 'Q1', assistant: 'A1' },
    { name: 'no assistant marker', raw: '[[[User]]] Q only', user: null, assistant: null, problem: 'no [[[Assistant]]] marker in the output' },
    { name: 'plain prose', raw: 'Photosynthesis is neat.', user: null, assistant: null, problem: 'no [[[Assistant]]] marker in the output' },
    { name: 'empty answer', raw: '[[[User]]] Q?\n[[[Assistant]]]   ', user: 'Q?', assistant: null, problem: 'the assistant message is empty' },
    { name: 'empty question', raw: '[[[User]]]\n[[[Assistant]]] A.', user: null, assistant: 'A.', problem: 'the user message is empty' },
    { name: 'empty', raw: '', user: null, assistant: null, problem: 'no [[[Assistant]]] marker in the output' },
    { name: 'null', raw: null, user: null, assistant: null, problem: 'the endpoint returned no content' },
  ];
  for (const { name, raw, user, assistant, problem } of cases) {
    test(`${name}: ${JSON.stringify(raw)}`, async () => {
      const values = { user, assistant };
      assert.deepEqual(parseGenstruct(raw), problem ? { values, parseError: problem } : { values });
      const { result } = await runOnce('Genstruct', {}, ROW, () => raw);
      assert.deepEqual([result.rows[0].user, result.rows[0].assistant], [user, assistant]);
      assert.equal(result.status, problem ? 'parse_error' : 'ok');
      assert.equal(metadataOf(result)[`error_${STEP}`], problem);
    });
  }
});
