import * as vscode from 'vscode';
import type { LlmClientConfig } from '../core/llm';

/** The endpoint settings under `distillery.llm`, as the client takes them. */
export function readLlmSettings(): LlmClientConfig {
  const llm = vscode.workspace.getConfiguration('distillery.llm');
  const optional = <T>(key: string): T | undefined => llm.get<T | null>(key) ?? undefined;
  const temperature = optional<number>('temperature');
  const maxTokens = optional<number>('maxTokens');
  const requestsPerMinute = optional<number>('requestsPerMinute');
  const tokensPerMinute = optional<number>('tokensPerMinute');
  return {
    baseUrl: llm.get<string>('baseUrl', 'http://localhost:11434/v1'),
    model: llm.get<string>('model', 'llama3.1'),
    apiKeyEnv: llm.get<string>('apiKeyEnv', 'OPENAI_API_KEY'),
    maxConcurrency: llm.get<number>('maxConcurrency', 8),
    timeoutMs: llm.get<number>('timeoutSeconds', 120) * 1000,
    maxRetries: llm.get<number>('maxRetries', 4),
    ...(requestsPerMinute !== undefined ? { requestsPerMinute } : {}),
    ...(tokensPerMinute !== undefined ? { tokensPerMinute } : {}),
    generation: {
      ...(temperature !== undefined ? { temperature } : {}),
      ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
    },
  };
}

/** `num_evolutions` and friends for Evolve Selected Rows, from `distillery.evolInstruct`. */
export function readEvolveParams(): Record<string, unknown> {
  const evolve = vscode.workspace.getConfiguration('distillery.evolInstruct');
  return {
    num_evolutions: evolve.get<number>('numEvolutions', 1),
    store_evolutions: evolve.get<boolean>('storeEvolutions', false),
    generate_answers: evolve.get<boolean>('generateAnswers', false),
    seed: evolve.get<number>('seed', 42),
  };
}

export function includeMetadata(): boolean {
  return vscode.workspace.getConfiguration('distillery.output').get<boolean>('includeMetadata', true);
}
