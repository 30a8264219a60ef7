import * as z from 'zod';
import type { ChatMessage } from '../llm/types';
import type { JsonObject } from '../jsonl/types';
import { col, describeJsonValue } from './columns';
import { defineTask, type TaskContext, type TaskOutcome } from './defineTask';
import { parseJsonOutput } from './jsonOutput';
import { checkJsonSchema } from './jsonSchemaCheck';
import { systemPromptFor } from './textGeneration';

const structuredGenerationParams = z.strictObject({
  use_system_prompt: z
    .boolean()
    .default(false)
    .describe('Send a non-empty `system_prompt` column as a system message.'),
});

type StructuredGenerationParams = z.output<typeof structuredGenerationParams>;

/** How many schema violations the reason lists before "and n more". */
const VIOLATIONS_SHOWN = 3;

/**
 * The schema in a row's `structured_output` (`{"format": "json", "schema": {...}}`, the schema
 * possibly as JSON text), or why it cannot be used.
 */
export function rowSchema(structuredOutput: unknown): { schema: Record<string, unknown> } | { problem: string } {
  const fix = 'It should be {"format": "json", "schema": {...a JSON schema...}}.';
  if (typeof structuredOutput !== 'object' || structuredOutput === null || Array.isArray(structuredOutput)) {
    const what = structuredOutput === undefined ? 'missing' : describeJsonValue(structuredOutput);
    return { problem: `column "structured_output" is ${what}. ${fix}` };
  }
  const { format, schema } = structuredOutput as Record<string, unknown>;
  if (format !== undefined && format !== 'json') {
    return { problem: `column "structured_output" has format ${JSON.stringify(format)}; only "json" is supported (endpoints are asked for JSON through response_format).` };
  }
  let value = schema;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return { problem: `column "structured_output": its schema is text that is not valid JSON. ${fix}` };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: `column "structured_output": its schema is ${value === undefined ? 'missing' : describeJsonValue(value)}. ${fix}` };
  }
  return { schema: value as Record<string, unknown> };
}

/**
 * The instruction, then the schema: endpoints that refuse `response_format` still tell the
 * model what shape to answer in.
 */
export function structuredGenerationPrompt(row: JsonObject, schema: Record<string, unknown>, params: StructuredGenerationParams): ChatMessage[] {
  const content = [String(row.instruction), '', 'Answer with JSON only, matching this JSON schema:', '```json', JSON.stringify(schema, null, 2), '```'].join('\n');
  const system = params.use_system_prompt ? systemPromptFor(row, undefined) : undefined;
  const messages: ChatMessage[] = system ? [{ role: 'system', content: system }] : [];
  messages.push({ role: 'user', content });
  return messages;
}

/**
 * The generation as compact JSON text when the output holds JSON that conforms to the schema;
 * null otherwise, with the reason (the first violations). The raw output stays in the metadata.
 */
export function parseStructuredGeneration(raw: string | null, schema: Record<string, unknown>): TaskOutcome {
  if (raw === null) return { values: { generation: null }, parseError: 'the endpoint returned no content' };
  const parsed = parseJsonOutput(raw);
  if (!parsed.ok) return { values: { generation: null }, parseError: parsed.reason };
  const violations = checkJsonSchema(parsed.value, schema);
  if (violations.length === 0) return { values: { generation: JSON.stringify(parsed.value) } };
  const shown = violations.slice(0, VIOLATIONS_SHOWN).map((violation) => `${violation.path}: ${violation.message}`);
  const more = violations.length > VIOLATIONS_SHOWN ? `; and ${violations.length - VIOLATIONS_SHOWN} more` : '';
  return { values: { generation: null }, parseError: `the JSON does not match the schema: ${shown.join('; ')}${more}` };
}

async function processStructuredGeneration(row: JsonObject, params: StructuredGenerationParams, context: TaskContext): Promise<TaskOutcome> {
  const found = rowSchema(row.structured_output);
  if ('problem' in found) return { values: { generation: null }, parseError: found.problem };
  const raw = await context.generate(structuredGenerationPrompt(row, found.schema, params), 'generation', {
    responseFormat: { name: 'structured_output', schema: found.schema },
  });
  return parseStructuredGeneration(raw, found.schema);
}

export const structuredGeneration = defineTask({
  name: 'StructuredGeneration',
  description: 'Generate JSON that follows the schema given in each row (`structured_output`), checked against that schema.',
  categories: ['structured-generation', 'text-generation'],
  deviations: [
    'Only `{"format": "json"}` is supported (no regex format); the row\'s schema is sent as `response_format` and also shown in the prompt, so endpoints that refuse `response_format` still get it.',
    'The answer is checked against the schema (type, enum, const, properties, required, additionalProperties, items, prefixItems, length and range bounds, pattern, anyOf/oneOf/allOf, local $ref). JSON that does not conform gives `generation: null` with the first violations as the reason; the raw output stays in the metadata.',
    '`generation` is the JSON re-serialised compactly, so fences or prose around it are removed.',
    'A row whose `structured_output` is not usable is not sent: it gets `generation: null` and the reason.',
  ],
  params: structuredGenerationParams,
  inputs: () => ({ instruction: col.string, structured_output: col.json, system_prompt: col.nullable(col.string) }),
  outputs: () => ({ generation: col.nullable(col.string) }),
  process: processStructuredGeneration,
});
