import * as z from 'zod';
import type { JsonObject } from '../jsonl/types';
import type { StructuredOutputFormat } from '../llm/types';
import { col, describeJsonValue, type ColumnSpec } from './columns';
import { defineTask, type TaskContext, type TaskDefinition, type TaskOutcome } from './defineTask';
import {
  bitextRetrievalPrompt,
  longTextMatchingPrompt,
  monolingualTripletPrompt,
  shortTextMatchingPrompt,
  textClassificationPrompt,
  textRetrievalPrompt,
  type BitextValues,
  type MonolingualValues,
  type TextClassificationValues,
  type TextMatchingValues,
  type TextRetrievalValues,
} from './embeddingDataTemplates';
import { parseJsonOutput } from './jsonOutput';

/**
 * The embedding-data family of "Improving Text Embeddings with Large Language Models"
 * (arXiv 2401.00368): tasks that turn a task description into one synthetic training example,
 * and generators that write one example from nothing. All of them send one prompt and read
 * a JSON object with fixed keys; the attributes left null are sampled for each row.
 */

export const UNITS = ['sentence', 'phrase', 'passage'] as const;
export const TRIPLET_DIFFICULTIES = ['elementary school', 'high school', 'college'] as const;
export const HIGH_SCORES = ['4', '4.5', '5'] as const;
export const LOW_SCORES = ['2.5', '3', '3.5'] as const;
export const DIFFICULTIES = ['high school', 'college', 'PhD'] as const;
export const CLARITIES = ['clear', 'understandable with some effort', 'ambiguous'] as const;
export const QUERY_TYPES = ['extremely long-tail', 'long-tail', 'common'] as const;
export const QUERY_LENGTHS = ['less than 5 words', '5 to 15 words', 'at least 10 words'] as const;
export const NUM_WORDS = [50, 100, 200, 300, 400, 500] as const;

type AttributeValue = string | number;

/** An attribute that is sampled per row when left null. */
interface SampledAttribute {
  options: readonly AttributeValue[];
  description: string;
}

/** A string attribute with a fixed value (a language), required when it has no default. */
interface FixedAttribute {
  default?: string;
  description: string;
}

interface EmbeddingDataSpec<V> {
  name: string;
  description: string;
  kind: 'task' | 'generator';
  /** Names the JSON schema requested in structured-output mode. */
  schemaName: string;
  /** The JSON keys read from the output, which are also the output columns. */
  keys: readonly string[];
  fixed: Readonly<Record<string, FixedAttribute>>;
  /** Sampled in this order, so the same seed gives the same picks. */
  sampled: Readonly<Record<string, SampledAttribute>>;
  prompt: (values: V) => string;
  deviations: readonly string[];
}

const SHARED_DEVIATIONS = [
  'Attributes left null are sampled for each row (and each generation) from a generator seeded by `seed` and the row position, so a run gives the same picks whatever order the requests complete in. Python\'s `random.choice` sequence is not reproduced (ambiguity 32).',
  'Every sampled attribute is drawn for every row even when it is set, so fixing one attribute leaves the picks of the others unchanged.',
  'The JSON is read leniently (fenced ```json blocks, prose around it, Python literals, raw newlines in strings). A key written in another case (`Input` for `input`) is accepted. Numbers and booleans become strings; lists, objects, null and empty strings become null with the reason in the metadata (upstream keeps any value).',
  '`use_default_structured_output` (from newer upstream versions) asks the endpoint for a JSON schema with the output keys; endpoints that refuse it get the plain prompt, which asks for the same JSON.',
];

