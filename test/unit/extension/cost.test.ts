import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRequests } from '../../../src/core/run/requestCounts';
import { addSpentTokens, costOf, formatCost } from '../../../src/core/estimate/cost';
import { describeProgress, describeRequestsAndCost } from '../../../src/extension/cost';
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
    const figures = { rowsDone: 3, rowsFailed: 1, totalRows: 10, requests: 12, retries: 0, cacheHits: 30, inputTokens: 1000, outputTokens: 234, cost: 0.0003 };
    assert.equal(describeProgress(figures), '3/10 rows · 12 requests · 30 from the cache · 1,234 tokens · $0.0003 · 1 failed');
    assert.equal(describeProgress({ ...figures, rowsFailed: 0, cacheHits: 0, cost: undefined }), '3/10 rows · 12 requests · 1,234 tokens');
  });

  it('counts requests sent, retries among them, and answers from the cache apart', () => {
    assert.equal(describeRequests({ requests: 1, retries: 0, cacheHits: 0 }), '1 request');
    assert.equal(describeRequests({ requests: 0, retries: 0, cacheHits: 1 }), '0 requests · 1 from the cache');
    assert.equal(describeRequests({ requests: 1200, retries: 0, cacheHits: 3400 }), '1,200 requests · 3,400 from the cache');
    assert.equal(describeRequests({ requests: 25, retries: 20, cacheHits: 0 }), '25 requests (20 retries)');
    assert.equal(describeRequests({ requests: 2, retries: 1, cacheHits: 3 }), '2 requests (1 retry) · 3 from the cache');
    assert.equal(describeRequestsAndCost({ requests: 2, retries: 0, cacheHits: 5, cost: 0.42 }), '2 requests · 5 from the cache · $0.42');
    assert.equal(describeRequestsAndCost({ requests: 2, retries: 0, cacheHits: 0 }), '2 requests');
  });

  it('spends only on answers the endpoint sent: cached ones cost nothing', () => {
    const spent = { inputTokens: 0, outputTokens: 0 };
    addSpentTokens(spent, { type: 'request', id: 1, attempt: 1 });
    addSpentTokens(spent, { type: 'response', id: 1, attempt: 1, status: 200, latencyMs: 5, usage: { inputTokens: 100, outputTokens: 20 } });
    addSpentTokens(spent, { type: 'cached', id: 2 });
    addSpentTokens(spent, { type: 'failure', id: 3, attempt: 1, status: 500, reason: 'server error' });
    assert.deepEqual(spent, { inputTokens: 100, outputTokens: 20 });
    assert.equal(costOf(pricing, spent), (100 * 0.15 + 20 * 0.6) / 1_000_000);
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
