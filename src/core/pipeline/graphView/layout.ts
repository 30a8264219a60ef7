/**
 * A layered drawing of a pipeline DAG: each step sits one layer right of its deepest
 * predecessor, steps of a layer are ordered to keep edges short (barycenters of their
 * predecessors), and every edge runs left to right. Pure geometry, so the graph view's
 * webview only draws what this returns.
 */

export interface LayoutNode {
  id: string;
  /** Width needed by the node's label, in the same units as the result. */
  width: number;
}

export interface LayoutEdge {
  from: string;
  to: string;
}

export interface PlacedNode {
  id: string;
  layer: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  nodeHeight?: number;
  /** Horizontal gap between layers, wide enough for the column labels on edges. */
  layerGap?: number;
  rowGap?: number;
  /** Barycenter sweeps; a few settle small pipelines. */
  sweeps?: number;
}

/**
 * Lays out `nodes`; edges naming unknown nodes are ignored, and a cycle (which the checker
 * reports) is broken at the edge that closes it so the drawing still shows every step.
 */
export function layoutGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], options: LayoutOptions = {}): GraphLayout {
  const { nodeHeight = 36, layerGap = 160, rowGap = 24, sweeps = 4 } = options;
  const ids = new Set(nodes.map((node) => node.id));
  const predecessors = new Map<string, string[]>(nodes.map((node) => [node.id, []]));
  for (const edge of edges) {
    if (ids.has(edge.from) && ids.has(edge.to) && edge.from !== edge.to) predecessors.get(edge.to)?.push(edge.from);
  }

  const layerOf = assignLayers(nodes, predecessors);
  const layers: string[][] = [];
  for (const node of nodes) (layers[layerOf.get(node.id) ?? 0] ??= []).push(node.id);
  orderLayers(layers, predecessors, sweeps);

  const widthOf = new Map(nodes.map((node) => [node.id, node.width]));
  const layerWidths = layers.map((layer) => Math.max(0, ...layer.map((id) => widthOf.get(id) ?? 0)));
  const placed: PlacedNode[] = [];
  let x = 0;
  for (const [layerIndex, layer] of layers.entries()) {
    for (const [row, id] of layer.entries()) {
      placed.push({ id, layer: layerIndex, x, y: row * (nodeHeight + rowGap), width: widthOf.get(id) ?? 0, height: nodeHeight });
    }
    x += (layerWidths[layerIndex] ?? 0) + layerGap;
  }
  const tallest = Math.max(0, ...layers.map((layer) => layer.length));
  return {
    nodes: placed,
    width: Math.max(0, x - layerGap),
    height: Math.max(0, tallest * (nodeHeight + rowGap) - rowGap),
  };
}

/** Longest-path layering, depth-first; an edge back onto the current path is skipped. */
function assignLayers(nodes: readonly LayoutNode[], predecessors: ReadonlyMap<string, string[]>): Map<string, number> {
  const layer = new Map<string, number>();
  const onPath = new Set<string>();
  const visit = (id: string): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    onPath.add(id);
    let depth = 0;
    for (const from of predecessors.get(id) ?? []) {
      if (!onPath.has(from)) depth = Math.max(depth, visit(from) + 1);
    }
    onPath.delete(id);
    layer.set(id, depth);
    return depth;
  };
  for (const node of nodes) visit(node.id);
  return layer;
}

/** Orders each layer by the mean position of its predecessors; ties keep declaration order. */
function orderLayers(layers: string[][], predecessors: ReadonlyMap<string, string[]>, sweeps: number): void {
  for (let sweep = 0; sweep < sweeps; sweep++) {
    const position = new Map<string, number>();
    for (const layer of layers) layer.forEach((id, index) => position.set(id, index));
    for (const layer of layers.slice(1)) {
      const barycenter = (id: string) => {
        const placed = (predecessors.get(id) ?? []).map((from) => position.get(from)).filter((p): p is number => p !== undefined);
        return placed.length === 0 ? (position.get(id) ?? 0) : placed.reduce((a, b) => a + b, 0) / placed.length;
      };
      const keys = new Map(layer.map((id, index) => [id, [barycenter(id), index] as const]));
      layer.sort((a, b) => {
        const [ka, ia] = keys.get(a) ?? [0, 0];
        const [kb, ib] = keys.get(b) ?? [0, 0];
        return ka - kb || ia - ib;
      });
      layer.forEach((id, index) => position.set(id, index));
    }
  }
}
