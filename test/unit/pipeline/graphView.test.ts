import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePipeline } from '../../../src/core/pipeline/analysis';
import { pipelineGraph } from '../../../src/core/pipeline/graphView/model';
import { escapeXml, renderFileProblems, renderGraphSvg } from '../../../src/core/pipeline/graphView/renderSvg';
import type { PipelineHost } from '../../../src/core/pipeline/pipelineHost';
import { diagnose } from '../../../src/core/pipeline/validate';

/** A host whose only file is `seeds.jsonl`, with rows holding one `prompt` string. */
const host: PipelineHost = {
  fileExists: async (path) => path === 'seeds.jsonl',
  readSample: async () => ({ rows: [{ prompt: 'Name a river.' }, { prompt: 'Name a lake.' }] }),
};

async function graphOf(text: string) {
  const analysis = await analyzePipeline(text, host);
  return pipelineGraph(analysis, diagnose(analysis));
}

const evolveAndScore = `name: demo
llms:
  default: { base_url: http://localhost:11434/v1, model: m }
steps:
  - name: seeds
    load: seeds.jsonl
  - name: evolve
    task: EvolInstruct
    after: seeds
    with: { num_evolutions: 2, store_evolutions: true }
    input_mappings: { instruction: prompt }
  - name: score
    task: ComplexityScorer
    after: evolve
    input_mappings: { instructions: evolved_instructions }
`;

describe('pipeline graph model', () => {
  test('steps, edges with the columns each step hands on, and a left-to-right layout', async () => {
    const graph = await graphOf(evolveAndScore);
    assert.deepEqual(
      graph.steps.map((step) => [step.id, step.label, step.kind, step.problems.length]),
      [
        ['seeds', 'seeds · load', 'load', 0],
        ['evolve', 'evolve · EvolInstruct', 'task', 0],
        ['score', 'score · ComplexityScorer', 'task', 0],
      ],
    );
    assert.deepEqual(graph.edges[0], { from: 'seeds', to: 'evolve', columns: ['prompt: string'] });
    assert.equal(graph.edges[1]?.from, 'evolve');
    assert.ok(graph.edges[1]?.columns.includes('evolved_instructions: list<string>?'), JSON.stringify(graph.edges[1]?.columns));
    assert.deepEqual(graph.layout.nodes.map((node) => node.layer), [0, 1, 2]);
    assert.deepEqual(graph.fileProblems, []);
  });

  test('a column mismatch is marked on the step that reads it', async () => {
    const graph = await graphOf(evolveAndScore.replace('    input_mappings: { instruction: prompt }\n', ''));
    const evolve = graph.steps.find((step) => step.id === 'evolve');
    assert.equal(evolve?.problems[0]?.severity, 'error');
    assert.match(evolve?.problems[0]?.message ?? '', /instruction/);
    assert.deepEqual(graph.steps.find((step) => step.id === 'seeds')?.problems, []);
  });

  test('a problem outside every step is a file problem', async () => {
    const graph = await graphOf(`name: demo\nsteps: [\n`);
    assert.ok(graph.fileProblems.length > 0);
  });
});

describe('pipeline graph SVG', () => {
  test('draws a node per step and a path per edge, with the column labels', async () => {
    const svg = renderGraphSvg(await graphOf(evolveAndScore));
    assert.equal(svg.match(/<g class="step /g)?.length, 3);
    assert.equal(svg.match(/<path d="M[\d.]+,[\d.]+ C/g)?.length, 2);
    assert.match(svg, /<text [^>]*class="columns">prompt: string<\/text>/);
    assert.match(svg, /<g class="step task ok">/);
  });

  test('marks a step with errors and counts its problems', async () => {
    const svg = renderGraphSvg(await graphOf(evolveAndScore.replace('    input_mappings: { instruction: prompt }\n', '')));
    assert.match(svg, /<g class="step task error"><title>evolve · EvolInstruct\nerror: [^<]*instruction/);
    assert.match(svg, /class="badge" text-anchor="end">1<\/text>/);
  });

  test('text from the file is escaped: a hostile step name stays text', async () => {
    const hostile = evolveAndScore.replace('name: demo', 'name: demo').replace('- name: seeds', '- name: "x<script>alert(1)</script>"').replace('after: seeds', 'after: "x<script>alert(1)</script>"');
    const svg = renderGraphSvg(await graphOf(hostile));
    assert.ok(!svg.includes('<script>'), 'no raw markup from the file');
    assert.match(svg, /x&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  test('escapeXml and the file problem list', () => {
    assert.equal(escapeXml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.equal(
      renderFileProblems({ steps: [], edges: [], layout: { nodes: [], width: 0, height: 0 }, fileProblems: [{ severity: 'error', message: 'bad <yaml>' }] }),
      '<ul class="file-problems"><li class="error">error: bad &lt;yaml&gt;</li></ul>',
    );
  });
});
