import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutGraph, type LayoutEdge } from '../../../src/core/pipeline/graphView/layout';

const nodes = (...ids: string[]) => ids.map((id) => ({ id, width: 100 }));
const edge = (from: string, to: string): LayoutEdge => ({ from, to });
const place = (layout: ReturnType<typeof layoutGraph>) => Object.fromEntries(layout.nodes.map((n) => [n.id, [n.layer, n.x, n.y]]));

describe('layoutGraph', () => {
  test('a chain runs left to right, one layer per step', () => {
    const layout = layoutGraph(nodes('load', 'evolve', 'score'), [edge('load', 'evolve'), edge('evolve', 'score')], { layerGap: 50, nodeHeight: 30, rowGap: 10 });
    assert.deepEqual(place(layout), { load: [0, 0, 0], evolve: [1, 150, 0], score: [2, 300, 0] });
    assert.deepEqual([layout.width, layout.height], [400, 30]);
  });

  test('a step sits right of its deepest predecessor', () => {
    const layout = layoutGraph(nodes('a', 'b', 'c', 'join'), [edge('a', 'b'), edge('b', 'c'), edge('a', 'join'), edge('c', 'join')]);
    assert.deepEqual(layout.nodes.map((n) => [n.id, n.layer]), [['a', 0], ['b', 1], ['c', 2], ['join', 3]]);
  });

  test('fan-out stacks the branches in one layer; the join follows them', () => {
    const layout = layoutGraph(nodes('load', 'left', 'right', 'join'), [edge('load', 'left'), edge('load', 'right'), edge('left', 'join'), edge('right', 'join')], {
      nodeHeight: 30,
      rowGap: 10,
    });
    const byId = place(layout);
    assert.deepEqual([byId.left?.[0], byId.right?.[0], byId.join?.[0]], [1, 1, 2]);
    assert.deepEqual([byId.left?.[2], byId.right?.[2]], [0, 40]);
    assert.equal(layout.height, 70);
  });

  test('barycenter ordering uncrosses edges', () => {
    // Declared in the order that would cross: x2 feeds the first of layer 1, x1 the second.
    const layout = layoutGraph(nodes('x1', 'x2', 'y2', 'y1'), [edge('x1', 'y1'), edge('x2', 'y2')]);
    const rows = Object.fromEntries(layout.nodes.map((n) => [n.id, n.y]));
    assert.ok((rows.y1 ?? 0) < (rows.y2 ?? 0), 'y1 follows x1 to the top');
  });

  test('a cycle is drawn anyway, and unknown or self edges are ignored', () => {
    const layout = layoutGraph(nodes('a', 'b'), [edge('a', 'b'), edge('b', 'a'), edge('a', 'a'), edge('ghost', 'b')]);
    assert.deepEqual(layout.nodes.map((n) => n.id).sort(), ['a', 'b']);
    assert.deepEqual(new Set(layout.nodes.map((n) => n.layer)), new Set([0, 1]));
  });

  test('wide labels widen their layer', () => {
    const layout = layoutGraph([{ id: 'a', width: 300 }, { id: 'b', width: 80 }], [edge('a', 'b')], { layerGap: 40 });
    assert.equal(layout.nodes.find((n) => n.id === 'b')?.x, 340);
  });
});
