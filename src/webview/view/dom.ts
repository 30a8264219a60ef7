/**
 * The only way the panel makes elements. Text goes in through textContent, never innerHTML, and
 * attributes through setAttribute with names chosen here, so text from a model or a file (which
 * may hold `<script>`, `<img onerror>`, `javascript:` links or `</style>`) is always shown as text,
 * with its invisible and bidirectional control characters shown as labels (visibleText.ts).
 */
import { visibleTextNodes } from './visibleText';

type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  className?: string;
  text?: string | null;
  /** aria-*, role, title, id, type, tabindex...: values are set as attribute text. */
  attrs?: Readonly<Record<string, string | number | boolean | null | undefined>>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, children: readonly Child[] = []): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined && options.text !== null) element.append(...visibleTextNodes(options.text));
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, listener] of Object.entries(options.on ?? {})) {
    element.addEventListener(type, listener as EventListener);
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child !== 'string') parent.appendChild(child);
    else for (const node of visibleTextNodes(child)) parent.appendChild(node);
  }
}

/** A button with a visible label and, when the label is terse, a fuller accessible name. */
export function button(label: string, onClick: (event: MouseEvent) => void, options: { className?: string; ariaLabel?: string; title?: string; pressed?: boolean; disabled?: boolean } = {}): HTMLButtonElement {
  return el('button', {
    className: options.className ?? 'button',
    text: label,
    attrs: {
      type: 'button',
      'aria-label': options.ariaLabel,
      title: options.title ?? options.ariaLabel,
      'aria-pressed': options.pressed === undefined ? undefined : String(options.pressed),
      disabled: options.disabled,
    },
    on: { click: onClick },
  });
}

/** Sets text or an attribute only when it changes: the views update on every frame. */
export function setText(element: Element, text: string): void {
  if (element.getAttribute('data-text') === text) return;
  element.setAttribute('data-text', text);
  element.replaceChildren(...visibleTextNodes(text));
}

export function setAttr(element: Element, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, children: readonly Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** True when the user is selecting text: a click then copies rather than opens details. */
export function isSelectingText(): boolean {
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed;
}
