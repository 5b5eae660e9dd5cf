import { LitElement, type PropertyValues, type TemplateResult, css, html, noChange, nothing } from 'lit';
import { Directive, type ElementPart, type PartInfo, PartType, directive } from 'lit/directive.js';
import { repeat } from 'lit/directives/repeat.js';
import { define } from './define.ts';

/**
 * Sets inline style properties through the CSSOM, never as a `style` attribute: the portal's
 * Content Security Policy (`style-src 'self'`) refuses style attributes, not CSSOM changes.
 */
class CssProperties extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssProperties() goes on an element');
  }
  render(_properties: Record<string, string>): typeof noChange {
    return noChange;
  }
  override update(part: ElementPart, [properties]: [Record<string, string>]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const [name, value] of Object.entries(properties)) if (style.getPropertyValue(name) !== value) style.setProperty(name, value);
    return noChange;
  }
}
const cssProperties = directive(CssProperties);

/**
 * A long list drawn a window at a time: rows of one fixed height, and in the DOM only those in
 * view plus a few either side (`overscan`), so 10,000 rows scroll as smoothly as 20.
 *
 * It is an ARIA grid: the element has `role="grid"` and `aria-rowcount` (every row, loaded or
 * not), a header row of column headers, and each row drawn carries its `aria-rowindex`, so a
 * screen reader says "row 4,512 of 10,000" although only thirty rows exist. One row at a time is
 * in the Tab order (roving focus): arrow keys, Page Up/Down, Home and End move it, and Enter
 * fires `row-activate`. The row with the focus is always drawn, even when scrolled away, so the
 * focus is never lost.
 *
 * Its DOM is its own light DOM, inside the shadow root of the view that uses it: the view styles
 * the rows (and includes `virtualListStyles`). Give the element a height (or a flex parent);
 * the rows scroll inside it.
 *
 * Events: `row-activate` (detail `{ index, item }`), `active-change` (detail `{ index }`),
 * `near-end` (the window reached the last rows: load more if there are more).
 */
export class VirtualList<T = unknown> extends LitElement {
  static override properties = {
    items: { attribute: false },
    rowHeight: { type: Number, attribute: 'row-height' },
    overscan: { type: Number },
    rowCount: { type: Number, attribute: 'row-count' },
    label: { type: String },
    activeIndex: { type: Number, attribute: false },
    renderRow: { attribute: false },
    renderHeader: { attribute: false },
    keyOf: { attribute: false },
    rowClass: { attribute: false },
    _scrollTop: { state: true },
    _height: { state: true },
  };

  declare items: readonly T[];
  /** every row's height in CSS pixels */
  declare rowHeight: number;
  /** rows drawn beyond the visible ones, above and below */
  declare overscan: number;
  /** how many rows there are in all, loaded or not (`aria-rowcount`); the items' count when unknown */
  declare rowCount: number | undefined;
  /** the grid's accessible name */
  declare label: string;
  /** the row in the Tab order */
  declare activeIndex: number;
  /** the cells of a row (elements with `role="gridcell"`) */
  declare renderRow: (item: T, index: number) => TemplateResult;
  /** the header row's cells (elements with `role="columnheader"`) */
  declare renderHeader: (() => TemplateResult) | undefined;
  /** a stable key per item, so a row's DOM (and its focus) follows the item when the list changes */
  declare keyOf: (item: T, index: number) => unknown;
  /** extra classes for a row, e.g. one just arrived */
  declare rowClass: ((item: T) => string) | undefined;
  declare _scrollTop: number;
  declare _height: number;

  #viewport: HTMLElement | null = null;
  #resize: ResizeObserver | undefined;
  /** the item count at which `near-end` was last fired, so it fires once per growth */
  #nearEndAt = -1;
  #focusAfterUpdate = false;

  constructor() {
    super();
    this.items = [];
    this.rowHeight = 48;
    this.overscan = 8;
    this.rowCount = undefined;
    this.label = '';
    this.activeIndex = 0;
    this.renderRow = () => html``;
    this.renderHeader = undefined;
    this.keyOf = (_item, index) => index;
    this.rowClass = undefined;
    this._scrollTop = 0;
    // until measured: enough rows for a tall screen
    this._height = 1200;
  }

