// Writes schemas/pipeline.schema.json from the zod schema of pipeline files. The rendering lives
// in src/core/pipeline/jsonSchema.ts; test/unit/pipeline checks that the file is up to date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { renderPipelineJsonSchema } from '../src/core/pipeline/jsonSchema';

const target = join(__dirname, '..', 'schemas', 'pipeline.schema.json');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderPipelineJsonSchema());
console.log(`Wrote ${relative(process.cwd(), target)}.`);
