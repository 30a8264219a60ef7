import { readLoadSource } from '../core/pipeline/load';
import { preparePipeline } from '../core/pipeline/run';
import { clientConfigOf } from '../core/pipeline/run/llmEndpoints';
import type { PlannedStep, RunPlan } from '../core/pipeline/run/runPlan';
import { parseLlmClientConfig } from '../core/llm';
import type { RowInput } from '../core/run/rowRunner';
import { openCache, type CacheArgs } from './cacheOptions';
import { estimateRunWithCache } from '../core/estimate/runEstimate';
import { formatEstimate } from './estimateReport';
import { loadPrices } from './priceFile';

/** The rows a task step reads when they are known before running: a generator's slots, or a file loaded straight into it. */
function knownRows(step: PlannedStep & { kind: 'task' }, plan: RunPlan): { rows: AsyncIterable<RowInput> | RowInput[]; what: string } | string {
  if (step.generatorRows !== undefined) {
    return { rows: Array.from({ length: step.generatorRows }, (_, index) => ({ index, value: {} })), what: 'generated rows' };
  }
  const source = step.predecessors.length === 1 ? plan.steps.find((other) => other.name === step.predecessors[0]) : undefined;
  if (source?.kind !== 'load') return `its rows come from ${step.predecessors.map((name) => `"${name}"`).join(' and ')}, known only by running: not estimated`;
  const loaded = source.source;
  async function* rows(): AsyncGenerator<RowInput> {
    let index = 0;
    for await (const item of readLoadSource(loaded)) {
      if (item.kind === 'row') yield { index: index++, line: item.row.line, value: item.row.value };
    }
  }
  return { rows: rows(), what: `rows of step "${source.name}"` };
}

/**
 * `distillery check --estimate`: for every task step whose rows are known before running, what
 * a run would send and cost, as `run-task --dry-run` prints it. Returns the lines to print.
 */
export async function estimatePipeline(file: string, text: string, args: CacheArgs & { prices?: string }): Promise<string[]> {
  const prepared = await preparePipeline(file, { text });
  if (!prepared.plan) return [];
  const { plan } = prepared;
  const priceOf = await loadPrices(args.prices);
  const opened = openCache(args);
  try {
    const lines = [`Estimate for ${plan.name}: nothing was sent.`];
    for (const step of plan.steps) {
      if (step.kind !== 'task') continue;
      const entry = plan.llms[step.llm];
      if (!entry) continue;
      const config = parseLlmClientConfig(clientConfigOf(entry));
      const known = knownRows(step, plan);
      if (typeof known === 'string') {
        lines.push(`step ${step.name} (${step.task.definition.name}): ${known}.`);
        continue;
      }
      const estimate = await estimateRunWithCache(config, step.task, known.rows, args.refresh ? undefined : opened.store);
      lines.push(`step ${step.name} (${step.task.definition.name}) on ${estimate.rows} ${known.what} with ${config.model}:`);
      lines.push(...formatEstimate(estimate, config.model, config.generation?.max_tokens, priceOf(config.model)).map((line) => `  ${line}`));
    }
    return lines;
  } finally {
    opened.close();
  }
}
