import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The injection grammar's patterns, checked on representative lines. vscode-textmate is not a
 * dependency, so the Oniguruma patterns run as JavaScript regular expressions: they use no
 * syntax the two engines read differently.
 */

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  captures?: Record<string, { name: string }>;
  beginCaptures?: Record<string, { name: string }>;
  patterns?: Rule[];
}

const grammar = JSON.parse(readFileSync(join(process.cwd(), 'syntaxes', 'pipeline-yaml.injection.json'), 'utf8')) as {
  scopeName: string;
  injectionSelector: string;
  repository: Record<string, Rule>;
};
const rule = (name: string): Rule => grammar.repository[name] as Rule;
const regex = (source: string | undefined, flags = ''): RegExp => new RegExp(source ?? '(?!)', flags);

/** The text of every capture that gets `scope`, over all matches in `line`. */
function captured(pattern: string | undefined, captures: Rule['captures'], scope: string, line: string): string[] {
  const groups = Object.entries(captures ?? {}).filter(([, capture]) => capture.name === scope).map(([group]) => Number(group));
  return [...line.matchAll(regex(pattern, 'g'))].flatMap((match) => groups.map((group) => match[group] ?? ''));
}

const STEP_REFERENCE = 'entity.name.function.step-reference.distillery';

describe('the pipeline YAML injection grammar', () => {
  test('is injected into YAML, outside comments, and contributed', () => {
    assert.equal(grammar.injectionSelector, 'L:source.yaml -comment');
    const manifest = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { contributes: { grammars: unknown } };
    assert.deepEqual(manifest.contributes.grammars, [{ scopeName: grammar.scopeName, path: './syntaxes/pipeline-yaml.injection.json', injectTo: ['source.yaml'] }]);
  });

  test('{{ column }} placeholders: the name, with or without spaces; nothing for Jinja expressions', () => {
    const { match, captures } = rule('placeholder');
    const names = (line: string) => captured(match, captures, 'variable.other.column.distillery', line);
    assert.deepEqual(names('      template: "Answer {{ instruction }} about {{topic}}."'), ['instruction', 'topic']);
    assert.deepEqual(names('        {{ system-prompt }} and {{ a_b2 }}'), ['system-prompt', 'a_b2']);
    assert.deepEqual(names('      template: "{{ x | upper }} {% if y %} {{ 1x }}"'), []);
  });

  test('`after: name`: the key as YAML, the name as a step reference', () => {
    const { match, captures } = rule('after-single');
    assert.deepEqual(captured(match, captures, STEP_REFERENCE, '    after: seeds'), ['seeds']);
    assert.deepEqual(captured(match, captures, STEP_REFERENCE, '  - after: seeds   # the file'), ['seeds']);
    assert.deepEqual(captured(match, captures, 'entity.name.tag.yaml', '    after: seeds'), ['after']);
    assert.deepEqual(captured(match, captures, STEP_REFERENCE, '    after: [a, b]'), []);
    assert.deepEqual(captured(match, captures, STEP_REFERENCE, '    after_all: seeds'), []);
    assert.deepEqual(captured(match, captures, STEP_REFERENCE, '    load: after: x'), []);
  });

  test('`after: [a, b]`: each name inside the brackets', () => {
    const flow = rule('after-flow-list');
    assert.ok(regex(flow.begin).test('    after: [seeds, evolve]'));
    assert.ok(!regex(flow.begin).test('    after: seeds'));
    const [name] = flow.patterns ?? [];
    assert.deepEqual('seeds, evolve]'.match(regex(name?.match, 'g')), ['seeds', 'evolve']);
    assert.ok(regex(flow.end).test(']'));
  });

  test('`after:` and a block list: each `- name` line, ending at the first other line', () => {
    const block = rule('after-block-list');
    assert.ok(regex(block.begin).test('    after:'));
    assert.ok(regex(block.begin).test('    after:   # both'));
    assert.ok(!regex(block.begin).test('    after: seeds'));
    const [item] = block.patterns ?? [];
    assert.deepEqual(captured(item?.match, item?.captures, STEP_REFERENCE, '      - seeds'), ['seeds']);
    const ends = (line: string) => regex(block.end).test(line);
    assert.equal(ends('      - seeds'), false);
    assert.equal(ends('      - evolve  # a comment'), false);
    assert.equal(ends(''), false);
    assert.equal(ends('    with: { columns: [a] }'), true);
    assert.equal(ends('  - name: next'), true);
  });
});
