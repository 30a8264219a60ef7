/**
 * Records the results the panel's browser tests, screenshots and benchmark load: real task runs
 * (the engine's own rows and metadata), answered by a scripted model whose answers were written
 * by hand so the rows read like real data. Run again after changing the metadata format:
 *   node --import tsx test/browser/recordFixtures.ts
 * Writes test/fixtures/results/deita.jsonl (EvolComplexity, then ComplexityScorer on the
 * evolutions: the DEITA workflow) and test/fixtures/results/ultrafeedback.jsonl.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeRow, type JsonObject } from '../../src/core/jsonl';
import type { ChatMessage } from '../../src/core/llm/types';
import { defaultStepName, runRow } from '../../src/core/run/rowRunner';
import { findTask } from '../../src/core/tasks/registry';
import { scriptedClient } from '../support/scriptedClient';

interface Evolution {
  /** original, evolution 1, evolution 2 */
  versions: [string, string, string];
  answers: [string, string, string];
  scores: [number, number, number];
}

const EVOLUTIONS: Evolution[] = [
  {
    versions: [
      'Explain what a hash map is.',
      'Explain what a hash map is, and how it resolves collisions between keys.',
      'Explain what a hash map is, how it resolves collisions between keys, and why its lookups stay fast as it grows.',
    ],
    answers: [
      'A hash map stores key-value pairs in an array of buckets. A hash function turns each key into a bucket index, so a lookup goes straight to the right bucket instead of searching.',
      'A hash map stores key-value pairs in buckets chosen by hashing the key. When two keys land in the same bucket it either chains them (a short list per bucket) or probes for the next free slot (open addressing).',
      'A hash map hashes each key to a bucket; collisions are chained or probed. Lookups stay close to constant time because the map resizes: once the load factor passes a threshold (often 0.75) it allocates a larger array and rehashes every key, so buckets stay short.',
    ],
    scores: [1, 2, 3],
  },
  {
    versions: [
      'Write a haiku about autumn rain.',
      'Write a haiku about autumn rain that mentions a specific city.',
      'Write a haiku about autumn rain that mentions a specific city and ends with a question.',
    ],
    answers: [
      'Cold rain on the roof\nmaple leaves drift down the drain\nthe kettle whistles',
      'Rain over Kyoto\ntemple roofs wear borrowed gold\nthe bells ring softer',
      'Rain over Lisbon\ntrams hiss down the shining hill\nwho keeps the last light?',
    ],
    scores: [1, 2, 4],
  },
  {
    versions: [
      'List three uses of baking soda.',
      'List three uses of baking soda in the kitchen, with the reason each one works.',
      'List three uses of baking soda in the kitchen, with the chemical reason each one works and one safety caution.',
    ],
    answers: [
      '1. Leavening for quick breads. 2. Scrubbing stuck-on food. 3. Absorbing fridge odours.',
      '1. Leavening: it releases carbon dioxide when it meets an acid. 2. Scrubbing: its fine crystals are mildly abrasive. 3. Deodorising: it neutralises acidic odour molecules.',
      '1. Leavening: sodium bicarbonate reacts with acids (buttermilk, lemon) to release CO2. 2. Scrubbing: a mild alkali that loosens grease. 3. Deodorising: it neutralises volatile acids. Caution: never mix it with vinegar in a closed container; the gas pressure can burst it.',
    ],
    scores: [1, 3, 4],
  },
  {
    versions: [
      'Describe how a bill becomes a law.',
      'Describe how a bill becomes a law in the United States, naming each chamber it passes through.',
      'Describe how a bill becomes a law in the United States, naming each chamber it passes through and what happens after a presidential veto.',
    ],
    answers: [
      'A bill is introduced, studied in committee, debated and voted on, then signed into law.',
      'A bill is introduced in the House of Representatives or the Senate, goes to committee, passes a floor vote, then goes through the same steps in the other chamber before reaching the President.',
      'After both the House and the Senate pass the same text, the President signs or vetoes it. A veto returns the bill to Congress, which can override it with a two-thirds vote in each chamber; otherwise the bill dies.',
    ],
    scores: [2, 3, 5],
  },
  {
    versions: [
      'Suggest a name for a bakery.',
      'Suggest three names for a bakery that sells only sourdough bread.',
      'Suggest three names for a bakery that sells only sourdough bread, each under two words and easy to spell.',
    ],
    answers: ['Golden Crust.', '1. The Starter Jar 2. Wild Yeast Bakery 3. Slow Rise', '1. Levain 2. Crumb 3. Proofed'],
    scores: [1, 2, 3],
  },
];

/** A row whose second evolution comes back empty: the panel shows it as failed, with the reason. */
const FAILING_SEED = 'Summarize the plot of Hamlet in one paragraph.';
const FAILING_FIRST = 'Summarize the plot of Hamlet in one paragraph, naming the three characters who die in the final scene.';

interface Rated {
  instruction: string;
  generations: [string, string, string];
  ratings: [number, number, number];
  rationales: [string, string, string];
}

