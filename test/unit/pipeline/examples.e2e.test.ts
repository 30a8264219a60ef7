import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';
import { readRows } from './run/kit';
import { runCli, type CliRun } from '../../support/cli';

type Row = Record<string, unknown>;

const SEED = ['id', 'name', 'instruction', 'instances', 'is_classification'];
const TASK = ['model_name', 'distilabel_metadata'];
const DPO = ['prompt', 'prompt_id', 'chosen', 'chosen_rating', 'rejected', 'rejected_rating'];

interface ExampleExpectation {
  /** Rows of the output (the last step's rows). */
  outputRows: number;
  /** The exact column set of every row of each step's file. */
  columns: Record<string, readonly string[]>;
  /** The output file's name inside --out-dir. */
  output: string;
  /** What the output's values must look like. */
  plausible: (rows: readonly Row[]) => void;
}

const isChat = (value: unknown, user: unknown) =>
  Array.isArray(value) && value.length === 2 && value[0]?.role === 'user' && value[0]?.content === user && value[1]?.role === 'assistant' && typeof value[1]?.content === 'string';
const isScore = (value: unknown) => typeof value === 'number' && value >= 1 && value <= 10;
const isSha256 = (value: unknown) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);

const EXAMPLES: Record<string, ExampleExpectation> = {
  'evolve-and-score': {
    outputRows: 20,
    output: 'scored.jsonl',
    columns: {
      seeds: SEED,
      evolve: [...SEED, 'evolved_instructions', ...TASK],
      score: [...SEED, 'evolved_instructions', ...TASK, 'scores'],
    },
    plausible: (rows) =>
      rows.forEach((row, index) => {
        assert.equal(row.id, `seed_task_${index}`);
        const evolved = row.evolved_instructions as string[];
        assert.equal(evolved.length, 2);
        // The mock rewrites a prompt around it (adding a constraint, or a rarer setting), so each evolution contains the one before.
        assert.ok(evolved[0]?.includes(String(row.instruction)) && evolved[0] !== row.instruction && evolved[1]?.includes(evolved[0]) && evolved[1] !== evolved[0], 'each evolution builds on the last');
        assert.ok((row.scores as unknown[]).length === 2 && (row.scores as unknown[]).every(isScore));
      }),
  },
  'self-instruct-to-sft': {
    outputRows: 30,
    output: 'sft.jsonl',
    columns: {
      seeds: SEED,
      write_queries: [...SEED, 'instructions', ...TASK],
      queries_only: ['id', 'instructions'],
      one_query_per_row: ['id', 'instructions', 'instruction'],
      answer: ['id', 'instructions', 'instruction', 'generation', ...TASK],
      format_sft: ['id', 'instructions', 'instruction', 'generation', ...TASK, 'prompt', 'prompt_id', 'messages'],
      sft: ['prompt', 'prompt_id', 'messages', 'model_name'],
    },
    plausible: (rows) => {
      assert.equal(new Set(rows.map((row) => row.prompt)).size, 30, 'three different queries per seed');
      for (const row of rows) {
        assert.ok(isChat(row.messages, row.prompt));
        assert.ok(isSha256(row.prompt_id));
      }
    },
  },
  'dpo-preferences': {
    outputRows: 10,
    output: 'dpo.jsonl',
    columns: {
      seeds: SEED,
      answer_twice: [...SEED, 'generations', ...TASK],
      rate: [...SEED, 'generations', ...TASK, 'ratings', 'rationales'],
      to_dpo: [...SEED, 'generations', ...TASK, 'ratings', 'rationales', ...DPO],
    },
    plausible: (rows) => {
      for (const row of rows) {
        assert.equal((row.generations as unknown[]).length, 2);
        assert.equal(row.prompt, row.instruction);
        assert.ok(isChat(row.chosen, row.instruction) && isChat(row.rejected, row.instruction));
        assert.ok(isScore(row.chosen_rating) && isScore(row.rejected_rating) && (row.chosen_rating as number) >= (row.rejected_rating as number));
      }
    },
  },
  dedup: {
    outputRows: 12,
    output: 'questions-flagged.jsonl',
    columns: {
      questions: ['id', 'channel', 'text'],
      flag_duplicates: ['id', 'channel', 'text', 'keep_row_after_minhash_filtering'],
      flagged: ['id', 'text', 'keep_row_after_minhash_filtering'],
    },
    plausible: (rows) => {
      const dropped = rows.filter((row) => row.keep_row_after_minhash_filtering === false).map((row) => row.id);
      // Exact copies (q03) and one-word variants (q05, q07, q09, q12) of earlier questions.
      assert.deepEqual(dropped, ['q03', 'q05', 'q07', 'q09', 'q12']);
    },
  },
  'compare-models': {
    outputRows: 6,
    output: 'preferences.jsonl',
    columns: {
      prompts: ['id', 'instruction'],
      answer_small: ['id', 'instruction', 'generation', ...TASK],
      answer_large: ['id', 'instruction', 'generation', ...TASK],
      side_by_side: ['id', 'instruction', 'distilabel_metadata', 'generations', 'model_names'],
      rate: ['id', 'instruction', ...TASK, 'generations', 'model_names', 'ratings', 'rationales', 'types', 'rationales-for-ratings'],
      to_dpo: ['id', 'instruction', ...TASK, 'generations', 'model_names', 'ratings', 'rationales', 'types', 'rationales-for-ratings', ...DPO, 'chosen_model', 'rejected_model'],
    },
    plausible: (rows) => {
      assert.deepEqual(rows.map((row) => row.id), ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
      for (const row of rows) {
        assert.equal((row.generations as unknown[]).length, 2);
        const metadata = row.distilabel_metadata as Row;
        for (const step of ['answer_small', 'answer_large', 'rate']) assert.ok(`raw_output_${step}` in metadata, `metadata of ${step} is kept`);
        assert.ok(isChat(row.chosen, row.instruction) && typeof row.chosen_model === 'string');
      }
    },
  },
};

describe('distillery run on every pipeline in examples/, against the mock endpoint', () => {
  let mock: MockOpenAi;
  let dir: string;
  const runs = new Map<string, CliRun>();

  before(async () => {
    mock = await startMockOpenAi();
    dir = await mkdtemp(join(tmpdir(), 'distillery-examples-'));
    const files = (await readdir('examples')).filter((file) => file.endsWith('.pipeline.yaml'));
    assert.deepEqual(files.map((file) => file.replace('.pipeline.yaml', '')).sort(), Object.keys(EXAMPLES).sort(), 'every example has its expectations here');
    await Promise.all(
      files.map(async (file) => {
        const name = file.replace('.pipeline.yaml', '');
        runs.set(name, await runCli(['run', join('examples', file), '--base-url', mock.url, '--model', 'mock-override', '--out-dir', join(dir, name), '--quiet']));
      }),
    );
  });
  after(async () => {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const [name, expected] of Object.entries(EXAMPLES)) {
    test(`${name}: exit 0, the expected columns in every step's file, plausible output`, async () => {
      const run = runs.get(name);
      assert.equal(run?.code, 0, run?.stderr);
      for (const [step, columns] of Object.entries(expected.columns)) {
        const rows = await readRows(join(dir, name, 'steps', `${step}.jsonl`));
        assert.ok(rows.length > 0, `${step} wrote rows`);
        for (const row of rows) assert.deepEqual(Object.keys(row).sort(), [...columns].sort(), `columns of ${step}`);
      }
      const output = await readRows(join(dir, name, expected.output));
      assert.equal(output.length, expected.outputRows);
      expected.plausible(output);
      assert.match(run?.stderr ?? '', new RegExp(`Wrote ${expected.outputRows} rows to `));
    });
  }

  test('--base-url and --model sent every request of every example to the mock, with the overriding model', () => {
    const chats = mock.requests.filter((request) => request.path === '/v1/chat/completions');
    assert.ok(chats.length > 0);
    for (const request of chats) assert.equal((request.body as { model?: unknown }).model, 'mock-override');
  });
});
