/**
 * A row in the evolutions view: the original and every evolution side by side, each showing
 * the words it changed from the one before, its answer beneath it, and its score beside its
 * label when the row was scored (DEITA).
 */
import type { EvolutionTrack, TextVersion } from '../../core/results/evolutionTrack';
import type { LoadedRow } from '../../protocol/resultsPanel';
import type { CellRef } from '../state/panelState';
import type { RowDigest } from '../state/rowDigest';
import type { ScoreColumn } from '../state/selectors';
import { cellText } from './cellText';
import { button, el } from './dom';
import { rowName, rowShell, type Dispatch } from './rowChrome';
import { scoreChip } from './scoreChip';
import { wordDiffFragment } from './wordDiff';

function versionColumn(row: LoadedRow, track: EvolutionTrack, index: number, previous: TextVersion | undefined, showRemoved: boolean, columns: ReadonlyMap<string, ScoreColumn>, dispatch: Dispatch): HTMLElement {
  const version = track.versions[index] as TextVersion;
  const open = (cell: CellRef) => () => dispatch({ type: 'openDetails', key: row.key, cell });
  const text = version.text === null ? null : wordDiffFragment(previous?.text ?? null, version.text, showRemoved);
  const hasAnswers = track.versions.some((other) => other.answer !== null);
  return el('section', { className: 'version', attrs: { 'aria-label': `${track.kind}, ${version.label}` } }, [
    el('header', { className: 'version-head' }, [
      el('span', { className: 'version-label', text: version.label }),
      // "scores" -> "score", "ratings" -> "rating": the chip's caption.
      version.score ? el('span', { className: 'chip-caption', text: version.score.column.replace(/s$/, '') }) : null,
      version.score ? scoreChip(version.score, columns.get(version.score.id)) : null,
      button('Details', open({ kind: 'version', index }), { className: 'button link', ariaLabel: `Details of ${version.label}, ${rowName(row)}: its prompt and raw output` }),
    ]),
    cellText(text, open({ kind: 'version', index })),
    // Every version that was answered, and a "none" under one whose answer is missing.
    version.answer !== null || (hasAnswers && version.answerCallLabel !== null)
      ? el('div', { className: 'answer' }, [el('span', { className: 'answer-label', text: 'answer' }), ...clampedWhenLong(cellText(version.answer, open({ kind: 'answer', index })), version.answer)])
      : null,
  ]);
}

/** Past about twelve lines, an answer is clamped there with a button to show it all. */
const LONG_ANSWER_CHARS = 900;

function clampedWhenLong(block: HTMLElement, text: string | null): HTMLElement[] {
  if (text === null || (text.length <= LONG_ANSWER_CHARS && text.split('\n').length <= 12)) return [block];
  block.classList.add('long');
  const toggle = button('Show more', () => {
    const expanded = block.classList.toggle('expanded');
    toggle.textContent = expanded ? 'Show less' : 'Show more';
    toggle.setAttribute('aria-expanded', String(expanded));
  }, { className: 'button link' });
  toggle.setAttribute('aria-expanded', 'false');
  return [block, toggle];
}

export function evolutionsRow(row: LoadedRow, digest: RowDigest, showRemoved: boolean, columns: ReadonlyMap<string, ScoreColumn>, dispatch: Dispatch): HTMLElement {
  const { track } = digest;
  const last = track?.versions.at(-1);
  const { element } = rowShell(row, last?.text ?? null, dispatch);
  element.classList.add('evolutions-row');
  if (!track) {
    element.append(el('p', { className: 'empty-cell', text: 'This row holds no evolutions: see the Scores or Table view.' }));
    return element;
  }
  if (track.context !== null) {
    element.append(el('div', { className: 'context' }, [el('span', { className: 'context-label', text: 'instruction' }), cellText(track.context, () => dispatch({ type: 'openDetails', key: row.key, cell: { kind: 'column', name: 'instruction' } }))]));
  }
  const versions = el('div', { className: 'versions' });
  versions.style.setProperty('--version-count', String(track.versions.length));
  track.versions.forEach((_, index) => versions.append(versionColumn(row, track, index, track.versions[index - 1], showRemoved, columns, dispatch)));
  element.append(versions);
  return element;
}

/** Pixels a row will roughly take, from its longest version at the current width. */
export function estimateEvolutionsHeight(digest: RowDigest, width: number): number {
  const versions = digest.track?.versions ?? [];
  if (versions.length === 0) return 90;
  // As the grid lays them out: side by side while each gets 14rem (224 px), else wrapped.
  const perLine = Math.min(versions.length, Math.max(1, Math.floor((width - 24) / 232)));
  const columnWidth = Math.max(224, (width - 32) / perLine);
  const charsPerLine = Math.max(20, columnWidth / 7.4);
  const answerLines = (answer: string | null) => (answer === null ? 0 : Math.min(12, Math.ceil(answer.length / charsPerLine)) + 2);
  const lines = Math.max(...versions.map((version) => Math.ceil((version.text?.length ?? 4) / charsPerLine) + answerLines(version.answer)));
  return 88 + Math.ceil(versions.length / perLine) * lines * 19 + (digest.track?.context ? 60 : 0);
}
