import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import OpenAI, { BadRequestError, NotFoundError, toFile } from 'openai';
import type { Batch } from 'openai/resources/batches';
import { mockAnswerFor, startMockOpenAi, type MockOpenAi, type MockOpenAiOptions } from '../../support/mockOpenAi';

const CHAT_PATH = '/v1/chat/completions';

function request(customId: string, question: string, extra: object = {}): object {
  return { custom_id: customId, method: 'POST', url: CHAT_PATH, body: { model: 'm1', messages: [{ role: 'user', content: question }], ...extra } };
}

const QUESTIONS = ['Name a river.', 'Why is the sky blue?', 'What is a prime number?', 'Explain recursion briefly.'];
const REQUESTS = QUESTIONS.map((question, index) => request(`row-${index}`, question));

async function withMock(test: (mock: MockOpenAi, client: OpenAI) => Promise<void>, options: MockOpenAiOptions = {}): Promise<void> {
  const mock = await startMockOpenAi({ model: 'm1', ...options });
  try {
    await test(mock, new OpenAI({ baseURL: mock.url, apiKey: 'test-key', maxRetries: 0 }));
  } finally {
    await mock.close();
  }
}

async function submit(client: OpenAI, lines: readonly (object | string)[], metadata?: Record<string, string>): Promise<Batch> {
  const text = lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';
  const file = await client.files.create({ file: await toFile(Buffer.from(text), 'requests.jsonl'), purpose: 'batch' });
  return client.batches.create({ input_file_id: file.id, endpoint: CHAT_PATH, completion_window: '24h', ...(metadata ? { metadata } : {}) });
}

/** The statuses of `polls` retrieves in a row. */
async function poll(client: OpenAI, id: string, polls: number): Promise<Batch[]> {
  const seen: Batch[] = [];
  for (let i = 0; i < polls; i++) seen.push(await client.batches.retrieve(id));
  return seen;
}

interface OutputLine {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string; body: { choices: { message: { content: string } }[]; usage: unknown; error?: { message: string; type: string } } } | null;
  error: { code: string; message: string } | null;
}

async function fileLines(client: OpenAI, id: string | null | undefined): Promise<OutputLine[]> {
  assert.ok(id, 'the batch has this file');
  const text = await (await client.files.content(id)).text();
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as OutputLine);
}

describe('mock Files API', () => {
  it('uploads a multipart file and gives back its description, its bytes, a listing and deletion, as the SDK expects', () =>
    withMock(async (mock, client) => {
      const text = '{"a": 1}\n{"b": "é"}\n';
      const file = await client.files.create({ file: await toFile(Buffer.from(text), 'rows.jsonl'), purpose: 'batch' });
      assert.match(file.id, /^file-/);
      assert.deepEqual([file.object, file.filename, file.purpose, file.bytes, file.status], ['file', 'rows.jsonl', 'batch', Buffer.byteLength(text), 'processed']);
      assert.deepEqual(await client.files.retrieve(file.id), file);
      assert.equal(await (await client.files.content(file.id)).text(), text);
      const other = await client.files.create({ file: await toFile(Buffer.from('x'), 'notes.txt'), purpose: 'user_data' });
      const listed: string[] = [];
      for await (const item of client.files.list({ purpose: 'batch' })) listed.push(item.id);
      assert.deepEqual(listed, [file.id]);
      assert.deepEqual((await client.files.list()).data.map((item) => item.id), [other.id, file.id], 'newest first');
      assert.deepEqual(await client.files.delete(file.id), { id: file.id, object: 'file', deleted: true });
      await assert.rejects(client.files.retrieve(file.id), NotFoundError);
      await assert.rejects(client.files.content(file.id), NotFoundError);
      assert.deepEqual(
        mock.requests.map((logged) => `${logged.method} ${logged.path}`).slice(0, 2),
        ['POST /v1/files', 'GET /v1/files/' + file.id],
      );
    }));

  it('refuses an upload without a file or with an unknown purpose', () =>
    withMock(async (_mock, client) => {
      const file = await toFile(Buffer.from('x'), 'x.jsonl');
      await assert.rejects(client.files.create({ file, purpose: 'nonsense' as 'batch' }), BadRequestError);
      const form = new FormData();
      form.set('purpose', 'batch');
      const response = await fetch(`${client.baseURL}/files`, { method: 'POST', body: form });
      assert.equal(response.status, 400);
    }));
});

