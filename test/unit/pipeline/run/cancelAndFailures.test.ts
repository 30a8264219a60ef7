import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startMockOpenAi, type MockOpenAi } from '../../../support/mockOpenAi';
import { Gate } from '../../../support/waiting';
import { instructionRows, runIn, stepOf, withTempDir } from './kit';

const evolveThenScore = (url: string) => `name: evolve-score
llms: { default: { base_url: ${url}, model: mock-model, max_concurrency: 1, max_retries: 0 } }
steps:
  - { name: rows, load: rows.jsonl }
  - { name: evolve, task: EvolInstruct, after: rows, with: { num_evolutions: 1, store_evolutions: true } }
  - { name: score, task: ComplexityScorer, after: evolve, input_mappings: { instructions: evolved_instructions } }
`;

describe('cancellation and failed rows', () => {
  let mock: MockOpenAi;
  before(async () => {
    mock = await startMockOpenAi();
  });
  after(async () => {
    await mock.close();
  });
  beforeEach(() => {
    mock.clearFaults();
    mock.setLatency(0);
  });

  test('cancelling stops every step and keeps every finished row, each a complete line', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), instructionRows(40));
      const controller = new AbortController();
      const fileRead = new Gate();
      let evolved = 0;
      // No answer before the file is read (it fits in the queue, so reading ends on its own).
      // Once four rows are evolved, the next request is never answered and cancels the run: the
      // run can only end by abandoning the request in flight.
      mock.setLatency(() => {
        if (evolved < 4) return fileRead.opened;
        controller.abort();
        return new Promise<void>(() => {});
      });
      const run = await runIn(dir, evolveThenScore(mock.url), {
        signal: controller.signal,
        onProgress: (steps) => {
          if (steps.find((step) => step.step === 'rows')?.state === 'done') fileRead.open();
        },
        onRows: (step, rows) => {
          if (step === 'evolve') evolved += rows.length;
        },
      });
      assert.equal(run.summary.cancelled, true);
      assert.deepEqual(run.summary.steps.map((step) => step.state), ['done', 'cancelled', 'cancelled']);
      const evolvedRows = await run.rows('evolve');
      const scored = await run.output();
      assert.ok(evolvedRows.length >= 4 && evolvedRows.length < 40, `kept ${evolvedRows.length} evolved rows`);
      assert.ok(scored.length <= evolvedRows.length);
      for (const row of evolvedRows) assert.ok(Array.isArray(row.evolved_instructions), 'only finished rows are written');
      for (const row of scored) assert.ok(Array.isArray(row.scores), 'only finished rows are written');
    });
  });

  test("a step's failed rows go on downstream with null outputs and their reason; none is dropped", async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), instructionRows(5));
      // One request at a time, so the first two requests are the first two rows' evolutions.
      mock.injectFaults({ kind: 'clientError', status: 400, message: 'model not loaded' }, { kind: 'clientError', status: 400, message: 'model not loaded' });
      const run = await runIn(dir, evolveThenScore(mock.url));
      const scored = await run.output();
      assert.deepEqual(scored.map((row) => row.id), ['r1', 'r2', 'r3', 'r4', 'r5']);
      for (const row of scored.slice(0, 2)) {
        const metadata = row.distilabel_metadata as Record<string, unknown>;
        assert.equal(row.evolved_instructions, null);
        assert.equal(row.scores, null);
        assert.match(String(metadata.error_evolve), /400/);
        assert.match(String(metadata.error_score), /evolved_instructions/);
      }
      for (const row of scored.slice(2)) assert.ok(Array.isArray(row.scores));
      assert.deepEqual([stepOf(run.summary, 'evolve').rowsFailed, stepOf(run.summary, 'score').rowsFailed], [2, 2]);
      assert.equal(stepOf(run.summary, 'score').requests, 3, 'rows with null inputs send nothing');
      assert.equal(run.summary.cancelled, false);
    });
  });
});
