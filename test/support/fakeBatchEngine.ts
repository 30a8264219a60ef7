/**
 * Stands in for an offline batch engine such as vLLM's `run_batch`: reads an OpenAI batch input
 * file and writes the OpenAI batch output lines the mock endpoint's answers make, so a run
 * answered offline can be compared with one answered online by the mock.
 * `node --import tsx test/support/fakeBatchEngine.ts -i requests.jsonl -o results.jsonl --model NAME [--fail-first N]`
 * also runs it on its own; `--fail-first N` answers the first N requests with an HTTP 500 line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { countWords, mockAnswerFor, type MockMessage } from './mockAnswers';

interface InputLine {
  custom_id: string;
  url: string;
  body: { messages: MockMessage[]; n?: number; response_format?: { json_schema?: { schema?: Record<string, unknown> } } };
}

export interface FakeBatchOptions {
  model: string;
  /** Lines to answer with an HTTP 500 error instead of a completion. */
  failFirst?: number;
}

/** The batch output text for a batch input text, one line per request, in the input's order. */
export function answerBatchInput(text: string, options: FakeBatchOptions): string {
  const requests = text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as InputLine);
  return requests
    .map((request, index) => {
      const id = `batch_req_${index}`;
      if (index < (options.failFirst ?? 0)) {
        const body = { error: { message: 'The server had an error while processing your request.', type: 'server_error' } };
        return JSON.stringify({ id, custom_id: request.custom_id, response: { status_code: 500, request_id: `req_${index}`, body }, error: null });
      }
      const { messages, n = 1 } = request.body;
      const content = mockAnswerFor(messages, request.body.response_format?.json_schema?.schema);
      // The mock endpoint's usage rule, so answers match what it would have sent online.
      const promptTokens = messages.reduce((total, message) => total + countWords(message.content), 0);
      const completionTokens = countWords(content) * n;
      const body = {
        id: `chatcmpl-fake-${index}`,
        object: 'chat.completion',
        created: 0,
        model: options.model,
        choices: Array.from({ length: n }, (_, choice) => ({ index: choice, message: { role: 'assistant', content }, finish_reason: 'stop' })),
        usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      };
      return JSON.stringify({ id, custom_id: request.custom_id, response: { status_code: 200, request_id: `req_${index}`, body }, error: null });
    })
    .map((line) => `${line}\n`)
    .join('');
}

function argument(args: readonly string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index < 0 ? undefined : args[index + 1];
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const [input, output, model] = [argument(args, '-i'), argument(args, '-o'), argument(args, '--model')];
  if (!input || !output || !model) {
    console.error('usage: fakeBatchEngine.ts -i requests.jsonl -o results.jsonl --model NAME [--fail-first N]');
    process.exit(2);
  }
  writeFileSync(output, answerBatchInput(readFileSync(input, 'utf8'), { model, failFirst: Number(argument(args, '--fail-first') ?? 0) }));
}
