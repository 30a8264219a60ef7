import * as z from 'zod';
import type { ChatMessage } from '../llm/types';
import type { JsonObject } from '../jsonl/types';
import { col, type ColumnSpec } from './columns';
import { defineTask, type TaskOutcome } from './defineTask';
import { renderTemplate, templateProblems } from './templatePlaceholders';

/**
 * The system prompt for a row: a non-empty `system_prompt` column wins over the parameter
 * (as SelfInstruct does); undefined when neither is set.
 */
export function systemPromptFor(row: JsonObject, fallback: string | undefined): string | undefined {
  const fromRow = row.system_prompt;
  if (typeof fromRow === 'string' && fromRow.trim() !== '') return fromRow;
  return fallback !== undefined && fallback.trim() !== '' ? fallback : undefined;
}

/**
 * A free-text output as the `generation` column. The text is kept exactly as returned; a null
 * or blank output is no generation, so it becomes null with the reason.
 */
export function generationOutcome(raw: string | null): TaskOutcome {
  if (raw === null) return { values: { generation: null }, parseError: 'the endpoint returned no content' };
  if (raw.trim() === '') return { values: { generation: null }, parseError: 'the output is empty' };
  return { values: { generation: raw } };
}

const textGenerationParams = z
  .strictObject({
    template: z
      .string()
      .default('{{ instruction }}')
      .describe('The user message; each `{{ column }}` is replaced by that column of the row. Every placeholder must be one of `columns`.'),
    columns: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .default(['instruction'])
      .describe('The input columns the template uses (one name or a list); each must appear in the template.'),
    system_prompt: z
      .string()
      .optional()
      .describe('A system message sent first; a non-empty `system_prompt` column in a row takes precedence.'),
  })
  .superRefine((params, context) => {
    // Refinements also run after non-fatal issues (an empty list): only check what parsed.
    const columns = typeof params.template === 'string' ? columnList(params.columns ?? []) : [];
    if (columns.length === 0 || columns.some((column) => typeof column !== 'string' || column === '')) return;
    for (const problem of templateProblems(params.template, columns)) {
      context.addIssue({ code: 'custom', path: [problem.param], message: problem.message });
    }
  });

type TextGenerationParams = z.output<typeof textGenerationParams>;

/** `columns` as a list, whichever way it was written. */
export function columnList(columns: string | readonly string[]): string[] {
  return typeof columns === 'string' ? [columns] : [...columns];
}

function textGenerationInputs(params: TextGenerationParams): ColumnSpec {
  const inputs: Record<string, ReturnType<typeof col.nullable>> = {};
  for (const column of columnList(params.columns)) inputs[column] = col.string;
  if (!('system_prompt' in inputs)) inputs.system_prompt = col.nullable(col.string);
  return inputs;
}

export function textGenerationPrompt(row: JsonObject, params: TextGenerationParams): ChatMessage[] {
  const columns = columnList(params.columns);
  const values = Object.fromEntries(columns.map((column) => [column, String(row[column])]));
  // A `system_prompt` column that the template itself uses is content, not a system message.
  const system = columns.includes('system_prompt') ? params.system_prompt : systemPromptFor(row, params.system_prompt);
  const messages: ChatMessage[] = system ? [{ role: 'system', content: system }] : [];
  messages.push({ role: 'user', content: renderTemplate(params.template, values) });
  return messages;
}

export const textGeneration = defineTask({
  name: 'TextGeneration',
  description: 'Generate a free-text answer to a prompt built from a template over the row\'s columns.',
  categories: ['text-generation'],
  deviations: [
    'Templates fill plain `{{ column }}` placeholders (spaces inside the braces allowed); Jinja filters, expressions and `{% %}` blocks are refused when the parameters are checked rather than rendered as literal text.',
    'A placeholder that names no column, and a column the template never uses, are refused when the parameters are checked, naming the placeholder and the available columns (distilabel checks the same at load time).',
    'A non-empty `system_prompt` column overrides the `system_prompt` parameter, as in SelfInstruct.',
    'A null or blank output gives `generation: null` with the reason in the metadata; any other output is kept exactly as returned.',
  ],
  params: textGenerationParams,
  inputs: textGenerationInputs,
  outputs: () => ({ generation: col.nullable(col.string) }),
  prompt: textGenerationPrompt,
  parse: (raw) => generationOutcome(raw),
});
