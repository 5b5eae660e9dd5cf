import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import type { Locale } from '../../api/contract/common.ts';
import type { PublicComplaint } from '../../api/contract/complaint.ts';
import { ApiError, type ApiFailure, SiteApi, scriptOrigin } from '../shared/api.ts';
import { eventLabel, statusLabel } from '../shared/labels.ts';
import { formatDateTime, localeFor, useLocale } from '../shared/locale.ts';
import { failureMessage } from '../shared/messages.ts';
import { baseStyles } from '../shared/styles.ts';
import { trackerStyles } from './complaint-tracker.styles.ts';

type Lookup =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'found'; complaint: PublicComplaint; timeZone: string | undefined }
  | { kind: 'failed'; failure: ApiFailure };

/**
 * Shows a complaint's status and public timeline to whoever holds its reference and access
 * code: given as attributes (e.g. from a link) or typed in by the resident.
 *
 * @csspart form - The lookup form.
 * @csspart title - The heading.
 * @csspart field - Each labelled field.
 * @csspart button - Buttons.
 * @csspart status - The live status line.
 * @csspart badge - The current status.
 * @csspart timeline - The list of what happened.
 * @cssprop --complaint-accent - Colour of buttons and highlights.
 * @cssprop --complaint-text - Text colour.
 * @cssprop --complaint-surface - Background of the panel.
 * @cssprop --complaint-border - Border colour.
 * @cssprop --complaint-radius - Corner radius.
 * @cssprop --complaint-font - Font family.
 * @cssprop --complaint-focus - Colour of the focus ring.
 */
export class ComplaintTracker extends LitElement {
  static override styles = [baseStyles, trackerStyles];
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override properties = {
    api: { type: String },
    site: { type: String },
    language: { type: String, attribute: 'lang' },
    reference: { type: String },
    accessCode: { type: String, attribute: 'access-code' },
    _lookup: { state: true },
  };

  /** Origin of the complaint service; defaults to the origin this script was loaded from. */
  declare api: string;
  /** The site key, e.g. `demo-community`. */
  declare site: string;
  /** `en`, `zh-Hans` or `zh-Hant`; defaults to the page's language. */
  declare language: string | undefined;
  /** The complaint's reference, e.g. `KM7Q-29XD`. */
  declare reference: string;
  /** The access code given when the complaint was filed. */
  declare accessCode: string;
  declare _lookup: Lookup;

  #request: AbortController | undefined;
  #siteTimeZone: string | undefined;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = '';
    this.site = '';
    this.reference = '';
    this.accessCode = '';
    this._lookup = { kind: 'idle' };
  }

  get #locale(): Locale {
    return localeFor(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void useLocale(this.#locale);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('language')) void useLocale(this.#locale);
    const keys = ['api', 'site', 'reference', 'accessCode'] as const;
    if (keys.some((k) => changed.has(k)) && this.site && this.reference && this.accessCode) void this.refresh();
  }

  /** Looks the complaint up again (the page may call this, e.g. after a notification). */
  async refresh(): Promise<void> {
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    this._lookup = { kind: 'loading' };
    const client = new SiteApi(this.api || scriptOrigin(), this.site);
    try {
      const [complaint, timeZone] = await Promise.all([
        client.track(this.reference, this.accessCode, controller.signal),
        this.#timeZone(client, controller.signal),
        useLocale(this.#locale),
      ]);
      if (!controller.signal.aborted) this._lookup = { kind: 'found', complaint, timeZone };
    } catch (error) {
      if (controller.signal.aborted) return;
      this._lookup = { kind: 'failed', failure: error instanceof ApiError ? error.failure : { kind: 'network' } };
    }
  }

  /** Times are shown in the organisation's time zone, where the deadlines are kept. */
  async #timeZone(client: SiteApi, signal: AbortSignal): Promise<string | undefined> {
    if (!this.#siteTimeZone) this.#siteTimeZone = (await client.site(signal)).timezone;
    return this.#siteTimeZone;
  }

  #lookUp(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const reference = String(data.get('reference') ?? '').trim();
    const accessCode = String(data.get('access-code') ?? '').trim();
    if (!reference || !accessCode) return;
    if (reference === this.reference && accessCode === this.accessCode) void this.refresh();
    this.reference = reference;
    this.accessCode = accessCode;
  }

  #another(): void {
    this.#request?.abort();
    this.reference = '';
    this.accessCode = '';
    this._lookup = { kind: 'idle' };
  }

  override render(): TemplateResult {
    if (!this.site) return html`<div class="panel" part="status" role="alert">${msg('This tracker needs a site key (the site attribute).')}</div>`;
    const lookup = this._lookup;
    if (lookup.kind === 'found') return this.#renderComplaint(lookup.complaint, lookup.timeZone);
    return this.#renderLookup(lookup);
  }

  #renderLookup(lookup: Lookup): TemplateResult {
    const loading = lookup.kind === 'loading';
    return html`<form class="panel" part="form" @submit=${(e: SubmitEvent) => this.#lookUp(e)}>
      <h2 part="title">${msg('Follow your complaint')}</h2>
      <div class="field" part="field">
        <label for="reference">${msg('Reference')}</label>
        <input id="reference" name="reference" required autocomplete="off" spellcheck="false" .value=${this.reference} />
      </div>
      <div class="field" part="field">
        <label for="access-code">${msg('Access code')}</label>
        <input id="access-code" name="access-code" required autocomplete="off" spellcheck="false" .value=${this.accessCode} />
      </div>
      <button part="button" type="submit" ?disabled=${loading}>${loading ? msg('Looking it up…') : msg('Show status')}</button>
      <p class="status ${lookup.kind === 'failed' ? 'failed' : ''}" part="status" role="status" aria-live="polite">
        ${lookup.kind === 'failed' ? failureMessage(lookup.failure) : nothing}
      </p>
    </form>`;
  }

  #renderComplaint(complaint: PublicComplaint, timeZone: string | undefined): TemplateResult {
    const locale = this.#locale;
    const when = (iso: string) => formatDateTime(iso, locale, timeZone);
    return html`<section class="panel" aria-labelledby="title">
      <h2 part="title" id="title">${msg('Your complaint')} <span class="code">${complaint.reference}</span></h2>
      <p class="badge" part="badge" data-status=${complaint.status} role="status" aria-live="polite">
        ${statusLabel(complaint.status)}
      </p>
      <dl class="facts">
        <dt>${msg('About')}</dt>
        <dd>${complaint.category.name[locale]}</dd>
        ${complaint.department
          ? html`<dt>${msg('Handled by')}</dt>
              <dd>${complaint.department.name[locale]}</dd>`
          : nothing}
        <dt>${msg('Filed')}</dt>
        <dd>${when(complaint.registeredAt)}</dd>
        <dt>${msg('Last update')}</dt>
        <dd>${when(complaint.updatedAt)}</dd>
      </dl>
      <h3>${msg('What has happened')}</h3>
      <ol class="timeline" part="timeline">
        ${complaint.timeline.map(
          (entry) => html`<li>
            <time datetime=${entry.at}>${when(entry.at)}</time>
            <span class="what">${eventLabel(entry.kind)}</span>
            ${entry.message ? html`<p class="message">${entry.message}</p>` : nothing}
          </li>`,
        )}
      </ol>
      <div class="actions">
        <button part="button" type="button" @click=${() => void this.refresh()}>${msg('Refresh')}</button>
        <button part="button" class="secondary" type="button" @click=${() => this.#another()}>${msg('Look up another complaint')}</button>
      </div>
    </section>`;
  }
}
