import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { ErrorIssue, Locale } from '../../api/contract/common.ts';
import type { PublicSite } from '../../api/contract/site.ts';
import { ApiError, type ApiFailure, SiteApi, type Submission, proving, scriptOrigin, sendSubmission, solving } from '../shared/api.ts';
import { ComplaintSubmittedEvent } from '../shared/events.ts';
import { localeFor, useLocale } from '../shared/locale.ts';
import { failureMessage, issueMessage } from '../shared/messages.ts';
import type { OutboxEntry, OutboxState } from '../shared/outbox.ts';
import { baseStyles } from '../shared/styles.ts';
import { formStyles } from './complaint-form.styles.ts';
import {
  type FieldContext,
  callLink,
  categoryField,
  consentField,
  contactFields,
  emergencyNotice,
  fieldError,
  placeFields,
  questionField,
} from './form-fields.ts';
import { DESCRIPTION_MAX, type FormValues, consentMessage, emptyValues, fromRequest, toRequest, validate, withValue } from './form-model.ts';
import { type LocationState, locate, renderLocation } from './location-field.ts';
import { OutboxController } from './outbox-controller.ts';
import type { EntryActions } from './outbox-view.ts';
import { PhotoField, photoProblemMessage } from '../shared/photo-field.ts';

type LoadState = { kind: 'loading' } | { kind: 'ready'; site: PublicSite } | { kind: 'failed'; failure: ApiFailure };
type SendState =
  | { kind: 'editing' }
  | { kind: 'sending' }
  /** `call`: the emergency number, when an emergency report could not be sent */
  | { kind: 'failed'; failure: ApiFailure; call?: string }
  /** the complaint just filed waits in the outbox, or has been sent from there */
  | { kind: 'submitted'; id: string }
  /** sent without the outbox: an emergency, or a browser that cannot store anything */
  | { kind: 'sent'; reference: string; accessCode: string };

/** An Idempotency-Key; `crypto.randomUUID` exists only on https pages, and host pages may be http. */
const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * A complaint form for one site, embedded with one script tag in the site owner's page.
 * It offers the site's own categories and their questions, the place (and, if the resident
 * shares it, the browser's location), up to three photos, optional contact details (anonymous
 * filing where the site allows it) and the site's consent text. An emergency category shows
 * whom to call at once.
 *
 * Every complaint is first stored in the browser (IndexedDB `complaint-outbox`) with its
 * Idempotency-Key and then sent; without a connection it waits there, survives a reload, and is
 * sent when the network returns. Its reference and access code stay on screen until the
 * resident closes them. Emergencies are never kept for later: the form says to call instead.
 *
 * @fires complaint-submitted - The service has a complaint from this form, sent at once or later from the outbox; `detail` is `{ reference, accessCode }`. Each form tells its page once about each receipt it shows.
 * @fires complaint-queued - A complaint this form took could not be sent at once and waits in the browser; `detail` is `{ id }` (its Idempotency-Key).
 * @fires complaint-failed - The service refused a stored complaint for good; `detail` is `{ id, code, message }`. The resident may correct and resend it, or discard it.
 * @csspart form - The form element.
 * @csspart title - The headings.
 * @csspart subtitle - The organisation's name under the heading.
 * @csspart field - Each labelled field.
 * @csspart button - The submit and secondary buttons.
 * @csspart status - The status line, and the panel of a complaint being sent.
 * @csspart receipt - The panel that shows the reference and access code after filing.
 * @csspart emergency - The emergency instruction shown for emergency categories.
 * @csspart photos - The photo picker with its previews.
 * @csspart location - The button that shares the location, and what was shared.
 * @csspart consent - The site's consent text with its checkbox.
 * @csspart outbox - The list of complaints kept on this device.
 * @csspart entry - One kept complaint: waiting, being sent, not accepted, or received.
 * @cssprop --complaint-accent - Colour of buttons and highlights.
 * @cssprop --complaint-accent-text - Text colour on the accent colour.
 * @cssprop --complaint-text - Text colour.
 * @cssprop --complaint-muted - Colour of hints.
 * @cssprop --complaint-surface - Background of the panel.
 * @cssprop --complaint-border - Border colour.
 * @cssprop --complaint-radius - Corner radius.
 * @cssprop --complaint-font - Font family.
 * @cssprop --complaint-font-size - Base font size (inputs never go below 16px).
 * @cssprop --complaint-focus - Colour of the focus ring.
 * @cssprop --complaint-error - Colour of error messages.
 * @cssprop --complaint-success - Colour of what went well.
 * @cssprop --complaint-padding - Padding of the panels.
 * @cssprop --complaint-input-background - Background of the inputs.
 * @cssprop --complaint-emergency-background - Background of the emergency instruction.
 */
