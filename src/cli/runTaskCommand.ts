import { access } from 'node:fs/promises';
import { openJsonlWriter, readJsonlFile } from '../core/jsonl';
import type { JsonlLineError } from '../core/jsonl/types';
import { createOpenAiClient } from '../core/llm';
import { runTask, type RunSummary } from '../core/run/engine';
import { defaultStepName, type RowInput, type RowResult } from '../core/run/rowRunner';
import { findTask } from '../core/tasks/registry';
import { TaskParamsError, type ConfiguredTask } from '../core/tasks/defineTask';
import { UsageError, type RunTaskArgs } from './args';
import { formatProgress, ProgressReporter } from './progressLine';
import { EXIT } from './usage';

/** Stops reading and sending on the first Ctrl-C; a second one quits at once. */
function interruptOnSigint(controller: AbortController): () => void {
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    process.stderr.write('\nInterrupted: finishing the rows already answered (Ctrl-C again to quit now)...\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return () => process.off('SIGINT', onSigint);
}

function configureTask(args: RunTaskArgs): ConfiguredTask {
  let definition;
  try {
    definition = findTask(args.taskName);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  try {
    return definition.configure(args.params);
  } catch (error) {
    if (error instanceof TaskParamsError) {
      throw new UsageError(`${error.message}. Pass parameters as --param name=value.`);
    }
    throw error;
  }
}

/** Rows of the input for the engine; unreadable lines are reported and counted, never hidden. */
async function* inputRows(args: RunTaskArgs, lineErrors: JsonlLineError[], signal: AbortSignal): AsyncGenerator<RowInput> {
  let index = 0;
  for await (const item of readJsonlFile(args.input, { ...(args.lines ? { range: args.lines } : {}), signal })) {
    if (item.kind === 'error') {
      lineErrors.push(item.error);
      process.stderr.write(`${args.input}:${item.error.line}:${item.error.column}: ${item.error.message}\n`);
      continue;
    }
    yield { index: index++, line: item.row.line, value: item.row.value };
  }
}

/** Counts input rows up front so the progress line can show a total; cheap next to LLM calls. */
async function countRows(args: RunTaskArgs): Promise<number> {
  let rows = 0;
  for await (const item of readJsonlFile(args.input, args.lines ? { range: args.lines } : {})) {
    if (item.kind === 'row') rows += 1;
  }
  return rows;
}

export async function runTaskCommand(args: RunTaskArgs): Promise<number> {
  const task = configureTask(args);
  try {
    await access(args.input);
  } catch {
    process.stderr.write(`error: cannot read --input ${args.input}: no such file. Check the path.\n`);
    return EXIT.fatal;
  }
  if (!args.force && (await access(args.out).then(() => true, () => false))) {
    process.stderr.write(`error: --out ${args.out} already exists. Pass --force to overwrite it, or choose another path.\n`);
    return EXIT.fatal;
  }

  const client = createOpenAiClient({
    baseUrl: args.baseUrl,
    model: args.model,
    apiKeyEnv: args.apiKeyEnv,
    ...(args.concurrency !== undefined ? { maxConcurrency: args.concurrency } : {}),
    ...(args.requestsPerMinute !== undefined ? { requestsPerMinute: args.requestsPerMinute } : {}),
    ...(args.tokensPerMinute !== undefined ? { tokensPerMinute: args.tokensPerMinute } : {}),
    ...(args.timeoutSeconds !== undefined ? { timeoutMs: args.timeoutSeconds * 1000 } : {}),
    ...(args.retries !== undefined ? { maxRetries: args.retries } : {}),
    generation: {
      ...(args.temperature !== undefined ? { temperature: args.temperature } : {}),
      ...(args.maxTokens !== undefined ? { max_tokens: args.maxTokens } : {}),
    },
  });

  const totalRows = await countRows(args);
  const controller = new AbortController();
  const stopListening = interruptOnSigint(controller);
  const reporter = new ProgressReporter(process.stderr);
  const started = Date.now();
  const lineErrors: JsonlLineError[] = [];
  const failures = new Map<string, number>();
  const writer = await openJsonlWriter(args.out);
  let summary: RunSummary | undefined;
  try {
    const results = runTask({
      task,
      client,
      rows: inputRows(args, lineErrors, controller.signal),
      stepName: defaultStepName(task.definition.name),
      includeMetadata: args.includeMetadata,
      ordered: args.ordered,
      signal: controller.signal,
      onProgress: (progress) => {
        if (!args.quiet) reporter.update(formatProgress(progress, totalRows, Date.now() - started));
      },
    });
    for (;;) {
      const next = await results.next();
      if (next.done) {
        summary = next.value;
        break;
      }
      await writer.write(next.value.row);
      countFailure(failures, next.value);
    }
  } finally {
    reporter.finish();
    stopListening();
    await writer.close();
  }
  return reportSummary(args, summary, totalRows, lineErrors, failures, Date.now() - started);
}

function countFailure(failures: Map<string, number>, result: RowResult): void {
  if (result.status === 'ok' || !result.error) return;
  failures.set(result.error, (failures.get(result.error) ?? 0) + 1);
}

function reportSummary(
  args: RunTaskArgs,
  summary: RunSummary,
  totalRows: number,
  lineErrors: readonly JsonlLineError[],
  failures: ReadonlyMap<string, number>,
  elapsedMs: number,
): number {
  const out = process.stderr;
  out.write(`${formatProgress(summary, totalRows, elapsedMs)}\n`);
  out.write(`Wrote ${summary.rowsDone} rows to ${args.out}.\n`);
  if (failures.size > 0) {
    out.write(`${summary.rowsFailed} rows have null outputs; the reason is in each row's distilabel_metadata. Most common:\n`);
    const common = [...failures].sort((a, b) => b[1] - a[1]).slice(0, 3);
    for (const [message, count] of common) out.write(`  ${count} × ${message}\n`);
  }
  if (lineErrors.length > 0) {
    out.write(`${lineErrors.length} input lines could not be read and were not sent (listed above as ${args.input}:line:column).\n`);
  }
  if (summary.cancelled) {
    out.write(`Interrupted: ${totalRows - summary.rowsDone} rows were not finished and are not in ${args.out}.\n`);
    return EXIT.interrupted;
  }
  return summary.rowsFailed > 0 || lineErrors.length > 0 ? EXIT.rowsFailed : EXIT.ok;
}
