import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evolutionTrackOf } from '../../../src/core/results/evolutionTrack';
import { holdsTaskOutputs } from '../../../src/core/results/holdsTaskOutputs';
import { scoreCellsOf } from '../../../src/core/results/scoreCells';

const track = (values: Record<string, unknown>) => evolutionTrackOf(values, scoreCellsOf(values));

describe('evolution tracks', () => {
  it('EvolInstruct with store_evolutions: the original, then each evolution with its answer', () => {
    const result = track({ instruction: 'a', evolved_instructions: ['b', 'c'], answers: ['B', 'C'] });
    assert.deepEqual(
      result?.versions.map(({ label, text, answer, callLabel, answerCallLabel }) => ({ label, text, answer, callLabel, answerCallLabel })),
      [
        { label: 'original', text: 'a', answer: null, callLabel: null, answerCallLabel: null },
        { label: 'evolution 1', text: 'b', answer: 'B', callLabel: 'evolution 1', answerCallLabel: 'answer 1' },
        { label: 'evolution 2', text: 'c', answer: 'C', callLabel: 'evolution 2', answerCallLabel: 'answer 2' },
      ],
    );
  });

  it('include_original_instruction: the list\'s first item is the original, not an evolution', () => {
    const result = track({ instruction: 'a', evolved_instructions: ['a', 'b'], answers: ['A', 'B'] });
    assert.deepEqual(result?.versions.map((version) => [version.label, version.answer, version.answerCallLabel]), [
      ['original', 'A', 'answer 1'],
      ['evolution 1', 'B', 'answer 2'],
    ]);
  });

  it('DEITA: each evolution gets the score that lines up with it', () => {
    const result = track({ instruction: 'a', evolved_instructions: ['b', 'c'], scores: [2, 5] });
    assert.deepEqual(result?.versions.map((version) => version.score?.value ?? null), [null, 2, 5]);
  });

  it('only the last evolution kept, and a failed row', () => {
    assert.deepEqual(track({ instruction: 'a', evolved_instruction: 'z', answer: 'Z' })?.versions.map((version) => [version.label, version.text, version.answer]), [
      ['original', 'a', null],
      ['evolved', 'z', 'Z'],
    ]);
    assert.deepEqual(track({ instruction: 'a', evolved_instruction: null })?.versions.map((version) => version.label), ['original']);
  });

  it('EvolQuality: responses evolve, the instruction is their context', () => {
    const result = track({ instruction: 'q', response: 'r0', evolved_responses: ['r1', 'r2'] });
    assert.equal(result?.kind, 'response');
    assert.equal(result?.context, 'q');
    assert.deepEqual(result?.versions.map((version) => version.text), ['r0', 'r1', 'r2']);
  });

  it('no evolution columns: no track', () => {
    assert.equal(track({ instruction: 'a', generation: 'b' }), null);
  });
});

describe('score cells', () => {
  it('UltraFeedback: one cell per rating, with the generation and rationale it is about', () => {
    const cells = scoreCellsOf({ instruction: 'i', generations: ['g1', 'g2'], ratings: [4, null], rationales: ['clear', 'off topic'] });
    assert.deepEqual(
      cells.map(({ id, value, scoredText, note }) => ({ id, value, scoredText, note })),
      [
        { id: 'ratings[1]', value: 4, scoredText: 'g1', note: 'clear' },
        { id: 'ratings[2]', value: null, scoredText: 'g2', note: 'off topic' },
      ],
    );
  });

  it('ComplexityScorer prefers the evolved list of the same length; QualityScorer scores responses', () => {
    assert.equal(scoreCellsOf({ instructions: ['a'], evolved_instructions: ['x', 'y'], scores: [1, 2] })[0]?.scoredColumn, 'evolved_instructions');
    assert.equal(scoreCellsOf({ instructions: ['a', 'b'], scores: [1, 2] })[1]?.scoredText, 'b');
    assert.equal(scoreCellsOf({ instruction: 'q', responses: ['r1', 'r2'], scores: [3, 4] })[0]?.scoredColumn, 'responses');
  });

  it('single scores: InstructionBacktranslation and PrometheusEval, numbers and verdicts', () => {
    assert.deepEqual(scoreCellsOf({ instruction: 'i', generation: 'g', score: 4, reason: 'fits' }).map(({ id, value, scoredText, note }) => ({ id, value, scoredText, note })), [
      { id: 'score', value: 4, scoredText: 'g', note: 'fits' },
    ]);
    assert.equal(scoreCellsOf({ instruction: 'i', generations: ['a', 'b'], result: 'B', feedback: 'b wins' })[0]?.value, 'B');
  });

  it('a failed row (null scores) has no cells', () => {
    assert.deepEqual(scoreCellsOf({ instructions: ['a'], scores: null }), []);
  });
});

describe('rows that hold task outputs', () => {
  it('known output columns or recorded requests count; plain rows do not', () => {
    assert.equal(holdsTaskOutputs({ instruction: 'a', evolved_instruction: 'b' }), true);
    assert.equal(holdsTaskOutputs({ instruction: 'a', generation: 'b', distilabel_metadata: { raw_output_text_generation_0: 'b' } }), true);
    assert.equal(holdsTaskOutputs({ instruction: 'a', distilabel_metadata: { note: 1 } }), false);
    assert.equal(holdsTaskOutputs({ instruction: 'a' }), false);
  });
});
