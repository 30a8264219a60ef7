import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findTask } from '../../../src/core/tasks/registry';
import { parseUltraFeedback, ultraFeedbackPrompt, ultraFeedbackSchema } from '../../../src/core/tasks/ultraFeedback';
import { ASPECT_GUIDES, ULTRAFEEDBACK_ASPECTS, type UltraFeedbackAspect } from '../../../src/core/tasks/ultraFeedbackAspects';
import { metadataOf, runOnce, userContent } from './kit';

const STEP = 'ultra_feedback_0';
const NUMBERS = { kind: 'list', item: { kind: 'number', nullable: true }, nullable: true };
const STRINGS = { kind: 'list', item: { kind: 'string', nullable: true }, nullable: true };
const ROW = { instruction: 'Name a prime number.', generations: ['7 is prime.', 'Nine.'] };

describe('UltraFeedback column contract', () => {
  const expected: Record<UltraFeedbackAspect, string[]> = {
    helpfulness: ['types', 'rationales', 'ratings', 'rationales-for-ratings'],
    honesty: ['ratings', 'rationales'],
    'instruction-following': ['ratings', 'rationales'],
    truthfulness: ['types', 'rationales', 'ratings', 'rationales-for-ratings'],
    'overall-rating': ['ratings', 'rationales'],
  };
  for (const aspect of ULTRAFEEDBACK_ASPECTS) {
    test(`aspect ${aspect}: outputs ${expected[aspect].join(', ')}`, () => {
      const configured = findTask('UltraFeedback').configure({ aspect });
      assert.deepEqual(configured.inputs, {
        instruction: { kind: 'string', nullable: false },
        generations: { kind: 'list', item: { kind: 'string', nullable: false }, nullable: false },
      });
      assert.deepEqual(Object.keys(configured.outputs), expected[aspect]);
      for (const [name, type] of Object.entries(configured.outputs)) {
        assert.deepEqual(type, name === 'types' || name === 'ratings' ? NUMBERS : STRINGS, name);
      }
    });
  }

  test('default aspect is overall-rating; an unknown aspect is refused', () => {
    assert.equal(findTask('UltraFeedback').configure({}).params.aspect, 'overall-rating');
    assert.throws(() => findTask('UltraFeedback').configure({ aspect: 'humour' }), (error: Error) => error.message.startsWith('Invalid parameters for UltraFeedback: aspect: '));
  });
});

describe('UltraFeedback prompt', () => {
  for (const aspect of ULTRAFEEDBACK_ASPECTS) {
    test(`aspect ${aspect}: the aspect's focus, scale, types, the texts and the format`, async () => {
      const { client } = await runOnce('UltraFeedback', { aspect }, ROW, () => '');
      const content = userContent(client.requests[0]?.messages ?? []);
      const guide = ASPECT_GUIDES[aspect];
      assert.ok(content.includes(`\n# Aspect\n${guide.focus}\n`));
      guide.scale.forEach((meaning, index) => assert.ok(content.includes(`\n${index + 1}. ${meaning}`), meaning));
      assert.equal(content.includes('\n## Type\n'), guide.types !== undefined);
      assert.equal(content.includes('Type: <the number of the main type, or None>'), guide.types !== undefined);
      guide.types?.items.forEach((item, index) => assert.ok(content.includes(`\n${index + 1}. ${item}`), item));
      assert.ok(content.includes('#### Output for Text 1\n'));
      assert.ok(content.includes(`\n# Instruction\n${ROW.instruction}\n`));
      assert.ok(content.endsWith('\n# Texts\n<text 1>\n7 is prime.\n</text 1>\n<text 2>\nNine.\n</text 2>'), content);
      for (const other of ULTRAFEEDBACK_ASPECTS) if (other !== aspect) assert.ok(!content.includes(ASPECT_GUIDES[other].focus));
    });
  }

  test('structured output: JSON asked for and the schema sent', async () => {
    const { client } = await runOnce('UltraFeedback', { aspect: 'truthfulness', use_default_structured_output: true }, ROW, () => '');
    const content = userContent(client.requests[0]?.messages ?? []);
    assert.ok(content.includes('Answer with a JSON object and nothing else.'));
    assert.ok(!content.includes('#### Output for Text 1'));
    assert.deepEqual(client.requests[0]?.responseFormat, ultraFeedbackSchema('truthfulness', 2));
    const schema = ultraFeedbackSchema('honesty', 2).schema as { required: string[]; properties: Record<string, unknown> };
    assert.deepEqual(schema.required, ['ratings', 'rationales']);
    assert.deepEqual(schema.properties.ratings, { type: 'array', items: { type: ['integer', 'null'], minimum: 1, maximum: 5 }, minItems: 2, maxItems: 2 });
  });

  test('ultraFeedbackPrompt is what is sent', async () => {
    const { client } = await runOnce('UltraFeedback', {}, ROW, () => '');
    const params = findTask('UltraFeedback').configure({}).params as never;
    assert.deepEqual(client.requests[0]?.messages, ultraFeedbackPrompt(ROW.instruction, ROW.generations, params));
  });
});

