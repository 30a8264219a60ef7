import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVOLUTION_COLUMNS, SCORE_COLUMNS } from '../../../src/core/results/columnRoles';
import { TASKS } from '../../../src/core/tasks/registry';

/** Every input and output column a task can have, over the parameters that switch them. */
function columnsOf(taskName: string): Set<string> {
  const definition = TASKS.get(taskName);
  assert.ok(definition, `${taskName} is not a task`);
  const base = definition.example ?? {};
  const evol = { num_evolutions: 1 };
  const variants = [{}, evol, { ...evol, store_evolutions: true }, { ...evol, generate_answers: true }, { ...evol, store_evolutions: true, generate_answers: true }, { mode: 'relative' }, { aspect: 'helpfulness' }];
  const columns = new Set<string>();
  for (const variant of variants) {
    let configured;
    try {
      configured = definition.configure({ ...base, ...variant });
    } catch {
      continue; // a parameter this task does not have
    }
    for (const name of [...Object.keys(configured.inputs), ...Object.keys(configured.outputs)]) columns.add(name);
  }
  return columns;
}

describe('the results panel\'s column roles match the task declarations', () => {
  for (const role of EVOLUTION_COLUMNS) {
    for (const task of role.tasks) {
      it(`${task} has ${role.list}, ${role.single} and ${role.original}`, () => {
        const columns = columnsOf(task);
        for (const name of [role.list, role.single, role.original, ...(role.context ? [role.context] : []), ...(role.answers ? [role.answers.list, role.answers.single] : [])]) {
          assert.ok(columns.has(name), `${task} has no column ${name}: ${[...columns].join(', ')}`);
        }
      });
    }
  }
  for (const role of SCORE_COLUMNS) {
    it(`${role.column}: written by ${role.tasks.join(', ')}, about columns they read`, () => {
      const columns = new Set(role.tasks.flatMap((task) => [...columnsOf(task)]));
      assert.ok(columns.has(role.column));
      for (const name of role.notes) assert.ok(columns.has(name), `no task of ${role.column} writes ${name}`);
      // The scored texts are the scorers' inputs, or the evolved lists DEITA maps onto them.
      const evolved = new Set(EVOLUTION_COLUMNS.map((evolution) => evolution.list));
      for (const name of role.scored) assert.ok(columns.has(name) || evolved.has(name), `no task of ${role.column} reads ${name}`);
    });
  }
});
