import type { StepEntry } from './pipelineModel';

/**
 * The steps as a directed graph: an edge runs from each step to the steps whose `after` names
 * it. Steps are identified by their index in the model; an `after` that names no step, and the
 * later steps of a duplicated name, make no edge (their own rules report them).
 */
export interface StepGraph {
  /** The first step of each name. */
  byName: ReadonlyMap<string, StepEntry>;
  /** For each step, the steps it reads, in `after` order. */
  predecessors: readonly (readonly number[])[];
  /** For each step, the steps that read it. */
  successors: readonly (readonly number[])[];
  /** Every step not on or after a cycle, each after all the steps it reads. */
  order: readonly number[];
  /** The cycles: groups of steps that (through `after`) read each other, in file order. */
  cycles: readonly (readonly number[])[];
  /** The steps no other step reads, in file order. A pipeline has one: its output. */
  lastSteps: readonly number[];
  /**
   * The step whose rows the pipeline writes to `output`: the last step, in file order, that no
   * other step reads. Undefined only when every step is read by another (a cycle).
   */
  outputStep?: number;
}

export function buildStepGraph(steps: readonly StepEntry[]): StepGraph {
  const byName = new Map<string, StepEntry>();
  for (const step of steps) if (step.name && !byName.has(step.name.value)) byName.set(step.name.value, step);

  const predecessors = steps.map((step) => [...new Set(step.after.flatMap((reference) => byName.get(reference.value)?.index ?? []))]);
  const successors = steps.map((): number[] => []);
  predecessors.forEach((sources, target) => sources.forEach((source) => successors[source]?.push(target)));

  const cycles = findCycles(steps.length, successors);
  const order = topologicalOrder(predecessors, successors);
  const lastSteps = steps.filter((step) => successors[step.index]?.length === 0).map((step) => step.index);
  const outputStep = lastSteps.at(-1);
  return { byName, predecessors, successors, order, cycles, lastSteps, ...(outputStep !== undefined ? { outputStep } : {}) };
}

/** Kahn's algorithm: a step joins the order once every step it reads has. */
function topologicalOrder(predecessors: readonly (readonly number[])[], successors: readonly (readonly number[])[]): number[] {
  const waitingOn = predecessors.map((sources) => sources.length);
  const ready = waitingOn.flatMap((count, index) => (count === 0 ? [index] : []));
  const order: number[] = [];
  for (let next = ready.shift(); next !== undefined; next = ready.shift()) {
    order.push(next);
    for (const target of successors[next] ?? []) {
      waitingOn[target] = (waitingOn[target] ?? 0) - 1;
      if (waitingOn[target] === 0) ready.push(target);
    }
  }
  return order;
}

/**
 * Tarjan's strongly connected components; a component is a cycle when it has several steps or
 * one step that reads itself. Iterative, so a long chain of steps cannot overflow the stack.
 */
function findCycles(count: number, successors: readonly (readonly number[])[]): number[][] {
  const indexOf = new Array<number>(count).fill(-1);
  const lowLink = new Array<number>(count).fill(0);
  const onStack = new Array<boolean>(count).fill(false);
  const stack: number[] = [];
  const cycles: number[][] = [];
  let counter = 0;

  for (let root = 0; root < count; root++) {
    if (indexOf[root] !== -1) continue;
    const work: { node: number; next: number }[] = [{ node: root, next: 0 }];
    indexOf[root] = lowLink[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: number; next: number };
      const targets = successors[frame.node] ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++] as number;
        if (indexOf[target] === -1) {
          indexOf[target] = lowLink[target] = counter++;
          stack.push(target);
          onStack[target] = true;
          work.push({ node: target, next: 0 });
        } else if (onStack[target]) {
          lowLink[frame.node] = Math.min(lowLink[frame.node] as number, indexOf[target] as number);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowLink[parent.node] = Math.min(lowLink[parent.node] as number, lowLink[frame.node] as number);
      if (lowLink[frame.node] !== indexOf[frame.node]) continue;
      const component: number[] = [];
      let member: number | undefined;
      do {
        member = stack.pop() as number;
        onStack[member] = false;
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || successors[frame.node]?.includes(frame.node)) cycles.push(component.sort((a, b) => a - b));
    }
  }
  return cycles.sort((a, b) => (a[0] as number) - (b[0] as number));
}
