import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipelineJsonSchema, renderPipelineJsonSchema } from '../../../src/core/pipeline/jsonSchema';
import { STEPS } from '../../../src/core/steps/registry';
import { TASKS } from '../../../src/core/tasks/registry';

const ROOT = process.cwd();

describe('schemas/pipeline.schema.json', () => {
  test('is up to date with the zod schema', () => {
    const file = readFileSync(join(ROOT, 'schemas', 'pipeline.schema.json'), 'utf8');
    if (file !== renderPipelineJsonSchema()) assert.fail('schemas/pipeline.schema.json is out of date: run npm run schema');
  });

  test('is draft-07 and offers every task and column step name', () => {
    const schema = pipelineJsonSchema() as { $schema: string; properties: { steps: { items: { anyOf: { properties: Record<string, { enum?: string[] }> }[] } } } };
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    const branches = schema.properties.steps.items.anyOf;
    assert.deepEqual(branches.flatMap((branch) => branch.properties.task?.enum ?? []), [...TASKS.keys()]);
    assert.deepEqual(branches.flatMap((branch) => branch.properties.step?.enum ?? []), [...STEPS.keys()]);
  });

  test('is contributed for *.pipeline.yaml and shipped', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { yamlValidation: unknown } };
    assert.deepEqual(manifest.contributes.yamlValidation, [{ fileMatch: '*.pipeline.yaml', url: './schemas/pipeline.schema.json' }]);
    assert.match(readFileSync(join(ROOT, '.vscodeignore'), 'utf8'), /^!schemas\/\*\*$/m);
  });
});
