import { flowColumns, type LoadOutcome, type StepColumns } from './columns';
import { buildStepGraph, type StepGraph } from './graph';
import { inferColumns } from './inferColumns';
import { PipelineSource } from './locate';
import type { PipelineHost } from './pipelineHost';
import { readPipelineModel, type PipelineModel, type StepEntry } from './pipelineModel';
import { contractOf, type StepContract } from './stepContract';

/** The file's structure: enough for the outline and go-to-definition, with no file access. */
export interface PipelineStructure {
  source: PipelineSource;
  model: PipelineModel;
  graph: StepGraph;
}

/** Everything the rules and the editing features read, worked out once per version of the file. */
export interface PipelineAnalysis extends PipelineStructure {
  /** Per step index. */
  contracts: readonly StepContract[];
  /** Per load step index. */
  loads: ReadonlyMap<number, LoadOutcome>;
  /** Per step index; undefined for steps on or after a cycle. */
  columns: readonly (StepColumns | undefined)[];
}

export function readPipelineStructure(text: string): PipelineStructure {
  const source = new PipelineSource(text);
  const model = readPipelineModel(source);
  return { source, model, graph: buildStepGraph(model.steps) };
}

async function loadOutcome(step: StepEntry, host: PipelineHost): Promise<LoadOutcome | undefined> {
  const load = step.load;
  if (!load) return undefined;
  if (!load.format) return { kind: 'no-format' };
  if (!(await host.fileExists(load.path.value))) return { kind: 'missing' };
  const sample = await host.readSample(load.path.value, load.format);
  if ('error' in sample) return { kind: 'unreadable', reason: sample.error };
  if (sample.rows.length === 0) return { kind: 'unreadable', reason: 'it has no rows to take the columns from' };
  return { kind: 'columns', columns: inferColumns(sample.rows), rows: sample.rows.length };
}

export async function analyzePipeline(text: string, host: PipelineHost): Promise<PipelineAnalysis> {
  const structure = readPipelineStructure(text);
  const { model, graph } = structure;
  const contracts = model.steps.map(contractOf);
  const outcomes = await Promise.all(model.steps.map(async (step) => [step.index, await loadOutcome(step, host)] as const));
  const loads = new Map(outcomes.flatMap(([index, outcome]) => (outcome ? [[index, outcome] as const] : [])));
  return { ...structure, contracts, loads, columns: flowColumns(model, graph, contracts, loads) };
}
