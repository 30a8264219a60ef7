/** Text helpers shared by the task families. */

/**
 * Fills `<PLACEHOLDER>`s in one pass. A single pass matters: a placeholder that appears in
 * user text (an instruction containing "<RESPONSE>") is never substituted again, and `$`
 * sequences in user text are never read as replacement patterns.
 */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string>>): string {
  const keys = Object.keys(values);
  if (keys.length === 0) return template;
  const pattern = new RegExp(keys.map(escapeRegExp).join('|'), 'g');
  return template.replace(pattern, (match) => values[match] ?? match);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const PROMPT_MARKER = 'Prompt#:';

/**
 * The text after the last `Prompt#:` marker, trimmed; the whole output trimmed when there is
 * none. The rewrite templates end with "#Rewritten Prompt#:" or "#Created Prompt#:", and
 * models often repeat that header before their answer.
 */
export function textAfterPromptMarker(output: string): string {
  const at = output.lastIndexOf(PROMPT_MARKER);
  return (at === -1 ? output : output.slice(at + PROMPT_MARKER.length)).trim();
}
