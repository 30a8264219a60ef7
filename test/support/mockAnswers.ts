/**
 * The mock endpoint's answers: a pure function of the prompt, so tests can compute what a run
 * against the mock must produce. Each rule recognises one prompt shape the tasks send.
 */
import { curationRules } from './mockRules/curation';
import { embeddingDataRules } from './mockRules/embeddingData';
import { evolGeneratorsRules } from './mockRules/evolGenerators';
import type { MockChatRequest, MockRule } from './mockRules/types';

export interface MockMessage {
  role: string;
  content: string;
}

export const MOCK_CONSTRAINTS = [
  'Answer in exactly three sentences.',
  'Include one concrete example.',
  'Do not use the word "very".',
  'Explain the reasoning step by step.',
  'Keep the answer under fifty words.',
] as const;

export const MOCK_IMPROVEMENTS = [
  'It also adds a short worked example.',
  'It closes with a one-line summary.',
  'It names the main caveat to keep in mind.',
  'It explains why each step matters.',
  'It points to a common mistake and how to avoid it.',
] as const;

/** Caps the "exactly N queries" rule so a typo in a prompt cannot make a huge reply. */
const MAX_QUERIES = 50;

// Rules of the task families, each file owned by its family; the first answer wins.
const FAMILY_RULES: readonly MockRule[] = [...curationRules, ...embeddingDataRules, ...evolGeneratorsRules];

export function mockAnswerFor(messages: readonly MockMessage[], schema?: Record<string, unknown>): string {
  const content = lastUserContent(messages);
  const request: MockChatRequest = { content, messages, ...(schema ? { schema } : {}) };
  for (const rule of FAMILY_RULES) {
    const answer = rule(request);
    if (answer !== undefined) return answer;
  }
  return (
    evolvedPrompt(content, '#Rewritten Prompt#:', (given) => `${given} ${pick(MOCK_CONSTRAINTS, given)}`) ??
    evolvedPrompt(content, '#Created Prompt#:', (given) => `In a rarer setting: ${given}`) ??
    rewrittenResponse(content) ??
    scoreLines(content) ??
    queries(content) ??
    `Answer: ${firstWords(content, 12)} ...`
  );
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

function lastUserContent(messages: readonly MockMessage[]): string {
  const users = messages.filter((message) => message.role === 'user');
  return (users.at(-1) ?? messages.at(-1))?.content ?? '';
}

const GIVEN_PROMPT = /#(?:The )?Given Prompt#:/g;
const GIVEN_RESPONSE = /#(?:The )?Given Response#:/g;

/**
 * The text between the last `start` match and the last `endMarker`, trimmed. Last matches,
 * because a template may mention its own headers in its instructions before the real ones.
 */
function textBefore(content: string, start: RegExp, endMarker: string): string | undefined {
  const end = content.lastIndexOf(endMarker);
  if (end < 0) return undefined;
  const before = content.slice(0, end);
  const lastStart = [...before.matchAll(start)].at(-1);
  return (lastStart ? before.slice(lastStart.index + lastStart[0].length) : before).trim();
}

function evolvedPrompt(content: string, header: string, evolve: (given: string) => string): string | undefined {
  const given = textBefore(content, GIVEN_PROMPT, header);
  return given === undefined ? undefined : `${header}\n${evolve(given)}`;
}

function rewrittenResponse(content: string): string | undefined {
  const given = textBefore(content, GIVEN_RESPONSE, '#Rewritten Response#:');
  return given === undefined ? undefined : `${given} ${pick(MOCK_IMPROVEMENTS, given)}`;
}

/** `[k] Score: s` for every numbered item, s = 1 + (words on the item's line mod 5). */
function scoreLines(content: string): string | undefined {
  if (!content.includes('Score:')) return undefined;
  const items = new Map<number, string>();
  for (const line of content.split(/\r?\n/)) {
    const match = /^\[(\d+)\] (.*)$/.exec(line);
    if (!match || /^\[\d+\] Score:/.test(line)) continue;
    const index = Number(match[1]);
    if (!items.has(index)) items.set(index, match[2] ?? '');
  }
  if (items.size === 0) return undefined;
  return [...items].map(([index, text]) => `[${index}] Score: ${1 + (countWords(text) % 5)}`).join('\n');
}

/** N distinct queries about the prompt's input, taken to be its last non-empty line. */
function queries(content: string): string | undefined {
  const match = /exactly (\d+) (user queries|queries|instructions)/i.exec(content);
  if (!match) return undefined;
  const count = Math.min(Number(match[1]), MAX_QUERIES);
  const lastLine = content.split(/\r?\n/).filter((line) => line.trim() !== '').at(-1) ?? '';
  const topic = firstWords(lastLine, 4);
  return Array.from({ length: count }, (_, i) => `Query ${i + 1}: how would you explain ${topic} in case ${i + 1}?`).join('\n');
}

function firstWords(text: string, count: number): string {
  return text
    .split(/\s+/)
    .filter((word) => word !== '')
    .slice(0, count)
    .join(' ');
}

function pick<T>(choices: readonly T[], key: string): T {
  return choices[fnv1a(key) % choices.length] as T;
}

/** 32-bit FNV-1a: small, stable across runs and platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
