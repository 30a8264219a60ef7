import * as z from 'zod';
import type { ChatMessage, StructuredOutputFormat } from '../llm/types';
import type { JsonObject } from '../jsonl/types';
import { col, type ColumnSpec } from './columns';
import { defineTask, type TaskContext, type TaskOutcome } from './defineTask';
import { parseJsonOutput } from './jsonOutput';
import { ASPECT_GUIDES, ULTRAFEEDBACK_ASPECTS, type UltraFeedbackAspect } from './ultraFeedbackAspects';

const ultraFeedbackParams = z.strictObject({
  aspect: z
    .enum(ULTRAFEEDBACK_ASPECTS)
    .default('overall-rating')
    .describe('What the texts are rated on. helpfulness and truthfulness also name a type per text (`types`, `rationales-for-ratings`).'),
  use_default_structured_output: z
    .boolean()
    .default(false)
    .describe('Ask for JSON with one list per output column (sent as a JSON schema); the text format is still read if the endpoint answers in text.'),
});

type UltraFeedbackParams = z.output<typeof ultraFeedbackParams>;

const RATING_MIN = 1;
const RATING_MAX = 5;

/** helpfulness and truthfulness name a numbered type before the rating. */
export function aspectHasTypes(aspect: UltraFeedbackAspect): boolean {
  return ASPECT_GUIDES[aspect].types !== undefined;
}

/** Output columns, in distilabel's order. */
function ultraFeedbackOutputs(params: UltraFeedbackParams): ColumnSpec {
  const numbers = col.nullable(col.list(col.nullable(col.number)));
  const strings = col.nullable(col.list(col.nullable(col.string)));
  return aspectHasTypes(params.aspect)
    ? { types: numbers, rationales: strings, ratings: numbers, 'rationales-for-ratings': strings }
    : { ratings: numbers, rationales: strings };
}

export function ultraFeedbackPrompt(instruction: string, generations: readonly string[], params: UltraFeedbackParams): ChatMessage[] {
  const guide = ASPECT_GUIDES[params.aspect];
  const count = generations.length;
  const lines = [
    `Evaluate the ${count === 1 ? 'text' : `${count} texts`} below, each written in reply to the same instruction, on one aspect.`,
    '',
    `# Aspect`,
    guide.focus,
  ];
  if (guide.types) {
    lines.push('', `## Type`, `${guide.types.question} Give the number of the main one, or ${guide.types.noneMeans}:`);
    lines.push(...guide.types.items.map((item, index) => `${index + 1}. ${item}`));
  }
  lines.push('', `## Rating from ${RATING_MIN} to ${RATING_MAX}`, ...guide.scale.map((meaning, index) => `${index + 1}. ${meaning}`));
  lines.push('', '# Answer format');
  if (params.use_default_structured_output) {
    const keys = guide.types
      ? '"types" (the type numbers, or null), "rationales" (why each type), "ratings" (1-5) and "rationales-for-ratings" (why each rating)'
      : '"ratings" (1-5) and "rationales" (why each rating)';
    lines.push(`Answer with a JSON object and nothing else. It has the lists ${keys}, each with one entry per text, in the texts' order.`);
  } else {
    lines.push('Evaluate every text in order, in exactly this form, with a blank line between texts:', '', '#### Output for Text 1');
    if (guide.types) lines.push('Type: <the number of the main type, or None>', 'Rationale: <why, in a sentence or two>');
    lines.push(`Rating: <a whole number from ${RATING_MIN} to ${RATING_MAX}>`, 'Rationale: <why, in a sentence or two>');
    if (count > 1) lines.push('', '#### Output for Text 2', '...');
  }
  lines.push('', '# Instruction', instruction, '', '# Texts');
  generations.forEach((generation, index) => lines.push(`<text ${index + 1}>`, generation, `</text ${index + 1}>`));
  return [{ role: 'user', content: lines.join('\n') }];
}

/** The JSON schema asked for in structured-output mode. */
export function ultraFeedbackSchema(aspect: UltraFeedbackAspect, count: number): StructuredOutputFormat {
  const list = (items: object) => ({ type: 'array', items, minItems: count, maxItems: count });
  const rating = { type: ['integer', 'null'], minimum: RATING_MIN, maximum: RATING_MAX };
  const properties: Record<string, object> = aspectHasTypes(aspect)
    ? {
        types: list({ type: ['integer', 'null'], minimum: 1, maximum: 3 }),
        rationales: list({ type: 'string' }),
        ratings: list(rating),
        'rationales-for-ratings': list({ type: 'string' }),
      }
    : { ratings: list(rating), rationales: list({ type: 'string' }) };
  return {
    name: 'ultrafeedback',
    schema: { type: 'object', properties, required: Object.keys(properties), additionalProperties: false },
  };
}

