import { commonColumnType, sameColumnType } from '../steps/columnTypes';
import type { ColumnSpec, ColumnType } from '../tasks/columns';
import type { StepGraph } from './graph';
import type { PipelineModel, StepEntry } from './pipelineModel';
import type { StepContract } from './stepContract';
import { TASK_EXTRA_OUTPUTS, taskOutputs } from './taskColumns';

/**
 * Which columns the rows carry at each step, worked out from the declarations alone (no LLM
 * call): load sources from a sample of their file, tasks from their configured outputs, column
 * steps from `columnsAfter`. Each column remembers the step that wrote it, and each removed
 * column the step that removed it, so a diagnostic can point at the cause.
 */

export interface AvailableColumn {
  type: ColumnType;
  /** Index of the step that wrote the column. */
  producer: number;
}

export interface ColumnSet {
  columns: ReadonlyMap<string, AvailableColumn>;
  /** Columns that an earlier step removed, by the index of that step. */
  dropped: ReadonlyMap<string, number>;
  /**
   * False when some step upstream could not be worked out (unknown task, invalid parameters,
   * unreadable file, a cycle): a column missing here may then exist, so none is reported missing.
   */
  complete: boolean;
}

export interface StepColumns {
  /** What each predecessor gives, in `after` order. */
  upstreams: readonly ColumnSet[];
  /** What the step reads: all predecessors' columns, as a step with one input sees them. */
  upstream: ColumnSet;
  /** What leaves the step. */
  after: ColumnSet;
}

/** What a load step's file gave. */
export type LoadOutcome =
  | { kind: 'columns'; columns: ColumnSpec; rows: number }
  | { kind: 'missing' }
  | { kind: 'no-format' }
  | { kind: 'unreadable'; reason: string };

const UNKNOWN: ColumnSet = { columns: new Map(), dropped: new Map(), complete: false };
const EMPTY: ColumnSet = { columns: new Map(), dropped: new Map(), complete: true };

export function specOf(set: ColumnSet): ColumnSpec {
  return Object.fromEntries([...set.columns].map(([name, column]) => [name, column.type]));
}

/**
 * Several predecessors feed a one-input step one after another, so a column is certain only
 * when every predecessor has it; its type is theirs when they agree, else `json`.
 */
function mergeUpstreams(upstreams: readonly ColumnSet[]): ColumnSet {
  const [first, ...rest] = upstreams;
  if (!first) return EMPTY;
  if (rest.length === 0) return first;
  const columns = new Map<string, AvailableColumn>();
  for (const [name, column] of first.columns) {
    const types = upstreams.map((set) => set.columns.get(name)?.type);
    if (types.every((type) => type !== undefined)) columns.set(name, { type: commonColumnType(types), producer: column.producer });
  }
  const dropped = new Map(upstreams.flatMap((set) => [...set.dropped]));
  return { columns, dropped, complete: upstreams.every((set) => set.complete) };
}

/** `base` with `written` columns added (or replaced) by `producer`, and un-dropped. */
function withColumns(base: ColumnSet, written: readonly [string, ColumnType][], producer: number, complete: boolean): ColumnSet {
  const columns = new Map(base.columns);
  const dropped = new Map(base.dropped);
  for (const [name, type] of written) {
    columns.set(name, { type, producer });
    dropped.delete(name);
  }
  return { columns, dropped, complete: base.complete && complete };
}

function afterLoad(step: StepEntry, outcome: LoadOutcome | undefined): ColumnSet {
  if (outcome?.kind !== 'columns') return UNKNOWN;
  return withColumns(EMPTY, Object.entries(outcome.columns), step.index, true);
}

function afterTask(step: StepEntry, contract: Extract<StepContract, { kind: 'task' }>, upstream: ColumnSet): ColumnSet {
  const base = contract.definition.kind === 'generator' ? EMPTY : upstream;
  if (!contract.configured) return { ...base, complete: false };
  const outputs = taskOutputs(step, contract.configured).map((output): [string, ColumnType] => [output.column, output.type]);
  return withColumns(base, [...outputs, ...Object.entries(TASK_EXTRA_OUTPUTS)], step.index, true);
}

/**
 * A column step's result from its `columnsAfter`. A column that comes out with the type it had
 * upstream keeps its producer (KeepColumns writes nothing new); any other was written here.
 */
function afterColumnStep(step: StepEntry, contract: Extract<StepContract, { kind: 'column' }>, upstreams: readonly ColumnSet[], upstream: ColumnSet): ColumnSet {
  const configured = contract.configured;
  if (!configured) return { ...upstream, complete: false };
  const spec =
    configured.kind === 'multi-input' ? configured.columnsAfter(upstreams.map(specOf)) : configured.columnsAfter(specOf(upstream));
  const columns = new Map<string, AvailableColumn>();
  for (const [name, type] of Object.entries(spec)) {
    const source = [...upstreams].reverse().find((set) => {
      const before = set.columns.get(name);
      return before !== undefined && sameColumnType(before.type, type);
    });
    columns.set(name, { type, producer: source?.columns.get(name)?.producer ?? step.index });
  }
  const dropped = new Map([...upstream.dropped].filter(([name]) => !columns.has(name)));
  for (const set of upstreams) for (const name of set.columns.keys()) if (!columns.has(name)) dropped.set(name, step.index);
  return { columns, dropped, complete: upstreams.every((set) => set.complete) };
}

function columnsAfter(step: StepEntry, contract: StepContract, upstreams: readonly ColumnSet[], upstream: ColumnSet, load: LoadOutcome | undefined): ColumnSet {
  switch (contract.kind) {
    case 'load':
      return afterLoad(step, load);
    case 'task':
      return afterTask(step, contract, upstream);
    case 'column':
      return afterColumnStep(step, contract, upstreams, upstream);
    case 'unknown':
      return { ...upstream, complete: false };
  }
}

/** The columns at every step in the graph's order; undefined for steps on or after a cycle. */
export function flowColumns(
  model: PipelineModel,
  graph: StepGraph,
  contracts: readonly StepContract[],
  loads: ReadonlyMap<number, LoadOutcome>,
): (StepColumns | undefined)[] {
  const result: (StepColumns | undefined)[] = model.steps.map(() => undefined);
  for (const index of graph.order) {
    const step = model.steps[index] as StepEntry;
    const contract = contracts[index] as StepContract;
    const readsUnknownStep = step.after.some((reference) => !graph.byName.has(reference.value));
    const upstreams = (graph.predecessors[index] ?? []).map((source) => result[source]?.after ?? UNKNOWN);
    const merged = mergeUpstreams(upstreams);
    const upstream = readsUnknownStep || (step.after.length === 0 && needsRows(contract)) ? { ...merged, complete: false } : merged;
    result[index] = { upstreams, upstream, after: columnsAfter(step, contract, upstreams, upstream, loads.get(index)) };
  }
  return result;
}

/** Whether a step reads rows from a predecessor (a `missing-after` when it names none). */
export function needsRows(contract: StepContract): boolean {
  if (contract.kind === 'task') return contract.definition.kind !== 'generator';
  return contract.kind === 'column';
}