/** Reads `keys` from a JSON object answer; each value a non-empty string or null with the reason. */
export function parseJsonStrings(raw: string | null, keys: readonly string[]): TaskOutcome {
  const nulls: Record<string, null> = Object.fromEntries(keys.map((key) => [key, null]));
  const parsed = parseJsonOutput(raw);
  if (!parsed.ok) return { values: nulls, parseError: parsed.reason };
  const { value } = parsed;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { values: nulls, parseError: `expected a JSON object with ${keys.join(', ')}, got ${describeJsonValue(value)}` };
  }
  const object = value as Record<string, unknown>;
  const values: Record<string, string | null> = { ...nulls };
  const missing: string[] = [];
  const problems: string[] = [];
  for (const key of keys) {
    const found = key in object ? key : Object.keys(object).find((name) => name.toLowerCase() === key.toLowerCase());
    if (found === undefined) {
      missing.push(key);
      continue;
    }
    const item = object[found];
    if (typeof item === 'string') {
      if (item.trim() === '') problems.push(`"${key}" is empty`);
      else values[key] = item;
    } else if (typeof item === 'number' || typeof item === 'boolean') values[key] = String(item);
    else problems.push(item === null ? `"${key}" is null` : `"${key}" should be a string, got ${describeJsonValue(item)}`);
  }
  if (missing.length > 0) problems.unshift(`the JSON has no ${missing.join(', ')}`);
  return problems.length === 0 ? { values } : { values, parseError: problems.join('; ') };
}

/** The schema requested in structured-output mode: every key a required string. */
export function stringKeysSchema(name: string, keys: readonly string[]): StructuredOutputFormat {
  return {
    name,
    schema: {
      type: 'object',
      properties: Object.fromEntries(keys.map((key) => [key, { type: 'string' }])),
      required: [...keys],
      additionalProperties: false,
    },
  };
}

export const useDefaultStructuredOutputParam = z
  .boolean()
  .default(false)
  .describe('Ask the endpoint for JSON following a schema of the output keys (the answer is parsed the same way either way).');

/** Numbers in YAML or on the command line (`high_score: 4`) mean the score strings. */
function sampledSchema(attribute: SampledAttribute) {
  const strings = attribute.options.filter((option): option is string => typeof option === 'string');
  const numbers = attribute.options.filter((option): option is number => typeof option === 'number');
  if (numbers.length > 0) {
    return z
      .literal(numbers as [number, ...number[]])
      .nullable()
      .default(null)
      .describe(attribute.description);
  }
  // The default sits inside the preprocess so that the JSON schema (docs, completion) shows it.
  return z
    .preprocess(
      (value) => (typeof value === 'number' ? String(value) : value),
      z
        .literal(strings as [string, ...string[]])
        .nullable()
        .default(null),
    )
    .describe(attribute.description);
}

function fixedSchema(attribute: FixedAttribute) {
  const text = z.string().min(1, 'must not be empty');
  return (attribute.default === undefined ? text : text.default(attribute.default)).describe(attribute.description);
}

function optionList(options: readonly AttributeValue[]): string {
  return options.map((option) => JSON.stringify(option)).join(', ');
}

/** The attribute values for one row: the fixed ones, then each sampled one (drawn even when set). */
function attributeValues(
  spec: Pick<EmbeddingDataSpec<unknown>, 'fixed' | 'sampled'>,
  params: Readonly<Record<string, unknown>>,
  random: TaskContext['random'],
): Record<string, AttributeValue> {
  const values: Record<string, AttributeValue> = {};
  for (const name of Object.keys(spec.fixed)) values[name] = params[name] as string;
  for (const [name, attribute] of Object.entries(spec.sampled)) {
    const drawn = random.pick(attribute.options);
    const given = params[name];
    values[name] = typeof given === 'string' || typeof given === 'number' ? given : drawn;
  }
  return values;
}

