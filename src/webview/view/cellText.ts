import { el, isSelectingText } from './dom';
import { visibleTextNodes } from './visibleText';

/** A block of text that opens its details when clicked (unless the user is selecting text). */
export function cellText(content: string | DocumentFragment | null, open: () => void, className = 'cell-text'): HTMLElement {
  const block = el('div', { className: content === null ? `${className} missing` : className });
  if (content === null) block.textContent = 'none';
  else if (typeof content === 'string') block.append(...visibleTextNodes(content));
  else block.append(content);
  block.addEventListener('click', () => {
    if (!isSelectingText()) open();
  });
  return block;
}
