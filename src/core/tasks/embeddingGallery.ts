import type { TaskDefinition } from './defineTask';
import {
  bitextRetrievalGenerator,
  generateLongTextMatchingData,
  generateShortTextMatchingData,
  generateTextClassificationData,
  generateTextRetrievalData,
  monolingualTripletGenerator,
} from './embeddingData';
import { embeddingTaskGenerator } from './embeddingTaskGenerator';
import { generateEmbeddings } from './generateEmbeddings';
import { generateSentencePair } from './sentencePair';

/** The tasks of this family, in the order the task reference lists them. */
export const EMBEDDING_GALLERY: readonly TaskDefinition[] = [
  embeddingTaskGenerator,
  generateShortTextMatchingData,
  generateLongTextMatchingData,
  generateTextClassificationData,
  generateTextRetrievalData,
  bitextRetrievalGenerator,
  monolingualTripletGenerator,
  generateSentencePair,
  generateEmbeddings,
];
