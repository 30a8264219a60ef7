// Writes docs/tasks.md from the task and step declarations. The rendering lives in
// src/core/docs/taskReference.ts; test/unit/docs checks that the file is up to date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { renderTaskReference } from '../src/core/docs/taskReference';
import { STEPS } from '../src/core/steps/registry';
import { TASKS } from '../src/core/tasks/registry';

const target = join(__dirname, '..', 'docs', 'tasks.md');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderTaskReference(TASKS.values(), STEPS.values()));
console.log(`Wrote ${relative(process.cwd(), target)} (${TASKS.size} tasks, ${STEPS.size} column steps).`);
