/** A JSON object row as read from one line of a JSONL file. */
export type JsonObject = { [key: string]: unknown };

export interface JsonlRow {
  /** 1-based line number in the source text. */
  line: number;
  value: JsonObject;
}

/** A line that could not be read as a JSON object; reading goes on past it. */
export interface JsonlLineError {
  /** 1-based line number. */
  line: number;
  /**
   * 1-based column of the problem within the line (1 when unknown), counted in UTF-16 code
   * units as editors do, and after the byte order mark on line 1.
   */
  column: number;
  message: string;
}

export interface JsonlParseResult {
  rows: JsonlRow[];
  errors: JsonlLineError[];
  /** Blank (whitespace-only) lines seen; they are neither rows nor errors. */
  blankLines: number[];
}

/** An inclusive, 1-based range of lines. */
export interface LineRange {
  start: number;
  end: number;
}

/** What one line turned out to be. */
export type JsonlLineResult =
  | { kind: 'row'; row: JsonlRow }
  | { kind: 'error'; error: JsonlLineError }
  | { kind: 'blank'; line: number };

/** One item of a streamed read; blank lines are skipped. */
export type JsonlReadItem = Exclude<JsonlLineResult, { kind: 'blank' }>;
