/** Inline code; backticks inside are rare in names and values, so a plain span suffices. */
export function code(text: string): string {
  return `\`${text}\``;
}

/** Text made safe for one table cell: no line breaks, pipes escaped (also inside code spans, per GFM). */
export function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

/** GitHub's heading anchor for a plain name. */
export function anchor(name: string): string {
  return `#${name.toLowerCase().replace(/[^\p{L}\p{N}_ -]/gu, '').replace(/ /g, '-')}`;
}
