import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readPipelineStructure } from '../../../src/core/pipeline/analysis';

/** Steps written as `name<-after,after` (no arrow: no `after`), one per entry. */
function graphOf(...steps: string[]) {
  const lines = steps.map((entry) => {
    const [name, after] = entry.split('<-');
    return `  - name: ${name}\n    step: KeepColumns${after ? `\n    after: [${after}]` : ''}`;
  });
  const { graph, model } = readPipelineStructure(`name: g\nsteps:\n${lines.join('\n')}\n`);
  const names = (indices: readonly number[]) => indices.map((index) => model.steps[index]?.name?.value);
  return { graph, names };
}

describe('the step graph', () => {
  test('a chain: file order is run order, the last step is the output', () => {
    const { graph, names } = graphOf('a', 'b<-a', 'c<-b');
    assert.deepEqual(names(graph.order), ['a', 'b', 'c']);
    assert.deepEqual(names(graph.lastSteps), ['c']);
    assert.deepEqual(names([graph.outputStep ?? -1]), ['c']);
    assert.deepEqual(graph.cycles, []);
  });

  test('steps may be written in any order; `after` decides', () => {
    const { graph, names } = graphOf('c<-b', 'b<-a', 'a');
    assert.deepEqual(names(graph.order), ['a', 'b', 'c']);
  });

  test('branches that join: every predecessor comes first', () => {
    const { graph, names } = graphOf('a', 'b<-a', 'c<-a', 'd<-b,c');
    assert.deepEqual(names(graph.order), ['a', 'b', 'c', 'd']);
    assert.deepEqual(graph.predecessors[3], [1, 2]);
  });

  test('two steps nobody reads: the later one is the output', () => {
    const { graph, names } = graphOf('a', 'b<-a', 'c<-a');
    assert.deepEqual(names(graph.lastSteps), ['b', 'c']);
    assert.deepEqual(names([graph.outputStep ?? -1]), ['c']);
  });

  test('cycles, a step reading itself among them; steps after a cycle are left out of the order', () => {
    const { graph, names } = graphOf('a', 'b<-a,c', 'c<-b', 'd<-c', 'e<-e');
    assert.deepEqual(graph.cycles.map(names), [['b', 'c'], ['e']]);
    assert.deepEqual(names(graph.order), ['a']);
  });

  test('unknown names and later duplicates make no edge', () => {
    const { graph } = graphOf('a', 'a', 'b<-a,zzz');
    assert.deepEqual(graph.predecessors[2], [0]);
    assert.equal(graph.byName.get('a')?.index, 0);
  });
});
