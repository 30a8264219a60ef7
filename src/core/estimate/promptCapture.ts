/**
 * The requests a task would send for a row, found without calling the endpoint: the task runs
 * against a context whose `generate` records the messages and answers with a stand-in (null,
 * or a text). Pure, unit-tested.
 */
import type { ChatMessage, StructuredOutputFormat } from '../llm';
import { randomForRow, type RowInput } from '../run/rowRunner';
import { explainTypeMismatch } from '../tasks/columns';
import type { ConfiguredTask, TaskContext } from '../tasks/defineTask';

export type CapturedCall =
  | { kind: 'chat'; label: string; messages: ChatMessage[]; structuredOutput?: StructuredOutputFormat }
  | { kind: 'embedding'; label: string; texts: string[] };

export interface RowPrompts {
  index: number;
  line?: number;
  /**
   * The requests the row sends before any answer comes back: exact, since nothing in them
   * depends on the endpoint. Usually one; several when a task sends them side by side.
   */
  calls: CapturedCall[];
  /**
   * The task went on to send more requests once given (empty) answers: their prompts are built
   * from real answers, so they are not shown, and a real run may send more or fewer of them.
   */
  dependentCalls: number;
  /** Why the row would fail before any request (a missing or mistyped input). */
  inputProblems: string[];
}

/**
 * Captures the requests `generation` of `row` sends first, with the run's random choices for
 * that row, so the prompts are exactly those a run sends. Every request is answered with
 * `standInAnswer`: null shows where a task stops without an answer; a text lets a task that
 * builds on answers (EvolInstruct) go on, so its later requests can be counted.
 */
export async function captureRowPrompts(task: ConfiguredTask, row: RowInput, generation = 0, standInAnswer: string | null = null): Promise<RowPrompts> {
  const base = { index: row.index, ...(row.line !== undefined ? { line: row.line } : {}) };
  const inputProblems = Object.entries(task.inputs).flatMap(([name, type]) => {
    const problem = explainTypeMismatch(row.value[name], type, `column "${name}"`);
    return problem ? [problem] : [];
  });
  if (inputProblems.length > 0) return { ...base, calls: [], dependentCalls: 0, inputProblems };

  const calls: CapturedCall[] = [];
  let dependentCalls = 0;
  // Answers are delivered on a later macrotask: every request issued before then was built
  // without any answer, so it is shown as is; the ones after depend on answers.
  let answered = false;
  const answerLater = <T>(value: T): Promise<T> =>
    new Promise((resolve) =>
      setImmediate(() => {
        answered = true;
        resolve(value);
      }),
    );
  const context: TaskContext = {
    random: randomForRow(task, row, generation),
    generate(messages, label, options = {}) {
      if (answered) {
        dependentCalls += 1;
        return Promise.resolve(standInAnswer);
      }
      calls.push({
        kind: 'chat',
        label,
        messages: messages.map((message) => ({ ...message })),
        ...(options.responseFormat ? { structuredOutput: options.responseFormat } : {}),
      });
      return answerLater(standInAnswer);
    },
    embed(texts, label) {
      if (answered) {
        dependentCalls += 1;
        return Promise.resolve(texts.map(() => []));
      }
      calls.push({ kind: 'embedding', label, texts: [...texts] });
      return answerLater(texts.map(() => []));
    },
  };
  try {
    await task.process(row.value, context);
  } catch {
    // A task may give up on an empty answer by throwing; what it sent before is what counts.
  }
  return { ...base, calls, dependentCalls, inputProblems };
}
