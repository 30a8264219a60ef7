/**
 * "Did you mean": the known names closest to a misspelt one, by edit distance (insertions,
 * deletions, substitutions and swaps of neighbours), ignoring case.
 */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  // rows[i][j] = distance between the first i characters of x and the first j of y.
  const rows = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => rows[i]?.[j] as number;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return at(x.length, y.length);
}

/** Up to `limit` candidates close enough to `word` to be what was meant, closest first. */
export function closestNames(word: string, candidates: Iterable<string>, limit = 3): string[] {
  // A third of the word may be wrong: "EvolInstrct" finds EvolInstruct, "a" does not find "b".
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return [...new Set(candidates)]
    .filter((candidate) => candidate !== word)
    .map((candidate) => ({ candidate, distance: editDistance(word, candidate) }))
    .filter(({ distance }) => distance <= allowed)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** `; did you mean "X"?` or nothing, for the end of a message. */
export function didYouMean(suggestions: readonly string[]): string {
  return suggestions[0] === undefined ? '' : `; did you mean "${suggestions[0]}"?`;
}
