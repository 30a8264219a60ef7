import { parseJsonlLine, type JsonObject } from '../../core/jsonl';
import { holdsTaskOutputs } from '../../core/results/holdsTaskOutputs';

export interface ResultLine {
  /** 1-based. */
  line: number;
  text: string;
  value: JsonObject;
}

/** The lines of a JSONL text that hold task outputs; other rows and bad lines are left out. Pure. */
export function resultLinesOf(lines: readonly string[]): ResultLine[] {
  return lines.flatMap((text, index) => {
    const parsed = parseJsonlLine(text, index + 1);
    return parsed.kind === 'row' && holdsTaskOutputs(parsed.row.value) ? [{ line: index + 1, text, value: parsed.row.value }] : [];
  });
}
