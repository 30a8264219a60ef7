import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RowDetails } from '../../../src/protocol/resultsPanel';
import { callsForCell, cellFocusOf } from '../../../src/webview/state/cellFocus';
import { panelRow } from './kit';

const call = (label: string) => ({ label, model: 'm', messages: [{ role: 'user', content: label }], output: `out ${label}`, inputTokens: 1, outputTokens: 2, latencyMs: 3 });

const details: RowDetails = {
  steps: [
    { step: 'evol_complexity_0', task: 'EvolComplexity', error: null, stats: null, calls: [call('evolution 1 (deepening)'), call('evolution 2 (constraints)'), call('answer 1'), call('answer 2')] },
    { step: 'complexity_scorer_0', task: 'ComplexityScorer', error: null, stats: null, calls: [call('scores')] },
  ],
};

const row = panelRow('k', {
  instruction: 'Sort a list.',
  evolved_instructions: ['Sort a list of words.', 'Sort a list of words by length.'],
  answers: ['sorted()', 'sorted(key=len)'],
  scores: [2, 3],
});

describe('the requests behind a cell', () => {
  it('an evolution is made by its own evolution request', () => {
    const focus = cellFocusOf(row, { kind: 'version', index: 2 });
    assert.equal(focus.title, 'instruction · evolution 2');
    assert.deepEqual(focus.fields, [{ label: 'evolution 2', text: 'Sort a list of words by length.' }]);
    assert.deepEqual(callsForCell(details, focus).map(({ call }) => call.label), ['evolution 2 (constraints)']);
  });

  it('a one-evolution run\'s evolved instruction by the one request its step recorded', () => {
    const single = panelRow('s', { instruction: 'Sort a list.', evolved_instruction: 'Sort a list of words.' });
    const recorded: RowDetails = { steps: [{ step: 'evol_instruct_0', task: 'EvolInstruct', error: null, stats: null, calls: [call('request')] }] };
    const focus = cellFocusOf(single, { kind: 'version', index: 1 });
    assert.equal(focus.title, 'instruction · evolved');
    assert.deepEqual(callsForCell(recorded, focus).map(({ call: made }) => made.label), ['request']);
  });

  it('an answer by its answer request', () => {
    const focus = cellFocusOf(row, { kind: 'answer', index: 1 });
    assert.deepEqual(callsForCell(details, focus).map(({ call }) => call.label), ['answer 1']);
  });

  it('a score by its scorer step, with the scored text beside it', () => {
    const focus = cellFocusOf(row, { kind: 'score', id: 'scores[2]' });
    assert.deepEqual(focus.fields, [
      { label: 'score', text: '3' },
      { label: 'scored text (evolved_instructions)', text: 'Sort a list of words by length.' },
    ]);
    assert.deepEqual(callsForCell(details, focus).map(({ call }) => call.label), ['scores']);
  });

  it('the original and plain columns are made by no request', () => {
    assert.deepEqual(callsForCell(details, cellFocusOf(row, { kind: 'version', index: 0 })), []);
    assert.deepEqual(callsForCell(details, cellFocusOf(row, { kind: 'column', name: 'instruction' })), []);
  });

  it('with num_generations, labels carry a generation prefix', () => {
    const generations: RowDetails = { steps: [{ ...details.steps[0]!, calls: [call('generation 2: evolution 1 (deepening)')] }] };
    const single = panelRow('s', { instruction: 'a', evolved_instruction: 'b' });
    assert.equal(callsForCell(generations, cellFocusOf(single, { kind: 'version', index: 1 })).length, 1);
  });
});
