export type {
  JsonObject,
  JsonlLineError,
  JsonlLineResult,
  JsonlParseResult,
  JsonlReadItem,
  JsonlRow,
  LineRange,
} from './types';
export { splitLines, iterateLines, type LineEnding, type SplitLine } from './splitLines';
export { parseJsonlLine } from './parseLine';
export { parseJsonl } from './parseJsonl';
export { serializeRow } from './serializeRow';
export { replaceRows } from './replaceRows';
export { readJsonlFile } from './readJsonlFile';
export { readJsonlBatches, type ReadJsonlOptions } from './readJsonlBatches';
export { openJsonlWriter, type JsonlFileWriter, type OpenJsonlWriterOptions } from './jsonlFileWriter';
