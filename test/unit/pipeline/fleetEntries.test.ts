import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientConfigOf } from '../../../src/core/pipeline/run/llmEndpoints';
import { llmSchema } from '../../../src/core/pipeline/schema';
import { diagnose, inlineFixture, rangeText } from './kit';

/** A pipeline whose `default` entry is `entry` (YAML lines indented under it). */
async function problems(entry: string): Promise<string[]> {
  const text = `name: fleet\nllms:\n  default:\n${entry}steps:\n  - name: seeds\n    load: ../data/seeds.jsonl\n  - name: answer\n    task: TextGeneration\n    after: seeds\n`;
  const diagnostics = await diagnose(inlineFixture(text));
  return diagnostics.map((diagnostic) => `${rangeText(diagnostic.range)} ${diagnostic.code} ${diagnostic.message}`);
}

describe('an llms entry with base_urls (an endpoint fleet)', () => {
  test('lists endpoints serving the model, each with its own max_concurrency or the entry’s', async () => {
    const entry = '    model: llama3.1\n    max_concurrency: 4\n    base_urls:\n      - { url: http://gpu1:8000/v1, max_concurrency: 16 }\n      - { url: http://gpu2:8000/v1 }\n';
    assert.deepEqual(await problems(entry), []);
    const parsed = llmSchema.parse({ model: 'llama3.1', max_concurrency: 4, base_urls: [{ url: 'http://gpu1:8000/v1', max_concurrency: 16 }, { url: 'http://gpu2:8000/v1' }] });
    assert.deepEqual(clientConfigOf(parsed), {
      baseUrls: [{ url: 'http://gpu1:8000/v1', maxConcurrency: 16 }, { url: 'http://gpu2:8000/v1' }],
      model: 'llama3.1',
      maxConcurrency: 4,
    });
  });

  test('is refused with base_url beside it, without either, with one endpoint, or with an unknown key, at the key', async () => {
    assert.deepEqual(await problems('    model: m\n    base_url: http://a:1/v1\n    base_urls: [{ url: http://b:1/v1 }, { url: http://c:1/v1 }]\n'), [
      '6:16-6:64 schema `llms.default.base_urls`: give `base_url` for one endpoint or `base_urls` for a fleet, not both',
    ]);
    assert.deepEqual(await problems('    model: m\n'), ['4:5-4:13 schema `llms.default.base_url`: needs `base_url` (or `base_urls`, a list of endpoints serving the model)']);
    assert.deepEqual(await problems('    model: m\n    base_urls: [{ url: http://b:1/v1 }]\n'), ['5:16-5:40 schema `llms.default.base_urls`: a fleet lists at least two endpoints; for one, write `base_url: URL`']);
    assert.deepEqual(await problems('    model: m\n    base_urls: [{ url: http://b:1/v1, concurrency: 2 }, { url: http://c:1/v1 }]\n'), [
      '5:39-5:50 schema Unknown key "concurrency" in `llms.default.base_urls.0` of the pipeline. It takes: url, max_concurrency.',
    ]);
  });
});
