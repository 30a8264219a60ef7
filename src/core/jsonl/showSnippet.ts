const MAX_SNIPPET_LENGTH = 24;
// Control, format and separator characters (other than a plain space) would be invisible or
// break the message, so they are shown as escapes; U+FEFF and U+00A0 are the usual culprits.
const INVISIBLE = /(?! )[\p{C}\p{Z}]/gu;

function escapeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const hex = code.toString(16).padStart(4, '0');
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex}`;
}

/** Quotes a piece of a line for an error message, shortened and with invisible characters escaped. */
export function showSnippet(text: string): string {
  const shortened = text.length > MAX_SNIPPET_LENGTH ? `${text.slice(0, MAX_SNIPPET_LENGTH)}…` : text;
  const visible = shortened.replace(INVISIBLE, escapeCharacter);
  // ''a'' would be hard to read.
  return visible.includes("'") && !visible.includes('"') ? `"${visible}"` : `'${visible}'`;
}