describe('UltraFeedback parsing: ratings aspects', () => {
  const cases: { name: string; raw: string; ratings: (number | null)[]; rationales: (string | null)[]; problem?: string }[] = [
    {
      name: 'the asked-for format',
      raw: '#### Output for Text 1\nRating: 5\nRationale: Correct.\n\n#### Output for Text 2\nRating: 1\nRationale: Wrong.',
      ratings: [5, 1],
      rationales: ['Correct.', 'Wrong.'],
    },
    {
      name: 'no headers, blank-line separated, with preamble and closing remark',
      raw: 'Here is my evaluation.\n\nRating: 4\nRationale: Good.\n\nRating: 2\nRationale: Weak.\n\nOverall text 1 wins.',
      ratings: [4, 2],
      rationales: ['Good.', 'Weak.'],
    },
    {
      name: 'no headers and no blank lines',
      raw: 'Rating: 4\nRationale: Good.\nRating: 2\nRationale: Weak.',
      ratings: [4, 2],
      rationales: ['Good.', 'Weak.'],
    },
    {
      name: 'headers out of order are assigned by number',
      raw: '### Text 2\nRating: 1\nRationale: Wrong.\n\n### Text 1\nRating: 5\nRationale: Right.',
      ratings: [5, 1],
      rationales: ['Right.', 'Wrong.'],
    },
    {
      name: 'markdown emphasis, "4/5" and a blank line inside a section',
      raw: '**Text 1:**\n- **Rating:** 4/5\n\n- **Rationale:** Fine.\n\n**Text 2:**\n- **Rating:** **3**\n- **Rationale:** Okay.',
      ratings: [4, 3],
      rationales: ['Fine.', 'Okay.'],
    },
    {
      name: 'multi-line rationale continues until a blank line',
      raw: 'Rating: 4\nRationale: First line\nsecond line.\n\nRating: 2\nRationale: Short.',
      ratings: [4, 2],
      rationales: ['First line\nsecond line.', 'Short.'],
    },
    {
      name: 'N/A and None ratings',
      raw: 'Rating: N/A\nRationale: Cannot judge.\n\nRating: None\nRationale: Empty.',
      ratings: [null, null],
      rationales: ['Cannot judge.', 'Empty.'],
      problem: 'text 1: rating "N/A"; text 2: rating "None"',
    },
    {
      name: 'non-numeric and out-of-range ratings',
      raw: 'Rating: four\nRationale: A.\n\nRating: 7\nRationale: B.',
      ratings: [null, null],
      rationales: ['A.', 'B.'],
      problem: 'text 1: rating "four" is not a number; text 2: rating 7 is outside 1-5',
    },
    {
      name: 'decimal rating kept, 0 refused',
      raw: 'Rating: 4.5\nRationale: A.\n\nRating: 0\nRationale: B.',
      ratings: [4.5, null],
      rationales: ['A.', 'B.'],
      problem: 'text 2: rating 0 is outside 1-5',
    },
    {
      name: 'fewer sections than texts',
      raw: 'Rating: 3\nRationale: Only one.',
      ratings: [3, null],
      rationales: ['Only one.', null],
      problem: 'text 2: no evaluation',
    },
    {
      name: 'more sections than texts: extras ignored',
      raw: 'Rating: 3\nRationale: A.\n\nRating: 2\nRationale: B.\n\nRating: 5\nRationale: C.',
      ratings: [3, 2],
      rationales: ['A.', 'B.'],
    },
    {
      name: 'a rating without a rationale',
      raw: 'Rating: 3\n\nRating: 2\nRationale: B.',
      ratings: [3, 2],
      rationales: [null, 'B.'],
      problem: 'text 1: no rationale',
    },
    {
      name: 'empty output',
      raw: '',
      ratings: [null, null],
      rationales: [null, null],
      problem: 'text 1: no evaluation; text 2: no evaluation',
    },
    {
      name: 'prose without any field',
      raw: 'Both texts are fine, I would say.',
      ratings: [null, null],
      rationales: [null, null],
      problem: 'text 1: no evaluation; text 2: no evaluation',
    },
    {
      name: 'fields before the first header are ignored when headers exist',
      raw: 'Rating: 9\n#### Output for Text 1\nRating: 2\nRationale: A.\n#### Output for Text 2\nRating: 3\nRationale: B.',
      ratings: [2, 3],
      rationales: ['A.', 'B.'],
    },
    {
      name: 'the four-line form of the aspects with types (issue 13): the rationale after the rating',
      raw: 'Type: 1\nRationale: Clear.\nRating: 4\nRationale: Accurate.\n\nType: None\nRationale: Vague.\nRating: 2\nRationale: Wrong.',
      ratings: [4, 2],
      rationales: ['Accurate.', 'Wrong.'],
    },
    {
      name: 'rationale before the rating, no headers and no blank lines',
      raw: 'Rationale: Good.\nRating: 4\nRationale: Weak.\nRating: 2',
      ratings: [4, 2],
      rationales: ['Good.', 'Weak.'],
    },
    {
      name: 'a header given twice: neither section is read',
      raw: '### Text 1\nRating: 5\nRationale: A.\n\n### Text 1\nRating: 2\nRationale: B.',
      ratings: [null, null],
      rationales: [null, null],
      problem: 'more than one section is headed text 1, so neither is read; text 1: no evaluation; text 2: no evaluation',
    },
    {
      name: 'a text without its header: its fields go to no text',
      raw: '### Text 1\nRating: 5\nRationale: A.\n\nRating: 2\nRationale: B.',
      ratings: [5, null],
      rationales: ['A.', null],
      problem: 'text 2: no evaluation',
    },
    {
      name: 'no headers and text 2 lost its rating: text 3\'s rating is not given to text 2',
      raw: 'Rating: 5\nRationale: A.\n\nRationale: B.\n\nRating: 3\nRationale: C.',
      ratings: [5, null],
      rationales: ['A.', null],
      problem: "without per-text headers, text 2's section starts with rationale where the others start with rating, so which text its fields belong to is unclear; text 2: no evaluation",
    },
    {
      name: 'CRLF line endings',
      raw: 'Rating: 2\r\nRationale: A.\r\n\r\nRating: 3\r\nRationale: B.\r\n',
      ratings: [2, 3],
      rationales: ['A.', 'B.'],
    },
  ];
  for (const { name, raw, ratings, rationales, problem } of cases) {
    test(`${name}: ${JSON.stringify(raw).slice(0, 80)}`, async () => {
      const values = { ratings, rationales };
      assert.deepEqual(parseUltraFeedback(raw, 2, 'honesty', false), problem ? { values, parseError: problem } : { values });
      const { result } = await runOnce('UltraFeedback', { aspect: 'honesty' }, ROW, () => raw);
      assert.deepEqual(result.rows[0].ratings, ratings);
      assert.deepEqual(result.rows[0].rationales, rationales);
      assert.equal(result.status, problem ? 'parse_error' : 'ok');
      assert.equal(metadataOf(result)[`error_${STEP}`], problem);
    });
  }
});

