import { LitElement, type TemplateResult, css, html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { ErrorIssue, Locale } from '../../api/contract/common.ts';
import type { IntakeRequest } from '../../api/contract/staff-api.ts';
import { type PortalContext, newKey } from '../shared/context.ts';
import { define } from '../shared/define.ts';
import { fieldIssue, issuesAtFields, sendFailure } from '../shared/failures.ts';
import { SEVERITIES, channelLabel, contactLabel, placeFieldLabel, severityLabel } from '../shared/labels.ts';
import { LOCALES, formatDateTime, languageName, localized } from '../shared/locale.ts';
import { type Directory, type IntakeAnswer, StaffApiError, type StaffFailure } from '../shared/staff-api.ts';
import { portalStyles } from '../shared/styles.ts';
import { checkField, fieldStyles, focusFirstError, selectField, textArea, textField } from '../shared/fields.ts';

/** The ways a complaint reaches the front desk (the website and Open311 file their own). */
const CHANNELS = ['phone', 'letter', 'walk-in', 'email', 'wechat', 'on-site'] as const;

type Category = PortalContext['publicSite']['categories'][number];

/** What the member reads when the complaint was not registered; what they typed stays. */
function intakeFailure(failure: StaffFailure): string {
  if (failure.kind === 'network') return msg('The service could not be reached. Nothing was lost: send again, it will not be registered twice.');
  switch (failure.status) {
    case 403:
      return msg('Your role on this site does not include registering complaints.');
    case 409:
      return msg('This form was already sent with other details a moment ago. Look for the complaint in the queue before registering it again.');
    default:
      return sendFailure(failure);
  }
}

/** A server's refusal at a field of this form, in the member's words where the code is known. */
function intakeIssue(issue: ErrorIssue): string {
  if (issue.code === 'invalid_format' && issue.path.includes('email')) return msg('This is not an email address.');
  if (issue.code === 'invalid_string') return msg('This is not in the expected form.');
  return fieldIssue(issue) ?? (issue.path.includes('phone') ? msg('A phone number has digits, spaces, dashes and an optional leading +.') : issue.message);
}

/**
 * Assisted intake at the front desk: a complaint taken by phone, letter, a visit, email or
 * WeChat, registered for the complainant. One Idempotency-Key per form, kept through every
 * retry, so a double tap or a lost answer never registers it twice. The reference and access
 * code are then shown large, to read out or hand over.
 */
export class PortalIntake extends LitElement {
  static override styles = [
    portalStyles,
    fieldStyles,
    css`
      form,
      .receipt {
        max-inline-size: 48em;
      }
      fieldset.group {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 1em;
        margin-block: 0 1em;
      }
      .columns {
        display: grid;
        gap: 0 1em;
        grid-template-columns: repeat(auto-fit, minmax(14em, 1fr));
        align-items: end;
      }
      .emergency {
        border: 3px solid var(--_late);
        background: var(--_late-bg);
        color: var(--_late);
        border-radius: var(--_radius);
        padding: 1em;
        margin-block: 0 1em;
        font-size: 1.125rem;
        font-weight: 600;
      }
      .emergency a {
        color: inherit;
        font-size: 1.5rem;
      }
      .message {
        padding: 0.75em;
        border-radius: var(--_radius);
        background: var(--_late-bg);
      }
      .receipt dl {
        display: grid;
        gap: 1em;
        margin-block: 1em;
      }
      .receipt dt {
        color: var(--_muted);
        font-weight: 600;
      }
      .receipt dd {
        margin: 0;
        font-size: 2.25rem;
        font-weight: 800;
        letter-spacing: 0.08em;
        font-variant-numeric: tabular-nums;
        font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
        word-break: break-all;
      }
    `,
  ];
  static override properties = {
    portal: { attribute: false },
    _category: { state: true },
    _errors: { state: true },
    _message: { state: true },
    _busy: { state: true },
    _done: { state: true },
    _directory: { state: true },
  };

  declare portal: PortalContext;
  declare _category: string;
  declare _errors: Record<string, string>;
  declare _message: string;
  declare _busy: boolean;
  declare _done: IntakeAnswer | null;
  declare _directory: Directory | undefined;

  /** the form's Idempotency-Key: the same for every send of this one complaint */
  #key = newKey();
  /** a new form each time one is registered, so nothing typed for the last caller lingers */
  #form = 0;
  #directoryAsked = false;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this._category = '';
    this._errors = {};
    this._message = '';
    this._busy = false;
    this._done = null;
  }

  protected override willUpdate(): void {
    if (this.portal && !this.#directoryAsked) {
      this.#directoryAsked = true;
      void this.#loadDirectory();
    }
  }

  /** the Idempotency-Key the next send of this form carries */
  get idempotencyKey(): string {
    return this.#key;
  }

  async #loadDirectory(): Promise<void> {
    try {
      this._directory = await this.portal.api.directory(this.portal.site);
    } catch {
      // the list of departments and colleagues is only a suggestion for the subject
    }
  }

  get #categoryInfo(): Category | undefined {
    return this.portal.publicSite.categories.find((c) => c.code === this._category);
  }

  override render(): TemplateResult {
    if (this._done) return this.#receipt(this._done);
    return html`${keyed(this.#form, this.#formTemplate())}`;
  }

  #formTemplate(): TemplateResult {
    const site = this.portal.publicSite;
    const e = (name: string) => this._errors[name];
    const category = this.#categoryInfo;
    return html`<form novalidate @submit=${this.#submit} aria-labelledby="title">
      <h1 id="title">${msg('Register a complaint')}</h1>
      <p class="muted">${msg('For a complaint taken by phone, letter, a visit, email or WeChat. Fields marked required must be filled in.')}</p>
      ${this._message ? html`<p class="message error" role="alert">${this._message}</p>` : nothing}
      <fieldset class="group">
        <legend>${msg('The complaint')}</legend>
        <div class="columns">
          ${selectField(
            'channel',
            msg('How it came in'),
            CHANNELS.map((c) => [c, channelLabel(c)]),
            { value: 'phone', required: true, error: e('channel') },
          )}
          ${selectField(
            'category',
            msg('Category'),
            site.categories.map((c) => [c.code, localized(c.name)]),
            { blank: msg('Choose a category'), value: this._category, required: true, error: e('category'), onChange: (value) => (this._category = value) },
          )}
        </div>
        ${category?.emergency
          ? html`<div class="emergency" role="alert" data-testid="emergency">
              <p><strong>${msg('Emergency: tell the caller at once.')}</strong></p>
              <p>${localized(category.emergency.instruction)}</p>
              <p>${msg('Emergency number')}: <a href="tel:${category.emergency.phone.replace(/\s+/g, '')}">${category.emergency.phone}</a></p>
            </div>`
          : nothing}
        ${keyed(this._category, html`${(category?.questions ?? []).map((question) => this.#question(question))}`)}
        ${textArea('description', msg('What happened'), { required: true, error: e('description'), rows: 6 })}
        <div class="columns">${site.placeFields.map((field) => textField(`place.${field}`, placeFieldLabel(field), { error: e(`place.${field}`) }))}</div>
        ${textField('subject', msg('Person or department complained about'), {
          error: e('subject'),
          list: 'subjects',
          autocomplete: 'off',
          hint: msg('Only when the complaint names someone or a department.'),
        })}
        <datalist id="subjects">
          ${(this._directory?.departments ?? []).map((d) => html`<option value=${localized(d.name)}></option>`)}
          ${(this._directory?.colleagues ?? []).map((c) => html`<option value=${c.name}></option>`)}
        </datalist>
        <div class="columns">
          ${selectField(
            'severity',
            msg('Severity'),
            SEVERITIES.map((s) => [s, severityLabel(s)]),
            { blank: msg('As the category sets it'), error: e('severity') },
          )}
          ${checkField('vip', msg('VIP: tell the manager at once'))}
        </div>
      </fieldset>
      <fieldset class="group">
        <legend>${msg('The complainant')}</legend>
        <p class="hint">
          ${site.allowAnonymous ? msg('All optional: this site accepts complaints without a name.') : msg('This site records the complainant’s name.')}
        </p>
        <div class="columns">
          ${textField('complainant.name', msg('Name'), { required: !site.allowAnonymous, error: e('complainant.name'), autocomplete: 'off' })}
          ${textField('complainant.phone', msg('Phone'), { type: 'tel', error: e('complainant.phone'), autocomplete: 'off' })}
          ${textField('complainant.email', msg('Email'), { type: 'email', error: e('complainant.email'), autocomplete: 'off' })}
          ${selectField(
            'complainant.preferredContact',
            msg('How they want to hear back'),
            (['phone', 'email', 'letter', 'none'] as const).map((v) => [v, contactLabel(v)]),
            { blank: msg('Not said'), error: e('complainant.preferredContact') },
          )}
          ${selectField(
            'complainant-language',
            msg('Their language'),
            LOCALES.map((l) => [l, languageName(l)]),
            { value: site.defaultLocale, error: e('complainant-language') },
          )}
        </div>
      </fieldset>
      <button type="submit" ?disabled=${this._busy}>${this._busy ? msg('Registering…') : msg('Register complaint')}</button>
    </form>`;
  }

  #question(question: Category['questions'][number]): TemplateResult {
    const id = `answers.${question.id}`;
    const label = localized(question.label);
    const error = this._errors[id];
    if (question.kind === 'choice')
      return selectField(
        id,
        label,
        (question.options ?? []).map((o) => [o.value, localized(o.label)]),
        { blank: msg('No answer'), required: question.required, error },
      );
    return textField(id, label, { required: question.required, error });
  }

  /** The request from the form; a map of the fields that are plainly missing when there are any. */
  #read(form: HTMLFormElement): { request: IntakeRequest } | { errors: Record<string, string> } {
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    const errors: Record<string, string> = {};
    const site = this.portal.publicSite;
    const category = site.categories.find((c) => c.code === value('category'));
    if (!category) errors.category = msg('Choose a category.');
    const description = value('description');
    if (!description) errors.description = msg('Fill this in.');
    const answers: Record<string, string> = {};
    for (const question of category?.questions ?? []) {
      const answer = value(`answers.${question.id}`);
      if (answer) answers[question.id] = answer;
      else if (question.required) errors[`answers.${question.id}`] = msg('This question needs an answer.');
    }
    const place = Object.fromEntries(site.placeFields.flatMap((field) => (value(`place.${field}`) ? [[field, value(`place.${field}`)]] : [])));
    const complainant = Object.fromEntries(
      (['name', 'phone', 'email', 'preferredContact'] as const).flatMap((field) => (value(`complainant.${field}`) ? [[field, value(`complainant.${field}`)]] : [])),
    ) as NonNullable<IntakeRequest['complainant']>;
    if (!site.allowAnonymous && !complainant.name) errors['complainant.name'] = msg('This site records the complainant’s name.');
    if (complainant.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(complainant.email)) errors['complainant.email'] = msg('This is not an email address.');
    if (Object.keys(errors).length) return { errors };
    const severity = value('severity') as NonNullable<IntakeRequest['severity']> | '';
    const request: IntakeRequest = {
      channel: value('channel') as IntakeRequest['channel'],
      category: category!.code,
      description,
      place,
      answers,
      ...(Object.keys(complainant).length ? { complainant } : {}),
      ...(value('complainant-language') ? { language: value('complainant-language') as Locale } : {}),
      ...(severity ? { severity } : {}),
      ...(data.get('vip') === 'on' ? { vip: true } : {}),
      ...(value('subject') ? { subject: value('subject') } : {}),
    };
    return { request };
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._busy) return;
    const read = this.#read(event.target as HTMLFormElement);
    if ('errors' in read) {
      this._errors = read.errors;
      this._message = msg('Some fields need attention.');
      await this.updateComplete;
      focusFirstError(this.renderRoot);
      return;
    }
    this._busy = true;
    this._errors = {};
    this._message = '';
    try {
      this._done = await this.portal.api.intake(this.portal.site, read.request, this.#key);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.receipt h1')?.focus();
    } catch (error) {
      if (!(error instanceof StaffApiError)) throw error;
      const failure = error.failure;
      this._message = intakeFailure(failure);
      if (failure.kind === 'http' && failure.status === 422) {
        const fieldOf = (issue: ErrorIssue) => {
          const field = issue.path[0] === 'language' ? 'complainant-language' : issue.path.join('.');
          return this.renderRoot.querySelector(`[name="${CSS.escape(field)}"]`) ? field : undefined;
        };
        const placed = issuesAtFields(failure.issues, fieldOf, intakeIssue, this._message);
        this._errors = placed.errors;
        this._message = placed.summary;
      }
      await this.updateComplete;
      focusFirstError(this.renderRoot);
    } finally {
      this._busy = false;
    }
  }

  #receipt(done: IntakeAnswer): TemplateResult {
    return html`<section class="receipt panel" aria-labelledby="registered">
      <h1 id="registered" tabindex="-1">${msg('Registered')}</h1>
      <p>${msg(str`Registered at ${formatDateTime(done.registeredAt, this.portal.publicSite.timezone)}.`)}</p>
      <p>${msg('Read both out or hand them over: with them the complainant follows the complaint. The access code is shown only now.')}</p>
      <dl>
        <div>
          <dt>${msg('Reference')}</dt>
          <dd data-testid="reference">${done.reference}</dd>
        </div>
        <div>
          <dt>${msg('Access code')}</dt>
          <dd data-testid="access-code">${done.accessCode}</dd>
        </div>
      </dl>
      <div class="row">
        <a class="button" href=${this.portal.href(`complaints/${encodeURIComponent(done.id)}`)}>${msg('Open the complaint')}</a>
        <button type="button" class="secondary" @click=${this.#another}>${msg('Register another')}</button>
      </div>
    </section>`;
  }

  #another(): void {
    this._done = null;
    this._category = '';
    this._errors = {};
    this._message = '';
    this.#key = newKey();
    this.#form += 1;
  }
}

define('portal-intake', PortalIntake);
