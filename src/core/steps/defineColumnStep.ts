import * as z from 'zod';
import type { JsonObject } from '../jsonl/types';
import { defaultStepName } from '../run/rowRunner';
import type { ColumnSpec } from '../tasks/columns';
import { columnsAfterStep, type DroppedColumns } from './columnTypes';
import { inputProblems, passThroughRow, settleError } from './stepRows';

/**
 * Column steps reshape rows without an LLM. They come in three shapes, each with the interface
 * that fits it:
 * - `row`: one input row gives 0..n output rows (KeepColumns, ExpandColumns, the formatters);
 * - `multi-input`: several predecessors' rows, aligned by position, give one row per position
 *   (GroupColumns, CombineOutputs);
 * - `stream`: rows go through in order and may depend on the rows before them (MinHashDedup).
 *
 * Bad rows: a row that lacks a required input, or holds the wrong type, is never dropped and
 * never crashes the run. It comes out once, unchanged except that every output column it lacks
 * is added as null, and the reason is written to `distilabel_metadata.error_<step name>` (the
 * key LLM tasks use) and returned in `StepRow.error` for progress reports. A step can shape
 * that row itself with `fallback` (KeepColumns still keeps only its columns). Declared output
 * types describe rows that passed the check; an error row may hold null in any output column.
 *
 * Optional inputs are declared nullable, as for tasks: a row may lack them or hold null.
 */

export type StepKind = 'row' | 'multi-input' | 'stream';

/** One row a step produced, and why its outputs are null or incomplete when they are. */
export interface StepRow {
  row: JsonObject;
  error?: string;
}

interface StepDeclarationBase<S extends z.ZodObject> {
  /** The distilabel class name, kept so pipelines and habits carry over. */
  name: string;
  /** One line, shown in quick picks, completion and the reference. */
  description: string;
  categories: readonly string[];
  /** Where this port departs from distilabel, and why. Rendered into the reference. */
  deviations?: readonly string[];
  /** Facts for the reference that the column tables cannot show (e.g. types taken from upstream). */
  notes?: readonly string[];
  /** Parameters the reference shows the columns with, when some parameters are required. */
  example?: z.input<S>;
  /** Every field has a `.describe()`: the reference and hover text read it. */
  params: S;
  /** Columns every input row must have (nullable ones are optional). */
  inputs: (params: z.output<S>) => ColumnSpec;
  /** Upstream columns that do not continue past the step: some by name, or all but the outputs. */
  drops?: (params: z.output<S>) => DroppedColumns;
}

interface SingleUpstreamDeclaration<S extends z.ZodObject> extends StepDeclarationBase<S> {
  /**
   * The columns the step writes (adds or overwrites), in the order it writes them. With the
   * upstream columns, types that come from upstream are exact; without them those are `json`.
   */
  outputs: (params: z.output<S>, upstream?: ColumnSpec) => ColumnSpec;
  /** The row to emit when the input check fails; default: the input row plus null outputs. */
  fallback?: (row: JsonObject, params: z.output<S>) => JsonObject;
}

export interface RowStepDeclaration<S extends z.ZodObject> extends SingleUpstreamDeclaration<S> {
  kind: 'row';
  /** One checked input row to 0..n output rows, each with an error when it is incomplete. */
  process: (row: JsonObject, params: z.output<S>) => StepRow | StepRow[];
}

export interface MultiInputStepDeclaration<S extends z.ZodObject> extends StepDeclarationBase<S> {
  kind: 'multi-input';
  /** As for row steps, from the columns of every predecessor, in predecessor order. */
  outputs: (params: z.output<S>, upstreams?: readonly ColumnSpec[]) => ColumnSpec;
  /**
   * The rows at one position, one per predecessor in order; undefined where a predecessor ran
   * short. Always called, even when some rows failed the input check (the problems are
   * recorded on the result), so the rows that are there still come through.
   */
  combine: (rows: readonly (JsonObject | undefined)[], params: z.output<S>) => StepRow;
}

/** The state of one run of a stream step. */
export interface StreamProcessor {
  /** The next checked row, in input order; returns the rows it releases. */
  push(row: JsonObject): StepRow | StepRow[];
  /** Rows still held back when the input ends. */
  finish?(): StepRow[];
}

export interface StreamStepDeclaration<S extends z.ZodObject> extends SingleUpstreamDeclaration<S> {
  kind: 'stream';
  /** Fresh state for one run. Rows that fail the input check bypass it. */
  open: (params: z.output<S>) => StreamProcessor;
}

export type ColumnStepDeclaration<S extends z.ZodObject> =
  | RowStepDeclaration<S>
  | MultiInputStepDeclaration<S>
  | StreamStepDeclaration<S>;

export interface StepRunOptions {
  /** The pipeline's name for the step, used in metadata keys; default `<snake_case name>_0`. */
  stepName?: string;
  /** Write errors into `distilabel_metadata` (default true); `StepRow.error` is always set. */
  includeMetadata?: boolean;
}

interface ConfiguredStepBase {
  readonly definition: StepDefinition;
  /** The parameters with defaults filled in. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly stepName: string;
  /** Columns each input row (each predecessor's row, for multi-input steps) must have. */
  readonly inputs: ColumnSpec;
}