describe('UltraFeedback parsing: aspects with types', () => {
  const full =
    '#### Output for Text 1\nType: 1, 3\nRationale: Clear.\nRating: 4\nRationale: Accurate.\n\n' +
    '#### Output for Text 2\nType: None\nRationale: Nothing useful.\nRating: 1\nRationale: Wrong.';
  test('types, both rationales and ratings; "None" type is null without a problem', () => {
    assert.deepEqual(parseUltraFeedback(full, 2, 'helpfulness', false), {
      values: { types: [1, null], rationales: ['Clear.', 'Nothing useful.'], ratings: [4, 1], 'rationales-for-ratings': ['Accurate.', 'Wrong.'] },
    });
  });

  test('without headers, a blank line between type and rating does not split the section', () => {
    const raw = 'Type: 2\nRationale: A.\n\nRating: 3\nRationale: B.\n\nType: [3]\nRationale: C.\n\nRating: 5\nRationale: D.';
    assert.deepEqual(parseUltraFeedback(raw, 2, 'truthfulness', false), {
      values: { types: [2, 3], rationales: ['A.', 'C.'], ratings: [3, 5], 'rationales-for-ratings': ['B.', 'D.'] },
    });
  });

  test('"Rationale for rating:" is read as the rating rationale; a bad type is reported', () => {
    const raw = 'Type: 7\nRationale for rating: R.\nRating: 2\n\nType: severe\nRationale: T.\nRating: 3\nRationale: S.';
    assert.deepEqual(parseUltraFeedback(raw, 2, 'truthfulness', false), {
      values: { types: [null, null], rationales: [null, 'T.'], ratings: [2, 3], 'rationales-for-ratings': ['R.', 'S.'] },
      parseError: 'text 1: type 7 is outside 1-3, no rationale for the type; text 2: type "severe" is not a number',
    });
  });

  test('through a run: every column present', async () => {
    const { result } = await runOnce('UltraFeedback', { aspect: 'helpfulness' }, ROW, () => full);
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    assert.deepEqual(row, {
      ...ROW,
      types: [1, null],
      rationales: ['Clear.', 'Nothing useful.'],
      ratings: [4, 1],
      'rationales-for-ratings': ['Accurate.', 'Wrong.'],
      model_name: 'scripted-model',
    });
  });
});