export class ComplaintForm extends LitElement {
  static override styles = [baseStyles, formStyles];
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override properties = {
    api: { type: String },
    site: { type: String },
    language: { type: String, attribute: 'lang' },
    _load: { state: true },
    _send: { state: true },
    _values: { state: true },
    _errors: { state: true },
    _location: { state: true },
    _announcement: { state: true },
  };

  /** Origin of the complaint service; defaults to the origin this script was loaded from. */
  declare api: string;
  /** The site key the organisation was given, e.g. `demo-community`. */
  declare site: string;
  /** `en`, `zh-Hans` or `zh-Hant`; defaults to the page's language. */
  declare language: string | undefined;
  declare _load: LoadState;
  declare _send: SendState;
  declare _values: FormValues;
  declare _errors: Record<string, string>;
  declare _location: LocationState;
  declare _announcement: string;

  /** one key per complaint as it stands: a retry after a lost answer can never file it twice */
  #idempotencyKey = '';
  #keyFor = '';
  #loading: AbortController | undefined;
  /** a refused complaint back in the form: storing the corrected one replaces it */
  #correcting: string | undefined;
  /** the state of each stored complaint this form has shown, so each change is told once */
  readonly #seen = new Map<string, OutboxState>();
  /** complaints this form stored whose first attempt is not over yet */
  readonly #fresh = new Set<string>();
  readonly #photos = new PhotoField(this);
  readonly #outbox = new OutboxController(
    this,
    () => (this.site ? { api: this.#client.origin, site: this.site } : undefined),
    (entries) => this.#entriesChanged(entries),
  );

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = '';
    this.site = '';
    this._load = { kind: 'loading' };
    this._send = { kind: 'editing' };
    this._values = emptyValues();
    this._errors = {};
    this._location = 'idle';
    this._announcement = '';
  }