export interface ConfiguredRowStep extends ConfiguredStepBase {
  readonly kind: 'row';
  outputs(upstream?: ColumnSpec): ColumnSpec;
  /** Every column of the rows leaving the step, given the columns entering it. */
  columnsAfter(upstream: ColumnSpec): ColumnSpec;
  process(row: JsonObject): StepRow[];
}

export interface ConfiguredMultiInputStep extends ConfiguredStepBase {
  readonly kind: 'multi-input';
  outputs(upstreams?: readonly ColumnSpec[]): ColumnSpec;
  columnsAfter(upstreams: readonly ColumnSpec[]): ColumnSpec;
  /**
   * Each predecessor's rows, in predecessor order, to one row per position. Branches of unequal
   * length are not truncated: the extra positions come out with an error naming the short branch.
   * A caller combining a stream piece by piece passes `placement`, so messages give the positions
   * and lengths of the whole branches.
   */
  combine(branches: readonly (readonly JsonObject[])[], placement?: BranchPlacement): StepRow[];
}

/** Where a piece of each branch sits in the whole branches. */
export interface BranchPlacement {
  /** 0-based position of the pieces' first rows. */
  firstPosition: number;
  /** How many rows each whole branch has. */
  branchLengths: readonly number[];
}

export interface StepStream {
  push(row: JsonObject): StepRow[];
  finish(): StepRow[];
}

export interface ConfiguredStreamStep extends ConfiguredStepBase {
  readonly kind: 'stream';
  outputs(upstream?: ColumnSpec): ColumnSpec;
  columnsAfter(upstream: ColumnSpec): ColumnSpec;
  /** A fresh run: the same rows in the same order give the same result. */
  open(): StepStream;
}

export type ConfiguredStep = ConfiguredRowStep | ConfiguredMultiInputStep | ConfiguredStreamStep;

interface ConfiguredStepByKind {
  row: ConfiguredRowStep;
  'multi-input': ConfiguredMultiInputStep;
  stream: ConfiguredStreamStep;
}

/** A declared column step, independent of its parameter types, as the registry and tools see it. */
export interface StepDefinition<K extends StepKind = StepKind> {
  readonly name: string;
  readonly description: string;
  readonly categories: readonly string[];
  readonly kind: K;
  readonly deviations: readonly string[];
  readonly notes: readonly string[];
  readonly example?: Readonly<Record<string, unknown>>;
  readonly params: z.ZodObject;
  /** Applies parameters (defaults filled in); throws StepParamsError when they are invalid. */
  configure(rawParams: unknown, options?: StepRunOptions): ConfiguredStepByKind[K];
}

