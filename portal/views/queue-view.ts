import { LitElement, type TemplateResult, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { QueueItem } from '../../api/contract/staff-api.ts';
import { OPEN_STATUSES } from '../../api/workflow/transitions.ts';
import { currentClock } from '../shared/clock.ts';
import '../shared/clock.ts';
import type { PortalContext } from '../shared/context.ts';
import { define } from '../shared/define.ts';
import { failureMessage } from '../shared/failures.ts';
import { CHANNELS, PRIORITIES, STAGES, STATUSES, channelLabel, placeLine, priorityLabel, stageName, statusLabel } from '../shared/labels.ts';
import { type LiveState, SiteLive } from '../shared/live.ts';
import { currentLocale, formatDuration, localized } from '../shared/locale.ts';
import { type Directory, type QueuePage, StaffApiError } from '../shared/staff-api.ts';
import { portalStyles } from '../shared/styles.ts';
import { type VirtualList, virtualListStyles } from '../shared/virtual-list.ts';
import '../shared/virtual-list.ts';
import { quickFilter } from './queue/filter.ts';
import { ChangedRows, SiteWork, stillFresh } from './queue/live-rows.ts';
import { DEFAULT_FILTERS, type QueueFilters, type QueueSort, matchesFilters, toQuery, upsertItem } from './queue/query.ts';
import { type SavedView, deleteView, loadViews, saveView } from './queue/saved-views.ts';

/** rows per request: the API's largest page */
const PAGE_SIZE = 100;
/** how long a row that arrived live stays highlighted */
const FRESH_MS = 60_000;
/** the priority filter offers the most urgent first */
const PRIORITIES_URGENT_FIRST = [...PRIORITIES].reverse();
const DUE_WITHIN = ['30m', '1h', '4h', '1d', '2d', '7d'];
const DURATION_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Typing in a field: single-key shortcuts stay out of the way. */
function typing(event: KeyboardEvent): boolean {
  const target = event.composedPath()[0] as HTMLElement | undefined;
  if (!target || !(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The site's complaints as a list to work through: tabs per status with their counts, filters
 * (stage, category, department, priority, channel, overdue, due within, dates, mine, text) that
 * ask the server, a quick filter over the rows already loaded, saved views, keyboard shortcuts,
 * and each row's running deadline as a countdown. Rows load a page at a time as the list is
 * scrolled, and complaints filed or changed elsewhere appear as they happen.
 */
export class PortalQueue extends LitElement {
  static override styles = [
    portalStyles,
    virtualListStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 0.75em;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5em 1em;
      }
      header h1 {
        margin: 0;
      }
      .summary {
        color: var(--_muted);
      }
      .spacer {
        flex: 1;
      }
      .live {
        display: inline-flex;
        align-items: center;
        gap: 0.4em;
        color: var(--_muted);
      }
      .live::before {
        content: '';
        inline-size: 0.6em;
        block-size: 0.6em;
        border-radius: 50%;
        background: var(--_muted);
      }
      .live.on::before {
        background: var(--_ok);
      }
      .live.off::before {
        background: var(--_warn);
      }
      [role='tablist'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25em;
        border-block-end: 1px solid var(--_border);
      }
      [role='tab'] {
        background: transparent;
        color: var(--_text);
        border: none;
        border-block-end: 3px solid transparent;
        border-radius: 0;
        padding-inline: 0.75em;
      }
      [role='tab'][aria-selected='true'] {
        border-block-end-color: var(--_accent);
        color: var(--_accent);
        font-weight: 600;
      }
      .count {
        font-variant-numeric: tabular-nums;
        color: var(--_muted);
        font-weight: 400;
      }
      .filters {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
        gap: 0.5em 0.75em;
        align-items: end;
      }
      .filters .field {
        margin: 0;
      }
      .filters input:not([type='checkbox']),
      .filters select {
        inline-size: 100%;
      }
      .filters .wide {
        grid-column: span 2;
      }
      .more {
        grid-column: 1 / -1;
      }
      .more summary {
        display: inline-flex;
        align-items: center;
        min-block-size: 44px;
        cursor: pointer;
        color: var(--_accent);
        font-weight: 600;
      }
      .more .filters {
        padding-block: 0.25em 0.5em;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 0.5em;
        min-block-size: 44px;
        font-weight: 600;
        margin: 0;
      }
      .check input {
        inline-size: 1.25em;
        block-size: 1.25em;
        min-block-size: 0;
        margin: 0;
      }
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em 1.5em;
        align-items: end;
      }
      .tools .field {
        margin: 0;
      }
      .inline {
        display: flex;
        gap: 0.5em;
        align-items: end;
        flex-wrap: wrap;
      }
      portal-virtual-list {
        block-size: max(22rem, calc(100dvh - 26rem));
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
      }
      .vl-row {
        display: grid;
        grid-template-columns: 7.5rem minmax(9rem, 2fr) minmax(4rem, 0.7fr) 8rem minmax(8rem, 1.3fr) 5rem 17rem;
        align-items: center;
        column-gap: 0.75em;
        padding-inline: 0.75em;
        border-block-end: 1px solid var(--_border);
        cursor: pointer;
      }
      .vl-header-row {
        background: var(--_background);
        font-weight: 600;
        min-block-size: 44px;
        cursor: default;
      }
      .vl-body > .vl-row:hover {
        background: var(--_background);
      }
      .vl-body > .vl-row:focus-visible {
        outline: 3px solid var(--_accent);
        outline-offset: -3px;
      }
      .vl-row.fresh {
        background: #fffbeb;
        box-shadow: inset 4px 0 0 var(--_accent);
      }
      [role='gridcell'],
      [role='columnheader'] {
        min-inline-size: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .ref {
        font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
        font-weight: 600;
      }
      .ref a {
        text-decoration: none;
      }
      .sub {
        display: block;
        color: var(--_muted);
        font-size: 0.875em;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .priority-urgent {
        color: var(--_late);
        font-weight: 700;
      }
      .priority-high {
        color: var(--_warn);
        font-weight: 600;
      }
      :host([narrow]) .vl-row {
        grid-template-columns: 1fr auto;
        grid-template-areas: 'ref due' 'what status' 'who priority';
        row-gap: 0.1em;
        padding-block: 0.3em;
      }
      :host([narrow]) .vl-header-row,
      :host([narrow]) .sub {
        display: none;
      }
      :host([narrow]) .c-ref {
        grid-area: ref;
      }
      :host([narrow]) .c-what {
        grid-area: what;
      }
      :host([narrow]) .c-place {
        display: none;
      }
      :host([narrow]) .c-status {
        grid-area: status;
        text-align: end;
      }
      :host([narrow]) .c-who {
        grid-area: who;
      }
      :host([narrow]) .c-priority {
        grid-area: priority;
        text-align: end;
      }
      :host([narrow]) .c-due {
        grid-area: due;
        text-align: end;
      }
      .footer {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em 1em;
        align-items: center;
        color: var(--_muted);
      }
      .empty {
        padding: 2em 1em;
        text-align: center;
        color: var(--_muted);
      }
      dialog {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 1.25em;
        max-inline-size: min(32rem, 92vw);
        color: var(--_text);
      }
      dialog::backdrop {
        background: rgb(15 23 42 / 45%);
      }
      dl.keys {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.5em 1em;
        margin-block: 0 1em;
      }
      kbd {
        display: inline-block;
        min-inline-size: 1.8em;
        text-align: center;
        padding-inline: 0.4em;
        border: 1px solid var(--_border);
        border-block-end-width: 2px;
        border-radius: 4px;
        font-family: ui-monospace, monospace;
        background: var(--_background);
      }
    `,
  ];

  static override properties = {
    portal: { attribute: false },
    narrow: { type: Boolean, reflect: true },
    _filters: { state: true },
    _items: { state: true },
    _counts: { state: true },
    _nextCursor: { state: true },
    _loading: { state: true },
    _error: { state: true },
    _quick: { state: true },
    _live: { state: true },
    _announcement: { state: true },
    _views: { state: true },
    _view: { state: true },
    _naming: { state: true },
    _directory: { state: true },
    _fresh: { state: true },
    _moreOpen: { state: true },
  };

  declare portal: PortalContext;
  /** set on a narrow screen: each row takes three lines instead of seven columns */
  declare narrow: boolean;
  declare _filters: QueueFilters;
  declare _items: readonly QueueItem[];
  declare _counts: Pick<QueuePage, 'total' | 'overdue' | 'byStatus'> | undefined;
  declare _nextCursor: string | null;
  declare _loading: 'idle' | 'first' | 'more';
  declare _error: string;
  declare _quick: string;
  declare _live: LiveState;
  declare _announcement: string;
  declare _views: SavedView[];
  /** the saved view chosen, by name ('' for none) */
  declare _view: string;
  /** naming a new saved view */
  declare _naming: boolean;
  declare _directory: Directory | undefined;
  /** rows that arrived live a moment ago, by id, with when */
  declare _fresh: ReadonlyMap<string, number>;
  /** the less used filters are shown */
  declare _moreOpen: boolean;

  #live: SiteLive | undefined;
  #request: AbortController | undefined;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #countsTimer: ReturnType<typeof setTimeout> | undefined;
  #freshTimer: ReturnType<typeof setInterval> | undefined;
  #resize: ResizeObserver | undefined;
  readonly #changedRows = new ChangedRows();
  #filtered: { items: readonly QueueItem[]; quick: string; locale: string; result: readonly QueueItem[] } | undefined;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    // loading and the live stream run while the screen is in the page, for its site and member
    new SiteWork(this, { start: () => this.#start(), stop: () => this.#stop() });
    this.narrow = false;
    this._filters = { ...DEFAULT_FILTERS };
    this._items = [];
    this._counts = undefined;
    this._nextCursor = null;
    this._loading = 'idle';
    this._error = '';
    this._quick = '';
    this._live = 'connecting';
    this._announcement = '';
    this._views = [];
    this._view = '';
    this._naming = false;
    this._directory = undefined;
    this._fresh = new Map();
    this._moreOpen = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.#onShortcut);
    if (typeof ResizeObserver === 'function') {
      this.#resize = new ResizeObserver(([entry]) => {
        const narrow = (entry?.contentRect.width ?? 1000) < 860;
        if (narrow !== this.narrow) this.narrow = narrow;
      });
      this.#resize.observe(this);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.#onShortcut);
    this.#resize?.disconnect();
  }

  #start(): void {
    const { api, site, session } = this.portal;
    this._views = loadViews(site, session.user.id);
    void this.#load();
    api
      .directory(site)
      .then((directory) => {
        this._directory = directory;
      })
      .catch(() => {
        // the department filter then offers the departments of the rows loaded
      });
    this.#live = new SiteLive(api.liveUrl(site), {
      onChange: (change) => void this.#changed(change.complaintId, change.version),
      onState: (state) => {
        this._live = state;
      },
      // changes made while the stream was down were not heard: catch up
      onReady: (again) => {
        if (again) void this.#catchUp();
      },
    });
    this.#live.start();
    this.#freshTimer = setInterval(() => this.#expireFresh(), 5_000);
  }

  #stop(): void {
    this.#live?.stop();
    this.#live = undefined;
    this.#request?.abort();
    clearTimeout(this.#searchTimer);
    clearTimeout(this.#countsTimer);
    clearInterval(this.#freshTimer);
  }

  get #timeZone(): string {
    return this.portal.publicSite.timezone;
  }

  /** The rows loaded, narrowed by the quick filter (kept while neither changes). */
  get visibleItems(): readonly QueueItem[] {
    const locale = currentLocale();
    const cached = this.#filtered;
    if (cached && cached.items === this._items && cached.quick === this._quick && cached.locale === locale) return cached.result;
    const labels: Record<string, string> = {};
    for (const status of STATUSES) labels[status] = statusLabel(status);
    for (const priority of PRIORITIES) labels[priority] = priorityLabel(priority);
    const result = quickFilter(this._items, this._quick, labels);
    this.#filtered = { items: this._items, quick: this._quick, locale, result };
    return result;
  }

  get #list(): VirtualList<QueueItem> | null {
    return this.renderRoot.querySelector('portal-virtual-list') as VirtualList<QueueItem> | null;
  }

  // — loading —

  /** The first page for the filters (again); `quiet` keeps the rows on screen until the answer. */
  async #load(options: { quiet?: boolean } = {}): Promise<void> {
    this.#request?.abort();
    const controller = new AbortController();
    if (!options.quiet) this._loading = 'first';
    await this.#asCurrent(controller, async () => {
      const page = await this.portal.api.queue(this.portal.site, { ...toQuery(this._filters, this.#timeZone), limit: PAGE_SIZE }, controller.signal);
      if (controller.signal.aborted) return;
      this._items = page.items;
      this._nextCursor = page.nextCursor;
      this._counts = { total: page.total, overdue: page.overdue, byStatus: page.byStatus };
      if (!options.quiet) this.#list?.scrollToIndex(0);
    });
  }

  /** Runs a request for the list as the current one: a failure is said, and the list is idle after it unless another took its place. */
  async #asCurrent(controller: AbortController, request: () => Promise<void>): Promise<void> {
    this.#request = controller;
    this._error = '';
    try {
      await request();
    } catch (error) {
      if (controller.signal.aborted) return;
      this._error = failureMessage(error instanceof StaffApiError ? error.failure : undefined);
    } finally {
      if (this.#request === controller) {
        this._loading = 'idle';
        this.#request = undefined;
      }
    }
  }

  /**
   * After the live stream was down: the first page again. A list of one page is replaced; a
   * longer one (the member scrolled on) keeps its rows and takes in the first page's, so
   * nobody loses their place.
   */
  async #catchUp(): Promise<void> {
    if (this._loading !== 'idle') return;
    if (this._items.length <= PAGE_SIZE) {
      await this.#load({ quiet: true });
      return;
    }
    const portal = this.portal;
    try {
      const page = await portal.api.queue(portal.site, { ...toQuery(this._filters, this.#timeZone), limit: PAGE_SIZE });
      if (portal !== this.portal) return;
      let items = this._items;
      for (const item of page.items) items = upsertItem(items, item, { sort: this._filters.sort, keep: true, complete: false });
      this._items = items;
      this._counts = { total: page.total, overdue: page.overdue, byStatus: page.byStatus };
    } catch {
      // the next change or scroll tries again
    }
  }

  /** The next page, after the rows loaded. */
  async #loadMore(): Promise<void> {
    if (!this._nextCursor || this._loading !== 'idle') return;
    const controller = new AbortController();
    const cursor = this._nextCursor;
    this._loading = 'more';
    await this.#asCurrent(controller, async () => {
      const page = await this.portal.api.queue(this.portal.site, { ...toQuery(this._filters, this.#timeZone), limit: PAGE_SIZE, cursor }, controller.signal);
      if (controller.signal.aborted) return;
      // a row that arrived live may come again in its page
      const known = new Set(this._items.map((item) => item.id));
      this._items = [...this._items, ...page.items.filter((item) => !known.has(item.id))];
      this._nextCursor = page.nextCursor;
      this._counts = { total: page.total, overdue: page.overdue, byStatus: page.byStatus };
    });
  }

  /** A complaint changed (or was filed): fetch it and put it in its place, or take it out. */
  async #changed(id: string, version: number): Promise<void> {
    const portal = this.portal;
    const item = await this.#changedRows.fetch(portal, id, version, this._items.find((row) => row.id === id));
    if (item === undefined || portal !== this.portal) return;
    this.#scheduleCounts();
    const before = this._items.find((row) => row.id === id);
    if (!item) {
      if (before) this._items = this._items.filter((row) => row.id !== id);
      return;
    }
    if (before && before.version > item.version) return;
    const keep = matchesFilters(item, this._filters, { now: Date.now(), me: portal.session.user.name, timeZone: this.#timeZone });
    const items = upsertItem(this._items, item, { sort: this._filters.sort, keep, complete: this._nextCursor === null });
    if (items === this._items) return;
    this._items = items;
    if (!before && keep && items.includes(item)) {
      this._fresh = new Map([...this._fresh, [id, Date.now()]]);
      this._announcement = msg(str`New in the queue: ${item.reference}, ${localized(item.category.name)}`);
    }
  }

  /** The counts per status, after live changes: one small request however many changes came. */
  #scheduleCounts(): void {
    clearTimeout(this.#countsTimer);
    this.#countsTimer = setTimeout(() => {
      const portal = this.portal;
      portal.api
        .queue(portal.site, { ...toQuery(this._filters, this.#timeZone), limit: 1 })
        .then((page) => {
          if (portal === this.portal) this._counts = { total: page.total, overdue: page.overdue, byStatus: page.byStatus };
        })
        .catch(() => undefined);
    }, 800);
  }

  #expireFresh(): void {
    this._fresh = stillFresh(this._fresh, FRESH_MS);
  }

  // — filters and views —

  #setFilters(change: Partial<QueueFilters>, options: { keepView?: boolean } = {}): void {
    this._filters = { ...this._filters, ...change };
    if (!options.keepView) this._view = '';
    void this.#load();
  }

  #onFilterChange(event: Event): void {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const name = target.name as keyof QueueFilters;
    if (!name || !(name in DEFAULT_FILTERS) || name === 'q') return;
    const value = target instanceof HTMLInputElement && target.type === 'checkbox' ? target.checked : target.value;
    this.#setFilters({ [name]: value } as Partial<QueueFilters>);
  }

  #onSearchInput(event: Event): void {
    const q = (event.target as HTMLInputElement).value;
    clearTimeout(this.#searchTimer);
    // ask the server when typing pauses, not on every key
    this.#searchTimer = setTimeout(() => {
      if (q !== this._filters.q) this.#setFilters({ q });
    }, 350);
  }

  #onSearchKey(event: KeyboardEvent): void {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    clearTimeout(this.#searchTimer);
    const q = (event.target as HTMLInputElement).value;
    if (q !== this._filters.q) this.#setFilters({ q });
  }

  #clearFilters(): void {
    clearTimeout(this.#searchTimer);
    this.#setFilters({ ...DEFAULT_FILTERS, tab: this._filters.tab, sort: this._filters.sort });
  }

  #applyView(name: string): void {
    const view = this._views.find((v) => v.name === name);
    this._view = name;
    if (!view) return;
    const { channel, dueWithin, from, to } = view.filters;
    // a view that uses the less common filters shows them
    if (channel || dueWithin || from || to) this._moreOpen = true;
    this.#setFilters({ ...view.filters }, { keepView: true });
  }

  #saveView(event: SubmitEvent): void {
    event.preventDefault();
    const name = String(new FormData(event.target as HTMLFormElement).get('view-name') ?? '').trim();
    if (!name) return;
    this._views = saveView(this.portal.site, this.portal.session.user.id, name, this._filters);
    this._view = name;
    this._naming = false;
    this._announcement = msg(str`Saved the view “${name}”.`);
  }

  #deleteView(): void {
    const name = this._view;
    if (!name) return;
    this._views = deleteView(this.portal.site, this.portal.session.user.id, name);
    this._view = '';
    this._announcement = msg(str`Deleted the view “${name}”.`);
  }

  // — keyboard —

  readonly #onShortcut = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    if (this.renderRoot.querySelector('dialog[open]')) return;
    const list = this.#list;
    switch (event.key) {
      case '/':
        event.preventDefault();
        this.renderRoot.querySelector<HTMLInputElement>('#q')?.focus();
        break;
      case 'j':
      case 'k': {
        if (!list || !this.visibleItems.length) return;
        event.preventDefault();
        const inList = list.contains(this.shadowRoot?.activeElement ?? null);
        const from = list.activeIndex;
        void list.focusRow(inList ? from + (event.key === 'j' ? 1 : -1) : from);
        break;
      }
      case '?':
        event.preventDefault();
        this.#showShortcuts();
        break;
    }
  };

  #showShortcuts(): void {
    this.renderRoot.querySelector<HTMLDialogElement>('#shortcuts')?.showModal();
  }

  #open(item: QueueItem | undefined): void {
    if (item) this.portal.navigate(`complaints/${encodeURIComponent(item.id)}`);
  }

  #onTabKey(event: KeyboardEvent, tabs: string[]): void {
    const index = tabs.indexOf(this._filters.tab);
    const to: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    if (!(event.key in to)) return;
    event.preventDefault();
    const rtl = getComputedStyle(this).direction === 'rtl';
    let next = to[event.key]!;
    if (rtl && (event.key === 'ArrowRight' || event.key === 'ArrowLeft')) next = index - (next - index);
    const tab = tabs[(next + tabs.length) % tabs.length]!;
    this.#setFilters({ tab });
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`)?.focus());
  }

  // — drawing —

  override render(): TemplateResult {
    if (!this.portal) return html``;
    const items = this.visibleItems;
    const counts = this._counts;
    const number = new Intl.NumberFormat(currentLocale());
    return html`
      <header>
        <h1>${msg('Queue')}</h1>
        ${counts
          ? html`<span class="summary">${msg(str`${number.format(counts.total)} complaints, ${number.format(counts.overdue)} overdue`)}</span>`
          : nothing}
        <span class="spacer"></span>
        <span class="live ${this._live === 'live' ? 'on' : 'off'}">${this._live === 'live' ? msg('Live') : this._live === 'connecting' ? msg('Connecting…') : msg('Reconnecting…')}</span>
        <button class="secondary" type="button" aria-keyshortcuts="?" @click=${() => this.#showShortcuts()}>${msg('Keyboard shortcuts')}</button>
      </header>
      ${this.#renderTabs()} ${this.#renderFilters()} ${this.#renderTools(items.length)}
      <div id="results" role="tabpanel" aria-labelledby=${`tab-${this._filters.tab}`}>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
        ${this._loading === 'first' && !this._items.length ? html`<p class="empty" role="status">${msg('Loading…')}</p>` : nothing}
        ${this._loading !== 'first' && !items.length && !this._error
          ? html`<p class="empty">${this._items.length ? msg('No loaded complaint matches the quick filter.') : msg('No complaints match these filters.')}</p>`
          : nothing}
        <portal-virtual-list
          ?hidden=${!items.length}
          label=${msg('Complaints')}
          .rowCount=${this._quick ? items.length : Math.max(counts?.total ?? 0, items.length)}
          .items=${items}
          .rowHeight=${this.narrow ? 92 : 56}
          .keyOf=${(item: QueueItem) => item.id}
          .rowClass=${(item: QueueItem) => (this._fresh.has(item.id) ? 'fresh' : '')}
          .renderHeader=${() => this.#renderHeader()}
          .renderRow=${(item: QueueItem) => this.#renderRow(item)}
          @row-activate=${(event: CustomEvent<{ item: QueueItem }>) => this.#open(event.detail.item)}
          @click=${this.#onRowClick}
          @near-end=${() => {
            if (!this._quick) void this.#loadMore();
          }}
        ></portal-virtual-list>
      </div>
      <div class="footer">
        <span
          >${msg(str`${number.format(this._items.length)} of ${number.format(counts?.total ?? this._items.length)} loaded`)}</span
        >
        ${this._nextCursor
          ? html`<button class="secondary" type="button" ?disabled=${this._loading !== 'idle'} @click=${() => void this.#loadMore()}>
              ${this._loading === 'more' ? msg('Loading…') : msg(str`Load ${PAGE_SIZE} more`)}
            </button>`
          : nothing}
      </div>
      <p class="visually-hidden" role="status">${this._announcement}</p>
      ${this.#renderShortcuts()}
    `;
  }

  readonly #onRowClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return;
    const path = event.composedPath();
    // the reference is a real link: the portal follows it (a middle click opens a tab)
    if (path.some((node) => node instanceof HTMLAnchorElement)) return;
    const row = path.find((node): node is HTMLElement => node instanceof HTMLElement && node.getAttribute('role') === 'row' && 'index' in node.dataset);
    if (row) this.#open(this.visibleItems[Number(row.dataset.index)]);
  };

  #renderTabs(): TemplateResult {
    const byStatus = this._counts?.byStatus ?? {};
    const sum = (statuses: readonly string[]) => statuses.reduce((total, status) => total + (byStatus[status] ?? 0), 0);
    const number = new Intl.NumberFormat(currentLocale());
    const tabs: [string, string, number][] = [
      ['open', msg('Open'), sum(OPEN_STATUSES)],
      ['all', msg('All'), sum(STATUSES)],
      ...STATUSES.filter((status) => (byStatus[status] ?? 0) > 0 || this._filters.tab === status).map(
        (status): [string, string, number] => [status, statusLabel(status), byStatus[status] ?? 0],
      ),
    ];
    const names = tabs.map(([tab]) => tab);
    return html`<div role="tablist" aria-label=${msg('Status')} @keydown=${(event: KeyboardEvent) => this.#onTabKey(event, names)}>
      ${tabs.map(([tab, label, count]) => {
        const selected = tab === this._filters.tab;
        return html`<button
          type="button"
          role="tab"
          id=${`tab-${tab}`}
          aria-selected=${selected ? 'true' : 'false'}
          aria-controls="results"
          tabindex=${selected ? 0 : -1}
          @click=${() => this.#setFilters({ tab })}
        >
          ${label} <span class="count">${number.format(count)}</span>
        </button>`;
      })}
    </div>`;
  }

  #renderFilters(): TemplateResult {
    const f = this._filters;
    const departments = this._directory?.departments ?? uniqueBy(this._items.map((item) => item.department), (d) => d.code);
    const more = [f.channel, f.dueWithin, f.from, f.to].filter(Boolean).length;
    const option = (value: string, label: string, current: string) => html`<option value=${value} ?selected=${value === current}>${label}</option>`;
    /** a filter of one value, or any (its first choice) */
    const select = (name: 'stage' | 'category' | 'department' | 'priority' | 'channel' | 'dueWithin', label: string, any: string, choices: [string, string][]) =>
      html`<div class="field">
        <label for=${name}>${label}</label>
        <select id=${name} name=${name}>
          ${option('', any, f[name])} ${choices.map(([value, text]) => option(value, text, f[name]))}
        </select>
      </div>`;
    return html`<form class="filters" role="search" aria-label=${msg('Filters')} @change=${this.#onFilterChange} @submit=${(e: Event) => e.preventDefault()}>
      <div class="field wide">
        <label for="q">${msg('Search')} <kbd aria-hidden="true">/</kbd></label>
        <input
          id="q"
          name="q"
          type="search"
          maxlength="100"
          aria-keyshortcuts="/"
          placeholder=${msg('Reference, words, room, address')}
          .value=${f.q}
          @input=${this.#onSearchInput}
          @keydown=${this.#onSearchKey}
        />
      </div>
      ${select('stage', msg('Stage'), msg('Any stage'), STAGES.map((stage) => [stage, stageName(stage)]))}
      ${select('category', msg('Category'), msg('Any category'), this.portal.publicSite.categories.map((c) => [c.code, localized(c.name)]))}
      ${select('department', msg('Department'), msg('Any department'), departments.map((d) => [d.code, localized(d.name)]))}
      ${select('priority', msg('Priority'), msg('Any priority'), PRIORITIES_URGENT_FIRST.map((p) => [p, priorityLabel(p)]))}
      <div class="field">
        <label for="sort">${msg('Sort by')}</label>
        <select id="sort" name="sort">
          ${(
            [
              ['due', msg('Soonest deadline')],
              ['-registered', msg('Newest first')],
              ['registered', msg('Oldest first')],
              ['-updated', msg('Recently changed')],
            ] as [QueueSort, string][]
          ).map(([value, label]) => option(value, label, f.sort))}
        </select>
      </div>
      <label class="check"><input type="checkbox" name="overdue" .checked=${f.overdue} /> ${msg('Overdue only')}</label>
      <label class="check"><input type="checkbox" name="mine" .checked=${f.mine} /> ${msg('Assigned to me')}</label>
      <div>
        <button class="secondary" type="button" @click=${() => this.#clearFilters()}>${msg('Clear filters')}</button>
      </div>
      <details class="more" ?open=${this._moreOpen} @toggle=${(event: Event) => (this._moreOpen = (event.target as HTMLDetailsElement).open)}>
        <summary>${more ? msg(str`More filters (${more})`) : msg('More filters')}</summary>
        <div class="filters">
          ${select('channel', msg('Channel'), msg('Any channel'), CHANNELS.map((c) => [c, channelLabel(c)]))}
          ${select('dueWithin', msg('Due within'), msg('Any time'), DUE_WITHIN.map((d) => [d, formatDuration(Number(d.slice(0, -1)) * DURATION_MS[d.slice(-1)]!)]))}
          <div class="field">
            <label for="from">${msg('Registered from')}</label>
            <input id="from" name="from" type="date" .value=${f.from} max=${f.to || nothing} />
          </div>
          <div class="field">
            <label for="to">${msg('Registered until')}</label>
            <input id="to" name="to" type="date" .value=${f.to} min=${f.from || nothing} />
          </div>
        </div>
      </details>
    </form>`;
  }

  #renderTools(shown: number): TemplateResult {
    const number = new Intl.NumberFormat(currentLocale());
    return html`<div class="tools">
      <div class="field">
        <label for="quick">${msg('Quick filter (loaded rows)')}</label>
        <input
          id="quick"
          type="search"
          autocomplete="off"
          aria-describedby="quick-count"
          .value=${this._quick}
          @input=${(event: Event) => {
            this._quick = (event.target as HTMLInputElement).value;
          }}
        />
        <span id="quick-count" class="sub">
          ${this._quick ? msg(str`${number.format(shown)} of ${number.format(this._items.length)} loaded rows`) : nothing}
        </span>
      </div>
      <div class="field">
        <label for="view">${msg('Saved views')}</label>
        <div class="inline">
          <select id="view" @change=${(event: Event) => this.#applyView((event.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!this._view}>${this._views.length ? msg('Choose a view') : msg('No saved views yet')}</option>
            ${this._views.map((view) => html`<option value=${view.name} ?selected=${view.name === this._view}>${view.name}</option>`)}
          </select>
          ${this._view ? html`<button class="secondary" type="button" @click=${() => this.#deleteView()}>${msg('Delete view')}</button>` : nothing}
          ${this._naming
            ? nothing
            : html`<button class="secondary" type="button" @click=${() => this.#startNaming()}>${msg('Save these filters…')}</button>`}
        </div>
      </div>
      ${this._naming
        ? html`<form class="inline" @submit=${this.#saveView}>
            <div class="field">
              <label for="view-name">${msg('Name of the view')}</label>
              <input id="view-name" name="view-name" required maxlength="60" autocomplete="off" />
            </div>
            <button type="submit">${msg('Save view')}</button>
            <button class="secondary" type="button" @click=${() => (this._naming = false)}>${msg('Cancel')}</button>
          </form>`
        : nothing}
    </div>`;
  }

  async #startNaming(): Promise<void> {
    this._naming = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#view-name')?.focus();
  }

  #renderHeader(): TemplateResult {
    return html`<div role="columnheader" class="c-ref">${msg('Reference')}</div>
      <div role="columnheader" class="c-what">${msg('Category')}</div>
      <div role="columnheader" class="c-place">${msg('Place')}</div>
      <div role="columnheader" class="c-status">${msg('Status')}</div>
      <div role="columnheader" class="c-who">${msg('Department')}</div>
      <div role="columnheader" class="c-priority">${msg('Priority')}</div>
      <div role="columnheader" class="c-due">${msg('Deadline')}</div>`;
  }

  #renderRow(item: QueueItem): TemplateResult {
    const clock = currentClock(item.clocks);
    const place = placeLine(item.place);
    return html`<div role="gridcell" class="c-ref ref">
        <a href=${this.portal.href(`complaints/${encodeURIComponent(item.id)}`)} tabindex="-1">${item.reference}</a>
      </div>
      <div role="gridcell" class="c-what">
        ${localized(item.category.name)}
        <span class="sub">${item.description}</span>
      </div>
      <div role="gridcell" class="c-place">${place || html`<span class="muted">—</span>`}</div>
      <div role="gridcell" class="c-status">${statusLabel(item.status)}</div>
      <div role="gridcell" class="c-who">
        ${localized(item.department.name)}
        <span class="sub">${item.assignee ?? msg('Nobody in charge yet')}</span>
      </div>
      <div role="gridcell" class="c-priority priority-${item.priority}">${priorityLabel(item.priority)}</div>
      <div role="gridcell" class="c-due">
        ${clock ? html`<portal-countdown .clock=${clock} .timeZone=${this.#timeZone} show-stage></portal-countdown>` : html`<span class="muted">—</span>`}
      </div>`;
  }

  #renderShortcuts(): TemplateResult {
    const keys: [string, string][] = [
      ['/', msg('Search')],
      ['j', msg('Next complaint')],
      ['k', msg('Previous complaint')],
      ['↑ ↓', msg('Move in the list')],
      ['Enter', msg('Open the complaint')],
      ['Home End', msg('First or last loaded complaint')],
      ['?', msg('This list of shortcuts')],
    ];
    return html`<dialog id="shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">${msg('Keyboard shortcuts')}</h2>
      <dl class="keys">
        ${keys.map(
          ([key, what]) =>
            html`<dt>${key.split(' ').map((k) => html`<kbd>${k}</kbd> `)}</dt>
              <dd>${what}</dd>`,
        )}
      </dl>
      <p class="muted">${msg('Shortcuts do nothing while you type in a field.')}</p>
      <form method="dialog"><button type="submit">${msg('Close')}</button></form>
    </dialog>`;
  }
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

define('portal-queue', PortalQueue);
