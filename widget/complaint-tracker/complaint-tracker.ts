import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { Locale } from '../../api/contract/common.ts';
import type { ComplainantActionRequest, PublicComplaint, SatisfactionRating } from '../../api/contract/complaint.ts';
import { ApiError, type ApiFailure, SiteApi, scriptOrigin } from '../shared/api.ts';
import { formatDateTime, localeFor, useLocale } from '../shared/locale.ts';
import { failureMessage } from '../shared/messages.ts';
import { PhotoField } from '../shared/photo-field.ts';
import { baseStyles } from '../shared/styles.ts';
import { trackerStyles } from './complaint-tracker.styles.ts';
import { actionFailure, eventLabel, stageLabel, statusLabel } from './labels.ts';
import { linkFromLocation } from './link.ts';
import { LiveFollow } from './live.ts';
import { ComplaintApi } from './complaint-api.ts';

type Lookup =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'found'; complaint: PublicComplaint; timeZone: string | undefined }
  | { kind: 'failed'; failure: ApiFailure };

type Action = ComplainantActionRequest['action'];
type ActionState = { kind: 'idle' } | { kind: 'sending'; action: Action } | { kind: 'failed'; action: Action; message: string };

/**
 * Shows a complaint to whoever holds its reference and access code — given as attributes, typed
 * in by the resident, or read from a tracking link (`#complaint=…&code=…` in the page's address)
 * — and lets them take part: answer the office's question with photos, give an opinion on a
 * proposed solution, rate the handling with one tap, ask for a review, or withdraw. While it is
 * open it follows the complaint live and shows each change as it happens.
 *
 * With `mode="desk"` it is instead the staff portal's front desk — the site's live queue of open
 * complaints for a tablet at a reception — drawn by `<complaint-portal mode="desk">`, whose code
 * it loads from the service (`{api}/portal/assets/portal.js`) only then. Staff sign in there with
 * their portal account; the desk's addresses start at the page's own path.
 *
 * @csspart form - The lookup form.
 * @csspart title - The heading.
 * @csspart field - Each labelled field.
 * @csspart button - Buttons.
 * @csspart status - The live status line.
 * @csspart badge - The current status.
 * @csspart expected - The line saying what is expected next and by when.
 * @csspart timeline - The list of what happened.
 * @csspart photos - The photos given with the complaint.
 * @csspart respond - The box where the complainant answers, rates or asks for a review.
 * @cssprop --complaint-accent - Colour of buttons and highlights.
 * @cssprop --complaint-accent-text - Text colour on the accent colour.
 * @cssprop --complaint-text - Text colour.
 * @cssprop --complaint-muted - Colour of hints and times.
 * @cssprop --complaint-surface - Background of the panel.
 * @cssprop --complaint-border - Border colour.
 * @cssprop --complaint-radius - Corner radius.
 * @cssprop --complaint-font - Font family.
 * @cssprop --complaint-focus - Colour of the focus ring.
 * @cssprop --complaint-success - Colour of finished statuses.
 * @cssprop --complaint-error - Colour of errors.
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
    live: { type: Boolean, reflect: true },
    mode: { type: String },
    _lookup: { state: true },
    _action: { state: true },
    _photos: { state: true },
    _confirmWithdraw: { state: true },
    _announcement: { state: true },
  };

  /** Origin of the complaint service; defaults to the origin this script was loaded from. */
  declare api: string;
  /** The site key, e.g. `demo-community`. */
  declare site: string;
  /** `en`, `zh-Hans` or `zh-Hant`; defaults to the page's language. */
  declare language: string | undefined;
  /** The complaint's reference, e.g. `KM7Q-29XD`. */
  declare reference: string;
  /** The access code given when the complaint was filed, or the key of a tracking link. */
  declare accessCode: string;
  /** Set (read-only) while changes arrive live. */
  declare live: boolean;
  /** `desk`: show the staff portal's front desk for this site instead of a complaint. */
  declare mode: string | undefined;
  declare _lookup: Lookup;
  declare _action: ActionState;
  /** object URLs of the complaint's photos, by id */
  declare _photos: Record<string, string>;
  declare _confirmWithdraw: boolean;
  declare _announcement: string;

  #request: AbortController | undefined;
  #siteTimeZone: string | undefined;
  #follow: LiveFollow | undefined;
  /** the reference and code of the complaint on screen */
  #shownFor = '';
  /** photos for an answer to the office's question */
  readonly #answerPhotos = new PhotoField(this);
  /** how asking for push messages went, once asked */
  #push = '';

  get #key(): string {
    return `${this.reference.trim()}\n${this.accessCode.trim()}`;
  }

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = '';
    this.site = '';
    this.reference = '';
    this.accessCode = '';
    this.live = false;
    this._lookup = { kind: 'idle' };
    this._action = { kind: 'idle' };
    this._photos = {};
    this._confirmWithdraw = false;
    this._announcement = '';
  }

  get #locale(): Locale {
    return localeFor(this);
  }

  get #client(): ComplaintApi {
    return new ComplaintApi(new SiteApi(this.api || scriptOrigin(), this.site), this.reference, this.accessCode);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void useLocale(this.#locale);
    if (!this.reference && !this.accessCode) {
      const link = linkFromLocation(window.location);
      if (link) Object.assign(this, link);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
    this.#stopFollowing();
    this.#forgetPhotos();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('language')) void useLocale(this.#locale);
    const keys = ['api', 'site', 'reference', 'accessCode'] as const;
    if (keys.some((k) => changed.has(k)) && this.mode !== 'desk' && this.site && this.reference && this.accessCode) void this.refresh();
  }

  /** Looks the complaint up again (the page may call this, e.g. after a notification). */
  async refresh(): Promise<void> {
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    // a refresh of the complaint on screen keeps it there; only a new lookup shows "loading"
    const shown = this._lookup.kind === 'found' && this.#shownFor === this.#key;
    if (!shown) {
      this.#stopFollowing();
      this.#forgetPhotos();
      this.#push = '';
      this._lookup = { kind: 'loading' };
    }
    const client = this.#client;
    try {
      const [complaint, timeZone] = await Promise.all([
        client.track(controller.signal),
        this.#timeZone(client.site, controller.signal),
        useLocale(this.#locale),
      ]);
      if (controller.signal.aborted) return;
      this.#show(complaint, timeZone);
    } catch (error) {
      if (controller.signal.aborted) return;
      const failure: ApiFailure = error instanceof ApiError ? error.failure : { kind: 'network' };
      if (shown) this._announcement = failureMessage(failure);
      else this._lookup = { kind: 'failed', failure };
    }
  }

  #show(complaint: PublicComplaint, timeZone = this.#siteTimeZone): void {
    const before = this._lookup.kind === 'found' ? this._lookup.complaint : undefined;
    this._lookup = { kind: 'found', complaint, timeZone };
    this.#shownFor = this.#key;
    if (before && before.status !== complaint.status) this._announcement = msg(str`Updated: ${statusLabel(complaint.status)}`);
    void this.#loadPhotos(complaint);
    if (!this.#follow) {
      this.#follow = new LiveFollow(this.#client, () => void this.refresh());
      this.live = true;
    }
  }

  #stopFollowing(): void {
    this.#follow?.stop();
    this.#follow = undefined;
    this.live = false;
  }

  /** Times are shown in the organisation's time zone, where the deadlines are kept. */
  async #timeZone(client: SiteApi, signal: AbortSignal): Promise<string | undefined> {
    if (!this.#siteTimeZone) this.#siteTimeZone = (await client.site(signal)).timezone;
    return this.#siteTimeZone;
  }

  /** Photos come with the access code in a header, so they are fetched and shown as blobs. */
  async #loadPhotos(complaint: PublicComplaint): Promise<void> {
    const client = this.#client;
    for (const id of complaint.attachments) {
      if (this._photos[id]) continue;
      try {
        const blob = await client.photo(id);
        this._photos = { ...this._photos, [id]: URL.createObjectURL(blob) };
      } catch {
        // a photo that cannot be fetched now is left out; the rest of the complaint still shows
      }
    }
  }

  #forgetPhotos(): void {
    for (const url of Object.values(this._photos)) URL.revokeObjectURL(url);
    this._photos = {};
  }

  #lookUp(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const reference = String(data.get('reference') ?? '').trim();
    const accessCode = String(data.get('access-code') ?? '').trim();
    if (!reference || !accessCode) return;
    if (reference === this.reference && accessCode === this.accessCode) void this.refresh();
    this.reference = reference;
    this.accessCode = accessCode;
  }

  #another(): void {
    this.#request?.abort();
    this.#stopFollowing();
    this.#forgetPhotos();
    this.#answerPhotos.clear();
    this.reference = '';
    this.accessCode = '';
    this._lookup = { kind: 'idle' };
    this._action = { kind: 'idle' };
    this._confirmWithdraw = false;
  }

  /** Sends what the complainant did; the answer is the complaint as it is now. */
  async #act(action: ComplainantActionRequest, done: string): Promise<void> {
    if (this._action.kind === 'sending') return;
    this._action = { kind: 'sending', action: action.action };
    const client = this.#client;
    try {
      if (action.action === 'provide-information' && this.#answerPhotos.files.length) {
        const uploaded = await Promise.all(this.#answerPhotos.files.map((file) => client.site.upload(file)));
        action = { ...action, attachments: uploaded.map((u) => u.id) };
      }
      const complaint = await client.act(action);
      this._action = { kind: 'idle' };
      this._confirmWithdraw = false;
      this.#answerPhotos.clear();
      this.#show(complaint);
      this._announcement = done;
    } catch (error) {
      const failure: ApiFailure = error instanceof ApiError ? error.failure : { kind: 'network' };
      this._action = { kind: 'failed', action: action.action, message: actionFailure(failure) };
      if (failure.kind === 'http' && failure.code === 'version_conflict') void this.refresh();
    }
  }

  /**
   * Asks for push messages about the complaint shown. The button shows only where the resident
   * app's service worker (which shows them) controls the page; the app's page hears the request
   * (`complaint-notify`, from this element, with its reference and access code), loads the code
   * that subscribes the browser only then, and calls `detail` with what the button says from then on.
   */
  readonly #notify = () =>
    this.dispatchEvent(new CustomEvent('complaint-notify', { bubbles: true, composed: true, detail: (text: string) => (this._announcement = this.#push = text) }));

  #field(id: string): string {
    return (this.renderRoot.querySelector<HTMLTextAreaElement>(`#${id}`)?.value ?? '').trim();
  }

  /** The desk's base path: the page's, without the part the portal itself adds (`{site}/…`). */
  #deskBase = '';

  #renderDesk(): TemplateResult {
    const api = this.api || scriptOrigin();
    if (!this.#deskBase) {
      const path = location.pathname;
      const at = path.indexOf(`/${encodeURIComponent(this.site)}/`);
      this.#deskBase = at < 0 ? path : path.slice(0, at + 1);
      // the portal's code comes from the service, whose address is known only here
      import(/* @vite-ignore */ `${api.replace(/\/+$/, '')}/portal/assets/portal.js`).catch(() => {
        this._announcement = failureMessage({ kind: 'network' });
      });
    }
    return html`<complaint-portal mode="desk" api=${api} site=${this.site} base=${this.#deskBase}></complaint-portal>
      <p class="status failed" role="alert">${this._announcement}</p>`;
  }

  override render(): TemplateResult {
    if (this.mode === 'desk' && this.site) return this.#renderDesk();
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
    const photos = complaint.attachments.filter((id) => this._photos[id]);
    return html`<section class="panel" aria-labelledby="title">
      <h2 part="title" id="title">${msg('Your complaint')} <span class="code">${complaint.reference}</span></h2>
      <p class="badge" part="badge" data-status=${complaint.status}>${statusLabel(complaint.status)}</p>
      <p class="visually-hidden" role="status" aria-live="polite">${this._announcement}</p>
      ${complaint.expectedBy
        ? html`<p class="expected" part="expected">
            ${msg(str`Next: ${stageLabel(complaint.expectedBy.stage)}, expected by ${when(complaint.expectedBy.dueAt)}.`)}
          </p>`
        : nothing}
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
      ${this.#renderResponse(complaint, when)}
      ${photos.length
        ? html`<h3>${msg('Photos')}</h3>
            <ul class="photos" part="photos">
              ${photos.map((id, i) => html`<li><img src=${this._photos[id]!} alt=${msg(str`Photo ${i + 1} of ${photos.length}`)} /></li>`)}
            </ul>`
        : nothing}
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
        <button part="button" type="button" @click=${() => void this.refresh()}>${msg('Refresh')}</button>${'PushManager' in window &&
        navigator.serviceWorker?.controller?.scriptURL.endsWith(`/app/${this.site}/sw.js`)
          ? html`<button part="button" class="secondary" ?disabled=${this.#push} @click=${this.#notify}>${this.#push || msg('Notify me')}</button>`
          : nothing}
        <button part="button" class="secondary" type="button" @click=${() => this.#another()}>${msg('Look up another complaint')}</button>
      </div>
      ${complaint.can.withdraw ? this.#renderWithdraw() : nothing}
    </section>`;
  }

  /** The one thing the office waits for from the complainant now, if any. */
  #renderResponse(complaint: PublicComplaint, when: (iso: string) => string): TemplateResult | typeof nothing {
    const { can } = complaint;
    if (can.provideInformation) return this.#renderInformation(complaint.question);
    if (can.answerPlan) return this.#renderPlanOpinion();
    if (can.rate) return this.#renderRating();
    if (can.requestReview) return this.#renderReview(complaint.reviewUntil ? when(complaint.reviewUntil) : undefined);
    return nothing;
  }

  #failureFor(action: Action): TemplateResult | typeof nothing {
    const state = this._action;
    return state.kind === 'failed' && state.action === action ? html`<p class="status failed" role="alert">${state.message}</p>` : nothing;
  }

  #sending(action: Action): boolean {
    return this._action.kind === 'sending' && this._action.action === action;
  }

  #renderInformation(question: string | undefined): TemplateResult {
    const sending = this.#sending('provide-information');
    const send = (event: SubmitEvent) => {
      event.preventDefault();
      const text = this.#field('information');
      if (text) void this.#act({ action: 'provide-information', text }, msg('Thank you. Your answer was sent.'));
    };
    return html`<form class="respond" part="respond" @submit=${send}>
      <h3>${msg('The office asks you')}</h3>
      ${question ? html`<blockquote class="question">${question}</blockquote>` : nothing}
      <div class="field" part="field">
        <label for="information">${msg('Your answer')}</label>
        <textarea id="information" required maxlength="5000"></textarea>
      </div>
      ${this.#answerPhotos.render(undefined)}
      <button part="button" type="submit" ?disabled=${sending}>${sending ? msg('Sending…') : msg('Send answer')}</button>
      ${this.#failureFor('provide-information')}
    </form>`;
  }

  #renderPlanOpinion(): TemplateResult {
    const sending = this.#sending('answer-plan');
    const answer = (agrees: boolean) => {
      const comment = this.#field('plan-comment');
      void this.#act({ action: 'answer-plan', agrees, ...(comment ? { comment } : {}) }, msg('Thank you. Your opinion was sent.'));
    };
    return html`<div class="respond" part="respond" role="group" aria-labelledby="plan-title">
      <h3 id="plan-title">${msg('Do you agree with the proposed solution?')}</h3>
      <p class="hint">${msg('The proposal is in the history below.')}</p>
      <div class="field" part="field">
        <label for="plan-comment">${msg('Comment (optional)')}</label>
        <textarea id="plan-comment" maxlength="2000"></textarea>
      </div>
      <div class="actions">
        <button part="button" type="button" ?disabled=${sending} @click=${() => answer(true)}>${msg('I agree')}</button>
        <button part="button" class="secondary" type="button" ?disabled=${sending} @click=${() => answer(false)}>${msg('I do not agree')}</button>
      </div>
      ${this.#failureFor('answer-plan')}
    </div>`;
  }

  #renderRating(): TemplateResult {
    const sending = this.#sending('rate');
    const rate = (rating: SatisfactionRating) => {
      const comment = this.#field('rating-comment');
      void this.#act({ action: 'rate', rating, ...(comment ? { comment } : {}) }, msg('Thank you for your rating.'));
    };
    const choices: [SatisfactionRating, string][] = [
      ['satisfied', msg('Satisfied')],
      ['partly', msg('Partly satisfied')],
      ['dissatisfied', msg('Not satisfied')],
    ];
    return html`<div class="respond" part="respond" role="group" aria-labelledby="rating-title">
      <h3 id="rating-title">${msg('How satisfied are you with how your complaint was handled?')}</h3>
      <div class="field" part="field">
        <label for="rating-comment">${msg('Comment (optional)')}</label>
        <textarea id="rating-comment" maxlength="2000"></textarea>
      </div>
      <div class="actions rating">
        ${choices.map(
          ([rating, label]) =>
            html`<button part="button" type="button" data-rating=${rating} ?disabled=${sending} @click=${() => rate(rating)}>${label}</button>`,
        )}
      </div>
      ${this.#failureFor('rate')}
    </div>`;
  }

  #renderReview(until: string | undefined): TemplateResult {
    const sending = this.#sending('request-review');
    const send = (event: SubmitEvent) => {
      event.preventDefault();
      const reason = this.#field('review-reason');
      if (reason) void this.#act({ action: 'request-review', reason }, msg('Your request for a review was sent.'));
    };
    return html`<form class="respond" part="respond" @submit=${send}>
      <h3>${msg('Not satisfied with the result?')}</h3>
      <p class="hint">${until ? msg(str`You can ask for a review until ${until}.`) : msg('You can ask for a review.')}</p>
      <div class="field" part="field">
        <label for="review-reason">${msg('What is still wrong?')}</label>
        <textarea id="review-reason" required maxlength="2000"></textarea>
      </div>
      <button part="button" type="submit" ?disabled=${sending}>${sending ? msg('Sending…') : msg('Ask for a review')}</button>
      ${this.#failureFor('request-review')}
    </form>`;
  }

  #renderWithdraw(): TemplateResult {
    if (!this._confirmWithdraw) {
      return html`<p class="withdraw">
        <button part="button" class="secondary" type="button" @click=${() => (this._confirmWithdraw = true)}>${msg('Withdraw my complaint')}</button>
      </p>`;
    }
    const sending = this.#sending('withdraw');
    const withdraw = () => {
      const reason = this.#field('withdraw-reason');
      void this.#act({ action: 'withdraw', ...(reason ? { reason } : {}) }, msg('Your complaint was withdrawn.'));
    };
    return html`<div class="respond" part="respond" role="group" aria-labelledby="withdraw-title">
      <h3 id="withdraw-title">${msg('Withdraw this complaint?')}</h3>
      <p class="hint">${msg('The office will stop handling it. This cannot be undone.')}</p>
      <div class="field" part="field">
        <label for="withdraw-reason">${msg('Why (optional)')}</label>
        <textarea id="withdraw-reason" maxlength="2000"></textarea>
      </div>
      <div class="actions">
        <button part="button" type="button" ?disabled=${sending} @click=${withdraw}>${msg('Yes, withdraw it')}</button>
        <button part="button" class="secondary" type="button" @click=${() => (this._confirmWithdraw = false)}>${msg('Keep it')}</button>
      </div>
      ${this.#failureFor('withdraw')}
    </div>`;
  }
}
