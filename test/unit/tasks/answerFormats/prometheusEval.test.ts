/**
 * PrometheusEval reads the same feedback and result, in absolute and relative mode, from every
 * form of "Feedback: ... [RESULT] x": labelled or not, marker on the feedback's line or its
 * own, marker and result spelled as models write them, a preamble before the label and a
 * closing remark after the result, Windows line endings. The prompt offers no JSON form.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePrometheus } from '../../../../src/core/tasks/prometheusEval';
import { checkEvery, DRAWS_PER_FORMAT, drawFor, everyFormat, LINE_ENDINGS, paragraph, PREAMBLE, CLOSING_REMARK, withLineEnding, type LineEnding } from './kit';

const LABELS = { 'as asked': 'Feedback: ', bold: '**Feedback:** ', heading: '### Feedback:\n', none: '' };
const MARKER_PLACES = { 'same line': ' ', 'next line': '\n', 'after a blank line': '\n\n' };
const MARKERS = { 'as asked': '[RESULT] ', bold: '**[RESULT]** ', colon: '[RESULT]: ', 'mixed case': '[Result] ' };
const RESULTS = {
  absolute: { bare: (v: string) => v, bold: (v: string) => `**${v}**`, parenthesised: (v: string) => `(${v})`, 'out of 5': (v: string) => `${v}/5`, 'a full stop': (v: string) => `${v}.` },
  relative: { bare: (v: string) => v, bold: (v: string) => `**${v}**`, parenthesised: (v: string) => `(${v})`, 'the word Response': (v: string) => `Response ${v}`, 'a full stop': (v: string) => `${v}.` },
};

interface Format {
  mode: 'absolute' | 'relative';
  label: keyof typeof LABELS;
  place: keyof typeof MARKER_PLACES;
  marker: keyof typeof MARKERS;
  result: string;
  framed: boolean;
  lineEnding: LineEnding;
  feedbackLines: 1 | 2;
}

function render(feedback: string, result: string, format: Format): string {
  const spell = (RESULTS[format.mode] as Record<string, (value: string) => string>)[format.result] as (value: string) => string;
  const body = `${LABELS[format.label]}${feedback}${MARKER_PLACES[format.place]}${MARKERS[format.marker]}${spell(result)}`;
  // Without a label the preamble cannot be told from the feedback, so only labelled answers get one.
  const framed = format.framed ? `${format.label === 'none' ? '' : `${PREAMBLE}\n\n`}${body}\n\n${CLOSING_REMARK}` : body;
  return withLineEnding(framed, format.lineEnding);
}

const formats = (['absolute', 'relative'] as const).flatMap((mode) =>
  everyFormat<Format>({
    mode: [mode],
    label: Object.keys(LABELS) as (keyof typeof LABELS)[],
    place: Object.keys(MARKER_PLACES) as (keyof typeof MARKER_PLACES)[],
    marker: Object.keys(MARKERS) as (keyof typeof MARKERS)[],
    result: Object.keys(RESULTS[mode]),
    framed: [false, true],
    lineEnding: LINE_ENDINGS,
    feedbackLines: [1, 2],
  }),
);

describe('PrometheusEval: the same feedback and result in every answer format', () => {
  test(`${formats.length} formats × ${DRAWS_PER_FORMAT} draws, absolute and relative`, async () => {
    const cases = formats.flatMap((format, index) =>
      Array.from({ length: DRAWS_PER_FORMAT }, (_, draw) => {
        const random = drawFor(index, draw);
        const result = format.mode === 'absolute' ? random.int(1, 5) : random.pick(['A', 'B']);
        return { format, feedback: paragraph(random, format.feedbackLines), result };
      }),
    );
    await checkEvery(
      cases,
      ({ format, feedback, result }) => `${JSON.stringify(format)}\n${JSON.stringify(render(feedback, String(result), format))}`,
      ({ format, feedback, result }) => {
        assert.deepEqual(parsePrometheus(render(feedback, String(result), format), format.mode), { values: { feedback, result } });
      },
    );
  });
});
