import type { MockChatRequest, MockRule } from './types';

/**
 * Answers for the embedding-data prompts (GenerateSentencePair, the embedding-data tasks and
 * generators, EmbeddingTaskGenerator). Values echo what the prompt carried (the task, the anchor,
 * the languages and scores) so tests can assert them exactly. Without a JSON schema, answers
 * alternate deterministically between bare and wrapped forms (prose, ```json fences) so that
 * runs exercise the lenient parsers; with a schema they are plain JSON.
 */

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

/** True for prompts with an odd number of words: those get the wrapped form of an answer. */
function wrapped(text: string): boolean {
  return wordCount(text) % 2 === 1;
}

function schemaKeys(request: MockChatRequest): string[] | undefined {
  const properties = request.schema?.properties;
  return typeof properties === 'object' && properties !== null ? Object.keys(properties) : undefined;
}

function jsonAnswer(request: MockChatRequest, value: Record<string, unknown>): string {
  if (request.schema) return JSON.stringify(value);
  return wrapped(request.content) ? `Here is the example:\n\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\`` : JSON.stringify(value);
}

const REPLY_KEYS = /Reply with only a JSON object with the keys (.+?):/;
const TASK_BLOCK = /<task>\n([\s\S]*?)\n<\/task>/;
const BITEXT = {
  unit: /Write a triple of (.+?)s for training a bitext-retrieval model\./,
  languages: /"S1" is written in (.+?); "S2" and "S3" are translations of it into (.+?)\./,
  scores: /"S2" deserves ([\d.]+?); "S3" deserves ([\d.]+?)\.(?:\s|$)/,
  difficulty: /take (.+?) level education/,
};
const MONOLINGUAL = {
  unitAndLanguage: /Write a triple of (.+?)s in (.+?) whose meanings/,
  scores: /"S1" and "S2" rate ([\d.]+?); "S1" and "S3" rate ([\d.]+?)\.(?:\s|$)/,
  difficulty: /take (.+?) level education/,
};

/** S1..S3 echoing the triple's unit, languages, difficulty and scores. */
function tripleValues(content: string): Record<string, string> | undefined {
  const unit = BITEXT.unit.exec(content);
  const languages = BITEXT.languages.exec(content);
  const scores = BITEXT.scores.exec(content);
  const difficulty = BITEXT.difficulty.exec(content)?.[1];
  if (unit && languages && scores) {
    return {
      S1: `${languages[1]} ${unit[1]} for ${difficulty}`,
      S2: `${languages[2]} ${unit[1]} scored ${scores[1]}`,
      S3: `${languages[2]} ${unit[1]} scored ${scores[2]}`,
    };
  }
  const head = MONOLINGUAL.unitAndLanguage.exec(content);
  const similarity = MONOLINGUAL.scores.exec(content);
  if (head && similarity) {
    return {
      S1: `${head[2]} ${head[1]} for ${MONOLINGUAL.difficulty.exec(content)?.[1]}`,
      S2: `${head[2]} ${head[1]} similar ${similarity[1]}`,
      S3: `${head[2]} ${head[1]} similar ${similarity[2]}`,
    };
  }
  return undefined;
}

/** Embedding-data prompts: every key answered, `<key> for: <task>`, or the triple's values. */
const embeddingExample: MockRule = (request) => {
  const reply = REPLY_KEYS.exec(request.content);
  if (!reply) return undefined;
  const keys = schemaKeys(request) ?? [...(reply[1] ?? '').matchAll(/"([^"]+)"/g)].map((match) => match[1] as string);
  const triple = tripleValues(request.content);
  const task = TASK_BLOCK.exec(request.content)?.[1] ?? '';
  return jsonAnswer(request, Object.fromEntries(keys.map((key) => [key, triple?.[key] ?? `${key} for: ${task}`])));
};

const ACTIONS: [RegExp, string][] = [
  [/must be a paraphrase/, 'paraphrase'],
  [/must be semantically similar/, 'semantically-similar'],
  [/must be a query/, 'query'],
  [/must be an answer/, 'answer'],
];

