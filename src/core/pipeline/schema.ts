import * as z from 'zod';

/**
 * The `*.pipeline.yaml` format: named LLM endpoints, a list of steps forming a DAG, and where
 * the result goes. This zod schema is the single description of the format: the language
 * server validates against it, the JSON Schema contributed for YAML editors is generated from
 * it, and the engine reads its output type. Keys are snake_case, as in distilabel.
 */

const positiveInt = z.int().min(1);
const httpUrl = z.url({ protocol: /^https?$/ });

export const llmSchema = z
  .strictObject({
    base_url: httpUrl.optional().describe('Base URL of an OpenAI-compatible endpoint, usually ending in /v1.'),
    base_urls: z
      .array(
        z.strictObject({
          url: httpUrl.describe('Base URL of one endpoint of the fleet.'),
          max_concurrency: positiveInt.optional().describe("Requests in flight at once at this endpoint (default: the entry's max_concurrency)."),
        }),
      )
      .optional()
      .describe('Instead of base_url: several endpoints serving the same model (a fleet); each request goes to the least loaded one that works.'),
    model: z.string().min(1).describe('Model name sent with every request.'),
    api_key_env: z.string().min(1).optional().describe('Environment variable holding the API key; the key itself never goes in the file.'),
    max_concurrency: positiveInt.optional().describe('Requests in flight at once (default 8); in a fleet, at each endpoint that sets none.'),
    requests_per_minute: positiveInt.optional().describe('Request rate limit.'),
    tokens_per_minute: positiveInt.optional().describe('Token rate limit.'),
    timeout_seconds: z.number().positive().optional().describe('Time limit of one attempt (default 120).'),
    max_retries: z.int().min(0).optional().describe('Retries on 429, 5xx and network errors (default 4).'),
    context_tokens: positiveInt.optional().describe("The model's context window in tokens; longer prompts fail their row without being sent (default: the known-models table)."),
    generation: z
      .strictObject({
        temperature: z.number().min(0).optional(),
        top_p: z.number().min(0).max(1).optional(),
        max_tokens: positiveInt.optional(),
        stop: z.array(z.string()).optional(),
        seed: z.int().optional(),
        presence_penalty: z.number().optional(),
        frequency_penalty: z.number().optional(),
      })
      .optional()
      .describe('Generation parameters sent with every request of the steps using this endpoint.'),
  })
  .superRefine((entry, context) => {
    if (entry.base_url !== undefined && entry.base_urls !== undefined) {
      context.addIssue({ code: 'custom', path: ['base_urls'], message: 'give `base_url` for one endpoint or `base_urls` for a fleet, not both' });
    } else if (entry.base_url === undefined && entry.base_urls === undefined) {
      context.addIssue({ code: 'custom', path: ['base_url'], message: 'needs `base_url` (or `base_urls`, a list of endpoints serving the model)' });
    } else if (entry.base_urls !== undefined && entry.base_urls.length < 2) {
      context.addIssue({ code: 'custom', path: ['base_urls'], message: 'a fleet lists at least two endpoints; for one, write `base_url: URL`' });
    }
  })
  .describe('An OpenAI-compatible endpoint that task steps refer to by name.');

const stepName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'a step name is letters, digits, "_" and "-", starting with a letter or "_"')
  .describe('The step name, unique in the pipeline; `after` and `distilabel_metadata` keys use it.');

const afterSchema = z
  .union([z.string(), z.array(z.string()).min(1)])
  .optional()
  .describe('The step (or steps) whose rows this step reads.');

const mappingSchema = z.record(z.string(), z.string());

const loadSourceSchema = z.union([
  z.string().min(1),
  z.strictObject({
    path: z.string().min(1).describe('File to read, relative to the pipeline file.'),
    format: z.enum(['jsonl', 'json', 'csv']).optional().describe('File format; taken from the extension when absent.'),
    // `lines: 7` is a YAML number, not a string: both spellings mean the same lines.
    lines: z
      .union([z.string().regex(/^\d+(-\d+)?$/, 'lines is "A-B" or "A"'), positiveInt.transform(String)])
      .optional()
      .describe('Only these lines (JSONL) or rows (JSON, CSV), 1-based and inclusive.'),
  }),
]);

export const loadStepSchema = z
  .strictObject({
    name: stepName,
    load: loadSourceSchema.describe('A JSONL, JSON (an array of objects) or CSV file; its columns and their types come from its rows.'),
  })
  .describe('Reads rows from a file.');

export const taskStepSchema = z
  .strictObject({
    name: stepName,
    task: z.string().min(1).describe('A task of the gallery (EvolInstruct, ComplexityScorer, ...).'),
    after: afterSchema,
    llm: z.string().optional().describe('The name of an entry of `llms`; `default` when absent.'),
    with: z.record(z.string(), z.unknown()).optional().describe("The task's parameters."),
    input_mappings: mappingSchema.optional().describe('Task input name -> the column that holds it.'),
    output_mappings: mappingSchema.optional().describe('Task output name -> the column to write it to.'),
    rows: positiveInt.optional().describe('Generator tasks only: how many rows to make.'),
  })
  .describe('Runs an LLM task on the rows of `after` (or, for a generator task, makes rows).');

export const columnStepSchema = z
  .strictObject({
    name: stepName,
    step: z.string().min(1).describe('A column step (KeepColumns, ExpandColumns, MinHashDedup, ...).'),
    after: afterSchema,
    with: z.record(z.string(), z.unknown()).optional().describe("The step's parameters."),
  })
  .describe('Transforms rows without an LLM.');

export const stepSchema = z.union([loadStepSchema, taskStepSchema, columnStepSchema]);

export const pipelineSchema = z
  .strictObject({
    name: z.string().min(1).describe('The pipeline name.'),
    description: z.string().optional(),
    llms: z.record(z.string(), llmSchema).optional().describe('Endpoints by name; steps choose one with `llm`.'),
    steps: z.array(stepSchema).min(1).describe('The steps, in any order; `after` makes the graph.'),
    output: z
      .string()
      .min(1)
      .optional()
      .describe("JSONL file for the rows of the pipeline's last step (the one no other step reads), relative to the pipeline file."),
  })
  .describe('A Distillery pipeline: a DAG of steps from files through LLM tasks and column steps.');

export type LlmEntry = z.output<typeof llmSchema>;
export type LoadStep = z.output<typeof loadStepSchema>;
export type TaskStep = z.output<typeof taskStepSchema>;
export type ColumnStep = z.output<typeof columnStepSchema>;
export type PipelineStep = z.output<typeof stepSchema>;
export type Pipeline = z.output<typeof pipelineSchema>;

/** Which kind of step an entry is, by the key that names what it does. */
export function stepKind(step: PipelineStep): 'load' | 'task' | 'column' {
  if ('load' in step) return 'load';
  if ('task' in step) return 'task';
  return 'column';
}

/** The names a step's `after` lists, always as an array. */
export function predecessorsOf(step: PipelineStep): string[] {
  if (!('after' in step) || step.after === undefined) return [];
  return typeof step.after === 'string' ? [step.after] : step.after;
}
