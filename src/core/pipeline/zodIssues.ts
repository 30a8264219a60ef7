import type * as z from 'zod';
import { describeJsonValue } from '../tasks/columns';

type Issue = z.core.$ZodIssue;

const EXPECTED_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map',
  record: 'a map',
  null: 'null',
};

/** The value at `path` inside `data`, to say what was written instead. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function written(value: unknown): string {
  return value === undefined ? 'nothing' : describeJsonValue(value);
}

/** The types a union's branches wanted at the union's own place: "a string or a list". */
function unionExpectations(issue: Extract<Issue, { code: 'invalid_union' }>): string[] {
  const wanted = issue.errors.flatMap((branch) => branch.filter((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
  return [...new Set(wanted.map((inner) => EXPECTED_WORDS[(inner as { expected: string }).expected] ?? (inner as { expected: string }).expected))];
}

function bound(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  const [inclusive, exclusive] = issue.code === 'too_small' ? ['≥', '>'] : ['≤', '<'];
  switch (issue.origin) {
    case 'string':
      return issue.code === 'too_small' && Number(limit) === 1 ? 'must not be empty' : `must be ${inclusive} ${String(limit)} characters long`;
    case 'array':
      return issue.code === 'too_small' ? `needs at least ${String(limit)} item${Number(limit) === 1 ? '' : 's'}` : `takes at most ${String(limit)} items`;
    default:
      return `must be ${issue.inclusive === false ? exclusive : inclusive} ${String(limit)}`;
  }
}

/**
 * What is wrong, in the words of the file's author: "expected an integer, got a string
 * ("two")" rather than zod's "Invalid input: expected int, received string". `data` is the
 * parsed object the issue's path points into.
 */
export function describeIssue(issue: Issue, data: unknown): string {
  const value = valueAt(data, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${EXPECTED_WORDS[issue.expected] ?? issue.expected}, got ${written(value)}`;
    case 'invalid_union': {
      const expected = unionExpectations(issue);
      return expected.length > 0 ? `expected ${expected.join(' or ')}, got ${written(value)}` : issue.message;
    }
    case 'too_small':
    case 'too_big':
      return `${bound(issue)}, got ${written(value)}`;
    case 'invalid_value':
      return `must be ${issue.values.map((option) => JSON.stringify(option)).join(' or ')}, got ${written(value)}`;
    default:
      return issue.message;
  }
}
