/**
 * An independent model of one EvolInstructGenerator slot, for exact expectations: the same
 * random draws in the same order (nouns: a count in 1..4 then that many picks; a mutation pick
 * per re-mutation, and new nouns after a FRESH_START pick), with plain string operations.
 */
import { ENGLISH_NOUNS } from '../../../src/core/tasks/englishNouns';
import { rowRandom, type RandomSource } from '../../../src/core/tasks/random';
import { render } from './kit';

export function drawNouns(random: RandomSource): string[] {
  const count = random.int(1, 4);
  return Array.from({ length: count }, () => random.pick(ENGLISH_NOUNS));
}

/** The text after the last "Prompt#:", trimmed, or the whole output trimmed. */
export function extracted(output: string): string {
  const parts = output.split('Prompt#:');
  return (parts.at(-1) as string).trim();
}

export interface ModelCall {
  label: string;
  content: string;
  output: string | null;
}

export interface SlotModel {
  seed: number;
  index: number;
  templates: Readonly<Record<string, string>>;
  minLength: number;
  maxLength: number;
  maxAttempts: number;
  /** The endpoint: an output for a prompt, given the 1-based request number. */
  answer: (content: string, requestNumber: number) => string | null;
}

export function modelSlot(model: SlotModel): { calls: ModelCall[]; instruction: string | null } {
  const random = rowRandom(model.seed, model.index);
  const names = Object.keys(model.templates);
  const fresh = () => render(model.templates.FRESH_START as string, { '<PROMPT>': drawNouns(random).join(', ') });
  let request = fresh();
  let evolving: string | null = null;
  const calls: ModelCall[] = [];
  for (let attempt = 1; attempt <= model.maxAttempts; attempt++) {
    let mutation = 'FRESH_START';
    if (evolving !== null) {
      mutation = random.pick(names);
      if (mutation === 'FRESH_START') {
        request = fresh();
        evolving = null;
      } else {
        request = render(model.templates[mutation] as string, { '<PROMPT>': evolving });
      }
    }
    const output = model.answer(request, calls.length + 1);
    calls.push({ label: `attempt ${attempt} (${mutation})`, content: request, output });
    const text = output === null ? '' : extracted(output);
    const length = [...text].length;
    if (text !== '' && length >= model.minLength && length <= model.maxLength) return { calls, instruction: text };
    if (text !== '') evolving = text;
  }
  return { calls, instruction: null };
}

/**
 * The first seed (from 0) whose slot 0 picks exactly `picks` in its first re-mutations, so a
 * test can name the path it takes instead of hoping a seed exercises it.
 */
export function seedWithPicks(templates: Readonly<Record<string, string>>, picks: readonly string[], index = 0): number {
  const names = Object.keys(templates);
  for (let seed = 0; seed < 10_000; seed++) {
    const random = rowRandom(seed, index);
    drawNouns(random);
    const matches = picks.every((wanted) => {
      const picked = random.pick(names);
      if (picked === 'FRESH_START') drawNouns(random);
      return picked === wanted;
    });
    if (matches) return seed;
  }
  throw new Error(`no seed picks ${picks.join(', ')}`);
}