describe('mock Batch API', () => {
  it('runs a batch through validating, in_progress and finalizing to completed in 3 retrieves, answering each line as the online endpoint does', () =>
    withMock(async (mock, client) => {
      const created = await submit(client, REQUESTS, { job: 'evolve-1' });
      assert.match(created.id, /^batch_/);
      assert.deepEqual(
        [created.object, created.status, created.endpoint, created.completion_window, created.metadata, created.output_file_id, created.request_counts],
        ['batch', 'validating', CHAT_PATH, '24h', { job: 'evolve-1' }, null, { total: 0, completed: 0, failed: 0 }],
      );
      const seen = await poll(client, created.id, 4);
      assert.deepEqual(
        seen.map((batch) => batch.status),
        ['in_progress', 'finalizing', 'completed', 'completed'],
      );
      assert.deepEqual(
        seen.map((batch) => batch.request_counts?.completed),
        [1, 4, 4, 4],
        'lines run in step with the polls',
      );
      const done = seen[2];
      assert.ok(done?.in_progress_at && done.finalizing_at && done.completed_at);
      assert.deepEqual([done.request_counts, done.error_file_id, done.model], [{ total: 4, completed: 4, failed: 0 }, null, 'm1']);

      const output = await fileLines(client, done.output_file_id);
      assert.deepEqual(
        output.map((line) => [line.custom_id, line.response?.status_code, line.error]),
        QUESTIONS.map((_, index) => [`row-${index}`, 200, null]),
      );
      assert.ok(output.every((line) => /^batch_req_/.test(line.id) && line.response?.request_id));
      const online = await client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: QUESTIONS[1] ?? '' }] });
      assert.equal(output[1]?.response?.body.choices[0]?.message.content, mockAnswerFor([{ role: 'user', content: QUESTIONS[1] ?? '' }]));
      assert.equal(output[1]?.response?.body.choices[0]?.message.content, online.choices[0]?.message.content);
      assert.deepEqual(output[1]?.response?.body.usage, online.usage);
      const outputFile = await client.files.retrieve(done.output_file_id ?? '');
      assert.equal(outputFile.purpose, 'batch_output');

      const usage = output.reduce(
        (total, line) => {
          const lineUsage = line.response?.body.usage as { prompt_tokens: number; completion_tokens: number };
          return { input: total.input + lineUsage.prompt_tokens, output: total.output + lineUsage.completion_tokens };
        },
        { input: 0, output: 0 },
      );
      assert.deepEqual([done.usage?.input_tokens, done.usage?.output_tokens], [usage.input, usage.output]);

      assert.equal(mock.requests.filter((logged) => logged.path === CHAT_PATH).length, 1, 'only the online request');
      assert.deepEqual(
        mock.batchLines.map((line) => [line.batchId, line.customId, line.line]),
        QUESTIONS.map((_, index) => [created.id, `row-${index}`, index + 1]),
      );
    }));

  it('takes as many retrieves to finish as the instance is told, and none sooner', async () => {
    await withMock(
      async (_mock, client) => {
        const batch = await submit(client, REQUESTS);
        assert.deepEqual(
          (await poll(client, batch.id, 1)).map((seen) => seen.status),
          ['completed'],
        );
      },
      { batches: { pollsToFinish: 1 } },
    );
    await withMock(
      async (_mock, client) => {
        const batch = await submit(client, REQUESTS);
        const seen = await poll(client, batch.id, 5);
        assert.deepEqual(
          seen.map((step) => [step.status, step.request_counts?.completed]),
          [
            ['in_progress', 0],
            ['in_progress', 1],
            ['in_progress', 2],
            ['finalizing', 4],
            ['completed', 4],
          ],
        );
      },
      { batches: { pollsToFinish: 5 } },
    );
    await assert.rejects(startMockOpenAi({ batches: { pollsToFinish: 0 } }), /pollsToFinish must be a whole number from 1/);
  });

  it('moves only when retrieved: listing and time leave a batch where it is', () =>
    withMock(async (_mock, client) => {
      const batch = await submit(client, REQUESTS);
      await client.batches.list();
      await client.batches.list();
      assert.equal((await client.batches.retrieve(batch.id)).status, 'in_progress');
    }));

  it('answers the lines a test picks with an HTTP error or an error object, in the error file, and counts them as failed', () =>
    withMock(async (mock, client) => {
      mock.setBatchBehaviour({
        pollsToFinish: 2,
        lineFault: (line) =>
          line.customId === 'row-1'
            ? { kind: 'status', status: 500, message: 'The model crashed.' }
            : line.customId === 'row-3'
              ? { kind: 'error', code: 'request_timeout', message: 'The model took too long.' }
              : undefined,
      });
      const batch = await submit(client, REQUESTS);
      const done = (await poll(client, batch.id, 2)).at(-1);
      assert.deepEqual([done?.status, done?.request_counts], ['completed', { total: 4, completed: 2, failed: 2 }]);
      assert.deepEqual(
        (await fileLines(client, done?.output_file_id)).map((line) => line.custom_id),
        ['row-0', 'row-2'],
      );
      const errors = await fileLines(client, done?.error_file_id);
      assert.deepEqual(
        errors.map((line) => [line.custom_id, line.response?.status_code ?? null, line.response?.body.error?.message ?? null, line.error]),
        [
          ['row-1', 500, 'The model crashed.', null],
          ['row-3', null, null, { code: 'request_timeout', message: 'The model took too long.' }],
        ],
      );
      assert.deepEqual(
        mock.batchLines.map((line) => line.fault?.kind),
        [undefined, 'status', undefined, 'error'],
      );
    }));

  it('answers a line whose body the online endpoint would refuse with the same 400, in the error file', () =>
    withMock(async (_mock, client) => {
      const batch = await submit(client, [REQUESTS[0] ?? {}, { custom_id: 'empty', method: 'POST', url: CHAT_PATH, body: { model: 'm1', messages: [] } }]);
      const done = (await poll(client, batch.id, 3)).at(-1);
      assert.deepEqual(done?.request_counts, { total: 2, completed: 1, failed: 1 });
      const [refused] = await fileLines(client, done?.error_file_id);
      assert.deepEqual([refused?.custom_id, refused?.response?.status_code, refused?.response?.body.error?.type], ['empty', 400, 'invalid_request_error']);
    }));

  it('expires on demand: the lines run before it are in the output file, the rest in the error file as batch_expired', () =>
    withMock(
      async (mock, client) => {
        const batch = await submit(client, REQUESTS, { expire: 'yes' });
        const seen = await poll(client, batch.id, 3);
        assert.deepEqual(
          seen.map((step) => step.status),
          ['in_progress', 'finalizing', 'expired'],
        );
        const expired = seen[2];
        assert.ok(expired?.expired_at);
        assert.equal(expired.completed_at, null);
        assert.deepEqual(expired.request_counts, { total: 4, completed: 1, failed: 0 }, 'requests never run are neither completed nor failed');
        assert.deepEqual(
          (await fileLines(client, expired.output_file_id)).map((line) => line.custom_id),
          ['row-0'],
        );
        const notRun = await fileLines(client, expired.error_file_id);
        assert.deepEqual(
          notRun.map((line) => [line.custom_id, line.response, line.error?.code]),
          [
            ['row-1', null, 'batch_expired'],
            ['row-2', null, 'batch_expired'],
            ['row-3', null, 'batch_expired'],
          ],
        );
        assert.equal(mock.batchLines.length, 1, 'only the line it ran');
      },
      { batches: { answeredBeforeExpiry: (batch) => (batch.metadata?.expire === 'yes' ? 1 : undefined) } },
    ));

  it('cancels: cancelling at once, cancelled on the next retrieve, with the lines already run kept and the rest batch_cancelled', () =>
    withMock(
      async (_mock, client) => {
        const batch = await submit(client, REQUESTS);
        assert.equal((await client.batches.retrieve(batch.id)).request_counts?.completed, 1);
        const cancelling = await client.batches.cancel(batch.id);
        assert.equal(cancelling.status, 'cancelling');
        assert.ok(cancelling.cancelling_at);
        const cancelled = await client.batches.retrieve(batch.id);
        assert.deepEqual([cancelled.status, cancelled.request_counts], ['cancelled', { total: 4, completed: 1, failed: 0 }]);
        assert.ok(cancelled.cancelled_at);
        assert.deepEqual(
          (await fileLines(client, cancelled.output_file_id)).map((line) => line.custom_id),
          ['row-0'],
        );
        assert.deepEqual(
          (await fileLines(client, cancelled.error_file_id)).map((line) => [line.custom_id, line.error?.code]),
          [
            ['row-1', 'batch_cancelled'],
            ['row-2', 'batch_cancelled'],
            ['row-3', 'batch_cancelled'],
          ],
        );
        assert.equal((await client.batches.retrieve(batch.id)).status, 'cancelled', 'an ended batch stays ended');
        const finished = await submit(client, REQUESTS);
        await poll(client, finished.id, 4);
        await assert.rejects(client.batches.cancel(finished.id), BadRequestError);
        await assert.rejects(client.batches.cancel('batch_unknown'), NotFoundError);
      },
      { batches: { pollsToFinish: 4 } },
    ));

  it('lists batches newest first, a page of `limit` at a time after the `after` cursor', () =>
    withMock(async (_mock, client) => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await submit(client, REQUESTS)).id);
      const newestFirst = [...ids].reverse();
      const first = await client.batches.list({ limit: 2 });
      assert.deepEqual(
        first.data.map((batch) => batch.id),
        newestFirst.slice(0, 2),
      );
      assert.equal(first.has_more, true);
      const all: string[] = [];
      for await (const batch of client.batches.list({ limit: 2 })) all.push(batch.id);
      assert.deepEqual(all, newestFirst);
      const last = await client.batches.list({ limit: 2, after: newestFirst[3] ?? '' });
      assert.deepEqual([last.data.map((batch) => batch.id), last.has_more], [[ids[0]], false]);
      await assert.rejects(client.batches.list({ limit: 101 }), BadRequestError);
    }));

  it('fails a batch whose input has bad lines at validation, with the API error codes and line numbers', () =>
    withMock(async (mock, client) => {
      const batch = await submit(client, [
        REQUESTS[0] ?? {},
        '{"custom_id": "broken", ',
        { ...request('row-2', 'Hi'), url: '/v1/embeddings' },
        { ...request('row-3', 'Hi'), method: 'GET' },
        request('row-0', 'Again'),
        { custom_id: 'no-body', method: 'POST', url: CHAT_PATH },
      ]);
      const failed = await client.batches.retrieve(batch.id);
      assert.equal(failed.status, 'failed');
      assert.ok(failed.failed_at);
      assert.deepEqual(
        failed.errors?.data?.map((error) => [error.code, error.line, error.param]),
        [
          ['invalid_json_line', 2, null],
          ['invalid_url', 3, 'url'],
          ['invalid_method', 4, 'method'],
          ['duplicate_custom_id', 5, 'custom_id'],
          ['missing_required_parameter', 6, 'body'],
        ],
      );
      assert.deepEqual([failed.output_file_id, failed.error_file_id], [null, null]);
      assert.equal(mock.batchLines.length, 0);
    }));

  it('refuses to create a batch with an unknown file, a file not for batches, another endpoint or window, or bad metadata', () =>
    withMock(async (_mock, client) => {
      const input = await client.files.create({ file: await toFile(Buffer.from(JSON.stringify(REQUESTS[0])), 'in.jsonl'), purpose: 'batch' });
      const notBatch = await client.files.create({ file: await toFile(Buffer.from('x'), 'x.txt'), purpose: 'user_data' });
      const valid = { input_file_id: input.id, endpoint: CHAT_PATH, completion_window: '24h' } as const;
      for (const wrong of [
        { input_file_id: 'file-unknown' },
        { input_file_id: notBatch.id },
        { endpoint: '/v1/embeddings' },
        { completion_window: '48h' },
        { metadata: { count: 3 } },
      ]) {
        const params = { ...valid, ...wrong } as OpenAI.Batches.BatchCreateParams;
        await assert.rejects(client.batches.create(params), BadRequestError, JSON.stringify(wrong));
      }
      await assert.rejects(client.batches.retrieve('batch_unknown'), NotFoundError);
    }));

  it('keeps the behaviour a batch was created with when the instance is told otherwise later', () =>
    withMock(async (mock, client) => {
      const batch = await submit(client, REQUESTS);
      mock.setBatchBehaviour({ pollsToFinish: 1, lineFault: () => ({ kind: 'status', status: 503 }) });
      assert.deepEqual(
        (await poll(client, batch.id, 3)).map((step) => step.status),
        ['in_progress', 'finalizing', 'completed'],
      );
      assert.ok(mock.batchLines.every((line) => line.fault === undefined));
      const later = await submit(client, REQUESTS);
      assert.equal((await client.batches.retrieve(later.id)).request_counts?.failed, 4);
    }));
});
