import * as z from 'zod';
import { STEPS } from '../steps/registry';
import { TASKS } from '../tasks/registry';
import { pipelineSchema } from './schema';

interface JsonSchemaNode {
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  enum?: unknown[];
  enumDescriptions?: string[];
  [key: string]: unknown;
}

/** Offers the known names of a key (`task`, `step`) wherever a step branch declares it. */
function listNames(branches: readonly JsonSchemaNode[], key: string, names: ReadonlyMap<string, { description: string }>): void {
  for (const branch of branches) {
    const property = branch.properties?.[key];
    if (!property) continue;
    property.enum = [...names.keys()];
    property.enumDescriptions = [...names.values()].map((entry) => entry.description);
  }
}

/**
 * The JSON Schema contributed for `*.pipeline.yaml` (schemas/pipeline.schema.json), so editors
 * with a YAML schema extension (Red Hat YAML) complete and check keys too. Generated from the zod
 * schema, with the task and column step names added as choices; draft-07 is what that
 * extension reads. `npm run schema` writes it; a unit test fails when it is out of date.
 */
export function pipelineJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(pipelineSchema, { io: 'input', target: 'draft-7' }) as JsonSchemaNode;
  const branches = schema.properties?.steps?.items?.anyOf ?? [];
  listNames(branches, 'task', TASKS);
  listNames(branches, 'step', STEPS);
  return { ...schema, title: 'Distillery pipeline' };
}

/** The file's text: the schema as stable, reviewable JSON. */
export function renderPipelineJsonSchema(): string {
  return `${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`;
}