describe('UltraFeedback parsing: structured output and edge rows', () => {
  const json: { name: string; raw: string; aspect: UltraFeedbackAspect; values: Record<string, unknown>; problem?: string }[] = [
    {
      name: 'ratings JSON',
      raw: '{"ratings": [5, 2], "rationales": ["A.", "B."]}',
      aspect: 'honesty',
      values: { ratings: [5, 2], rationales: ['A.', 'B.'] },
    },
    {
      name: 'types JSON with null type and a string rating',
      raw: '```json\n{"types": [null, 2], "rationales": ["a", "b"], "ratings": ["4", 3], "rationales-for-ratings": ["c", "d"]}\n```',
      aspect: 'truthfulness',
      values: { types: [null, 2], rationales: ['a', 'b'], ratings: [4, 3], 'rationales-for-ratings': ['c', 'd'] },
    },
    {
      name: 'short lists and a null rating',
      raw: '{"ratings": [null], "rationales": ["A."]}',
      aspect: 'honesty',
      values: { ratings: [null, null], rationales: ['A.', null] },
      problem: '"ratings" has 1 entries for 2 texts; "rationales" has 1 entries for 2 texts; text 1: rating "None"; text 2: no rating, no rationale',
    },
    {
      name: 'text answer in JSON mode is still read',
      raw: 'Rating: 2\nRationale: A.\n\nRating: 3\nRationale: B.',
      aspect: 'honesty',
      values: { ratings: [2, 3], rationales: ['A.', 'B.'] },
    },
    {
      name: 'truncated JSON',
      raw: '{"ratings": [5, 2], "rationa',
      aspect: 'honesty',
      values: { ratings: [null, null], rationales: [null, null] },
      problem: 'text 1: no evaluation; text 2: no evaluation',
    },
  ];
  for (const { name, raw, aspect, values, problem } of json) {
    test(name, async () => {
      assert.deepEqual(parseUltraFeedback(raw, 2, aspect, true), problem ? { values, parseError: problem } : { values });
      const { result } = await runOnce('UltraFeedback', { aspect, use_default_structured_output: true }, ROW, () => raw);
      for (const [key, value] of Object.entries(values)) assert.deepEqual(result.rows[0][key], value, key);
    });
  }

  test('null output: one null per generation in every column', () => {
    assert.deepEqual(parseUltraFeedback(null, 3, 'overall-rating', false), {
      values: { ratings: [null, null, null], rationales: [null, null, null] },
      parseError: 'the endpoint returned no content',
    });
  });

  test('no generations: empty lists and no request', async () => {
    const { result, client } = await runOnce('UltraFeedback', { aspect: 'helpfulness' }, { instruction: 'x', generations: [] }, () => 'x');
    assert.equal(client.requests.length, 0);
    assert.equal(result.status, 'ok');
    assert.deepEqual(
      ['types', 'rationales', 'ratings', 'rationales-for-ratings'].map((key) => result.rows[0][key]),
      [[], [], [], []],
    );
  });

  test('group_generations with two generations: lists of lists', async () => {
    const raw = 'Rating: 2\nRationale: A.\n\nRating: 3\nRationale: B.';
    const { result } = await runOnce('UltraFeedback', { num_generations: 2, group_generations: true }, ROW, () => raw);
    assert.equal(result.rows.length, 1);
    assert.deepEqual(result.rows[0].ratings, [[2, 3], [2, 3]]);
  });
});
