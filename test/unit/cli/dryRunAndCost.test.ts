/**
 * Cost and tokens before running, and after: `--dry-run` sends and writes nothing, says what the
 * cache already holds, and prices the run; every run ends with what it cost.
 */
import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';

const SEED_TASKS = join(process.cwd(), 'examples/data/self-instruct-seed-tasks.jsonl');

describe('--dry-run and the cost of a run', () => {
  let mock: MockOpenAi;
  let dir: string;
  const out = () => join(dir, 'out.jsonl');
  const evolve = (model: string, lines: string, ...extra: string[]) => [
    'run-task', 'EvolInstruct', '--input', SEED_TASKS, '--lines', lines, '--param', 'num_evolutions=2', '--max-tokens', '100',
    '--base-url', mock.url, '--model', model, '--cache-dir', join(dir, 'cache'), '--quiet', ...extra,
  ];

  before(async () => {
    mock = await startMockOpenAi();
  });
  after(async () => {
    await mock.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'distillery-dry-run-'));
    mock.requests.length = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true });
  });

  test('counts exactly for a known model, prices the range, sends and writes nothing, and sees what the cache holds', async () => {
    const dry = await runCli(evolve('gpt-4o-mini', '1-5', '--out', out(), '--dry-run'));
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(mock.requests.length, 0);
    assert.ok(!existsSync(out()));
    const lines = dry.stdout.split('\n');
    assert.equal(lines[0], `Dry run of EvolInstruct on 5 rows of ${SEED_TASKS} with gpt-4o-mini: nothing was sent.`);
    assert.equal(lines[1], 'requests       5 first requests, 0 of them answered by the request cache already, 5 to send');
    assert.equal(lines[2], '               and at least 5 more once answers come back (their prompts depend on the answers: not counted below)');
    const promptTokens = Number(/^prompt tokens {2}([\d,]+) \(counted with gpt-4o-mini's tokenizer\)$/.exec(lines[3] ?? '')?.[1]?.replace(/,/g, ''));
    assert.ok(promptTokens > 5 * 50, lines[3]);
    assert.equal(lines[4], 'output tokens  at most 500 (max_tokens 100 per request)');
    const dollars = (n: number) => `$${n.toFixed(4)}`;
    assert.equal(lines[5], `cost           ${dollars((promptTokens * 0.15) / 1e6)} to ${dollars((promptTokens * 0.15 + 500 * 0.6) / 1e6)} (gpt-4o-mini at $0.15 in / $0.60 out per million tokens, from the known-models table)`);

    const ran = await runCli(evolve('gpt-4o-mini', '1-2', '--out', out()));
    assert.equal(ran.code, 0, ran.stderr);
    mock.requests.length = 0;
    const again = await runCli(evolve('gpt-4o-mini', '1-5', '--dry-run'));
    assert.equal(again.code, 0, again.stderr);
    assert.equal(mock.requests.length, 0);
    assert.match(again.stdout, /\nrequests {7}5 first requests, 2 of them answered by the request cache already, 3 to send\n/);
    const fewerTokens = Number(/\nprompt tokens {2}([\d,]+) /.exec(again.stdout)?.[1]?.replace(/,/g, ''));
    assert.ok(fewerTokens < promptTokens, 'requests the cache answers are not counted as tokens to pay for');
  });

  test('labels estimates for unknown models, and reads prices from --prices', async () => {
    const prices = join(dir, 'prices.json');
    await writeFile(prices, JSON.stringify({ 'my-model': { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } }));
    const dry = await runCli(evolve('my-model', '1-3', '--dry-run', '--prices', prices));
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /\nprompt tokens {2}about [\d,]+ \(an estimate at 4 characters a token: no tokenizer is known for "my-model"\)\n/);
    assert.match(dry.stdout, new RegExp(`\\(my-model at \\$1\\.00 in / \\$2\\.00 out per million tokens, from --prices ${prices.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)\\n$`));

    const unpriced = await runCli(evolve('other-model', '1-3', '--dry-run'));
    assert.match(unpriced.stdout, /\ncost {11}unknown: no price is known for "other-model" \(give one with --prices FILE\)\n$/);

    await writeFile(prices, '{"my-model": {"inputPerMillionTokens": -1}}');
    const bad = await runCli(evolve('my-model', '1-3', '--dry-run', '--prices', prices));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^error: --prices .* has problems:\nerror: ✖ must be 0 or more\n/);
  });

  test('a run ends with its cost, from the usage the endpoint reported for the requests it sent', async () => {
    const prices = join(dir, 'prices.json');
    await writeFile(prices, JSON.stringify({ 'my-model': { inputPerMillionTokens: 1000, outputPerMillionTokens: 2000 } }));
    const ran = await runCli(evolve('my-model', '1-3', '--out', out(), '--prices', prices));
    assert.equal(ran.code, 0, ran.stderr);
    const rows = (await readFile(out(), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { distilabel_metadata: Record<string, { input_tokens: number; output_tokens: number }> });
    const used = (key: 'input_tokens' | 'output_tokens') => rows.reduce((total, row) => total + (row.distilabel_metadata.statistics_evol_instruct_0?.[key] ?? 0), 0);
    const cost = (used('input_tokens') * 1000 + used('output_tokens') * 2000) / 1e6;
    assert.match(ran.stderr, new RegExp(`\\nCost: \\$${cost.toFixed(2)} for ${used('input_tokens')} prompt and ${used('output_tokens')} output tokens sent \\(my-model at \\$1,000\\.00 in / \\$2,000\\.00 out`));

    const replay = await runCli(evolve('my-model', '1-3', '--out', out(), '--force', '--prices', prices));
    assert.match(replay.stderr, /\nCost: \$0 for 0 prompt and 0 output tokens sent /, 'answers from the cache cost nothing');
  });

  test('check --estimate prices every task step whose rows are known, and says which are not', async () => {
    await writeFile(join(dir, 'rows.jsonl'), (await readFile(SEED_TASKS, 'utf8')).split('\n').slice(0, 4).join('\n'));
    const file = join(dir, 'p.pipeline.yaml');
    await writeFile(file, `name: p
llms:
  default: { base_url: ${mock.url}, model: gpt-4o, generation: { max_tokens: 50 } }
steps:
  - { name: rows, load: rows.jsonl }
  - { name: evolve, task: EvolInstruct, after: rows, with: { num_evolutions: 2, store_evolutions: true } }
  - { name: score, task: ComplexityScorer, after: evolve, input_mappings: { instructions: evolved_instructions } }
output: out/evolved.jsonl
`);
    const check = await runCli(['check', file, '--estimate', '--cache-dir', join(dir, 'cache')]);
    assert.equal(check.code, 0, check.stderr);
    assert.equal(mock.requests.length, 0);
    const lines = check.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 4), [
      'Estimate for p: nothing was sent.',
      'step evolve (EvolInstruct) on 4 rows of step "rows" with gpt-4o:',
      '  requests       4 first requests, 0 of them answered by the request cache already, 4 to send',
      '                 and at least 4 more once answers come back (their prompts depend on the answers: not counted below)',
    ]);
    assert.match(lines[4] ?? '', /^ {2}prompt tokens {2}[\d,]+ \(counted with gpt-4o's tokenizer\)$/);
    assert.equal(lines[5], '  output tokens  at most 200 (max_tokens 50 per request)');
    assert.match(lines[6] ?? '', /^ {2}cost {11}\$[\d.]+ to \$[\d.]+ \(gpt-4o at \$2\.50 in \/ \$10\.00 out per million tokens, from the known-models table\)$/);
    assert.equal(lines[7], 'step score (ComplexityScorer): its rows come from "evolve", known only by running: not estimated.');

    const run = await runCli(['run', file, '--quiet', '--cache-dir', join(dir, 'cache')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /\nCost of llms entry default: \$[\d.]+ for [1-9][\d,]* prompt and [1-9][\d,]* output tokens sent \(gpt-4o at \$2\.50 in \/ \$10\.00 out per million tokens, from the known-models table\)\.\n/);
  });
});
