import * as z from 'zod';
import type { ChatMessage } from '../llm/types';
import type { JsonObject } from '../jsonl/types';
import { col, type ColumnSpec } from './columns';
import { defineTask, type TaskContext, type TaskOutcome } from './defineTask';
import { DEFAULT_PROMETHEUS_RUBRICS } from './prometheusRubrics';

const prometheusParams = z
  .strictObject({
    mode: z
      .enum(['absolute', 'relative'])
      .describe('absolute: score one `generation` from 1 to 5; relative: pick the better of two `generations` (A or B).'),
    rubric: z.string().describe('The name of the rubric in `rubrics` to judge by.'),
    rubrics: z
      .record(z.string().min(1), z.string().min(1))
      .default(DEFAULT_PROMETHEUS_RUBRICS)
      .describe('Rubric name to rubric text: the criterion, then what scores 1 to 5 mean. Replaces the default set (helpfulness, harmlessness, honesty, factual-validity, reasoning).'),
    reference: z.boolean().default(false).describe('Also read a `reference` column: a reference answer that would get the top score.'),
  })
  .superRefine((params, context) => {
    // Refinements also run after non-fatal issues: only check what parsed.
    if (typeof params.rubric !== 'string' || typeof params.rubrics !== 'object' || params.rubrics === null) return;
    const names = Object.keys(params.rubrics);
    if (names.length === 0) context.addIssue({ code: 'custom', path: ['rubrics'], message: 'needs at least one rubric' });
    else if (!Object.hasOwn(params.rubrics, params.rubric)) {
      context.addIssue({ code: 'custom', path: ['rubric'], message: `"${params.rubric}" is not one of the rubrics (${names.join(', ')})` });
    }
  });

type PrometheusParams = z.output<typeof prometheusParams>;

function prometheusInputs(params: PrometheusParams): ColumnSpec {
  return {
    instruction: col.string,
    ...(params.mode === 'absolute' ? { generation: col.string } : { generations: col.list(col.string) }),
    ...(params.reference ? { reference: col.string } : {}),
  };
}

/** `result` is a number from 1 to 5 in absolute mode and "A" or "B" in relative mode. */
function prometheusOutputs(params: PrometheusParams): ColumnSpec {
  return { feedback: col.nullable(col.string), result: col.nullable(params.mode === 'absolute' ? col.number : col.string) };
}

const SYSTEM_PROMPT =
  'You are a fair and careful evaluator. You judge responses strictly by the score rubric you are given, not by your own general preferences.';

/** The Prometheus 2 judging prompt (arXiv 2405.01535), written for this project. */
export function prometheusPrompt(row: JsonObject, params: PrometheusParams): ChatMessage[] {
  const rubric = params.rubrics[params.rubric] as string;
  const absolute = params.mode === 'absolute';
  const lines = absolute
    ? [
        'Evaluate the response below to the instruction, using the score rubric.',
        '1. Write feedback that assesses the response strictly against the rubric, not in general terms.',
        '2. Then give a score from 1 to 5, as the rubric defines them.',
        '3. Answer in exactly this form: "Feedback: <your feedback> [RESULT] <a whole number from 1 to 5>"',
        '4. Write nothing before "Feedback:" and nothing after the score.',
      ]
    : [
        'Compare the two responses below to the instruction, using the score rubric, and decide which is better.',
        '1. Write feedback that compares the responses strictly against the rubric, not in general terms.',
        '2. Then name the better response: A or B. Do not call it a tie.',
        '3. Answer in exactly this form: "Feedback: <your feedback> [RESULT] <A or B>"',
        '4. Write nothing before "Feedback:" and nothing after the letter.',
      ];
  lines.push('', '### Instruction', String(row.instruction));
  if (absolute) lines.push('', '### Response', String(row.generation));
  else {
    const [first, second] = row.generations as string[];
    lines.push('', '### Response A', String(first), '', '### Response B', String(second));
  }
  if (params.reference) lines.push('', `### Reference answer (it would get the top score)`, String(row.reference));
  lines.push('', '### Score rubric', rubric, '', '### Feedback:');
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: lines.join('\n') },
  ];
}

