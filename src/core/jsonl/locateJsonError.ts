import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';
import { findStringFlaw } from './findStringFlaw';
import { showSnippet } from './showSnippet';

/** Where a line that JSON.parse rejected goes wrong, and what is wrong there. */
export interface JsonProblem {
  /** 1-based. */
  column: number;
  problem: string;
}

type ErrorName = ReturnType<typeof printParseErrorCode>;
/** Codes for a bad character inside a string, which findStringFlaw describes. */
type StringFlawName = 'InvalidCharacter' | 'InvalidEscapeCharacter' | 'InvalidUnicode';
type DescribedName = Exclude<ErrorName, StringFlawName | '<unknown ParseErrorCode>'>;
type Closer = '}' | ']';

/** The text found where the error is, shown for a message, and the container it is in. */
interface ErrorSite {
  token: string;
  found: string;
  closer: Closer;
}

// A bare word or a single quote is usually a property name or string missing its double quotes.
const LOOKS_UNQUOTED = /^[A-Za-z_$']/;

const PROBLEMS: Record<DescribedName, (site: ErrorSite) => string> = {
  InvalidSymbol: ({ token, found }) =>
    LOOKS_UNQUOTED.test(token)
      ? `unexpected ${found} (strings and property names need double quotes; the only bare words are true, false and null)`
      : `unexpected ${found}`,
  InvalidNumberFormat: ({ found }) => `invalid number ${found}`,
  PropertyNameExpected: ({ found }) => `unexpected ${found} (expected a property name in double quotes)`,
  ValueExpected: ({ found }) => `unexpected ${found} (expected a value)`,
  ColonExpected: ({ found }) => `unexpected ${found} (expected ':')`,
  CommaExpected: ({ found, closer }) => `unexpected ${found} (expected ',' or '${closer}')`,
  CloseBraceExpected: ({ found }) => `unexpected ${found} (expected ',' or '}')`,
  CloseBracketExpected: ({ found }) => `unexpected ${found} (expected ',' or ']')`,
  EndOfFileExpected: ({ found }) =>
    `unexpected ${found} after the end of the value (a line holds exactly one JSON object)`,
  InvalidCommentToken: () => 'comments are not allowed in JSON',
  UnexpectedEndOfComment: () => 'comments are not allowed in JSON',
  UnexpectedEndOfString: () => `unterminated string (add the closing '"')`,
  UnexpectedEndOfNumber: ({ found }) => `incomplete number ${found}`,
};

/** The first error jsonc-parser meets, with the innermost open container at that point. */
class FirstSyntaxError {
  constructor(
    readonly code: ParseErrorCode,
    readonly offset: number,
    readonly length: number,
    readonly closer: Closer,
  ) {}
}

function findFirstSyntaxError(line: string): FirstSyntaxError | undefined {
  const openContainers: Closer[] = [];
  try {
    visit(
      line,
      {
        onObjectBegin: () => {
          openContainers.push('}');
        },
        onArrayBegin: () => {
          openContainers.push(']');
        },
        onObjectEnd: () => {
          openContainers.pop();
        },
        onArrayEnd: () => {
          openContainers.pop();
        },
        // Throwing stops the scan at once: the rest of a 10 MB line need not be read.
        onError: (code, offset, length) => {
          throw new FirstSyntaxError(code, offset, length, openContainers.at(-1) ?? '}');
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
  } catch (thrown) {
    if (thrown instanceof FirstSyntaxError) return thrown;
    // jsonc-parser recurses once per nesting level, so absurdly deep lines overflow the stack.
    if (thrown instanceof RangeError) return undefined;
    throw thrown;
  }
  return undefined;
}

function isDescribed(name: ErrorName): name is DescribedName {
  return Object.hasOwn(PROBLEMS, name);
}

/**
 * Locates the problem in a line JSON.parse rejected. Undefined when jsonc-parser cannot tell
 * (it disagrees with JSON.parse or the line nests too deeply for it).
 */
export function locateJsonError(line: string): JsonProblem | undefined {
  const error = findFirstSyntaxError(line);
  if (error === undefined) return undefined;
  const name = printParseErrorCode(error.code);
  if (isDescribed(name)) {
    const token = line.slice(error.offset, error.offset + Math.max(error.length, 1));
    const found = token === '' ? 'end of line' : showSnippet(token);
    return { column: error.offset + 1, problem: PROBLEMS[name]({ token, found, closer: error.closer }) };
  }
  if (name === '<unknown ParseErrorCode>') return undefined;
  // jsonc-parser reports a bad character in a string where the string starts; pinpoint it.
  const flaw = findStringFlaw(line, error.offset, error.offset + error.length);
  return flaw && { column: flaw.offset + 1, problem: flaw.problem };
}
