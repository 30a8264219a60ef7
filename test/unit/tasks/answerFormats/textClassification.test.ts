/**
 * TextClassification reads the same labels from every form of its JSON answer, for one label
 * and for several, with and without a fixed label set: `{"labels": ...}` as asked, fenced,
 * pretty-printed, framed by a preamble and a closing remark, as a Python literal, the bare
 * JSON value, and (with a fixed set) the bare label, in any case and in bold; Windows line
 * endings throughout.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findTask } from '../../../../src/core/tasks/registry';
import { parseLabels } from '../../../../src/core/tasks/textClassification';
import type { RandomSource } from '../../../../src/core/tasks/random';
import { checkEvery, DRAWS_PER_FORMAT, drawFor, everyFormat, framed, LINE_ENDINGS, withLineEnding, type LineEnding } from './kit';

const AVAILABLE = ['Sports', 'Politics', 'Science & Technology', 'Arts'];
const FREE = ['cooking', 'travel tips', 'personal finance', 'gardening'];

const FORMS = {
  'as asked': (labels: unknown) => JSON.stringify({ labels }),
  fenced: (labels: unknown) => `\`\`\`json\n${JSON.stringify({ labels })}\n\`\`\``,
  'pretty-printed': (labels: unknown) => JSON.stringify({ labels }, null, 2),
  'preamble and closing remark': (labels: unknown) => framed(JSON.stringify({ labels })),
  'Python literal': (labels: unknown) => JSON.stringify({ labels }).replace(/"/g, "'"),
  'bare JSON value': (labels: unknown) => JSON.stringify(labels),
  // Only a known single label can be read bare; see the filter below.
  'bare label': (labels: unknown) => String(labels),
  'bold bare label': (labels: unknown) => `**${String(labels)}**`,
};

interface Format {
  n: 1 | 3;
  available: boolean;
  form: keyof typeof FORMS;
  lowerCase: boolean;
  lineEnding: LineEnding;
}

const formats = everyFormat<Format>({
  n: [1, 3],
  available: [true, false],
  form: Object.keys(FORMS) as (keyof typeof FORMS)[],
  lowerCase: [false, true],
  lineEnding: LINE_ENDINGS,
}).filter((format) => !format.form.includes('bare label') || (format.n === 1 && format.available));

function drawLabels(random: RandomSource, format: Format): string[] {
  const pool = [...(format.available ? AVAILABLE : FREE)];
  return Array.from({ length: random.int(1, format.n) }, () => pool.splice(random.int(0, pool.length - 1), 1)[0] as string);
}

describe('TextClassification: the same labels in every answer format', () => {
  test(`${formats.length} formats × ${DRAWS_PER_FORMAT} draws, one label and up to three`, async () => {
    const cases = formats.flatMap((format, index) =>
      Array.from({ length: DRAWS_PER_FORMAT }, (_, draw) => ({ format, labels: drawLabels(drawFor(index, draw), format) })),
    );
    const answer = ({ format, labels }: (typeof cases)[number]) => {
      const given = format.lowerCase && format.available ? labels.map((label) => label.toLowerCase()) : labels;
      return withLineEnding(FORMS[format.form](format.n === 1 ? given[0] : given), format.lineEnding);
    };
    await checkEvery(
      cases,
      (item) => `${JSON.stringify(item.format)}\n${JSON.stringify(answer(item))}`,
      (item) => {
        const params = findTask('TextClassification').configure({ n: item.format.n, ...(item.format.available ? { available_labels: AVAILABLE } : {}) }).params as never;
        assert.deepEqual(parseLabels(answer(item), params), { values: { labels: item.format.n === 1 ? item.labels[0] : item.labels } });
      },
    );
  });
});
