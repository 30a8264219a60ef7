import { afterArity } from './afterArity';
import { cycles } from './cycles';
import { duplicateSteps } from './duplicateSteps';
import { generatorRows } from './generatorRows';
import { inputColumns } from './inputColumns';
import { llms } from './llms';
import { loadSources } from './loadSources';
import { mappingKeys } from './mappingKeys';
import { overwrittenColumns } from './overwrittenColumns';
import { params } from './params';
import { references } from './references';
import type { PipelineRule } from './rule';
import { schemaShape } from './schemaShape';
import { stepTypes } from './stepTypes';
import { textGenerationTemplate } from './textGenerationTemplate';
import { unreachableSteps } from './unreachableSteps';

/** Every rule run on a file the YAML parser could read (syntax errors are reported alone). */
export const RULES: readonly PipelineRule[] = [
  schemaShape,
  stepTypes,
  params,
  textGenerationTemplate,
  references,
  duplicateSteps,
  cycles,
  unreachableSteps,
  afterArity,
  generatorRows,
  llms,
  loadSources,
  mappingKeys,
  inputColumns,
  overwrittenColumns,
];