/** One task of the family from its declaration; V is the prompt's values (attributes plus `task`). */
function defineEmbeddingDataTask<V>(spec: EmbeddingDataSpec<V>): TaskDefinition {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, attribute] of Object.entries(spec.fixed)) shape[name] = fixedSchema(attribute);
  for (const [name, attribute] of Object.entries(spec.sampled)) shape[name] = sampledSchema(attribute);
  shape.seed = z.int().default(42).describe('Seed for sampling the attributes left null.');
  shape.use_default_structured_output = useDefaultStructuredOutputParam;
  const params = z.strictObject(shape);
  const outputs: ColumnSpec = Object.fromEntries(spec.keys.map((key) => [key, col.nullable(col.string)]));
  const format = stringKeysSchema(spec.schemaName, spec.keys);

  async function processRow(row: JsonObject, values: Record<string, unknown>, context: TaskContext): Promise<TaskOutcome> {
    const promptValues = { ...(spec.kind === 'task' ? { task: row.task as string } : {}), ...attributeValues(spec, values, context.random) };
    // The values were built from this spec's own attribute names, which are V's keys.
    const content = spec.prompt(promptValues as V);
    const raw = await context.generate(
      [{ role: 'user', content }],
      'generation',
      values.use_default_structured_output === true ? { responseFormat: format } : {},
    );
    return parseJsonStrings(raw, spec.keys);
  }

  return defineTask({
    name: spec.name,
    description: spec.description,
    categories: spec.kind === 'generator' ? ['embedding', 'generator'] : ['embedding', 'text-generation'],
    kind: spec.kind,
    deviations: [...spec.deviations, ...SHARED_DEVIATIONS],
    params,
    inputs: (): ColumnSpec => (spec.kind === 'task' ? { task: col.string } : {}),
    outputs: () => outputs,
    process: (row, values, context) => processRow(row, values as Record<string, unknown>, context),
  });
}

const languageAttribute = (what: string): FixedAttribute => ({
  default: 'English',
  description: `The language ${what} are written in (any language name, e.g. one of XLM-R's; not checked).`,
});

const unitAttribute: SampledAttribute = {
  options: UNITS,
  description: `The kind of text in the triple: one of ${optionList(UNITS)}; null samples one per row.`,
};
const tripletDifficultyAttribute: SampledAttribute = {
  options: TRIPLET_DIFFICULTIES,
  description: `The education needed to understand the texts: one of ${optionList(TRIPLET_DIFFICULTIES)}; null samples one per row.`,
};
const difficultyAttribute: SampledAttribute = {
  options: DIFFICULTIES,
  description: `The education needed to understand the texts: one of ${optionList(DIFFICULTIES)}; null samples one per row.`,
};
const clarityAttribute = (what: string): SampledAttribute => ({
  options: CLARITIES,
  description: `How clear ${what} is: one of ${optionList(CLARITIES)}; null samples one per row.`,
});

const TEXT_MATCHING_DEVIATIONS = [
  '`seed` is accepted for uniformity but has no effect: nothing is sampled (ambiguity 23).',
];

export const generateShortTextMatchingData = defineEmbeddingDataTask<TextMatchingValues>({
  name: 'GenerateShortTextMatchingData',
  description: 'Write one short input / positive-document pair for a text-matching task description (arXiv 2401.00368).',
  kind: 'task',
  schemaName: 'short_text_matching',
  keys: ['input', 'positive_document'],
  fixed: { language: languageAttribute('both texts') },
  sampled: {},
  prompt: shortTextMatchingPrompt,
  deviations: TEXT_MATCHING_DEVIATIONS,
});

export const generateLongTextMatchingData = defineEmbeddingDataTask<TextMatchingValues>({
  name: 'GenerateLongTextMatchingData',
  description: 'Write one long input / positive-document pair for a text-matching task description (arXiv 2401.00368).',
  kind: 'task',
  schemaName: 'long_text_matching',
  keys: ['input', 'positive_document'],
  fixed: { language: languageAttribute('both texts') },
  sampled: {},
  prompt: longTextMatchingPrompt,
  deviations: TEXT_MATCHING_DEVIATIONS,
});

export const generateTextClassificationData = defineEmbeddingDataTask<TextClassificationValues>({
  name: 'GenerateTextClassificationData',
  description: 'Write one labelled example, with a misleading label, for a text-classification task description (arXiv 2401.00368).',
  kind: 'task',
  schemaName: 'text_classification',
  keys: ['input_text', 'label', 'misleading_label'],
  fixed: { language: languageAttribute('the example') },
  sampled: { difficulty: difficultyAttribute, clarity: clarityAttribute('the input text') },
  prompt: textClassificationPrompt,
  deviations: ['The `seed` attribute is an integer (42), whatever the docs table says (ambiguity 2).'],
});

