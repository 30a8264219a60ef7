import type { PipelineDiagnostic } from '../diagnostic';
import type { PipelineSource } from '../locate';
import { report } from '../report';

/** The parser points at one character; the word starting there (a key, a value) reads better. */
function wordEnd(text: string, start: number, end: number): number {
  if (end - start > 1) return end;
  let wordEnd = start;
  while (wordEnd < text.length && /[A-Za-z0-9_-]/.test(text[wordEnd] as string)) wordEnd++;
  return Math.max(end, wordEnd);
}

/**
 * The parser's own errors. They come first and alone: on a file the parser could not read, the
 * other rules would see a tree that is not what the author wrote and report noise.
 */
export function yamlSyntax(source: PipelineSource): PipelineDiagnostic[] {
  return source.document.errors.map((error) => {
    const [start, end] = error.pos;
    const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
    return report(source, source.rangeBetween(start, wordEnd(source.text, start, end)), 'yaml-syntax', `YAML: ${message}`);
  });
}
