import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as z from 'zod';
import { findStep, STEPS } from '../../../src/core/steps/registry';

const NAMES = [
  'KeepColumns',
  'MergeColumns',
  'ExpandColumns',
  'GroupColumns',
  'CombineOutputs',
  'ConversationTemplate',
  'FormatTextGenerationSFT',
  'FormatChatGenerationSFT',
  'FormatTextGenerationDPO',
  'FormatChatGenerationDPO',
  'MinHashDedup',
];
const KNOWN = `Known steps: ${NAMES.join(', ')}.`;

describe('step registry', () => {
  test('STEPS holds every column step by its distilabel name', () => {
    assert.deepEqual([...STEPS.keys()], NAMES);
    for (const [name, step] of STEPS) assert.equal(step.name, name);
  });

  test('findStep by name, with a hint for a case mismatch', () => {
    for (const name of NAMES) assert.equal(findStep(name), STEPS.get(name));
    assert.throws(() => findStep('keepcolumns'), { message: `Unknown step "keepcolumns". Did you mean KeepColumns? ${KNOWN}` });
    assert.throws(() => findStep('DropColumns'), { message: `Unknown step "DropColumns". ${KNOWN}` });
  });

  test('kinds', () => {
    const kinds = Object.fromEntries([...STEPS.values()].map((step) => [step.name, step.kind]));
    assert.equal(kinds.GroupColumns, 'multi-input');
    assert.equal(kinds.CombineOutputs, 'multi-input');
    assert.equal(kinds.MinHashDedup, 'stream');
    assert.equal(Object.values(kinds).filter((kind) => kind === 'row').length, 8);
  });

  for (const step of STEPS.values()) {
    test(`${step.name}: described, categorised, every parameter documented, configurable with its example`, () => {
      assert.ok(step.description.length > 0);
      assert.ok(step.categories.length > 0);
      const schema = z.toJSONSchema(step.params, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }> };
      for (const [name, property] of Object.entries(schema.properties ?? {})) assert.ok(property.description, `${step.name}.${name} has no description`);
      assert.doesNotThrow(() => step.configure(step.example ?? {}));
    });
  }
});
