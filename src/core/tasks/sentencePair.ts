import * as z from 'zod';
import type { ChatMessage, StructuredOutputFormat } from '../llm/types';
import type { JsonObject } from '../jsonl/types';
import { col, type ColumnSpec } from './columns';
import { defineTask, type TaskOutcome } from './defineTask';
import { parseJsonStrings, stringKeysSchema, useDefaultStructuredOutputParam } from './embeddingData';
import { parseJsonOutput } from './jsonOutput';

/**
 * GenerateSentencePair: positives (and negatives) for sentence-embedding training. The
 * prompts are written for this project after the method distilabel describes: a system message
 * saying what the positive must be relative to the anchor (and what the negative must be), and
 * a user message with the optional context and the anchor.
 */

export const GENERATION_ACTIONS = ['paraphrase', 'semantically-similar', 'query', 'answer'] as const;
export type GenerationAction = (typeof GENERATION_ACTIONS)[number];

/** What the positive must be, relative to the anchor, for each action. */
export const ACTION_SENTENCES: Readonly<Record<GenerationAction, string>> = {
  paraphrase: 'The positive must be a paraphrase of the anchor: the same meaning, in other words.',
  'semantically-similar': 'The positive must be semantically similar to the anchor: about the same thing, without restating it.',
  query: 'The positive must be a query that the anchor answers well, as someone searching for it would write it.',
  answer: 'The positive must be an answer to the anchor.',
};

export const NEGATIVE_STYLES = {
  negative: 'The negative may reuse words of the anchor, but its meaning must have nothing to do with it.',
  'hard-negative':
    'The negative must be a hard negative: it reuses the keywords, phrases and sentence structure of the anchor, so that it could be mistaken for a match, yet its meaning does not fit the anchor. It should be hard to tell apart from the positive.',
} as const;

export const CONTEXT_INTRO = 'Take the context given with the anchor into account.';

const sentencePairParams = z.strictObject({
  triplet: z.boolean().default(false).describe('Also write a negative, in the `negative` column.'),
  action: z.enum(GENERATION_ACTIONS).describe('What the positive is to the anchor: "paraphrase", "semantically-similar", "query" or "answer" (required).'),
  hard_negative: z
    .boolean()
    .default(false)
    .describe('With `triplet`, make the negative close to the anchor in wording so it is hard to tell from the positive.'),
  context: z.string().default('').describe('Text that guides the generation, shown with every anchor; empty for none.'),
  use_default_structured_output: useDefaultStructuredOutputParam,
});

type SentencePairParams = z.output<typeof sentencePairParams>;

function outputKeys(params: SentencePairParams): string[] {
  return params.triplet ? ['positive', 'negative'] : ['positive'];
}

function replyFormat(params: SentencePairParams): string[] {
  if (params.use_default_structured_output) {
    return params.triplet
      ? ['Reply with a JSON object whose "positive" holds the positive and whose "negative" holds the negative, and nothing else.']
      : ['Reply with a JSON object whose "positive" holds the positive, and nothing else.'];
  }
  return [
    'Reply in exactly this form, with no other text:',
    '## Positive',
    '<the positive>',
    ...(params.triplet ? ['## Negative', '<the negative>'] : []),
  ];
}

