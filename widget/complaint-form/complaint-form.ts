import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { ErrorIssue, Locale } from '../../api/contract/common.ts';
import type { FileComplaintRequest } from '../../api/contract/complaint.ts';
import type { PublicSite, Question } from '../../api/contract/site.ts';
import { ApiError, type ApiFailure, SiteApi, scriptOrigin } from '../shared/api.ts';
import { ComplaintSubmittedEvent } from '../shared/events.ts';
import { localeFor, useLocale } from '../shared/locale.ts';
import { baseStyles } from '../shared/styles.ts';
import { formStyles } from './complaint-form.styles.ts';
import { DESCRIPTION_MAX, type FormValues, emptyValues, toRequest, validate, valueAt, withValue } from './form-model.ts';
import { failureMessage, issueMessage } from '../shared/messages.ts';

type LoadState = { kind: 'loading' } | { kind: 'ready'; site: PublicSite } | { kind: 'failed'; failure: ApiFailure };
type SendState =
  | { kind: 'editing' }
  | { kind: 'sending' }
  | { kind: 'failed'; failure: ApiFailure }
  | { kind: 'sent'; reference: string; accessCode: string };

/**
 * A complaint form for one site, embedded with one script tag in the site owner's page.
 * It offers the site's own categories and their questions, the place, and optional contact
 * details (anonymous filing where the site allows it).
 *
 * @event complaint-submitted - A complaint was filed; `detail` is `{ reference, accessCode }`.
 * @csspart form - The form element.
 * @csspart title - The heading.
 * @csspart subtitle - The organisation's name under the heading.
 * @csspart field - Each labelled field.
 * @csspart button - The submit and secondary buttons.
 * @csspart status - The live status line.
 * @csspart receipt - The panel that shows the reference and access code after filing.
 * @csspart emergency - The emergency instruction shown for emergency categories.
 * @cssprop --complaint-accent - Colour of buttons and highlights.
 * @cssprop --complaint-accent-text - Text colour on the accent colour.
 * @cssprop --complaint-text - Text colour.
 * @cssprop --complaint-muted - Colour of hints.
 * @cssprop --complaint-surface - Background of the panel.
 * @cssprop --complaint-border - Border colour.
 * @cssprop --complaint-radius - Corner radius.
 * @cssprop --complaint-font - Font family.
 * @cssprop --complaint-focus - Colour of the focus ring.
 * @cssprop --complaint-error - Colour of error messages.
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

  /** one key per complaint: a retry after a lost answer can never file it twice */
  #idempotencyKey: string | undefined;
  #loading: AbortController | undefined;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = '';
    this.site = '';
    this._load = { kind: 'loading' };
    this._send = { kind: 'editing' };
    this._values = emptyValues();
    this._errors = {};
  }

  get #locale(): Locale {
    return localeFor(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void useLocale(this.#locale);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('language')) void useLocale(this.#locale);
    if ((changed.has('api') || changed.has('site')) && this.site) void this.#loadSite();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#loading?.abort();
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
      if (!controller.signal.aborted) this._load = { kind: 'ready', site };
    } catch (error) {
      if (controller.signal.aborted) return;
      this._load = { kind: 'failed', failure: error instanceof ApiError ? error.failure : { kind: 'network' } };
    }
  }

  #set(path: string, value: string): void {
    this._values = withValue(this._values, path, value);
    // A changed complaint is a new request: it gets a new key when it is sent.
    this.#idempotencyKey = undefined;
    if (this._errors[path]) {
      const { [path]: _cleared, ...rest } = this._errors;
      this._errors = rest;
    }
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._load.kind !== 'ready' || this._send.kind === 'sending') return;
    const site = this._load.site;
    const errors = validate(this._values, site);
    this._errors = errors;
    if (Object.keys(errors).length) {
      this._send = { kind: 'editing' };
      await this.updateComplete;
      this.#focusFirstError();
      return;
    }
    const request: FileComplaintRequest = toRequest(this._values, site, this.#locale);
    this.#idempotencyKey ??= crypto.randomUUID();
    this._send = { kind: 'sending' };
    try {
      const filed = await this.#client.file(request, this.#idempotencyKey);
      this._send = { kind: 'sent', reference: filed.reference, accessCode: filed.accessCode };
      this.dispatchEvent(new ComplaintSubmittedEvent({ reference: filed.reference, accessCode: filed.accessCode }));
    } catch (error) {
      const failure: ApiFailure = error instanceof ApiError ? error.failure : { kind: 'network' };
      if (failure.kind === 'http' && failure.issues.length) this._errors = this.#issuesToErrors(failure.issues);
      this._send = { kind: 'failed', failure };
      await this.updateComplete;
      this.#focusFirstError();
    }
  }

  #issuesToErrors(issues: ErrorIssue[]): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const issue of issues) {
      const field = issue.path.join('.');
      errors[field] ??= issueMessage(issue.code, field);
    }
    return errors;
  }

  #focusFirstError(): void {
    const invalid = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  }

  #startOver(): void {
    this._values = emptyValues();
    this._errors = {};
    this._send = { kind: 'editing' };
    this.#idempotencyKey = undefined;
  }

  override render(): TemplateResult {
    if (!this.site) return html`<div class="panel" part="status" role="alert">${msg('This form needs a site key (the site attribute).')}</div>`;
    const load = this._load;
    if (load.kind === 'loading') return html`<div class="panel" part="status" aria-live="polite" aria-busy="true">${msg('Loading the complaint form…')}</div>`;
    if (load.kind === 'failed') {
      return html`<div class="panel">
        <p class="status failed" part="status" role="alert">${failureMessage(load.failure)}</p>
        <button part="button" type="button" @click=${() => void this.#loadSite()}>${msg('Try again')}</button>
      </div>`;
    }
    if (this._send.kind === 'sent') return this.#renderReceipt(this._send);
    return this.#renderForm(load.site);
  }

  #renderReceipt(sent: { reference: string; accessCode: string }): TemplateResult {
    return html`<div class="panel receipt" part="receipt" role="status">
      <h2 part="title">${msg('Thank you. Your complaint was received.')}</h2>
      <dl>
        <dt>${msg('Reference')}</dt>
        <dd class="code" data-testid="reference">${sent.reference}</dd>
        <dt>${msg('Access code')}</dt>
        <dd class="code" data-testid="access-code">${sent.accessCode}</dd>
      </dl>
      <p class="hint">
        ${msg('Keep the reference and the access code: together they show how your complaint is progressing. The access code is shown only once.')}
      </p>
      <button part="button" class="secondary" type="button" @click=${() => this.#startOver()}>${msg('File another complaint')}</button>
    </div>`;
  }

  #renderForm(site: PublicSite): TemplateResult {
    const locale = this.#locale;
    const v = this._values;
    const category = site.categories.find((c) => c.code === v.category);
    const sending = this._send.kind === 'sending';
    return html`<form class="panel" part="form" novalidate @submit=${(e: SubmitEvent) => void this.#submit(e)}>
      <h2 part="title">${msg('File a complaint')}</h2>
      <p class="hint site-name" part="subtitle">${site.name[locale]}</p>

      <div class="field" part="field">
        <label for="category">${msg('What is it about?')}</label>
        <select
          id="category"
          name="category"
          required
          aria-invalid=${this._errors.category ? 'true' : 'false'}
          aria-describedby="category-error"
          .value=${v.category}
          @change=${(e: Event) => this.#set('category', (e.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${!v.category}>${msg('Choose a category')}</option>
          ${site.categories.map((c) => html`<option value=${c.code} ?selected=${c.code === v.category}>${c.name[locale]}</option>`)}
        </select>
        ${this.#error('category')}
      </div>

      ${category?.emergency
        ? html`<div class="emergency" part="emergency" role="alert">
            <strong>${msg('This is an emergency.')}</strong>
            <p>${category.emergency.instruction[locale]}</p>
            <a class="call" href=${`tel:${category.emergency.phone.replace(/[^0-9+]/g, '')}`}>${msg(str`Call ${category.emergency.phone}`)}</a>
          </div>`
        : nothing}
      ${category?.questions.map((q) => this.#renderQuestion(q, locale))}

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
          @input=${(e: Event) => this.#set('description', (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        <p class="hint count" id="description-count">${msg(str`${v.description.length} of ${DESCRIPTION_MAX} characters`)}</p>
        ${this.#error('description')}
      </div>

      <fieldset class="group">
        <legend>${msg('Where?')}</legend>
        ${site.placeFields.map((field) =>
          this.#textField(`place.${field}`, placeLabel(field), { autocomplete: field === 'address' ? 'street-address' : 'off' }),
        )}
      </fieldset>

      <fieldset class="group">
        <legend>${msg('How can we reach you?')}</legend>
        <p class="hint">
          ${site.allowAnonymous
            ? msg('Optional. Leave these empty to complain anonymously; without a phone number or email we cannot reply to you.')
            : msg('Your name is needed. A phone number or email lets us tell you the result.')}
        </p>
        ${this.#textField('complainant.name', site.allowAnonymous ? msg('Name (optional)') : msg('Name'), {
          autocomplete: 'name',
          required: !site.allowAnonymous,
        })}
        ${this.#textField('complainant.phone', msg('Phone (optional)'), { autocomplete: 'tel', type: 'tel', inputmode: 'tel' })}
        ${this.#textField('complainant.email', msg('Email (optional)'), { autocomplete: 'email', type: 'email', inputmode: 'email' })}
        <div class="field" part="field">
          <label for="complainant.preferredContact">${msg('How should we tell you the result?')}</label>
          <select
            id="complainant.preferredContact"
            name="complainant.preferredContact"
            .value=${v.preferredContact}
            @change=${(e: Event) => this.#set('complainant.preferredContact', (e.target as HTMLSelectElement).value)}
          >
            <option value="" ?selected=${!v.preferredContact}>${msg('No preference')}</option>
            <option value="phone" ?selected=${v.preferredContact === 'phone'}>${msg('By phone')}</option>
            <option value="email" ?selected=${v.preferredContact === 'email'}>${msg('By email')}</option>
            <option value="none" ?selected=${v.preferredContact === 'none'}>${msg('No reply needed')}</option>
          </select>
        </div>
      </fieldset>

      <div class="actions">
        <button part="button" type="submit" ?disabled=${sending} aria-disabled=${sending ? 'true' : 'false'}>
          ${sending ? msg('Sending…') : msg('Send complaint')}
        </button>
      </div>
      <p class="status ${this._send.kind === 'failed' ? 'failed' : ''}" part="status" role="status" aria-live="polite">
        ${this._send.kind === 'sending' ? msg('Sending your complaint…') : nothing}
        ${this._send.kind === 'failed' ? failureMessage(this._send.failure) : nothing}
      </p>
    </form>`;
  }

  #renderQuestion(question: Question, locale: Locale): TemplateResult {
    const field = `answers.${question.id}`;
    const value = valueAt(this._values, field);
    const label = question.required ? question.label[locale] : `${question.label[locale]} ${msg('(optional)')}`;
    if (question.kind === 'choice') {
      return html`<div class="field" part="field">
        <label for=${field}>${label}</label>
        <select
          id=${field}
          ?required=${question.required}
          aria-invalid=${this._errors[field] ? 'true' : 'false'}
          aria-describedby=${`${field}-error`}
          .value=${value}
          @change=${(e: Event) => this.#set(field, (e.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${!value}>${msg('Choose one')}</option>
          ${question.options?.map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label[locale]}</option>`)}
        </select>
        ${this.#error(field)}
      </div>`;
    }
    return this.#textField(field, label, { required: question.required });
  }

  #textField(
    path: string,
    label: string,
    options: { autocomplete?: string; type?: string; inputmode?: string; required?: boolean } = {},
  ): TemplateResult {
    return html`<div class="field" part="field">
      <label for=${path}>${label}</label>
      <input
        id=${path}
        name=${path}
        type=${options.type ?? 'text'}
        inputmode=${options.inputmode ?? 'text'}
        autocomplete=${options.autocomplete ?? 'off'}
        ?required=${options.required ?? false}
        aria-invalid=${this._errors[path] ? 'true' : 'false'}
        aria-describedby=${`${path}-error`}
        .value=${valueAt(this._values, path)}
        @input=${(e: Event) => this.#set(path, (e.target as HTMLInputElement).value)}
      />
      ${this.#error(path)}
    </div>`;
  }

  #error(path: string): TemplateResult | typeof nothing {
    const message = this._errors[path];
    return message ? html`<p class="error" id=${`${path}-error`}>${message}</p>` : nothing;
  }
}

function placeLabel(field: 'unit' | 'room' | 'address'): string {
  switch (field) {
    case 'unit':
      return msg('Building and unit');
    case 'room':
      return msg('Room number');
    case 'address':
      return msg('Address, township or village');
  }
}