  /** Rows are styled by the view around the list, so they live in its shadow root. */
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('role')) this.setAttribute('role', 'grid');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
    this.#resize = undefined;
  }

  /** The rows drawn now: `[first, last]`, inclusive. */
  get range(): [number, number] {
    const count = this.items.length;
    if (!count) return [0, -1];
    const head = this.#headHeight();
    const first = Math.max(0, Math.floor(this._scrollTop / this.rowHeight) - this.overscan);
    const last = Math.min(count - 1, Math.ceil((this._scrollTop + Math.max(0, this._height - head)) / this.rowHeight) + this.overscan);
    return [first, last];
  }

  /** Moves the roving focus to a row, scrolls it into view and focuses it. */
  async focusRow(index: number): Promise<void> {
    if (!this.items.length) return;
    const target = Math.max(0, Math.min(this.items.length - 1, index));
    const changed = target !== this.activeIndex;
    this.activeIndex = target;
    this.scrollToIndex(target);
    this.#focusAfterUpdate = true;
    this.requestUpdate();
    await this.updateComplete;
    if (changed) this.dispatchEvent(new CustomEvent('active-change', { detail: { index: target } }));
  }

  /** Scrolls just enough for the row to be in view below the header. */
  scrollToIndex(index: number): void {
    const viewport = this.#viewport;
    if (!viewport) return;
    const head = this.#headHeight();
    const top = index * this.rowHeight;
    const bottom = head + (index + 1) * this.rowHeight;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (bottom > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = bottom - viewport.clientHeight;
    this._scrollTop = viewport.scrollTop;
  }

  /** The element of a drawn row. */
  rowElement(index: number): HTMLElement | null {
    return this.querySelector<HTMLElement>(`[role="row"][data-index="${index}"]`);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('items')) {
      if (this.activeIndex >= this.items.length) this.activeIndex = Math.max(0, this.items.length - 1);
      if (this.items.length < this.#nearEndAt) this.#nearEndAt = -1;
      // a shorter list may have moved the scroll position back
      if (this.#viewport) this._scrollTop = this.#viewport.scrollTop;
    }
  }

  protected override firstUpdated(): void {
    this.#viewport = this.querySelector('.vl-viewport');
    if (this.#viewport && typeof ResizeObserver === 'function') {
      this.#resize = new ResizeObserver(() => {
        if (this.#viewport) this._height = this.#viewport.clientHeight;
      });
      this.#resize.observe(this.#viewport);
    }
    if (this.#viewport) this._height = this.#viewport.clientHeight || this._height;
  }

  protected override updated(): void {
    this.setAttribute('aria-rowcount', String((this.rowCount ?? this.items.length) + 1));
    if (this.label) this.setAttribute('aria-label', this.label);
    if (this.#focusAfterUpdate) {
      this.#focusAfterUpdate = false;
      this.rowElement(this.activeIndex)?.focus({ preventScroll: true });
    }
    const [, last] = this.range;
    const count = this.items.length;
    if (count && last >= count - 1 - this.overscan && this.#nearEndAt !== count) {
      this.#nearEndAt = count;
      this.dispatchEvent(new CustomEvent('near-end'));
    }
  }

  #headHeight(): number {
    return this.querySelector<HTMLElement>('.vl-head')?.offsetHeight ?? 0;
  }

  // Browsers send at most one scroll event per frame, and Lit draws once for any number of
  // changes in a task: the position is taken as it comes.
  readonly #onScroll = () => {
    if (this.#viewport) this._scrollTop = this.#viewport.scrollTop;
  };

  readonly #onKeyDown = (event: KeyboardEvent) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[role="row"][data-index]');
    // keys typed in a control inside a row are the control's
    if (!row || row !== event.target || event.altKey || event.ctrlKey || event.metaKey) return;
    const index = Number(row.dataset.index);
    const page = Math.max(1, Math.floor((this._height - this.#headHeight()) / this.rowHeight) - 1);
    const to: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: this.items.length - 1,
    };
    if (event.key in to) {
      event.preventDefault();
      void this.focusRow(to[event.key]!);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      this.dispatchEvent(new CustomEvent('row-activate', { detail: { index, item: this.items[index] } }));
    }
  };

  readonly #onFocusIn = (event: FocusEvent) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[role="row"][data-index]');
    if (!row) return;
    const index = Number(row.dataset.index);
    if (index !== this.activeIndex) {
      this.activeIndex = index;
      this.dispatchEvent(new CustomEvent('active-change', { detail: { index } }));
    }
  };

  protected override render(): TemplateResult {
    const [first, last] = this.range;
    const indices: number[] = [];
    const active = this.activeIndex;
    if (active < first && active < this.items.length) indices.push(active);
    for (let i = first; i <= last; i++) indices.push(i);
    if (active > last && active < this.items.length) indices.push(active);
    const rowHeight = `${this.rowHeight}px`;
    return html`<div class="vl-viewport" @scroll=${this.#onScroll} @keydown=${this.#onKeyDown} @focusin=${this.#onFocusIn}>
      ${this.renderHeader
        ? html`<div class="vl-head" role="rowgroup">
            <div class="vl-row vl-header-row" role="row" aria-rowindex="1">${this.renderHeader()}</div>
          </div>`
        : nothing}
      <div class="vl-body" role="rowgroup" ${cssProperties({ 'block-size': `${this.items.length * this.rowHeight}px` })}>
        ${repeat(
          indices,
          (index) => this.keyOf(this.items[index]!, index),
          (index) => {
            const item = this.items[index]!;
            return html`<div
              class="vl-row ${this.rowClass?.(item) ?? ''}"
              role="row"
              data-index=${index}
              aria-rowindex=${index + 2}
              tabindex=${index === active ? 0 : -1}
              ${cssProperties({ 'block-size': rowHeight, transform: `translateY(${index * this.rowHeight}px)` })}
            >
              ${this.renderRow(item, index)}
            </div>`;
          },
        )}
      </div>
    </div>`;
  }
}

/**
 * The list's own layout, for the view that draws it: the viewport scrolls, the header stays on
 * top, the rows sit at their place. Columns and looks are the view's.
 */
export const virtualListStyles = css`
  portal-virtual-list {
    display: block;
    position: relative;
    min-block-size: 0;
  }
  .vl-viewport {
    block-size: 100%;
    overflow-y: auto;
    overflow-x: hidden;
    overscroll-behavior: contain;
    position: relative;
  }
  .vl-head {
    position: sticky;
    inset-block-start: 0;
    z-index: 1;
  }
  .vl-body {
    position: relative;
  }
  .vl-body > .vl-row {
    position: absolute;
    inset-block-start: 0;
    inset-inline: 0;
    overflow: hidden;
    contain: strict;
  }
`;

define('portal-virtual-list', VirtualList);

declare global {
  interface HTMLElementTagNameMap {
    'portal-virtual-list': VirtualList;
  }
}
