import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodePipelineHost, validatePipeline, type PipelineHost, type TextEdit, type TextPosition, type TextRange } from '../../../src/core/pipeline/languageService';

/** Shared by the pipeline language service tests: fixtures, positions written as text, edits. */

export const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'pipelines');

export function fixturePath(group: 'clean' | 'diagnostics', name: string): string {
  return join(FIXTURES, group, `${name}.pipeline.yaml`);
}

export interface Fixture {
  path: string;
  text: string;
  host: PipelineHost;
}

export function loadFixture(group: 'clean' | 'diagnostics', name: string): Fixture {
  const path = fixturePath(group, name);
  return { path, text: readFileSync(path, 'utf8'), host: nodePipelineHost(path) };
}

/**
 * A text of a pipeline that lives next to the fixtures (so `../data/...` paths resolve), for
 * tests that write their pipeline inline.
 */
export function inlineFixture(text: string): Fixture {
  const path = fixturePath('clean', 'inline-test');
  return { path, text, host: nodePipelineHost(path) };
}

export async function diagnose(fixture: Fixture) {
  return validatePipeline(fixture.text, fixture.host);
}

/** A range as an editor shows it, 1-based: `14:37-14:48`. */
export function rangeText(range: TextRange): string {
  return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}

function offsetAt(text: string, position: TextPosition): number {
  const lines = text.split('\n');
  return lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
}

/** Where `marker` starts in `text` (its `occurrence`-th appearance), plus `shift` characters. */
export function positionOf(text: string, marker: string, shift = 0, occurrence = 0): TextPosition {
  let index = -1;
  for (let seen = 0; seen <= occurrence; seen++) {
    index = text.indexOf(marker, index + 1);
    if (index < 0) throw new Error(`"${marker}" not found in the text`);
  }
  const before = text.slice(0, index + shift);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

/** The text with `edits` applied (as an editor applies a workspace edit: all against the original). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  return sorted.reduce((result, edit) => result.slice(0, offsetAt(text, edit.range.start)) + edit.newText + result.slice(offsetAt(text, edit.range.end)), text);
}

/** The cursor in the texts of editing tests. */
export const CURSOR = '‸';

/** A pipeline written with one `‸` where the cursor is: the text without it, and the cursor's position. */
export function withCursor(marked: string): { fixture: Fixture; position: TextPosition } {
  const position = positionOf(marked, CURSOR);
  return { fixture: inlineFixture(marked.replace(CURSOR, '')), position };
}
