/**
 * Prompts for the embedding-data family of "Improving Text Embeddings with Large Language
 * Models" (arXiv 2401.00368), written for this project after the method the paper describes:
 * one synthetic example per request, its attributes (length, clarity, education level, scores)
 * given explicitly, and the example returned as one JSON object with fixed keys.
 *
 * Every prompt ends with the same closing sentence naming the keys, so a reader (or the test
 * endpoint) can tell which keys are expected without knowing the task.
 */

/** The closing line of every embedding-data prompt: `Reply with only a JSON object with the keys "a", "b" and "c".` */
export function jsonReplyLine(keys: readonly string[]): string {
  const quoted = keys.map((key) => `"${key}"`);
  const list = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1) as string}` : (quoted[0] ?? '');
  return `Reply with only a JSON object with the keys ${list}: no explanation, no text before or after it.`;
}

/** The task description, fenced so that instructions inside it are read as data. */
function taskBlock(task: string): string {
  return ['The task:', '<task>', task, '</task>'].join('\n');
}

export interface TextMatchingValues {
  task: string;
  language: string;
}

export function shortTextMatchingPrompt(values: TextMatchingValues): string {
  return [
    'You write training data for a text-embedding model. Below is a text-matching task, where two short texts belong together.',
    taskBlock(values.task),
    '',
    'Write one example for this task: an "input" text and a "positive_document" that matches it.',
    '- Keep both texts short: one sentence or a phrase.',
    '- Let them share as few words as possible, so that only their meaning ties them together.',
    '- Each text must make sense on its own, without referring to the other.',
    `- Write both in ${values.language}.`,
    '',
    jsonReplyLine(['input', 'positive_document']),
  ].join('\n');
}

export function longTextMatchingPrompt(values: TextMatchingValues): string {
  return [
    'You write training data for a text-embedding model. Below is a text-matching task, where two long texts belong together.',
    taskBlock(values.task),
    '',
    'Write one example for this task: an "input" text and a "positive_document" that matches it.',
    '- Make both texts long: at least 300 words each.',
    '- Let them differ in wording, so that their meaning, not shared phrases, ties them together.',
    '- Each text must make sense on its own, without referring to the other.',
    `- Write both in ${values.language}.`,
    '',
    jsonReplyLine(['input', 'positive_document']),
  ].join('\n');
}

export interface TextClassificationValues {
  task: string;
  language: string;
  difficulty: string;
  clarity: string;
}

export function textClassificationPrompt(values: TextClassificationValues): string {
  return [
    'You write training data for a text-embedding model. Below is a text-classification task.',
    taskBlock(values.task),
    '',
    'Write one example for this task:',
    '- "input_text": a realistic text of the kind this task classifies. Vary its topic and form, and do not spell out the label in it.',
    '- "label": the label this text should get.',
    '- "misleading_label": another label the task allows, plausible at first sight but less fitting than "label".',
    `- Clarity of the input text: ${values.clarity}.`,
    `- Understanding the input text should take ${values.difficulty} level education.`,
    `- Write in ${values.language}.`,
    '',
    jsonReplyLine(['input_text', 'label', 'misleading_label']),
  ].join('\n');
}

export interface TextRetrievalValues {
  task: string;
  language: string;
  query_type: string;
  query_length: string;
  difficulty: string;
  clarity: string;
  num_words: number;
}

export function textRetrievalPrompt(values: TextRetrievalValues): string {
  return [
    'You write training data for a text-embedding model. Below is a retrieval task: given a query, find the documents that serve it.',
    taskBlock(values.task),
    '',
    'Write one example for this task:',
    `- "user_query": a query of ${values.query_length}. How common such a query is: ${values.query_type}. How clear it is: ${values.clarity}.`,
    `- "positive_document": a document that serves the query well, at least ${values.num_words} words long.`,
    `- "hard_negative_document": a document on a nearby subject, at least ${values.num_words} words long, that looks relevant but serves the query worse than the positive one.`,
    '- Write the documents as texts in their own right, not as replies to the query.',
    `- Understanding the query and the documents should take ${values.difficulty} level education.`,
    `- Write everything in ${values.language}.`,
    '',
    jsonReplyLine(['user_query', 'positive_document', 'hard_negative_document']),
  ].join('\n');
}

export interface BitextValues {
  source_language: string;
  target_language: string;
  unit: string;
  difficulty: string;
  high_score: string;
  low_score: string;
}

export function bitextRetrievalPrompt(values: BitextValues): string {
  return [
    `Write a triple of ${values.unit}s for training a bitext-retrieval model.`,
    `- "S1" is written in ${values.source_language}; "S2" and "S3" are translations of it into ${values.target_language}.`,
    `- Translation quality is rated from 1 (useless) to 5 (perfect). "S2" deserves ${values.high_score}; "S3" deserves ${values.low_score}.`,
    '- "S3" reads fluently but is flawed: a wrong keyword or number, something left out or something added. It shares some words with "S2".',
    `- Understanding "S1" should take ${values.difficulty} level education. Choose any topic, and vary the length.`,
    '',
    jsonReplyLine(['S1', 'S2', 'S3']),
  ].join('\n');
}

export interface MonolingualValues {
  language: string;
  unit: string;
  difficulty: string;
  high_score: string;
  low_score: string;
}

export function monolingualTripletPrompt(values: MonolingualValues): string {
  return [
    `Write a triple of ${values.unit}s in ${values.language} whose meanings are similar to different degrees.`,
    `- Semantic similarity is rated from 1 (unrelated) to 5 (the same meaning). "S1" and "S2" rate ${values.high_score}; "S1" and "S3" rate ${values.low_score}.`,
    '- All three share some words, so that wording alone does not tell them apart.',
    `- Understanding them should take ${values.difficulty} level education. Choose any topic, and vary the length.`,
    '',
    jsonReplyLine(['S1', 'S2', 'S3']),
  ].join('\n');
}

export type EmbeddingTaskCategory = 'text-retrieval' | 'text-matching-short' | 'text-matching-long' | 'text-classification';

/** The closing line of every brainstorming prompt. */
export const TASK_LIST_REPLY_LINE =
  'Reply with only a Python list of strings, about 20 of them, one task per string in one sentence: no numbering, no explanation.';

/**
 * Brainstorming prompts, one per category: what a task of the category describes, and two
 * examples of the expected grain (broad enough to cover many queries, not tied to one topic).
 */
const TASK_BRAINSTORMS: Readonly<Record<EmbeddingTaskCategory, readonly string[]>> = {
  'text-retrieval': [
    'Brainstorm text-retrieval tasks that an embedding model could be trained on.',
    'Each task says what the query is and which documents should be found for it, for example:',
    '- Given a symptom described in plain words, find medical articles that explain possible causes.',
    '- Given an error message from a build tool, find forum threads where the same error was solved.',
    'Make every task broad enough to cover many different queries, and make the tasks differ from each other.',
  ],
  'text-matching-short': [
    'Brainstorm matching tasks for pairs of short texts (a phrase or a sentence) that an embedding model could be trained on.',
    'Each task says what the two texts are and when they match, for example:',
    '- Given a product title, find the category name it belongs under.',
    '- Given a question in a chat, find the frequently asked question it repeats.',
    'Make the tasks cover different domains and kinds of relation.',
  ],
  'text-matching-long': [
    'Brainstorm matching tasks for pairs of long texts (several paragraphs) that an embedding model could be trained on.',
    'Each task says what the two texts are and when they match, for example:',
    '- Given a research abstract, find the grant proposal that describes the same project.',
    '- Given a court ruling, find the news report that covers it.',
    'Make the tasks cover different domains and kinds of relation.',
  ],
  'text-classification': [
    'Brainstorm text-classification tasks that an embedding model could be trained on.',
    'Each task says what the texts are and which labels they get, for example:',
    '- Sort customer emails into billing, delivery, returns or other.',
    '- Tell whether a restaurant review mentions the service, the food or the price.',
    'Make the tasks cover different domains, text kinds and label sets.',
  ],
};

export function taskBrainstormPrompt(category: EmbeddingTaskCategory): string {
  return [...TASK_BRAINSTORMS[category], '', TASK_LIST_REPLY_LINE].join('\n');
}
