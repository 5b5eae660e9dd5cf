import { LitElement, type TemplateResult, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { Locale } from '../../api/contract/common.ts';
import type { SatisfactionRating } from '../../api/contract/complaint.ts';
import type { QueueItem, StaffCommand } from '../../api/contract/staff-api.ts';
import { OPEN_STATUSES } from '../../api/workflow/transitions.ts';
import '../shared/clock.ts';
import { type PortalContext, can } from '../shared/context.ts';
import { define } from '../shared/define.ts';
import { failureMessage } from '../shared/failures.ts';
import { RATINGS, channelLabel, placeLine, priorityLabel, ratingLabel, statusLabel } from '../shared/labels.ts';
import { type LiveState, SiteLive } from '../shared/live.ts';
import { LANGUAGE_NAMES, LOCALES, chooseLanguage, currentLocale, formatDateTime, localized } from '../shared/locale.ts';
import { type PendingAction, discardAction, flushPending, keepSending, onPendingMessage, pendingActions, submitAction } from '../shared/pending-actions.ts';
import { StaffApiError, type StaffFailure } from '../shared/staff-api.ts';
import { portalStyles } from '../shared/styles.ts';
import { DESK_COMMANDS, type DeskCommand, SHEET_COMMANDS, commandDone, deskCommandLabel } from './desk/commands.ts';
import { ChangedRows, SiteWork, stillFresh } from './queue/live-rows.ts';
import { toQueueItem, upsertItem } from './queue/query.ts';

/** the most open complaints the desk loads (five pages): a reception's day is far fewer */
const MOST_PAGES = 5;
/** how long a complaint that just arrived stays marked "new" unless someone acts on it */
const FRESH_MS = 5 * 60_000;

type Sheet = { command: Extract<DeskCommand, 'add-note' | 'resolve' | 'record-return-visit'>; item: QueueItem };

/**
 * The front desk on a tablet at the reception: every open complaint of the site as a card,
 * the most urgent first, with its deadlines counting down in green, amber and red and one-tap
 * buttons for what the desk does (acknowledge, arrived on site, a note, resolve, a return
 * visit). New complaints appear as they are filed, marked new and announced. What is tapped
 * without a network waits on the tablet and is sent once when the connection returns; the
 * strip at the top says what waits, and why a refused one was refused.
 */
export class PortalDesk extends LitElement {
  static override styles = [
    portalStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 1em;
        --_tap: 56px;
      }
      :host([fullscreen]) {
        min-block-size: calc(100dvh - 2em);
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.75em 1em;
        padding: 0.75em 1em;
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      .bar h1 {
        margin: 0;
        font-size: 1.375rem;
      }
      .site {
        display: block;
        color: var(--_muted);
        font-size: 0.95rem;
      }
      .spacer {
        flex: 1;
      }
      .now {
        font-size: 1.375rem;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      .live {
        display: inline-flex;
        align-items: center;
        gap: 0.4em;
        color: var(--_muted);
        white-space: nowrap;
      }
      .live::before {
        content: '';
        inline-size: 0.7em;
        block-size: 0.7em;
        border-radius: 50%;
        background: var(--_warn);
      }
      .live.on::before {
        background: #12b76a;
      }
      button {
        min-block-size: var(--_tap);
        touch-action: manipulation;
        -webkit-tap-highlight-color: transparent;
      }
      select {
        min-block-size: var(--_tap);
      }
      .register {
        font-weight: 600;
        font-size: 1.0625rem;
      }
      .summary {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em 1.25em;
        margin: 0;
        color: var(--_muted);
        font-size: 1.0625rem;
      }
      .summary strong {
        color: var(--_text);
        font-variant-numeric: tabular-nums;
      }
      .summary .late strong {
        color: var(--_late);
      }
      .pending {
        border: 2px solid #f79009;
        background: #fffaeb;
        border-radius: var(--_radius);
        padding: 0.75em 1em;
      }
      .pending header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5em 1em;
      }
      .pending h2 {
        margin: 0;
        font-size: 1.125rem;
        flex: 1;
      }
      .pending ul {
        list-style: none;
        margin: 0.5em 0 0;
        padding: 0;
        display: grid;
        gap: 0.5em;
      }
      .pending li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.25em 0.75em;
        padding-block-start: 0.5em;
        border-block-start: 1px solid #fedf89;
      }
      .pending .what {
        flex: 1;
        min-inline-size: 12em;
      }
      .pending .state {
        font-weight: 600;
      }
      .pending [data-state='failed'] .state,
      .pending .reason {
        color: var(--_late);
      }
      .cards {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        grid-template-columns: 1fr;
        gap: 1em;
        align-items: start;
      }
      @media (orientation: landscape) and (min-width: 900px) {
        .cards {
          grid-template-columns: 1fr 1fr;
        }
      }
      @media (orientation: landscape) and (min-width: 1500px) {
        .cards {
          grid-template-columns: 1fr 1fr 1fr;
        }
      }
      .card {
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-inline-start: 6px solid var(--_border);
        border-radius: var(--_radius);
        padding: 1em 1.1em;
        display: grid;
        gap: 0.6em;
      }
      .card.ok {
        border-inline-start-color: #12b76a;
      }
      .card.warn {
        border-inline-start-color: #f79009;
      }
      .card.late {
        border-inline-start-color: #d92d20;
      }
      .card.fresh {
        box-shadow:
          0 0 0 3px #fdb022,
          0 6px 18px rgb(16 24 40 / 12%);
        animation: arrive 1.2s ease-out 2;
      }
      @keyframes arrive {
        0% {
          box-shadow: 0 0 0 10px rgb(253 176 34 / 0%);
        }
        40% {
          box-shadow: 0 0 0 6px rgb(253 176 34 / 70%);
        }
        100% {
          box-shadow: 0 0 0 3px #fdb022;
        }
      }
      .top {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4em 0.6em;
      }
      .ref {
        margin: 0;
        font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
        font-size: 1.25rem;
        letter-spacing: 0.02em;
      }
      .ref a {
        color: inherit;
        text-decoration: none;
      }
      .tag {
        display: inline-block;
        padding-block: 0.1em;
        padding-inline: 0.55em;
        border-radius: 999px;
        font-size: 0.875rem;
        font-weight: 600;
        background: var(--_background);
        color: var(--_text);
        border: 1px solid var(--_border);
      }
      .tag.new {
        background: #fdb022;
        border-color: #fdb022;
        color: #1f2933;
      }
      .tag.urgent {
        background: var(--_late-bg);
        color: var(--_late);
        border-color: transparent;
      }
      .tag.high {
        background: var(--_warn-bg);
        color: var(--_warn);
        border-color: transparent;
      }
      .what {
        margin: 0;
        font-size: 1.125rem;
        font-weight: 600;
      }
      .place {
        font-weight: 400;
        color: var(--_muted);
      }
      .desc {
        margin: 0;
        display: -webkit-box;
        -webkit-line-clamp: 3;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      .meta {
        margin: 0;
        color: var(--_muted);
        font-size: 0.9375rem;
      }
      .clocks {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
      }
      .clocks portal-countdown {
        font-size: 1.3rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
      }
      .actions button {
        flex: 1 1 auto;
        padding-inline: 0.6em;
        white-space: nowrap;
        font-size: 1rem;
        font-weight: 600;
      }
      .waiting {
        margin: 0;
        color: #93370d;
        font-weight: 600;
      }
      .empty {
        text-align: center;
        padding: 3em 1em;
        color: var(--_muted);
        font-size: 1.125rem;
      }
      dialog {
        inline-size: min(40rem, 100vw);
        max-block-size: 92dvh;
        margin-block-end: 0;
        margin-inline: auto;
        border: none;
        border-start-start-radius: 16px;
        border-start-end-radius: 16px;
        padding: 1.25em 1.25em 1.5em;
        color: var(--_text);
        background: var(--_surface);
      }
      dialog::backdrop {
        background: rgb(15 23 42 / 50%);
      }
      dialog h2 {
        margin-block-end: 0.75em;
      }
      dialog textarea,
      dialog input[type='text'] {
        inline-size: 100%;
      }
      fieldset {
        border: none;
        margin: 0 0 0.9em;
        padding: 0;
      }
      legend {
        font-weight: 600;
        margin-block-end: 0.35em;
        padding: 0;
      }
      .choices {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
      }
      .choice,
      .check {
        display: flex;
        align-items: center;
        gap: 0.6em;
        min-block-size: var(--_tap);
        padding-inline: 0.9em;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        font-weight: 500;
        margin: 0;
      }
      .choice input,
      .check input {
        inline-size: 1.35em;
        block-size: 1.35em;
        min-block-size: 0;
        margin: 0;
      }
      .choice:has(input:checked) {
        border-color: var(--_accent);
        box-shadow: inset 0 0 0 1px var(--_accent);
      }
      .sheet-actions {
        display: flex;
        gap: 0.75em;
        justify-content: flex-end;
        flex-wrap: wrap;
      }
      .sheet-actions button {
        min-inline-size: 9em;
      }
      @media (prefers-reduced-motion: reduce) {
        .card.fresh {
          animation: none;
        }
      }
    `,
  ];

  static override properties = {
    portal: { attribute: false },
    fullscreen: { type: Boolean, reflect: true },
    _items: { state: true },
    _state: { state: true },
    _error: { state: true },
    _live: { state: true },
    _pending: { state: true },
    _fresh: { state: true },
    _busy: { state: true },
    _cardErrors: { state: true },
    _sheet: { state: true },
    _sheetError: { state: true },
    _sheetBusy: { state: true },
    _announcement: { state: true },
    _now: { state: true },
  };

  declare portal: PortalContext;
  /** set when the portal runs in desk mode (`<complaint-portal mode="desk">`): the desk fills the screen */
  declare fullscreen: boolean;
  declare _items: readonly QueueItem[];
  declare _state: 'loading' | 'ready' | 'failed';
  declare _error: string;
  declare _live: LiveState;
  declare _pending: readonly PendingAction[];
  /** complaints that arrived while the desk was open, by id, with when */
  declare _fresh: ReadonlyMap<string, number>;
  /** complaints with an action on its way from this screen */
  declare _busy: ReadonlySet<string>;
  /** why the last action on a complaint was refused, by id */
  declare _cardErrors: ReadonlyMap<string, string>;
  declare _sheet: Sheet | undefined;
  declare _sheetError: string;
  declare _sheetBusy: boolean;
  declare _announcement: string;
  declare _now: number;

  #live: SiteLive | undefined;
  #request: AbortController | undefined;
  #stopSending: (() => void) | undefined;
  #stopListening: (() => void) | undefined;
  #tick: ReturnType<typeof setInterval> | undefined;
  readonly #changedRows = new ChangedRows();

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    // loading and the live stream run while the screen is in the page, for its site and member
    new SiteWork(this, { start: () => this.#start(), stop: () => this.#stop() });
    this.fullscreen = false;
    this._items = [];
    this._state = 'loading';
    this._error = '';
    this._live = 'connecting';
    this._pending = [];
    this._fresh = new Map();
    this._busy = new Set();
    this._cardErrors = new Map();
    this._sheet = undefined;
    this._sheetError = '';
    this._sheetBusy = false;
    this._announcement = '';
    this._now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const host = (this.getRootNode() as ShadowRoot).host as (Element & { mode?: string }) | undefined;
    this.fullscreen = host?.localName === 'complaint-portal' && host.mode === 'desk';
  }

  #start(): void {
    const { api, site } = this.portal;
    void this.#load();
    this.#live = new SiteLive(api.liveUrl(site), {
      onChange: (change) => void this.#changed(change.complaintId, change.version),
      onState: (state) => {
        this._live = state;
      },
      onReady: (again) => {
        // what changed while the stream was down was not heard
        if (again) void this.#load({ quiet: true });
      },
    });
    this.#live.start();
    this.#stopListening = onPendingMessage((message) => {
      if (message.state === 'done' && message.complaint.site === this.portal.site) this.#show(toQueueItem(message.complaint));
      void this.#readPending();
    });
    this.#stopSending = keepSending(api);
    void this.#readPending();
    this.#tick = setInterval(() => {
      this._now = Date.now();
      this.#expireFresh();
    }, 15_000);
  }

  #stop(): void {
    this.#live?.stop();
    this.#live = undefined;
    this.#request?.abort();
    this.#stopSending?.();
    this.#stopSending = undefined;
    this.#stopListening?.();
    this.#stopListening = undefined;
    clearInterval(this.#tick);
  }

  // — the complaints —

  async #load(options: { quiet?: boolean } = {}): Promise<void> {
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    const { api, site } = this.portal;
    if (!options.quiet) this._state = 'loading';
    try {
      let items: QueueItem[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < MOST_PAGES; page++) {
        const answer = await api.queue(site, { status: [...OPEN_STATUSES], sort: 'due', limit: 100, ...(cursor ? { cursor } : {}) }, controller.signal);
        items = [...items, ...answer.items];
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
      if (controller.signal.aborted) return;
      this._items = items;
      this._state = 'ready';
      this._error = '';
    } catch (error) {
      if (controller.signal.aborted) return;
      this._error = failureMessage(error instanceof StaffApiError ? error.failure : undefined);
      if (!this._items.length) this._state = 'failed';
    }
  }

  /** A complaint was filed or changed: show it as it is now, or take it away when it is no longer open. */
  async #changed(id: string, version: number): Promise<void> {
    const portal = this.portal;
    const item = await this.#changedRows.fetch(portal, id, version, this._items.find((row) => row.id === id));
    if (item === undefined || portal !== this.portal) return;
    if (item === null) {
      this._items = this._items.filter((row) => row.id !== id);
      return;
    }
    const isNew = !this._items.some((row) => row.id === id);
    this.#show(item);
    if (isNew && OPEN_STATUSES.includes(item.status)) {
      this._fresh = new Map([...this._fresh, [id, Date.now()]]);
      this._announcement = msg(str`New complaint ${item.reference}: ${localized(item.category.name)}`);
    }
  }

  #show(item: QueueItem): void {
    const before = this._items.find((row) => row.id === item.id);
    if (before && before.version > item.version) return;
    this._items = upsertItem(this._items, item, { sort: 'due', keep: OPEN_STATUSES.includes(item.status), complete: true });
  }

  #expireFresh(): void {
    this._fresh = stillFresh(this._fresh, FRESH_MS);
  }

  #seen(id: string): void {
    if (!this._fresh.has(id)) return;
    const fresh = new Map(this._fresh);
    fresh.delete(id);
    this._fresh = fresh;
  }

  // — actions —

  async #readPending(): Promise<void> {
    try {
      this._pending = await pendingActions(this.portal.site);
    } catch {
      // no IndexedDB (a private window in some browsers): actions are sent at once or refused
      this._pending = [];
    }
  }

  /** Sends a step through the queue of pending actions: applied now, or kept and sent when the network returns. */
  async #act(item: QueueItem, command: StaffCommand): Promise<'done' | 'queued' | 'refused'> {
    this.#seen(item.id);
    this._busy = new Set([...this._busy, item.id]);
    const errors = new Map(this._cardErrors);
    errors.delete(item.id);
    this._cardErrors = errors;
    try {
      const result = await submitAction(this.portal.api, {
        site: this.portal.site,
        complaintId: item.id,
        reference: item.reference,
        expectedVersion: item.version,
        command,
      });
      if (result.kind === 'done') {
        this.#show(toQueueItem(result.complaint));
        this._announcement = commandDone(command.type, item.reference);
      } else if (result.kind === 'queued') {
        this._announcement = msg(str`No connection: “${deskCommandLabel(command.type)}” for ${item.reference} waits on this device and is sent when the connection returns.`);
      } else {
        const failure = result.action.failure;
        const reason = failureMessage(failure ? ({ kind: 'http', issues: [], ...failure } satisfies StaffFailure) : undefined);
        this._cardErrors = new Map([...this._cardErrors, [item.id, reason]]);
        this._announcement = reason;
        // the complaint moved on: show it as it is now
        void this.#changed(item.id, item.version + 1);
      }
      await this.#readPending();
      return result.kind;
    } catch {
      // the device could not keep the action (storage refused): nothing was sent
      const reason = msg('This device could not keep the action. Try again.');
      this._cardErrors = new Map([...this._cardErrors, [item.id, reason]]);
      return 'refused';
    } finally {
      const busy = new Set(this._busy);
      busy.delete(item.id);
      this._busy = busy;
    }
  }

  #tap(item: QueueItem, command: DeskCommand): void {
    if (SHEET_COMMANDS.includes(command)) {
      void this.#openSheet({ command: command as Sheet['command'], item });
      return;
    }
    void this.#act(item, { type: command as 'accept' | 'arrive-on-site' });
  }

  async #openSheet(sheet: Sheet): Promise<void> {
    this.#seen(sheet.item.id);
    this._sheet = sheet;
    this._sheetError = '';
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>('#sheet');
    if (dialog && !dialog.open) dialog.showModal();
  }

  #closeSheet(): void {
    this.renderRoot.querySelector<HTMLDialogElement>('#sheet')?.close();
  }

  async #submitSheet(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const sheet = this._sheet;
    if (!sheet || this._sheetBusy) return;
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    let command: StaffCommand;
    if (sheet.command === 'add-note') command = { type: 'add-note', note: text('note'), public: data.get('public') === 'on' };
    else if (sheet.command === 'resolve') {
      const improvement = text('improvement');
      command = { type: 'resolve', result: text('result'), basis: text('basis'), ...(improvement ? { improvement } : {}) };
    } else {
      const rating = text('rating');
      command = {
        type: 'record-return-visit',
        note: text('note'),
        rectified: text('rectified') === 'yes',
        ...(rating ? { rating: rating as SatisfactionRating } : {}),
      };
    }
    this._sheetBusy = true;
    this._sheetError = '';
    const outcome = await this.#act(sheet.item, command);
    this._sheetBusy = false;
    if (outcome === 'refused') {
      // what was typed stays in the sheet
      this._sheetError = this._cardErrors.get(sheet.item.id) ?? msg('The service refused this.');
      return;
    }
    this.#closeSheet();
  }

  async #discard(action: PendingAction): Promise<void> {
    await discardAction(action.id);
    await this.#readPending();
  }

  async #sendNow(): Promise<void> {
    await flushPending(this.portal.api, { now: true }).catch(() => undefined);
    await this.#readPending();
  }

  async #signOut(): Promise<void> {
    await this.portal.api.signOut().catch(() => undefined);
    location.reload();
  }

  // — drawing —

  override render(): TemplateResult {
    if (!this.portal) return html``;
    const items = this._items;
    const now = this._now;
    const late = items.filter((item) => item.clocks.some((c) => c.running && !c.paused && (c.breached || Date.parse(c.dueAt) <= now))).length;
    const fresh = items.filter((item) => this._fresh.has(item.id)).length;
    const number = new Intl.NumberFormat(currentLocale());
    return html`
      <header class="bar">
        <div>
          <h1>${msg('Front desk')}</h1>
          <span class="site">${localized(this.portal.publicSite.name)}</span>
        </div>
        <span class="spacer"></span>
        <time class="now" datetime=${new Date(now).toISOString()}>${clockTime(now, this.portal.publicSite.timezone)}</time>
        <span class="live ${this._live === 'live' ? 'on' : ''}" role="status">
          ${this._live === 'live' ? msg('Live') : this._live === 'connecting' ? msg('Connecting…') : msg('Reconnecting…')}
        </span>
        ${this.fullscreen ? this.#renderDeviceControls() : nothing}
        ${can(this.portal, 'register')
          ? html`<button class="register" type="button" @click=${() => this.portal.navigate('intake')}>＋ ${msg('Register walk-in / phone complaint')}</button>`
          : nothing}
      </header>
      ${this.#renderPending()}
      ${this._state === 'ready' || items.length
        ? html`<p class="summary">
            <span>${msg(html`<strong>${number.format(items.length)}</strong> open`)}</span>
            <span class=${late ? 'late' : ''}>${msg(html`<strong>${number.format(late)}</strong> overdue`)}</span>
            ${fresh ? html`<span>${msg(html`<strong>${number.format(fresh)}</strong> new`)}</span>` : nothing}
          </p>`
        : nothing}
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      ${this._state === 'loading' && !items.length ? html`<p class="empty" role="status">${msg('Loading…')}</p>` : nothing}
      ${this._state === 'ready' && !items.length ? html`<p class="empty">${msg('No open complaints. New ones appear here as they are filed.')}</p>` : nothing}
      <ul class="cards" aria-label=${msg('Open complaints')}>
        ${repeat(
          this.#inOrder(items),
          (item) => item.id,
          (item) => html`<li>${this.#renderCard(item)}</li>`,
        )}
      </ul>
      ${this.#renderSheet()}
      <p class="visually-hidden" role="status" aria-live="polite">${this._announcement}</p>
    `;
  }

  /** Complaints that just arrived and nobody has touched yet come first, newest on top; then the soonest deadline. */
  #inOrder(items: readonly QueueItem[]): readonly QueueItem[] {
    if (!this._fresh.size) return items;
    const fresh = items.filter((item) => this._fresh.has(item.id)).sort((a, b) => Date.parse(b.registeredAt) - Date.parse(a.registeredAt));
    return [...fresh, ...items.filter((item) => !this._fresh.has(item.id))];
  }

  #renderDeviceControls(): TemplateResult {
    return html`<label class="visually-hidden" for="desk-language">${msg('Language')}</label>
      <select id="desk-language" @change=${(event: Event) => void chooseLanguage((event.target as HTMLSelectElement).value as Locale)}>
        ${LOCALES.map((locale) => html`<option value=${locale} ?selected=${locale === currentLocale()}>${LANGUAGE_NAMES[locale]}</option>`)}
      </select>
      <button class="secondary" type="button" @click=${() => void this.#signOut()}>${msg('Sign out')}</button>`;
  }

  #renderPending(): TemplateResult | typeof nothing {
    const pending = this._pending;
    if (!pending.length) return nothing;
    const waiting = pending.filter((action) => action.state !== 'failed').length;
    const failed = pending.length - waiting;
    const number = new Intl.NumberFormat(currentLocale());
    const title =
      waiting && failed
        ? msg(str`${number.format(waiting)} actions waiting to be sent, ${number.format(failed)} refused`)
        : waiting === 1
          ? msg('1 action waiting to be sent')
          : waiting
            ? msg(str`${number.format(waiting)} actions waiting to be sent`)
            : failed === 1
              ? msg('1 action was refused')
              : msg(str`${number.format(failed)} actions were refused`);
    return html`<section class="pending" aria-labelledby="pending-title" data-testid="pending">
      <header>
        <h2 id="pending-title">${title}</h2>
        ${waiting ? html`<button class="secondary" type="button" @click=${() => void this.#sendNow()}>${msg('Send now')}</button>` : nothing}
      </header>
      <ul>
        ${pending.map(
          (action) => html`<li data-state=${action.state}>
            <span class="what">${deskCommandLabel(action.command.type)} · <span class="ref-inline">${action.reference}</span></span>
            <span class="state">${action.state === 'sending' ? msg('Sending…') : action.state === 'failed' ? msg('Refused') : msg('Waiting for the connection')}</span>
            ${action.state === 'failed'
              ? html`<span class="reason">${failureMessage(action.failure ? { kind: 'http', issues: [], ...action.failure } : undefined)}</span>
                  <button class="secondary" type="button" @click=${() => void this.#discard(action)}>${msg('Discard')}</button>`
              : nothing}
          </li>`,
        )}
      </ul>
    </section>`;
  }

  #renderCard(item: QueueItem): TemplateResult {
    const now = this._now;
    const clocks = item.clocks.filter((clock) => clock.running).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
    const first = clocks.find((clock) => !clock.paused);
    const colour = first ? (first.breached || Date.parse(first.dueAt) <= now ? 'late' : Date.parse(first.warnAt) <= now ? 'warn' : 'ok') : '';
    const fresh = this._fresh.has(item.id);
    const busy = this._busy.has(item.id);
    const waiting = this._pending.filter((action) => action.complaintId === item.id && action.state !== 'failed');
    const commands = DESK_COMMANDS.filter((command) => item.allowedCommands.includes(command));
    const place = placeLine(item.place);
    const titleId = `ref-${item.id}`;
    const error = this._cardErrors.get(item.id);
    return html`<article class="card ${colour} ${fresh ? 'fresh' : ''}" aria-labelledby=${titleId} data-id=${item.id}>
      <div class="top">
        <h2 class="ref" id=${titleId}><a href=${this.portal.href(`complaints/${encodeURIComponent(item.id)}`)}>${item.reference}</a></h2>
        ${fresh ? html`<span class="tag new">${msg('New')}</span>` : nothing}
        <span class="tag">${statusLabel(item.status)}</span>
        ${item.priority === 'urgent' || item.priority === 'high' ? html`<span class="tag ${item.priority}">${priorityLabel(item.priority)}</span>` : nothing}
        ${item.vip ? html`<span class="tag high">${msg('VIP')}</span>` : nothing}
      </div>
      <p class="what">${localized(item.category.name)}${place ? html` <span class="place">· ${place}</span>` : nothing}</p>
      <p class="desc">${item.description}</p>
      <p class="meta">
        ${localized(item.department.name)} · ${item.assignee ?? msg('Nobody in charge yet')} · ${channelLabel(item.channel)} ·
        ${msg(str`filed ${filedAt(item.registeredAt, now, this.portal.publicSite.timezone)}`)}
      </p>
      ${clocks.length
        ? html`<div class="clocks">
            ${clocks.map((clock) => html`<portal-countdown .clock=${clock} .timeZone=${this.portal.publicSite.timezone} show-stage></portal-countdown>`)}
          </div>`
        : nothing}
      ${waiting.length
        ? html`<p class="waiting">${msg(str`Waiting to be sent: ${waiting.map((action) => deskCommandLabel(action.command.type)).join(', ')}`)}</p>`
        : nothing}
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      ${commands.length
        ? html`<div class="actions">
            ${commands.map((command, index) => {
              const queued = waiting.some((action) => action.command.type === command);
              return html`<button
                type="button"
                class=${index === 0 ? '' : 'secondary'}
                data-command=${command}
                ?disabled=${busy || queued}
                @click=${() => this.#tap(item, command)}
              >
                ${deskCommandLabel(command)}${SHEET_COMMANDS.includes(command) ? '…' : ''}
              </button>`;
            })}
          </div>`
        : nothing}
    </article>`;
  }

  #renderSheet(): TemplateResult {
    const sheet = this._sheet;
    const busy = this._sheetBusy;
    return html`<dialog
      id="sheet"
      aria-labelledby="sheet-title"
      @close=${(event: Event) => {
        // the close event comes a moment later: another sheet may be open by then
        if (!(event.target as HTMLDialogElement).open) this._sheet = undefined;
      }}
    >
      ${sheet
        ? html`<form @submit=${this.#submitSheet}>
            <h2 id="sheet-title">${deskCommandLabel(sheet.command)} · ${sheet.item.reference}</h2>
            ${sheet.command === 'add-note' ? this.#noteFields() : sheet.command === 'resolve' ? this.#resolveFields() : this.#returnVisitFields()}
            ${this._sheetError ? html`<p class="error" role="alert">${this._sheetError}</p>` : nothing}
            <div class="sheet-actions">
              <button class="secondary" type="button" @click=${() => this.#closeSheet()}>${msg('Cancel')}</button>
              <button type="submit" ?disabled=${busy}>${busy ? msg('Sending…') : deskCommandLabel(sheet.command)}</button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }

  #noteFields(): TemplateResult {
    return html`<div class="field">
        <label for="note">${msg('Note')}</label>
        <textarea id="note" name="note" required maxlength="5000" rows="4"></textarea>
      </div>
      <div class="field">
        <label class="check"><input type="checkbox" name="public" /> ${msg('Show this note to the complainant')}</label>
      </div>`;
  }

  #resolveFields(): TemplateResult {
    return html`<div class="field">
        <label for="result">${msg('Result: what was done')}</label>
        <textarea id="result" name="result" required maxlength="5000" rows="3"></textarea>
      </div>
      <div class="field">
        <label for="basis">${msg('Basis: the rule or finding it rests on')}</label>
        <textarea id="basis" name="basis" required maxlength="2000" rows="2"></textarea>
      </div>
      <div class="field">
        <label for="improvement">${msg('Improvement (optional)')}</label>
        <textarea id="improvement" name="improvement" maxlength="2000" rows="2"></textarea>
      </div>`;
  }

  #returnVisitFields(): TemplateResult {
    const ratings: [SatisfactionRating | '', string][] = [...RATINGS.map((rating): [SatisfactionRating, string] => [rating, ratingLabel(rating)]), ['', msg('Not asked')]];
    return html`<div class="field">
        <label for="note">${msg('What the complainant said')}</label>
        <textarea id="note" name="note" required maxlength="2000" rows="3"></textarea>
      </div>
      <fieldset>
        <legend>${msg('Was the problem put right?')}</legend>
        <div class="choices">
          <label class="choice"><input type="radio" name="rectified" value="yes" required /> ${msg('Yes')}</label>
          <label class="choice"><input type="radio" name="rectified" value="no" /> ${msg('No')}</label>
        </div>
      </fieldset>
      <fieldset>
        <legend>${msg('Satisfaction')}</legend>
        <div class="choices">
          ${ratings.map(
            ([value, label]) => html`<label class="choice"><input type="radio" name="rating" value=${value} ?checked=${value === ''} /> ${label}</label>`,
          )}
        </div>
      </fieldset>`;
  }
}

/** When a complaint was filed: the time alone today, the date and time before. */
function filedAt(iso: string, now: number, timeZone: string): string {
  const day = (at: number | string) => {
    try {
      return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(at));
    } catch {
      return new Date(at).toDateString();
    }
  };
  return day(iso) === day(now) ? clockTime(Date.parse(iso), timeZone) : formatDateTime(iso, timeZone);
}

/** The time of day where the office is, e.g. 14:05. */
function clockTime(now: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(currentLocale(), { hour: '2-digit', minute: '2-digit', timeZone }).format(now);
  } catch {
    return new Intl.DateTimeFormat(currentLocale(), { hour: '2-digit', minute: '2-digit' }).format(now);
  }
}

define('portal-desk', PortalDesk);