const RESULT_MARKER = /\[\s*RESULT\s*\]/gi;
// At the start of a line: "Feedback:", "**Feedback:**", "### Feedback:".
const FEEDBACK_LABEL = /^[ \t#*_]*feedback[ \t*_]*:[\s*_]*/im;

/**
 * `feedback` and `result` around the last `[RESULT]` marker. The feedback is the text before
 * it, from after the first "Feedback:" label when there is one (so a preamble is not feedback);
 * the result is the first token after it, checked for the mode. Line endings become "\n".
 */
export function parsePrometheus(raw: string | null, mode: PrometheusParams['mode']): TaskOutcome {
  const nulls = { feedback: null, result: null };
  if (raw === null) return { values: nulls, parseError: 'the endpoint returned no content' };
  const text = raw.replace(/\r\n?/g, '\n');
  const marker = [...text.matchAll(RESULT_MARKER)].at(-1);
  if (!marker) return { values: nulls, parseError: 'no [RESULT] marker in the output' };
  const beforeMarker = text.slice(0, marker.index);
  const label = FEEDBACK_LABEL.exec(beforeMarker);
  const before = (label ? beforeMarker.slice(label.index + label[0].length) : beforeMarker).replace(/^[\s*_]+|[\s*_]+$/g, '');
  const feedback = before === '' ? null : before;
  const after = text
    .slice(marker.index + marker[0].length)
    .replace(/^[\s*_:]+/, '')
    .replace(/^(?:score|result)\s*[:=]?\s*/i, '')
    .replace(/^[([]\s*/, '');
  const problems: string[] = feedback === null ? ['no feedback before [RESULT]'] : [];
  let result: number | string | null = null;
  if (mode === 'absolute') {
    const match = /^(\d+(?:\.\d+)?)(?:$|[^\w.]|\.(?!\w))/.exec(after);
    if (!match) problems.push(`the result "${after.trim().slice(0, 40)}" is not a score from 1 to 5`);
    else if (!/^[1-5]$/.test(match[1] as string)) problems.push(`the result ${match[1]} is not a whole number from 1 to 5`);
    else result = Number(match[1]);
  } else {
    // Case-sensitive letter: "a" after the marker is more likely an article than a verdict.
    const match = /^(?:[Rr]esponse\s+)?([AB])\b/.exec(after);
    if (/^(?:response\s+)?A\s*(?:or|\/|and)\s*(?:response\s+)?B\b/i.test(after)) problems.push('the result names both A and B');
    else if (!match) problems.push(`the result "${after.trim().slice(0, 40)}" is not A or B`);
    else result = match[1] as string;
  }
  const values = { feedback, result };
  return problems.length > 0 ? { values, parseError: problems.join('; ') } : { values };
}

async function processPrometheus(row: JsonObject, params: PrometheusParams, context: TaskContext): Promise<TaskOutcome> {
  if (params.mode === 'relative') {
    const count = (row.generations as string[]).length;
    if (count !== 2) {
      return {
        values: { feedback: null, result: null },
        parseError: `column "generations" has ${count} item${count === 1 ? '' : 's'}; relative mode compares exactly 2. Map or fix the column, then run again.`,
      };
    }
  }
  return parsePrometheus(await context.generate(prometheusPrompt(row, params), 'judgement'), params.mode);
}

export const prometheusEval = defineTask({
  name: 'PrometheusEval',
  description: 'Judge a generation by a rubric (score 1-5), or pick the better of two (A/B), with feedback (Prometheus 2).',
  categories: ['critique', 'scorer', 'preference'],
  deviations: [
    'The result follows the last `[RESULT]` marker (any case, spaces inside the brackets allowed), so feedback that mentions the marker does not break parsing; distilabel requires exactly one.',
    'The feedback starts after the first "Feedback:" label at the start of a line, so a preamble before it is not kept as feedback; without a label it is all the text before the marker. Windows line endings become "\\n".',
    'Feedback is kept when the result is unusable (out of range, not A/B); the result is null and the reason recorded. Without a marker, both are null.',
    'Relative mode with a `generations` list that does not hold exactly 2 items is not sent: that row gets nulls and the reason.',
    'The default rubrics are written for this project (same names as distilabel\'s); the prompts are sent with a system message.',
  ],
  example: { mode: 'absolute', rubric: 'helpfulness' },
  params: prometheusParams,
  inputs: prometheusInputs,
  outputs: prometheusOutputs,
  process: processPrometheus,
});
