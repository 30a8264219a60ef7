import type { ApiKeySource } from './config';
import { describeFailure, formatSeconds, type AttemptFailure } from './failure';
import { isRetryable } from './retry';
import { LlmError } from './types';

/** What the messages may mention about the endpoint: never the key itself. */
export interface EndpointFacts {
  /** The base URL without credentials or query, as returned by `displayUrl`. */
  url: string;
  model: string;
  apiKeySource: ApiKeySource;
}

/** The base URL fit for messages: user info and query string (where keys sometimes hide) left out. */
export function displayUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return '(invalid URL)';
  }
}

/** The final error of a request: what failed, the status, how many attempts, and what to do about it. */
export function failureToLlmError(failure: AttemptFailure, attempts: number, endpoint: EndpointFacts): LlmError {
  const tries = `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
  const message = `${whatFailed(failure, endpoint)} after ${tries}. ${whatToDo(failure, endpoint)}`;
  return new LlmError(message, failure.kind === 'http' ? failure.status : null, attempts, isRetryable(failure));
}

function whatFailed(failure: AttemptFailure, endpoint: EndpointFacts): string {
  switch (failure.kind) {
    case 'http':
      return `${endpoint.url} answered ${describeFailure(failure)}`;
    case 'network':
      return `Could not reach ${endpoint.url} (${describeFailure(failure)})`;
    case 'timeout':
      return `${endpoint.url} gave no answer within ${formatSeconds(failure.timeoutMs)}`;
    case 'malformed':
      return `${endpoint.url} sent a response that is not an OpenAI chat completion (${failure.detail})`;
    case 'unexpected':
      return `The request to ${endpoint.url} failed (${failure.detail})`;
  }
}

// Hints name the setting in words, not by its VS Code key or CLI flag: the CLI and the editor share them.
function whatToDo(failure: AttemptFailure, endpoint: EndpointFacts): string {
  switch (failure.kind) {
    case 'http':
      return adviceForStatus(failure.status, endpoint);
    case 'network':
      return failure.code === 'ECONNREFUSED'
        ? 'Is the server running? Check the base URL.'
        : 'Check the base URL and the network connection.';
    case 'timeout':
      return 'Raise the timeout, or lower the concurrency if the server is overloaded.';
    case 'malformed':
      return 'Check that the base URL points at an OpenAI-compatible API (it usually ends in /v1).';
    case 'unexpected':
      return 'Check the base URL.';
  }
}

function adviceForStatus(status: number, endpoint: EndpointFacts): string {
  if (status === 401) return apiKeyAdvice(endpoint.apiKeySource);
  if (status === 403) return `Check that the API key may use the model "${endpoint.model}".`;
  if (status === 404) {
    return `Check the model name ("${endpoint.model}") and that the base URL ends in /v1.`;
  }
  if (status === 429) {
    return 'The endpoint is rate-limiting: lower the concurrency or set a requests- or tokens-per-minute limit.';
  }
  if (status === 400 || status === 422) {
    return `Check the generation settings (temperature, max_tokens) and that the model "${endpoint.model}" accepts this request.`;
  }
  if (status >= 500 || status === 408 || status === 409) {
    return 'The server is failing or overloaded: try again later, or lower the concurrency.';
  }
  return 'Check the base URL.';
}

function apiKeyAdvice(source: ApiKeySource): string {
  switch (source.kind) {
    case 'config':
      return 'Check the API key.';
    case 'env':
      return source.found
        ? `Check the API key in the environment variable ${source.name}.`
        : `The environment variable ${source.name} is not set: set it to the API key (VS Code must be restarted to see it).`;
    case 'none':
      return 'Check the API key: none is configured; name the environment variable that holds it.';
  }
}
