import type { ChatMessage, ChatRequest, ChatResult, CompleteOptions, LlmClient } from '../../src/core/llm/types';

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
      };
    },
  };
}

/** The user message of a request, for assertions. */
export function lastUserContent(request: ChatRequest | undefined): string {
  const message = request?.messages.filter((m) => m.role === 'user').at(-1);
  if (!message) throw new Error('request has no user message');
  return message.content;
}
