import { createReadStream, existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { RequestStore } from '../core/cache';
import { batchInputLine } from '../core/batch/batchLines';
import { BatchRounds } from '../core/batch/batchRounds';
import { JobRecords, type JobRecord } from '../core/batch/jobRecords';
import { storeBatchLines } from '../core/batch/storeBatchLines';
import { safeDetail } from '../core/llm/failure';
import { createBatchApi } from '../core/llm/openAiBatches';
import { COMMANDS_WITH_REQUESTS, passOfCommandLine } from './batchCommandLine';
import { describeJob } from './batchRun';
import { CACHE_FLAGS, cacheDirFrom } from './cacheOptions';
import { describeFileError } from './fileErrors';
import { onePositional, parseFlags, textFlag } from './parseFlags';
import { EXIT } from './usage';
import { UsageError } from './usageError';

const ACTIONS = ['export', 'import', 'list', 'status', 'cancel'] as const;
const out = process.stdout;
const err = process.stderr;

/** `distillery batch export|import|list|status|cancel`: requests for offline engines, and the jobs --batch recorded. */
export async function batchCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  switch (action) {
    case 'export':
      return exportRequests(rest);
    case 'import':
      return importResults(rest);
    case 'list':
      return listJobs(rest);
    case 'status':
      return jobStatus(rest);
    case 'cancel':
      return cancelJob(rest);
    default:
      throw new UsageError(`batch takes ${ACTIONS.join(', ')}, got ${action === undefined ? 'nothing' : `"${action}"`}`);
  }
}

/**
 * `batch export --out FILE [--] COMMAND LINE`: the requests the command line would send that the
 * cache lacks, as an OpenAI batch input file; nothing is sent or uploaded. A multi-round task
 * exports its next round each time the previous one's answers are imported.
 */
async function exportRequests(argv: string[]): Promise<number> {
  // Export's own options come first; the command line starts at `--` or at its command's name.
  const at = argv.findIndex((token) => token === '--' || (COMMANDS_WITH_REQUESTS as readonly string[]).includes(token));
  const own = at < 0 ? argv : argv.slice(0, at);
  const commandLine = at < 0 ? [] : argv.slice(argv[at] === '--' ? at + 1 : at);
  const { values, positionals } = parseFlags(own, { out: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`batch export takes --out FILE, then the command line; got "${positionals.join(' ')}" first`);
  const file = textFlag(values, 'out');
  if (!file) throw new UsageError('batch export needs --out FILE: where to write the requests');
  const command = await passOfCommandLine(commandLine);
  if (typeof command === 'number') return command;
  if (command.cache.cacheDir === undefined) throw new UsageError('batch export finds what the request cache lacks, so the command line must not say --no-cache');
  const store = RequestStore.open(command.cache.cacheDir);
  const rounds = new BatchRounds({ failures: new Map(), fallbackOnline: false });
  let rows = 0;
  try {
    const pass = await command.pass({ store }, rounds, () => undefined);
    rows = pass.rowsPending;
    if (pass.cancelled) return EXIT.interrupted;
  } finally {
    store.close();
  }
  const endpoints = rounds.withPending();
  const lines = endpoints.flatMap(({ round }) => [...round.pending].map(([key, body]) => `${batchInputLine(key, body)}\n`));
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, lines.join(''));
  } catch (error) {
    err.write(`error: ${describeFileError(error, { label: `--out ${file}`, path: file, action: 'write' })}\n`);
    return EXIT.fatal;
  }
  if (lines.length === 0) {
    out.write(`Nothing pending: the request cache answers every request of this command line. ${file} is empty; run the command itself to write its output.\n`);
    return EXIT.ok;
  }
  const models = endpoints.map(({ endpoint, round }) => `${round.pending.size} for ${endpoint.model}`).join(', ');
  out.write(
    `Wrote ${lines.length} ${lines.length === 1 ? 'request' : 'requests'} (${models}), for ${rows} ${rows === 1 ? 'row' : 'rows'}, to ${file}. ` +
      'Answer them with a batch engine (such as vLLM\'s run_batch), load its output with `distillery batch import RESULTS.jsonl`, then export again for the next round, or run the command when nothing is pending.\n',
  );
  return EXIT.batchPending;
}

/** `batch import RESULTS.jsonl`: an OpenAI-format batch output file into the request cache. */
async function importResults(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { 'cache-dir': CACHE_FLAGS['cache-dir'] });
  const file = onePositional('batch import', 'results file', positionals);
  if (!existsSync(file)) {
    err.write(`error: ${file} does not exist. Give the output file of the batch engine (OpenAI batch output format: one {"custom_id", "response", "error"} object a line).\n`);
    return EXIT.fatal;
  }
  const store = RequestStore.open(cacheDirFrom(values));
  let stored;
  try {
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    // Import files come from a machine of the user's; there is no key of ours to scrub, only length.
    stored = await storeBatchLines(lines, store, { scrub: (text) => safeDetail(text, undefined) });
  } catch (error) {
    err.write(`error: ${describeFileError(error, { label: file, path: file, action: 'read' })}\n`);
    return EXIT.fatal;
  } finally {
    store.close();
  }
  for (const { line, problem } of stored.problems) err.write(`${file}:${line}: rejected: ${problem}\n`);
  for (const { line, reason } of stored.failures.values()) err.write(`${file}:${line}: the request failed: ${reason}; it stays pending, and the next export asks it again\n`);
  const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  out.write(
    `Imported ${plural(stored.answers, 'answer', 'answers')} into the request cache ${store.dir}; ` +
      `${plural(stored.problems.length, 'line', 'lines')} rejected, ${plural(stored.failures.size, 'request', 'requests')} failed.\n`,
  );
  return stored.problems.length > 0 || stored.failures.size > 0 ? EXIT.rowsFailed : EXIT.ok;
}