export function sentencePairPrompt(row: JsonObject, params: SentencePairParams): ChatMessage[] {
  const hasContext = params.context !== '';
  const what = params.triplet ? 'a positive and a negative for it' : 'a positive for it';
  const system = [
    `You write training data for a sentence-embedding model. Given an anchor, write ${what}.${hasContext ? ` ${CONTEXT_INTRO}` : ''}`,
    ACTION_SENTENCES[params.action],
    ...(params.triplet ? [NEGATIVE_STYLES[params.hard_negative ? 'hard-negative' : 'negative']] : []),
    ...replyFormat(params),
  ].join('\n');
  const user = [...(hasContext ? ['## Context', '', params.context, ''] : []), '## Anchor', '', String(row.anchor)].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

// A heading line: "## Positive", "### positive:", "# Positive sentence". Text may follow on the same line.
const HEADING = (word: string) => new RegExp(`^[ \\t]*#{1,6}[ \\t]*${word}(?:[ \\t]+sentence)?[ \\t]*:?[ \\t]*`, 'im');
const POSITIVE_HEADING = HEADING('positive');
const NEGATIVE_HEADING = HEADING('negative');

interface Section {
  start: number;
  end: number;
}

/** The text of section `own`, up to the start of `other` when that comes later. */
function sectionText(raw: string, own: Section, other: Section | undefined): string {
  const stop = other && other.start > own.start ? other.start : raw.length;
  return raw.slice(own.end, stop).trim();
}

function findSection(raw: string, heading: RegExp): Section | undefined {
  const match = heading.exec(raw);
  return match ? { start: match.index, end: match.index + match[0].length } : undefined;
}

/** Reads `## Positive` / `## Negative` sections, anywhere in the output (prose before them is allowed). */
export function parseSentenceSections(raw: string, triplet: boolean): TaskOutcome {
  const values: Record<string, string | null> = triplet ? { positive: null, negative: null } : { positive: null };
  const positive = findSection(raw, POSITIVE_HEADING);
  if (!positive) return { values, parseError: 'the output has no "## Positive" section' };
  const negative = findSection(raw, NEGATIVE_HEADING);
  const problems: string[] = [];
  const positiveText = sectionText(raw, positive, negative);
  if (positiveText === '') problems.push('the "## Positive" section is empty');
  else values.positive = positiveText;
  if (triplet) {
    const negativeText = negative ? sectionText(raw, negative, positive) : '';
    if (!negative) problems.push('the output has no "## Negative" section');
    else if (negativeText === '') problems.push('the "## Negative" section is empty');
    else values.negative = negativeText;
  }
  return problems.length === 0 ? { values } : { values, parseError: problems.join('; ') };
}

/** True when the output is a JSON object with a `positive` key (in any case). */
function looksLikePairJson(raw: string): boolean {
  const parsed = parseJsonOutput(raw);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return false;
  return Object.keys(parsed.value).some((key) => key.toLowerCase() === 'positive');
}

/**
 * Sections or JSON, whichever the output holds: JSON is tried first when it was asked for, the
 * sections first otherwise, so either answer works whatever the setting.
 */
export function parseSentencePair(raw: string | null, params: SentencePairParams): TaskOutcome {
  const keys = outputKeys(params);
  if (raw === null) return { values: Object.fromEntries(keys.map((key) => [key, null])), parseError: 'the endpoint returned no content' };
  const structured = params.use_default_structured_output;
  const hasSections = POSITIVE_HEADING.test(raw);
  if (looksLikePairJson(raw) && (structured || !hasSections)) return parseJsonStrings(raw, keys);
  if (hasSections) return parseSentenceSections(raw, params.triplet);
  // Neither form: say what is wrong with the form that was asked for.
  return structured ? parseJsonStrings(raw, keys) : parseSentenceSections(raw, params.triplet);
}

export const generateSentencePair = defineTask({
  name: 'GenerateSentencePair',
  description: 'Write a positive (and with `triplet` a negative) for each anchor, for sentence-embedding training.',
  categories: ['embedding', 'text-generation'],
  deviations: [
    '`negative` is an output only with `triplet`, also when the endpoint returns nothing (upstream adds `negative: null` to every null output; ambiguity 19).',
    'The `## Positive` heading may come after prose, in any case, with 1-6 `#`, an optional "sentence" and colon, and with text on the heading line (U.9); the seeds require the output to start with it.',
    'A missing or empty section gives null with the reason in the metadata, also a missing `## Negative` with `triplet` (upstream: a silent null).',
    'The user message is the optional `## Context` section and the `## Anchor` section; it does not end with a `## Positive` heading for the model to continue (ambiguity 20), because the answer must carry the heading to be parsed.',
    '`use_default_structured_output` (newer upstream) asks for a JSON object {positive, negative?}; a JSON answer is accepted in either mode, and sections are accepted in either mode.',
  ],
  params: sentencePairParams,
  inputs: () => ({ anchor: col.string }),
  outputs: (params): ColumnSpec => Object.fromEntries(outputKeys(params).map((key) => [key, col.nullable(col.string)])),
  prompt: sentencePairPrompt,
  parse: (raw, _row, params) => parseSentencePair(raw, params),
  structuredOutput: (params): StructuredOutputFormat | undefined =>
    params.use_default_structured_output ? stringKeysSchema('sentence_pair', outputKeys(params)) : undefined,
});
