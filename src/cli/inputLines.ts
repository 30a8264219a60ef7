import { readLineBytes } from '../core/jsonl/readLineBytes';
import type { LineRange } from '../core/jsonl/types';

/** The lines of a file, counted no further than `upTo`: reading stops there. */
export async function countLines(path: string, upTo: number): Promise<number> {
  let lines = 0;
  for await (const _line of readLineBytes(path)) {
    lines += 1;
    if (lines >= upTo) break;
  }
  return lines;
}

function linesText({ start, end }: LineRange): string {
  return start === end ? `line ${start}` : `lines ${start}-${end}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** What `--lines` runs in a file of `lineCount` lines, and a warning when some of the lines are not there. */
export type LineRangeCheck = { runnable: LineRange; warning?: string } | { runnable: undefined; warning: string };

/**
 * A range past the end of the input runs nothing (the caller writes nothing and exits 1); one
 * partly past it runs the lines that exist and says which are missing.
 */
export function checkLineRange(range: LineRange, lineCount: number, input: string): LineRangeCheck {
  const asked = `--lines ${range.start === range.end ? range.start : `${range.start}-${range.end}`}`;
  if (range.start > lineCount) {
    return { runnable: undefined, warning: `${asked} is past the end of ${input}, which has ${plural(lineCount, 'line')}; nothing was sent or written.` };
  }
  if (range.end <= lineCount) return { runnable: range };
  const runnable = { start: range.start, end: lineCount };
  return {
    runnable,
    warning: `${input} has ${plural(lineCount, 'line')}, so ${asked} runs ${linesText(runnable)}; ${linesText({ start: lineCount + 1, end: range.end })} ${lineCount + 1 === range.end ? 'is' : 'are'} not there.`,
  };
}
