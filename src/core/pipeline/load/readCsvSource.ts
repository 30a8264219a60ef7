import { createReadStream } from 'node:fs';
import { CsvError, parse, type Info } from 'csv-parse';
import type { JsonObject } from '../../jsonl/types';
import type { LoadedItem, LoadProblem, LoadSource } from './types';

interface CsvRecord {
  record: Record<string, string>;
  info: Info;
  raw: string;
}

/**
 * Streams a CSV file: the header row names the columns, every later record is one row.
 *
 * Values stay strings, exactly as written ("007", "true" and "" included): guessing numbers
 * and booleans would silently change data such as IDs and zip codes, and a pipeline cannot
 * tell which columns were meant as text. A record that cannot be read (wrong number of values,
 * a quote never closed) is reported at its line and skipped.
 */
export async function* readCsvSource(source: LoadSource, signal?: AbortSignal): AsyncGenerator<LoadedItem> {
  const skipped: LoadProblem[] = [];
  const parser = createReadStream(source.path, signal ? { signal } : {}).pipe(
    parse({
      columns: true,
      bom: true,
      info: true,
      raw: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error, raw) => {
        if (error) skipped.push(csvProblem(source.path, error, raw ?? ''));
        return undefined;
      },
    }),
  );
  const { start, end } = source.range ?? { start: 1, end: Infinity };
  // Records and skipped records both count as rows for `lines`, in file order. The parser
  // reports a skipped record as soon as it reads it, possibly before it hands over the
  // records above it, so problems wait here until the records before them are out.
  let position = 0;
  const take = (): boolean => {
    position += 1;
    return position >= start && position <= end;
  };
  try {
    for await (const { record, info, raw } of parser as AsyncIterable<CsvRecord>) {
      const line = startLine(info.lines, raw);
      while (skipped[0] !== undefined && skipped[0].line < line) {
        const problem = skipped.shift() as LoadProblem;
        if (take()) yield { kind: 'problem', problem };
      }
      if (take()) yield { kind: 'row', row: { line, value: record as JsonObject } };
      if (position >= end) return;
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    skipped.push(csvProblem(source.path, error, ''));
  } finally {
    parser.destroy();
  }
  for (const problem of skipped) if (take()) yield { kind: 'problem', problem };
}

/** csv-parse reports the line a record ends on; a quoted value may span several lines. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^(\r?\n)+/, '').replace(/(\r?\n)+$/, '');
  return endLine - (body.match(/\n/g)?.length ?? 0);
}

function csvProblem(file: string, error: CsvError, raw: string): LoadProblem {
  const line = startLine(typeof error.lines === 'number' ? error.lines : 1, raw);
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return { file, line, column: 1, message: 'this record has a different number of values than the header has columns; it was skipped. Quote values that contain commas.' };
    case 'CSV_QUOTE_NOT_CLOSED':
      return { file, line, column: 1, message: 'a quoted value starting here is never closed, so the rest of the file was read as part of it and skipped. Close the quote.' };
    default:
      return { file, line, column: 1, message: `${error.message}; the record was skipped.` };
  }
}