/**
 * One text's evaluation as written: each field's text, before reading numbers out of it. A
 * rationale is kept by where it stands, before or after the rating, whatever the aspect: a
 * model answers an aspect without types in the four-line form too (Type, Rationale, Rating,
 * Rationale), and the aspect only decides which rationale it reports.
 */
interface Section {
  type?: string;
  'rationale-before-rating'?: string;
  rating?: string;
  'rationale-after-rating'?: string;
}
type FieldKey = keyof Section;
type FieldName = 'type' | 'rationale' | 'rating';

// "#### Output for Text 2", "**Text 2:**", "Text 2 evaluation", "<text 2>"
const HEADER = /^(?:output\s+(?:for|of)\s+|evaluation\s+(?:of|for)\s+)?text\s*#?\s*(\d+)\s*(?:[-–:]\s*)?(?:evaluation|assessment|output|rating)?\s*[:.)-]?$/i;
// "Rating: 4", "**Rating:** 4", "- Rationale for rating: ..."
const FIELD = /^(type|rationale|rating)(\s+for\s+(?:the\s+)?rating)?\s*[*_]*\s*:\s*(.*)$/i;

function headerNumber(line: string): number | undefined {
  const match = HEADER.exec(line.replace(/[#*_<>`]/g, '').trim());
  return match ? Number(match[1]) : undefined;
}

function stripEmphasis(text: string): string {
  return text.replace(/^[\s*_`]+|[\s*_`]+$/g, '');
}

/** Where a field goes in its section: a rationale by whether the rating came before it. */
function fieldKey(name: FieldName, forRating: boolean, section: Section | undefined): FieldKey {
  if (name !== 'rationale') return name;
  return forRating || section?.rating !== undefined ? 'rationale-after-rating' : 'rationale-before-rating';
}

/**
 * Splits the output into per-text sections. With per-text headers ("Output for Text k") a
 * section belongs to text k whatever its position. Without them, each text opens with the same
 * field: Type when the answer has any (a text that lost its Type then shows as a section that
 * opens otherwise), else the answer's first field, so "Rationale, Rating" answers split at each
 * rationale. A section also ends where a field it already has comes again (with headers, the
 * fields from there to the next header are not read); blank lines inside a section and a
 * preamble shift nothing. Positions are evidence only while each later section opens with that
 * field: from one that opens otherwise, nothing more is read, since its fields could belong to
 * either neighbour.
 */
export function readSections(raw: string): { sections: Map<number, Section>; problem?: string } {
  const lines = raw.split(/\r?\n/);
  const headed = lines.some((line) => headerNumber(line) !== undefined);
  const fields = lines.map((line) => FIELD.exec(line.replace(/^[\s>#*_-]+/, '')));
  const names = fields.flatMap((field) => (field ? [(field[1] as string).toLowerCase() as FieldName] : []));
  const opener = names.includes('type') ? 'type' : names[0];
  const sections = new Map<number, Section>();
  // A header given twice: either section may be another text's, so neither is read.
  const repeated = new Set<number>();
  let current: Section | undefined;
  let appending: FieldKey | undefined;
  let nextPosition = 1;
  for (const [index, line] of lines.entries()) {
    const header = headerNumber(line);
    if (header !== undefined) {
      if (sections.has(header)) repeated.add(header);
      current = sections.has(header) ? undefined : {};
      if (current) sections.set(header, current);
      appending = undefined;
      continue;
    }
    const field = fields[index];
    if (field) {
      const name = (field[1] as string).toLowerCase() as FieldName;
      const forRating = field[2] !== undefined;
      let key = fieldKey(name, forRating, current);
      const startsAnother = current !== undefined && (current[key] !== undefined || (name === opener && Object.keys(current).length > 0));
      if (headed && startsAnother) {
        // Another text's fields without its header: neither the section above nor any text gets them.
        current = undefined;
      } else if (!headed && (current === undefined || startsAnother)) {
        if (current !== undefined && name !== opener) {
          const problem = `without per-text headers, text ${nextPosition}'s section starts with ${name} where the others start with ${opener}, so which text its fields belong to is unclear`;
          return { sections, problem };
        }
        current = {};
        key = fieldKey(name, forRating, current);
        sections.set(nextPosition++, current);
      }
      if (!current || current[key] !== undefined) {
        appending = undefined;
        continue;
      }
      current[key] = stripEmphasis(field[3] as string);
      appending = key;
      continue;
    }
    if (line.trim() === '') appending = undefined;
    else if (current && (appending === 'rationale-before-rating' || appending === 'rationale-after-rating')) {
      current[appending] = `${current[appending]}\n${line.trim()}`.trim();
    }
  }
  if (repeated.size === 0) return { sections };
  for (const text of repeated) sections.delete(text);
  const problem = [...repeated].map((text) => `more than one section is headed text ${text}, so neither is read`).join('; ');
  return { sections, problem };
}

const NOT_GIVEN = /^(?:none|n\/?a|null|nil|-+|—)\.?$/i;
const NUMBER_FIRST = /^[[(]?\s*(\d+(?:\.\d+)?)(?:$|[^\w.]|\.(?!\w))/;

/** A rating read from its field text, or null with why. */
function readRating(text: string | undefined): { value: number | null; problem?: string } {
  if (text === undefined) return { value: null, problem: 'no rating' };
  const cleaned = stripEmphasis(text);
  if (cleaned === '') return { value: null, problem: 'an empty rating' };
  if (NOT_GIVEN.test(cleaned)) return { value: null, problem: `rating "${cleaned}"` };
  const match = NUMBER_FIRST.exec(cleaned);
  if (!match) return { value: null, problem: `rating "${cleaned.slice(0, 40)}" is not a number` };
  const value = Number(match[1]);
  if (value < RATING_MIN || value > RATING_MAX) return { value: null, problem: `rating ${value} is outside ${RATING_MIN}-${RATING_MAX}` };
  return { value };
}

/** A type number read from its field text: "None" is a valid answer (no such type). */
function readType(text: string | undefined, typeCount: number): { value: number | null; problem?: string } {
  if (text === undefined) return { value: null, problem: 'no type' };
  const cleaned = stripEmphasis(text);
  if (NOT_GIVEN.test(cleaned) || /^no\b/i.test(cleaned)) return { value: null };
  const match = /\b(\d+)\b/.exec(cleaned);
  if (!match) return { value: null, problem: `type "${cleaned.slice(0, 40)}" is not a number` };
  const value = Number(match[1]);
  if (value < 1 || value > typeCount) return { value: null, problem: `type ${value} is outside 1-${typeCount}` };
  return { value };
}

function readRationale(text: string | undefined, what: string): { value: string | null; problem?: string } {
  const cleaned = text === undefined ? '' : stripEmphasis(text);
  return cleaned === '' ? { value: null, problem: `no ${what}` } : { value: cleaned };
}

/** Turns per-text sections into the output lists, one entry per text, and the reasons for nulls. */
function sectionsToOutcome(sections: ReadonlyMap<number, Section>, count: number, aspect: UltraFeedbackAspect): TaskOutcome {
  const typeCount = ASPECT_GUIDES[aspect].types?.items.length;
  const problems: string[] = [];
  const columns: Record<string, unknown[]> = typeCount
    ? { types: [], rationales: [], ratings: [], 'rationales-for-ratings': [] }
    : { ratings: [], rationales: [] };
  for (let text = 1; text <= count; text++) {
    const section = sections.get(text);
    if (!section) {
      problems.push(`text ${text}: no evaluation`);
      for (const list of Object.values(columns)) list.push(null);
      continue;
    }
    const found: { column: string; read: { value: unknown; problem?: string } }[] = [];
    if (typeCount) {
      found.push({ column: 'types', read: readType(section.type, typeCount) });
      found.push({ column: 'rationales', read: readRationale(section['rationale-before-rating'], 'rationale for the type') });
      found.push({ column: 'ratings', read: readRating(section.rating) });
      found.push({ column: 'rationales-for-ratings', read: readRationale(section['rationale-after-rating'], 'rationale for the rating') });
    } else {
      // Without types the rating's rationale is the one after it, or the only one given.
      const rationale = section['rationale-after-rating'] ?? section['rationale-before-rating'];
      found.push({ column: 'ratings', read: readRating(section.rating) });
      found.push({ column: 'rationales', read: readRationale(rationale, 'rationale') });
    }
    const sectionProblems = found.flatMap(({ read }) => (read.problem ? [read.problem] : []));
    if (sectionProblems.length > 0) problems.push(`text ${text}: ${sectionProblems.join(', ')}`);
    for (const { column, read } of found) columns[column]?.push(read.value);
  }
  return problems.length > 0 ? { values: columns, parseError: problems.join('; ') } : { values: columns };
}

// Without types, "rationales" is the rating's rationale; with them, the type's.
function jsonKeys(aspect: UltraFeedbackAspect): Record<string, FieldKey> {
  return aspectHasTypes(aspect)
    ? { types: 'type', rationales: 'rationale-before-rating', ratings: 'rating', 'rationales-for-ratings': 'rationale-after-rating' }
    : { ratings: 'rating', rationales: 'rationale-after-rating' };
}

/** Sections from the structured-output JSON, or undefined when the output holds no such object. */
function jsonSections(raw: string, count: number, aspect: UltraFeedbackAspect): { sections: Map<number, Section>; problem?: string } | undefined {
  const parsed = parseJsonOutput(raw);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return undefined;
  const object = parsed.value as Record<string, unknown>;
  if (!Array.isArray(object.ratings)) return undefined;
  const keys = jsonKeys(aspect);
  const sections = new Map<number, Section>();
  for (let text = 1; text <= count; text++) sections.set(text, {});
  const lengths: string[] = [];
  for (const [key, field] of Object.entries(keys)) {
    const list = object[key];
    if (!Array.isArray(list)) continue;
    if (list.length !== count) lengths.push(`"${key}" has ${list.length} entries for ${count} texts`);
    list.slice(0, count).forEach((item, index) => {
      // A null type or rating is the JSON spelling of "None"; a null rationale is no rationale.
      if (item === null && field !== 'type' && field !== 'rating') return;
      const text = item === null ? 'None' : typeof item === 'string' || typeof item === 'number' ? String(item) : JSON.stringify(item);
      (sections.get(index + 1) as Section)[field] = text;
    });
  }
  return lengths.length > 0 ? { sections, problem: lengths.join('; ') } : { sections };
}

/** Ratings, rationales (and types) from the output, one entry per text whatever the output holds. */
export function parseUltraFeedback(raw: string | null, count: number, aspect: UltraFeedbackAspect, json: boolean): TaskOutcome {
  if (raw === null) {
    const outcome = sectionsToOutcome(new Map(), count, aspect);
    return { values: outcome.values, parseError: 'the endpoint returned no content' };
  }
  const read = (json ? jsonSections(raw, count, aspect) : undefined) ?? readSections(raw);
  const outcome = sectionsToOutcome(read.sections, count, aspect);
  const problems = [read.problem, outcome.parseError].filter((problem) => problem !== undefined);
  return problems.length > 0 ? { values: outcome.values, parseError: problems.join('; ') } : outcome;
}

async function processUltraFeedback(row: JsonObject, params: UltraFeedbackParams, context: TaskContext): Promise<TaskOutcome> {
  const instruction = row.instruction as string;
  const generations = row.generations as string[];
  // Nothing to rate: every output list is empty, with no request.
  if (generations.length === 0) return { values: Object.fromEntries(Object.keys(ultraFeedbackOutputs(params)).map((key) => [key, []])) };
  const json = params.use_default_structured_output;
  const raw = await context.generate(
    ultraFeedbackPrompt(instruction, generations, params),
    'ratings',
    json ? { responseFormat: ultraFeedbackSchema(params.aspect, generations.length) } : {},
  );
  return parseUltraFeedback(raw, generations.length, params.aspect, json);
}

export const ultraFeedback = defineTask({
  name: 'UltraFeedback',
  description: 'Rate several generations for one instruction on one aspect (UltraFeedback), with a rationale per rating.',
  categories: ['preference', 'scorer', 'response'],
  deviations: [
    'Sections are found by their "Output for Text k" header when the output has such headers (so text k\'s values go to text k whatever the order); otherwise each text opens with the same field (Type when the answer has any, else its first field) and a section also ends where a field repeats, so blank lines inside a section and a preamble shift nothing. distilabel splits on blank lines and assigns positionally.',
    'Where the answer cannot say which text a value belongs to, those texts get nulls and the reason, never a neighbour\'s value: a header given twice (neither section is read), fields after a section with no header of their own (not read), and, without headers, a section that opens with another field than the rest (it and the texts after it are not read).',
    'A rationale is read by where it stands: before the rating (the type\'s, with types) or after it (the rating\'s). An aspect without types reports the one after the rating, or the only one, so the four-line form (Type, Rationale, Rating, Rationale) reads right for every aspect.',
    'Every output list has exactly one entry per generation. A missing section, a missing field, "None"/"N/A", a non-number or a rating outside 1-5 gives null, and every reason is recorded in the metadata ("text 2: rating 7 is outside 1-5").',
    'Ratings keep a fraction ("4.5") and accept "4/5"; a type is the first whole number in its field (the prompt asks for the main type only), and "None" is a valid type (null, no error).',
    'Rationales may continue on the following lines until a blank line or the next field.',
    'With `use_default_structured_output`, the prompt asks for one JSON list per output column and the schema is sent as `response_format`; an answer in the text format is still read.',
    'An empty `generations` list gives empty output lists without calling the endpoint.',
  ],
  params: ultraFeedbackParams,
  inputs: () => ({ instruction: col.string, generations: col.list(col.string) }),
  outputs: ultraFeedbackOutputs,
  process: processUltraFeedback,
});
