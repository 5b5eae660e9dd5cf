import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { Locale } from '../../api/contract/common.ts';
import type { ComplaintStatus } from '../../api/contract/complaint.ts';
import { ApiError, SiteApi, scriptOrigin } from '../shared/api.ts';
import { ComplaintApi } from '../complaint-tracker/complaint-api.ts';
import { formatDateTime, localeFor, useLocale } from '../shared/locale.ts';
import { failureMessage } from '../shared/messages.ts';
import { baseStyles } from '../shared/styles.ts';
import { statusLabel } from '../complaint-tracker/labels.ts';
import { myComplaintsStyles } from './my-complaints.styles.ts';
import { type SavedComplaint, SavedComplaints } from './saved-complaints.ts';

/** The resident chose a kept complaint to see in full. */
export class ComplaintChosenEvent extends Event {
  static readonly eventName = 'complaint-chosen';
  readonly detail: { reference: string; accessCode: string };

  constructor(detail: { reference: string; accessCode: string }) {
    super(ComplaintChosenEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** The resident removed a complaint from this device. */
export class ComplaintForgottenEvent extends Event {
  static readonly eventName = 'complaint-forgotten';
  readonly detail: { reference: string };

  constructor(detail: { reference: string }) {
    super(ComplaintForgottenEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'complaint-chosen': ComplaintChosenEvent;
    'complaint-forgotten': ComplaintForgottenEvent;
  }
}

/** what the list knows of a complaint's status: asked of the service each time the list is shown */
type Standing = { kind: 'asking' } | { kind: 'known'; status: ComplaintStatus } | { kind: 'unknown'; reason: string };

/**
 * "My complaints" in the resident app: the complaints filed from this device, and any the
 * resident added by reference and access code, each with its present status. Choosing one
 * shows it in the tracker; each can be removed, after a confirmation.
 *
 * @event complaint-chosen - `detail` is `{ reference, accessCode }` of the complaint to show.
 * @event complaint-forgotten - `detail` is `{ reference }` of a complaint removed from this device.
 * @csspart list - The panel.
 * @csspart title - The heading.
 * @csspart item - Each kept complaint.
 * @csspart button - Buttons.
 * @csspart status - The live status line.
 * @cssprop --complaint-accent - Colour of buttons and highlights.
 */
export class MyComplaints extends LitElement {
  static override styles = [baseStyles, myComplaintsStyles];
  static override properties = {
    site: { type: String },
    chosen: { type: String },
    _items: { state: true },
    _standing: { state: true },
    _confirming: { state: true },
    _announcement: { state: true },
    _addError: { state: true },
    _adding: { state: true },
    _timeZone: { state: true },
  };

  /** The site key, e.g. `demo-community`; the service is the one this app is served from. */
  declare site: string;
  /** The reference of the complaint the tracker shows now. */
  declare chosen: string;
  declare _items: SavedComplaint[] | undefined;
  declare _standing: Record<string, Standing>;
  declare _confirming: string | undefined;
  declare _announcement: string;
  declare _addError: string;
  declare _adding: boolean;
  /** times are shown in the organisation's time zone, as the tracker shows them */
  declare _timeZone: string | undefined;

  readonly #saved = new SavedComplaints();
  #asking: AbortController | undefined;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.site = '';
    this.chosen = '';
    this._items = undefined;
    this._standing = {};
    this._announcement = '';
    this._addError = '';
    this._adding = false;
  }

  get #locale(): Locale {
    return localeFor(this);
  }

  get #client(): SiteApi {
    return new SiteApi(scriptOrigin(), this.site);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void useLocale(this.#locale);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#asking?.abort();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('site') && this.site) {
      void this.reload();
      this.#client
        .site()
        .then((site) => (this._timeZone = site.timezone))
        .catch(() => undefined);
    }
  }

  /** Reads the list again and asks the service for each complaint's status. */
  async reload(): Promise<void> {
    this._items = await this.#saved.list(this.site);
    this.#askStatuses(this._items);
  }

  /** Keeps a complaint on this device (the app calls this for each complaint filed here). */
  async keep(complaint: { reference: string; accessCode: string; filedAt?: string }): Promise<void> {
    const added = await this.#saved.save({ site: this.site, filedAt: new Date().toISOString(), ...complaint });
    await this.reload();
    if (added) this._announcement = msg(str`${complaint.reference} was added to my complaints.`, { id: 'app-kept' });
  }

  #askStatuses(items: SavedComplaint[]): void {
    this.#asking?.abort();
    const controller = new AbortController();
    this.#asking = controller;
    this._standing = Object.fromEntries(items.map((item) => [item.reference, { kind: 'asking' } as Standing]));
    for (const item of items) {
      new ComplaintApi(this.#client, item.reference, item.accessCode)
        .track(controller.signal)
        .then((complaint): Standing => ({ kind: 'known', status: complaint.status }))
        .catch((error: unknown): Standing => ({ kind: 'unknown', reason: error instanceof ApiError ? failureMessage(error.failure) : '' }))
        .then((standing) => {
          if (!controller.signal.aborted) this._standing = { ...this._standing, [item.reference]: standing };
        });
    }
  }

  async #add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const reference = String(data.get('reference') ?? '').trim().toUpperCase();
    const accessCode = String(data.get('access-code') ?? '').trim();
    if (!reference || !accessCode) {
      this._addError = msg('Enter both the reference and the access code.', { id: 'app-add-both-needed' });
      return;
    }
    this._adding = true;
    this._addError = '';
    let filedAt: string | undefined;
    try {
      filedAt = (await new ComplaintApi(this.#client, reference, accessCode).track()).registeredAt;
    } catch (error) {
      // Offline it is kept all the same, and its status shows once the service answers; a
      // reference and code the service does not know are not kept.
      if (error instanceof ApiError && error.failure.kind === 'http') {
        this._addError = failureMessage(error.failure);
        this._adding = false;
        return;
      }
    }
    await this.keep({ reference, accessCode, ...(filedAt ? { filedAt } : {}) });
    this._adding = false;
    form.reset();
  }

  #choose(item: SavedComplaint): void {
    this.chosen = item.reference;
    this.dispatchEvent(new ComplaintChosenEvent({ reference: item.reference, accessCode: item.accessCode }));
  }

  async #askToRemove(reference: string): Promise<void> {
    this._confirming = reference;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.confirm .keep')?.focus();
  }

