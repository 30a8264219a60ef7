import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pipelineCodeActions, validatePipeline, type DiagnosticCode } from '../../../src/core/pipeline/languageService';
import { applyEdits, inlineFixture, loadFixture, type Fixture } from './kit';

/** Applies the preferred quick fix of the first `code` diagnostic that has one; returns the fixed text and the fix's title. */
async function applyPreferredFix(fixture: Fixture, code: DiagnosticCode): Promise<{ text: string; title: string }> {
  const diagnostics = await validatePipeline(fixture.text, fixture.host);
  const diagnostic = diagnostics.find((candidate) => candidate.code === code && candidate.data?.fixes.some((fix) => fix.preferred));
  assert.ok(diagnostic, `no ${code} diagnostic in:\n${fixture.text}`);
  const actions = await pipelineCodeActions(fixture.text, diagnostic.range, fixture.host);
  const fix = actions.find((action) => action.diagnostic.code === code && action.preferred);
  assert.ok(fix, `no preferred fix for ${code}; actions: ${actions.map((action) => action.title).join(', ')}`);
  return { text: applyEdits(fixture.text, fix.edits), title: fix.title };
}

async function remaining(fixture: Fixture, text: string): Promise<string[]> {
  return (await validatePipeline(text, fixture.host)).map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`);
}

describe('quick fixes: the preferred fix of each fixture leaves a clean pipeline', () => {
  const rows: { code: DiagnosticCode; title: string; writes: string }[] = [
    { code: 'unknown-task', title: 'Change to "EvolInstruct"', writes: 'task: EvolInstruct' },
    { code: 'unknown-step-kind', title: 'Change to "KeepColumns"', writes: 'step: KeepColumns' },
    { code: 'unknown-param', title: 'Change to "store_evolutions"', writes: 'store_evolutions: true' },
    { code: 'unknown-reference', title: 'Change to "seeds"', writes: 'after: seeds' },
    { code: 'unknown-llm', title: 'Change to "judge"', writes: 'llm: judge' },
    { code: 'unknown-mapping-key', title: 'Change to "generation"', writes: 'output_mappings: { generation: answer }' },
    { code: 'unknown-mapping-column', title: 'Map input "instruction" to column "instruction"', writes: 'input_mappings: { instruction: instruction }' },
    { code: 'column-type-mismatch', title: 'Map input "instructions" to column "evolved_instructions"', writes: 'input_mappings: { instructions: evolved_instructions }' },
    { code: 'missing-after', title: 'Read the rows of "seeds"', writes: '    task: TextGeneration\n    after: seeds\n' },
    { code: 'no-llm', title: 'Use the endpoint "judge"', writes: '    after: seeds\n    llm: judge\n' },
    { code: 'overwrites-column', title: 'Write "generation" to "generation_polish"', writes: '    output_mappings: { generation: generation_polish }\n' },
    { code: 'template-placeholder', title: 'Change to {{ topic }} and list it in `columns`', writes: 'as an expert in {{ topic }}."\n      columns: [instruction, topic]\n' },
    { code: 'schema', title: 'Change to "output"', writes: '\noutput: out/answers.jsonl' },
  ];
  for (const { code, title, writes } of rows) {
    test(code, async () => {
      const fixture = loadFixture('diagnostics', code);
      const fixed = await applyPreferredFix(fixture, code);
      assert.equal(fixed.title, title);
      assert.ok(fixed.text.includes(writes), `expected the fix to write ${JSON.stringify(writes)}:\n${fixed.text}`);
      const left = await remaining(fixture, fixed.text);
      // The schema fixture has two more problems of its own, which no fix of an unknown key touches.
      assert.deepEqual(left.filter((entry) => !entry.startsWith('schema: ')), []);
      assert.ok(code === 'schema' ? left.length === 2 : left.length === 0, left.join('\n'));
    });
  }
});

describe('quick fixes: adding an input mapping', () => {
  const scorer = (mapping: string) => `name: score-evolutions
llms:
  default: { base_url: http://localhost:11434/v1, model: llama3.1 }
steps:
  - name: seeds
    load: ../data/seeds.jsonl
  - name: evolve
    task: EvolInstruct
    after: seeds
    with: { num_evolutions: 2, store_evolutions: true }
  - name: score
    task: ComplexityScorer
    after: evolve${mapping}
`;

  test('a step without input_mappings gets one, indented like its keys', async () => {
    const fixture = inlineFixture(scorer(''));
    const fixed = await applyPreferredFix(fixture, 'missing-column');
    assert.equal(fixed.text, scorer('\n    input_mappings: { instructions: evolved_instructions }'));
    assert.deepEqual(await remaining(fixture, fixed.text), []);
  });

  test('a block input_mappings gets one more line', async () => {
    const fixture = inlineFixture(scorer('\n    input_mappings:\n      unrelated: id'));
    const diagnostics = await validatePipeline(fixture.text, fixture.host);
    assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code), ['missing-column', 'unknown-mapping-key']);
    const fixed = await applyPreferredFix(fixture, 'missing-column');
    assert.equal(fixed.text, scorer('\n    input_mappings:\n      unrelated: id\n      instructions: evolved_instructions'));
  });

  test('a flow step gets the mapping inside its braces', async () => {
    const fixture = inlineFixture(scorer('').replace('  - name: score\n    task: ComplexityScorer\n    after: evolve\n', '  - { name: score, task: ComplexityScorer, after: evolve }\n'));
    const fixed = await applyPreferredFix(fixture, 'missing-column');
    assert.ok(fixed.text.includes('  - { name: score, task: ComplexityScorer, after: evolve, input_mappings: { instructions: evolved_instructions } }\n'), fixed.text);
    assert.deepEqual(await remaining(fixture, fixed.text), []);
  });

  test('an unrelated compatible column is offered, but not preferred', async () => {
    const fixture = inlineFixture(scorer('').replace('store_evolutions: true', 'store_evolutions: false'));
    const [diagnostic] = (await validatePipeline(fixture.text, fixture.host)).filter((candidate) => candidate.code === 'missing-column');
    assert.ok(diagnostic);
    assert.match(diagnostic.message, /^ComplexityScorer reads column "instructions" \(list<string>\), and no step before step "score" writes it\. Columns here: /);
    const actions = await pipelineCodeActions(fixture.text, diagnostic.range, fixture.host);
    assert.deepEqual(actions.map((action) => [action.title, action.preferred === true]), [['Map input "instructions" to column "tags"', false]]);
  });
});

describe('quick fixes: TextGeneration columns', () => {
  test('a placeholder of an upstream column that `columns` leaves out: set `columns` to the placeholders', async () => {
    const text = `name: t
llms:
  default: { base_url: http://localhost:11434/v1, model: llama3.1 }
steps:
  - name: seeds
    load: ../data/seeds.jsonl
  - name: answer
    task: TextGeneration
    after: seeds
    with:
      template: "{{ instruction }} ({{ topic }})"
`;
    const fixture = inlineFixture(text);
    const diagnostics = await validatePipeline(text, fixture.host);
    assert.deepEqual(
      diagnostics.map((diagnostic) => diagnostic.message),
      ['{{ topic }} is not one of `columns` (instruction, the default): list "topic" in `columns`.'],
    );
    const fixed = await applyPreferredFix(fixture, 'template-placeholder');
    assert.equal(fixed.text, text.replace('({{ topic }})"\n', '({{ topic }})"\n      columns: [instruction, topic]\n'));
    assert.deepEqual(await remaining(fixture, fixed.text), []);
  });
});
