import { describeColumnType, type ColumnType } from '../../tasks/columns';
import type { PipelineAnalysis } from '../analysis';
import type { ColumnSet } from '../columns';
import { isCompatible } from '../columnCompatibility';
import type { RelatedLocation } from '../diagnostic';
import { describeStep, stepWorkAnchor, type StepEntry } from '../pipelineModel';
import { editDistance } from '../suggest';
import { TASK_EXTRA_OUTPUTS } from '../taskColumns';

/** What the column rules say about where a column came from or went, and what could replace it. */

export function columnLabel(name: string, type: ColumnType): string {
  return `"${name}" (${describeColumnType(type)})`;
}

/** The producing step of a column, as related information. */
export function producedAt(analysis: PipelineAnalysis, set: ColumnSet, name: string): RelatedLocation[] {
  const column = set.columns.get(name);
  const producer = column && analysis.model.steps[column.producer];
  if (!column || !producer) return [];
  return [{ range: analysis.source.rangeOf(stepWorkAnchor(producer)), message: `${columnLabel(name, column.type)} is written here` }];
}

/** The step that removed a column, if one did. */
function droppedBy(analysis: PipelineAnalysis, set: ColumnSet, name: string): StepEntry | undefined {
  const index = set.dropped.get(name);
  return index === undefined ? undefined : analysis.model.steps[index];
}

export function droppedAt(analysis: PipelineAnalysis, set: ColumnSet, name: string): RelatedLocation[] {
  const dropper = droppedBy(analysis, set, name);
  return dropper ? [{ range: analysis.source.rangeOf(stepWorkAnchor(dropper)), message: `"${name}" is removed here` }] : [];
}

/** How missing a column is: removed by a named step, or never written before `step`. */
export function whyMissing(analysis: PipelineAnalysis, set: ColumnSet, name: string, step: StepEntry): string {
  const dropper = droppedBy(analysis, set, name);
  return dropper ? `but ${describeStep(dropper)} removed it` : `and no step before ${describeStep(step)} writes it`;
}

/** How many `after` hops lie between `step` and each step upstream of it. */
function hopsUpstream(analysis: PipelineAnalysis, step: StepEntry): Map<number, number> {
  const hops = new Map<number, number>([[step.index, 0]]);
  const queue = [step.index];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const source of analysis.graph.predecessors[next] ?? []) {
      if (!hops.has(source)) {
        hops.set(source, (hops.get(next) ?? 0) + 1);
        queue.push(source);
      }
    }
  }
  return hops;
}

/** Whether two column names look like the same thing: one inside the other, or a few letters apart. */
export function relatedNames(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x.includes(y) || y.includes(x) || editDistance(x, y) <= Math.max(1, Math.floor(Math.min(x.length, y.length) / 3));
}

/**
 * The columns of `set` that could feed an input of type `expected` in place of `wanted`, best
 * first: a name related to the input's (`evolved_instructions` for `instructions`), then the
 * closest step upstream, then the most similar name. Columns every task writes (`model_name`,
 * the metadata) and untyped `json` columns are left out: they fit by accident, not by meaning.
 */
export function compatibleColumns(analysis: PipelineAnalysis, step: StepEntry, set: ColumnSet, expected: ColumnType, wanted: string, input = wanted): string[] {
  const hops = hopsUpstream(analysis, step);
  return [...set.columns]
    .filter(([name, column]) => name !== wanted && !(name in TASK_EXTRA_OUTPUTS) && column.type.kind !== 'json' && isCompatible(column.type, expected))
    .map(([name, column]) => ({
      name,
      unrelated: relatedNames(name, input) || relatedNames(name, wanted) ? 0 : 1,
      hops: hops.get(column.producer) ?? Number.MAX_SAFE_INTEGER,
      distance: Math.min(editDistance(name, wanted), editDistance(name, input)),
    }))
    .sort((a, b) => a.unrelated - b.unrelated || a.hops - b.hops || a.distance - b.distance || a.name.localeCompare(b.name))
    .map((candidate) => candidate.name);
}

/** The columns of a set for a message, the first few with their types. */
export function columnsSummary(set: ColumnSet, limit = 8): string {
  const entries = [...set.columns].filter(([name]) => !(name in TASK_EXTRA_OUTPUTS));
  if (entries.length === 0) return 'none';
  const shown = entries.slice(0, limit).map(([name, column]) => `${name} (${describeColumnType(column.type)})`);
  return entries.length > limit ? `${shown.join(', ')} and ${entries.length - limit} more` : shown.join(', ');
}
