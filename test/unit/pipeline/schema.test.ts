import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pipelineSchema } from '../../../src/core/pipeline/schema';

const withLines = (lines: unknown) => ({ name: 'p', steps: [{ name: 'seeds', load: { path: 'seeds.jsonl', lines } }] });

describe('pipeline schema', () => {
  test('`lines` as a YAML number means the same line as the string', () => {
    const parsed = pipelineSchema.parse(withLines(7));
    assert.deepEqual(parsed.steps[0], { name: 'seeds', load: { path: 'seeds.jsonl', lines: '7' } });
    assert.deepEqual(pipelineSchema.parse(withLines('3-9')).steps[0], { name: 'seeds', load: { path: 'seeds.jsonl', lines: '3-9' } });
  });

  test('`lines` must be a whole number of at least 1, or "A-B"', () => {
    for (const lines of [0, 2.5, 'three', '3-']) assert.equal(pipelineSchema.safeParse(withLines(lines)).success, false, String(lines));
  });
});
