import { complexityScorer } from './complexityScorer';
import { CURATION_GALLERY } from './curationGallery';
import type { TaskDefinition } from './defineTask';
import { EMBEDDING_GALLERY } from './embeddingGallery';
import { EVOL_GALLERY } from './evolGallery';
import { evolInstruct } from './evolInstruct';
import { evolQuality } from './evolQuality';
import { selfInstruct } from './selfInstruct';

/** Every task, by its distilabel name. */
export const TASKS: ReadonlyMap<string, TaskDefinition> = new Map(
  [evolInstruct, evolQuality, selfInstruct, complexityScorer, ...EVOL_GALLERY, ...EMBEDDING_GALLERY, ...CURATION_GALLERY].map((task) => [
    task.name,
    task,
  ]),
);

/** The task called `name`, or an Error listing the known names. */
export function findTask(name: string): TaskDefinition {
  const task = TASKS.get(name);
  if (task) return task;
  const caseInsensitive = [...TASKS.keys()].find((known) => known.toLowerCase() === name.toLowerCase());
  const hint = caseInsensitive ? `Did you mean ${caseInsensitive}? ` : '';
  throw new Error(`Unknown task "${name}". ${hint}Known tasks: ${[...TASKS.keys()].join(', ')}.`);
}
