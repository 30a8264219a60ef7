import * as z from 'zod';
import type { ChatMessage, StructuredOutputFormat } from '../llm/types';
import type { JsonObject } from '../jsonl/types';
import { col, type ColumnSpec } from './columns';
import { defineTask, type TaskOutcome } from './defineTask';
import { parseJsonOutput } from './jsonOutput';

export const DEFAULT_CLASSIFICATION_SYSTEM_PROMPT =
  'You label texts. Read the text you are given and answer only with the labels that classify it, in the JSON format asked for.';
export const DEFAULT_CLASSIFICATION_CONTEXT = 'Choose short, relevant labels that capture the main topic, theme or category of the text.';

const textClassificationParams = z
  .strictObject({
    system_prompt: z.string().default(DEFAULT_CLASSIFICATION_SYSTEM_PROMPT).describe('The system message sent first.'),
    n: z.int().min(1).max(10).default(1).describe('How many labels to assign: 1 gives `labels` as one string, more gives a list of up to n labels.'),
    context: z.string().default(DEFAULT_CLASSIFICATION_CONTEXT).describe('What the labels are for; empty for none.'),
    examples: z.array(z.string()).optional().describe('Example texts with their labels, shown to the model as guidance.'),
    available_labels: z
      .union([z.array(z.string().min(1)), z.record(z.string().min(1), z.string())])
      .optional()
      .describe('The allowed labels, as a list or as {label: description}; any other label the model gives is dropped. Free labels when absent.'),
    default_label: z.string().min(1).default('Unclassified').describe('The label used when none applies, or when every label given was dropped.'),
    query_title: z.string().default('User Query').describe('The heading above the text in the prompt.'),
    use_default_structured_output: z
      .boolean()
      .default(true)
      .describe('Send the JSON schema of the answer as `response_format` (endpoints that refuse it get plain requests).'),
  })
  .superRefine((params, context) => {
    const labels = labelNames(params.available_labels);
    if (params.available_labels !== undefined && labels.length === 0) {
      context.addIssue({ code: 'custom', path: ['available_labels'], message: 'needs at least one label' });
    }
    const seen = new Set<string>();
    for (const label of labels) {
      if (typeof label !== 'string') continue;
      const key = label.trim().toLowerCase();
      if (seen.has(key)) context.addIssue({ code: 'custom', path: ['available_labels'], message: `"${label}" is listed more than once` });
      seen.add(key);
    }
  });

type TextClassificationParams = z.output<typeof textClassificationParams>;

function labelNames(available: TextClassificationParams['available_labels']): string[] {
  if (available === undefined) return [];
  return Array.isArray(available) ? [...available] : Object.keys(available);
}

/** `labels` is one string for n = 1 and a list for n > 1, as in distilabel; null when the output is unusable. */
function textClassificationOutputs(params: TextClassificationParams): ColumnSpec {
  return { labels: params.n === 1 ? col.nullable(col.string) : col.nullable(col.list(col.string)) };
}

export function textClassificationPrompt(row: JsonObject, params: TextClassificationParams): ChatMessage[] {
  const labels = labelNames(params.available_labels);
  const single = params.n === 1;
  const lines = [
    single ? 'Classify the text below with exactly one label.' : `Classify the text below with up to ${params.n} labels, the most fitting first.`,
  ];
  if (params.context.trim() !== '') lines.push('', '## Context', params.context);
  if (labels.length > 0) {
    const descriptions = Array.isArray(params.available_labels) ? {} : (params.available_labels ?? {});
    lines.push('', '## Available labels', 'Use only these labels, spelled exactly as written:');
    for (const label of labels) {
      const description = (descriptions as Record<string, string>)[label];
      lines.push(description ? `- "${label}": ${description}` : `- "${label}"`);
    }
  }
  if (params.examples && params.examples.length > 0) {
    lines.push('', '## Examples', ...params.examples.map((example) => `- ${example}`));
  }
  const shape = single ? '{"labels": "<label>"}' : '{"labels": ["<label>", ...]}';
  lines.push(
    '',
    '## Answer format',
    `Answer with a JSON object and nothing else: ${shape}`,
    `If no label fits, answer with the label "${params.default_label}".`,
    '',
    `## ${params.query_title}`,
    String(row.text),
  );
  const messages: ChatMessage[] = params.system_prompt.trim() !== '' ? [{ role: 'system', content: params.system_prompt }] : [];
  messages.push({ role: 'user', content: lines.join('\n') });
  return messages;
}

