/**
 * Reads `[k] Score: n` lines by their index k, so that a preamble line, a missing line or a
 * reordered answer does not shift every later score onto the wrong item (the seeds assign
 * line i to item i). Markdown emphasis around the line is tolerated.
 */

const SCORE_LINE = /\[(\d+)\]\s*\**\s*score\s*\**\s*:\s*\**\s*([^\s*]+)/i;

export interface ParsedScores {
  scores: (number | null)[];
  /** Why some scores are null, or undefined when every item has one. */
  problem?: string;
}

export function parseScoreLines(output: string, itemCount: number): ParsedScores {
  const scores: (number | null)[] = new Array<number | null>(itemCount).fill(null);
  const unreadable: string[] = [];
  for (const line of output.split('\n')) {
    const match = SCORE_LINE.exec(line);
    if (!match) continue;
    const index = Number(match[1]) - 1;
    if (index < 0 || index >= itemCount || scores[index] !== null) continue;
    const value = Number(match[2]);
    if (Number.isFinite(value)) scores[index] = value;
    else unreadable.push(`[${index + 1}] "${match[2]}"`);
  }
  const missing = scores.flatMap((score, index) => (score === null ? [index + 1] : []));
  if (missing.length === 0) return { scores };
  const parts = [`no score for item ${missing.join(', ')} of ${itemCount}`];
  if (unreadable.length > 0) parts.push(`not a number: ${unreadable.join(', ')}`);
  return { scores, problem: parts.join('; ') };
}
