import type { ConfiguredStep } from '../../steps/defineColumnStep';
import { describeColumnType, type ColumnType } from '../../tasks/columns';
import type { ConfiguredTask } from '../../tasks/defineTask';
import type { PipelineAnalysis } from '../analysis';
import type { ColumnSet, StepColumns } from '../columns';
import { isCompatible } from '../columnCompatibility';
import type { PipelineDiagnostic, QuickFix } from '../diagnostic';
import { describeStep, paramValueNamed, type StepEntry } from '../pipelineModel';
import { replaceFix, report } from '../report';
import { setMappingEdit } from '../stepEdits';
import { closestNames, didYouMean } from '../suggest';
import { taskInputs, type TaskColumn } from '../taskColumns';
import { columnLabel, columnsSummary, compatibleColumns, droppedAt, producedAt, relatedNames, whyMissing } from './columnEvidence';
import type { PipelineRule } from './rule';

/**
 * Column compatibility: every input of every step, after `input_mappings`, is a column that the
 * steps before it write, with a type that fits. A missing column says which step removed it (or
 * that none wrote it) and offers to map the input to the nearest column that fits.
 */

/** Up to three mappings to compatible columns; the first is preferred only when its name is related. */
function mappingFixes(analysis: PipelineAnalysis, step: StepEntry, input: TaskColumn, candidates: readonly string[]): QuickFix[] {
  return candidates.slice(0, 3).map((column, index) => ({
    title: `Map input "${input.name}" to column "${column}"`,
    edits: [setMappingEdit(analysis.source, step, 'input_mappings', input.name, column)],
    ...(index === 0 && related(input, column) ? { preferred: true } : {}),
  }));
}

function related(input: TaskColumn, column: string): boolean {
  return relatedNames(column, input.name) || relatedNames(column, input.column);
}

/** `: map it to "x" (type)` when the best candidate's name is related to the input's. */
function relatedSuggestion(upstream: ColumnSet, input: TaskColumn, candidates: readonly string[]): string | undefined {
  const best = candidates[0];
  const type = best === undefined ? undefined : upstream.columns.get(best)?.type;
  return best !== undefined && type && related(input, best) ? `: map it to ${columnLabel(best, type)}` : undefined;
}

function missingTaskInput(analysis: PipelineAnalysis, step: StepEntry, task: string, input: TaskColumn, upstream: ColumnSet): PipelineDiagnostic {
  const { source } = analysis;
  const candidates = compatibleColumns(analysis, step, upstream, input.type, input.column, input.name);
  const suggested = relatedSuggestion(upstream, input, candidates);
  const hint = suggested ? `${suggested}?` : `. Columns here: ${columnsSummary(upstream)}.`;
  const why = whyMissing(analysis, upstream, input.column, step);
  const options = { related: droppedAt(analysis, upstream, input.column), fixes: mappingFixes(analysis, step, input, candidates) };
  const mappedTo = input.mapping?.column;
  if (mappedTo) {
    return report(source, mappedTo.node, 'unknown-mapping-column', `\`input_mappings\` maps "${input.name}" to column "${input.column}", ${why}${hint}`, options);
  }
  const at = paramValueNamed(step, input.column) ?? step.type?.node ?? step.node;
  return report(source, at, 'missing-column', `${task} reads column "${input.column}" (${describeColumnType(input.type)}), ${why}${hint}`, options);
}

function mismatchedTaskInput(analysis: PipelineAnalysis, step: StepEntry, task: string, input: TaskColumn, upstream: ColumnSet, actual: ColumnType): PipelineDiagnostic {
  const candidates = compatibleColumns(analysis, step, upstream, input.type, input.column, input.name);
  const producer = analysis.model.steps[upstream.columns.get(input.column)?.producer ?? -1];
  const from = producer ? ` from ${describeStep(producer)}` : '';
  const suggested = relatedSuggestion(upstream, input, candidates);
  const hint = suggested ? `${suggested} instead?` : '.';
  const at = input.mapping?.column?.node ?? paramValueNamed(step, input.column) ?? step.type?.node ?? step.node;
  return report(
    analysis.source,
    at,
    'column-type-mismatch',
    `Column "${input.column}"${from} is ${describeColumnType(actual)}, but ${task} reads "${input.name}" as ${describeColumnType(input.type)}${hint}`,
    { related: producedAt(analysis, upstream, input.column), fixes: mappingFixes(analysis, step, input, candidates) },
  );
}

function checkTask(analysis: PipelineAnalysis, step: StepEntry, configured: ConfiguredTask, columns: StepColumns): PipelineDiagnostic[] {
  const { upstream } = columns;
  const task = configured.definition.name;
  return taskInputs(step, configured).flatMap((input) => {
    const available = upstream.columns.get(input.column);
    if (!available) return input.type.nullable || !upstream.complete ? [] : [missingTaskInput(analysis, step, task, input, upstream)];
    return isCompatible(available.type, input.type) ? [] : [mismatchedTaskInput(analysis, step, task, input, upstream, available.type)];
  });
}

function checkColumnStep(analysis: PipelineAnalysis, step: StepEntry, configured: ConfiguredStep, columns: StepColumns): PipelineDiagnostic[] {
  const { source } = analysis;
  const name = configured.definition.name;
  // A multi-input step needs its inputs in the rows of every predecessor; the others read them all as one stream.
  const sets = configured.kind === 'multi-input' ? columns.upstreams.map((set, position) => ({ set, from: analysis.model.steps[analysis.graph.predecessors[step.index]?.[position] ?? -1] })) : [{ set: columns.upstream, from: undefined }];
  return Object.entries(configured.inputs).flatMap(([column, type]) =>
    sets.flatMap(({ set, from }) => {
      const fromText = from ? ` from ${describeStep(from)}` : '';
      const named = paramValueNamed(step, column);
      const at = named ?? step.type?.node ?? step.node;
      const available = set.columns.get(column);
      if (!available) {
        if (type.nullable || !set.complete) return [];
        const suggestions = closestNames(column, set.columns.keys());
        const message = `${name} needs column "${column}"${fromText}, ${whyMissing(analysis, set, column, step)}${didYouMean(suggestions) || `. Columns here: ${columnsSummary(set)}.`}`;
        return [
          report(source, at, 'missing-column', message, {
            related: droppedAt(analysis, set, column),
            fixes: named ? suggestions.map((suggestion, index) => replaceFix(source, named, suggestion, `Change to "${suggestion}"`, index === 0)) : [],
          }),
        ];
      }
      if (isCompatible(available.type, type)) return [];
      return [
        report(source, at, 'column-type-mismatch', `Column "${column}"${fromText} is ${describeColumnType(available.type)}, but ${name} needs it as ${describeColumnType(type)}.`, {
          related: producedAt(analysis, set, column),
        }),
      ];
    }),
  );
}

export const inputColumns: PipelineRule = (analysis) =>
  analysis.model.steps.flatMap((step) => {
    const contract = analysis.contracts[step.index];
    const columns = analysis.columns[step.index];
    if (!columns || !contract) return [];
    if (contract.kind === 'task' && contract.configured && contract.definition.kind !== 'generator') return checkTask(analysis, step, contract.configured, columns);
    if (contract.kind === 'column' && contract.configured) return checkColumnStep(analysis, step, contract.configured, columns);
    return [];
  });
