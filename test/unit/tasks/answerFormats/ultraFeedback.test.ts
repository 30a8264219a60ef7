/**
 * UltraFeedback reads the same ratings, rationales and types from every form its prompt allows
 * or models commonly give: with and without per-text headers, texts in or out of order, blank
 * lines between texts or not, rationale before or after the rating, the four-line form for an
 * aspect without types, markdown emphasis, Windows line endings, a preamble and a closing
 * remark, and the JSON of structured-output mode.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUltraFeedback } from '../../../../src/core/tasks/ultraFeedback';
import type { UltraFeedbackAspect } from '../../../../src/core/tasks/ultraFeedbackAspects';
import type { RandomSource } from '../../../../src/core/tasks/random';
import { checkEvery, DRAWS_PER_FORMAT, drawFor, everyFormat, framed, LINE_ENDINGS, paragraph, withLineEnding, type LineEnding } from './kit';

interface Evaluation {
  type: number | null;
  typeRationale: string;
  rating: number;
  ratingRationale: string;
}

const HEADERS = {
  none: undefined,
  'as asked': (k: number) => `#### Output for Text ${k}`,
  bold: (k: number) => `**Text ${k}:**`,
  plain: (k: number) => `Text ${k}:`,
  'evaluation of': (k: number) => `### Evaluation of Text ${k}`,
  'the prompt tag': (k: number) => `<text ${k}>`,
};

// The fields of one text, in order. "four lines" is the form asked of aspects with types.
const LAYOUTS = {
  'rating, rationale': ['rating', 'ratingRationale'],
  'rationale, rating': ['ratingRationale', 'rating'],
  'four lines': ['type', 'typeRationale', 'rating', 'ratingRationale'],
  'four lines, "Rationale for rating"': ['type', 'typeRationale', 'rating', 'labelledRatingRationale'],
} as const;

const EMPHASIS = {
  none: (label: string, value: string) => `${label}: ${value}`,
  'bold labels': (label: string, value: string) => `**${label}:** ${value}`,
  'bulleted bold labels': (label: string, value: string) => `- **${label}:** ${value}`,
  'bold numbers': (label: string, value: string) => (/^(?:\d|None)/.test(value) ? `${label}: **${value}**` : `${label}: ${value}`),
};

interface TextFormat {
  aspect: UltraFeedbackAspect;
  header: keyof typeof HEADERS;
  reversed: boolean;
  layout: keyof typeof LAYOUTS;
  emphasis: keyof typeof EMPHASIS;
  blankLineBetweenTexts: boolean;
  framed: boolean;
  lineEnding: LineEnding;
  rationaleLines: 1 | 2;
}

/** A way an answer goes wrong: text `text` (1-based) loses a field, or its header is wrong. */
type Damage = { kind: 'drops a field'; text: number; field: number } | { kind: 'repeats the previous header' | 'has no header'; text: number };

function renderText(evaluation: Evaluation, format: TextFormat): string[] {
  const field = EMPHASIS[format.emphasis];
  return LAYOUTS[format.layout].map((name) => {
    if (name === 'type') return field('Type', evaluation.type === null ? 'None' : String(evaluation.type));
    if (name === 'typeRationale') return field('Rationale', evaluation.typeRationale);
    if (name === 'rating') return field('Rating', String(evaluation.rating));
    if (name === 'labelledRatingRationale') return field('Rationale for rating', evaluation.ratingRationale);
    return field('Rationale', evaluation.ratingRationale);
  });
}

function renderAnswer(evaluations: readonly Evaluation[], format: TextFormat, damage?: Damage): string {
  const header = HEADERS[format.header];
  const order = evaluations.map((_, index) => index);
  if (format.reversed) order.reverse();
  const texts = order.map((index) => {
    const damaged = damage?.text === index + 1 ? damage : undefined;
    const fields = renderText(evaluations[index] as Evaluation, format).filter((_, field) => damaged?.kind !== 'drops a field' || damaged.field !== field);
    const number = damaged?.kind === 'repeats the previous header' ? index : index + 1;
    return [...(header && damaged?.kind !== 'has no header' ? [header(number)] : []), ...fields].join('\n');
  });
  const body = texts.join(format.blankLineBetweenTexts ? '\n\n' : '\n');
  return withLineEnding(format.framed ? framed(body) : body, format.lineEnding);
}

function drawEvaluations(random: RandomSource, rationaleLines: 1 | 2): Evaluation[] {
  return Array.from({ length: random.int(1, 4) }, () => ({
    type: random.pick([1, 2, 3, null]),
    typeRationale: paragraph(random, rationaleLines),
    rating: random.int(1, 5),
    ratingRationale: paragraph(random, rationaleLines),
  }));
}

function expectedValues(evaluations: readonly Evaluation[], aspect: UltraFeedbackAspect): Record<string, unknown[]> {
  const ratings = evaluations.map((evaluation) => evaluation.rating);
  const ratingRationales = evaluations.map((evaluation) => evaluation.ratingRationale);
  return aspect === 'helpfulness'
    ? { types: evaluations.map((e) => e.type), rationales: evaluations.map((e) => e.typeRationale), ratings, 'rationales-for-ratings': ratingRationales }
    : { ratings, rationales: ratingRationales };
}

