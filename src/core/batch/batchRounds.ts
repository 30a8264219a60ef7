import { parseLlmClientConfig, type LlmClientConfig } from '../llm/config';
import { BatchRound } from './batchRound';
import type { BatchEndpoint } from './batchJobs';

/** One endpoint's round: where its batch goes and the requests it collected. */
export interface EndpointRound {
  config: LlmClientConfig;
  endpoint: BatchEndpoint;
  round: BatchRound;
}

/**
 * The rounds of one pass over a run, one per endpoint (a pipeline's `llms` entries may use
 * several): a batch file holds requests to one model on one endpoint.
 */
export class BatchRounds {
  private readonly rounds = new Map<string, EndpointRound>();

  constructor(
    private readonly options: {
      failures: ReadonlyMap<string, readonly string[]>;
      fallbackOnline: boolean;
    },
  ) {}

  /** The round of the endpoint `config` describes, made on first use. */
  for(config: LlmClientConfig): BatchRound {
    const resolved = parseLlmClientConfig(config);
    const endpoint: BatchEndpoint = { baseUrl: resolved.baseUrl, model: resolved.model, ...(resolved.apiKeyEnv !== undefined ? { apiKeyEnv: resolved.apiKeyEnv } : {}) };
    const id = JSON.stringify([endpoint.baseUrl, endpoint.model, endpoint.apiKeyEnv ?? null]);
    let entry = this.rounds.get(id);
    if (entry === undefined) {
      const round = new BatchRound({ ...this.options, maxBatchAttempts: resolved.maxRetries + 1 });
      entry = { config, endpoint, round };
      this.rounds.set(id, entry);
    }
    return entry.round;
  }

  /** The endpoints with requests pending. */
  withPending(): EndpointRound[] {
    return [...this.rounds.values()].filter(({ round }) => round.pending.size > 0);
  }

  /** Every pending request's cache key. */
  pendingKeys(): Set<string> {
    return new Set([...this.rounds.values()].flatMap(({ round }) => [...round.pending.keys()]));
  }
}