/** The answer's JSON schema; labels are an enum (with the default label) when available_labels is set. */
export function textClassificationSchema(params: TextClassificationParams): StructuredOutputFormat {
  const names = labelNames(params.available_labels);
  const label = names.length > 0 ? { type: 'string', enum: [...new Set([...names, params.default_label])] } : { type: 'string' };
  const labels = params.n === 1 ? label : { type: 'array', items: label, minItems: 1, maxItems: params.n };
  return {
    name: 'text_classification',
    schema: { type: 'object', properties: { labels }, required: ['labels'], additionalProperties: false },
  };
}

const quote = (text: string) => JSON.stringify(text);

/** The labels the model gave, as strings, before checking them; or why there are none to read. */
function givenLabels(raw: string, known: readonly string[]): { labels: string[]; problems: string[] } | { failure: string } {
  const parsed = parseJsonOutput(raw);
  if (!parsed.ok) {
    // Small models often answer with the bare label; accept it only when it names a known label.
    const bare = raw.trim().replace(/^["'`*]+|["'`*.]+$/g, '').trim();
    if (known.some((label) => label.toLowerCase() === bare.toLowerCase())) return { labels: [bare], problems: [] };
    return { failure: parsed.reason };
  }
  const { value } = parsed;
  const listed =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? 'labels' in value
        ? (value as Record<string, unknown>).labels
        : undefined
      : value;
  if (listed === undefined) return { failure: 'the JSON has no "labels"' };
  if (listed === null) return { labels: [], problems: [] };
  const items = Array.isArray(listed) ? listed : [listed];
  const labels: string[] = [];
  const problems: string[] = [];
  for (const item of items) {
    if (typeof item === 'string') labels.push(item);
    else problems.push(`dropped ${JSON.stringify(item)}: a label must be a string`);
  }
  return { labels, problems };
}

/**
 * Labels from the output: JSON `{"labels": ...}` (a string or a list), a bare JSON label or
 * list, or a bare known label. Labels are trimmed and matched to `available_labels` ignoring
 * case (and written as listed); unknown ones are dropped with a note; more than `n` are cut to
 * `n` with a note; none left gives `default_label`.
 */
export function parseLabels(raw: string | null, params: TextClassificationParams): TaskOutcome {
  if (raw === null) return { values: { labels: null }, parseError: 'the endpoint returned no content' };
  const known = labelNames(params.available_labels);
  const given = givenLabels(raw, [...known, params.default_label]);
  if ('failure' in given) return { values: { labels: null }, parseError: given.failure };
  const problems = [...given.problems];
  const accepted: string[] = [];
  const dropped: string[] = [];
  for (const label of given.labels.map((text) => text.trim()).filter((text) => text !== '')) {
    const canonical =
      known.length === 0 ? label : [...known, params.default_label].find((name) => name.toLowerCase() === label.toLowerCase());
    if (canonical === undefined) dropped.push(label);
    else if (!accepted.includes(canonical)) accepted.push(canonical);
  }
  if (dropped.length > 0) problems.push(`dropped ${dropped.map(quote).join(', ')}: not in available_labels`);
  // The default label only means "nothing fits": it does not stand next to real labels.
  const real = accepted.length > 1 ? accepted.filter((label) => label !== params.default_label) : accepted;
  if (real.length > params.n) problems.push(`expected at most ${params.n} label${params.n === 1 ? '' : 's'}, got ${real.length}; kept the first ${params.n}`);
  const kept = real.slice(0, params.n);
  const labels = kept.length > 0 ? kept : [params.default_label];
  const value = params.n === 1 ? labels[0] : labels;
  return problems.length > 0 ? { values: { labels: value }, parseError: problems.join('; ') } : { values: { labels: value } };
}

export const textClassification = defineTask({
  name: 'TextClassification',
  description: 'Assign one label (or up to n) to each text, optionally from a fixed set of labels, as JSON.',
  categories: ['text-classification'],
  deviations: [
    '`labels` is a string when n = 1 and a list of up to n strings otherwise (as distilabel); the output column type follows `n`, so the pipeline checker sees it.',
    'Labels are matched to `available_labels` ignoring case and written as listed; a label not in the list is dropped and noted in the metadata; when no label is left, `default_label` is used. distilabel keeps whatever the JSON holds.',
    'More than n labels are cut to the first n, with a note; repeated labels are kept once; `default_label` next to real labels is dropped.',
    'Unreadable output gives `labels: null` with the reason (truncated JSON is never patched); a bare answer that is exactly one of the known labels is accepted.',
    '`default_label` is a single string (distilabel also allows a list).',
  ],
  params: textClassificationParams,
  inputs: () => ({ text: col.string }),
  outputs: textClassificationOutputs,
  prompt: textClassificationPrompt,
  parse: (raw, _row, params) => parseLabels(raw, params),
  structuredOutput: (params) => (params.use_default_structured_output ? textClassificationSchema(params) : undefined),
});