const textFormats = everyFormat<TextFormat>({
  aspect: ['helpfulness', 'overall-rating'],
  header: Object.keys(HEADERS) as (keyof typeof HEADERS)[],
  reversed: [false, true],
  layout: Object.keys(LAYOUTS) as (keyof typeof LAYOUTS)[],
  emphasis: Object.keys(EMPHASIS) as (keyof typeof EMPHASIS)[],
  blankLineBetweenTexts: [true, false],
  framed: [false, true],
  lineEnding: LINE_ENDINGS,
  rationaleLines: [1, 2],
}).filter(
  (format) =>
    // Only headers say which text comes first; an aspect with types needs the type lines.
    (!format.reversed || format.header !== 'none') && (format.aspect !== 'helpfulness' || format.layout.startsWith('four lines')),
);

describe('UltraFeedback: every text gets its own values in every answer format', () => {
  test(`${textFormats.length} text formats × ${DRAWS_PER_FORMAT} draws, 1 to 4 texts`, async () => {
    const cases = textFormats.flatMap((format, index) =>
      Array.from({ length: DRAWS_PER_FORMAT }, (_, draw) => ({ format, evaluations: drawEvaluations(drawFor(index, draw), format.rationaleLines) })),
    );
    await checkEvery(
      cases,
      ({ format, evaluations }) => `${JSON.stringify(format)}\n${JSON.stringify(renderAnswer(evaluations, format))}`,
      ({ format, evaluations }) => {
        const parsed = parseUltraFeedback(renderAnswer(evaluations, format), evaluations.length, format.aspect, false);
        assert.deepEqual(parsed, { values: expectedValues(evaluations, format.aspect) });
      },
    );
  });

  test(`a damaged answer: each text gets its own values or nulls with the reason, never another text's (${textFormats.length} formats)`, async () => {
    const cases = textFormats.flatMap((format, index) => {
      const random = drawFor(index, 0);
      const evaluations = drawEvaluations(random, format.rationaleLines);
      if (evaluations.length === 1) evaluations.push(...drawEvaluations(random, format.rationaleLines).slice(0, 1));
      const text = random.int(1, evaluations.length);
      const field = random.int(0, LAYOUTS[format.layout].length - 1);
      // Without headers, text 1 without the first of two fields reads exactly as an answer in the
      // other two-field order missing its last field ("Rationale, Rating, Rationale" is also
      // "Rating, Rationale" with text 1's rating lost): no reading can tell them apart.
      const indistinguishable = format.header === 'none' && LAYOUTS[format.layout].length === 2 && text === 1 && field === 0;
      const damages: Damage[] = indistinguishable ? [] : [{ kind: 'drops a field', text, field }];
      if (format.header !== 'none' && text > 1) damages.push({ kind: 'repeats the previous header', text }, { kind: 'has no header', text });
      return damages.map((damage) => ({ format, evaluations, damage }));
    });
    await checkEvery(
      cases,
      ({ format, evaluations, damage }) => `${JSON.stringify(format)} ${JSON.stringify(damage)}\n${JSON.stringify(renderAnswer(evaluations, format, damage))}`,
      ({ format, evaluations, damage }) => {
        const parsed = parseUltraFeedback(renderAnswer(evaluations, format, damage), evaluations.length, format.aspect, false);
        for (const [column, expected] of Object.entries(expectedValues(evaluations, format.aspect))) {
          expected.forEach((own, index) => {
            const value = parsed.values[column]?.[index as never];
            if (value === own) return;
            // An aspect without types may report the text's other rationale when its rating is lost.
            if (format.aspect !== 'helpfulness' && column === 'rationales' && value === evaluations[index]?.typeRationale) return;
            assert.equal(value, null, `text ${index + 1}'s ${column} is ${JSON.stringify(value)}, not its own ${JSON.stringify(own)} or null`);
            assert.ok(parsed.parseError?.includes(`text ${index + 1}`), `text ${index + 1}'s ${column} is null without a reason naming it: ${parsed.parseError}`);
          });
        }
      },
    );
  });

  const JSON_FORMS = {
    'as asked': (object: object) => JSON.stringify(object),
    fenced: (object: object) => `\`\`\`json\n${JSON.stringify(object, null, 2)}\n\`\`\``,
    'preamble and closing remark': (object: object) => framed(JSON.stringify(object, null, 2)),
    'Python literal': (object: object) => JSON.stringify(object).replace(/"/g, "'").replace(/null/g, 'None'),
  };
  const jsonFormats = everyFormat({
    aspect: ['helpfulness', 'overall-rating'] as UltraFeedbackAspect[],
    form: Object.keys(JSON_FORMS) as (keyof typeof JSON_FORMS)[],
    lineEnding: LINE_ENDINGS,
  });

  test(`structured output: ${jsonFormats.length} JSON forms × ${DRAWS_PER_FORMAT} draws`, async () => {
    const cases = jsonFormats.flatMap((format, index) =>
      Array.from({ length: DRAWS_PER_FORMAT }, (_, draw) => ({ format, evaluations: drawEvaluations(drawFor(index, draw), 1) })),
    );
    const answer = ({ format, evaluations }: (typeof cases)[number]) =>
      withLineEnding(JSON_FORMS[format.form](expectedValues(evaluations, format.aspect)), format.lineEnding);
    await checkEvery(
      cases,
      (item) => `${JSON.stringify(item.format)}\n${JSON.stringify(answer(item))}`,
      (item) => {
        const parsed = parseUltraFeedback(answer(item), item.evaluations.length, item.format.aspect, true);
        assert.deepEqual(parsed, { values: expectedValues(item.evaluations, item.format.aspect) });
      },
    );
  });
});