export const generateTextRetrievalData = defineEmbeddingDataTask<TextRetrievalValues>({
  name: 'GenerateTextRetrievalData',
  description: 'Write one query with a positive and a hard-negative document for a retrieval task description (arXiv 2401.00368).',
  kind: 'task',
  schemaName: 'text_retrieval',
  keys: ['user_query', 'positive_document', 'hard_negative_document'],
  fixed: { language: languageAttribute('the query and documents') },
  sampled: {
    query_type: {
      options: QUERY_TYPES,
      description: `How common the query is: one of ${optionList(QUERY_TYPES)}; null samples one per row.`,
    },
    query_length: {
      options: QUERY_LENGTHS,
      description: `How long the query is: one of ${optionList(QUERY_LENGTHS)}; null samples one per row.`,
    },
    difficulty: difficultyAttribute,
    clarity: clarityAttribute('the query'),
    num_words: {
      options: NUM_WORDS,
      description: `The least number of words of each document: one of ${optionList(NUM_WORDS)}; null samples one per row.`,
    },
  },
  prompt: textRetrievalPrompt,
  deviations: ['The seed documents stop inside this task; its attributes and keys follow upstream distilabel (U.7).'],
});

export const bitextRetrievalGenerator = defineEmbeddingDataTask<BitextValues>({
  name: 'BitextRetrievalGenerator',
  description: 'Generate source / good translation / flawed translation triples (S1, S2, S3) for bitext retrieval (arXiv 2401.00368).',
  kind: 'generator',
  schemaName: 'bitext_retrieval',
  keys: ['S1', 'S2', 'S3'],
  fixed: {
    source_language: languageAttribute('S1'),
    target_language: { description: 'The language S2 and S3 are translated into (required; any language name).' },
  },
  sampled: {
    unit: unitAttribute,
    difficulty: tripletDifficultyAttribute,
    high_score: {
      options: HIGH_SCORES,
      description: `The translation-quality score S2 should deserve: one of ${optionList(HIGH_SCORES)}; null samples one per row.`,
    },
    low_score: {
      options: LOW_SCORES,
      description: `The translation-quality score S3 should deserve: one of ${optionList(LOW_SCORES)}; null samples one per row.`,
    },
  },
  prompt: bitextRetrievalPrompt,
  deviations: [
    'Each generated row is one prompt with its own sampled attributes (upstream samples once per `process` call and makes `num_generations` rows of it; here `num_generations` makes that many rows per prompt slot, each sampled anew).',
    '`target_language` is required, as in the source code (ambiguity 24); a number given for a score (`high_score: 4`) means the string "4".',
  ],
});

export const monolingualTripletGenerator = defineEmbeddingDataTask<MonolingualValues>({
  name: 'MonolingualTripletGenerator',
  description: 'Generate triples (S1, S2, S3) in one language with high and low semantic similarity to S1 (arXiv 2401.00368).',
  kind: 'generator',
  schemaName: 'monolingual_triplet',
  keys: ['S1', 'S2', 'S3'],
  fixed: { language: languageAttribute('the three texts') },
  sampled: {
    unit: unitAttribute,
    difficulty: tripletDifficultyAttribute,
    high_score: {
      options: HIGH_SCORES,
      description: `The similarity of S2 to S1: one of ${optionList(HIGH_SCORES)}; null samples one per row.`,
    },
    low_score: {
      options: LOW_SCORES,
      description: `The similarity of S3 to S1: one of ${optionList(LOW_SCORES)}; null samples one per row.`,
    },
  },
  prompt: monolingualTripletPrompt,
  deviations: [
    'Not in the seed documents; parameters and keys follow distilabel 1.5.3. Each generated row is one prompt with its own sampled attributes.',
    'A number given for a score (`high_score: 4`) means the string "4".',
  ],
});