function recordsOf(values: Readonly<Record<string, unknown>>): JobRecords {
  return new JobRecords(cacheDirFrom(values as Parameters<typeof cacheDirFrom>[0]));
}

/** `batch list`: every job recorded in the cache, as last seen; nothing is asked of the endpoint. */
function listJobs(argv: string[]): number {
  const { values, positionals } = parseFlags(argv, { 'cache-dir': CACHE_FLAGS['cache-dir'] });
  if (positionals.length > 0) throw new UsageError(`batch list takes no arguments, got "${positionals.join(' ')}"`);
  const records = recordsOf(values);
  const { records: jobs, unreadable } = records.list();
  for (const { path, problem } of unreadable) err.write(`warning: ${path}: ${problem}\n`);
  if (jobs.length === 0) {
    out.write(`No batch jobs recorded in ${records.dir}.\n`);
    return EXIT.ok;
  }
  for (const job of jobs) out.write(`${describeState(job)}\n`);
  return EXIT.ok;
}

/** One line: ids, where it went, how far it is. */
function describeState(job: JobRecord): string {
  const counts = job.counts ? `, ${job.counts.completed}/${job.counts.total} done${job.counts.failed > 0 ? `, ${job.counts.failed} failed` : ''}` : '';
  const collected = job.collected ? `, collected ${job.collected.at}: ${job.collected.answers} answers, ${Object.keys(job.collected.failures).length} failed` : '';
  const state = job.state === 'uploaded' ? 'input uploaded, batch not made yet (rerun the command to make it)' : (job.status ?? job.state);
  return `${job.id}  ${job.batchId ?? '-'}  ${state}  ${job.requests.length} requests  ${job.endpoint.model} at ${job.endpoint.baseUrl}  created ${job.createdAt}${counts}${collected}`;
}

/** The job named on the command line (its id or its batch's), or the jobs not yet collected. */
function chosenJobs(command: string, argv: string[], required: boolean): { records: JobRecords; jobs: JobRecord[] } {
  const { values, positionals } = parseFlags(argv, { 'cache-dir': CACHE_FLAGS['cache-dir'] });
  if (positionals.length > 1 || (required && positionals.length === 0)) {
    throw new UsageError(`batch ${command} takes ${required ? 'one' : 'at most one'} job (its job-... id or its batch id, as batch list shows), got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  }
  const records = recordsOf(values);
  const [id] = positionals;
  if (id === undefined) return { records, jobs: records.list().records.filter((job) => job.state !== 'collected') };
  const job = records.find(id);
  if (job === undefined) throw new UsageError(`no batch job ${id} is recorded in ${records.dir}; \`distillery batch list\` shows the jobs there`);
  return { records, jobs: [job] };
}

function apiFor(job: JobRecord) {
  return createBatchApi({ baseUrl: job.endpoint.baseUrl, model: job.endpoint.model, ...(job.endpoint.apiKeyEnv !== undefined ? { apiKeyEnv: job.endpoint.apiKeyEnv } : {}) });
}

/** `batch status [JOB]`: asks the endpoint how far the job (or every job not yet collected) is, and records it. */
async function jobStatus(argv: string[]): Promise<number> {
  const { records, jobs } = chosenJobs('status', argv, false);
  if (jobs.length === 0) out.write(`No batch job waits to be collected in ${records.dir}.\n`);
  for (const job of jobs) {
    if (job.batchId === undefined) {
      out.write(`${describeState(job)}\n`);
      continue;
    }
    const batch = await apiFor(job).retrieve(job.batchId);
    const seen: JobRecord = { ...job, status: batch.status, ...(batch.counts ? { counts: batch.counts } : {}) };
    if (job.state !== 'collected') records.write(seen);
    out.write(`${describeState(seen)}\n`);
  }
  return EXIT.ok;
}

/** `batch cancel JOB`: asks the endpoint to stop the batch; what it finished is collected by the next run. */
async function cancelJob(argv: string[]): Promise<number> {
  const { records, jobs } = chosenJobs('cancel', argv, true);
  const job = jobs[0] as JobRecord;
  if (job.state === 'collected') throw new UsageError(`${describeJob(job)} is finished and collected: there is nothing to cancel`);
  if (job.batchId === undefined) throw new UsageError(`${describeJob(job)} has no batch yet: there is nothing to cancel (delete ${records.pathOf(job.id)} to forget it)`);
  const batch = await apiFor(job).cancel(job.batchId);
  records.write({ ...job, status: batch.status, ...(batch.counts ? { counts: batch.counts } : {}) });
  out.write(`Asked to cancel ${describeJob(job)}: it is ${batch.status}. The next run of its command collects what it finished and sends the rest again.\n`);
  return EXIT.ok;
}
