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

/** Hands out one key per row text; the second row with the same text gets `~2`, and so on. */
export class RowKeys {
  private readonly seen = new Map<string, number>();

  next(lineText: string): string {
    const base = hash53(lineText).toString(36);
    const count = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, count);
    return count === 1 ? base : `${base}~${count}`;
  }
}
