import * as z from 'zod';
import type { ChatMessage, StructuredOutputFormat } from '../llm/types';
import type { JsonObject } from '../jsonl/types';
import { col, type ColumnSpec, type ColumnType } from './columns';
import type { RandomSource } from './random';

export interface GenerateOptions {
  /** Ask the endpoint for JSON following this schema (falls back to plain text when refused). */
  responseFormat?: StructuredOutputFormat;
}

/** What a task can do while it handles one row. */
export interface TaskContext {
  /**
   * Sends one prompt and returns the raw output (null when the endpoint gave no content).
   * The runtime records the messages, the output and the token usage in the row's metadata
   * under `label`, so tasks never bookkeep that themselves.
   */
  generate(messages: ChatMessage[], label: string, options?: GenerateOptions): Promise<string | null>;
  /** Embeds texts through the endpoint's `/v1/embeddings`, recorded like `generate`. */
  embed(texts: string[], label: string): Promise<number[][]>;
  /** Seeded per row and generation: the same seed and input give the same choices. */
  readonly random: RandomSource;
}

/**
 * A task's result for one output row: a value for every declared output, and the reason when
 * some of them are null because the output could not be used. Tasks never throw for bad output.
 */
export interface TaskOutcome {
  values: Record<string, unknown>;
  parseError?: string;
}

/** One outcome, or several when one input gives several rows (e.g. a flattened list of tasks). */
export type TaskOutcomes = TaskOutcome | TaskOutcome[];

export type TaskKind = 'task' | 'generator';

interface TaskDeclaration<S extends z.ZodObject> {
  /** The distilabel class name, kept so datasets and habits carry over. */
  name: string;
  /** One line, shown in quick picks and completion. */
  description: string;
  categories: readonly string[];
  /** 'generator' tasks take no input rows: the runtime feeds them empty rows, one per row wanted. */
  kind?: TaskKind;
  /** For generators whose row count is a parameter (`num_instructions`): its name. */
  rowCountParam?: string;
  /** Where this port departs from the seeds, and why. Rendered into the task reference. */
  deviations?: readonly string[];
  /** Parameters the task reference shows its columns with, for tasks with required parameters. */
  example?: Readonly<Record<string, unknown>>;
  params: S;
  inputs: (params: z.output<S>) => ColumnSpec;
  /** Output columns without `model_name` and the metadata, which every task gets. */
  outputs: (params: z.output<S>) => ColumnSpec;
}

/** A task that sends one prompt per row and parses the one answer. */
interface SingleCallDeclaration<S extends z.ZodObject> extends TaskDeclaration<S> {
  prompt: (row: JsonObject, params: z.output<S>) => ChatMessage[];
  parse: (raw: string | null, row: JsonObject, params: z.output<S>) => TaskOutcomes;
  /** The JSON schema to request, when the task's structured-output mode is on. */
  structuredOutput?: (params: z.output<S>, row: JsonObject) => StructuredOutputFormat | undefined;
}

/** A task that needs several calls per row (evolutions, answers), run in sequence by `process`. */
interface MultiCallDeclaration<S extends z.ZodObject> extends TaskDeclaration<S> {
  process: (row: JsonObject, params: z.output<S>, context: TaskContext) => Promise<TaskOutcomes>;
}

/** Dataset column names for a task's inputs and outputs, as distilabel's mappings. */
export interface ColumnMappings {
  /** Task input name -> the dataset column that holds it. */
  input?: Readonly<Record<string, string>>;
  /** Task output name -> the column to write it to. */
  output?: Readonly<Record<string, string>>;
}

/** A task with its parameters and mappings applied: what the runtime runs. */
export interface ConfiguredTask {
  readonly definition: TaskDefinition;
  readonly params: Readonly<Record<string, unknown>>;
  /** Dataset columns the task reads, after input mappings. */
  readonly inputs: ColumnSpec;
  /** Columns the task writes, after output mappings and generation grouping. */
  readonly outputs: ColumnSpec;
  /** The seed for per-row random choices (0 for tasks that have no `seed`). */
  readonly seed: number;
  /** How many times each row is processed (`num_generations`). */
  readonly generations: number;
  /** One row with list-valued outputs per input row, instead of one row per generation. */
  readonly groupGenerations: boolean;
  process(row: JsonObject, context: TaskContext): Promise<TaskOutcome[]>;
}

/** A declared task, independent of its parameter types, as the registry and tools see it. */
export interface TaskDefinition {
  readonly name: string;
  readonly description: string;
  readonly categories: readonly string[];
  readonly kind: TaskKind;
  readonly rowCountParam?: string;
  readonly deviations: readonly string[];
  /** Parameters the task reference shows its columns with, when the defaults are not enough. */
  readonly example?: Readonly<Record<string, unknown>>;
  /** The task's own parameters plus the ones every task shares. */
  readonly params: z.ZodObject;
  /** Applies parameters (defaults filled in) and mappings; throws TaskParamsError when invalid. */
  configure(rawParams: unknown, mappings?: ColumnMappings): ConfiguredTask;
}