  async #keepIt(reference: string): Promise<void> {
    this._confirming = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(`[data-remove="${reference}"]`)?.focus();
  }

  async #remove(reference: string): Promise<void> {
    await this.#saved.remove(this.site, reference);
    this._confirming = undefined;
    if (this.chosen === reference) this.chosen = '';
    await this.reload();
    this._announcement = msg(str`${reference} was removed from this device.`, { id: 'app-removed' });
    this.dispatchEvent(new ComplaintForgottenEvent({ reference }));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  override render(): TemplateResult {
    const items = this._items;
    return html`<section class="panel" part="list" aria-labelledby="my-complaints-title">
      <h2 id="my-complaints-title" part="title" tabindex="-1">${msg('My complaints', { id: 'app-my-complaints' })}</h2>
      <p class="hint">${msg('The complaints you file here are kept on this device with their access codes, until you remove them.', { id: 'app-kept-on-device' })}</p>
      ${items === undefined
        ? html`<p aria-busy="true">${msg('Loading…', { id: 'app-loading' })}</p>`
        : items.length
          ? html`<ul class="items">
              ${items.map((item) => this.#renderItem(item))}
            </ul>`
          : html`<p class="empty">${msg('No complaints yet.', { id: 'app-none-yet' })}</p>`}
      <p class="visually-hidden" part="status" role="status" aria-live="polite">${this._announcement}</p>
      ${this.#renderAdd()}
    </section>`;
  }

  #renderItem(item: SavedComplaint): TemplateResult {
    const id = `c-${item.reference}`;
    const standing = this._standing[item.reference] ?? { kind: 'asking' };
    const confirming = this._confirming === item.reference;
    const filed = formatDateTime(item.filedAt, this.#locale, this._timeZone);
    return html`<li class="item" part="item" aria-current=${this.chosen === item.reference ? 'true' : 'false'}>
      <div class="summary">
        <span class="code" id=${`${id}-ref`}>${item.reference}</span>
        <span class="standing" data-status=${standing.kind === 'known' ? standing.status : standing.kind}>${this.#standingText(standing)}</span>
        <span class="hint">${msg(str`Filed ${filed}`, { id: 'app-filed-at' })}</span>
      </div>
      ${confirming
        ? html`<div class="confirm" role="group" aria-labelledby=${`${id}-question`} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && void this.#keepIt(item.reference)}>
            <p id=${`${id}-question`}>${msg(str`Remove ${item.reference} from this device? To follow it again you will need its reference and access code.`, { id: 'app-remove-question' })}</p>
            <div class="actions">
              <button part="button" type="button" class="danger" @click=${() => void this.#remove(item.reference)}>${msg('Remove', { id: 'app-remove' })}</button>
              <button part="button" type="button" class="secondary keep" @click=${() => void this.#keepIt(item.reference)}>${msg('Keep on this device', { id: 'app-keep' })}</button>
            </div>
          </div>`
        : html`<div class="actions">
            <button part="button" type="button" id=${`${id}-show`} aria-labelledby=${`${id}-show ${id}-ref`} @click=${() => this.#choose(item)}>
              ${msg('Show status')}
            </button>
            <button
              part="button"
              type="button"
              class="secondary"
              id=${`${id}-remove`}
              data-remove=${item.reference}
              aria-labelledby=${`${id}-remove ${id}-ref`}
              @click=${() => void this.#askToRemove(item.reference)}
            >
              ${msg('Remove', { id: 'app-remove' })}
            </button>
          </div>`}
    </li>`;
  }

  #standingText(standing: Standing): string {
    switch (standing.kind) {
      case 'asking':
        return msg('Checking…', { id: 'app-checking' });
      case 'known':
        return statusLabel(standing.status);
      case 'unknown':
        return standing.reason || msg('Status not available now', { id: 'app-status-unavailable' });
    }
  }

  #renderAdd(): TemplateResult {
    return html`<details class="add">
      <summary>${msg('Add a complaint filed elsewhere', { id: 'app-add-elsewhere' })}</summary>
      <form part="form" novalidate @submit=${(e: SubmitEvent) => void this.#add(e)}>
        <div class="field" part="field">
          <label for="add-reference">${msg('Reference')}</label>
          <input id="add-reference" name="reference" required autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="add-error" />
        </div>
        <div class="field" part="field">
          <label for="add-access-code">${msg('Access code')}</label>
          <input id="add-access-code" name="access-code" required autocomplete="off" spellcheck="false" aria-describedby="add-error" />
        </div>
        <button part="button" type="submit" ?disabled=${this._adding}>${msg('Add to my complaints', { id: 'app-add' })}</button>
        <p class="status failed" id="add-error" role="alert">${this._addError || nothing}</p>
      </form>
    </details>`;
  }
}