const RATED: Rated[] = [
  {
    instruction: 'What causes the seasons on Earth?',
    generations: [
      'The seasons come from the tilt of Earth\'s axis (about 23.4 degrees): as Earth orbits the Sun, each hemisphere leans toward it for part of the year and gets more direct sunlight and longer days.',
      'Seasons happen because Earth is closer to the Sun in summer and farther away in winter.',
      'Earth\'s axial tilt changes how directly sunlight hits each hemisphere through the year.',
    ],
    ratings: [5, 2, 4],
    rationales: ['Correct, complete and clear.', 'States the distance misconception as fact.', 'Correct but terse; no mention of day length.'],
  },
  {
    instruction: 'Give a one-line Python expression that reverses a string s.',
    generations: ['s[::-1]', "''.join(reversed(s))", 's.reverse()'],
    ratings: [5, 4, 1],
    rationales: ['Idiomatic and correct.', 'Correct, slightly longer.', 'Strings have no reverse() method: raises AttributeError.'],
  },
  {
    instruction: "Translate 'good morning' into Spanish and French.",
    generations: ['Spanish: buenos días. French: bonjour.', 'Buenos días / Bonne matinée', 'Spanish: buen día; French: bonjour.'],
    ratings: [5, 3, 4],
    rationales: ['Both standard greetings.', '"Bonne matinée" is not the usual greeting.', 'Correct; "buen día" is regional but common.'],
  },
  {
    instruction: 'How many legs does a spider have?',
    generations: ['Eight.', 'Six, like all insects.', 'Spiders have eight legs; they are arachnids, not insects.'],
    ratings: [4, 1, 5],
    rationales: ['Correct but bare.', 'Wrong: spiders are not insects.', 'Correct with a useful distinction.'],
  },
  {
    instruction: 'Name a prime number between 20 and 30.',
    generations: ['23', '25', '29 (23 also works)'],
    ratings: [5, 1, 5],
    rationales: ['Correct.', '25 is 5 times 5.', 'Correct and complete.'],
  },
];

const userText = (messages: ChatMessage[]) => messages.map((message) => message.content).join('\n');

/** The scripted model: finds which known text the prompt is about, answers what was written for it. */
function answer(messages: ChatMessage[]): string | null {
  const prompt = userText(messages);
  for (const row of EVOLUTIONS) {
    // An answer request is the instruction itself; an evolution request embeds the text to evolve.
    const asked = row.versions.indexOf(prompt.trim());
    if (asked !== -1) return row.answers[asked] as string;
    if (prompt.includes('The questions:') && prompt.includes(row.versions[0])) return row.scores.map((score, index) => `[${index + 1}] Score: ${score}`).join('\n');
    if (prompt.includes(row.versions[1])) return `#Rewritten Prompt#:\n${row.versions[2]}`;
    if (prompt.includes(row.versions[0])) return `#Rewritten Prompt#:\n${row.versions[1]}`;
  }
  if (prompt.includes(FAILING_FIRST)) return '';
  if (prompt.includes(FAILING_SEED)) return `#Rewritten Prompt#:\n${FAILING_FIRST}`;
  for (const row of RATED) {
    if (prompt.includes(row.instruction)) return row.ratings.map((rating, index) => `Rating: ${rating}\nRationale: ${row.rationales[index]}`).join('\n\n');
  }
  throw new Error(`no scripted answer for: ${prompt.slice(0, 120)}`);
}

async function runTask(taskName: string, params: Record<string, unknown>, value: JsonObject, mappings: Record<string, string> = {}): Promise<JsonObject> {
  const task = findTask(taskName).configure(params, { input: mappings });
  const client = scriptedClient(answer, 'llama3.1');
  const result = await runRow({ index: 0, value }, { task, client, stepName: defaultStepName(taskName), includeMetadata: true });
  return result.rows[0];
}

async function main(): Promise<void> {
  const folder = join(__dirname, '..', 'fixtures', 'results');
  const deita: JsonObject[] = [];
  const seeds = [...EVOLUTIONS.map((row) => row.versions[0]), FAILING_SEED];
  for (const [index, instruction] of seeds.entries()) {
    const evolved = await runTask(
      'EvolComplexity',
      { num_evolutions: 2, store_evolutions: true, include_original_instruction: true, generate_answers: true, seed: index },
      { id: index + 1, instruction },
    );
    deita.push(await runTask('ComplexityScorer', {}, evolved, { instructions: 'evolved_instructions' }));
  }
  const rated: JsonObject[] = [];
  for (const [index, row] of RATED.entries()) {
    rated.push(await runTask('UltraFeedback', {}, { id: index + 1, instruction: row.instruction, generations: row.generations }));
  }
  for (const [name, rows] of [['deita.jsonl', deita], ['ultrafeedback.jsonl', rated]] as const) {
    writeFileSync(join(folder, name), `${rows.map(serializeRow).join('\n')}\n`);
    console.log(`wrote ${join(folder, name)} (${rows.length} rows)`);
  }
}

void main();
