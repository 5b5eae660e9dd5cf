import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { Locale } from '../../api/contract/common.ts';
import type { PlaceField, PublicSite, Question } from '../../api/contract/site.ts';
import { type FormValues, valueAt } from './form-model.ts';

/** What a field needs from the form: the values, the messages at fields, and how to change a value. */
export interface FieldContext {
  values: FormValues;
  errors: Record<string, string>;
  set(path: string, value: string): void;
}

export function fieldError(context: FieldContext, path: string): TemplateResult | typeof nothing {
  const message = context.errors[path];
  return message ? html`<p class="error" id=${`${path}-error`}>${message}</p>` : nothing;
}

const invalid = (context: FieldContext, path: string) => (context.errors[path] ? 'true' : 'false');

export function textField(
  context: FieldContext,
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
      aria-invalid=${invalid(context, path)}
      aria-describedby=${`${path}-error`}
      .value=${valueAt(context.values, path)}
      @input=${(e: Event) => context.set(path, (e.target as HTMLInputElement).value)}
    />
    ${fieldError(context, path)}
  </div>`;
}

function selectField(context: FieldContext, path: string, label: string, options: [string, string][], required = false): TemplateResult {
  const value = valueAt(context.values, path);
  return html`<div class="field" part="field">
    <label for=${path}>${label}</label>
    <select
      id=${path}
      name=${path}
      ?required=${required}
      aria-invalid=${invalid(context, path)}
      aria-describedby=${`${path}-error`}
      .value=${value}
      @change=${(e: Event) => context.set(path, (e.target as HTMLSelectElement).value)}
    >
      ${options.map(([option, text]) => html`<option value=${option} ?selected=${option === value}>${text}</option>`)}
    </select>
    ${fieldError(context, path)}
  </div>`;
}

export function categoryField(context: FieldContext, site: PublicSite, locale: Locale): TemplateResult {
  return selectField(
    context,
    'category',
    msg('What is it about?'),
    [['', msg('Choose a category')], ...site.categories.map((c): [string, string] => [c.code, c.name[locale]])],
    true,
  );
}

/** One of the category's own questions: a choice or a line of text. */
export function questionField(context: FieldContext, question: Question, locale: Locale): TemplateResult {
  const path = `answers.${question.id}`;
  const label = question.required ? question.label[locale] : `${question.label[locale]} ${msg('(optional)')}`;
  if (question.kind === 'choice') {
    const options = (question.options ?? []).map((o): [string, string] => [o.value, o.label[locale]]);
    return selectField(context, path, label, [['', msg('Choose one')], ...options], question.required);
  }
  return textField(context, path, label, { required: question.required });
}

export function placeFields(context: FieldContext, site: PublicSite): TemplateResult[] {
  return site.placeFields.map((field) =>
    textField(context, `place.${field}`, placeLabel(field), { autocomplete: field === 'address' ? 'street-address' : 'off' }),
  );
}

/** Name, phone, email and how to reply: optional where the site takes anonymous complaints. */
export function contactFields(context: FieldContext, site: PublicSite): TemplateResult {
  return html`<fieldset class="group">
    <legend>${msg('How can we reach you?')}</legend>
    <p class="hint">
      ${site.allowAnonymous
        ? msg('Optional. Leave these empty to complain anonymously; without a phone number or email we cannot reply to you.')
        : msg('Your name is needed. A phone number or email lets us tell you the result.')}
    </p>
    ${textField(context, 'complainant.name', site.allowAnonymous ? msg('Name (optional)') : msg('Name'), {
      autocomplete: 'name',
      required: !site.allowAnonymous,
    })}
    ${textField(context, 'complainant.phone', msg('Phone (optional)'), { autocomplete: 'tel', type: 'tel', inputmode: 'tel' })}
    ${textField(context, 'complainant.email', msg('Email (optional)'), { autocomplete: 'email', type: 'email', inputmode: 'email' })}
    ${selectField(context, 'complainant.preferredContact', msg('How should we tell you the result?'), [
      ['', msg('No preference')],
      ['phone', msg('By phone')],
      ['email', msg('By email')],
      ['none', msg('No reply needed')],
    ])}
  </fieldset>`;
}

function placeLabel(field: PlaceField): string {
  switch (field) {
    case 'unit':
      return msg('Building and unit');
    case 'room':
      return msg('Room number');
    case 'address':
      return msg('Address, township or village');
  }
}

/** What to do at once in an emergency: shown as soon as such a category is chosen. */
export function emergencyNotice(emergency: NonNullable<PublicSite['categories'][number]['emergency']>, locale: Locale): TemplateResult {
  return html`<div class="emergency" part="emergency" role="alert">
    <strong>${msg('This is an emergency.')}</strong>
    <p>${emergency.instruction[locale]}</p>
    ${callLink(emergency.phone)}
  </div>`;
}

export const callLink = (phone: string): TemplateResult =>
  html`<a class="call" href=${`tel:${phone.replace(/[^0-9+]/g, '')}`}>${msg(str`Call ${phone}`)}</a>`;

/** The site's consent text, as the label of the box the resident must tick. */
export function consentField(context: FieldContext, text: string, change: (consent: boolean) => void): TemplateResult {
  return html`<div class="field consent" part="consent">
    <label>
      <input
        id="consent"
        type="checkbox"
        required
        .checked=${context.values.consent}
        aria-invalid=${invalid(context, 'consent')}
        aria-describedby="consent-error"
        @change=${(e: Event) => change((e.target as HTMLInputElement).checked)}
      />
      <span>${text}</span>
    </label>
    ${fieldError(context, 'consent')}
  </div>`;
}
