import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StepProgress } from '../../../../src/core/pipeline/run';
import { startMockOpenAi, type MockOpenAi } from '../../../support/mockOpenAi';
import { scriptedClient } from '../../../support/scriptedClient';
import { Gate } from '../../../support/waiting';
import { instructionRows, runIn, stepOf, withTempDir } from './kit';

describe('rows stream between steps', () => {
  // One endpoint per step, so each mock's log holds one step's requests.
  let upstream: MockOpenAi;
  let downstream: MockOpenAi;
  before(async () => {
    upstream = await startMockOpenAi();
    downstream = await startMockOpenAi();
  });
  after(async () => {
    await Promise.all([upstream.close(), downstream.close()]);
  });

  test('the downstream step sends its first request before the upstream step has sent its last', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), instructionRows(12));
      // Upstream answers the first row and holds the rest, so it can send no more than three of
      // its twelve requests until the downstream step has sent one (which only streaming allows).
      const downstreamStarted = new Gate();
      upstream.setLatency(({ index }) => (index === 0 ? 0 : downstreamStarted.opened));
      const firstDownstream = downstream.until(() => downstream.requests.length > 0).then(() => {
        const upstreamSent = upstream.requests.length;
        downstreamStarted.open();
        return upstreamSent;
      });
      const { summary } = await runIn(
        dir,
        `name: streaming
llms:
  upstream: { base_url: ${upstream.url}, model: upstream, max_concurrency: 2 }
  downstream: { base_url: ${downstream.url}, model: downstream, max_concurrency: 2 }
steps:
  - { name: rows, load: rows.jsonl }
  - { name: evolve, task: EvolInstruct, after: rows, llm: upstream, with: { num_evolutions: 1, store_evolutions: true } }
  - { name: score, task: ComplexityScorer, after: evolve, llm: downstream, input_mappings: { instructions: evolved_instructions } }
`,
      );
      assert.ok((await firstDownstream) < 12, 'score started only after evolve had sent everything');
      assert.equal(upstream.requests.length, 12);
      assert.equal(downstream.requests.length, 12);
      assert.equal(stepOf(summary, 'score').rowsOut, 12);
    });
  });

  test('backpressure: a fast step waits for a slow one instead of running ahead of it', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), instructionRows(60));
      const slow = scriptedClient(async () => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        return 'an answer';
      });
      let mostAhead = 0;
      const capacity = 4;
      const maxRowsInFlight = 2;
      await runIn(
        dir,
        `name: backpressure
llms: { default: { base_url: http://unused.invalid/v1, model: m } }
steps:
  - { name: rows, load: rows.jsonl }
  - { name: answer, task: TextGeneration, after: rows }
`,
        {
          createClient: () => slow,
          queueCapacity: capacity,
          maxRowsInFlight,
          onProgress: (steps: readonly StepProgress[]) => {
            const [rows, answer] = steps;
            mostAhead = Math.max(mostAhead, (rows?.rowsOut ?? 0) - (answer?.rowsIn ?? 0));
          },
        },
      );
      // Emitted but not yet taken, with the load step's batches at most the capacity: a full queue,
      // the batch waiting to enter it, and the batch the task is taking rows from (which of the two
      // steps runs first once that batch leaves the queue is down to the order of promise callbacks,
      // so none of its rows may have been taken yet).
      assert.ok(mostAhead <= 3 * capacity, `the load step ran ${mostAhead} rows ahead`);
      assert.equal(slow.requests.length, 60);
    });
  });
});