  get #locale(): Locale {
    return localeFor(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void useLocale(this.#locale);
    proving.addEventListener('change', this.#proving);
  }

  /** the status line says while the anti-spam check runs */
  readonly #proving = () => this.requestUpdate();

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('language')) void useLocale(this.#locale);
    if ((changed.has('api') || changed.has('site')) && this.site) {
      void this.#loadSite();
      // what an earlier visit left is sent now, even before the form is back (nothing is created if there is none)
      void this.#outbox.flush();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#loading?.abort();
    proving.removeEventListener('change', this.#proving);
  }

  get #client(): SiteApi {
    return new SiteApi(this.api || scriptOrigin(), this.site);
  }

  async #loadSite(): Promise<void> {
    this.#loading?.abort();
    const controller = new AbortController();
    this.#loading = controller;
    this._load = { kind: 'loading' };
    try {
      // The form appears once, already in the resident's language.
      const [site] = await Promise.all([this.#client.site(controller.signal), useLocale(this.#locale)]);
      if (controller.signal.aborted) return;
      this._load = { kind: 'ready', site };
      // the code for storing and for photos comes now, while there is a connection for sure
      void this.#outbox.load().catch(() => undefined);
      void this.#photos.load().catch(() => undefined);
    } catch (error) {
      if (controller.signal.aborted) return;
      this._load = { kind: 'failed', failure: error instanceof ApiError ? error.failure : { kind: 'network' } };
    }
  }

  get #fields(): FieldContext {
    return { values: this._values, errors: this._errors, set: (path, value) => this.#change(withValue(this._values, path, value), path) };
  }

  #change(values: FormValues, path: string): void {
    this._values = values;
    if (this._errors[path]) {
      const { [path]: _cleared, ...rest } = this._errors;
      this._errors = rest;
    }
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._load.kind !== 'ready' || this._send.kind === 'sending' || this.#photos.preparing) return;
    const site = this._load.site;
    this._errors = validate(this._values, site);
    if (Object.keys(this._errors).length) {
      this._send = { kind: 'editing' };
      await this.#showErrors();
      return;
    }
    const request = toRequest(this._values, site, this.#locale);
    // a field no person sees or hears: programs that fill in every field fill it too
    const trap = this.renderRoot.querySelector<HTMLInputElement>('[name=homepage]')!.value;
    if (trap) request.website = trap;
    const photos = this.#photos.files;
    // A changed complaint is a new request with a new key; the same one keeps its key.
    const content = JSON.stringify([request, photos.map((photo) => [photo.name, photo.size, photo.lastModified])]);
    if (content !== this.#keyFor) [this.#idempotencyKey, this.#keyFor] = [newKey(), content];
    const submission: Submission = { id: this.#idempotencyKey, request, photos, uploaded: [] };
    this._send = { kind: 'sending' };
    const emergency = site.categories.find((c) => c.code === request.category)?.emergency;
    if (emergency) {
      // never kept for later: if it cannot go now, the resident must call
      await this.#sendNow(submission, emergency.phone);
      return;
    }
    let entry: OutboxEntry;
    try {
      entry = await this.#outbox.enqueue(submission, this.#correcting);
    } catch {
      // this browser cannot store anything (storage blocked or full): send at once instead
      await this.#sendNow(submission);
      return;
    }
    this.#fresh.add(entry.id);
    this.#clear();
    this._send = { kind: 'submitted', id: entry.id };
  }

  async #sendNow(submission: Submission, call?: string): Promise<void> {
    try {
      const filed = await sendSubmission(this.#client, submission);
      // the receipt's view comes with the outbox's code
      await this.#outbox.load().catch(() => undefined);
      this.#clear();
      this._send = { kind: 'sent', reference: filed.reference, accessCode: filed.accessCode };
      this.dispatchEvent(new ComplaintSubmittedEvent({ reference: filed.reference, accessCode: filed.accessCode }));
    } catch (error) {
      const failure: ApiFailure = error instanceof ApiError ? error.failure : { kind: 'network' };
      if (failure.kind === 'http' && failure.issues.length) this._errors = this.#issuesToErrors(failure.issues);
      this._send = { kind: 'failed', failure, ...(call ? { call } : {}) };
      await this.#showErrors();
    }
  }

  /** Tells the page and the resident what happened to stored complaints, once per change. */
  #entriesChanged(entries: OutboxEntry[]): void {
    const said = this.#outbox.view!.tellChanges(this, entries, this.#seen, this.#fresh);
    if (said) this._announcement = said;
    const send = this._send;
    // the complaint just sent was refused: back into the form, with the reasons at the fields
    const refused = send.kind === 'submitted' && entries.find((entry) => entry.id === send.id && entry.state === 'failed');
    if (refused) void this.#correct(refused);
    // a complaint got through: the service answers again, so the form can come back
    if (this._load.kind === 'failed' && entries.some((entry) => entry.state === 'sent')) void this.#loadSite();
  }

  /** A refused complaint back in the form, with the server's messages at its fields. */
  async #correct(entry: OutboxEntry): Promise<void> {
    this._values = fromRequest(entry.request);
    this.#photos.restore(entry.photos.map((photo) => (photo instanceof File ? photo : new File([photo], '', { type: photo.type }))));
    this.#correcting = entry.id;
    const failure = entry.failure!;
    this._errors = this.#issuesToErrors(failure.issues);
    this._send = { kind: 'failed', failure: { kind: 'http', ...failure } };
    await this.#showErrors();
  }

  #issuesToErrors(issues: ErrorIssue[]): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const { path, code } of issues) {
      const photo = path[0] === 'attachments';
      const field = photo ? 'attachments' : path.join('.');
      errors[field] ??= photo
        ? photoProblemMessage(code)
        : field === 'consent'
          ? consentMessage()
          : issueMessage(code, field);
    }
    return errors;
  }

  async #showErrors(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  /** Empties the form once its complaint is stored or sent; the photos' previews go too. */
  #clear(): void {
    this._values = emptyValues();
    this._errors = {};
    this._location = 'idle';
    this.#photos.clear();
    this.#correcting = undefined;
  }

