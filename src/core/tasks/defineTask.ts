import type { z } from 'zod';
import type { ChatMessage } from '../llm/types';
import type { JsonObject } from '../jsonl/types';
import type { ColumnSpec } from './columns';
import type { RandomSource } from './random';

/** What a task can do while it handles one row. */
export interface TaskContext {
  /**
   * Sends one prompt and returns the raw output (null when the endpoint gave no content).
   * The runtime records the messages, the output and the token usage in the row's metadata
   * under `label`, so tasks never bookkeep that themselves.
   */
  generate(messages: ChatMessage[], label: string): Promise<string | null>;
  /** Seeded per row: the same seed and input give the same choices. */
  readonly random: RandomSource;
}

/**
 * A task's result for one row: a value for every declared output, and the reason when some
 * of them are null because the output could not be used. Tasks never throw for bad output.
 */
export interface TaskOutcome {
  values: Record<string, unknown>;
  parseError?: string;
}

interface TaskDeclaration<S extends z.ZodObject> {
  /** The distilabel class name, kept so datasets and habits carry over. */
  name: string;
  /** One line, shown in quick picks and completion. */
  description: string;
  categories: readonly string[];
  /** Where this port departs from the seeds, and why. Rendered into the task reference. */
  deviations?: readonly string[];
  params: S;
  inputs: (params: z.output<S>) => ColumnSpec;
  /** Output columns without `model_name` and the metadata, which every task gets. */
  outputs: (params: z.output<S>) => ColumnSpec;
}

/** A task that sends one prompt per row and parses the one answer. */
interface SingleCallDeclaration<S extends z.ZodObject> extends TaskDeclaration<S> {
  prompt: (row: JsonObject, params: z.output<S>) => ChatMessage[];
  parse: (raw: string | null, row: JsonObject, params: z.output<S>) => TaskOutcome;
}

/** A task that needs several calls per row (evolutions, answers), run in sequence by `process`. */
interface MultiCallDeclaration<S extends z.ZodObject> extends TaskDeclaration<S> {
  process: (row: JsonObject, params: z.output<S>, context: TaskContext) => Promise<TaskOutcome>;
}

/** A task with its parameters applied: what the runtime runs. */
export interface ConfiguredTask {
  readonly definition: TaskDefinition;
  readonly params: Readonly<Record<string, unknown>>;
  readonly inputs: ColumnSpec;
  readonly outputs: ColumnSpec;
  /** The seed for per-row random choices (0 for tasks that have no `seed`). */
  readonly seed: number;
  process(row: JsonObject, context: TaskContext): Promise<TaskOutcome>;
}

/** A declared task, independent of its parameter types, as the registry and tools see it. */
export interface TaskDefinition {
  readonly name: string;
  readonly description: string;
  readonly categories: readonly string[];
  readonly deviations: readonly string[];
  readonly params: z.ZodObject;
  /** Applies parameters (defaults filled in); throws TaskParamsError when they are invalid. */
  configure(rawParams: unknown): ConfiguredTask;
}

/** Invalid task parameters, one readable line per problem. */
export class TaskParamsError extends Error {
  constructor(
    readonly taskName: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid parameters for ${taskName}: ${problems.join('; ')}`);
    this.name = 'TaskParamsError';
  }
}

export function defineTask<S extends z.ZodObject>(
  declaration: SingleCallDeclaration<S> | MultiCallDeclaration<S>,
): TaskDefinition {
  const process =
    'process' in declaration
      ? declaration.process
      : async (row: JsonObject, params: z.output<S>, context: TaskContext): Promise<TaskOutcome> => {
          const raw = await context.generate(declaration.prompt(row, params), 'generation');
          return declaration.parse(raw, row, params);
        };

  const definition: TaskDefinition = {
    name: declaration.name,
    description: declaration.description,
    categories: declaration.categories,
    deviations: declaration.deviations ?? [],
    params: declaration.params,
    configure(rawParams: unknown): ConfiguredTask {
      const parsed = declaration.params.safeParse(rawParams ?? {});
      if (!parsed.success) {
        throw new TaskParamsError(
          declaration.name,
          parsed.error.issues.map((issue) => `${issue.path.join('.') || '(parameters)'}: ${issue.message}`),
        );
      }
      const params = parsed.data;
      const seed = (params as { seed?: unknown }).seed;
      return {
        definition,
        params: params as Record<string, unknown>,
        inputs: declaration.inputs(params),
        outputs: declaration.outputs(params),
        seed: typeof seed === 'number' ? seed : 0,
        process: (row, context) => process(row, params, context),
      };
    },
  };
  return definition;
}
