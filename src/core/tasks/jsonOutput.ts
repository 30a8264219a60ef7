import { parse as parseLenient, printParseErrorCode, type ParseError } from 'jsonc-parser';

/**
 * Reading JSON out of model output. Models wrap it in ```json fences, put prose before or
 * after it, write Python literals ('single quotes', True, None) or leave raw newlines inside
 * strings; all of that is accepted. Truncated or otherwise broken JSON is refused with the
 * reason, never patched into a half-right value.
 */

export type JsonOutput = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseJsonOutput(raw: string | null): JsonOutput {
  if (raw === null) return { ok: false, reason: 'the endpoint returned no content' };
  if (raw.trim() === '') return { ok: false, reason: 'the output is empty' };
  let firstProblem: string | undefined;
  for (const candidate of candidates(raw)) {
    const parsed = parseCandidate(candidate);
    if (parsed.ok) return parsed;
    firstProblem ??= parsed.reason;
  }
  return { ok: false, reason: firstProblem ?? 'the output holds no JSON' };
}

/** The values of `keys` in a JSON object output; every key null, with the reason, otherwise. */
export function parseJsonKeys(raw: string | null, keys: readonly string[]): { values: Record<string, unknown>; parseError?: string } {
  const nulls = Object.fromEntries(keys.map((key) => [key, null]));
  const parsed = parseJsonOutput(raw);
  if (!parsed.ok) return { values: nulls, parseError: parsed.reason };
  const { value } = parsed;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { values: nulls, parseError: `expected a JSON object with ${keys.join(', ')}, got ${Array.isArray(value) ? 'a list' : typeof value}` };
  }
  const object = value as Record<string, unknown>;
  const missing = keys.filter((key) => !(key in object));
  const values = Object.fromEntries(keys.map((key) => [key, object[key] ?? null]));
  return missing.length === 0 ? { values } : { values, parseError: `the JSON has no ${missing.join(', ')}` };
}

/** Texts that may hold the JSON, most likely first: the whole output, fenced blocks, the outermost brackets. */
function* candidates(raw: string): Generator<string> {
  yield raw.trim();
  for (const match of raw.matchAll(/```[\w-]*\s*\n?([\s\S]*?)```/g)) yield (match[1] ?? '').trim();
  const start = raw.search(/[[{]/);
  if (start >= 0) yield raw.slice(start, outermostEnd(raw, start)).trim();
}

/** Index just past the bracket that closes the one at `start` (or the end of text when none does). */
function outermostEnd(text: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let index = start; index < text.length; index++) {
    const char = text[index] as string;
    if (quote) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '{' || char === '[') depth++;
    else if ((char === '}' || char === ']') && --depth === 0) return index + 1;
  }
  return text.length;
}

function parseCandidate(text: string): JsonOutput {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // Fall through to the lenient reading, which only objects, lists and strings get: prose
    // that starts with a digit ("1. first idea") is not a broken number.
  }
  if (!/^[[{"']/.test(text)) return { ok: false, reason: 'the output holds no JSON' };
  const strict = asStrictJson(text);
  const errors: ParseError[] = [];
  const value: unknown = parseLenient(strict, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length === 0) return { ok: true, value };
  const first = errors[0] as ParseError;
  const code = printParseErrorCode(first.error);
  const truncated = code.startsWith('UnexpectedEnd') || first.offset >= strict.trimEnd().length;
  return { ok: false, reason: truncated ? 'the JSON is cut off before its end' : `invalid JSON (${code} at character ${first.offset + 1})` };
}

/**
 * Python-literal spellings to JSON: single-quoted strings become double-quoted, True/False/None
 * become true/false/null, and raw control characters inside strings are escaped.
 */
function asStrictJson(text: string): string {
  let out = '';
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (quote) {
      if (char === '\\') {
        const next = text[index + 1] ?? '';
        // JSON has no \' escape: an escaped single quote is just the character.
        out += next === "'" ? "'" : `\\${next}`;
        index++;
      } else if (char === quote) {
        out += '"';
        quote = undefined;
      } else if (char === '"') out += '\\"';
      else if (char === '\n') out += '\\n';
      else if (char === '\r') out += '\\r';
      else if (char === '\t') out += '\\t';
      else out += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      out += '"';
    } else {
      const word = /^(True|False|None)\b/.exec(text.slice(index));
      if (word) {
        out += word[1] === 'True' ? 'true' : word[1] === 'False' ? 'false' : 'null';
        index += (word[1] as string).length - 1;
      } else out += char;
    }
  }
  return out;
}
