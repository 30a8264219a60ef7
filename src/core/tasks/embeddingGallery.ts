import type { TaskDefinition } from './defineTask';

/** The tasks of this family, in the order the task reference lists them. */
export const EMBEDDING_GALLERY: readonly TaskDefinition[] = [];