/** Invalid task parameters or mappings, one readable line per problem. */
export class TaskParamsError extends Error {
  constructor(
    readonly taskName: string,
    readonly problems: readonly string[],
    /** The zod issues behind `problems` when the parameters were invalid, for callers that word them their own way. */
    readonly issues: readonly z.core.$ZodIssue[] = [],
  ) {
    super(`Invalid parameters for ${taskName}: ${problems.join('; ')}`);
    this.name = 'TaskParamsError';
  }
}

/** Parameters every LLM task has, with distilabel's names and defaults. */
const sharedParams = {
  num_generations: z.int().min(1).default(1).describe('How many generations to make for each row.'),
  group_generations: z
    .boolean()
    .default(false)
    .describe('Put all generations of a row in one row with list-valued outputs, instead of one row per generation.'),
};

export function defineTask<S extends z.ZodObject>(
  declaration: SingleCallDeclaration<S> | MultiCallDeclaration<S>,
): TaskDefinition {
  const process =
    'process' in declaration
      ? declaration.process
      : async (row: JsonObject, params: z.output<S>, context: TaskContext): Promise<TaskOutcomes> => {
          const responseFormat = declaration.structuredOutput?.(params, row);
          const raw = await context.generate(declaration.prompt(row, params), 'generation', responseFormat ? { responseFormat } : {});
          return declaration.parse(raw, row, params);
        };
  const params = declaration.params.extend(sharedParams);

  const definition: TaskDefinition = {
    name: declaration.name,
    description: declaration.description,
    categories: declaration.categories,
    kind: declaration.kind ?? 'task',
    ...(declaration.rowCountParam ? { rowCountParam: declaration.rowCountParam } : {}),
    deviations: declaration.deviations ?? [],
    ...(declaration.example ? { example: declaration.example } : {}),
    params,
    configure(rawParams: unknown, mappings: ColumnMappings = {}): ConfiguredTask {
      const parsed = params.safeParse(rawParams ?? {});
      if (!parsed.success) {
        throw new TaskParamsError(
          declaration.name,
          parsed.error.issues.map((issue) => `${issue.path.join('.') || '(parameters)'}: ${issue.message}`),
          parsed.error.issues,
        );
      }
      const values = parsed.data as z.output<S> & { num_generations: number; group_generations: boolean };
      const taskInputs = declaration.inputs(values);
      const taskOutputs = declaration.outputs(values);
      const inputMap = checkedMapping(declaration.name, 'input', mappings.input, taskInputs);
      const outputMap = checkedMapping(declaration.name, 'output', mappings.output, taskOutputs);
      const grouped = values.group_generations;
      const seed = (values as { seed?: unknown }).seed;
      return {
        definition,
        params: values as Record<string, unknown>,
        inputs: renameKeys(taskInputs, inputMap),
        outputs: renameKeys(grouped ? mapValues(taskOutputs, (type) => col.nullable(col.list(type))) : taskOutputs, outputMap),
        seed: typeof seed === 'number' ? seed : 0,
        generations: values.num_generations,
        groupGenerations: grouped,
        async process(row, context) {
          const outcomes = await process(readMapped(row, inputMap), values, context);
          return (Array.isArray(outcomes) ? outcomes : [outcomes]).map((outcome) => ({
            ...outcome,
            values: renameKeys(outcome.values, outputMap),
          }));
        },
      };
    },
  };
  return definition;
}

/** Validates a mapping against the names it may map; returns it as a Map for lookups. */
function checkedMapping(
  taskName: string,
  side: 'input' | 'output',
  mapping: Readonly<Record<string, string>> | undefined,
  spec: ColumnSpec,
): ReadonlyMap<string, string> {
  const entries = Object.entries(mapping ?? {});
  const unknown = entries.filter(([name]) => !(name in spec)).map(([name]) => name);
  if (unknown.length > 0) {
    throw new TaskParamsError(taskName, [
      `${side}_mappings: ${unknown.map((name) => `"${name}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not ${side === 'input' ? 'an input' : 'an output'} of ${taskName} (its ${side}s: ${Object.keys(spec).join(', ') || 'none'})`,
    ]);
  }
  return new Map(entries);
}

/** The row as the task sees it: each mapped input read from its dataset column. */
function readMapped(row: JsonObject, inputMap: ReadonlyMap<string, string>): JsonObject {
  if (inputMap.size === 0) return row;
  const view: JsonObject = { ...row };
  for (const [input, column] of inputMap) view[input] = row[column];
  return view;
}

function renameKeys<T>(record: Readonly<Record<string, T>>, renames: ReadonlyMap<string, string>): Record<string, T> {
  if (renames.size === 0) return { ...record };
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [renames.get(name) ?? name, value]));
}

function mapValues(spec: ColumnSpec, wrap: (type: ColumnType) => ColumnType): ColumnSpec {
  return Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, wrap(type)]));
}
