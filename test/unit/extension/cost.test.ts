import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { costOf, describeProgress, formatCost } from '../../../src/extension/cost';
import { siblingOutputPath } from '../../../src/extension/outputPath';

const pricing = { inputPerMillionTokens: 0.15, outputPerMillionTokens: 0.6 };

describe('cost', () => {
  it('prices input and output tokens per million', () => {
    assert.equal(costOf(pricing, { inputTokens: 1_000_000, outputTokens: 500_000 }), 0.45);
    assert.equal(costOf(undefined, { inputTokens: 1, outputTokens: 1 }), undefined);
  });

  it('formats small and large amounts readably', () => {
    assert.deepEqual([0, 0.00001, 0.0031, 0.42, 12.345, 1234.5].map(formatCost), ['$0', '< $0.0001', '$0.0031', '$0.42', '$12.35', '$1,235']);
  });

  it('describes progress with cost only when the profile has prices', () => {
    const figures = { rowsDone: 3, rowsFailed: 1, totalRows: 10, inputTokens: 1000, outputTokens: 234 };
    assert.equal(describeProgress(figures, pricing), '3/10 rows · 1,234 tokens · $0.0003 · 1 failed');
    assert.equal(describeProgress({ ...figures, rowsFailed: 0 }, undefined), '3/10 rows · 1,234 tokens');
  });
});

describe('siblingOutputPath', () => {
  it('puts <name>.distilled.jsonl next to the source', () => {
    assert.equal(siblingOutputPath('/data/train.jsonl'), '/data/train.distilled.jsonl');
    assert.equal(siblingOutputPath('/data/Train.JSONL'), '/data/Train.distilled.jsonl');
    assert.equal(siblingOutputPath('/data/rows'), '/data/rows.distilled.jsonl');
    assert.equal(siblingOutputPath('/data/a.b.jsonl'), '/data/a.b.distilled.jsonl');
  });
});
