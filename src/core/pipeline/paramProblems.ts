import type * as z from 'zod';
import { describeParams } from '../docs/paramDocs';
import { closestNames, didYouMean } from './suggest';
import { describeIssue, valueAt } from './zodIssues';

type Issue = z.core.$ZodIssue;

const MISSING_VALUE_CODES: ReadonlySet<Issue['code']> = new Set(['invalid_type', 'invalid_value', 'invalid_union']);

/**
 * One problem with a task's (or column step's) parameters, worded once for every place that
 * shows it: the editor's diagnostics and the CLI's `--param` errors.
 */
export type ParamProblem =
  /** A key the schema does not know; `path` is the map it was written in ([] for the parameters). */
  | { code: 'unknown-param'; key: string; path: readonly PropertyKey[]; suggestions: string[]; message: string }
  | { code: 'missing-param'; name: string; message: string }
  | { code: 'invalid-param'; path: readonly PropertyKey[]; message: string };

/**
 * Turns the zod issues of `written` (the parameters as given) against `schema` into problems
 * named after what the user wrote: "EvolInstruct needs parameter `num_evolutions` (integer ≥ 1)"
 * instead of zod's "expected number, received undefined".
 */
export function paramProblems(owner: string, schema: z.ZodObject, written: unknown, issues: readonly Issue[]): ParamProblem[] {
  const docs = new Map(describeParams(schema).map((doc) => [doc.name, doc]));
  return issues.flatMap((issue): ParamProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      const known = issue.path.length === 0 ? [...docs.keys()] : [];
      return issue.keys.map((key) => {
        const suggestions = closestNames(key, known);
        const place = issue.path.length === 0 ? `${owner} has no parameter "${key}"` : `Unknown key "${key}" in \`${issue.path.join('.')}\``;
        const hint = suggestions.length > 0 ? didYouMean(suggestions) : known.length > 0 ? `; its parameters: ${known.join(', ')}.` : '.';
        return { code: 'unknown-param', key, path: issue.path, suggestions, message: `${place}${hint}` };
      });
    }
    // zod reports a required parameter left out as a value of the wrong type (or not one of the allowed): undefined.
    if (MISSING_VALUE_CODES.has(issue.code) && issue.path.length === 1 && valueAt(written, issue.path) === undefined) {
      const name = String(issue.path[0]);
      const doc = docs.get(name);
      const what = doc ? ` (${doc.type})${doc.description ? `: ${doc.description}` : ''}` : '.';
      return [{ code: 'missing-param', name, message: `${owner} needs parameter \`${name}\`${what}` }];
    }
    return [{ code: 'invalid-param', path: issue.path, message: `Invalid \`${issue.path.join('.')}\` for ${owner}: ${describeIssue(issue, written)}.` }];
  });
}
