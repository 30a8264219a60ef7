import type { PipelineGraph } from './model';

/**
 * The pipeline graph as SVG markup. Every piece of text from the file (step names, task
 * names, columns, messages) is escaped here, so the webview can show the result without
 * running any script. Colours come from CSS classes the view styles with theme variables.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Edge labels list at most this many columns, then "+N more"; the tooltip has them all. */
const SHOWN_COLUMNS = 4;
const MARGIN = 24;
const LINE_HEIGHT = 13;

export function renderGraphSvg(graph: PipelineGraph): string {
  const placed = new Map(graph.layout.nodes.map((node) => [node.id, node]));
  const parts: string[] = [];

  for (const edge of graph.edges) {
    const from = placed.get(edge.from);
    const to = placed.get(edge.to);
    if (!from || !to) continue;
    const x1 = from.x + from.width;
    const y1 = from.y + from.height / 2;
    const x2 = to.x;
    const y2 = to.y + to.height / 2;
    const bend = Math.max(40, (x2 - x1) / 2);
    const shown = edge.columns.slice(0, SHOWN_COLUMNS);
    const more = edge.columns.length - shown.length;
    const lines = edge.columns.length === 0 ? ['columns unknown'] : more > 0 ? [...shown, `+${more} more`] : shown;
    const labelX = x1 + 8;
    const labelY = y1 - 6 - (lines.length - 1) * LINE_HEIGHT;
    parts.push(
      `<g class="edge"><title>${escapeXml(`${edge.from} → ${edge.to}\n${edge.columns.join('\n') || 'columns unknown'}`)}</title>` +
        `<path d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}" marker-end="url(#arrow)"/>` +
        lines.map((line, index) => `<text x="${labelX}" y="${labelY + index * LINE_HEIGHT}" class="columns">${escapeXml(line)}</text>`).join('') +
        '</g>',
    );
  }

  for (const step of graph.steps) {
    const node = placed.get(step.id);
    if (!node) continue;
    const worst = step.problems.some((p) => p.severity === 'error') ? 'error' : step.problems.length > 0 ? 'warning' : 'ok';
    const tooltip = [step.label, ...step.problems.map((p) => `${p.severity}: ${p.message}`)].join('\n');
    const badge = step.problems.length > 0 ? `<text x="${node.x + node.width - 6}" y="${node.y + 12}" class="badge" text-anchor="end">${step.problems.length}</text>` : '';
    parts.push(
      `<g class="step ${step.kind} ${worst}"><title>${escapeXml(tooltip)}</title>` +
        `<rect x="${node.x}" y="${node.y}" width="${node.width}" height="${node.height}" rx="6"/>` +
        `<text x="${node.x + 12}" y="${node.y + node.height / 2 + 4}">${escapeXml(step.label)}</text>${badge}</g>`,
    );
  }

  // Room above the first row for the labels of edges that leave it.
  const top = MARGIN + (SHOWN_COLUMNS + 1) * LINE_HEIGHT;
  const width = graph.layout.width + 2 * MARGIN;
  const height = graph.layout.height + top + MARGIN;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${-MARGIN} ${-top} ${width} ${height}" role="img" aria-label="Pipeline graph">` +
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>' +
    parts.join('') +
    '</svg>'
  );
}

/** The problems outside any step, as an escaped HTML list (empty when there are none). */
export function renderFileProblems(graph: PipelineGraph): string {
  if (graph.fileProblems.length === 0) return '';
  const items = graph.fileProblems.map((p) => `<li class="${p.severity}">${escapeXml(`${p.severity}: ${p.message}`)}</li>`).join('');
  return `<ul class="file-problems">${items}</ul>`;
}
