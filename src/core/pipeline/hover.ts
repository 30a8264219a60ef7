import { code } from '../docs/markdown';
import { describeParams } from '../docs/paramDocs';
import { describeColumnType } from '../tasks/columns';
import { analyzePipeline, type PipelineAnalysis } from './analysis';
import { specOf, type ColumnSet } from './columns';
import { columnStepMarkdown, paramMarkdown, taskMarkdown } from './contractDocs';
import { slotAt, stepOfSlot, type CursorSlot } from './cursor';
import { asMap, scalarText, valueOf } from './locate';
import { describeEntryUrls } from './run/llmEndpoints';
import type { PipelineHost } from './pipelineHost';
import { describeStep, type StepEntry } from './pipelineModel';
import { taskInputs, taskOutputs } from './taskColumns';
import type { TextPosition, TextRange } from './textRange';

export interface PipelineHover {
  markdown: string;
  range: TextRange;
}

/** The columns of a set, one per line with its type and the step that wrote it. */
function columnSetMarkdown(analysis: PipelineAnalysis, set: ColumnSet): string {
  const lines = [...set.columns].map(([name, column]) => {
    const producer = analysis.model.steps[column.producer];
    return `- ${code(name)} ${code(describeColumnType(column.type))}${producer ? ` · from ${describeStep(producer)}` : ''}`;
  });
  if (!set.complete) lines.push('- …and columns that cannot be worked out (see the problems above this step)');
  return lines.length > 0 ? lines.join('\n') : 'No columns.';
}

function typeHover(analysis: PipelineAnalysis, step: StepEntry): string | undefined {
  const contract = analysis.contracts[step.index];
  if (contract?.kind === 'task') {
    const usage = contract.configured ? { inputs: taskInputs(step, contract.configured), outputs: taskOutputs(step, contract.configured) } : undefined;
    return taskMarkdown(contract.definition, usage);
  }
  if (contract?.kind === 'column') {
    const { configured } = contract;
    const upstream = analysis.columns[step.index];
    if (!configured || !upstream) return columnStepMarkdown(contract.definition);
    const outputs = configured.kind === 'multi-input' ? configured.outputs(upstream.upstreams.map(specOf)) : configured.outputs(specOf(upstream.upstream));
    return columnStepMarkdown(contract.definition, { inputs: configured.inputs, outputs });
  }
  return undefined;
}

function stepColumnsHover(analysis: PipelineAnalysis, step: StepEntry, heading: string): string | undefined {
  const columns = analysis.columns[step.index];
  return columns ? `${heading}\n\n${columnSetMarkdown(analysis, columns.after)}` : undefined;
}

function mappingHover(analysis: PipelineAnalysis, step: StepEntry, slot: CursorSlot, side: 'input' | 'output'): string | undefined {
  const contract = analysis.contracts[step.index];
  if (contract?.kind !== 'task' || !contract.configured) return undefined;
  const name = String(slot.path[3]);
  const column = (side === 'input' ? taskInputs(step, contract.configured) : taskOutputs(step, contract.configured)).find((entry) => entry.name === name);
  if (!column) return undefined;
  const own = `${side === 'input' ? 'Input' : 'Output'} ${code(name)} of ${contract.definition.name}: ${code(describeColumnType(column.type))}`;
  if (slot.role === 'key' || side === 'output') return own;
  const available = analysis.columns[step.index]?.upstream.columns.get(column.column);
  const producer = available && analysis.model.steps[available.producer];
  const found = available ? `Column ${code(column.column)}: ${code(describeColumnType(available.type))}${producer ? `, written by ${describeStep(producer)}` : ''}` : `No step before writes ${code(column.column)}.`;
  return `${own}\n\n${found}`;
}

function llmHover(analysis: PipelineAnalysis, name: string): string | undefined {
  const entry = asMap(valueOf(asMap(valueOf(analysis.model.root, 'llms')), name))?.toJSON() as { model?: unknown; base_url?: unknown; base_urls?: unknown } | undefined;
  return entry ? `Endpoint ${code(name)}: model ${code(String(entry.model))} at ${code(describeEntryUrls(entry))}` : undefined;
}

function markdownFor(analysis: PipelineAnalysis, slot: CursorSlot, step: StepEntry): string | undefined {
  const [, , field, inner] = slot.path;
  const value = slot.role === 'value';
  switch (field) {
    case 'task':
    case 'step':
      return value ? typeHover(analysis, step) : undefined;
    case 'name':
      return value ? stepColumnsHover(analysis, step, `Columns after ${describeStep(step)}:`) : undefined;
    case 'load':
      return value ? stepColumnsHover(analysis, step, `Columns of ${code(step.load?.path.value ?? '')} (from a sample of its rows):`) : undefined;
    case 'after': {
      const reference = value ? scalarText(slot.node) : undefined;
      const target = reference === undefined ? undefined : analysis.graph.byName.get(reference);
      return target ? stepColumnsHover(analysis, target, `Columns after ${describeStep(target)}${target.type ? ` (${target.type.value})` : ''}:`) : undefined;
    }
    case 'llm':
      return value && step.llm ? llmHover(analysis, step.llm.value) : undefined;
    case 'with': {
      const contract = analysis.contracts[step.index];
      if (slot.role !== 'key' || slot.path.length !== 4 || (contract?.kind !== 'task' && contract?.kind !== 'column')) return undefined;
      const doc = describeParams(contract.definition.params).find((param) => param.name === inner);
      return doc ? paramMarkdown(doc) : undefined;
    }
    case 'input_mappings':
    case 'output_mappings':
      return slot.path.length === 4 ? mappingHover(analysis, step, slot, field === 'input_mappings' ? 'input' : 'output') : undefined;
    default:
      return undefined;
  }
}

/** What the thing under the cursor is: a task's contract, a parameter, the columns at a step. */
export async function hoverPipeline(text: string, position: TextPosition, host: PipelineHost): Promise<PipelineHover | undefined> {
  const analysis = await analyzePipeline(text, host);
  const slot = slotAt(analysis, analysis.source.offsetAt(position));
  const step = slot && stepOfSlot(analysis, slot);
  if (!slot?.node || !step) return undefined;
  const markdown = markdownFor(analysis, slot, step);
  return markdown ? { markdown, range: analysis.source.rangeOf(slot.node) } : undefined;
}

