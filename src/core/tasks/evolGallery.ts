import type { TaskDefinition } from './defineTask';
import { evolComplexity, evolComplexityGenerator } from './evolComplexity';
import { evolInstructGenerator } from './evolInstructGenerator';

/** The tasks of this family, in the order the task reference lists them. */
export const EVOL_GALLERY: readonly TaskDefinition[] = [evolComplexity, evolInstructGenerator, evolComplexityGenerator];
