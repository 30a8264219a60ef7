/**
 * Text from a model or a file, with the characters that show nothing or change how the text
 * around them is shown (bidirectional controls such as U+202E, zero-width spaces, other control
 * and format characters) drawn as a visible label instead, as VS Code's editor highlights them:
 * a reviewer deciding on a row sees what it holds ("photo_\u202Egnp.exe" is not shown as
 * "photo_exe.png"). Joiners (U+200C, U+200D) stay: scripts and emoji need them.
 */

// Control characters are what this matches.
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB]/gu;

const NAMES: Readonly<Record<string, string>> = {
  '\u00AD': 'soft hyphen',
  '\u061C': 'Arabic letter mark',
  '\u200B': 'zero width space',
  '\u200E': 'left-to-right mark',
  '\u200F': 'right-to-left mark',
  '\u202A': 'left-to-right embedding',
  '\u202B': 'right-to-left embedding',
  '\u202C': 'pop directional formatting',
  '\u202D': 'left-to-right override',
  '\u202E': 'right-to-left override',
  '\u2060': 'word joiner',
  '\u2066': 'left-to-right isolate',
  '\u2067': 'right-to-left isolate',
  '\u2068': 'first strong isolate',
  '\u2069': 'pop directional isolate',
  '\uFEFF': 'zero width no-break space',
};

/** `U+202E` for a character. */
export function codePointLabel(char: string): string {
  return `U+${(char.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The nodes showing `text`: its visible runs as text, each hidden character as a labelled mark. */
export function visibleTextNodes(text: string): Node[] {
  const nodes: Node[] = [];
  let start = 0;
  for (const match of text.matchAll(HIDDEN)) {
    const index = match.index as number;
    if (index > start) nodes.push(document.createTextNode(text.slice(start, index)));
    const label = codePointLabel(match[0]);
    const mark = document.createElement('span');
    mark.className = 'hidden-char';
    mark.textContent = label;
    const name = NAMES[match[0]];
    mark.title = name ? `${label} ${name}: shown here, not applied` : `${label}: shown here, not applied`;
    nodes.push(mark);
    start = index + match[0].length;
  }
  if (start < text.length || nodes.length === 0) nodes.push(document.createTextNode(text.slice(start)));
  return nodes;
}
