/**
 * Keys for the panel's rows, made from the row's text as it stands in the file. A key made this
 * way is the same after VS Code restarts and the file is read again, so the decisions the panel
 * kept (in the webview's saved state) find their rows without any file of our own. Pure.
 */

/** cyrb53: a fast 53-bit string hash; collisions only cost a suffix, never a wrong match. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The key of a row's text: its hash, or for the second row with the same text `~2`, and so on,
 * `taken` saying which keys are in use (the model's own table of rows: no second table of every
 * key is kept for this).
 */
export function rowKey(lineText: string, taken: (key: string) => boolean): string {
  const base = hash53(lineText).toString(36);
  if (!taken(base)) return base;
  let count = 2;
  while (taken(`${base}~${count}`)) count += 1;
  return `${base}~${count}`;
}
