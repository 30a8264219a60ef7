import { isMap, type Node } from 'yaml';
import { describeParams } from '../docs/paramDocs';
import { STEPS } from '../steps/registry';
import { describeColumnType, type ColumnType } from '../tasks/columns';
import { TASKS } from '../tasks/registry';
import { analyzePipeline, type PipelineAnalysis } from './analysis';
import { isCompatible } from './columnCompatibility';
import type { ColumnSet } from './columns';
import { columnStepMarkdown, paramMarkdown, taskMarkdown } from './contractDocs';
import { completionSlot, stepOfSlot, type CursorSlot } from './cursor';
import { asMap, scalarText, valueOf } from './locate';
import { describeEntryUrls } from './run/llmEndpoints';
import type { PipelineHost } from './pipelineHost';
import { describeStep, type StepEntry } from './pipelineModel';
import { columnStepSchema, llmSchema, loadStepSchema, pipelineSchema, taskStepSchema } from './schema';
import { taskInputs } from './taskColumns';
import type { TextPosition, TextRange } from './textRange';
import { keysAt } from './zodShape';

export type CompletionKind = 'task' | 'column-step' | 'parameter' | 'column' | 'step' | 'llm' | 'key';

export interface PipelineCompletion {
  label: string;
  kind: CompletionKind;
  /** One line next to the label. */
  detail?: string;
  /** Markdown shown beside the list. */
  documentation?: string;
  /** What replaces `range`, the word being typed. */
  insertText: string;
  range: TextRange;
  /** Orders the list: the likeliest first. */
  sortText?: string;
}

interface CompletionContext {
  analysis: PipelineAnalysis;
  slot: CursorSlot;
  step: StepEntry | undefined;
  /** The word at the cursor, which a completion replaces. */
  range: TextRange;
  /** The line up to the cursor. */
  before: string;
  /** The line after the cursor. */
  after: string;
}

const NAME_CHARACTER = /[A-Za-z0-9_-]/;

function wordRange(line: string, position: TextPosition): TextRange {
  let start = position.character;
  let end = position.character;
  while (start > 0 && NAME_CHARACTER.test(line[start - 1] as string)) start--;
  while (end < line.length && NAME_CHARACTER.test(line[end] as string)) end++;
  return { start: { line: position.line, character: start }, end: { line: position.line, character: end } };
}

function keyCompletions(context: CompletionContext, keys: readonly { key: string; description?: string; required: boolean }[], present: Iterable<string>): PipelineCompletion[] {
  const taken = new Set(present);
  // Required keys first, each group in the schema's order (`name` before `task`).
  return keys
    .map((entry, order) => ({ ...entry, order }))
    .filter(({ key }) => !taken.has(key))
    .map(({ key, description, required, order }) => ({
      label: key,
      kind: 'key',
      ...(description ? { detail: description } : {}),
      insertText: `${key}: `,
      range: context.range,
      sortText: `${required ? 0 : 1}${String(order).padStart(3, '0')}`,
    }));
}

/** The keys already written in the map that holds the cursor's key (the cursor's own left out). */
function siblingKeys(context: CompletionContext, map: Node | undefined): string[] {
  const own = context.slot.path.at(-1);
  if (!isMap(map)) return [];
  return map.items.flatMap((pair) => scalarText(pair.key) ?? []).filter((key) => key !== own);
}

function stepKeys(context: CompletionContext): PipelineCompletion[] {
  const { step } = context;
  const kind = step?.kind;
  const schemas = kind === 'load' ? [loadStepSchema] : kind === 'task' ? [taskStepSchema] : kind === 'column' ? [columnStepSchema] : [loadStepSchema, taskStepSchema, columnStepSchema];
  const keys = [...new Map(schemas.flatMap((schema) => keysAt(schema, [])).map((entry) => [entry.key, entry])).values()];
  return keyCompletions(context, keys, siblingKeys(context, step?.node));
}

function taskNames(context: CompletionContext): PipelineCompletion[] {
  return [...TASKS.values()].map((task) => ({
    label: task.name,
    kind: 'task',
    detail: task.kind === 'generator' ? `generator · ${task.description}` : task.description,
    documentation: taskMarkdown(task),
    insertText: task.name,
    range: context.range,
  }));
}

function columnStepNames(context: CompletionContext): PipelineCompletion[] {
  return [...STEPS.values()].map((step) => ({
    label: step.name,
    kind: 'column-step',
    detail: step.description,
    documentation: columnStepMarkdown(step),
    insertText: step.name,
    range: context.range,
  }));
}

function stepNames(context: CompletionContext): PipelineCompletion[] {
  const { step } = context;
  const listed = new Set(step?.after.map((reference) => reference.value));
  const current = scalarText(context.slot.node);
  return context.analysis.model.steps.flatMap((other) => {
    const name = other.name?.value;
    if (!name || other === step || (listed.has(name) && name !== current)) return [];
    const does = other.type?.value ?? (other.load ? `load ${other.load.path.value}` : '');
    return [{ label: name, kind: 'step', detail: does, insertText: name, range: context.range, sortText: String(other.position).padStart(4, '0') }];
  });
}

function llmNames(context: CompletionContext): PipelineCompletion[] {
  const entries = asMap(valueOf(context.analysis.model.root, 'llms'))?.toJSON() as Record<string, { model?: unknown; base_url?: unknown; base_urls?: unknown } | null> | undefined;
  return [...context.analysis.model.llms.keys()].map((name) => {
    const entry = entries?.[name];
    const detail = typeof entry?.model === 'string' ? { detail: `${entry.model} at ${describeEntryUrls(entry)}` } : {};
    return { label: name, kind: 'llm', ...detail, insertText: name, range: context.range };
  });
}

