import * as z from 'zod';
import type { StructuredOutputFormat } from '../llm/types';
import { col, describeJsonValue, type ColumnSpec } from './columns';
import { defineTask, type TaskOutcome } from './defineTask';
import { useDefaultStructuredOutputParam } from './embeddingData';
import { taskBrainstormPrompt, type EmbeddingTaskCategory } from './embeddingDataTemplates';
import { parseJsonOutput } from './jsonOutput';

export const EMBEDDING_TASK_CATEGORIES = [
  'text-retrieval',
  'text-matching-short',
  'text-matching-long',
  'text-classification',
] as const satisfies readonly EmbeddingTaskCategory[];

const embeddingTaskGeneratorParams = z.strictObject({
  category: z
    .enum(EMBEDDING_TASK_CATEGORIES)
    .describe('The kind of tasks to brainstorm: "text-retrieval", "text-matching-short", "text-matching-long" or "text-classification" (required).'),
  flatten_tasks: z
    .boolean()
    .default(false)
    .describe('One row per task in `task`, instead of one row per answer with the whole list in `tasks`.'),
  use_default_structured_output: useDefaultStructuredOutputParam,
});

type EmbeddingTaskGeneratorParams = z.output<typeof embeddingTaskGeneratorParams>;

const TASKS_FORMAT: StructuredOutputFormat = {
  name: 'embedding_tasks',
  schema: {
    type: 'object',
    properties: { tasks: { type: 'array', items: { type: 'string' } } },
    required: ['tasks'],
    additionalProperties: false,
  },
};

/**
 * The task list in an answer: a JSON or Python list of strings, or (structured output) an
 * object holding it under `tasks`. Empty strings are dropped; other items make the answer unusable.
 */
export function parseTaskList(raw: string | null): { tasks: string[] } | { problem: string } {
  // Numbered lines instead of a list are the likely failure; say so rather than blame the JSON.
  if (raw !== null && raw.trim() !== '' && !/[[{]/.test(raw)) return { problem: 'the output holds no list (expected a Python list of strings)' };
  const parsed = parseJsonOutput(raw);
  if (!parsed.ok) return { problem: parsed.reason };
  let list = parsed.value;
  if (typeof list === 'object' && list !== null && !Array.isArray(list) && 'tasks' in list) list = (list as { tasks: unknown }).tasks;
  if (!Array.isArray(list)) return { problem: `expected a list of task strings, got ${describeJsonValue(list)}` };
  const wrong = list.findIndex((item) => typeof item !== 'string');
  if (wrong >= 0) return { problem: `expected a list of task strings, but item ${wrong + 1} is ${describeJsonValue(list[wrong])}` };
  const tasks = (list as string[]).map((task) => task.trim()).filter((task) => task !== '');
  return tasks.length > 0 ? { tasks } : { problem: 'the list of tasks is empty' };
}

function outcomesFor(raw: string | null, params: EmbeddingTaskGeneratorParams): TaskOutcome[] {
  const parsed = parseTaskList(raw);
  const key = params.flatten_tasks ? 'task' : 'tasks';
  if ('problem' in parsed) return [{ values: { [key]: null }, parseError: parsed.problem }];
  return params.flatten_tasks ? parsed.tasks.map((task) => ({ values: { task } })) : [{ values: { tasks: parsed.tasks } }];
}

export const embeddingTaskGenerator = defineTask({
  name: 'EmbeddingTaskGenerator',
  description: 'Brainstorm embedding-task descriptions of one category, to feed the embedding-data tasks (arXiv 2401.00368).',
  categories: ['embedding', 'generator'],
  kind: 'generator',
  deviations: [
    'Not in the seed documents; parameters and outputs follow distilabel 1.5.3. Each generated row slot is one brainstorming prompt; with `flatten_tasks` it becomes one row per task in the answer.',
    'The answer is read as a JSON or Python list of strings (fenced or after prose too); an answer that is not such a list gives one row with a null output and the reason, where upstream keeps the raw text.',
    'Empty strings are dropped and tasks are trimmed; a list with a non-string item is refused as a whole.',
    '`use_default_structured_output` asks for `{"tasks": [...]}`; a bare list is accepted either way.',
  ],
  params: embeddingTaskGeneratorParams,
  inputs: () => ({}),
  outputs: (params): ColumnSpec => (params.flatten_tasks ? { task: col.nullable(col.string) } : { tasks: col.nullable(col.list(col.string)) }),
  prompt: (_row, params) => [{ role: 'user', content: taskBrainstormPrompt(params.category) }],
  parse: (raw, _row, params) => outcomesFor(raw, params),
  structuredOutput: (params) => (params.use_default_structured_output ? TASKS_FORMAT : undefined),
});
