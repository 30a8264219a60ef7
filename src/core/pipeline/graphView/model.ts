import { describeColumnType } from '../../tasks/columns';
import type { PipelineAnalysis } from '../analysis';
import type { PipelineDiagnostic, Severity } from '../diagnostic';
import { layoutGraph, type GraphLayout } from './layout';

/** What the graph view draws: every step, the columns flowing along each edge, and the problems. */
export interface GraphStep {
  id: string;
  /** `seeds · load`, `evolve · EvolInstruct`. */
  label: string;
  kind: 'load' | 'task' | 'column' | 'unknown';
  problems: { severity: Severity; message: string }[];
}

export interface GraphEdge {
  from: string;
  to: string;
  /** `name: type` of every column the upstream step hands on; empty when it cannot be worked out. */
  columns: string[];
}

export interface PipelineGraph {
  steps: GraphStep[];
  edges: GraphEdge[];
  layout: GraphLayout;
  /** Diagnostics of the file outside any step (e.g. YAML syntax), shown above the drawing. */
  fileProblems: { severity: Severity; message: string }[];
}

/** Roughly the width of a label at the view's font size, so layers are wide enough. */
const CHARACTER_WIDTH = 7.5;
const NODE_PADDING = 28;

export function pipelineGraph(analysis: PipelineAnalysis, diagnostics: readonly PipelineDiagnostic[]): PipelineGraph {
  const { model, graph, source } = analysis;
  const idOf = (index: number) => model.steps[index]?.name?.value ?? `step ${index + 1}`;
  const stepRanges = model.steps.map((step) => {
    const [start, , end] = step.node.range ?? [0, 0, 0];
    return { index: step.index, start, end };
  });

  const problemsByStep = new Map<number, GraphStep['problems']>();
  const fileProblems: PipelineGraph['fileProblems'] = [];
  for (const diagnostic of diagnostics) {
    const offset = source.offsetAt(diagnostic.range.start);
    const owner = stepRanges.find((range) => offset >= range.start && offset < range.end);
    const problem = { severity: diagnostic.severity, message: diagnostic.message };
    if (owner) problemsByStep.set(owner.index, [...(problemsByStep.get(owner.index) ?? []), problem]);
    else fileProblems.push(problem);
  }

  const steps: GraphStep[] = model.steps.map((step) => ({
    id: idOf(step.index),
    label: `${idOf(step.index)} · ${step.kind === 'load' ? 'load' : (step.type?.value ?? '?')}`,
    kind: step.kind ?? 'unknown',
    problems: problemsByStep.get(step.index) ?? [],
  }));
  const edges: GraphEdge[] = graph.predecessors.flatMap((froms, to) =>
    froms.map((from) => {
      const handed = analysis.columns[from]?.after;
      const columns = handed?.complete ? [...handed.columns].map(([name, column]) => `${name}: ${describeColumnType(column.type)}`) : [];
      return { from: idOf(from), to: idOf(to), columns };
    }),
  );
  const layout = layoutGraph(
    steps.map((step) => ({ id: step.id, width: step.label.length * CHARACTER_WIDTH + NODE_PADDING })),
    edges,
    { layerGap: 220 },
  );
  return { steps, edges, layout, fileProblems };
}
