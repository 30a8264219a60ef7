/** Short numbers for the panel's labels. */

const integer = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return integer.format(Math.round(value));
}

export function formatLatency(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatScore(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0+$/, '');
}

export function formatTokens(input: number | null, output: number | null): string {
  return `${input === null ? '?' : formatCount(input)} in / ${output === null ? '?' : formatCount(output)} out tokens`;
}

/** The first `length` characters on one line, for accessible names. */
export function excerpt(text: string | null, length = 80): string {
  if (text === null) return '';
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= length ? line : `${line.slice(0, length - 1)}…`;
}
