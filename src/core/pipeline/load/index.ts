export { readLoadBatches, readLoadSource } from './readLoadSource';
export { resolveLoadSource, isLoadSourceProblem, loadFormatOf, type LoadSourceProblem } from './resolveLoadSource';
export type { LoadFormat, LoadSource, LoadedItem, LoadedRow, LoadProblem } from './types';
