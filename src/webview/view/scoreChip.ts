import type { ScoreCell } from '../../core/results/scoreCells';
import { scoreFraction, type ScoreColumn } from '../state/selectors';
import { el } from './dom';
import { formatScore } from './format';

/**
 * A score with its colour on the theme's chart scale (red, yellow, green from lowest to highest
 * in its column). The number is always written too: colour is never the only signal.
 */
export function scoreChip(cell: ScoreCell | undefined, column: ScoreColumn | undefined): HTMLElement {
  const value = cell?.value ?? null;
  const title = cell ? `${cell.id}: ${value === null ? 'no score' : String(value)}` : 'not scored';
  if (value === null) return el('span', { className: 'score-chip score-missing', text: '–', attrs: { title } });
  if (typeof value === 'string') return el('span', { className: 'score-chip score-text', text: value, attrs: { title } });
  const chip = el('span', { className: 'score-chip', text: formatScore(value), attrs: { title } });
  const fraction = column ? scoreFraction(value, column) : 1;
  // Two halves of the scale, each a mix of two chart colours (see media/results.css).
  const high = fraction >= 0.5;
  chip.classList.add(high ? 'score-high' : 'score-low');
  chip.style.setProperty('--score-mix', `${Math.round((high ? fraction - 0.5 : fraction) * 200)}%`);
  return chip;
}
