/**
 * Shared by the answer-format property tests: every combination of a task's format choices,
 * values drawn from a seeded generator (so a failure replays exactly), and one assertion per
 * task that names each misread format with its raw output.
 *
 * The formats are enumerated rather than sampled: they are a small finite set, so every
 * combination runs every time; only the values (ratings, rationales, labels) are drawn.
 */
import assert from 'node:assert/strict';
import { rowRandom, type RandomSource } from '../../../../src/core/tasks/random';

/** One list of options per axis of a format. */
export type Axes<Format> = { readonly [Axis in keyof Format]: readonly Format[Axis][] };

/** Every combination of one option per axis, in a stable order. */
export function everyFormat<Format extends object>(axes: Axes<Format>): Format[] {
  let formats: Record<string, unknown>[] = [{}];
  for (const [axis, options] of Object.entries(axes) as [string, readonly unknown[]][]) {
    formats = formats.flatMap((format) => options.map((option) => ({ ...format, [axis]: option })));
  }
  return formats as Format[];
}

/** How many value sets each format is tried with. */
export const DRAWS_PER_FORMAT = 2;

/** The generator for draw `draw` of format number `formatIndex`. */
export function drawFor(formatIndex: number, draw: number): RandomSource {
  return rowRandom(formatIndex, draw);
}

// Words that also name fields, texts and markers, so a rationale that mentions them is tried too.
const WORDS = ['the', 'answer', 'is', 'clear', 'accurate', 'misses', 'a', 'step', 'rating', 'score', 'type', 'text 2', 'response', 'names', 'prime', 'concise', 'vague', 'explains', 'why', 'A', 'B'];

/** A sentence of 4 to 9 words, capitalised, ending with a full stop. */
export function sentence(random: RandomSource): string {
  const words = Array.from({ length: random.int(4, 9) }, () => random.pick(WORDS)).join(' ');
  return `${words[0]?.toUpperCase()}${words.slice(1)}.`;
}

/** One or two sentences, the second on a line of its own when `lines` is 2. */
export function paragraph(random: RandomSource, lines: 1 | 2): string {
  return lines === 1 ? sentence(random) : `${sentence(random)}\n${sentence(random)}`;
}

export const LINE_ENDINGS = ['\n', '\r\n'] as const;
export type LineEnding = (typeof LINE_ENDINGS)[number];

export function withLineEnding(text: string, ending: LineEnding): string {
  return ending === '\n' ? text : text.replace(/\n/g, ending);
}

export const PREAMBLE = 'Here is my evaluation, following the requested format.';
export const CLOSING_REMARK = 'Overall, Text 1 is the strongest; I hope this helps.';

/** `body` with a preamble sentence before and a closing remark after, each set off by a blank line. */
export function framed(body: string): string {
  return `${PREAMBLE}\n\n${body}\n\n${CLOSING_REMARK}`;
}

/**
 * Runs `check` on every case and fails once, naming how many cases failed and the first few
 * with their format and raw output, so one test covers a whole family of formats.
 */
export async function checkEvery<Case>(cases: readonly Case[], name: (item: Case) => string, check: (item: Case) => void | Promise<void>): Promise<void> {
  assert.ok(cases.length > 0, 'no cases to check');
  const failures: string[] = [];
  for (const item of cases) {
    try {
      await check(item);
    } catch (error) {
      failures.push(`${name(item)}\n${error instanceof Error ? error.message : String(error)}`);
    }
  }
  assert.equal(failures.length, 0, `${failures.length} of ${cases.length} cases misread. The first:\n\n${failures.slice(0, 3).join('\n\n')}`);
}