/** Invalid step parameters, one readable line per problem. */
export class StepParamsError extends Error {
  constructor(
    readonly stepName: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid parameters for ${stepName}: ${problems.join('; ')}`);
    this.name = 'StepParamsError';
  }
}

export function defineColumnStep<S extends z.ZodObject>(declaration: RowStepDeclaration<S>): StepDefinition<'row'>;
export function defineColumnStep<S extends z.ZodObject>(declaration: MultiInputStepDeclaration<S>): StepDefinition<'multi-input'>;
export function defineColumnStep<S extends z.ZodObject>(declaration: StreamStepDeclaration<S>): StepDefinition<'stream'>;
export function defineColumnStep<S extends z.ZodObject>(declaration: ColumnStepDeclaration<S>): StepDefinition {
  const definition: StepDefinition = {
    name: declaration.name,
    description: declaration.description,
    categories: declaration.categories,
    kind: declaration.kind,
    deviations: declaration.deviations ?? [],
    notes: declaration.notes ?? [],
    ...(declaration.example !== undefined ? { example: declaration.example as Record<string, unknown> } : {}),
    params: declaration.params,
    configure(rawParams: unknown, options: StepRunOptions = {}): ConfiguredStep {
      const parsed = declaration.params.safeParse(rawParams ?? {});
      if (!parsed.success) {
        throw new StepParamsError(
          declaration.name,
          parsed.error.issues.map((issue) => `${issue.path.join('.') || '(parameters)'}: ${issue.message}`),
        );
      }
      const params = parsed.data as z.output<S>;
      const run: RunContext = {
        name: declaration.name,
        stepName: options.stepName ?? defaultStepName(declaration.name),
        includeMetadata: options.includeMetadata ?? true,
      };
      const base = {
        definition,
        params: params as Record<string, unknown>,
        stepName: run.stepName,
        inputs: declaration.inputs(params),
      };
      const dropped = declaration.drops?.(params) ?? [];
      switch (declaration.kind) {
        case 'row':
          return { ...base, kind: 'row', ...singleUpstreamColumns(declaration, params, dropped), process: (row) => processRow(declaration, params, run, base.inputs, row) };
        case 'stream':
          return { ...base, kind: 'stream', ...singleUpstreamColumns(declaration, params, dropped), open: () => openStream(declaration, params, run, base.inputs) };
        case 'multi-input':
          return {
            ...base,
            kind: 'multi-input',
            outputs: (upstreams) => declaration.outputs(params, upstreams),
            columnsAfter: (upstreams) => columnsAfterStep(upstreams, dropped, declaration.outputs(params, upstreams)),
            combine: (branches, placement) => combineBranches(declaration, params, run, base.inputs, branches, placement),
          };
      }
    },
  };
  return definition;
}

interface RunContext {
  name: string;
  stepName: string;
  includeMetadata: boolean;
}

function singleUpstreamColumns<S extends z.ZodObject>(
  declaration: SingleUpstreamDeclaration<S>,
  params: z.output<S>,
  dropped: DroppedColumns,
): { outputs(upstream?: ColumnSpec): ColumnSpec; columnsAfter(upstream: ColumnSpec): ColumnSpec } {
  return {
    outputs: (upstream) => declaration.outputs(params, upstream),
    columnsAfter: (upstream) => columnsAfterStep([upstream], dropped, declaration.outputs(params, upstream)),
  };
}

/** Runs one step call, turning a thrown error into an error row so one bad row never stops a run. */
function guarded<T>(run: RunContext, attempt: () => T, onError: (message: string) => T): T {
  try {
    return attempt();
  } catch (error) {
    return onError(`${run.name} failed on this row: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The row a failed input check produces, with its reason recorded. */
function failedRow<S extends z.ZodObject>(
  declaration: SingleUpstreamDeclaration<S>,
  params: z.output<S>,
  run: RunContext,
  row: JsonObject,
  error: string,
): StepRow {
  const shaped = declaration.fallback ? declaration.fallback(row, params) : passThroughRow(row, declaration.outputs(params));
  return settled(run, { row: shaped, error });
}

function settled(run: RunContext, result: StepRow): StepRow {
  const row = settleError(result.row, run.stepName, result.error, run.includeMetadata);
  // Most rows need no change: what the step returned goes on as it is.
  if (row === result.row) return result;
  return { row, ...(result.error !== undefined ? { error: result.error } : {}) };
}

/** What a step returned for one row, as a list, each row with its error settled. */
function settledAll(run: RunContext, results: StepRow | StepRow[]): StepRow[] {
  return Array.isArray(results) ? results.map((result) => settled(run, result)) : [settled(run, results)];
}

function checkedError(inputs: ColumnSpec, row: JsonObject): string | undefined {
  const problems = inputProblems(row, inputs);
  return problems.length > 0 ? `${problems.join('; ')}. Map or fix the column, then run again.` : undefined;
}

function processRow<S extends z.ZodObject>(
  declaration: RowStepDeclaration<S>,
  params: z.output<S>,
  run: RunContext,
  inputs: ColumnSpec,
  row: JsonObject,
): StepRow[] {
  const problem = checkedError(inputs, row);
  if (problem !== undefined) return [failedRow(declaration, params, run, row, problem)];
  return guarded(
    run,
    () => settledAll(run, declaration.process(row, params)),
    (message) => [failedRow(declaration, params, run, row, message)],
  );
}

function openStream<S extends z.ZodObject>(
  declaration: StreamStepDeclaration<S>,
  params: z.output<S>,
  run: RunContext,
  inputs: ColumnSpec,
): StepStream {
  const processor = declaration.open(params);
  return {
    push(row) {
      const problem = checkedError(inputs, row);
      if (problem !== undefined) return [failedRow(declaration, params, run, row, problem)];
      return guarded(
        run,
        () => settledAll(run, processor.push(row)),
        (message) => [failedRow(declaration, params, run, row, message)],
      );
    },
    finish: () => (processor.finish?.() ?? []).map((result) => settled(run, result)),
  };
}

function combineBranches<S extends z.ZodObject>(
  declaration: MultiInputStepDeclaration<S>,
  params: z.output<S>,
  run: RunContext,
  inputs: ColumnSpec,
  branches: readonly (readonly JsonObject[])[],
  placement: BranchPlacement = { firstPosition: 0, branchLengths: branches.map((branch) => branch.length) },
): StepRow[] {
  const positions = Math.max(0, ...branches.map((branch) => branch.length));
  return Array.from({ length: positions }, (_, position) => {
    const rows = branches.map((branch) => branch[position]);
    const problems = rows.flatMap((row, branch) => {
      if (row === undefined) {
        const lengths = placement.branchLengths.join(', ');
        return [`predecessor ${branch + 1} has no row at position ${placement.firstPosition + position + 1} (the predecessors gave ${lengths} rows)`];
      }
      const problem = checkedError(inputs, row);
      return problem !== undefined ? [`predecessor ${branch + 1}: ${problem}`] : [];
    });
    return guarded(
      run,
      () => {
        const result = declaration.combine(rows, params);
        const errors = [...problems, ...(result.error !== undefined ? [result.error] : [])];
        return settled(run, { row: result.row, ...(errors.length > 0 ? { error: errors.join('; ') } : {}) });
      },
      (message) => settled(run, { row: Object.assign({}, ...rows.filter((row) => row !== undefined)) as JsonObject, error: [...problems, message].join('; ') }),
    );
  });
}
