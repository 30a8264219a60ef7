import { isMap } from 'yaml';
import { valueOf } from '../locate';
import { report } from '../report';
import type { PipelineRule } from './rule';

/** Every `load` names a file that exists, in a format Distillery reads, with rows to take the columns from. */
export const loadSources: PipelineRule = ({ source, model, loads }) =>
  model.steps.flatMap((step) => {
    const outcome = loads.get(step.index);
    const path = step.load?.path;
    if (!outcome || !path) return [];
    switch (outcome.kind) {
      case 'columns':
        return [];
      case 'missing':
        return [report(source, path.node, 'load-missing', `File "${path.value}" not found (paths are relative to the pipeline file).`)];
      case 'no-format': {
        const how = isMap(valueOf(step.node, 'load')) ? 'add `format: jsonl` (or json, csv)' : `write \`load: { path: ${path.value}, format: jsonl }\` (or json, csv)`;
        return [report(source, path.node, 'load-format', `Cannot tell the format of "${path.value}" from its extension: ${how}.`)];
      }
      case 'unreadable':
        return [
          report(source, path.node, 'load-unreadable', `Could not take the columns of "${path.value}": ${outcome.reason}. The columns after this step are not checked.`, {
            severity: 'warning',
          }),
        ];
    }
  });
