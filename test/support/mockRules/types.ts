/** One prompt shape the mock recognises: its answer, or undefined to let the next rule try. */
export interface MockChatRequest {
  /** The content of the last user message (the last message when there is no user one). */
  content: string;
  messages: readonly { role: string; content: string }[];
  /** The JSON schema of `response_format`, when the request asked for structured output. */
  schema?: Record<string, unknown>;
}

export type MockRule = (request: MockChatRequest) => string | undefined;
