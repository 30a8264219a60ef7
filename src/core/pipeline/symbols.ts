import { readPipelineStructure } from './analysis';
import { stepAnchor, type StepKind } from './pipelineModel';
import type { TextRange } from './textRange';

export interface PipelineSymbol {
  name: string;
  /** What the step does: its task, column step or file. */
  detail: string;
  kind: StepKind | 'unknown';
  /** The whole step. */
  range: TextRange;
  /** Its name. */
  selectionRange: TextRange;
}

/** The outline: one symbol per step, in file order. */
export function pipelineSymbols(text: string): PipelineSymbol[] {
  const { source, model } = readPipelineStructure(text);
  return model.steps.map((step) => ({
    name: step.name?.value ?? `step ${step.position + 1}`,
    detail: step.type?.value ?? (step.load ? step.load.path.value : ''),
    kind: step.kind ?? 'unknown',
    range: source.rangeOf(step.node),
    selectionRange: source.rangeOf(stepAnchor(step)),
  }));
}
