import * as vscode from 'vscode';
import type { OutputMode } from './commandArgs';
import type { ProfileSettings } from './profiles';

/** The raw endpoint settings; profiles.ts validates them. */
export function readProfileSettings(): ProfileSettings {
  const llm = vscode.workspace.getConfiguration('distillery.llm');
  return {
    profiles: llm.get('profiles'),
    activeProfile: llm.get('activeProfile'),
    flat: {
      baseUrl: llm.get('baseUrl', 'http://localhost:11434/v1'),
      model: llm.get('model', 'llama3.1'),
      apiKeyEnv: llm.get('apiKeyEnv', 'OPENAI_API_KEY'),
      maxConcurrency: llm.get('maxConcurrency', 8),
      requestsPerMinute: llm.get('requestsPerMinute'),
      tokensPerMinute: llm.get('tokensPerMinute'),
      timeoutSeconds: llm.get('timeoutSeconds', 120),
      maxRetries: llm.get('maxRetries', 4),
      temperature: llm.get('temperature'),
      maxTokens: llm.get('maxTokens'),
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

/** Where results go when a file has no remembered choice yet. */
export function defaultOutputMode(): OutputMode {
  return vscode.workspace.getConfiguration('distillery.output').get<string>('mode') === 'siblingFile' ? 'siblingFile' : 'inPlace';
}

/** `distillery.cache.enabled`, read per run (and per folder, where a workspace folder sets it). */
export function cacheEnabled(scope: vscode.Uri | undefined): boolean {
  return vscode.workspace.getConfiguration('distillery.cache', scope).get<boolean>('enabled', true);
}
