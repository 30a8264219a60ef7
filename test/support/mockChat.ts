/**
 * What the mock makes of a chat completion request and what it answers, shared by the online
 * endpoint and the batch runner so a batch line is answered exactly as the same request online.
 */
import { countWords, type MockMessage } from './mockAnswers';
import { isRecord } from './mockHttp';

export const CHAT_PATH = '/v1/chat/completions';

export interface ChatBody {
  messages: MockMessage[];
  /** The JSON schema of a `response_format: json_schema` request. */
  schema?: Record<string, unknown>;
  n: number;
  stream: boolean;
  includeUsage: boolean;
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** The fields the mock uses, or a message saying what is wrong with the request. */
export function parseChatBody(body: unknown): ChatBody | string {
  if (!isRecord(body)) return 'The request body must be a JSON object.';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "'messages' must be a non-empty array.";
  const messages: MockMessage[] = [];
  for (const message of body.messages) {
    if (!isRecord(message) || typeof message.role !== 'string') return 'Every message needs a role.';
    messages.push({ role: message.role, content: messageText(message.content) });
  }
  const n = body.n ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 128) return "'n' must be an integer from 1 to 128.";
  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  const format = isRecord(body.response_format) && isRecord(body.response_format.json_schema) ? body.response_format.json_schema : {};
  const schema = isRecord(format.schema) ? format.schema : undefined;
  return { messages, ...(schema ? { schema } : {}), n, stream: body.stream === true, includeUsage: streamOptions.include_usage === true };
}

/** Content as a string, or the text parts of a content-part array joined. */
function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}

/** Word counts stand in for tokens: the prompt's words, and the answer's words once per choice. */
export function chatUsage(chat: ChatBody, content: string | null): ChatUsage {
  const promptTokens = chat.messages.reduce((total, message) => total + countWords(message.content), 0);
  const completionTokens = content === null ? 0 : countWords(content) * chat.n;
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

/** A non-streamed answer, in the API's shape. */
export interface MockChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: { index: number; message: { role: 'assistant'; content: string | null; refusal: null }; logprobs: null; finish_reason: 'stop' }[];
  usage: ChatUsage;
}

/** A fresh id for each completion, as the API gives. */
export function completionId(): string {
  return `chatcmpl-mock-${Math.random().toString(36).slice(2, 10)}`;
}

/** The body of a non-streamed `chat.completion` with `content` in each of the `n` choices. */
export function chatCompletion(chat: ChatBody, content: string | null, model: string): MockChatCompletion {
  return {
    id: completionId(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: Array.from({ length: chat.n }, (_, index) => ({
      index,
      message: { role: 'assistant', content, refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    })),
    usage: chatUsage(chat, content),
  };
}
