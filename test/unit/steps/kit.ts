import assert from 'node:assert/strict';
import type { ConfiguredMultiInputStep, ConfiguredRowStep, ConfiguredStreamStep, StepRunOptions } from '../../../src/core/steps/defineColumnStep';
import { findStep } from '../../../src/core/steps/registry';

export function rowStep(name: string, params: unknown = {}, options?: StepRunOptions): ConfiguredRowStep {
  const step = findStep(name).configure(params, options);
  assert.equal(step.kind, 'row');
  return step as ConfiguredRowStep;
}

export function multiInputStep(name: string, params: unknown = {}, options?: StepRunOptions): ConfiguredMultiInputStep {
  const step = findStep(name).configure(params, options);
  assert.equal(step.kind, 'multi-input');
  return step as ConfiguredMultiInputStep;
}

export function streamStep(name: string, params: unknown = {}, options?: StepRunOptions): ConfiguredStreamStep {
  const step = findStep(name).configure(params, options);
  assert.equal(step.kind, 'stream');
  return step as ConfiguredStreamStep;
}

/** The metadata an error row carries for the step's default name. */
export function errorMetadata(stepName: string, error: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  return { distilabel_metadata: { ...previous, [`error_${stepName}`]: error } };
}

export const FIX = 'Map or fix the column, then run again.';
