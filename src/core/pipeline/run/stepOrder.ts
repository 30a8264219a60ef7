/**
 * The steps in an order where each comes after every step it reads (Kahn's algorithm, keeping
 * the file's order among steps that are ready together), and the cycles that prevent it: each
 * a group of steps that read each other. Steps only downstream of a cycle are in neither.
 */
export function orderSteps(
  names: readonly string[],
  predecessorsOf: (name: string) => readonly string[],
): { order: string[]; cycles: string[][] } {
  const known = (name: string) => names.includes(name);
  const waitingOn = new Map(names.map((name) => [name, new Set(predecessorsOf(name).filter(known))]));
  const order: string[] = [];
  for (let ready = names.filter((name) => waitingOn.get(name)?.size === 0); ready.length > 0; ) {
    order.push(...ready);
    for (const done of ready) waitingOn.delete(done);
    for (const pending of waitingOn.values()) for (const done of ready) pending.delete(done);
    ready = names.filter((name) => waitingOn.get(name)?.size === 0);
  }
  return { order, cycles: cyclesAmong([...waitingOn.keys()], (name) => predecessorsOf(name).filter(known)) };
}

/** Groups of steps that reach each other through `after` (strongly connected, with a cycle). */
function cyclesAmong(names: readonly string[], predecessorsOf: (name: string) => readonly string[]): string[][] {
  const reachable = new Map(names.map((name) => [name, reachableFrom(name, predecessorsOf)]));
  const cycles: string[][] = [];
  const placed = new Set<string>();
  for (const name of names) {
    if (placed.has(name) || !reachable.get(name)?.has(name)) continue;
    const cycle = names.filter((other) => reachable.get(name)?.has(other) && reachable.get(other)?.has(name));
    for (const member of cycle) placed.add(member);
    cycles.push(cycle);
  }
  return cycles;
}

function reachableFrom(start: string, next: (name: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...next(start)];
  for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...next(name));
  }
  return seen;
}
