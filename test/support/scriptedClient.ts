import type { ChatMessage, ChatRequest, ChatResult, CompleteOptions, EmbeddingRequest, EmbeddingResult, LlmClient } from '../../src/core/llm/types';

/** An in-process LlmClient for task tests: answers come from `answer`, every request is kept. */
export interface ScriptedClient extends LlmClient {
  readonly requests: ChatRequest[];
}

export type ScriptedAnswer = (messages: ChatMessage[], requestNumber: number) => string | null | Promise<string | null>;

export function scriptedClient(answer: ScriptedAnswer, model = 'scripted-model'): ScriptedClient {
  const requests: ChatRequest[] = [];
  return {
    model,
    requests,
    async complete(request: ChatRequest, options?: CompleteOptions): Promise<ChatResult> {
      options?.signal?.throwIfAborted();
      requests.push(request);
      const output = await answer(request.messages, requests.length);
      const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
      return {
        outputs: [output],
        model,
        usage: { inputTokens: request.messages.reduce((n, m) => n + words(m.content), 0), outputTokens: output ? words(output) : 0 },
        latencyMs: 1,
        attempts: 1,
        structuredOutput: request.responseFormat !== undefined,
        cached: false,
      };
    },
    async embed(request: EmbeddingRequest, options?: CompleteOptions): Promise<EmbeddingResult> {
      options?.signal?.throwIfAborted();
      return {
        embeddings: request.input.map(scriptedEmbedding),
        model,
        usage: { inputTokens: request.input.length, outputTokens: 0 },
        latencyMs: 1,
        attempts: 1,
        cached: false,
      };
    },
  };
}

/** A small deterministic vector for a text: its length, word count and first character code. */
export function scriptedEmbedding(text: string): number[] {
  return [text.length, text.split(/\s+/).filter(Boolean).length, text.codePointAt(0) ?? 0];
}

/** The user message of a request, for assertions. */
export function lastUserContent(request: ChatRequest | undefined): string {
  const message = request?.messages.filter((m) => m.role === 'user').at(-1);
  if (!message) throw new Error('request has no user message');
  return message.content;
}
