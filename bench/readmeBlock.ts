// The part of bench/README.md that `npm run bench` writes: everything between its two markers,
// so the hand-written explanations around them stay as they are.
export const BEGIN = '<!-- bench:begin -->';
export const END = '<!-- bench:end -->';

/** `readme` with the text between the markers replaced by `lines`; throws when a marker is missing. */
export function replaceBenchBlock(readme: string, lines: readonly string[]): string {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin === -1 || end < begin) throw new Error(`bench/README.md lacks the ${BEGIN} ... ${END} block`);
  return `${readme.slice(0, begin)}${[BEGIN, ...lines, END].join('\n')}${readme.slice(end + END.length)}`;
}
