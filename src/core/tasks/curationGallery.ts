import { chatGeneration } from './chatGeneration';
import type { TaskDefinition } from './defineTask';
import { genstruct } from './genstruct';
import { instructionBacktranslation } from './instructionBacktranslation';
import { prometheusEval } from './prometheusEval';
import { qualityScorer } from './qualityScorer';
import { structuredGeneration } from './structuredGeneration';
import { textClassification } from './textClassification';
import { textGeneration } from './textGeneration';
import { ultraFeedback } from './ultraFeedback';

/** The tasks of this family, in the order the task reference lists them. */
export const CURATION_GALLERY: readonly TaskDefinition[] = [
  textGeneration,
  chatGeneration,
  structuredGeneration,
  genstruct,
  textClassification,
  qualityScorer,
  ultraFeedback,
  instructionBacktranslation,
  prometheusEval,
];
