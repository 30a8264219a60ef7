import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonl, parseJsonlLine, type JsonlLineError } from '../../../src/core/jsonl';

function invalidJson(column: number, problem: string): string {
  return `invalid JSON at column ${column}: ${problem}. Fix or delete this line.`;
}

function notAnObject(got: string): string {
  return `expected a JSON object, got ${got}. Each line must hold one {...} object: wrap the value in an object or delete this line.`;
}

const UNQUOTED_HINT = '(strings and property names need double quotes; the only bare words are true, false and null)';

/** The single error parseJsonl reports for a one-line text. */
function onlyError(line: string): JsonlLineError {
  const result = parseJsonl(line);
  assert.deepEqual(result.rows, []);
  assert.equal(result.errors.length, 1);
  return result.errors[0] as JsonlLineError;
}

describe('parseJsonl', () => {
  test('reads rows with their 1-based line numbers, tolerating bad, blank, BOM and CRLF lines', () => {
    const text = '\uFEFF{"a":1}\r\n\r\n{"a":}\r\n  \t \n[1,2]\n{"b":"x\\ny"}';
    assert.deepEqual(parseJsonl(text), {
      rows: [
        { line: 1, value: { a: 1 } },
        { line: 6, value: { b: 'x\ny' } },
      ],
      errors: [
        { line: 3, column: 6, message: invalidJson(6, "unexpected '}' (expected a value)") },
        { line: 5, column: 1, message: notAnObject('an array') },
      ],
      blankLines: [2, 4],
    });
  });

  test('a final newline adds no blank line', () => {
    assert.deepEqual(parseJsonl('{"a":1}\n{"a":2}\n'), {
      rows: [
        { line: 1, value: { a: 1 } },
        { line: 2, value: { a: 2 } },
      ],
      errors: [],
      blankLines: [],
    });
  });

  test('empty text has nothing', () => {
    assert.deepEqual(parseJsonl(''), { rows: [], errors: [], blankLines: [] });
  });

  test('columns on line 1 are counted after the BOM', () => {
    assert.deepEqual(parseJsonl('\uFEFF{"a" 1}\n').errors, [
      { line: 1, column: 6, message: invalidJson(6, "unexpected '1' (expected ':')") },
    ]);
  });

  test('a BOM after line 1 is a stray character', () => {
    assert.deepEqual(parseJsonl('{"a":1}\n\uFEFF{"a":2}').errors, [
      { line: 2, column: 1, message: invalidJson(1, "unexpected '\\ufeff'") },
    ]);
  });

  describe('lines that are JSON but not an object', () => {
    const cases: Array<[string, string]> = [
      ['[1,2]', 'an array'],
      ['"x"', 'a string'],
      ['3', 'a number'],
      ['null', 'null'],
      ['true', 'a boolean'],
    ];
    for (const [line, got] of cases) {
      test(line, () => {
        assert.deepEqual(onlyError(line), { line: 1, column: 1, message: notAnObject(got) });
      });
    }

    test('the column points at the value after leading whitespace', () => {
      assert.deepEqual(onlyError(' \t[1]'), { line: 1, column: 3, message: notAnObject('an array') });
    });
  });

  describe('invalid JSON gives the column and the problem', () => {
    const cases: Array<[string, number, string]> = [
      ['{"a":}', 6, "unexpected '}' (expected a value)"],
      ['{"a":', 6, 'unexpected end of line (expected a value)'],
      ['{"a":1,}', 8, "unexpected '}' (expected a property name in double quotes)"],
      ['{"a" 1}', 6, "unexpected '1' (expected ':')"],
      ['{"a":1 "b":2}', 8, `unexpected '"b"' (expected ',' or '}')`],
      ['{"a":[1 2]}', 9, "unexpected '2' (expected ',' or ']')"],
      ['{"a":{"b":1]}', 12, "unexpected ']' (expected ',' or '}')"],
      ['{"a":1', 7, "unexpected end of line (expected ',' or '}')"],
      ['{"a":[1,2', 10, "unexpected end of line (expected ',' or ']')"],
      ['{"a":1}{"b":2}', 8, "unexpected '{' after the end of the value (a line holds exactly one JSON object)"],
      ['{"a":1} -', 9, "unexpected '-'"],
      ['{"a":1} x', 9, `unexpected 'x' ${UNQUOTED_HINT}`],
      ["{'a':1}", 2, `unexpected "'a'" ${UNQUOTED_HINT}`],
      ['{a:1}', 2, `unexpected 'a' ${UNQUOTED_HINT}`],
      ['{"a":tru}', 6, `unexpected 'tru' ${UNQUOTED_HINT}`],
      [`{"a":${'x'.repeat(40)}}`, 6, `unexpected '${'x'.repeat(24)}…' ${UNQUOTED_HINT}`],
      ['{"a":1}\u00a0', 8, "unexpected '\\u00a0'"],
      ['{"a":1.}', 6, "incomplete number '1.'"],
      ['{"a":"x', 6, `unterminated string (add the closing '"')`],
      ['{"a":1} // note', 9, 'comments are not allowed in JSON'],
      ['{"a":"ab\tc"}', 9, "unescaped control character '\\u0009' in a string (write it as an escape such as \\n or \\t)"],
      ['{"a":"ok\\x"}', 9, "invalid escape '\\x' in a string (write a literal backslash as \\\\)"],
      ['{"a":"\\n\\u00e9\\q"}', 15, "invalid escape '\\q' in a string (write a literal backslash as \\\\)"],
      ['{"a":"\\u12G4"}', 7, "invalid escape '\\u12' in a string (\\u must be followed by 4 hex digits)"],
    ];
    for (const [line, column, problem] of cases) {
      test(JSON.stringify(line), () => {
        assert.deepEqual(onlyError(line), { line: 1, column, message: invalidJson(column, problem) });
      });
    }

    test('a line nested too deeply to locate the problem still gets an error', () => {
      assert.deepEqual(onlyError(`{"a":${'['.repeat(100_000)}`), {
        line: 1,
        column: 1,
        message: 'invalid JSON: Unexpected end of JSON input. Fix or delete this line.',
      });
    });
  });

  describe('range', () => {
    const text = '{"n":1}\n{"n":2}\n\n{"n":\n{"n":5}\n';

    test('parses only the lines in range, numbered as in the whole text', () => {
      assert.deepEqual(parseJsonl(text, { start: 2, end: 4 }), {
        rows: [{ line: 2, value: { n: 2 } }],
        errors: [{ line: 4, column: 6, message: invalidJson(6, 'unexpected end of line (expected a value)') }],
        blankLines: [3],
      });
    });

    test('a range reaching past the end stops at the last line', () => {
      assert.deepEqual(parseJsonl(text, { start: 5, end: 99 }), {
        rows: [{ line: 5, value: { n: 5 } }],
        errors: [],
        blankLines: [],
      });
    });

    test('a one-line range', () => {
      assert.deepEqual(parseJsonl(text, { start: 1, end: 1 }).rows, [{ line: 1, value: { n: 1 } }]);
    });

    test('rejects a malformed range', () => {
      for (const range of [
        { start: 0, end: 2 },
        { start: 3, end: 2 },
        { start: 1.5, end: 2 },
      ]) {
        assert.throws(() => parseJsonl(text, range), {
          name: 'RangeError',
          message: `Invalid line range ${range.start}-${range.end}: start and end must be whole numbers with 1 <= start <= end.`,
        });
      }
    });
  });

  describe('10 MB lines', () => {
    const TEN_MB = 10 * 1024 * 1024;

    test('parses a valid one', () => {
      const text = `{"id":1}\n{"text":"${'x'.repeat(TEN_MB)}"}\n{"id":3}\n`;
      const result = parseJsonl(text);
      assert.deepEqual(
        result.rows.map((row) => row.line),
        [1, 2, 3],
      );
      assert.equal((result.rows[1]?.value.text as string).length, TEN_MB);
      assert.deepEqual(result.errors, []);
    });

    test('locates an error at its end', () => {
      const line = `{"text":"${'x'.repeat(TEN_MB)}","n":}`;
      const column = line.length;
      assert.deepEqual(onlyError(line), { line: 1, column, message: invalidJson(column, "unexpected '}' (expected a value)") });
    });
  });
});

describe('parseJsonlLine', () => {
  test('skips a BOM on line 1 only', () => {
    assert.deepEqual(parseJsonlLine('\uFEFF{"a":1}', 1), { kind: 'row', row: { line: 1, value: { a: 1 } } });
    assert.deepEqual(parseJsonlLine('\uFEFF{"a":1}', 7), {
      kind: 'error',
      error: { line: 7, column: 1, message: invalidJson(1, "unexpected '\\ufeff'") },
    });
  });

  test('a whitespace-only line is blank', () => {
    assert.deepEqual(parseJsonlLine(' \t\r', 4), { kind: 'blank', line: 4 });
  });

  test('a line with only a BOM is blank', () => {
    assert.deepEqual(parseJsonlLine('\uFEFF', 1), { kind: 'blank', line: 1 });
  });
});
