/**
 * Reads `[k] Score: n` lines by their index k, so that a preamble line, a missing line or a
 * reordered answer does not shift every later score onto the wrong item (the seeds assign
 * line i to item i). Markdown emphasis around the line is tolerated. An index scored twice with
 * different numbers keeps the first while every item has a line of its own (a restatement);
 * when some item has none, one of the two was probably meant for it, so neither is kept.
 */

const SCORE_LINE = /\[(\d+)\]\s*\**\s*score\s*\**\s*:\s*\**\s*([^\s*]+)/i;

export interface ParsedScores {
  scores: (number | null)[];
  /** Why some scores are null, or undefined when every item has one. */
  problem?: string;
}

// A score token starts with the number: "4", "4.5", "4." and "3," (a reason follows) read as
// numbers; "N/A", "four" and "4th" do not.
const SCORE_VALUE = /^(\d+(?:\.\d+)?)(?:$|[^\w.]|\.(?!\w))/;

function scoreValue(token: string): number | null {
  const match = SCORE_VALUE.exec(token);
  return match ? Number(match[1]) : null;
}

export function parseScoreLines(output: string, itemCount: number): ParsedScores {
  const given: number[][] = Array.from({ length: itemCount }, () => []);
  const unreadable: string[] = [];
  for (const line of output.split('\n')) {
    const match = SCORE_LINE.exec(line);
    if (!match) continue;
    const index = Number(match[1]) - 1;
    if (index < 0 || index >= itemCount) continue;
    const value = scoreValue(match[2] as string);
    if (value !== null) given[index]?.push(value);
    else unreadable.push(`[${index + 1}] "${match[2]}"`);
  }
  const unscored = given.flatMap((values, index) => (values.length === 0 ? [index + 1] : []));
  const conflicting = (values: readonly number[]) => unscored.length > 0 && new Set(values).size > 1;
  const scores = given.map((values) => (values.length === 0 || conflicting(values) ? null : (values[0] as number)));
  const missing = scores.flatMap((score, index) => (score === null ? [index + 1] : []));
  if (missing.length === 0) return { scores };
  const parts = [`no score for item ${missing.join(', ')} of ${itemCount}`];
  const conflicts = given.flatMap((values, index) => (conflicting(values) ? [`item ${index + 1} is scored twice (${values.join(', ')}) while item ${unscored.join(', ')} has no line`] : []));
  parts.push(...conflicts);
  if (unreadable.length > 0) parts.push(`not a number: ${unreadable.join(', ')}`);
  return { scores, problem: parts.join('; ') };
}
