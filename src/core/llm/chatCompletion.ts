import * as z from 'zod';
import type { TokenUsage } from './types';

// The SDK casts whatever came back to its types; this is what we actually rely on. Batch output
// lines carry the same body, so answers from a batch are read by the same rules as online ones.
const completionSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        index: z.number().nullish(),
        message: z.object({ content: z.string().nullish() }).nullish(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).nullish(),
});

/** What a chat completion body says, in the order of its choices. */
export interface ChatCompletion {
  outputs: (string | null)[];
  /** The model the endpoint reported, if it did. */
  model: string | undefined;
  usage: TokenUsage;
}

/** A chat completion body read, or what is wrong with it. */
export function readChatCompletion(data: unknown): { completion: ChatCompletion } | { problem: string } {
  const parsed = completionSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { problem: typeof data === 'string' ? 'the body is not JSON' : `${where}${issue?.message ?? 'unexpected shape'}` };
  }
  const { model, choices, usage } = parsed.data;
  const ordered = [...choices].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  return {
    completion: {
      outputs: ordered.map((choice) => choice.message?.content ?? null),
      model: model || undefined,
      usage: { inputTokens: usage?.prompt_tokens ?? 0, outputTokens: usage?.completion_tokens ?? 0 },
    },
  };
}
