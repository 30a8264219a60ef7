import { diffWords } from 'diff';
import { append, el } from './dom';

/**
 * `current` with the words it added since `previous` marked <ins>, and, when `showRemoved`, the
 * words it dropped shown struck through as <del>. Text nodes only: nothing is parsed as HTML.
 */
export function wordDiffFragment(previous: string | null, current: string, showRemoved: boolean): DocumentFragment {
  const fragment = document.createDocumentFragment();
  if (previous === null) {
    append(fragment, [current]);
    return fragment;
  }
  for (const change of diffWords(previous, current)) {
    if (change.added) fragment.append(el('ins', { className: 'diff-added', text: change.value }));
    else if (change.removed) {
      if (showRemoved) fragment.append(el('del', { className: 'diff-removed', text: change.value }));
    } else append(fragment, [change.value]);
  }
  return fragment;
}
