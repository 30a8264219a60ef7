/**
 * Shared helpers for the task and run tests: run one row through a task with a scripted
 * client, read the metadata, and recognise which mutation template a prompt was built from.
 */
import type { JsonObject } from '../../../src/core/jsonl/types';
import type { ChatMessage, LlmClient } from '../../../src/core/llm/types';
import { defaultStepName, runRow, type RecordedCall, type RowResult } from '../../../src/core/run/rowRunner';
import { findTask } from '../../../src/core/tasks/registry';
import assert from 'node:assert/strict';
import { TaskParamsError, type ConfiguredTask } from '../../../src/core/tasks/defineTask';
import { lastUserContent, scriptedClient, type ScriptedAnswer, type ScriptedClient } from '../../support/scriptedClient';

export interface RunOnce {
  result: RowResult;
  client: ScriptedClient;
  task: ConfiguredTask;
  step: string;
}

/** Configures `taskName`, runs `value` as row `index` with a scripted client, metadata on. */
export async function runOnce(
  taskName: string,
  params: unknown,
  value: JsonObject,
  answer: ScriptedAnswer,
  options: { index?: number; model?: string } = {},
): Promise<RunOnce> {
  const task = findTask(taskName).configure(params);
  const client = scriptedClient(answer, options.model);
  const step = defaultStepName(taskName);
  const result = await runRow({ index: options.index ?? 0, value }, { task, client, stepName: step, includeMetadata: true });
  return { result, client, task, step };
}

/** Runs a row with any client (for clients that throw or report another model). */
export async function runWithClient(taskName: string, params: unknown, value: JsonObject, client: LlmClient): Promise<RowResult> {
  const task = findTask(taskName).configure(params);
  return runRow({ index: 0, value }, { task, client, stepName: defaultStepName(taskName), includeMetadata: true });
}

export function metadataOf(result: RowResult): Record<string, unknown> {
  const metadata = result.rows[0].distilabel_metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw new Error('row has no distilabel_metadata');
  return metadata as Record<string, unknown>;
}

export function callsOf(result: RowResult, step: string): RecordedCall[] {
  const calls = metadataOf(result)[`calls_${step}`];
  if (!Array.isArray(calls)) throw new Error(`row has no calls_${step}`);
  return calls as RecordedCall[];
}

/** The mutation names, in order, read from the `evolution k (NAME)` call labels. */
export function mutationsFromLabels(result: RowResult, step: string): string[] {
  const metadata = metadataOf(result);
  const calls = metadata[`calls_${step}`];
  // A single call is not listed under calls_<step>; the one label is then unavailable, so
  // callers use num_evolutions >= 2 when they read labels.
  if (!Array.isArray(calls)) throw new Error(`row has no calls_${step}`);
  return (calls as RecordedCall[]).flatMap((call) => {
    const match = /^evolution \d+ \((.+)\)$/.exec(call.label);
    return match ? [match[1] as string] : [];
  });
}

/** The template (by name) a prompt was rendered from: the one whose text before `<PROMPT>` starts it. */
export function mutationOf(content: string, templates: Readonly<Record<string, string>>): string {
  const names = Object.entries(templates)
    .filter(([, template]) => content.startsWith(template.split('<PROMPT>')[0] as string))
    .map(([name]) => name);
  if (names.length !== 1) throw new Error(`prompt matches ${names.length} templates: ${content.slice(0, 80)}`);
  return names[0] as string;
}

/** Fills a template the plain way (every occurrence), independently of the code under test. */
export function render(template: string, values: Readonly<Record<string, string>>): string {
  return Object.entries(values).reduce((text, [key, value]) => text.split(key).join(value), template);
}

const GIVEN_PROMPT = /#Given Prompt#:\n([\s\S]*)\n\n#(?:Rewritten|Created) Prompt#:\n$/;
const GIVEN_QUALITY = /#Given Prompt#:\n([\s\S]*)\n\n#Given Response#:\n([\s\S]*)\n\n#Rewritten Response#:\n$/;

/** The instruction an EvolInstruct prompt asks to evolve, or null for an answer prompt. */
export function givenPrompt(content: string): string | null {
  return GIVEN_PROMPT.exec(content)?.[1] ?? null;
}

/** The instruction and response an EvolQuality prompt carries. */
export function givenQuality(content: string): { instruction: string; response: string } {
  const match = GIVEN_QUALITY.exec(content);
  if (!match) throw new Error(`not an EvolQuality prompt: ${content.slice(0, 80)}`);
  return { instruction: match[1] as string, response: match[2] as string };
}

export function userContent(messages: readonly ChatMessage[]): string {
  return lastUserContent({ messages: [...messages] });
}

/** The scripted client's token count: whitespace-separated words. */
export function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The error `taskName` refuses `params` with; fails the test when they are accepted. */
export function paramsError(taskName: string, params: unknown): TaskParamsError {
  try {
    findTask(taskName).configure(params);
  } catch (error) {
    assert.ok(error instanceof TaskParamsError, `expected TaskParamsError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${taskName} accepted ${JSON.stringify(params)}`);
}
