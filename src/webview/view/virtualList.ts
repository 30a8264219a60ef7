/**
 * A scrolling list that keeps in the DOM only the rows near the viewport, so 10,000 rows cost
 * what 30 do. Rows may be of any height (long texts wrap): each is estimated until it has been
 * rendered once, then measured; the scroll position is corrected when rows above the viewport
 * turn out taller or shorter than estimated, so the content never jumps under the reader.
 */
import { el } from './dom';

export interface VirtualListRows {
  /** The element for a row; the same element while the row is unchanged (the caller caches it). */
  elementFor(key: string): HTMLElement;
  /** A guess at a row's height before it is measured, in pixels. */
  estimateHeight(key: string): number;
}

/** Extra pixels rendered above and below the viewport, so a fast scroll shows no gap. */
const OVERSCAN_PX = 800;

export class VirtualList {
  readonly spacer = el('div', { className: 'spacer', attrs: { role: 'presentation' } });
  private keys: readonly string[] = [];
  private readonly measured = new Map<string, number>();
  /** Estimates are asked for once per row and width: offsets are recomputed often. */
  private readonly estimated = new Map<string, number>();
  /** Elements measured since they were built: a row only changes height when it is rebuilt. */
  private measuredElements = new WeakSet<HTMLElement>();
  private readonly positions = new WeakMap<HTMLElement, number>();
  /** heights[i] is the height of row i, measured or estimated. */
  private heights = new Float64Array(0);
  /** False when the keys or the measurements changed wholesale: `heights` is rebuilt. */
  private heightsValid = false;
  /** offsets[i] is the top of row i; offsets[keys.length] the total height. */
  private offsets = new Float64Array(1);
  /** The first row whose offset is stale, after a row above it was measured; past the end when none is. */
  private staleFrom = 0;
  private readonly mounted = new Map<string, HTMLElement>();
  private width = 0;
  /** A mounted row that changes height by itself ("Show more") is measured again. */
  private readonly rowResizes: ResizeObserver;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly rows: VirtualListRows,
    onScroll: () => void,
  ) {
    scroller.append(this.spacer);
    scroller.addEventListener('scroll', onScroll, { passive: true });
    // Text re-wraps when the width changes: every measured height is stale.
    new ResizeObserver(() => {
      if (scroller.clientWidth === this.width) return;
      this.width = scroller.clientWidth;
      this.forgetHeights();
      onScroll();
    }).observe(scroller);
    this.rowResizes = new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const element = entry.target as HTMLElement;
        const key = element.dataset.key;
        if (key === undefined || this.mounted.get(key) !== element || this.measured.get(key) === element.offsetHeight) continue;
        this.measuredElements.delete(element);
        changed = true;
      }
      if (changed) onScroll();
    });
  }

  setKeys(keys: readonly string[]): void {
    if (keys === this.keys) return;
    this.keys = keys;
    this.heightsValid = false;
  }

  /** Forget every measurement (the view changed, so every row looks different). */
  reset(): void {
    this.unmountAll();
    this.forgetHeights();
    this.scroller.scrollTop = 0;
  }

  private unmountAll(): void {
    for (const element of this.mounted.values()) {
      element.remove();
      this.rowResizes.unobserve(element);
    }
    this.mounted.clear();
  }

  private forgetHeights(): void {
    this.measured.clear();
    this.estimated.clear();
    this.measuredElements = new WeakSet();
    this.heightsValid = false;
  }

  private heightOf(key: string): number {
    const measured = this.measured.get(key);
    if (measured !== undefined) return measured;
    let estimate = this.estimated.get(key);
    if (estimate === undefined) {
      estimate = this.rows.estimateHeight(key);
      this.estimated.set(key, estimate);
    }
    return estimate;
  }

  /** Brings the offsets up to date: all of them after a change of keys, else from the first row measured anew. */
  private computeOffsets(): void {
    const count = this.keys.length;
    if (!this.heightsValid) {
      this.heights = new Float64Array(count);
      for (let index = 0; index < count; index++) this.heights[index] = this.heightOf(this.keys[index] as string);
      this.offsets = new Float64Array(count + 1);
      this.staleFrom = 0;
      this.heightsValid = true;
    }
    if (this.staleFrom >= count) return;
    for (let index = this.staleFrom; index < count; index++) this.offsets[index + 1] = (this.offsets[index] as number) + (this.heights[index] as number);
    this.staleFrom = count;
    this.spacer.style.height = `${this.offsets[count]}px`;
  }

  /** The index of the row covering `y` (spacer coordinates). */
  private indexAt(y: number): number {
    let low = 0;
    let high = this.keys.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.offsets[middle] as number) <= y) low = middle;
      else high = middle - 1;
    }
    return Math.max(0, low);
  }

  /**
   * The part of the spacer in view, in spacer coordinates. A sticky header above the spacer
   * both pushes the spacer down and covers the top of the viewport by its height, so the two cancel.
   */
  private viewport(): { top: number; height: number } {
    return { top: this.scroller.scrollTop, height: this.scroller.clientHeight - this.spacer.offsetTop };
  }

  render(): void {
    this.computeOffsets();
    if (this.keys.length === 0) {
      this.unmountAll();
      return;
    }
    const { top, height } = this.viewport();
    const first = this.indexAt(top - OVERSCAN_PX);
    const last = this.indexAt(top + height + OVERSCAN_PX);
    const wanted = new Map<string, HTMLElement>();
    for (let index = first; index <= last; index++) {
      const key = this.keys[index] as string;
      wanted.set(key, this.rows.elementFor(key));
    }
    for (const [key, element] of this.mounted) {
      if (wanted.get(key) === element) continue;
      element.remove();
      this.rowResizes.unobserve(element);
    }
    // Keep the DOM in the order shown: screen readers and Tab follow the DOM, not the transforms.
    let expected = this.spacer.firstElementChild;
    for (const element of wanted.values()) {
      if (element === expected) expected = element.nextElementSibling;
      else {
        this.spacer.insertBefore(element, expected);
        this.rowResizes.observe(element);
      }
    }
    this.mounted.clear();
    for (const [key, element] of wanted) this.mounted.set(key, element);
    this.position(first, last);

    // Measure what was rendered; rows above the viewport that changed height move the content,
    // so the scroll position moves with them.
    let shiftAbove = 0;
    let changed = false;
    for (let index = first; index <= last; index++) {
      const key = this.keys[index] as string;
      const element = this.mounted.get(key) as HTMLElement;
      if (this.measuredElements.has(element)) continue;
      this.measuredElements.add(element);
      const height = element.offsetHeight;
      const before = this.heights[index] as number;
      if (height === before) continue;
      this.measured.set(key, height);
      this.heights[index] = height;
      this.staleFrom = Math.min(this.staleFrom, index);
      changed = true;
      if ((this.offsets[index + 1] as number) <= top) shiftAbove += height - before;
    }
    if (!changed) return;
    this.computeOffsets();
    this.position(first, last);
    if (shiftAbove !== 0) this.scroller.scrollTop += shiftAbove;
  }

  private position(first: number, last: number): void {
    for (let index = first; index <= last; index++) {
      const element = this.mounted.get(this.keys[index] as string);
      const top = this.offsets[index] as number;
      if (!element || this.positions.get(element) === top) continue;
      this.positions.set(element, top);
      element.style.transform = `translateY(${top}px)`;
    }
  }

  /** The rows in the DOM, on screen or near it, in the order shown. */
  mountedKeys(): string[] {
    return [...this.mounted.keys()];
  }

  /** Scrolls just enough for the row to be fully in view (its top, when taller than the view). */
  reveal(key: string): void {
    const index = this.keys.indexOf(key);
    if (index === -1) return;
    this.computeOffsets();
    const { top, height } = this.viewport();
    const rowTop = this.offsets[index] as number;
    const rowBottom = this.offsets[index + 1] as number;
    if (rowTop < top) this.scroller.scrollTop = rowTop;
    else if (rowBottom > top + height) this.scroller.scrollTop = Math.min(rowTop, rowBottom - height);
  }
}
