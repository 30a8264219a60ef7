import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, suiteMockEndpoint, waitFor, workspaceFile } from './support';

interface RunPipelineSummary {
  output: string;
  outputRows: number;
  cancelled: boolean;
}

function pipelineText(baseUrl: string): string {
  return [
    'name: evolve-three',
    'llms:',
    `  default: { base_url: ${baseUrl}, model: mock-pipeline }`,
    'steps:',
    '  - name: seeds',
    '    load: pipeline-seeds.jsonl',
    '  - name: evolve',
    '    task: EvolInstruct',
    '    after: seeds',
    '    with: { num_evolutions: 1 }',
    '    input_mappings: { instruction: prompt }',
    'output: out/evolve-three.jsonl',
    '',
  ].join('\n');
}

describe('Run Pipeline and the graph view', () => {
  const pipeline = workspaceFile('evolve-three.pipeline.yaml');
  // The pipeline names its endpoint itself: no settings to point at the mock().
  const mock = suiteMockEndpoint({ model: 'mock-pipeline' }, async (started) => {
    const seeds = ['Name a river.', 'Name a lake.', 'Name a sea.'].map((prompt) => JSON.stringify({ prompt })).join('\n');
    await vscode.workspace.fs.writeFile(workspaceFile('pipeline-seeds.jsonl'), Buffer.from(`${seeds}\n`));
    await vscode.workspace.fs.writeFile(pipeline, Buffer.from(pipelineText(started.url)));
  });

  it('runs the file through the engine, writes every row of the last step and streams them into the results panel', async () => {
    const summary = await vscode.commands.executeCommand<RunPipelineSummary>('distillery.runPipeline', { uri: pipeline, overwrite: true });
    // The panel follows the run on its output file; its page draws the rows once it has loaded.
    const outputUri = vscode.Uri.file(summary?.output ?? '').toString();
    const { resultsPanels } = await api();
    let shown: string[] = [];
    await waitFor(async () => {
      shown = (await resultsPanels.reportStates()).find((report) => report.uri === outputUri)?.rowKeys ?? [];
      return shown.length === 3;
    }, `the results panel of ${outputUri} shows the 3 output rows (it shows ${shown.length})`, 30_000);
    assert.equal(summary?.cancelled, false);
    assert.equal(summary?.outputRows, 3);
    const written = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(summary?.output ?? ''))).toString('utf8');
    const rows = written.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(rows.map((row) => row.prompt), ['Name a river.', 'Name a lake.', 'Name a sea.']);
    for (const row of rows) {
      assert.match(String(row.evolved_instruction), /^(In a rarer setting: )?Name a /);
      assert.equal(row.model_name, 'mock-pipeline');
    }
    assert.equal(mock().requests.filter((request) => request.path === '/v1/chat/completions').length, 3);

    // The panel let go of the rows once they were written, and reads each back from its line of the output.
    const bodies: { key: string; values: Record<string, unknown> }[] = [];
    const subscription = resultsPanels.onDidPostMessage(({ uri, message }) => {
      if (uri === outputUri && message.type === 'rowBodies') bodies.push(...message.bodies.map(({ key, body }) => ({ key, values: body.values })));
    });
    try {
      await resultsPanels.sendAsPage(outputUri, { type: 'requestBodies', keys: shown });
    } finally {
      subscription.dispose();
    }
    assert.deepEqual(
      bodies.map(({ values }) => values),
      rows.map(({ distilabel_metadata: _metadata, ...values }) => values),
    );
  });

  it('refuses a pipeline with a column mismatch before sending anything', async () => {
    const broken = workspaceFile('broken.pipeline.yaml');
    await vscode.workspace.fs.writeFile(broken, Buffer.from(pipelineText(mock().url).replace('    input_mappings: { instruction: prompt }\n', '')));
    const before = mock().requests.length;
    const summary = await vscode.commands.executeCommand('distillery.runPipeline', { uri: broken, overwrite: true });
    assert.equal(summary, undefined);
    assert.equal(mock().requests.length, before);
  });

  it('draws the graph with the columns on each edge, and no script in the page', async () => {
    const html = await vscode.commands.executeCommand<string>('distillery.showPipelineGraph', pipeline);
    assert.match(html, /seeds · load/);
    assert.match(html, /evolve · EvolInstruct/);
    assert.match(html, /class="columns">prompt: string</);
    assert.match(html, /content="default-src 'none'; style-src 'nonce-/);
    assert.ok(!/<script/i.test(html));
  });
});