  #startOver(dismiss?: string): void {
    if (dismiss) void this.#outbox.remove(dismiss);
    this.#clear();
    this._send = { kind: 'editing' };
  }

  async #shareLocation(): Promise<void> {
    this._location = 'locating';
    try {
      const location = await locate();
      this._values = { ...this._values, location };
      this._location = 'idle';
    } catch (problem) {
      this._location = problem as LocationState;
    }
  }

  get #dirty(): boolean {
    return this.#photos.photos.length > 0 || JSON.stringify(this._values) !== JSON.stringify(emptyValues());
  }

  get #entryActions(): EntryActions {
    const editing = this._send.kind === 'editing' || this._send.kind === 'failed';
    return {
      send: () => void this.#outbox.flush(true),
      remove: (id) => void this.#outbox.remove(id),
      ...((editing && this.#dirty) || this._load.kind !== 'ready'
        ? {}
        : {
            correct: (id: string) => {
              const entry = this.#outbox.entries.find((e) => e.id === id);
              if (entry) void this.#correct(entry);
            },
          }),
    };
  }

  override render(): TemplateResult {
    if (!this.site) return html`<div class="panel" part="status" role="alert">${msg('This form needs a site key (the site attribute).')}</div>`;
    const load = this._load;
    if (load.kind === 'loading') return html`<div class="panel" part="status" aria-live="polite" aria-busy="true">${msg('Loading the complaint form…')}</div>`;
    const view = this.#outbox.view;
    if (load.kind === 'failed') {
      return html`<div class="panel">
          <p class="status failed" part="status" role="alert">${failureMessage(load.failure)}</p>
          <button part="button" type="button" @click=${() => void this.#loadSite()}>${msg('Try again')}</button>
        </div>
        ${view?.renderOutbox(this.#outbox.entries, undefined, this.#locale, this.#entryActions) ?? nothing}`;
    }
    const site = load.site;
    const send = this._send;
    const current = send.kind === 'submitted' ? this.#outbox.entries.find((entry) => entry.id === send.id) : undefined;
    const others = this.#outbox.entries.filter((entry) => entry !== current && entry.id !== this.#correcting);
    const another = (dismiss?: string) =>
      html`<button part="button" class="secondary" type="button" @click=${() => this.#startOver(dismiss)}>${msg('File another complaint')}</button>`;
    let main: TemplateResult;
    if (send.kind === 'sent' && view) main = view.renderReceipt(send, another());
    else if (current && view && (current.state === 'sent' || current.state === 'failed' || current.attempts)) {
      main = html`<ul class="entries">
        ${view.renderEntry(current, site, this.#locale, this.#entryActions, another(current.state === 'sent' ? current.id : undefined))}
      </ul>`;
    } else if (current) main = html`<div class="panel" part="status" role="status" aria-busy="true">${this.#sendingText()}</div>`;
    else main = this.#renderForm(site);
    return html`${main} ${view?.renderOutbox(others, site, this.#locale, this.#entryActions) ?? nothing}
      <p class="visually-hidden" aria-live="polite" data-testid="announcement">${this._announcement}</p>`;
  }

  #sendingText(): string {
    return solving ? msg('Checking that this is not spam…') : msg('Sending your complaint…');
  }

  #renderForm(site: PublicSite): TemplateResult {
    const locale = this.#locale;
    const fields = this.#fields;
    const v = this._values;
    const category = site.categories.find((c) => c.code === v.category);
    const send = this._send;
    const sending = send.kind === 'sending';
    return html`<form class="panel" part="form" novalidate @submit=${(e: SubmitEvent) => void this.#submit(e)}>
      <h2 part="title">${msg('File a complaint')}</h2>
      <p class="hint site-name" part="subtitle">${site.name[locale]}</p>

      ${categoryField(fields, site, locale)}
      ${category?.emergency ? emergencyNotice(category.emergency, locale) : nothing}
      ${category?.questions.map((q) => questionField(fields, q, locale))}

      <div class="field" part="field">
        <label for="description">${msg('What happened?')}</label>
        <p class="hint" id="description-hint">${msg('When and where it happened, who was involved, and what you would like done.')}</p>
        <textarea
          id="description"
          name="description"
          required
          maxlength=${DESCRIPTION_MAX}
          aria-invalid=${this._errors.description ? 'true' : 'false'}
          aria-describedby="description-hint description-error description-count"
          .value=${v.description}
          @input=${(e: Event) => fields.set('description', (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        <p class="hint count" id="description-count">${msg(str`${v.description.length} of ${DESCRIPTION_MAX} characters`)}</p>
        ${fieldError(fields, 'description')}
      </div>
      ${this.#photos.render(this._errors.attachments)}

      <fieldset class="group">
        <legend>${msg('Where?')}</legend>
        ${placeFields(fields, site)}
        ${renderLocation(
          v.location,
          this._location,
          () => void this.#shareLocation(),
          () => {
            const { location: _removed, ...rest } = this._values;
            this._values = rest;
          },
        )}
      </fieldset>

      ${contactFields(fields, site)}
      ${site.consentText
        ? consentField(fields, site.consentText[locale], (consent) => this.#change({ ...this._values, consent }, 'consent'))
        : nothing}

      <div class="actions">
        <button part="button" type="submit" ?disabled=${sending} aria-disabled=${sending ? 'true' : 'false'}>
          ${sending ? msg('Sending…') : msg('Send complaint')}
        </button>
        ${this.#correcting ? html`<button part="button" class="secondary" type="button" @click=${() => this.#startOver(this.#correcting)}>${msg('Discard')}</button>` : nothing}
      </div>
      <label class="visually-hidden" aria-hidden="true">${msg('Homepage')} <input class="visually-hidden" name="homepage" tabindex="-1" autocomplete="off" /></label>
      <p class="status ${send.kind === 'failed' ? 'failed' : ''}" part="status" role="status" aria-live="polite">
        ${sending ? this.#sendingText() : nothing}
        ${send.kind === 'failed' ? failureMessage(send.failure) : nothing}
        ${send.kind === 'failed' && send.call ? html`<strong>${msg('It could not be sent. Call now:')}</strong> ${callLink(send.call)}` : nothing}
      </p>
    </form>`;
  }
}
