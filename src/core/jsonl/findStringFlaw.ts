import { showSnippet } from './showSnippet';

/** A character JSON forbids inside a string literal, and where it is. */
export interface StringFlaw {
  /** Index in the line. */
  offset: number;
  problem: string;
}

const BACKSLASH = 0x5c;
const SINGLE_CHARACTER_ESCAPES = '"\\/bfnrt';
const HEX_DIGIT = /[0-9a-fA-F]/;

function leadingHexDigits(text: string): string {
  let count = 0;
  while (count < 4 && HEX_DIGIT.test(text.charAt(count))) count += 1;
  return text.slice(0, count);
}

/**
 * Finds the first flaw in the string literal spanning [start, end) of `line`. jsonc-parser
 * only reports where the whole string starts, which is little help in a long string.
 */
export function findStringFlaw(line: string, start: number, end: number): StringFlaw | undefined {
  for (let index = start + 1; index < end; index += 1) {
    const code = line.charCodeAt(index);
    if (code < 0x20) {
      return {
        offset: index,
        problem: `unescaped control character ${showSnippet(line.charAt(index))} in a string (write it as an escape such as \\n or \\t)`,
      };
    }
    if (code !== BACKSLASH) continue;
    const escaped = line.charAt(index + 1);
    if (escaped === 'u') {
      const hex = leadingHexDigits(line.slice(index + 2, index + 6));
      if (hex.length < 4) {
        return {
          offset: index,
          problem: `invalid escape ${showSnippet(`\\u${hex}`)} in a string (\\u must be followed by 4 hex digits)`,
        };
      }
      index += 5;
    } else if (escaped !== '' && SINGLE_CHARACTER_ESCAPES.includes(escaped)) {
      index += 1;
    } else {
      return {
        offset: index,
        problem: `invalid escape ${showSnippet(`\\${escaped}`)} in a string (write a literal backslash as \\\\)`,
      };
    }
  }
  return undefined;
}