/** GenerateSentencePair: `## Positive` (and `## Negative`) sections, or JSON when a schema is sent. */
const sentencePair: MockRule = (request) => {
  const system = request.messages.find((message) => message.role === 'system')?.content ?? '';
  const anchorAt = request.content.indexOf('## Anchor\n\n');
  if (anchorAt < 0 || !/sentence-embedding model/.test(system)) return undefined;
  const anchor = request.content.slice(anchorAt + '## Anchor\n\n'.length).trim();
  const context = /## Context\n\n([\s\S]*?)\n\n## Anchor/.exec(request.content)?.[1];
  const action = ACTIONS.find(([pattern]) => pattern.test(system))?.[1] ?? 'unknown';
  const triplet = /and a negative/.test(system);
  const positive = `${action} of: ${anchor}${context ? ` (context: ${context})` : ''}`;
  const negative = `${/hard negative/.test(system) ? 'hard negative' : 'negative'} of: ${anchor}`;
  const keys = schemaKeys(request);
  if (keys) return JSON.stringify(Object.fromEntries(keys.map((key) => [key, key === 'negative' ? negative : positive])));
  const sections = `## Positive\n${positive}${triplet ? `\n\n## Negative\n${negative}` : ''}`;
  return wrapped(anchor) ? `Sure, here you go.\n\n${sections}\n` : sections;
};

/** Five tasks per category; one holds an apostrophe, written as a Python escape. */
const BRAINSTORMED: Record<string, string[]> = {
  'text-retrieval': [
    'Given a symptom, find articles explaining its causes.',
    'Given a legal question, find the statutes that answer it.',
    "Given a recipe's name, find cooking blogs with that recipe.",
    'Given a bug report, find the commits that fixed it.',
    'Given a travel question, find guide pages that answer it.',
  ],
  'text-matching-short': [
    'Match a product title to its category.',
    'Match a question to the FAQ entry it repeats.',
    "Match a song's lyric line to its title.",
    'Match an error message to its cause.',
    'Match a headline to its topic tag.',
  ],
  'text-matching-long': [
    'Match a research abstract to its grant proposal.',
    'Match a court ruling to the news report about it.',
    "Match a patient's history to the discharge letter.",
    'Match a book chapter to its summary.',
    'Match a policy document to its public consultation response.',
  ],
  'text-classification': [
    'Classify customer emails by department.',
    'Classify reviews by the aspect they mention.',
    "Classify a tweet's sentiment as positive, negative or neutral.",
    'Classify news articles by topic.',
    'Classify support tickets by urgency.',
  ],
};

const CATEGORY_OPENINGS: [RegExp, string][] = [
  [/^Brainstorm text-retrieval tasks/, 'text-retrieval'],
  [/^Brainstorm matching tasks for pairs of short texts/, 'text-matching-short'],
  [/^Brainstorm matching tasks for pairs of long texts/, 'text-matching-long'],
  [/^Brainstorm text-classification tasks/, 'text-classification'],
];

/** EmbeddingTaskGenerator: a Python list literal, or `{"tasks": [...]}` when a schema is sent. */
const taskBrainstorm: MockRule = (request) => {
  if (!request.content.includes('Reply with only a Python list of strings')) return undefined;
  const category = CATEGORY_OPENINGS.find(([pattern]) => pattern.test(request.content))?.[1];
  if (!category) return undefined;
  const tasks = BRAINSTORMED[category] as string[];
  if (request.schema) return JSON.stringify({ tasks });
  const python = `[${tasks.map((task) => `'${task.replace(/'/g, "\\'")}'`).join(',\n ')}]`;
  return wrapped(request.content) ? `Here are the tasks:\n${python}` : python;
};

/** Answers for the embeddingData prompts; tried before the seed tasks' rules. */
export const embeddingDataRules: MockRule[] = [embeddingExample, sentencePair, taskBrainstorm];

/** The tasks the mock brainstorms for each EmbeddingTaskGenerator category, for assertions. */
export const MOCK_BRAINSTORMED_TASKS: Readonly<Record<string, readonly string[]>> = BRAINSTORMED;