function paramNames(context: CompletionContext): PipelineCompletion[] {
  const contract = context.step ? context.analysis.contracts[context.step.index] : undefined;
  if (contract?.kind !== 'task' && contract?.kind !== 'column') return [];
  const present = new Set(siblingKeys(context, context.step?.withMap));
  return describeParams(contract.definition.params)
    .filter((doc) => !present.has(doc.name))
    .map((doc) => ({
      label: doc.name,
      kind: 'parameter',
      detail: doc.type,
      documentation: paramMarkdown(doc),
      insertText: `${doc.name}: `,
      range: context.range,
      sortText: `${doc.required ? 0 : 1}${doc.name}`,
    }));
}

/** Columns the step can read, those that fit `expected` first. */
function columnNames(context: CompletionContext, sets: readonly ColumnSet[], expected?: ColumnType, range = context.range, suffix = ''): PipelineCompletion[] {
  const seen = new Set<string>();
  return sets.flatMap((set) =>
    [...set.columns].flatMap(([name, column]) => {
      if (seen.has(name)) return [];
      seen.add(name);
      const producer = context.analysis.model.steps[column.producer];
      // Columns of the expected type first, then untyped ones (which fit anything), then the rest.
      const rank = expected === undefined ? 0 : !isCompatible(column.type, expected) ? 2 : column.type.kind === 'json' ? 1 : 0;
      return [
        {
          label: name,
          kind: 'column' as const,
          detail: `${describeColumnType(column.type)}${producer ? ` · from ${describeStep(producer)}` : ''}`,
          insertText: `${name}${suffix}`,
          range,
          sortText: `${rank}${name}`,
        },
      ];
    }),
  );
}

function upstreamSets(context: CompletionContext): ColumnSet[] {
  const columns = context.step ? context.analysis.columns[context.step.index] : undefined;
  return columns ? [columns.upstream, ...columns.upstreams] : [];
}

function mappingKeys(context: CompletionContext, side: 'input' | 'output'): PipelineCompletion[] {
  const contract = context.step ? context.analysis.contracts[context.step.index] : undefined;
  if (contract?.kind !== 'task' || !contract.configured) return [];
  const spec = side === 'input' ? contract.configured.inputs : contract.configured.outputs;
  const mapping = valueOf(context.step?.node, `${side}_mappings`);
  const present = new Set(siblingKeys(context, mapping));
  return Object.entries(spec)
    .filter(([name]) => !present.has(name))
    .map(([name, type]) => ({ label: name, kind: 'column', detail: `${side} ${describeColumnType(type)}`, insertText: `${name}: `, range: context.range }));
}

/** Column names inside `{{ }}` of a TextGeneration template. */
function placeholderNames(context: CompletionContext): PipelineCompletion[] {
  const open = /\{\{\s*([A-Za-z0-9_-]*)$/.exec(context.before);
  if (!open) return [];
  const typed = open[1] ?? '';
  const { line, character } = context.range.start;
  const start = { line, character: context.before.length - typed.length };
  const range = { start: character < start.character ? context.range.start : start, end: context.range.end };
  const closing = /^[A-Za-z0-9_-]*\s*\}\}/.test(context.after) ? '' : ' }}';
  return columnNames(context, upstreamSets(context), undefined, range, closing);
}

function valueCompletions(context: CompletionContext): PipelineCompletion[] {
  const [, , field, inner] = context.slot.path;
  switch (field) {
    case 'task':
      return taskNames(context);
    case 'step':
      return columnStepNames(context);
    case 'after':
      return stepNames(context);
    case 'llm':
      return llmNames(context);
    case 'with':
      if (inner === 'template') return placeholderNames(context);
      return inner === 'columns' ? columnNames(context, upstreamSets(context)) : [];
    case 'input_mappings': {
      const contract = context.step ? context.analysis.contracts[context.step.index] : undefined;
      const input = contract?.kind === 'task' && contract.configured && context.step ? taskInputs(context.step, contract.configured).find((column) => column.name === inner) : undefined;
      return columnNames(context, upstreamSets(context), input?.type);
    }
    default:
      return [];
  }
}

function keyCompletionsAt(context: CompletionContext): PipelineCompletion[] {
  const { path } = context.slot;
  const root = context.analysis.model.root;
  if (path.length === 1) return keyCompletions(context, keysAt(pipelineSchema, []), siblingKeys(context, root));
  if (path[0] === 'llms' && path.length === 3) return keyCompletions(context, keysAt(llmSchema, []), siblingKeys(context, valueOf(asMap(valueOf(root, 'llms')), String(path[1]))));
  if (path[0] !== 'steps') return [];
  if (path.length === 3) return stepKeys(context);
  if (path.length === 4 && path[2] === 'with') return paramNames(context);
  if (path.length === 4 && (path[2] === 'input_mappings' || path[2] === 'output_mappings')) return mappingKeys(context, path[2] === 'input_mappings' ? 'input' : 'output');
  return [];
}

/** What can be typed at `position`: names of tasks, steps, parameters, columns and keys. */
export async function completePipeline(text: string, position: TextPosition, host: PipelineHost): Promise<PipelineCompletion[]> {
  const analysis = await analyzePipeline(text, host);
  const line = analysis.source.lineText(position.line);
  const slot = completionSlot(analysis, analysis.source.offsetAt(position), line);
  if (!slot) return [];
  const context: CompletionContext = {
    analysis,
    slot,
    step: stepOfSlot(analysis, slot),
    range: wordRange(line, position),
    before: line.slice(0, position.character),
    after: line.slice(position.character),
  };
  return slot.role === 'key' ? keyCompletionsAt(context) : valueCompletions(context);
}
